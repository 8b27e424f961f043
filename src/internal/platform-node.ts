/**
 * The Node implementation of the platform module (see ./platform.ts): worker threads through the
 * one worker module, `os.availableParallelism`, `node:diagnostics_channel`, file readers, DuckDB.
 * ./platform-browser.ts exports the same names with the same types.
 * @internal
 */
import { channel } from 'node:diagnostics_channel';

export { availableParallelism } from 'node:os';
export { parentPort } from 'node:worker_threads';
export { readTableChunks } from '../data/io/read-table-chunks.js';
export { endWorker, startWorker, workerEntry, workerStopped, workerTestHooks } from '../workers/pool.js';

/** Which implementation this is (tests and error messages read it). */
export const platformName: 'node' | 'browser' = 'node';

/** Whether work can go to worker threads here (`threads` > 1 runs on one thread where not). */
export const hasWorkerThreads: boolean = true;

/** Memory worker threads can share: a `SharedArrayBuffer` of `bytes` bytes. */
export function sharedBuffer(bytes: number): SharedArrayBuffer {
  return new SharedArrayBuffer(bytes);
}

/** The part of a diagnostics channel the library publishes on. */
export interface ProgressChannel {
  readonly hasSubscribers: boolean;
  publish(message: unknown): void;
}

/** A named `node:diagnostics_channel` channel: subscribers get it by name (`subscribe('verdeelmodel:irls', …)`). */
export function progressChannel(name: string): ProgressChannel {
  return channel(name);
}

/** The optional peer dependency `@duckdb/node-api`, loaded on first use. */
export function loadDuckDb(): Promise<typeof import('@duckdb/node-api')> {
  return import('@duckdb/node-api');
}

/** The optional peer dependency `@clickhouse/client` (Node's HTTP client), loaded on first use. */
export function loadClickHouse(): Promise<typeof import('@clickhouse/client')> {
  return import('@clickhouse/client');
}
