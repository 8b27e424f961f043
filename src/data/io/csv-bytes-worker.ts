/**
 * The `csv-range` worker task: parse one byte range of a CSV file (see `parseCsvRange`) and send its
 * columns back, moving (not copying) their buffers. An error here ends the worker; the caller then parses
 * that range on its own thread.
 * @internal
 */
import { parentPort } from 'node:worker_threads';
import { parseCsvRange } from './csv-bytes.js';
import type { CsvRangeTask } from './csv-bytes-read.js';

/** Run one range task and post `{ result }`. @internal */
export function serveCsvRange(task: CsvRangeTask): void {
  const result = parseCsvRange(task.path, task.start, task.stop, task.plan, task.rowsHint);
  parentPort!.postMessage(
    { result },
    result.values.map((v) => v.buffer as ArrayBuffer),
  );
}
