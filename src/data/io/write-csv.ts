import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { needsTextQuotes, spreadsheetSafe } from './cells.js';
import { DEFAULT_NA } from './csv-source.js';
import type { WriteColumn } from './write-columns.js';

const BLOCK = 10_000;
const MISSING_TEXT = new Set(DEFAULT_NA);

/**
 * A number as CSV text that reads back as the same double: missing (NaN) as an empty cell, `Inf`/`-Inf`,
 * `-0` with its sign, and integers beyond 2^53 whose shortest decimal form is not the exact integer
 * (`String(2 ** 60 + 2 ** 8)` is `'1152921504606847200'`) in exponent form, so that the reader, which
 * refuses an integer a double cannot hold exactly, reads them back. @internal
 */
export function formatNumber(v: number, decimal: '.' | ','): string {
  if (Number.isNaN(v)) return '';
  let s: string;
  if (v > -Number.MAX_SAFE_INTEGER && v < Number.MAX_SAFE_INTEGER) {
    s = v === 0 && 1 / v < 0 ? '-0' : String(v);
  } else if (v === Number.POSITIVE_INFINITY) return 'Inf';
  else if (v === Number.NEGATIVE_INFINITY) return '-Inf';
  else {
    s = String(v);
    if (/^-?\d+$/.test(s) && BigInt(s) !== BigInt(v)) s = v.toExponential();
  }
  return decimal === ',' ? s.replace('.', ',') : s;
}

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
}

/**
 * Write columns as CSV, in blocks so large tables stream to disk. A text cell is quoted when it holds the
 * delimiter, a quote or a line break, starts with a byte-order mark, or would otherwise read back as
 * something else: as missing (the empty string, `NA`, `NaN`, `null`, ...), as a number (`1`, `1e999`,
 * `0363`, `Inf`, `1,5`) or as true/false. The reader reads a quoted cell as text and a column with a quoted
 * cell as a text column, so a text column comes back as text without `types`. Other text cells are not
 * quoted, which keeps files small; numbers and booleans never are. A missing text cell is an empty unquoted
 * cell. @internal
 */
export async function writeCsv(
  path: string,
  nrows: number,
  columns: readonly WriteColumn[],
  options: { delimiter: string; decimal: '.' | ','; spreadsheetSafe: boolean },
): Promise<void> {
  const { delimiter, decimal } = options;
  const special = new RegExp(`["\\n\\r${delimiter.replace(/[\\\]^-]/g, '\\$&')}]|^\\uFEFF`);
  const text = (v: string | null): string => {
    if (v === null) return '';
    const t = options.spreadsheetSafe ? spreadsheetSafe(v) : v;
    if (special.test(t)) return `"${t.replace(/"/g, '""')}"`;
    return MISSING_TEXT.has(t) || needsTextQuotes(t) ? `"${t}"` : t;
  };
  // Header names holding a delimiter the reader could detect (, ; tab |) are quoted: detection skips quotes.
  const header = (name: string): string => {
    const t = text(name);
    return t.startsWith('"') || !/[,;\t|]/.test(t) ? t : `"${t}"`;
  };
  const file = createWriteStream(path);
  const out: Writable = /\.gz$/i.test(path) ? createGzip() : file;
  if (out !== file) out.pipe(file);
  const width = columns.length;
  try {
    await write(out, `${columns.map((c) => header(c.name)).join(delimiter)}\n`);
    for (let start = 0; start < nrows; start += BLOCK) {
      const end = Math.min(nrows, start + BLOCK);
      let block = '';
      for (let i = start; i < end; i++) {
        for (let k = 0; k < width; k++) {
          const c = columns[k]!;
          if (k > 0) block += delimiter;
          block += c.kind === 'text' ? text(c.values[i]!) : formatNumber(c.values[i]!, decimal);
        }
        block += '\n';
      }
      await write(out, block);
    }
  } finally {
    out.end();
  }
  await finished(file);
}
