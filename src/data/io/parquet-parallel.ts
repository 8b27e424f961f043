/**
 * A whole Parquet file read in parallel over row groups: this thread and worker threads (the pool's
 * `parquet-columns` task) claim row groups one at a time from a shared counter, read their column chunks
 * with `fs` and decode them with {@link readDirectChunk} straight into columns in SharedArrayBuffers
 * (numbers: Float64Array; text: first-seen codes into an Int32Array, each thread numbering its own
 * levels, remapped here afterwards). Every row group a worker did not deliver (it failed to start, died,
 * hung, or met bad data) is decoded again on this thread, in row-group order, so the table and the
 * first error (its 1-based row, its code) are those of a one-thread read.
 * @internal
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { AsyncBuffer, ColumnChunk, Compressors, SchemaTree } from 'hyparquet';
import { loadOptional } from '../../internal/optional.js';
import { endWorker, startWorker } from '../../workers/pool.js';
import { textFromCodes } from '../frame.js';
import { chunkRange, type DirectColumn, readDirectChunk } from './parquet-columns.js';

/** From this many decoded bytes (rows × columns × 8) on, a whole-file read starts workers. */
const PARALLEL_BYTES = 64 << 20;
/** The least wait for a worker after this thread's share is done (then: 50 × that share's time). */
const TIMEOUT_MS = 30_000;

/**
 * Test seams: parallel from a smaller size (`parallelBytes`), a worker that throws, exits or hangs at its
 * first row group (`fault`), a shorter wait for a silent worker (`timeoutMs`). Clear them after use.
 * @internal
 */
export const parquetParallelTestHooks: {
  parallelBytes?: number;
  fault?: 'throw' | 'exit' | 'hang';
  timeoutMs?: number;
  /** Threads of a whole-file read (this one included), instead of the machine's. */
  threads?: number;
  /** This thread claims no row group itself (the workers decode them all; it decodes only what they leave). */
  mainIdle?: boolean;
  /** Called with whether each worker delivered its row groups. */
  delivered?: (ok: boolean) => void;
} = {};

/** One column to read: its name, kind and schema node (the same on every thread). @internal */
export interface ParallelColumn {
  readonly name: string;
  readonly kind: 'numeric' | 'text';
  readonly node: SchemaTree;
}

/** One row group: its first row, row count, and the chunk of every column (in column order). @internal */
export interface ParallelGroup {
  readonly rowStart: number;
  readonly rows: number;
  readonly chunks: readonly ColumnChunk[];
}

/** What a `parquet-columns` worker gets. @internal */
export interface ParquetColumnsTask {
  readonly path: string;
  readonly byteLength: number;
  readonly columns: readonly ParallelColumn[];
  readonly groups: readonly ParallelGroup[];
  /** Per column: the SharedArrayBuffer of its Float64Array (numbers) or Int32Array (text codes). */
  readonly outs: readonly SharedArrayBuffer[];
  /** Int32Array [next row group to claim, stop]. */
  readonly ctrl: SharedArrayBuffer;
  /** Int32Array per row group: 0 unclaimed, 1 this thread, -(2 + k) claimed by worker k, 2 + k delivered by k. */
  readonly owner: SharedArrayBuffer;
  readonly index: number;
  readonly fault: 'throw' | 'exit' | 'hang' | null;
}

/** A text column read in parallel: first-seen codes (-1 = missing) and the levels they number. @internal */
export interface CodedText {
  readonly codes: Int32Array;
  readonly seen: string[];
}

/** Whether a whole-file read of `rows` × `columns` is worth workers. @internal */
export function parquetParallelPays(rows: number, columns: number, threads: number): boolean {
  return threads > 1 && rows * columns * 8 >= (parquetParallelTestHooks.parallelBytes ?? PARALLEL_BYTES);
}

/** The threads a whole-file read uses by default (this one included). @internal */
export function parquetThreads(): number {
  return parquetParallelTestHooks.threads ?? Math.min(4, availableParallelism());
}

function readAt(fd: number, position: number, length: number): Uint8Array {
  const buf = new Uint8Array(length);
  let n = 0;
  while (n < length) {
    const got = readSync(fd, buf, n, length - n, position + n);
    if (got === 0) break;
    n += got;
  }
  return n === length ? buf : buf.subarray(0, n);
}

/** The bytes of one row group's chunks, read at once, as the AsyncBuffer {@link readDirectChunk} takes. */
function groupBuffer(fd: number, byteLength: number, chunks: readonly ColumnChunk[]): AsyncBuffer {
  let lo = Number.POSITIVE_INFINITY;
  let hi = 0;
  for (const c of chunks) {
    const [s, e] = chunkRange(c);
    lo = Math.min(lo, s);
    hi = Math.max(hi, e);
  }
  const bytes = hi > lo ? readAt(fd, lo, hi - lo) : new Uint8Array(0);
  return {
    byteLength,
    slice: (s: number, e?: number) => {
      const a = bytes.byteOffset + s - lo;
      return bytes.buffer.slice(a, bytes.byteOffset + (e ?? hi) - lo) as ArrayBuffer;
    },
  };
}

/** Decode row groups claimed from `ctrl` until none is left (or `stop`); -(1) marks own failures. */
async function claimGroups(
  fd: number,
  task: Omit<ParquetColumnsTask, 'index' | 'fault' | 'path'>,
  direct: readonly DirectColumn[],
  outs: readonly (Float64Array | Int32Array)[],
  me: number,
  compressors: Compressors,
  decodeText: (bytes: Uint8Array) => string,
  beforeGroup?: () => void,
): Promise<void> {
  const ctrl = new Int32Array(task.ctrl);
  const owner = new Int32Array(task.owner);
  const n = task.groups.length;
  for (;;) {
    if (Atomics.load(ctrl, 1) !== 0) return;
    const g = Atomics.add(ctrl, 0, 1);
    if (g >= n) return;
    beforeGroup?.();
    const group = task.groups[g]!;
    Atomics.store(owner, g, me === 1 ? 1 : -me);
    try {
      const bytes = groupBuffer(fd, task.byteLength, group.chunks);
      for (let k = 0; k < direct.length; k++) {
        await readDirectChunk(
          bytes,
          group.chunks[k]!,
          group.rows,
          direct[k]!,
          group.rowStart,
          compressors,
          decodeText,
          { column: outs[k]!, at: group.rowStart },
        );
      }
      Atomics.store(owner, g, me);
    } catch {
      // Left for this thread's in-order pass, which meets (and throws) the same error.
      Atomics.store(owner, g, 0);
      Atomics.store(ctrl, 1, 1);
      return;
    }
  }
}

const KEEP_BOM = new TextDecoder('utf-8', { ignoreBOM: true });
const decodeKeepBom = (bytes: Uint8Array) => KEEP_BOM.decode(bytes);

function ownColumns(columns: readonly ParallelColumn[]): DirectColumn[] {
  return columns.map((c) => ({
    ...c,
    levels: new Map(),
    ...(c.kind === 'text' ? { codes: { of: new Map<string, number>(), seen: [] as string[] } } : {}),
  }));
}

function views(columns: readonly ParallelColumn[], outs: readonly SharedArrayBuffer[]) {
  return columns.map((c, k) =>
    c.kind === 'numeric' ? new Float64Array(outs[k]!) : new Int32Array(outs[k]!),
  );
}

/** The `parquet-columns` worker task: claim and decode row groups, then post the text levels it numbered. @internal */
export async function serveParquetColumns(task: ParquetColumnsTask): Promise<void> {
  const { parentPort } = await import('node:worker_threads');
  const { compressors } = await loadOptional(
    'hyparquet-compressors',
    'readTable (Parquet)',
    () => import('hyparquet-compressors'),
  );
  const direct = ownColumns(task.columns);
  const outs = views(task.columns, task.outs);
  const fd = openSync(task.path, 'r');
  let first = true;
  try {
    await claimGroups(fd, task, direct, outs, 2 + task.index, compressors, decodeKeepBom, () => {
      if (!first || task.fault === null) return;
      first = false;
      if (task.fault === 'throw') throw new Error('test fault: parquet worker throws');
      if (task.fault === 'exit') process.exit(1);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); // hang
    });
  } finally {
    closeSync(fd);
  }
  parentPort!.postMessage({ seen: direct.map((d) => d.codes?.seen ?? null) });
}

/**
 * Read every row group of the file into whole columns on `threads` threads (this one and workers).
 * Numbers come back as Float64Array, text as first-seen codes and their levels.
 * @internal
 */
export async function readParquetParallel(
  path: string,
  byteLength: number,
  columns: readonly ParallelColumn[],
  groups: readonly ParallelGroup[],
  totalRows: number,
  threads: number,
  compressors: Compressors,
  decodeText: (bytes: Uint8Array) => string,
): Promise<(Float64Array | CodedText)[]> {
  const shared = columns.map((c) => new SharedArrayBuffer(totalRows * (c.kind === 'numeric' ? 8 : 4)));
  const ctrl = new SharedArrayBuffer(8);
  const owner = new SharedArrayBuffer(4 * Math.max(1, groups.length));
  const base = { byteLength, columns, groups, outs: shared, ctrl, owner };
  const workers: Promise<(string[] | null)[] | null>[] = [];
  const stopped: (() => void)[] = [];
  const running: import('node:worker_threads').Worker[] = [];
  for (let k = 0; k < threads - 1; k++) {
    const data: ParquetColumnsTask = {
      ...base,
      path,
      index: k,
      fault: parquetParallelTestHooks.fault ?? null,
    };
    const started = startWorker('parquet-columns', data, { maxOldGenerationSizeMb: 1024 }, k);
    if ('error' in started) continue;
    const w = started.worker;
    running.push(w);
    let settle: (v: (string[] | null)[] | null) => void = () => {};
    workers.push(
      new Promise<(string[] | null)[] | null>((resolve) => {
        settle = resolve;
        w.once('message', (msg: { seen?: (string[] | null)[] }) => resolve(msg.seen ?? null));
        w.once('error', () => resolve(null));
        w.once('exit', () => resolve(null));
      }).finally(async () => {
        // Ended before its row groups are decoded again here: a worker given up must not write any more.
        await w.terminate().catch(() => {});
      }),
    );
    stopped.push(() => settle(null));
  }
  const direct = ownColumns(columns);
  const outs = views(columns, shared);
  const fd = openSync(path, 'r');
  try {
    const t0 = performance.now();
    if (!parquetParallelTestHooks.mainIdle)
      await claimGroups(fd, base, direct, outs, 1, compressors, decodeText);
    // A worker that has not answered long after this thread finished its share is given up.
    const wait = Math.max(parquetParallelTestHooks.timeoutMs ?? TIMEOUT_MS, 50 * (performance.now() - t0));
    const timer = setTimeout(() => {
      for (const s of stopped) s();
    }, wait);
    const seen = await Promise.all(workers);
    clearTimeout(timer);
    for (const s of seen) parquetParallelTestHooks.delivered?.(s !== null);
    // Everything not delivered, in row-group order, on this thread (a bad group throws as on one thread).
    const own = new Int32Array(owner);
    Atomics.store(new Int32Array(ctrl), 1, 1);
    for (let g = 0; g < groups.length; g++) {
      const o = own[g]!;
      if (o === 1 || (o >= 2 && seen[o - 2] != null)) continue;
      own[g] = 1;
      const group = groups[g]!;
      const bytes = groupBuffer(fd, byteLength, group.chunks);
      for (let k = 0; k < direct.length; k++) {
        await readDirectChunk(
          bytes,
          group.chunks[k]!,
          group.rows,
          direct[k]!,
          group.rowStart,
          compressors,
          decodeText,
          {
            column: outs[k]!,
            at: group.rowStart,
          },
        );
      }
    }
    // Text: the workers' codes renumbered into this thread's levels.
    return columns.map((c, k) => {
      if (c.kind === 'numeric') return outs[k] as Float64Array;
      const codes = outs[k] as Int32Array;
      const mine = direct[k]!.codes!;
      const remaps = seen.map((s) => {
        const theirs = s?.[k];
        if (!theirs) return null;
        const remap = new Int32Array(theirs.length + 1);
        remap[0] = -1;
        theirs.forEach((level, j) => {
          let code = mine.of.get(level);
          if (code === undefined) {
            code = mine.seen.length;
            mine.of.set(level, code);
            mine.seen.push(level);
          }
          remap[j + 1] = code;
        });
        return remap;
      });
      for (let g = 0; g < groups.length; g++) {
        const o = own[g]!;
        if (o < 2) continue;
        const remap = remaps[o - 2]!;
        const { rowStart, rows } = groups[g]!;
        for (let i = rowStart; i < rowStart + rows; i++) codes[i] = remap[codes[i]! + 1]!;
      }
      return { codes, seen: mine.seen };
    });
  } finally {
    closeSync(fd);
    Atomics.store(new Int32Array(ctrl), 1, 1);
    for (const w of running) endWorker(w);
  }
}

/** First-seen codes as the text column a one-thread read returns (-1 = null). @internal */
export function codesToStrings({ codes, seen }: CodedText): (string | null)[] {
  return textFromCodes(codes, seen);
}
