/**
 * The one way the library starts worker threads: a real module file (`worker.js` / `worker.cjs` in
 * `dist`, `src/workers/worker.ts` from source), never source text. The GLM passes and the synth
 * placebos both start their workers here, with the same file resolution, resource limits and
 * error handling; what differs (a synchronous pass protocol over shared memory, an asynchronous
 * job queue) lives with the callers.
 * @internal
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { type ResourceLimits, Worker } from 'node:worker_threads';

/**
 * What a worker runs: the IRLS passes of a GLM fit, a queue of synth fits, one byte range of a CSV file,
 * predictions, row groups of a Parquet file, or the household rows of some municipalities (generator).
 */
export type WorkerTask =
  | 'glm-pass'
  | 'synth-fits'
  | 'csv-range'
  | 'glm-predict'
  | 'parquet-columns'
  | 'generate-rows';

/** The `workerData` every worker gets: its task and the task's own data. */
export interface WorkerPayload {
  readonly task: WorkerTask;
  readonly data: unknown;
}

/**
 * Test seams (internal, not exported from any barrel): tests set these to start workers from
 * another file, to reach each worker as it starts, to make GLM workers fail at a given pass, or
 * to shorten the wait before a silent GLM worker is given up, or to act before a GLM pass (end a
 * worker mid-fit). Clear them after use.
 * @internal
 */
export const workerTestHooks: {
  file?: string;
  started?: (worker: Worker, task: WorkerTask, index: number) => void;
  fault?: { readonly pass: number; readonly how: 'throw' | 'exit' | 'oom' | 'hang' };
  /** Called by a GLM pass pool on the main thread before it starts pass `pass` (1-based). */
  beforePass?: (pass: number) => void;
  passTimeoutMs?: number;
} = {};

/**
 * Where the worker module is and how to start it, from the location of this code:
 * - compiled (`.js` ESM or `.cjs` CommonJS, at the root of `dist` or in a capability folder):
 *   the `worker` file of the same format in this folder or its parent;
 * - TypeScript source (tests under vitest, tsx scripts): `src/workers/worker-tsx.mjs`, which
 *   registers tsx's loader in the worker thread (a worker does not inherit it, and in Node 20 an
 *   `--import tsx` in the worker's `execArgv` does not reach its main module) and then loads
 *   `src/workers/worker.ts`; tsx is resolved from this package, so the working directory does
 *   not matter.
 * Workers get none of the parent's `execArgv`.
 * Returns why not when neither applies (a bundle that left the worker file behind, or source
 * without tsx installed): callers then run on this thread at once instead of waiting for a
 * worker that will never answer.
 */
export function workerEntry(): { file: string } | { error: string } {
  const here = import.meta.url;
  const override = workerTestHooks.file;
  if (override !== undefined) {
    return existsSync(override) ? { file: override } : { error: `worker module ${override} not found` };
  }
  const source = here.endsWith('.ts');
  const name = source ? 'worker-tsx.mjs' : here.endsWith('.cjs') ? 'worker.cjs' : 'worker.js';
  const found = [new URL(`./${name}`, here), new URL(`../${name}`, here)]
    .map((u) => fileURLToPath(u))
    .find((f) => existsSync(f));
  if (!found) {
    return {
      error: `the worker module (${name}) is not next to ${fileURLToPath(here)}; a bundle must ship it beside the bundled code`,
    };
  }
  if (source) {
    try {
      createRequire(here).resolve('tsx/esm/api');
    } catch {
      return { error: 'running from TypeScript source, but tsx (to load the .ts worker) is not installed' };
    }
  }
  return { file: found };
}

/**
 * Start one worker on the worker module with `resourceLimits`. The limits matter twice: a small
 * code range (16 MB instead of V8's default 128 MB and more) keeps a worker's address-space
 * reservation small, since a failed reservation (say under `ulimit -v`) is a fatal V8 error
 * that aborts the whole process; and heap limits make a worker that runs out of memory end
 * alone (`ERR_WORKER_OUT_OF_MEMORY`) so that the caller can recover. An `error` listener is
 * always attached, so a failing worker never becomes an uncaught exception in this thread.
 * Returns the reason instead when the worker cannot be started at all.
 */
export function startWorker(
  task: WorkerTask,
  data: unknown,
  limits: ResourceLimits,
  index = 0,
): { worker: Worker } | { error: string } {
  const entry = workerEntry();
  if ('error' in entry) return entry;
  let worker: Worker;
  try {
    worker = new Worker(entry.file, {
      workerData: { task, data } satisfies WorkerPayload,
      // Not the parent's flags: `-e` or `--input-type=module` (an eval context) would change how
      // the file is read, and the worker module needs none.
      execArgv: [],
      resourceLimits: { codeRangeSizeMb: 16, stackSizeMb: 4, ...limits },
    });
  } catch (e) {
    return { error: `worker thread could not start: ${(e as Error).message}` };
  }
  worker.on('error', () => {});
  worker.unref();
  workerTestHooks.started?.(worker, task, index);
  return { worker };
}

/**
 * Whether a worker thread has stopped, read without this thread's event loop (a synchronous
 * wait blocks it, so `exit` and `error` events cannot be seen there): `true` once the worker's
 * environment is gone, `false` while it runs, `null` when this Node version does not tell (the
 * caller then relies on its time limit). It reads the native handle of `node:worker_threads`
 * (`loopIdleTime()` is −1 once the thread has stopped), feature-detected, since no public API
 * answers without the event loop. Before the worker's environment exists (the first
 * milliseconds of its thread) it also reads `true`: callers take that into account.
 */
export function workerStopped(worker: Worker): boolean | null {
  const key = Object.getOwnPropertySymbols(worker).find((s) => s.description === 'kHandle');
  if (key === undefined) return null;
  const handle = (worker as unknown as Record<symbol, { loopIdleTime?: () => number } | null>)[key];
  if (handle === null) return true;
  if (typeof handle?.loopIdleTime !== 'function') return null;
  try {
    return handle.loopIdleTime() < 0;
  } catch {
    return null;
  }
}

/** End a worker without waiting and without an unhandled rejection. */
export function endWorker(worker: Worker | null): void {
  if (worker) worker.terminate().catch(() => {});
}
