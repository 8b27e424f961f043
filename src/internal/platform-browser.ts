/**
 * The browser (and any non-Node runtime) implementation of the platform module (see ./platform.ts):
 * no Node built-in is imported. Work that would go to worker threads runs on the calling thread
 * (the callers already fall back to one thread when a worker cannot start, and say so in their
 * notes); file paths and DuckDB, which need Node, are a typed error saying what to pass instead.
 * Every export has the type of the Node implementation's export of the same name.
 * @internal
 */
import { SpecError } from '../errors.js';
import type * as NodePlatform from './platform-node.js';

export type { ProgressChannel } from './platform-node.js';

export const platformName: typeof NodePlatform.platformName = 'browser';

export const hasWorkerThreads: typeof NodePlatform.hasWorkerThreads = false;

/**
 * A `SharedArrayBuffer` where the page has one (cross-origin isolated), else a plain
 * `ArrayBuffer`: the callers only view it through typed arrays, and with no worker threads here
 * nothing else reads it.
 */
export const sharedBuffer: typeof NodePlatform.sharedBuffer = (bytes) =>
  typeof SharedArrayBuffer === 'function'
    ? new SharedArrayBuffer(bytes)
    : (new ArrayBuffer(bytes) as unknown as SharedArrayBuffer);

const NO_THREADS = 'worker threads are not available outside Node (browser build of verdeelmodel)';

/** Logical CPUs as the page sees them (`navigator.hardwareConcurrency`), at least 1. */
export const availableParallelism: typeof NodePlatform.availableParallelism = () => {
  const n = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 ? n : 1;
};

/** No parent thread: code here never runs as a worker thread. */
export const parentPort: typeof NodePlatform.parentPort = null;

export const workerTestHooks: typeof NodePlatform.workerTestHooks = {};

/** Never a worker module here: the callers run on this thread and note why. */
export const workerEntry: typeof NodePlatform.workerEntry = () => ({ error: NO_THREADS });

export const startWorker: typeof NodePlatform.startWorker = () => ({ error: NO_THREADS });

export const workerStopped: typeof NodePlatform.workerStopped = () => true;

export const endWorker: typeof NodePlatform.endWorker = () => {};

/** A channel nobody listens to (there is no `node:diagnostics_channel` here). */
export const progressChannel: typeof NodePlatform.progressChannel = () => ({
  hasSubscribers: false,
  publish: () => {},
});

/** Reading a file by path needs Node's file system: in a browser, pass the chunks instead. */
export const readTableChunks: typeof NodePlatform.readTableChunks = (path) => {
  throw new SpecError(
    'node-only',
    `reading the file '${path}' by path needs Node (node:fs); in a browser, pass the data itself (columns, rows or an async iterable of column chunks)`,
  );
};

/** DuckDB's Node bindings do not run in a browser. */
export const loadDuckDb: typeof NodePlatform.loadDuckDb = () =>
  Promise.reject(
    new SpecError(
      'node-only',
      'DuckDB (fitGlmDuckDb, duckDbSource) needs Node and the optional package @duckdb/node-api; in a browser, fit in-memory data with fitGlm',
    ),
  );

/** The ClickHouse client of this library is Node's (http, zlib, crypto). */
export const loadClickHouse: typeof NodePlatform.loadClickHouse = () =>
  Promise.reject(
    new SpecError(
      'node-only',
      'clickHouseSource needs Node and the optional package @clickhouse/client; in a browser, fit in-memory data with fitGlm',
    ),
  );
