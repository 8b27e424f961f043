/**
 * The fast CSV path of {@link readTable}: the file's bytes parsed straight into typed columns (see
 * `csv-bytes.ts`), in parallel over byte ranges on worker threads. Same contract as the string reader
 * (`csv-source.ts`): the same header and record syntax, the same `na` rules, the same doubles and the same
 * errors, with one documented difference: column types are inferred from a sample (the first
 * {@link SAMPLE_ROWS} data rows) instead of the whole file, and a later cell that does not fit the inferred
 * type is a `DataError` naming its row and column (never a silent change of type).
 * @internal
 */
import { closeSync, createReadStream, createWriteStream, fstatSync, openSync, readSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { DataError, SpecError } from '../../errors.js';
import { startWorker } from '../../workers/pool.js';
import { textFromCodes } from '../frame.js';
import { cellsToColumn, inferCellType, type QuotedCells, unescapeSpreadsheet } from './cells.js';
import { planColumns } from './column-mapping.js';
import {
  AFTER_QUOTE,
  afterQuoteInPiece,
  type CsvPlan,
  cellText,
  INCOMPLETE,
  OK,
  parseCsvRange,
  type RangeResult,
  RecordScan,
  type SlotKind,
  UNCLOSED,
} from './csv-bytes.js';
import { DEFAULT_NA } from './csv-source.js';
import { ownValue } from './own.js';
import type { ColumnType, ReadTableOptions } from './types.js';

/** Data rows the column types are inferred from. @internal */
export const SAMPLE_ROWS = 10_000;
/** Below this many bytes one thread reads the file (starting a worker costs more than it saves). */
const PARALLEL_BYTES = 8 << 20;
const CANDIDATES = [44, 59, 9, 124]; // , ; tab |
const LF_BYTE = 10;
const EMPTY = new Float64Array(0);

/** A text column as the fast reader makes it: codes into sorted levels, -1 = missing. @internal */
export interface CsvFactor {
  readonly codes: Int32Array;
  readonly levels: string[];
}

/** The columns of a CSV file, in output order. @internal */
export interface CsvBytesTable {
  readonly names: readonly string[];
  readonly columns: readonly (Float64Array | CsvFactor)[];
  /** Byte ranges the file was parsed in (1 = one pass on this thread); each went to a worker where one started. */
  readonly threads: number;
}

/**
 * Test seams: split small files too (`parallelBytes`), or at given offsets (`splitAt`, say inside a quoted
 * line break, to exercise the one-thread fallback). Clear them after use.
 * @internal
 */
export const csvBytesTestHooks: {
  parallelBytes?: number;
  splitAt?: (size: number, threads: number) => number[];
  /** Parse every range on this thread (the split and merge without the cost of starting workers). */
  inlineRanges?: boolean;
} = {};

function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.allocUnsafe(length);
  let n = 0;
  while (n < length) {
    const got = readSync(fd, buf, n, length - n, position + n);
    if (got === 0) break;
    n += got;
  }
  return n === length ? buf : buf.subarray(0, n);
}

/** The candidate delimiter that occurs most often outside quotes in the header line; `,` on a tie or none. */
function detectDelimiter(b: Uint8Array, from: number): number {
  let end = b.indexOf(LF_BYTE, from);
  if (end < 0) end = b.length;
  if (end > from && b[end - 1] === 13) end--;
  const counts = [0, 0, 0, 0];
  let quoted = false;
  for (let p = from; p < end; p++) {
    const c = b[p];
    if (c === 34) quoted = !quoted;
    else if (!quoted) {
      const k = CANDIDATES.indexOf(c!);
      if (k >= 0) counts[k]!++;
    }
  }
  let best = 0;
  for (let k = 1; k < 4; k++) if (counts[k]! > counts[best]!) best = k;
  return CANDIDATES[best]!;
}
function recordError(
  path: string,
  kind: 'unclosed' | 'after-quote' | 'ragged',
  row: number,
  fields: number,
  width: number,
): DataError {
  const message =
    kind === 'unclosed'
      ? `${path}: a quoted cell in data row ${row} is never closed (missing closing quote)`
      : kind === 'after-quote'
        ? `${path}: data row ${row} has text after the closing quote of a cell; quote the whole cell`
        : `${path}: data row ${row} has ${fields} fields but the header has ${width}`;
  return new DataError('invalid-value', message, { row });
}

/**
 * Read a CSV file through the byte parser. Returns null when this path cannot serve the options (a
 * delimiter outside ASCII, one file column read under two names as two types) or when a later cell does not
 * fit a column whose type was inferred from a sample without one value: the caller then uses the string
 * reader, which infers from every row. `threads` 1 never starts a worker.
 * @internal
 */
export async function readCsvBytes(
  path: string,
  options: ReadTableOptions,
  threads: number = Math.min(4, availableParallelism()),
  file: string = path,
  sortLevels = true,
): Promise<CsvBytesTable | null> {
  const decimal = options.decimal ?? '.';
  const naList = options.na ?? DEFAULT_NA;
  const na = new Set(naList);
  const undoSafe = options.spreadsheetSafe ?? false;
  if (options.delimiter !== undefined && options.delimiter.charCodeAt(0) >= 128) return null;

  const fd = openSync(file, 'r');
  let size: number;
  let head: Buffer;
  try {
    size = fstatSync(fd).size;
    let want = Math.min(size, 4 << 20);
    head = readAt(fd, 0, want);
    const bom = head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
    // As the string reader: a first block with CRs and no LF means CR line ends.
    const first = head.subarray(bom, bom + (1 << 16));
    const newline = first.indexOf(10) < 0 && first.indexOf(13) >= 0 ? 13 : 10;
    const delimiter =
      options.delimiter !== undefined
        ? options.delimiter.charCodeAt(0)
        : /\.tsv(\.gz)?$/i.test(path)
          ? 9
          : detectDelimiter(head, bom);
    if (decimal === ',' && delimiter === 44) {
      throw new SpecError('invalid-option', "decimal ',' needs another delimiter, such as delimiter: ';'");
    }

    // The header: the first record that is not a blank line (a header longer than the head block reads more).
    let scan = new RecordScan(1024);
    let i = bom;
    let eof = head.length >= size;
    for (;;) {
      const status = scan.scan(head, i, head.length, eof, delimiter, newline);
      if (status === INCOMPLETE) {
        if (eof) break;
        want *= 2;
        head = readAt(fd, 0, Math.min(size, want));
        eof = head.length >= size;
        continue;
      }
      if (status === UNCLOSED || status === AFTER_QUOTE) {
        throw recordError(path, status === UNCLOSED ? 'unclosed' : 'after-quote', 1, 0, 0);
      }
      if (scan.fields > scan.starts.length) {
        scan = new RecordScan(scan.fields);
        continue;
      }
      if (scan.blank) {
        if (scan.next >= head.length && eof) break;
        i = scan.next;
        continue;
      }
      break;
    }
    if (scan.fields === 0 || (scan.blank && scan.next >= head.length)) {
      throw new DataError('empty', `${path} is empty: it has no header line`);
    }
    const names: string[] = [];
    for (let f = 0; f < scan.fields; f++) {
      const t = cellText(head, scan.starts[f]!, scan.ends[f]!, scan.flags[f]!);
      names.push(undoSafe ? unescapeSpreadsheet(t) : t);
    }
    const width = names.length;
    const dataStart = scan.next;
    let plan: ReturnType<typeof planColumns>;
    try {
      plan = planColumns(names, options.mapping, options.columns, path);
    } catch (e) {
      // As the string reader: "text after a closing quote" in the first 64 KB piece comes first.
      const later = afterQuoteInPiece(file, dataStart, { width, delimiter, newline });
      if (later > 0) throw recordError(path, 'after-quote', later, 0, 0);
      throw e;
    }
    const position = new Map(names.map((c, k) => [c, k]));
    const index = plan.source.map((s) => position.get(s)!);

    // The sample: the first SAMPLE_ROWS data rows of the head block, as strings, for inference.
    const sample = index.map(() => [] as (string | null)[]);
    const quoted: QuotedCells[] = names.map(() => ({ text: false, na: false }));
    const rowScan = new RecordScan(width);
    let sampleRows = 0;
    let j = dataStart;
    let sampleEnd = dataStart;
    for (;;) {
      if (sampleRows === SAMPLE_ROWS) break;
      if (j >= head.length && eof) break;
      const status = rowScan.scan(head, j, head.length, eof, delimiter, newline);
      if (status === INCOMPLETE && !eof && sampleRows === 0) {
        // Not one whole row in the block: read more (a huge first row).
        want *= 2;
        head = readAt(fd, 0, Math.min(size, want));
        eof = head.length >= size;
        continue;
      }
      // A malformed record ends the sample; the full parse reports it with its row.
      if (status !== OK) break;
      j = rowScan.next;
      if (rowScan.blank && width !== 1) continue;
      if (rowScan.fields !== width) break;
      for (let k = 0; k < index.length; k++) {
        const f = index[k]!;
        const s = rowScan.starts[f]!;
        const e = rowScan.ends[f]!;
        const flag = rowScan.flags[f]!;
        const t = cellText(head, s, e, flag);
        sample[k]!.push(flag === 0 && na.has(t) ? null : t);
      }
      for (let f = 0; f < width; f++) {
        if (rowScan.flags[f] === 0) continue;
        const t = cellText(head, rowScan.starts[f]!, rowScan.ends[f]!, rowScan.flags[f]!);
        if (na.has(t)) quoted[f]!.na = true;
        else quoted[f]!.text = true;
      }
      sampleRows++;
      sampleEnd = j;
    }

    // Types: given, else inferred from the sample; one slot per (file column, type).
    const types: ColumnType[] = [];
    const inferred: boolean[] = [];
    plan.target.forEach((name, k) => {
      const given = ownValue(options.types, name);
      types.push(given ?? inferCellType(sample[k]!, na, decimal, quoted[index[k]!]));
      inferred.push(given === undefined && types[k] !== 'string');
    });
    const slotOf = new Array<number>(width).fill(-1);
    const slotOfTarget: number[] = [];
    const kinds: SlotKind[] = [];
    const quotedIsError: boolean[] = [];
    for (let k = 0; k < index.length; k++) {
      const f = index[k]!;
      const s = slotOf[f]!;
      if (s >= 0) {
        if (kinds[s] !== types[k] || quotedIsError[s] !== inferred[k]) return null;
        slotOfTarget.push(s);
        continue;
      }
      slotOf[f] = kinds.length;
      slotOfTarget.push(kinds.length);
      kinds.push(types[k]!);
      quotedIsError.push(inferred[k]!);
    }
    const csvPlan: CsvPlan = {
      delimiter,
      newline,
      width,
      slotOf,
      kinds,
      quotedIsError,
      decimal,
      na: naList,
      undoSafe,
    };

    // Byte ranges starting at line starts; each is checked afterwards to start where the previous ended.
    const bytesPerRow = sampleRows > 0 ? (sampleEnd - dataStart) / sampleRows : 64;
    let n =
      size - dataStart < (csvBytesTestHooks.parallelBytes ?? PARALLEL_BYTES)
        ? 1
        : Math.max(1, Math.floor(threads));
    const starts = [dataStart];
    if (n > 1) {
      const cuts = csvBytesTestHooks.splitAt?.(size, n);
      const nominal =
        cuts ??
        Array.from({ length: n - 1 }, (_, k) => dataStart + Math.floor(((k + 1) * (size - dataStart)) / n));
      for (const at of nominal) {
        const probe = readAt(fd, at, 1 << 20);
        const nl = probe.indexOf(newline);
        const s = nl < 0 ? -1 : at + nl + 1;
        if (s > starts[starts.length - 1]! && s < size) starts.push(s);
      }
      n = starts.length;
    }
    const stops = [...starts.slice(1), size];
    const hint = (k: number) => ((stops[k]! - starts[k]!) / Math.max(1, bytesPerRow)) * 1.05 + 1024;

    let results = await parseRanges(file, starts, stops, csvPlan, hint);
    let used = n;
    // A split inside a quoted cell (a quoted line break) shows as a range that did not end where the next
    // one starts: then the whole file is parsed again on one thread.
    for (let k = 0; k < results.length - 1; k++) {
      if (results[k]!.error !== null) break;
      if (results[k]!.end !== starts[k + 1]) {
        results = [parseCsvRange(file, dataStart, size, csvPlan, hint(0) * n)];
        used = 1;
        break;
      }
    }
    return merge(
      path,
      results,
      plan.target,
      types,
      slotOfTarget,
      csvPlan,
      width,
      na,
      decimal,
      sampleRows,
      used,
      kinds.map((_, s) => {
        // Per slot: inferred, from a sample in which the column has no present cell.
        const k = slotOfTarget.indexOf(s);
        return inferred[k]! && sample[k]!.every((c) => c === null || na.has(c));
      }),
      sortLevels,
    );
  } finally {
    closeSync(fd);
  }
}

/** Parse every range: the first on this thread, the others on workers (on this thread where one fails). */
async function parseRanges(
  path: string,
  starts: readonly number[],
  stops: readonly number[],
  plan: CsvPlan,
  hint: (k: number) => number,
): Promise<RangeResult[]> {
  const n = starts.length;
  const pending: Promise<RangeResult | null>[] = [];
  for (let k = 1; k < n; k++) {
    const data: CsvRangeTask = { path, start: starts[k]!, stop: stops[k]!, plan, rowsHint: hint(k) };
    const started = csvBytesTestHooks.inlineRanges
      ? { error: 'inline' }
      : startWorker('csv-range', data, { maxOldGenerationSizeMb: 4096 }, k);
    if ('error' in started) {
      pending.push(Promise.resolve(null));
      continue;
    }
    const w = started.worker;
    pending.push(
      new Promise<RangeResult | null>((resolve) => {
        w.once('message', (msg: { result?: RangeResult }) => resolve(msg.result ?? null));
        w.once('error', () => resolve(null));
        w.once('exit', () => resolve(null));
      }).finally(() => void w.terminate().catch(() => {})),
    );
  }
  // The first range's columns are sized for the whole file, so the merge appends the other ranges to
  // them instead of copying every range into new columns.
  let whole = 0;
  for (let k = 0; k < n; k++) whole += hint(k);
  const first = parseCsvRange(path, starts[0]!, stops[0]!, plan, whole);
  const rest = await Promise.all(pending);
  return [
    first,
    ...rest.map((r, k) => r ?? parseCsvRange(path, starts[k + 1]!, stops[k + 1]!, plan, hint(k + 1))),
  ];
}

/**
 * {@link readCsvBytes} for a gzip-compressed file: decompressed as a stream into a temporary file first
 * (removed afterwards), so that the byte ranges can be read from disk in parallel. @internal
 */
export async function readCsvGzBytes(
  path: string,
  options: ReadTableOptions,
  threads?: number,
  sortLevels = true,
): Promise<CsvBytesTable | null> {
  const folder = await mkdtemp(join(tmpdir(), 'verdeelmodel-csv-'));
  const file = join(folder, 'table.csv');
  try {
    await pipeline(createReadStream(path), createGunzip(), createWriteStream(file));
    return await readCsvBytes(path, options, threads, file, sortLevels);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** What a `csv-range` worker gets. @internal */
export interface CsvRangeTask {
  readonly path: string;
  readonly start: number;
  readonly stop: number;
  readonly plan: CsvPlan;
  readonly rowsHint: number;
}

function merge(
  path: string,
  results: readonly RangeResult[],
  target: readonly string[],
  types: readonly ColumnType[],
  slotOfTarget: readonly number[],
  plan: CsvPlan,
  width: number,
  na: ReadonlySet<string>,
  decimal: '.' | ',',
  sampleRows: number,
  threads: number,
  blind: readonly boolean[],
  sortLevels: boolean,
): CsvBytesTable | null {
  // A record error stops the read (as in the string reader, before any cell's type is checked).
  let offset = 0;
  for (const r of results) {
    if (r.error !== null) throw recordError(path, r.error.kind, offset + r.error.row, r.error.fields, width);
    offset += r.rows;
  }
  const total = offset;
  // Then the first column (in output order) with a cell that does not fit, at its first such row.
  for (let k = 0; k < target.length; k++) {
    const s = slotOfTarget[k]!;
    let before = 0;
    for (const r of results) {
      const b = r.bad[s];
      if (b) {
        const row = before + b.row;
        // A column without a value in the sample was typed numeric without evidence: the string reader
        // infers it from every row (a text column written with no value in its first rows is text).
        if (blind[s]) return null;
        const name = target[k]!;
        if (b.quoted) {
          const type = types[k]!;
          throw new DataError(
            'invalid-value',
            `column '${name}' row ${row} holds the quoted text '${b.cell}', but the column was read as ${type} from its first ${sampleRows} rows, where no cell was quoted (a quoted cell is text); ` +
              `read it with types: { '${name}': 'string' }, or types: { '${name}': '${type}' } to read quoted cells as ${type === 'number' ? 'numbers' : 'true/false'}`,
            { column: name, row },
          );
        }
        // The string reader's own message for this cell (it throws for it).
        cellsToColumn([b.cell], types[k]!, name, row, na, decimal, false);
        /* v8 ignore next */
        throw new DataError('invalid-value', `column '${name}' row ${row} holds '${b.cell}'`, {
          column: name,
          row,
        });
      }
      before += r.rows;
    }
  }
  const slots: (Float64Array | CsvFactor)[] = plan.kinds.map((kind, s) => {
    if (kind !== 'string') {
      const head = results[0]!.values[s] as Float64Array;
      if (results.length === 1) return head.subarray(0, total);
      const fits = head.length >= total;
      const out = fits ? head : new Float64Array(total);
      let at = fits ? results[0]!.rows : 0;
      for (const r of fits ? results.slice(1) : results) {
        out.set((r.values[s] as Float64Array).subarray(0, r.rows), at);
        at += r.rows;
        // Let the range's copy go now: peak memory is the table plus one column, not two tables.
        r.values[s] = EMPTY;
      }
      return fits ? out.subarray(0, total) : out;
    }
    if (results.length === 1 && !sortLevels && !plan.undoSafe) {
      return {
        codes: (results[0]!.values[s] as Int32Array).subarray(0, total),
        levels: results[0]!.levels[s]!,
      };
    }
    // Levels of every range, sorted as the frame sorts them; each range's local codes remapped in one pass.
    const all = new Set<string>();
    for (const r of results) for (const l of r.levels[s]!) all.add(l);
    // Unsorted (first seen) when the caller turns the codes back into strings: sorting is then wasted.
    const levels = sortLevels ? [...all].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) : [...all];
    const rank = new Map(levels.map((l, c) => [l, c]));
    // The first range's codes receive the others when they have room (remapped in place: each code is
    // read before it is written).
    const head = results[0]!.values[s] as Int32Array;
    const codes = head.length >= total ? head.subarray(0, total) : new Int32Array(total);
    let at = 0;
    for (const r of results) {
      const local = r.levels[s]!;
      const remap = Int32Array.from(local, (l) => rank.get(l)!);
      const src = r.values[s] as Int32Array;
      for (let i = 0; i < r.rows; i++) {
        const c = src[i]!;
        codes[at + i] = c < 0 ? -1 : remap[c]!;
      }
      at += r.rows;
      if (r.values[s] !== head) r.values[s] = EMPTY;
    }
    return { codes, levels };
  });
  // An output that shares its slot with an earlier one gets its own copy.
  const seen = new Set<number>();
  const columns = slotOfTarget.map((s) => {
    const c = slots[s]!;
    if (!seen.has(s)) {
      seen.add(s);
      return c;
    }
    return c instanceof Float64Array ? c.slice() : { codes: c.codes.slice(), levels: [...c.levels] };
  });
  return { names: target, columns, threads };
}

/** A factor as the `(string | null)[]` text column readTable returns (one string per level, shared). @internal */
export function factorToStrings(f: CsvFactor): (string | null)[] {
  return textFromCodes(f.codes, f.levels);
}
