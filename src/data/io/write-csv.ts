import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { SpecError } from '../../errors.js';
import { spreadsheetSafe } from './cells.js';
import type { WriteColumn } from './write-columns.js';

const BLOCK = 10_000;

function formatNumber(v: number, decimal: '.' | ','): string {
  if (Number.isNaN(v)) return '';
  if (v === Number.POSITIVE_INFINITY) return 'Inf';
  if (v === Number.NEGATIVE_INFINITY) return '-Inf';
  const s = String(v);
  return decimal === ',' ? s.replace('.', ',') : s;
}

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
}

/** Write columns as CSV (quoting by papaparse), in blocks so large tables stream to disk. @internal */
export async function writeCsv(
  path: string,
  nrows: number,
  columns: readonly WriteColumn[],
  options: { delimiter: string; decimal: '.' | ','; spreadsheetSafe: boolean },
): Promise<void> {
  const Papa = (await import('papaparse')).default;
  // Quote only where needed (delimiter, quote, line break); formulas are handled by spreadsheetSafe above.
  const stringify = (rows: string[][]) =>
    `${Papa.unparse(rows, { delimiter, newline: '\n', quotes: false, escapeFormulae: false })}\n`;
  const { delimiter, decimal } = options;
  if (decimal === ',' && delimiter === ',') {
    throw new SpecError('invalid-option', "decimal ',' needs another delimiter, such as delimiter: ';'");
  }
  const file = createWriteStream(path);
  const out: Writable = /\.gz$/i.test(path) ? createGzip() : file;
  if (out !== file) out.pipe(file);
  const text = (v: string | null): string =>
    v === null ? '' : options.spreadsheetSafe ? spreadsheetSafe(v) : v;
  try {
    await write(out, stringify([columns.map((c) => text(c.name))]));
    for (let start = 0; start < nrows; start += BLOCK) {
      const end = Math.min(nrows, start + BLOCK);
      const rows: string[][] = [];
      for (let i = start; i < end; i++) {
        rows.push(
          columns.map((c) => (c.kind === 'text' ? text(c.values[i]!) : formatNumber(c.values[i]!, decimal))),
        );
      }
      await write(out, stringify(rows));
    }
  } finally {
    out.end();
  }
  await finished(file);
}
