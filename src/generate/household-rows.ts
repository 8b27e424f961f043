/**
 * The row-wise part of the generator: each household's covariates, its regional columns and what
 * the outcome draws take of it (the three linear predictors, P(receipt), P(LKS), its expected
 * spending terms; see {@link outcomeRows}). Every household
 * draws from a stream restarted from its own slot, so the rows of a range of municipalities are the
 * same numbers whoever computes them: for large populations one worker thread computes the last
 * municipalities while this thread computes the first, into shared memory, and the call stays
 * synchronous. The sequential draws of the outcomes (one stream each) stay on this thread.
 * @internal
 */
import { sizeClassIndex } from '../allocation/size-classes.js';
import {
  endWorker,
  hasWorkerThreads,
  sharedBuffer,
  startWorker,
  workerStopped,
} from '../internal/platform.js';
import {
  allocateCovariates,
  type CovariateArrays,
  drawCovariatesOf,
  municipalityRowStarts,
} from './draw-covariates.js';
import { allocateOutcomeRows, type OutcomeRows, outcomeRows, type RowModel } from './draw-outcomes.js';
import {
  type FACTOR_COLUMNS,
  HHGROUP_LEVELS,
  HHTYPE_LEVELS,
  MIGRATION_LEVELS,
  REGIONAL_COLUMNS,
  type RegionalColumn,
  SIZE_CLASS_LEVELS,
} from './levels.js';
import type { MunicipalityFrame } from './municipality-frame.js';
import type { HouseholdColumn, HouseholdFactor } from './term-linear-predictor.js';
import type { HouseholdNumericColumns } from './types.js';

/** Every per-household array of the generator, all rows. */
export interface HouseholdRows {
  readonly covariates: CovariateArrays;
  readonly sizeClass: Uint8Array;
  readonly regional: Record<RegionalColumn, Float32Array>;
  readonly fraction: Float32Array;
  readonly benefit: Float64Array;
  /** What the outcome draws take of each row (see {@link outcomeRows}). */
  readonly outcome: OutcomeRows;
}

/** The generated columns: the factors and the numeric columns, in the order `columns()` lists them. */
export function householdColumns(
  frame: MunicipalityFrame,
  rows: HouseholdRows,
): {
  factors: Record<(typeof FACTOR_COLUMNS)[number], HouseholdFactor>;
  numeric: HouseholdNumericColumns;
} {
  const cov = rows.covariates;
  return {
    factors: {
      municipality: { codes: cov.municipality, levels: frame.ids },
      neighbourhood: { codes: cov.neighbourhood, levels: frame.nbIds },
      size_class: { codes: rows.sizeClass, levels: SIZE_CLASS_LEVELS },
      hhtype: { codes: cov.hhtype, levels: HHTYPE_LEVELS },
      hhgroup: { codes: cov.hhgroup, levels: HHGROUP_LEVELS },
      migration: { codes: cov.migration, levels: MIGRATION_LEVELS },
    },
    numeric: {
      ...cov.indicators,
      ...rows.regional,
      cost_sharers: cov.costSharers,
      norm: cov.norm,
      fraction: rows.fraction,
      benefit: rows.benefit,
    },
  };
}

/** All columns as one record (numeric first, then the factors), as `GeneratedHouseholds.columns()`. */
export function columnRecord(frame: MunicipalityFrame, rows: HouseholdRows): Record<string, HouseholdColumn> {
  const { factors, numeric } = householdColumns(frame, rows);
  return { ...numeric, ...factors };
}

/** Zeroed arrays for `n` households, their memory from `buffer`. */
function allocateRows(
  n: number,
  frame: MunicipalityFrame,
  buffer: (bytes: number) => ArrayBufferLike,
): HouseholdRows {
  return {
    covariates: allocateCovariates(n, frame.nbIds.length, buffer),
    sizeClass: new Uint8Array(buffer(n)),
    regional: Object.fromEntries(REGIONAL_COLUMNS.map((c) => [c, new Float32Array(buffer(4 * n))])) as Record<
      RegionalColumn,
      Float32Array
    >,
    fraction: new Float32Array(buffer(4 * n)),
    benefit: new Float64Array(buffer(8 * n)),
    outcome: allocateOutcomeRows(n, buffer),
  };
}

/** Every array of the rows, in a fixed order (to send their shared memory to a worker and back). */
function rowArrays(rows: HouseholdRows): ArrayBufferView[] {
  const c = rows.covariates;
  return [
    c.municipality,
    c.neighbourhood,
    c.hhtype,
    c.hhgroup,
    c.migration,
    ...Object.values(c.indicators),
    c.costSharers,
    c.norm,
    rows.sizeClass,
    ...Object.values(rows.regional),
    rows.fraction,
    rows.benefit,
    rows.outcome.volume,
    rows.outcome.lks,
    rows.outcome.price,
    rows.outcome.expectedSpending,
    rows.outcome.featureSpending,
  ];
}

/** The rows over memory another thread allocated (`allocateRows` with these buffers, in `rowArrays` order). */
function rowsOver(n: number, frame: MunicipalityFrame, buffers: readonly SharedArrayBuffer[]): HouseholdRows {
  let k = 0;
  return allocateRows(n, frame, () => buffers[k++]!);
}

/**
 * Compute the rows of municipalities [from, to): covariates, size class, regional columns, and
 * their outcome rows.
 */
function fillRows(
  frame: MunicipalityFrame,
  perNeighbourhood: Int32Array,
  seed: number,
  models: RowModel,
  rows: HouseholdRows,
  from: number,
  to: number,
): void {
  drawCovariatesOf(frame, perNeighbourhood, seed, rows.covariates, from, to);
  const start = municipalityRowStarts(frame, perNeighbourhood);
  const r0 = start[from]!;
  const r1 = start[to]!;
  // Rows are sorted by municipality and neighbourhood: each value fills a run of rows.
  const perMunicipality: [RegionalColumn, (i: number) => number][] = [
    ['work_availability', (i) => frame.workAvailability[i]!],
    ['work_not_norm', (i) => frame.workNotNorm[i]!],
    ['low_skilled_work', (i) => frame.lowSkilledWork[i]!],
    ['inhabitants', (i) => frame.inhabitants[i]!],
    ['inhabitants_15_65', (i) => Math.round(frame.inhabitants[i]! * frame.share15to65[i]!)],
    ['population_growth', (i) => frame.growth[i]!],
  ];
  let r = r0;
  for (let i = from; i < to; i++) {
    const a = start[i]!;
    const b = start[i + 1]!;
    rows.sizeClass.fill(sizeClassIndex(frame.inhabitants[i]!), a, b);
    for (const [name, value] of perMunicipality) rows.regional[name].fill(value(i), a, b);
    for (let nb = frame.nbStart[i]!; nb < frame.nbStart[i + 1]!; nb++) {
      const end = r + perNeighbourhood[nb]!;
      rows.regional.nuisance.fill(frame.nbNuisance[nb]!, r, end);
      r = end;
    }
  }
  const n = rows.covariates.norm.length;
  const columns = columnRecord(frame, rows);
  const cov = rows.covariates;
  outcomeRows(columns, models, n, rows.outcome, cov.municipality, cov.norm, r0, r1);
}

// ---------------------------------------------------------------------------------------------
// Threads (as startPredictWorker in src/glm/predict-kernel.ts, with the rows in shared memory): the
// municipalities are cut into chunks of about equal rows, and this thread and one worker take the
// next chunk from a shared counter until none is left, so the worker's start-up (a few hundred ms
// from TypeScript source) costs only the chunks it does not take. The worker marks each chunk it
// finishes; a worker that cannot start, fails, dies or stays silent is given up and the chunks it
// took but did not finish are computed here. The result is the same bits either way: each row is
// computed by the same code whoever computes it.

/** Rows from which a worker thread helps (below, starting it costs more than it saves). */
const PARALLEL_MIN_ROWS = 400_000;
/** Chunks of municipalities the rows are cut into (fewer when municipalities are few or large). */
const CHUNKS = 64;
/** Control words: the worker's state (0 running, 1 done, 2 failed), the next chunk, then one done flag per chunk. */
const STATE = 0;
const NEXT = 1;
const FLAGS = 2;
/** A worker that has not finished after this long is given up (its rows are computed here). */
const ROWS_TIMEOUT_MS = 120_000;
/** A worker whose thread has not run at all after this long never started. */
const NEVER_RAN_MS = 2_000;
const WAIT_SLICE_MS = 10;
/** Limits of the worker: its rows live in shared memory; it holds the frame and small tables. */
const ROWS_WORKER_LIMITS = { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 32 };

/** What the rows worker gets as its `workerData`. */
export interface RowsWorkerData {
  readonly ctrl: SharedArrayBuffer;
  readonly frame: MunicipalityFrame;
  readonly perNeighbourhood: Int32Array;
  readonly seed: number;
  readonly models: RowModel;
  readonly rows: number;
  /** Chunk c is municipalities [bounds[c], bounds[c + 1]). */
  readonly bounds: Int32Array;
  readonly buffers: readonly SharedArrayBuffer[];
  readonly fault: 'throw' | 'hang' | null;
}

/** Test seam (internal): when a worker helps, worker faults, the give-up time. @internal */
export const generateTestHooks: {
  minParallelRows?: number;
  /** Chunks this thread takes at most before it waits for the worker (default: as many as it gets). */
  mainChunks?: number;
  fault?: 'throw' | 'hang';
  timeoutMs?: number;
  /** Called when the worker's chunks are collected: whether it finished them, and how many it took. */
  collected?: (delivered: boolean, workerChunks: number) => void;
} = {};

/** Take the next chunk (−1 when none is left). */
function claim(ctrl: Int32Array, chunks: number): number {
  const c = Atomics.add(ctrl, NEXT, 1);
  return c < chunks ? c : -1;
}

/**
 * Worker side: compute chunks into the shared rows while any is left, mark each done, then mark the
 * worker done (or failed) and wake the main thread.
 * @internal
 */
export function serveGenerateRows(d: RowsWorkerData): void {
  const ctrl = new Int32Array(d.ctrl);
  const chunks = d.bounds.length - 1;
  try {
    if (d.fault === 'throw') throw new Error('injected generator worker failure');
    if (d.fault === 'hang') for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
    const rows = rowsOver(d.rows, d.frame, d.buffers);
    for (let c = claim(ctrl, chunks); c >= 0; c = claim(ctrl, chunks)) {
      fillRows(d.frame, d.perNeighbourhood, d.seed, d.models, rows, d.bounds[c]!, d.bounds[c + 1]!);
      Atomics.store(ctrl, FLAGS + c, 1);
    }
    Atomics.store(ctrl, STATE, 1);
  } catch {
    Atomics.store(ctrl, STATE, 2);
  }
  Atomics.notify(ctrl, STATE);
}

/** Municipality bounds of about `chunks` chunks of equal rows (each chunk at least one municipality). */
function chunkBounds(start: Float64Array, count: number, chunks: number): Int32Array {
  const n = start[count]!;
  const bounds = [0];
  for (let i = 1; i < count; i++) {
    if (start[i]! >= (n * bounds.length) / chunks) bounds.push(i);
  }
  bounds.push(count);
  return Int32Array.from(bounds);
}

/**
 * All rows of the households, `perNeighbourhood[b]` in neighbourhood b: on this thread, or for a
 * large population on this thread and one worker.
 */
export function generateRows(
  frame: MunicipalityFrame,
  perNeighbourhood: Int32Array,
  seed: number,
  models: RowModel,
): HouseholdRows {
  const start = municipalityRowStarts(frame, perNeighbourhood);
  const n = start[frame.count]!;
  const parallel =
    hasWorkerThreads && frame.count >= 2 && n >= (generateTestHooks.minParallelRows ?? PARALLEL_MIN_ROWS);
  if (!parallel) {
    const rows = allocateRows(n, frame, (bytes) => new ArrayBuffer(bytes));
    fillRows(frame, perNeighbourhood, seed, models, rows, 0, frame.count);
    return rows;
  }
  const rows = allocateRows(n, frame, sharedBuffer);
  const bounds = chunkBounds(start, frame.count, CHUNKS);
  const chunks = bounds.length - 1;
  const ctrl = new Int32Array(sharedBuffer(4 * (FLAGS + chunks)));
  const data: RowsWorkerData = {
    ctrl: ctrl.buffer as SharedArrayBuffer,
    frame,
    perNeighbourhood,
    seed,
    models,
    rows: n,
    bounds,
    buffers: rowArrays(rows).map((a) => a.buffer as SharedArrayBuffer),
    fault: generateTestHooks.fault ?? null,
  };
  const started = startWorker('generate-rows', data, ROWS_WORKER_LIMITS);
  const worker = 'worker' in started ? started.worker : null;
  const startedAt = performance.now();
  const mine = new Uint8Array(chunks);
  const fill = (c: number) =>
    fillRows(frame, perNeighbourhood, seed, models, rows, bounds[c]!, bounds[c + 1]!);
  try {
    const limit = generateTestHooks.mainChunks ?? chunks;
    for (let k = 0; k < limit; k++) {
      const c = claim(ctrl, chunks);
      if (c < 0) break;
      mine[c] = 1;
      fill(c);
    }
  } catch (e) {
    endWorker(worker);
    throw e;
  }
  // The worker's chunks: finished when every chunk is mine or flagged and none is left to take.
  const pending = () => {
    if (Atomics.load(ctrl, NEXT) < chunks) return true;
    for (let c = 0; c < chunks; c++) if (!mine[c] && Atomics.load(ctrl, FLAGS + c) === 0) return true;
    return false;
  };
  const workerChunks = () => {
    let k = 0;
    for (let c = 0; c < chunks; c++) if (!mine[c] && (c < Atomics.load(ctrl, NEXT) || ctrl[FLAGS + c])) k++;
    return k;
  };
  let seenRunning = false;
  for (;;) {
    const state = Atomics.load(ctrl, STATE);
    if (!pending()) {
      endWorker(worker);
      generateTestHooks.collected?.(true, workerChunks());
      return rows;
    }
    const stopped = worker ? workerStopped(worker) : true;
    if (stopped === false) seenRunning = true;
    const waited = performance.now() - startedAt;
    const lost =
      worker === null ||
      state !== 0 ||
      (stopped === true && (seenRunning || waited > NEVER_RAN_MS)) ||
      waited > (generateTestHooks.timeoutMs ?? ROWS_TIMEOUT_MS);
    if (lost) {
      endWorker(worker);
      generateTestHooks.collected?.(false, workerChunks());
      // Take what is left, then redo what the worker took and did not finish.
      Atomics.store(ctrl, NEXT, chunks);
      for (let c = 0; c < chunks; c++) if (!mine[c] && Atomics.load(ctrl, FLAGS + c) === 0) fill(c);
      return rows;
    }
    Atomics.wait(ctrl, STATE, 0, WAIT_SLICE_MS);
  }
}
