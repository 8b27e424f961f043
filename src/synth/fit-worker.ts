/**
 * Worker-thread entry for {@link runFitsParallel}: receives the shared context once, then fits
 * one job per message and posts the plain result back.
 */
import { parentPort } from 'node:worker_threads';
import { VerdeelmodelError } from '../errors.js';
import type { SynthContext } from './context.js';
import { fitSynth } from './fit-synth.js';
import type { FitJob } from './run-fits.js';

let ctx: SynthContext | null = null;
parentPort?.on('message', (msg: { type: string; ctx?: SynthContext; id?: number; job?: FitJob }) => {
  if (msg.type === 'context') {
    ctx = msg.ctx!;
    parentPort!.postMessage({ type: 'ready' });
  } else if (msg.type === 'job' && ctx) {
    try {
      const fit = fitSynth(ctx, msg.job!.treated, msg.job!.donors);
      parentPort!.postMessage({ type: 'fit', id: msg.id, fit });
    } catch (e) {
      const err = e as Error;
      parentPort!.postMessage({
        type: 'error',
        id: msg.id,
        error: err.message,
        name: err.name,
        code: e instanceof VerdeelmodelError ? e.code : undefined,
      });
    }
  }
});
