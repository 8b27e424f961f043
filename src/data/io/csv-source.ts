import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { DataError, SpecError } from '../../errors.js';
import { cellsToColumn, inferCellType, unescapeSpreadsheet } from './cells.js';
import { planColumns } from './column-mapping.js';
import type { ColumnType, ReadTableChunksOptions, TableColumns } from './types.js';

/** Cells read as missing unless the caller says otherwise. @internal */
export const DEFAULT_NA: readonly string[] = ['', 'NA', 'N/A', 'NaN', 'null', 'NULL'];
const CANDIDATES = [',', ';', '\t', '|'];

function open(path: string): Readable {
  // Decoded as a string stream: UTF-8 characters split across file blocks stay whole.
  if (/\.gz$/i.test(path)) return createReadStream(path).pipe(createGunzip()).setEncoding('utf8');
  return createReadStream(path, { encoding: 'utf8' });
}

/** The first line of the file (up to 1 MB), for delimiter detection. */
async function headerLine(path: string): Promise<string> {
  const stream = open(path);
  let text = '';
  try {
    for await (const chunk of stream) {
      text += chunk as string;
      const nl = text.search(/\r?\n/);
      if (nl >= 0) return text.slice(0, nl);
      if (text.length > 1 << 20) break;
    }
  } finally {
    stream.destroy();
  }
  return text;
}

/** The candidate delimiter that occurs most often outside quotes in the header line; `,` on a tie or none. */
function detectDelimiter(line: string): string {
  const counts = new Map(CANDIDATES.map((c) => [c, 0]));
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  for (const c of CANDIDATES) if (counts.get(c)! > counts.get(best)!) best = c;
  return best;
}

/**
 * Records of a CSV file in batches of at least `batchRows` (the last one shorter), parsed by papaparse in
 * its streaming mode; the stream is paused while the consumer works, so memory stays at about one batch.
 */
async function* records(path: string, delimiter: string, batchRows: number): AsyncGenerator<string[][]> {
  const Papa = (await import('papaparse')).default;
  const stream = open(path);
  let rows: string[][] = [];
  let done = false;
  let failure: unknown = null;
  let handle: { pause(): void; resume(): void; abort(): void } | null = null;
  let paused = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  Papa.parse<string[]>(stream as unknown as File, {
    delimiter,
    skipEmptyLines: true,
    chunk(results, parser) {
      handle = parser;
      const quoteError = results.errors.find((e) => e.type === 'Quotes');
      if (quoteError) {
        failure = new DataError(
          'invalid-value',
          `${path}: ${quoteError.message} near data row ${quoteError.row}`,
        );
        parser.abort();
        notify();
        return;
      }
      for (const row of results.data) rows.push(row);
      if (rows.length >= batchRows) {
        paused = true;
        parser.pause();
        notify();
      }
    },
    complete() {
      done = true;
      notify();
    },
    error(e: Error) {
      failure = e;
      notify();
    },
  });
  try {
    for (;;) {
      if (failure) throw failure;
      if (rows.length >= batchRows || (done && rows.length > 0)) {
        const batch = rows;
        rows = [];
        yield batch;
        continue;
      }
      if (done) return;
      const waiting = new Promise<void>((resolve) => {
        wake = resolve;
      });
      if (paused) {
        paused = false;
        (handle as { resume(): void } | null)?.resume();
      }
      await waiting;
    }
  } finally {
    if (!done) (handle as { abort(): void } | null)?.abort();
    stream.destroy();
  }
}

/**
 * Stream a CSV file as chunks of exactly `chunkRows` rows (the last shorter). Column types come from
 * `options.types`, else from the first chunk; a later cell that does not fit its column's type is an error
 * naming the column and row.
 * @internal
 */
export async function* csvChunks(
  path: string,
  options: ReadTableChunksOptions,
  chunkRows: number,
): AsyncGenerator<TableColumns> {
  const decimal = options.decimal ?? '.';
  const delimiter =
    options.delimiter ?? (/\.tsv(\.gz)?$/i.test(path) ? '\t' : detectDelimiter(await headerLine(path)));
  if (decimal === ',' && delimiter === ',') {
    throw new SpecError('invalid-option', "decimal ',' needs another delimiter, such as delimiter: ';'");
  }
  const na = new Set(options.na ?? DEFAULT_NA);
  const undoSafe = options.spreadsheetSafe ?? true;
  let target: readonly string[] = [];
  let index: number[] = [];
  let width = 0;
  let types: ColumnType[] | null = null;
  let cells: string[][] = [];
  let rows = 0;
  let firstRow = 0;
  let header = true;

  const flush = (): TableColumns => {
    if (types === null) {
      types = target.map((name, k) => options.types?.[name] ?? inferCellType(cells[k]!, na, decimal));
    }
    const chunk: TableColumns = {};
    target.forEach((name, k) => {
      chunk[name] = cellsToColumn(cells[k]!, types![k]!, name, firstRow, na, decimal, undoSafe);
    });
    firstRow += rows;
    cells = target.map(() => []);
    rows = 0;
    return chunk;
  };

  // Batches of up to a chunk (at least 10,000 rows, so small chunks do not wake the parser too often).
  const batchRows = Math.max(10_000, Math.min(chunkRows, 1_000_000));
  for await (const batch of records(path, delimiter, batchRows)) {
    for (const record of batch) {
      if (header) {
        header = false;
        // A UTF-8 byte-order mark (Excel writes one) is not part of the first name.
        if (record.length > 0 && record[0]!.charCodeAt(0) === 0xfeff) record[0] = record[0]!.slice(1);
        const names = undoSafe ? record.map(unescapeSpreadsheet) : record;
        const plan = planColumns(names, options.mapping, options.columns, path);
        target = plan.target;
        width = record.length;
        const position = new Map(names.map((c, i) => [c, i]));
        index = plan.source.map((s) => position.get(s)!);
        cells = target.map(() => []);
        continue;
      }
      if (record.length !== width) {
        const row = firstRow + rows;
        throw new DataError(
          'invalid-value',
          `${path}: data row ${row} has ${record.length} fields but the header has ${width}`,
          { row },
        );
      }
      for (let k = 0; k < index.length; k++) cells[k]!.push(record[index[k]!]!);
      rows++;
      if (rows === chunkRows) yield flush();
    }
  }
  if (header) throw new DataError('empty', `${path} is empty: it has no header line`);
  if (rows > 0 || firstRow === 0) yield flush();
}
