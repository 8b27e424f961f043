import { Worker } from 'node:worker_threads';
import type { EngineData, Pass, PassRunner } from './irls.js';
import { foldPairs } from './irls.js';
import { accumulateBlock } from './kernel.js';

/** Control words in the shared `ctrl` array. */
const GEN = 0; // bumped by the main thread to start a pass
const DONE = 1; // workers finished with the current generation
const READY = 2; // workers that have started
const HAS_BETA = 3;
const STOP = 4;

// Worker body: waits for a generation bump, runs its block with the shared kernel, reports.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const accumulateBlock = (${accumulateBlock.toString()});
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
Atomics.add(ctrl, ${READY}, 1);
Atomics.notify(ctrl, ${READY});
let seen = 0;
for (;;) {
  Atomics.wait(ctrl, ${GEN}, seen);
  seen = Atomics.load(ctrl, ${GEN});
  if (Atomics.load(ctrl, ${STOP}) === 1) break;
  res.fill(0);
  accumulateBlock(d.link, p, d.from, d.to, onesPtr, onesCol, valsPtr, valsCol, valsVal, y, weights, offset,
    Atomics.load(ctrl, ${HAS_BETA}) === 1 ? beta : null, xtwx, xtwz, out);
  Atomics.add(ctrl, ${DONE}, 1);
  Atomics.notify(ctrl, ${DONE});
}
`;

/** A pool of worker threads that run IRLS passes over row blocks of a shared packed design. */
export interface PassPool {
  readonly run: PassRunner;
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
export function createPassPool(engine: EngineData, link: number, threads: number): PassPool {
  const { design, p } = engine;
  const n = design.n;
  const ctrl = new Int32Array(new SharedArrayBuffer(8 * 4));
  const betaShared = new Float64Array(new SharedArrayBuffer(p * 8));
  const size = p * p + p + 2;
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
      },
    });
    worker.unref();
    workers.push({ worker, result });
  }
  // Wait (blocking) until every worker is up, so a pass never waits on thread start-up.
  while (Atomics.load(ctrl, READY) < workers.length) Atomics.wait(ctrl, READY, Atomics.load(ctrl, READY), 50);

  const run: PassRunner = (beta) => {
    if (beta) betaShared.set(beta);
    Atomics.store(ctrl, HAS_BETA, beta ? 1 : 0);
    Atomics.store(ctrl, DONE, 0);
    Atomics.add(ctrl, GEN, 1);
    Atomics.notify(ctrl, GEN);
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
    let done = Atomics.load(ctrl, DONE);
    while (done < workers.length) {
      Atomics.wait(ctrl, DONE, done);
      done = Atomics.load(ctrl, DONE);
    }
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
  return {
    run,
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
