import { join } from 'node:path';
import { asyncBufferFromFile, parquetMetadataAsync } from 'hyparquet';
import { parquetWriteFile } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { readTable, readTableChunks, type TableColumns } from '../../src/data/index.js';
import { concatChunks, plain, tempDir } from './io-helpers.js';

// The direct Parquet decoder (src/data/io/parquet-columns.ts): dictionary and plain pages, v1 (DuckDB) and
// v2 (hyparquet-writer) data pages, nulls, several row groups, and the readers' semantics (1-based rows in
// messages, INT64 beyond 2^53 a lossy-value, names as data).

const dir = tempDir();

function expected(n: number) {
  const town: (string | null)[] = [];
  const x: number[] = [];
  const big: bigint[] = [];
  const flag: (boolean | null)[] = [];
  const id: string[] = [];
  for (let i = 0; i < n; i++) {
    town.push(i % 11 === 0 ? null : `GM${String(i % 7).padStart(4, '0')}`);
    x.push(i % 13 === 0 ? Number.NaN : (i % 5) * 0.5);
    big.push(BigInt(i % 3) * 1000n);
    flag.push(i % 17 === 0 ? null : i % 2 === 0);
    id.push(`id-${i}`); // all distinct: the writer keeps these PLAIN
  }
  return { town, x, big, flag, id };
}

function writeSample(path: string, n: number, extra: { bigAt?: number } = {}) {
  const e = expected(n);
  const big = e.big.slice();
  if (extra.bigAt !== undefined) big[extra.bigAt] = 9007199254740993n;
  parquetWriteFile({
    filename: path,
    rowGroupSize: 1000,
    pageSize: 2000, // several pages per row group
    columnData: [
      { name: 'town', data: e.town, type: 'STRING' },
      { name: 'x', data: e.x.map((v) => (Number.isNaN(v) ? null : v)), type: 'DOUBLE' },
      { name: 'big', data: big, type: 'INT64' },
      { name: 'flag', data: e.flag, type: 'BOOLEAN' },
      { name: 'id', data: e.id, type: 'STRING' },
      { name: '__proto__', data: e.x.map((_, i) => i), type: 'INT32', nullable: false },
    ],
  });
  return e;
}

describe('Parquet direct decoding', () => {
  it('reads dictionary and plain pages over several row groups with nulls, as the general reader did', async () => {
    const path = join(dir, 'sample.parquet');
    const e = writeSample(path, 3500);
    const meta = await parquetMetadataAsync(await asyncBufferFromFile(path));
    expect(meta.row_groups.length).toBe(4);
    const encodings = (name: string) =>
      meta.row_groups[0]!.columns.find((c) => c.meta_data!.path_in_schema[0] === name)!.meta_data!.encodings;
    expect(encodings('town')).toContain('RLE_DICTIONARY');
    expect(encodings('id')).not.toContain('RLE_DICTIONARY');
    const back = await readTable(path);
    expect(Object.keys(back)).toEqual(['town', 'x', 'big', 'flag', 'id', '__proto__']);
    expect(Object.hasOwn(back, '__proto__')).toBe(true);
    expect(back.x).toBeInstanceOf(Float64Array);
    expect(plain(back)).toEqual({
      town: e.town,
      x: e.x,
      big: e.big.map(Number),
      flag: e.flag.map((f) => (f === null ? Number.NaN : f ? 1 : 0)),
      id: e.id,
      ['__proto__']: e.x.map((_, i) => i),
    });
  });

  it('streams chunks across row-group boundaries whose concatenation is the whole file', async () => {
    const path = join(dir, 'sample.parquet');
    const whole = plain(await readTable(path, { columns: ['town', 'x'] }));
    const chunks: TableColumns[] = [];
    for await (const c of readTableChunks(path, { chunkRows: 700, columns: ['town', 'x'] })) chunks.push(c);
    expect(chunks.map((c) => c.town!.length)).toEqual([700, 700, 700, 700, 700]);
    expect(concatChunks(chunks)).toEqual(whole);
  });

  it('names the 1-based row of an INT64 beyond 2^53 in a later row group, whole or in chunks', async () => {
    const path = join(dir, 'lossy.parquet');
    writeSample(path, 3500, { bigAt: 2502 });
    await expect(readTable(path)).rejects.toMatchObject({ code: 'lossy-value', column: 'big', row: 2503 });
    const read = async () => {
      for await (const _ of readTableChunks(path, { chunkRows: 500 })) {
        // drain
      }
    };
    await expect(read()).rejects.toMatchObject({ code: 'lossy-value', column: 'big', row: 2503 });
    // Read as text, the value is kept exactly.
    const asText = await readTable(path, { columns: ['big'], types: { big: 'string' } });
    expect(asText.big![2502]).toBe('9007199254740993');
  });

  it('reads v1 data pages with dictionaries as DuckDB writes them', async () => {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const path = join(dir, 'duck.parquet');
    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    await con.run(`COPY (
      SELECT CASE WHEN i % 9 = 0 THEN NULL ELSE 'h' || CAST(i % 4 AS VARCHAR) END AS hhtype,
        CASE WHEN i % 10 = 0 THEN NULL ELSE CAST(i % 3 AS DOUBLE) / 4 END AS share,
        CAST(i AS BIGINT) AS n, CAST(i % 2 AS INTEGER) AS receipt
      FROM range(5000) t(i)) TO '${path}' (FORMAT PARQUET, ROW_GROUP_SIZE 2048)`);
    con.closeSync();
    db.closeSync();
    const back = await readTable(path);
    const i = Array.from({ length: 5000 }, (_, k) => k);
    expect(plain(back)).toEqual({
      hhtype: i.map((k) => (k % 9 === 0 ? null : `h${k % 4}`)),
      share: i.map((k) => (k % 10 === 0 ? Number.NaN : (k % 3) / 4)),
      n: i,
      receipt: i.map((k) => k % 2),
    });
  });
});
