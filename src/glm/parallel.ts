import type { Worker } from 'node:worker_threads';
import { endWorker, parentPort, startWorker, workerStopped, workerTestHooks } from '../internal/platform.js';
import type { EngineData, Pass, PassRunner } from './irls.js';
import { foldPairs } from './irls.js';
import { accumulateBlock, warmStartFit } from './kernel.js';

// The pass protocol over shared memory, both sides: the main thread (startPassPool) and the
// worker (serveGlmPasses, started from the worker module src/workers/worker.ts).

/** Control words in the shared `ctrl` array. */
const GEN = 0; // bumped by the main thread to start a pass
const DONE = 1; // bumped by a worker when it finished a pass (or failed): wakes the main thread
const HAS_BETA = 3;
const STOP = 4;
const WITH_FINAL = 5; // also gather the final statistics on this pass
const SCORE_ONLY = 6; // only the score vector (no cross-products)
const WARM = 7; // warm start: 0 running, 1 done, 2 failed
/** Per worker k (0-based): its state and the last pass it finished. */
const STATE = (k: number) => 8 + 2 * k;
const FINISHED = (k: number) => 9 + 2 * k;
const BOOTING = 0;
const READY = 1;
const FAILED = 2;

/**
 * Resource limits of a pass worker. It holds no data of its own (the design, the results and the
 * control words are shared memory), only views, a p × p scratch and, for the warm start, a few
 * p × p matrices: 128 MB of heap is far more than p = 1,000 needs.
 */
const PASS_WORKER_LIMITS = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 16 };
/** A worker that has not come up after this long is given up (its blocks run on the main thread). */
const START_TIMEOUT_MS = 20_000;
/** A worker whose thread has not run at all after this long never started. */
const NEVER_RAN_MS = 2_000;
/** A running worker that has not finished a pass after this long (and 50× the main thread's own block) is given up. */
const PASS_TIMEOUT_MS = 60_000;
/** Slice of every wait, after which the main thread checks that the workers it waits for are alive. */
const WAIT_SLICE_MS = 10;

/** Offsets of one block's results in a flat buffer: X'WX, X'Wz, [dev, boundary], meat, S_g, final scalars. */
function layout(p: number, G: number) {
  const xtwz = p * p;
  const out = xtwz + p;
  const meat = out + 2;
  const sums = meat + p * p;
  const fout = sums + G * p;
  return { xtwz, out, meat, sums, fout, size: fout + 5 };
}

/** What a pass worker gets at start ({@link startPassPool}); the packed design follows as a message. */
export interface PassWorkerData {
  readonly index: number;
  readonly ctrl: SharedArrayBuffer;
  readonly beta: SharedArrayBuffer;
  readonly result: SharedArrayBuffer;
  readonly p: number;
  readonly link: number;
  readonly nClusters: number;
  readonly from: number;
  readonly to: number;
  readonly cluster: SharedArrayBuffer | null;
  readonly warm:
    | (EngineDescriptor & { readonly maxIterations: number; readonly out: SharedArrayBuffer })
    | null;
  readonly fault: (typeof workerTestHooks)['fault'] | null;
}

/** Typed views of an engine sent as its shared buffers (see {@link descriptor}). */
function view(m: EngineDescriptor) {
  const arr = <T>(b: SharedArrayBuffer | null, T: new (b: SharedArrayBuffer) => T): T | null =>
    b ? new T(b) : null;
  return {
    n: m.n,
    onesPtr: new Int32Array(m.onesPtr),
    onesCol: new Uint16Array(m.onesCol),
    valsPtr: new Int32Array(m.valsPtr),
    valsCol: new Uint16Array(m.valsCol),
    valsVal: m.single ? new Float32Array(m.valsVal) : new Float64Array(m.valsVal),
    y: new Float64Array(m.y),
    weights: arr(m.weights, Float64Array),
    offset: arr(m.offset, Float64Array),
    patterns: m.patterns
      ? {
          id: new Uint16Array(m.patterns.id),
          count: m.patterns.count,
          ptr: new Int32Array(m.patterns.ptr),
          col: new Uint16Array(m.patterns.col),
          valueColumns: m.patterns.valueColumns,
          slotOf: m.patterns.slotOf,
        }
      : null,
  };
}

/** The warm start on a subsample ({@link warmStartFit}) written into `out` as [Σw, β, X'WX]. */
function fitWarm(
  w: EngineDescriptor & { readonly maxIterations: number },
  link: number,
  p: number,
  out: Float64Array,
): boolean {
  let r: ReturnType<typeof warmStartFit> = null;
  try {
    const e = view(w);
    r = warmStartFit(
      link,
      p,
      e.n,
      e.onesPtr,
      e.onesCol,
      e.valsPtr,
      e.valsCol,
      e.valsVal,
      e.y,
      e.weights,
      e.offset,
      w.maxIterations,
      e.patterns,
    );
  } catch {
    // A subsample can miss a rare level (singular X'WX): no warm start then.
  }
  if (!r) return false;
  out[0] = r[2];
  out.set(r[0], 1);
  out.set(r[1], 1 + p);
  return true;
}

/**
 * Worker side of the pass protocol. The first worker may first fit the warm start on a
 * subsample (while the main thread packs the full design); every worker then waits for the
 * packed design (a message), and from then on waits for a generation bump, runs its block with
 * the shared kernel, marks it finished and wakes the main thread. Any failure marks the worker
 * failed, so the main thread takes its block over at once.
 * @internal
 */
export function serveGlmPasses(d: PassWorkerData): void {
  const ctrl = new Int32Array(d.ctrl);
  const k = d.index;
  const fail = () => {
    if (Atomics.load(ctrl, STOP) === 1) return;
    Atomics.store(ctrl, STATE(k), FAILED);
    Atomics.add(ctrl, DONE, 1);
    Atomics.notify(ctrl, DONE);
    Atomics.notify(ctrl, WARM);
  };
  process.on('exit', fail);
  Atomics.store(ctrl, STATE(k), READY);
  const beta = new Float64Array(d.beta);
  const res = new Float64Array(d.result);
  const p = d.p;
  const L = layout(p, d.nClusters);
  const xtwx = res.subarray(0, p * p);
  const xtwz = res.subarray(L.xtwz, L.out);
  const out = res.subarray(L.out, L.meat);
  const meat = res.subarray(L.meat, L.sums);
  const sums = res.subarray(L.sums, L.fout);
  const fout = res.subarray(L.fout, L.size);
  const cluster = d.cluster ? new Int32Array(d.cluster) : null;
  if (d.warm) {
    const ok = fitWarm(d.warm, d.link, p, new Float64Array(d.warm.out));
    Atomics.store(ctrl, WARM, ok ? 1 : 2);
    Atomics.notify(ctrl, WARM);
  }
  const serve = (m: EngineDescriptor) => {
    const { onesPtr, onesCol, valsPtr, valsCol, valsVal, y, weights, offset, patterns } = view(m);
    // Warm the kernel up on a few small slices so the first real pass runs optimised code.
    for (let j = 0; j < 4; j++) {
      const to = Math.min(d.to, d.from + 20000);
      const fin = j % 2 === 1;
      accumulateBlock(
        d.link,
        p,
        d.from,
        to,
        onesPtr,
        onesCol,
        valsPtr,
        valsCol,
        valsVal,
        y,
        weights,
        offset,
        null,
        xtwx,
        xtwz,
        out,
        cluster,
        fin ? meat : null,
        fin ? sums : null,
        fin ? fout : null,
        false,
        patterns,
      );
    }
    res.fill(0);
    let seen = 0;
    for (;;) {
      Atomics.wait(ctrl, GEN, seen);
      seen = Atomics.load(ctrl, GEN);
      if (Atomics.load(ctrl, STOP) === 1) break;
      if (d.fault && seen >= d.fault.pass) injectFault(d.fault.how);
      res.fill(0);
      const fin = Atomics.load(ctrl, WITH_FINAL) === 1;
      accumulateBlock(
        d.link,
        p,
        d.from,
        d.to,
        onesPtr,
        onesCol,
        valsPtr,
        valsCol,
        valsVal,
        y,
        weights,
        offset,
        Atomics.load(ctrl, HAS_BETA) === 1 ? beta : null,
        xtwx,
        xtwz,
        out,
        cluster,
        fin ? meat : null,
        fin ? sums : null,
        fin ? fout : null,
        Atomics.load(ctrl, SCORE_ONLY) === 1,
        patterns,
      );
      Atomics.store(ctrl, FINISHED(k), seen);
      Atomics.add(ctrl, DONE, 1);
      Atomics.notify(ctrl, DONE);
    }
    process.off('exit', fail);
    parentPort?.close();
  };
  parentPort?.once('message', (m: EngineDescriptor) => {
    try {
      serve(m);
    } catch {
      fail();
    }
  });
}

/** Test-only failures (see `workerTestHooks.fault`): each ends or stalls the worker in its own way. */
function injectFault(how: 'throw' | 'exit' | 'oom' | 'hang'): void {
  if (how === 'throw') throw new Error('injected worker failure');
  if (how === 'exit') process.exit(1);
  if (how === 'hang') for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
  const hoard: number[][] = [];
  for (;;) hoard.push(new Array(1 << 16).fill(Math.random()));
}

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
    design.patterns,
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

/** An engine as its shared buffers, for a worker (which rebuilds the views with {@link view}). */
interface EngineDescriptor {
  readonly n: number;
  readonly onesPtr: SharedArrayBuffer;
  readonly onesCol: SharedArrayBuffer;
  readonly valsPtr: SharedArrayBuffer;
  readonly valsCol: SharedArrayBuffer;
  readonly valsVal: SharedArrayBuffer;
  readonly single: boolean;
  readonly y: SharedArrayBuffer;
  readonly weights: SharedArrayBuffer | null;
  readonly offset: SharedArrayBuffer | null;
  readonly patterns: {
    readonly id: SharedArrayBuffer;
    readonly count: number;
    readonly ptr: SharedArrayBuffer;
    readonly col: SharedArrayBuffer;
    readonly valueColumns: Int32Array;
    readonly slotOf: Int32Array;
  } | null;
}

function descriptor(engine: EngineData): EngineDescriptor {
  const { design } = engine;
  const pat = design.patterns;
  return {
    patterns: pat
      ? {
          id: buffer(pat.id)!,
          count: pat.count,
          ptr: buffer(pat.ptr)!,
          col: buffer(pat.col)!,
          valueColumns: pat.valueColumns,
          slotOf: pat.slotOf,
        }
      : null,
    n: design.n,
    onesPtr: buffer(design.onesPtr)!,
    onesCol: buffer(design.onesCol)!,
    valsPtr: buffer(design.valsPtr)!,
    valsCol: buffer(design.valsCol)!,
    valsVal: buffer(design.valsVal)!,
    single: design.valsVal instanceof Float32Array,
    y: buffer(engine.y)!,
    weights: buffer(engine.weights),
    offset: buffer(engine.offset),
  };
}

/** One worker of a pass pool, as the main thread sees it. */
interface Slot {
  readonly k: number;
  readonly worker: Worker | null;
  readonly result: Float64Array;
  readonly from: number;
  readonly to: number;
  readonly startedAt: number;
  /** Given up (never started, failed, died or silent too long): the main thread runs its block. */
  lost: boolean;
  /** The worker's thread was seen running (so a stopped thread means it died). */
  seenRunning: boolean;
}

/**
 * Start `threads − 1` workers for IRLS passes over `n` rows with `p` columns, before the design
 * exists; with `warm` (a subsample in shared memory) the first worker fits the warm start on it
 * meanwhile. The main thread takes the first row block of every pass itself. Passes are
 * synchronous for the caller (Atomics.wait), so `fitGlm` stays a plain function.
 * `link`: 0 logit, 1 identity.
 *
 * A worker that cannot start, fails, dies (out of memory, terminated) or stays silent is never
 * waited for: every wait is a short slice after which the main thread checks each worker it
 * waits for (its state word, whether its thread still runs, the start and pass time limits),
 * and a lost worker's row block is run by the main thread from then on. The blocks stay the
 * same, so the fit is the same as with every worker alive, only slower; no error is
 * thrown, and `threads` (in the fit and its `glance()`) counts the threads that ran the last pass.
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
  const ctrl = new Int32Array(new SharedArrayBuffer((8 + 2 * Math.max(0, threads - 1)) * 4));
  const betaShared = new Float64Array(new SharedArrayBuffer(p * 8));
  const clusterShared = sharedCopy(cluster);
  const warmOut = options.warm ? new Float64Array(new SharedArrayBuffer((1 + p + p * p) * 8)) : null;
  const bounds = Array.from({ length: threads + 1 }, (_, t) => Math.round((t * n) / threads));
  const slots: Slot[] = [];
  const fault = workerTestHooks.fault ?? null;
  for (let t = 1; t < threads; t++) {
    const k = t - 1;
    const result = new Float64Array(new SharedArrayBuffer(L.size * 8));
    const warm =
      k === 0 && options.warm
        ? {
            ...descriptor(options.warm.engine),
            maxIterations: options.warm.maxIterations,
            out: warmOut!.buffer,
          }
        : null;
    const data: PassWorkerData = {
      index: k,
      ctrl: ctrl.buffer as SharedArrayBuffer,
      beta: betaShared.buffer as SharedArrayBuffer,
      result: result.buffer as SharedArrayBuffer,
      p,
      link,
      nClusters: G,
      from: bounds[t]!,
      to: bounds[t + 1]!,
      cluster: buffer(clusterShared),
      warm,
      fault,
    };
    const started = startWorker('glm-pass', data, PASS_WORKER_LIMITS, k);
    const worker = 'worker' in started ? started.worker : null;
    slots.push({
      k,
      worker,
      result,
      from: bounds[t]!,
      to: bounds[t + 1]!,
      startedAt: performance.now(),
      lost: worker === null,
      seenRunning: false,
    });
  }
  const passTimeout = workerTestHooks.passTimeoutMs ?? PASS_TIMEOUT_MS;
  /** Whether the worker of `slot` is gone (checked only while waiting for it). */
  const gone = (slot: Slot, since: number, ownMs: number): boolean => {
    const state = Atomics.load(ctrl, STATE(slot.k));
    if (state === FAILED) return true;
    const stopped = workerStopped(slot.worker!);
    if (stopped === false) slot.seenRunning = true;
    if (stopped === true && (slot.seenRunning || state === READY)) return true;
    const now = performance.now();
    if (state === BOOTING) {
      // A thread not yet running reads as stopped too, but only for the few milliseconds it takes
      // to create its isolate: one that still does not run after NEVER_RAN_MS never started (or
      // was ended before it ran).
      if (stopped === true && now - slot.startedAt > NEVER_RAN_MS) return true;
      return now - slot.startedAt > START_TIMEOUT_MS;
    }
    return now - since > Math.max(passTimeout, 50 * ownMs);
  };
  const lose = (slot: Slot) => {
    slot.lost = true;
    endWorker(slot.worker);
  };
  const close = () => {
    Atomics.store(ctrl, STOP, 1);
    Atomics.add(ctrl, GEN, 1);
    Atomics.notify(ctrl, GEN);
    for (const slot of slots) endWorker(slot.worker);
  };
  const live = () => 1 + slots.filter((s) => !s.lost).length;
  return {
    warm() {
      if (!warmOut) return null;
      const first = slots[0];
      const since = performance.now();
      while (Atomics.load(ctrl, WARM) === 0) {
        if (!first || first.lost || gone(first, since, 0)) {
          if (first && !first.lost) lose(first);
          // The worker that was to fit it is gone: fit the same warm start here.
          const w = options.warm!;
          return fitWarm({ ...descriptor(w.engine), maxIterations: w.maxIterations }, link, p, warmOut)
            ? { weightSum: warmOut[0]!, beta: warmOut.slice(1, 1 + p), xtwx: warmOut.slice(1 + p) }
            : null;
        }
        Atomics.wait(ctrl, WARM, 0, WAIT_SLICE_MS);
      }
      if (Atomics.load(ctrl, WARM) !== 1) return null;
      return { weightSum: warmOut[0]!, beta: warmOut.slice(1, 1 + p), xtwx: warmOut.slice(1 + p) };
    },
    close,
    attach(engine) {
      if (engine.design.n !== n || engine.p !== p)
        throw new Error('attach: the engine does not match the pool');
      // No wait for start-up: a pass started before a worker is up is picked up when it gets there.
      const message = descriptor(engine);
      for (const slot of slots) {
        if (slot.lost) continue;
        try {
          slot.worker!.postMessage(message);
        } catch {
          lose(slot);
        }
      }
      let generation = 0;
      const run: KernelRunner = (beta, withFinal, scoreOnly = false) => {
        workerTestHooks.beforePass?.(generation + 1);
        if (beta) betaShared.set(beta);
        Atomics.store(ctrl, HAS_BETA, beta ? 1 : 0);
        Atomics.store(ctrl, WITH_FINAL, withFinal ? 1 : 0);
        Atomics.store(ctrl, SCORE_ONLY, scoreOnly ? 1 : 0);
        generation = Atomics.add(ctrl, GEN, 1) + 1;
        Atomics.notify(ctrl, GEN);
        const since = performance.now();
        const block = (from: number, to: number) =>
          runBlock(engine, link, beta, from, to, clusterShared, G, withFinal, scoreOnly);
        const res = block(bounds[0]!, bounds[1]!);
        const ownMs = performance.now() - since;
        for (;;) {
          // Read the wake-up counter before the checks, so a worker finishing in between ends the wait at once.
          const done = Atomics.load(ctrl, DONE);
          let waiting = 0;
          for (const slot of slots) {
            if (slot.lost || Atomics.load(ctrl, FINISHED(slot.k)) === generation) continue;
            if (gone(slot, since, ownMs)) lose(slot);
            else waiting++;
          }
          if (waiting === 0) break;
          Atomics.wait(ctrl, DONE, done, WAIT_SLICE_MS);
        }
        for (const slot of slots) {
          const part = slot.lost ? block(slot.from, slot.to) : slot.result;
          for (let j = 0; j < L.size; j++) res[j]! += part[j]!;
        }
        return toPass(res, p, G, withFinal);
      };
      return {
        run,
        get threads() {
          return live();
        },
        close,
      };
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
