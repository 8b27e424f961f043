/**
 * The household rows on this thread and, for a large population, one worker thread (as
 * startPredictWorker in src/glm/predict-kernel.ts, with the rows in shared memory); the call stays
 * synchronous. The sequential draws of the outcomes (one stream each) stay on this thread.
 * @internal
 */
import {
  endWorker,
  hasWorkerThreads,
  sharedBuffer,
  startWorker,
  workerStopped,
} from '../internal/platform.js';
import { municipalityRowStarts } from './draw-covariates.js';
import type { RowModel } from './draw-outcomes.js';
import {
  allocateRows,
  claim,
  FLAGS,
  type HouseholdRows,
  NEXT,
  type RowsWorkerData,
  rowArrays,
  rowFiller,
  STATE,
} from './household-rows.js';
import type { MunicipalityFrame } from './municipality-frame.js';

// The municipalities are cut into chunks of about equal rows, and this thread and one worker take the
// next chunk from a shared counter until none is left, so the worker's start-up (a few hundred ms
// from TypeScript source) costs only the chunks it does not take. The worker marks each chunk it
// finishes; a worker that cannot start, fails, dies or stays silent is given up and the chunks it
// took but did not finish are computed here. The result is the same bits either way: each row is
// computed by the same code whoever computes it.

/** Rows from which a worker thread helps (below, starting it costs more than it saves). */
const PARALLEL_MIN_ROWS = 400_000;
/** Chunks of municipalities the rows are cut into (fewer when municipalities are few or large). */
const CHUNKS = 256;
/** A worker that has not finished after this long is given up (its rows are computed here). */
const ROWS_TIMEOUT_MS = 120_000;
/** A worker whose thread has not run at all after this long never started. */
const NEVER_RAN_MS = 2_000;
const WAIT_SLICE_MS = 10;
/** Limits of the worker: its rows live in shared memory; it holds the frame and small tables. */
const ROWS_WORKER_LIMITS = { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 32 };

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
    rowFiller(frame, perNeighbourhood, seed, models, rows)(0, frame.count);
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
  const filler = rowFiller(frame, perNeighbourhood, seed, models, rows);
  const fill = (c: number) => filler(bounds[c]!, bounds[c + 1]!);
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
