/**
 * The worker module: the one file every worker thread of the library starts from (shipped in
 * `dist` as `worker.js` and `worker.cjs`; see {@link startWorker}). It loads only the code of
 * its task, so a GLM pass worker does not load the synth code and the reverse.
 * @internal
 */
import { workerData } from 'node:worker_threads';
import type { WorkerPayload } from './pool.js';

const payload = workerData as WorkerPayload;
// No top-level await: the CommonJS build of this file must load too. An error here (a task
// module that cannot load) ends the worker, which its parent notices and recovers from.
if (payload.task === 'glm-pass') {
  void import('../glm/parallel.js').then((m) => m.serveGlmPasses(payload.data as never));
} else if (payload.task === 'synth-fits') {
  void import('../synth/fit-worker.js').then((m) => m.serveSynthFits(payload.data as never));
} else if (payload.task === 'glm-predict') {
  void import('../glm/predict-kernel.js').then((m) => m.serveGlmPredict(payload.data as never));
} else if (payload.task === 'csv-range') {
  void import('../data/io/csv-bytes-worker.js').then((m) => m.serveCsvRange(payload.data as never));
} else if (payload.task === 'parquet-columns') {
  void import('../data/io/parquet-parallel.js').then((m) => m.serveParquetColumns(payload.data as never));
} else if (payload.task === 'generate-rows') {
  void import('../generate/household-rows.js').then((m) => m.serveGenerateRows(payload.data as never));
} else {
  throw new Error(`unknown worker task ${String((payload as { task?: unknown }).task)}`);
}
