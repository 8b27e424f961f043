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
  const raw = createReadStream(path);
  return /\.gz$/i.test(path) ? raw.pipe(createGunzip()) : raw;
}

/** The first line of the file (up to 1 MB), for delimiter detection. */
async function headerLine(path: string): Promise<string> {
  const stream = open(path);
  let text = '';
  try {
    for await (const chunk of stream) {
      text += (chunk as Buffer).toString('utf8');
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

function wrapParseError(e: unknown, path: string): unknown {
  const err = e as { code?: string; message?: string; lines?: number };
  if (typeof err?.code === 'string' && err.code.startsWith('CSV_')) {
    return new DataError('invalid-value', `${path}: ${err.message}`);
  }
  return e;
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
  const { parse } = await import('csv-parse');
  const decimal = options.decimal ?? '.';
  const delimiter =
    options.delimiter ?? (/\.tsv(\.gz)?$/i.test(path) ? '\t' : detectDelimiter(await headerLine(path)));
  if (decimal === ',' && delimiter === ',') {
    throw new SpecError("decimal ',' needs another delimiter, such as delimiter: ';'", 'invalid-option');
  }
  const na = new Set(options.na ?? DEFAULT_NA);
  const undoSafe = options.spreadsheetSafe ?? true;
  const parser = open(path).pipe(
    parse({ bom: true, delimiter, skip_empty_lines: true, relax_quotes: false, cast: false }),
  );
  let target: readonly string[] = [];
  let index: number[] = [];
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

  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (header) {
        header = false;
        const names = undoSafe ? record.map(unescapeSpreadsheet) : record;
        const plan = planColumns(names, options.mapping, options.columns, path);
        target = plan.target;
        const position = new Map(names.map((c, i) => [c, i]));
        index = plan.source.map((s) => position.get(s)!);
        cells = target.map(() => []);
        continue;
      }
      for (let k = 0; k < index.length; k++) cells[k]!.push(record[index[k]!]!);
      rows++;
      if (rows === chunkRows) yield flush();
    }
  } catch (e) {
    throw wrapParseError(e, path);
  } finally {
    parser.destroy();
  }
  if (header) throw new DataError('empty', `${path} is empty: it has no header line`);
  if (rows > 0 || firstRow === 0) yield flush();
}
