import type { Worker } from 'node:worker_threads';
import {
  ConvergenceError,
  DataError,
  type DataErrorCode,
  SpecError,
  type SpecErrorCode,
  VerdeelmodelError,
} from '../errors.js';
import { startWorker, workerEntry } from '../internal/platform.js';
import type { SynthContext } from './context.js';
import { fitSynth, type SynthFit } from './fit-synth.js';
import type { SynthWorkerData } from './fit-worker.js';

/** One fit to run: treated and donor units as indices into `context.units`. */
export interface FitJob {
  readonly treated: readonly number[];
  readonly donors: readonly number[];
}

/** How a batch of fits was run. */
export interface RunInfo {
  /** Threads that ran fits: worker threads started, or 1 when every fit ran in this thread. */
  readonly threads: number;
  /** Why fewer threads than asked were used (capped, a worker could not start or was lost), if so. */
  readonly note: string | null;
}

/** Run fits one after another in this thread. */
export function runFitsSync(ctx: SynthContext, jobs: readonly FitJob[]): SynthFit[] {
  return jobs.map((j) => fitSynth(ctx, j.treated, j.donors));
}

/**
 * Resource limits of a synth fit worker: the context (a copy of the panel's matrices) and one fit
 * at a time take a few MB, and 512 MB of heap is a ceiling, not a reservation: a runaway worker
 * ends alone (`ERR_WORKER_OUT_OF_MEMORY`) instead of taking the process down.
 */
const FIT_WORKER_LIMITS = { maxOldGenerationSizeMb: 512 };

/**
 * Run fits on `threads` worker threads (each gets the context once, then one job at a time, so
 * slow fits do not leave a thread idle). Results come back in job order, identical to
 * {@link runFitsSync}, whatever happens to the workers:
 * - a fit that throws (bad data) rejects with the same typed error the one-thread run throws;
 * - a worker that cannot start (no worker module next to the code, TypeScript source without
 *   tsx) is known before any is started: every fit then runs in this thread;
 * - a worker that fails or dies (out of memory, terminated) hands its unfinished fit back to the
 *   queue; the other workers carry on, and when none is left this thread fits the rest.
 * Never an error or a hang, since a fit can always run here instead; `info` says how many
 * threads ran and, in `note`, why fewer than asked.
 */
export async function runFitsParallel(
  ctx: SynthContext,
  jobs: readonly FitJob[],
  threads: number,
): Promise<{ fits: SynthFit[]; info: RunInfo }> {
  const n = Math.max(1, Math.min(threads, jobs.length));
  if (n <= 1) return { fits: runFitsSync(ctx, jobs), info: { threads: 1, note: null } };
  const entry = workerEntry();
  if ('error' in entry) {
    return { fits: runFitsSync(ctx, jobs), info: { threads: 1, note: `${entry.error}; ran in one thread` } };
  }
  const fits: (SynthFit | undefined)[] = new Array(jobs.length);
  const queue = jobs.map((_, i) => i);
  let left = jobs.length;
  const problems: string[] = [];
  const pool: Worker[] = [];
  let used = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      let live = 0;
      let settled = false;
      const finish = (e?: unknown) => {
        if (settled) return;
        settled = true;
        if (e !== undefined) reject(e);
        else resolve();
      };
      // With no worker left, this thread fits what remains (the same fits, in job order).
      const rest = () => {
        if (live > 0 || settled) return;
        try {
          for (const id of queue.splice(0)) fits[id] = fitSynth(ctx, jobs[id]!.treated, jobs[id]!.donors);
          finish();
        } catch (e) {
          finish(e);
        }
      };
      for (let k = 0; k < n; k++) {
        const started = startWorker('synth-fits', { ctx } satisfies SynthWorkerData, FIT_WORKER_LIMITS, k);
        if ('error' in started) {
          problems.push(started.error);
          continue;
        }
        const w = started.worker;
        pool.push(w);
        live++;
        used++;
        let current: number | null = null;
        let alive = true;
        const send = () => {
          const id = queue.shift();
          current = id ?? null;
          if (id === undefined) {
            if (left === 0) finish();
            return;
          }
          w.postMessage({ type: 'job', id, job: jobs[id] });
        };
        const lost = (why: string) => {
          if (!alive) return;
          alive = false;
          live--;
          if (current !== null) queue.unshift(current);
          current = null;
          if (left > 0) problems.push(why);
          void w.terminate().catch(() => {});
          rest();
        };
        w.on('message', (msg: WorkerMessage) => {
          if (!alive) return;
          if (msg.type === 'ready') send();
          else if (msg.type === 'fit') {
            if (fits[msg.id!] === undefined) left--;
            fits[msg.id!] = msg.fit!;
            current = null;
            if (left === 0) finish();
            else send();
          } else if (msg.type === 'error') finish(rebuildError(msg));
        });
        w.on('error', (e) => lost(`a worker failed (${(e as { code?: string }).code ?? e.message})`));
        w.on('exit', (code) => lost(`a worker exited with code ${code}`));
      }
      rest();
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate().catch(() => {})));
  }
  const note =
    problems.length > 0
      ? `${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}; its fits ran on the other threads or this one`
      : null;
  return { fits: fits as SynthFit[], info: { threads: Math.max(1, used), note } };
}

interface WorkerMessage {
  readonly type: 'ready' | 'fit' | 'error';
  readonly id?: number;
  readonly fit?: SynthFit;
  readonly error?: string;
  readonly name?: string;
  readonly code?: string;
  readonly details?: Record<string, unknown>;
}

/** Re-create the library's typed error from a worker's message, so callers can branch on `code`. */
function rebuildError(msg: WorkerMessage): Error {
  const text = msg.error ?? 'worker failed';
  const details = msg.details ?? {};
  if (msg.name === 'DataError') return new DataError(msg.code as DataErrorCode, text, details);
  if (msg.name === 'SpecError') return new SpecError(msg.code as SpecErrorCode, text, details);
  if (msg.name === 'ConvergenceError') {
    return new ConvergenceError(msg.code as 'no-convergence', text, {
      iterations: Number(details.iterations),
      lastChange: Number(details.lastChange),
    });
  }
  if (msg.code) return new VerdeelmodelError(msg.code, text);
  return new Error(text);
}
