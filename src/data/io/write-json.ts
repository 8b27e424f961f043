import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { DataError } from '../../errors.js';
import type { WriteColumn } from './write-columns.js';
import { formatNumber } from './write-csv.js';

function jsonNumber(v: number, c: WriteColumn, row: number): string {
  if (Number.isNaN(v)) return 'null';
  if (c.kind === 'boolean') return v !== 0 ? 'true' : 'false';
  if (v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY) {
    throw new DataError(
      'not-finite',
      `column '${c.name}' row ${row} is ${v}, which JSON cannot hold (it would be read back as missing); write CSV, Parquet or Arrow, or replace it`,
      { column: c.name, row },
    );
  }
  // As in CSV: '-0' (JSON.stringify gives '0'), and integers beyond 2^53 whose shortest digits are not exact
  // in exponent form, which the reader accepts (it refuses integer literals a double cannot hold).
  return formatNumber(v, '.');
}

/**
 * Write columns as a JSON array of row objects: missing values as null, booleans as true/false. JSON has
 * no infinities, so ±Infinity is refused (a `DataError` `not-finite`) rather than written as null. @internal
 */
export async function writeJson(path: string, nrows: number, columns: readonly WriteColumn[]): Promise<void> {
  // Check before the file is opened, so that a refused table leaves no half-written file.
  for (const c of columns) {
    if (c.kind === 'text') continue;
    for (let i = 0; i < c.values.length; i++) jsonNumber(c.values[i]!, c, i + 1);
  }
  const out = createWriteStream(path);
  const keys = columns.map((c) => JSON.stringify(c.name));
  const write = async (text: string) => {
    if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  };
  try {
    await write('[');
    for (let i = 0; i < nrows; i++) {
      const cells = columns.map((c, k) => {
        const json = c.kind === 'text' ? JSON.stringify(c.values[i]) : jsonNumber(c.values[i]!, c, i + 1);
        return `${keys[k]}:${json}`;
      });
      await write(`${i === 0 ? '\n' : ',\n'}{${cells.join(',')}}`);
    }
    await write(nrows === 0 ? ']\n' : '\n]\n');
  } finally {
    out.end();
  }
  await finished(out);
}
