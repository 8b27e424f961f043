import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  DataError,
  type DataErrorCode,
  SpecError,
  type SpecErrorCode,
  VerdeelmodelError,
} from '../errors.js';
import type { SynthContext } from './context.js';
import { fitSynth, type SynthFit } from './fit-synth.js';

/** One fit to run: treated and donor units as indices into `context.units`. */
export interface FitJob {
  readonly treated: readonly number[];
  readonly donors: readonly number[];
}

/** How a batch of fits was run. */
export interface RunInfo {
  /** Worker threads actually used (1 = in this thread). */
  readonly workers: number;
  /** Why fewer workers than requested were used, if so. */
  readonly note: string | null;
}

/** Run fits one after another in this thread. */
export function runFitsSync(ctx: SynthContext, jobs: readonly FitJob[]): SynthFit[] {
  return jobs.map((j) => fitSynth(ctx, j.treated, j.donors));
}

/**
 * Where the worker script is, and how to start it. From compiled JavaScript the sibling
 * `fit-worker.js` is loaded directly. From TypeScript source (tsx, vitest) a worker does not
 * inherit the loader, so the worker first registers tsx's ESM hooks through its API, then imports
 * the `.ts` file. `null` when neither is available (for instance a bundle without the worker file).
 */
function workerBoot(): { code: string; eval: boolean } | { error: string } {
  const here = import.meta.url;
  const isSource = here.endsWith('.ts');
  const script = new URL(isSource ? './fit-worker.ts' : './fit-worker.js', here);
  if (!existsSync(fileURLToPath(script)))
    return { error: `worker script ${fileURLToPath(script)} not found` };
  if (!isSource) return { code: fileURLToPath(script), eval: false };
  try {
    const req = createRequire(here);
    const pkgPath = req.resolve('tsx/package.json');
    const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as {
      exports: Record<string, { import?: { default?: string } }>;
    };
    const rel = pkg.exports['./esm/api']?.import?.default;
    if (!rel) return { error: 'tsx has no ESM API to load TypeScript workers' };
    const api = pathToFileURL(fileURLToPath(new URL(rel, pathToFileURL(pkgPath)))).href;
    const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(script.href)}); });`;
    return { code, eval: true };
  } catch {
    return { error: 'running from TypeScript source without tsx installed' };
  }
}

/**
 * Run fits on `workers` worker threads (each gets the context once, then one job at a time, so
 * slow fits do not leave a thread idle). Falls back to this thread when workers cannot start, and
 * says why in `info.note`. Results come back in job order, identical to {@link runFitsSync}.
 */
export async function runFitsParallel(
  ctx: SynthContext,
  jobs: readonly FitJob[],
  workers: number,
): Promise<{ fits: SynthFit[]; info: RunInfo }> {
  const n = Math.max(1, Math.min(Math.floor(workers), jobs.length));
  if (n <= 1) return { fits: runFitsSync(ctx, jobs), info: { workers: 1, note: null } };
  const boot = workerBoot();
  if ('error' in boot) return { fits: runFitsSync(ctx, jobs), info: { workers: 1, note: boot.error } };
  const fits: SynthFit[] = new Array(jobs.length);
  let next = 0;
  const pool: Worker[] = [];
  try {
    await Promise.all(
      Array.from(
        { length: n },
        () =>
          new Promise<void>((resolve, reject) => {
            const w = new Worker(boot.code, { eval: boot.eval, execArgv: [] });
            pool.push(w);
            const send = () => {
              if (next >= jobs.length) {
                resolve();
                return;
              }
              const id = next++;
              w.postMessage({ type: 'job', id, job: jobs[id] });
            };
            w.on('message', (msg: WorkerMessage) => {
              if (msg.type === 'ready') send();
              else if (msg.type === 'fit') {
                fits[msg.id!] = msg.fit!;
                send();
              } else if (msg.type === 'error') reject(rebuildError(msg));
            });
            w.on('error', reject);
            w.postMessage({ type: 'context', ctx });
          }),
      ),
    );
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return { fits, info: { workers: n, note: null } };
}

interface WorkerMessage {
  readonly type: 'ready' | 'fit' | 'error';
  readonly id?: number;
  readonly fit?: SynthFit;
  readonly error?: string;
  readonly name?: string;
  readonly code?: string;
}

/** Re-create the library's typed error from a worker's message, so callers can branch on `code`. */
function rebuildError(msg: WorkerMessage): Error {
  const text = msg.error ?? 'worker failed';
  if (msg.name === 'DataError') return new DataError(msg.code as DataErrorCode, text);
  if (msg.name === 'SpecError') return new SpecError(msg.code as SpecErrorCode, text);
  if (msg.code) return new VerdeelmodelError(msg.code, text);
  return new Error(text);
}
