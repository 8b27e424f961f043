/**
 * Worker side of {@link runFitsParallel}, started from the worker module (src/workers/worker.ts):
 * gets the shared context with its start data, says it is ready, then fits one job per message
 * and posts the plain result back. A fit that throws is posted as an error message (name, code,
 * message), so the parent rethrows the same typed error the one-thread run would throw.
 * @internal
 */
import { VerdeelmodelError } from '../errors.js';
import { parentPort } from '../internal/platform.js';
import type { SynthContext } from './context.js';
import { fitSynth } from './fit-synth.js';
import type { FitJob } from './run-fits.js';

/** What a synth fit worker gets at start. */
export interface SynthWorkerData {
  readonly ctx: SynthContext;
}

export function serveSynthFits(data: SynthWorkerData): void {
  const port = parentPort!;
  port.on('message', (msg: { type: string; id: number; job: FitJob }) => {
    if (msg.type !== 'job') return;
    try {
      const fit = fitSynth(data.ctx, msg.job.treated, msg.job.donors);
      port.postMessage({ type: 'fit', id: msg.id, fit });
    } catch (e) {
      const err = e as Error;
      port.postMessage({
        type: 'error',
        id: msg.id,
        error: err?.message ?? String(e),
        name: err?.name,
        code: e instanceof VerdeelmodelError ? e.code : undefined,
        details: e instanceof VerdeelmodelError ? plainDetails(e) : undefined,
      });
    }
  });
  port.postMessage({ type: 'ready' });
}

/** The own enumerable fields of a typed error (column, row, option, …) that survive a postMessage. */
function plainDetails(e: VerdeelmodelError): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(e)) {
    const v = (e as unknown as Record<string, unknown>)[key];
    if (v === null || ['string', 'number', 'boolean'].includes(typeof v) || Array.isArray(v)) out[key] = v;
  }
  return out;
}
