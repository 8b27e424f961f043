import { Worker } from 'node:worker_threads';
import type { EngineData, Pass, PassRunner } from './irls.js';
import { foldPairs } from './irls.js';
import { accumulateBlock, finalBlock } from './kernel.js';

/** Control words in the shared `ctrl` array. */
const GEN = 0; // bumped by the main thread to start a pass
const DONE = 1; // workers finished with the current generation
const READY = 2; // workers that have started
const HAS_BETA = 3;
const STOP = 4;
const MODE = 5; // 0 = IRLS pass, 1 = final statistics

// Worker body: waits for a generation bump, runs its block with the shared kernel, reports.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const accumulateBlock = (${accumulateBlock.toString()});
const finalBlock = (${finalBlock.toString()});
const d = workerData;
const ctrl = new Int32Array(d.ctrl);
const beta = new Float64Array(d.beta);
const res = new Float64Array(d.result);
const p = d.p;
const xtwx = res.subarray(0, p * p);
const xtwz = res.subarray(p * p, p * p + p);
const out = res.subarray(p * p + p, p * p + p + 2);
const arr = (b, T) => (b ? new T(b) : null);
const onesPtr = new Int32Array(d.onesPtr), onesCol = new Uint16Array(d.onesCol);
const valsPtr = new Int32Array(d.valsPtr), valsCol = new Uint16Array(d.valsCol), valsVal = new Float64Array(d.valsVal);
const y = new Float64Array(d.y), weights = arr(d.weights, Float64Array), offset = arr(d.offset, Float64Array);
const cluster = arr(d.cluster, Int32Array);
const meat = res.subarray(0, p * p);
const sums = res.subarray(p * p, p * p + d.nClusters * p);
const fout = res.subarray(p * p + d.nClusters * p, p * p + d.nClusters * p + 5);
Atomics.add(ctrl, ${READY}, 1);
Atomics.notify(ctrl, ${READY});
let seen = 0;
for (;;) {
  Atomics.wait(ctrl, ${GEN}, seen);
  seen = Atomics.load(ctrl, ${GEN});
  if (Atomics.load(ctrl, ${STOP}) === 1) break;
  res.fill(0);
  if (Atomics.load(ctrl, ${MODE}) === 1) {
    finalBlock(d.link, p, d.from, d.to, onesPtr, onesCol, valsPtr, valsCol, valsVal, y, weights, offset, beta, cluster, meat, sums, fout);
  } else {
    accumulateBlock(d.link, p, d.from, d.to, onesPtr, onesCol, valsPtr, valsCol, valsVal, y, weights, offset,
      Atomics.load(ctrl, ${HAS_BETA}) === 1 ? beta : null, xtwx, xtwz, out);
  }
  Atomics.add(ctrl, ${DONE}, 1);
  Atomics.notify(ctrl, ${DONE});
}
`;

/** Final-pass sums at β (see {@link finalBlock}): meat (folded), cluster score sums, scalars. */
export interface FinalSums {
  readonly meat: Float64Array;
  readonly clusterSums: Float64Array;
  /** [Pearson χ², deviance, Σw, Σwy, Σ log w] */
  readonly scalars: Float64Array;
}

/** Runs the final pass at β over all rows. */
export type FinalRunner = (beta: Float64Array) => FinalSums;

/** A pool of worker threads that run IRLS passes over row blocks of a shared packed design. */
export interface PassPool {
  readonly run: PassRunner;
  readonly final: FinalRunner;
  readonly threads: number;
  close(): void;
}

function buffer(a: ArrayBufferView | null): SharedArrayBuffer | null {
  if (a === null) return null;
  if (!(a.buffer instanceof SharedArrayBuffer)) throw new Error('parallel IRLS needs shared arrays');
  return a.buffer;
}

/** Copy a Float64Array into shared memory (once per fit; passes then share it without copies). */
export function sharedCopy(a: Float64Array | null): Float64Array | null {
  if (a === null) return null;
  const s = new Float64Array(new SharedArrayBuffer(a.length * 8));
  s.set(a);
  return s;
}

/**
 * Start `threads − 1` workers; the main thread takes the first block itself. The pass is
 * synchronous for the caller (Atomics.wait), so `fitGlm` stays a plain function.
 * `link`: 0 logit, 1 identity. The engine's arrays must live in SharedArrayBuffers.
 */
export function createPassPool(
  engine: EngineData,
  link: number,
  threads: number,
  cluster: Int32Array | null,
  nClusters: number,
): PassPool {
  const { design, p } = engine;
  const n = design.n;
  const ctrl = new Int32Array(new SharedArrayBuffer(8 * 4));
  const betaShared = new Float64Array(new SharedArrayBuffer(p * 8));
  const G = cluster ? nClusters : 0;
  const size = p * p + Math.max(p + 2, G * p + 5);
  const clusterShared = cluster ? new Int32Array(new SharedArrayBuffer(cluster.length * 4)) : null;
  clusterShared?.set(cluster!);
  const bounds = Array.from({ length: threads + 1 }, (_, t) => Math.round((t * n) / threads));
  const workers: { worker: Worker; result: Float64Array }[] = [];
  for (let t = 1; t < threads; t++) {
    const result = new Float64Array(new SharedArrayBuffer(size * 8));
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        ctrl: ctrl.buffer,
        beta: betaShared.buffer,
        result: result.buffer,
        p,
        link,
        from: bounds[t],
        to: bounds[t + 1],
        onesPtr: buffer(design.onesPtr),
        onesCol: buffer(design.onesCol),
        valsPtr: buffer(design.valsPtr),
        valsCol: buffer(design.valsCol),
        valsVal: buffer(design.valsVal),
        y: buffer(engine.y),
        weights: buffer(engine.weights),
        offset: buffer(engine.offset),
        cluster: clusterShared ? clusterShared.buffer : null,
        nClusters: G,
      },
    });
    worker.unref();
    workers.push({ worker, result });
  }
  // Wait (blocking) until every worker is up, so a pass never waits on thread start-up.
  while (Atomics.load(ctrl, READY) < workers.length) Atomics.wait(ctrl, READY, Atomics.load(ctrl, READY), 50);

  const start = (beta: Float64Array | null, mode: number) => {
    if (beta) betaShared.set(beta);
    Atomics.store(ctrl, HAS_BETA, beta ? 1 : 0);
    Atomics.store(ctrl, MODE, mode);
    Atomics.store(ctrl, DONE, 0);
    Atomics.add(ctrl, GEN, 1);
    Atomics.notify(ctrl, GEN);
  };
  const wait = () => {
    let done = Atomics.load(ctrl, DONE);
    while (done < workers.length) {
      Atomics.wait(ctrl, DONE, done);
      done = Atomics.load(ctrl, DONE);
    }
  };
  const run: PassRunner = (beta) => {
    start(beta, 0);
    const xtwx = new Float64Array(p * p);
    const xtwz = new Float64Array(p);
    const out = new Float64Array(2);
    accumulateBlock(
      link,
      p,
      bounds[0]!,
      bounds[1]!,
      design.onesPtr,
      design.onesCol,
      design.valsPtr,
      design.valsCol,
      design.valsVal,
      engine.y,
      engine.weights,
      engine.offset,
      beta,
      xtwx,
      xtwz,
      out,
    );
    wait();
    let deviance = out[0]!;
    let boundaryRows = out[1]!;
    for (const { result } of workers) {
      for (let j = 0; j < p * p; j++) xtwx[j] += result[j]!;
      for (let j = 0; j < p; j++) xtwz[j] += result[p * p + j]!;
      deviance += result[p * p + p]!;
      boundaryRows += result[p * p + p + 1]!;
    }
    foldPairs(xtwx, p);
    const pass: Pass = { deviance, boundaryRows, xtwx, xtwz };
    return pass;
  };
  const final: FinalRunner = (beta) => {
    start(beta, 1);
    const mine = finalSumsBlock(engine, link, beta, clusterShared, G, bounds[0]!, bounds[1]!);
    wait();
    for (const { result } of workers) {
      for (let j = 0; j < p * p; j++) mine.meat[j] += result[j]!;
      for (let j = 0; j < G * p; j++) mine.clusterSums[j] += result[p * p + j]!;
      for (let j = 0; j < 5; j++) mine.scalars[j] += result[p * p + G * p + j]!;
    }
    foldPairs(mine.meat, p);
    return mine;
  };
  return {
    run,
    final,
    threads,
    close() {
      Atomics.store(ctrl, STOP, 1);
      Atomics.add(ctrl, GEN, 1);
      Atomics.notify(ctrl, GEN);
      for (const { worker } of workers) void worker.terminate();
    },
  };
}

/** Single-thread runner with the fast kernel (logit/identity links). */
export function kernelRunner(engine: EngineData, link: number): PassRunner {
  const { design, p } = engine;
  return (beta) => {
    const xtwx = new Float64Array(p * p);
    const xtwz = new Float64Array(p);
    const out = new Float64Array(2);
    accumulateBlock(
      link,
      p,
      0,
      design.n,
      design.onesPtr,
      design.onesCol,
      design.valsPtr,
      design.valsCol,
      design.valsVal,
      engine.y,
      engine.weights,
      engine.offset,
      beta,
      xtwx,
      xtwz,
      out,
    );
    foldPairs(xtwx, p);
    return { deviance: out[0]!, boundaryRows: out[1]!, xtwx, xtwz };
  };
}

/** The final-pass sums over rows [from, to) on this thread (unfolded meat). */
function finalSumsBlock(
  engine: EngineData,
  link: number,
  beta: Float64Array,
  cluster: Int32Array | null,
  nClusters: number,
  from: number,
  to: number,
): FinalSums {
  const { design, p } = engine;
  const meat = new Float64Array(p * p);
  const clusterSums = new Float64Array(cluster ? nClusters * p : 0);
  const scalars = new Float64Array(5);
  finalBlock(
    link,
    p,
    from,
    to,
    design.onesPtr,
    design.onesCol,
    design.valsPtr,
    design.valsCol,
    design.valsVal,
    engine.y,
    engine.weights,
    engine.offset,
    beta,
    cluster,
    meat,
    clusterSums,
    scalars,
  );
  return { meat, clusterSums, scalars };
}

/** Single-thread final pass with the fast kernel. */
export function kernelFinal(
  engine: EngineData,
  link: number,
  cluster: Int32Array | null,
  nClusters: number,
): FinalRunner {
  return (beta) => {
    const r = finalSumsBlock(engine, link, beta, cluster, nClusters, 0, engine.design.n);
    foldPairs(r.meat, engine.p);
    return r;
  };
}
