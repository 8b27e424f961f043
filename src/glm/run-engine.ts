import { availableParallelism, hasWorkerThreads, sharedBuffer } from '../internal/platform.js';
import { choleskyScaled, choleskySolve } from '../linalg/symmetric.js';
import type { Design, EncodedTerm } from './design.js';
import type { Family } from './family.js';
import { type EngineData, type EngineResult, irlsPass, type Pass, type PassRunner, runIrls } from './irls.js';
import { packDesign } from './packed-design.js';
import {
  asPassRunner,
  createPassPool,
  type FinalSums,
  type KernelRunner,
  kernelRunner,
  type StartedPool,
  sharedCopy,
  startPassPool,
  type WarmStart,
} from './parallel.js';

/** How the engine ran: threads used and whether a subsample warm start was used. */
export interface EngineRun {
  readonly result: EngineResult;
  /** The pass runner (still usable until `close()`), for separation diagnostics. */
  readonly runner: PassRunner;
  /** The final statistics at β with the fast kernel (logit and identity links), or null for the generic path. */
  readonly final: ((beta: Float64Array) => FinalSums) | null;
  readonly threads: number;
  readonly warmStart: boolean;
  close(): void;
}

/** Rows from which a subsample warm start (every k-th row, about 300,000 at most) pays: fewer full passes. */
const WARM_START_ROWS = 400_000;
/** Rows of the warm-start subsample (about): a twentieth of the rows, at least 50,000 and at most 300,000. */
const WARM_START_SAMPLE = 300_000;
const WARM_START_MIN_SAMPLE = 50_000;
/**
 * The subsample is this fraction of the rows at most, so that its fit (on one thread, while the
 * others pack the design) is done before the packing is: with a third of 1M rows, as it was, the
 * fit waited ~0.6-1 s for it.
 */
const WARM_START_FRACTION = 1 / 20;

/**
 * The warm-start subsample: every k-th row (a twentieth of the rows, 50,000 to 300,000) of an encoded design and its row
 * data, packed (through `colMap` like the full design) in shared memory so that a worker can fit
 * it. Null below {@link WARM_START_ROWS} rows, where a warm start does not pay.
 */
export function warmStartSample(
  design: Design,
  rows: { y: Float64Array; weights: Float64Array | null; offset: Float64Array | null },
  colMap: Int32Array | null,
  p: number,
): EngineData | null {
  if (design.n < WARM_START_ROWS) return null;
  const size = Math.min(WARM_START_SAMPLE, Math.max(WARM_START_MIN_SAMPLE, design.n * WARM_START_FRACTION));
  const k = Math.max(2, Math.floor(design.n / size));
  const m = Math.ceil(design.n / k);
  const pick = <T extends { length: number; [i: number]: number }>(a: T, make: (n: number) => T): T => {
    const out = make(m);
    for (let r = 0, i = 0; r < m; r++, i += k) out[r] = a[i]!;
    return out;
  };
  const encoded: EncodedTerm[] = design.encoded.map((e) => ({
    firstColumn: e.firstColumn,
    index: e.index ? pick(e.index, (n) => new Int32Array(n)) : null,
    value: e.value
      ? pick(e.value as Float64Array, (n) => new (e.value!.constructor as Float64ArrayConstructor)(n))
      : null,
  }));
  const shared = (a: Float64Array | null) =>
    a ? pick(a, (n) => new Float64Array(sharedBuffer(n * 8))) : null;
  return {
    design: packDesign({ layout: design.layout, n: m, p: design.p, encoded }, colMap, p, true),
    y: shared(rows.y)!,
    weights: shared(rows.weights),
    offset: shared(rows.offset),
    p,
  };
}

/**
 * Start the worker threads before the design is packed, for logit and identity links on more
 * than one thread; with a warm-start `sample` (see {@link warmStartSample}) the first worker fits
 * it meanwhile, so the warm start costs the fit no time. Null when the fit runs on one thread
 * (or the generic path).
 */
export function startEarly(
  n: number,
  p: number,
  family: Family,
  sample: EngineData | null,
  options: { threads: number; maxIterations: number; cluster: Int32Array | null; nClusters: number },
): StartedPool | null {
  const link = family.link === 'logit' ? 0 : family.link === 'identity' ? 1 : -1;
  if (link < 0 || options.threads <= 1) return null;
  return startPassPool({
    n,
    p,
    link,
    threads: options.threads,
    cluster: options.cluster,
    nClusters: options.nClusters,
    warm: sample ? { engine: sample, maxIterations: options.maxIterations } : null,
  });
}

/** Σ prior weights (rows when unweighted). */
function weightSum(engine: EngineData): number {
  if (!engine.weights) return engine.design.n;
  let s = 0;
  for (let i = 0; i < engine.weights.length; i++) s += engine.weights[i]!;
  return s;
}

/**
 * Resolve the `threads` option: 'auto' uses both cores for large data, one thread otherwise;
 * always one where the platform has no worker threads (a browser page).
 */
export function resolveThreads(threads: number | 'auto', rows: number): number {
  if (!hasWorkerThreads) return 1;
  if (threads === 'auto') return rows >= 200_000 ? Math.min(2, availableParallelism()) : 1;
  return Math.max(1, Math.floor(threads));
}

/**
 * Run IRLS with the fastest runner available: the specialised kernel for logit and identity
 * links (in worker threads over shared memory when `threads` > 1), the generic pass otherwise;
 * with a warm-start sample, start from a fit on it so that only a few full passes are needed.
 * The converged estimate is the same MLE; only the path to it changes.
 */
export function runEngine(
  engine: EngineData,
  family: Family,
  options: {
    maxIterations: number;
    epsilon: number;
    threads: number;
    /** The warm-start subsample ({@link warmStartSample}), fitted here unless `started` workers fit it. */
    warmSample: EngineData | null;
    /** Cluster index per row, for the final pass. */
    cluster: Int32Array | null;
    nClusters: number;
    /** Inspect the first full pass (at the start values); return false to abandon the run (returns null). */
    firstPass?: (pass: Pass) => boolean;
    /** Workers started before packing (see {@link startEarly}); they bring the warm start. Closed by the run. */
    started?: StartedPool | null;
  },
): EngineRun | null {
  const link = family.link === 'logit' ? 0 : family.link === 'identity' ? 1 : -1;
  // Workers first (unless started before packing): they start up and compile the kernel while
  // this thread runs the warm start.
  let kernel: KernelRunner | null = null;
  // Read at the end: a pool that lost a worker runs its block here (see startPassPool).
  let threads = () => 1;
  let close = () => {};
  const started = link >= 0 && options.threads > 1 ? (options.started ?? null) : null;
  if (!started) options.started?.close();
  if (link >= 0 && options.threads > 1) {
    const shared: EngineData = {
      design: engine.design,
      y: sharedCopy(engine.y)!,
      weights: sharedCopy(engine.weights),
      offset: sharedCopy(engine.offset),
      p: engine.p,
    };
    const pool = started
      ? started.attach(shared)
      : createPassPool(shared, link, options.threads, options.cluster, options.nClusters);
    kernel = pool.run;
    threads = () => pool.threads;
    close = () => pool.close();
  } else if (link >= 0) {
    kernel = kernelRunner(engine, link, options.cluster, options.nClusters);
  }
  let warm: WarmStart | null = null;
  if (started) {
    warm = started.warm();
  } else if (options.warmSample) {
    const sub = options.warmSample;
    try {
      const r = runIrls(sub, {
        family,
        runner: link >= 0 ? asPassRunner(kernelRunner(sub, link, null, 0)) : (b) => irlsPass(sub, family, b),
        canonical: link >= 0,
        maxIterations: options.maxIterations,
        epsilon: 1e-8,
      });
      // A subsample with perfectly predicted rows would start the full fit near a boundary.
      if (r.converged && r.boundaryRows === 0)
        warm = { beta: r.beta, xtwx: r.xtwx, weightSum: weightSum(sub) };
    } catch {
      // A subsample can miss a rare level (singular X'WX); the full fit then starts from μ-start.
    }
  }
  const usable = warm?.beta.every(Number.isFinite) === true;
  let start: Float64Array | null = usable ? warm!.beta : null;
  const warmHessian = usable ? warm : null;
  const warmStart = usable;
  const runner: PassRunner = kernel ? asPassRunner(kernel) : (b) => irlsPass(engine, family, b);
  const final = kernel ? (b: Float64Array) => kernel!(b, true).final! : null;
  try {
    let first: Pass | null = null;
    if (kernel && start && warmHessian) {
      // One quasi-Newton step before the first full pass: the score at the warm start (a cheap pass
      // without cross-products) and the subsample's X'WX scaled to the full data. Kept only if it
      // lowers the deviance; the Newton iterations that follow are exact.
      const scale = weightSum(engine) / warmHessian.weightSum;
      const f = choleskyScaled(
        warmHessian.xtwx.map((v) => v * scale),
        engine.p,
        1e-10,
      );
      if (f.aliased.length === 0) {
        const score = kernel(start, false, true);
        const step = choleskySolve(f, score.xtwz);
        const moved = start.map((b, j) => b + step[j]!);
        const pass = runner(moved);
        if (Number.isFinite(pass.deviance) && pass.deviance <= score.deviance) {
          start = moved;
          first = pass;
        }
      }
    }
    first ??= runner(start);
    if (options.firstPass && !options.firstPass(first)) {
      close();
      return null;
    }
    const result = runIrls(engine, {
      family,
      runner,
      start,
      firstPass: first,
      canonical: link >= 0,
      ...(kernel
        ? {
            speculative: (b: Float64Array) => kernel!(b, true),
            scoreRunner: (b: Float64Array | null) => kernel!(b, false, true),
          }
        : {}),
      maxIterations: options.maxIterations,
      epsilon: options.epsilon,
    });
    return { result, runner, final, threads: threads(), warmStart, close };
  } catch (e) {
    close();
    throw e;
  }
}
