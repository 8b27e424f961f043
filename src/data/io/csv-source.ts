import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { DataError, SpecError } from '../../errors.js';
import { cellsToColumn, inferCellType, type QuotedCells, unescapeSpreadsheet } from './cells.js';
import { planColumns } from './column-mapping.js';
import { csvRecords } from './csv-records.js';
import { ownValue, setOwn } from './own.js';
import type { ColumnType, ReadTableChunksOptions, TableColumns } from './types.js';

/** Cells read as missing unless the caller says otherwise. @internal */
export const DEFAULT_NA: readonly string[] = ['', 'NA', 'N/A', 'NaN', 'null', 'NULL'];
const CANDIDATES = [',', ';', '\t', '|'];

const BLOCK_BYTES = 1 << 16;

function open(path: string): Readable {
  // Decoded as a string stream: UTF-8 characters split across file blocks stay whole.
  if (/\.gz$/i.test(path)) {
    return createReadStream(path, { highWaterMark: BLOCK_BYTES }).pipe(createGunzip()).setEncoding('utf8');
  }
  return createReadStream(path, { encoding: 'utf8', highWaterMark: BLOCK_BYTES });
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
 * Stream a CSV file as chunks of exactly `chunkRows` rows (the last shorter). Column types come from
 * `options.types`, else from the first chunk (a column with a quoted cell is text, see
 * {@link inferCellType}); a later cell that does not fit its column's type is an error naming the column and
 * row, and so is a later quoted text cell in a column the first chunk made numeric or logical.
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
  const undoSafe = options.spreadsheetSafe ?? false;
  let target: readonly string[] = [];
  let index: number[] = [];
  let width = 0;
  let types: ColumnType[] | null = null;
  // Per file column (a column may be read twice under two names): its quoted cells in the first chunk, then
  // whether a quoted text cell contradicts an inferred numeric or logical type.
  let quoted: QuotedCells[] = [];
  let inferredNotText: boolean[] = [];
  let cells: (string | null)[][] = [];
  let rows = 0;
  let firstRow = 1;
  let header = true;

  const flush = (): TableColumns => {
    if (types === null) {
      types = target.map((name, k) => {
        const given = ownValue(options.types, name);
        if (given !== undefined) return given;
        const t = inferCellType(cells[k]!, na, decimal, quoted[index[k]!]);
        if (t !== 'string') inferredNotText[index[k]!] = true;
        return t;
      });
    }
    const chunk: TableColumns = {};
    target.forEach((name, k) => {
      setOwn(chunk, name, cellsToColumn(cells[k]!, types![k]!, name, firstRow, na, decimal, undoSafe));
    });
    firstRow += rows;
    cells = target.map(() => []);
    rows = 0;
    return chunk;
  };

  const quotedLater = (cell: string, c: number): DataError => {
    const k = index.indexOf(c);
    const name = target[k]!;
    const type = types![k]!;
    const row = firstRow + rows;
    return new DataError(
      'invalid-value',
      `column '${name}' row ${row} holds the quoted text '${cell}', but the column was read as ${type} from its first ${chunkRows} rows, where no cell was quoted (a quoted cell is text); ` +
        `read it with types: { '${name}': 'string' }, or types: { '${name}': '${type}' } to read quoted cells as ${type === 'number' ? 'numbers' : 'true/false'}`,
      { column: name, row },
    );
  };

  const stream = open(path);
  try {
    for await (const batch of csvRecords(stream, delimiter, na, path)) {
      const records = batch.records;
      const quotedAt = batch.quoted;
      let q = 0;
      for (let r = 0; r < records.length; r++) {
        const record = records[r]!;
        if (header) {
          header = false;
          const names = (record as string[]).map((c) => (undoSafe ? unescapeSpreadsheet(c) : c));
          const plan = planColumns(names, options.mapping, options.columns, path);
          target = plan.target;
          width = record.length;
          const position = new Map(names.map((c, i) => [c, i]));
          index = plan.source.map((s) => position.get(s)!);
          cells = target.map(() => []);
          quoted = names.map(() => ({ text: false, na: false }));
          inferredNotText = names.map(() => false);
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
        for (; q < quotedAt.length && quotedAt[q] === r; q += 2) {
          const c = quotedAt[q + 1]!;
          const isNa = na.has(record[c]!);
          if (types === null) {
            if (isNa) quoted[c]!.na = true;
            else quoted[c]!.text = true;
          } else if (!isNa && inferredNotText[c]) throw quotedLater(record[c]!, c);
        }
        rows++;
        if (rows === chunkRows) yield flush();
      }
    }
  } finally {
    stream.destroy();
  }
  if (header) throw new DataError('empty', `${path} is empty: it has no header line`);
  if (rows > 0 || firstRow === 1) yield flush();
}
