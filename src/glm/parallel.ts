import { Worker } from 'node:worker_threads';
import type { EngineData, Pass, PassRunner } from './irls.js';
import { foldPairs } from './irls.js';
import { accumulateBlock, warmStartFit } from './kernel.js';

/** Control words in the shared `ctrl` array. */
const GEN = 0; // bumped by the main thread to start a pass
const DONE = 1; // workers finished with the current generation
const HAS_BETA = 3;
const STOP = 4;
const WITH_FINAL = 5; // also gather the final statistics on this pass
const SCORE_ONLY = 6; // only the score vector (no cross-products)
const WARM = 7; // warm start: 0 running, 1 done, 2 failed

/** Offsets of one block's results in a flat buffer: X'WX, X'Wz, [dev, boundary], meat, S_g, final scalars. */
function layout(p: number, G: number) {
  const xtwz = p * p;
  const out = xtwz + p;
  const meat = out + 2;
  const sums = meat + p * p;
  const fout = sums + G * p;
  return { xtwz, out, meat, sums, fout, size: fout + 5 };
}

// Worker body. The first worker may first fit the warm start on a subsample (while the main
// thread packs the full design); every worker then waits for the packed design (a message), and
// from then on waits for a generation bump, runs its block with the shared kernel and reports.
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
// Transpilers that keep function names (esbuild under tsx and vitest) call a __name helper.
const __name = (f) => f;
const accumulateBlock = (${accumulateBlock.toString()});
const warmStartFit = (${warmStartFit.toString()});
const layout = (${layout.toString()});
const d = workerData;
const ctrl = new Int32Array(d.ctrl);
const beta = new Float64Array(d.beta);
const res = new Float64Array(d.result);
const p = d.p;
const L = layout(p, d.nClusters);
const xtwx = res.subarray(0, p * p), xtwz = res.subarray(L.xtwz, L.out), out = res.subarray(L.out, L.meat);
const meat = res.subarray(L.meat, L.sums), sums = res.subarray(L.sums, L.fout), fout = res.subarray(L.fout, L.size);
const arr = (b, T) => (b ? new T(b) : null);
const cluster = arr(d.cluster, Int32Array);
// Typed views of an engine sent as buffers (see descriptor()).
const view = (m) => ({
  onesPtr: new Int32Array(m.onesPtr), onesCol: new Uint16Array(m.onesCol),
  valsPtr: new Int32Array(m.valsPtr), valsCol: new Uint16Array(m.valsCol),
  valsVal: m.single ? new Float32Array(m.valsVal) : new Float64Array(m.valsVal),
  y: new Float64Array(m.y), weights: arr(m.weights, Float64Array), offset: arr(m.offset, Float64Array),
});
if (d.warm) {
  const w = d.warm;
  let r = null;
  try {
    const e = view(w);
    r = warmStartFit(accumulateBlock, d.link, p, w.n, e.onesPtr, e.onesCol, e.valsPtr, e.valsCol, e.valsVal,
      e.y, e.weights, e.offset, w.maxIterations);
  } catch {}
  if (r) {
    const o = new Float64Array(w.out);
    o[0] = r[2];
    o.set(r[0], 1);
    o.set(r[1], 1 + p);
  }
  Atomics.store(ctrl, ${WARM}, r ? 1 : 2);
  Atomics.notify(ctrl, ${WARM});
}
const serve = (m) => {
  const { onesPtr, onesCol, valsPtr, valsCol, valsVal, y, weights, offset } = view(m);
  // Warm the kernel up on a few small slices so the first real pass runs optimised code.
  for (let k = 0; k < 4; k++) {
    const to = Math.min(d.to, d.from + 20000);
    accumulateBlock(d.link, p, d.from, to, onesPtr, onesCol, valsPtr, valsCol, valsVal, y, weights, offset,
      null, xtwx, xtwz, out, cluster, k % 2 ? meat : null, k % 2 ? sums : null, k % 2 ? fout : null);
  }
  res.fill(0);
  let seen = 0;
  for (;;) {
    Atomics.wait(ctrl, ${GEN}, seen);
    seen = Atomics.load(ctrl, ${GEN});
    if (Atomics.load(ctrl, ${STOP}) === 1) break;
    res.fill(0);
    const fin = Atomics.load(ctrl, ${WITH_FINAL}) === 1;
    accumulateBlock(d.link, p, d.from, d.to, onesPtr, onesCol, valsPtr, valsCol, valsVal, y, weights, offset,
      Atomics.load(ctrl, ${HAS_BETA}) === 1 ? beta : null, xtwx, xtwz, out,
      cluster, fin ? meat : null, fin ? sums : null, fin ? fout : null, Atomics.load(ctrl, ${SCORE_ONLY}) === 1);
    Atomics.add(ctrl, ${DONE}, 1);
    Atomics.notify(ctrl, ${DONE});
  }
  parentPort.close();
};
parentPort.once('message', serve);
`;

/** Final-pass sums at β: meat (folded), cluster score sums S_g, and [Pearson χ², deviance, Σw, Σwy, Σ log w]. */
export interface FinalSums {
  readonly meat: Float64Array;
  readonly clusterSums: Float64Array;
  readonly scalars: Float64Array;
}

/** A pass that can also gather the final statistics (fast kernel only). */
export type KernelRunner = (
  beta: Float64Array | null,
  withFinal: boolean,
  scoreOnly?: boolean,
) => Pass & { final: FinalSums | null };

/** A pool of worker threads that run IRLS passes over row blocks of a shared packed design. */
export interface PassPool {
  readonly run: KernelRunner;
  readonly threads: number;
  close(): void;
}

function buffer(a: ArrayBufferView | null): SharedArrayBuffer | null {
  if (a === null) return null;
  if (!(a.buffer instanceof SharedArrayBuffer)) throw new Error('parallel IRLS needs shared arrays');
  return a.buffer;
}

/** A typed array in shared memory: itself when it already is, else a copy (once per fit; passes then share it). */
export function sharedCopy<T extends Float64Array | Int32Array>(a: T | null): T | null {
  if (a === null || a.buffer instanceof SharedArrayBuffer) return a;
  const s = new (a.constructor as { new (b: SharedArrayBuffer): T })(new SharedArrayBuffer(a.byteLength));
  s.set(a);
  return s;
}

/** Run the kernel over rows [from, to) into a fresh result buffer laid out by {@link layout}. */
function runBlock(
  engine: EngineData,
  link: number,
  beta: Float64Array | null,
  from: number,
  to: number,
  cluster: Int32Array | null,
  G: number,
  withFinal: boolean,
  scoreOnly = false,
): Float64Array {
  const { design, p } = engine;
  const L = layout(p, G);
  const res = new Float64Array(L.size);
  accumulateBlock(
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
    res.subarray(0, p * p),
    res.subarray(L.xtwz, L.out),
    res.subarray(L.out, L.meat),
    cluster,
    withFinal ? res.subarray(L.meat, L.sums) : null,
    withFinal ? res.subarray(L.sums, L.fout) : null,
    withFinal ? res.subarray(L.fout, L.size) : null,
    scoreOnly,
  );
  return res;
}

/** Turn summed block results into a pass (and final sums when gathered). */
function toPass(
  res: Float64Array,
  p: number,
  G: number,
  withFinal: boolean,
): Pass & { final: FinalSums | null } {
  const L = layout(p, G);
  const xtwx = res.slice(0, p * p);
  foldPairs(xtwx, p);
  let final: FinalSums | null = null;
  if (withFinal) {
    const meat = res.slice(L.meat, L.sums);
    foldPairs(meat, p);
    final = { meat, clusterSums: res.slice(L.sums, L.fout), scalars: res.slice(L.fout, L.size) };
  }
  return {
    xtwx,
    xtwz: res.slice(L.xtwz, L.out),
    deviance: res[L.out]!,
    boundaryRows: res[L.out + 1]!,
    final,
  };
}

/** Single-thread runner with the fast kernel (logit and identity links). */
export function kernelRunner(
  engine: EngineData,
  link: number,
  cluster: Int32Array | null,
  nClusters: number,
): KernelRunner {
  const G = cluster ? nClusters : 0;
  return (beta, withFinal, scoreOnly = false) =>
    toPass(
      runBlock(engine, link, beta, 0, engine.design.n, cluster, G, withFinal, scoreOnly),
      engine.p,
      G,
      withFinal,
    );
}

/** A warm start fitted on a subsample: β, X'WX at β and the subsample's Σ prior weights. */
export interface WarmStart {
  readonly beta: Float64Array;
  readonly xtwx: Float64Array;
  readonly weightSum: number;
}

/** Workers started before the design is packed: they boot (and may fit the warm start) meanwhile. */
export interface StartedPool {
  /** Hand the workers the packed engine (its arrays in SharedArrayBuffers); returns the pass pool. */
  attach(engine: EngineData): PassPool;
  /** The warm start the first worker fitted (blocks until it is done); null when none was asked or it failed. */
  warm(): WarmStart | null;
  close(): void;
}

/** An engine as its shared buffers, for a worker (which rebuilds the views with `view`). */
function descriptor(engine: EngineData) {
  const { design } = engine;
  return {
    n: design.n,
    onesPtr: buffer(design.onesPtr),
    onesCol: buffer(design.onesCol),
    valsPtr: buffer(design.valsPtr),
    valsCol: buffer(design.valsCol),
    valsVal: buffer(design.valsVal),
    single: design.valsVal instanceof Float32Array,
    y: buffer(engine.y),
    weights: buffer(engine.weights),
    offset: buffer(engine.offset),
  };
}

/**
 * Start `threads − 1` workers for IRLS passes over `n` rows with `p` columns, before the design
 * exists; with `warm` (a subsample in shared memory) the first worker fits the warm start on it
 * meanwhile. The main thread takes the first row block of every pass itself. Passes are
 * synchronous for the caller (Atomics.wait), so `fitGlm` stays a plain function.
 * `link`: 0 logit, 1 identity.
 */
export function startPassPool(options: {
  readonly n: number;
  readonly p: number;
  readonly link: number;
  readonly threads: number;
  readonly cluster: Int32Array | null;
  readonly nClusters: number;
  readonly warm?: { readonly engine: EngineData; readonly maxIterations: number } | null;
}): StartedPool {
  const { n, p, link, threads } = options;
  const cluster = options.cluster;
  const G = cluster ? options.nClusters : 0;
  const L = layout(p, G);
  const ctrl = new Int32Array(new SharedArrayBuffer(8 * 4));
  const betaShared = new Float64Array(new SharedArrayBuffer(p * 8));
  const clusterShared = sharedCopy(cluster);
  const warmOut = options.warm ? new Float64Array(new SharedArrayBuffer((1 + p + p * p) * 8)) : null;
  const bounds = Array.from({ length: threads + 1 }, (_, t) => Math.round((t * n) / threads));
  const workers: { worker: Worker; result: Float64Array }[] = [];
  for (let t = 1; t < threads; t++) {
    const result = new Float64Array(new SharedArrayBuffer(L.size * 8));
    const warm =
      t === 1 && options.warm
        ? {
            ...descriptor(options.warm.engine),
            maxIterations: options.warm.maxIterations,
            out: warmOut!.buffer,
          }
        : null;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        ctrl: ctrl.buffer,
        beta: betaShared.buffer,
        result: result.buffer,
        p,
        link,
        nClusters: G,
        from: bounds[t],
        to: bounds[t + 1],
        cluster: buffer(clusterShared),
        warm,
      },
    });
    worker.unref();
    workers.push({ worker, result });
  }
  if (workers.length === 0 && options.warm) Atomics.store(ctrl, WARM, 2);
  const close = () => {
    Atomics.store(ctrl, STOP, 1);
    Atomics.add(ctrl, GEN, 1);
    Atomics.notify(ctrl, GEN);
    for (const { worker } of workers) void worker.terminate();
  };
  return {
    warm() {
      if (!warmOut) return null;
      while (Atomics.load(ctrl, WARM) === 0) Atomics.wait(ctrl, WARM, 0, 100);
      if (Atomics.load(ctrl, WARM) !== 1) return null;
      return { weightSum: warmOut[0]!, beta: warmOut.slice(1, 1 + p), xtwx: warmOut.slice(1 + p) };
    },
    close,
    attach(engine) {
      if (engine.design.n !== n || engine.p !== p)
        throw new Error('attach: the engine does not match the pool');
      // No wait for start-up: a pass started before a worker is up is picked up when it gets there.
      const message = descriptor(engine);
      for (const { worker } of workers) worker.postMessage(message);
      const run: KernelRunner = (beta, withFinal, scoreOnly = false) => {
        if (beta) betaShared.set(beta);
        Atomics.store(ctrl, HAS_BETA, beta ? 1 : 0);
        Atomics.store(ctrl, WITH_FINAL, withFinal ? 1 : 0);
        Atomics.store(ctrl, SCORE_ONLY, scoreOnly ? 1 : 0);
        Atomics.store(ctrl, DONE, 0);
        Atomics.add(ctrl, GEN, 1);
        Atomics.notify(ctrl, GEN);
        const res = runBlock(
          engine,
          link,
          beta,
          bounds[0]!,
          bounds[1]!,
          clusterShared,
          G,
          withFinal,
          scoreOnly,
        );
        let done = Atomics.load(ctrl, DONE);
        while (done < workers.length) {
          Atomics.wait(ctrl, DONE, done);
          done = Atomics.load(ctrl, DONE);
        }
        for (const { result } of workers) for (let j = 0; j < L.size; j++) res[j] += result[j]!;
        return toPass(res, p, G, withFinal);
      };
      return { run, threads, close };
    },
  };
}

/**
 * Start `threads − 1` workers over an already packed engine; see {@link startPassPool}.
 * The engine's arrays must live in SharedArrayBuffers.
 */
export function createPassPool(
  engine: EngineData,
  link: number,
  threads: number,
  cluster: Int32Array | null,
  nClusters: number,
): PassPool {
  return startPassPool({ n: engine.design.n, p: engine.p, link, threads, cluster, nClusters }).attach(engine);
}

/** Adapt a kernel runner to the engine's plain pass interface. */
export function asPassRunner(run: KernelRunner): PassRunner {
  return (beta) => run(beta, false);
}
