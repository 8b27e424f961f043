import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { asyncBufferFromFile, parquetMetadataAsync } from 'hyparquet';
import { parquetWriteFile } from 'hyparquet-writer';
import { afterEach, describe, expect, it } from 'vitest';
import { readTable, type TableColumns } from '../../src/data/index.js';
import { parquetParallelTestHooks as hooks } from '../../src/data/io/parquet-parallel.js';
import { tempDir } from './io-helpers.js';

// The whole-file Parquet read over worker threads (src/data/io/parquet-parallel.ts): the same table, cell
// for cell, as one thread; a worker that fails leaves its row groups to this thread; errors in a later row
// group name the row a one-thread read names.

const dir = tempDir();
const ROWS = 5200;

afterEach(() => {
  for (const k of Object.keys(hooks)) delete (hooks as Record<string, unknown>)[k];
});

function write(path: string, bigAt?: number): void {
  const town: (string | null)[] = [];
  const x: (number | null)[] = [];
  const big: bigint[] = [];
  const flag: (boolean | null)[] = [];
  const id: (string | null)[] = [];
  const n: number[] = [];
  for (let i = 0; i < ROWS; i++) {
    // Row groups see the towns in different orders, so the threads number their levels differently.
    const g = Math.floor(i / 1000);
    town.push(i % 11 === 0 ? null : `GM${String((i * (g + 1)) % 7).padStart(4, '0')}`);
    x.push(i % 13 === 0 ? null : Math.sin(i) * 1000 + 1 / 3);
    big.push(i === bigAt ? 9007199254740993n : BigInt(i % 3) * 1000n);
    flag.push(i % 17 === 0 ? null : i % 2 === 0);
    id.push(i % 19 === 0 ? null : `id-${i}`); // all distinct: kept PLAIN by the writer
    n.push(i % 5 === 0 ? -0 : i);
  }
  parquetWriteFile({
    filename: path,
    rowGroupSize: 1000,
    pageSize: 2000,
    columnData: [
      { name: 'town', data: town, type: 'STRING' },
      { name: 'x', data: x, type: 'DOUBLE' },
      { name: 'big', data: big, type: 'INT64' },
      { name: 'flag', data: flag, type: 'BOOLEAN' },
      { name: 'id', data: id, type: 'STRING' },
      { name: 'n', data: n, type: 'DOUBLE', nullable: false },
    ],
  });
}

/** Every cell the same under Object.is (NaN is NaN, -0 is not 0), and the same column types. */
function expectSame(a: TableColumns, b: TableColumns): void {
  expect(Object.keys(a)).toEqual(Object.keys(b));
  for (const name of Object.keys(a)) {
    const u = a[name]!;
    const v = b[name]!;
    expect(u instanceof Float64Array).toBe(v instanceof Float64Array);
    expect(u.length).toBe(v.length);
    let differ = 0;
    for (let i = 0; i < u.length; i++) if (!Object.is(u[i], v[i])) differ++;
    expect(differ, name).toBe(0);
  }
}

async function oneThread(path: string, options = {}) {
  hooks.threads = 1;
  try {
    return await readTable(path, options);
  } finally {
    delete hooks.threads;
  }
}

describe('Parquet whole-file read on worker threads', () => {
  it('gives the table of a one-thread read on a multi-row-group file with nulls, dictionary and plain pages', async () => {
    const path = join(dir, 'sample.parquet');
    write(path);
    const meta = await parquetMetadataAsync(await asyncBufferFromFile(path));
    expect(meta.row_groups.length).toBe(6);
    const encodings = (name: string) =>
      meta.row_groups[0]!.columns.find((c) => c.meta_data!.path_in_schema[0] === name)!.meta_data!.encodings;
    expect(encodings('town')).toContain('RLE_DICTIONARY');
    expect(encodings('id')).not.toContain('RLE_DICTIONARY');
    const one = await oneThread(path);
    expect(one.x).toBeInstanceOf(Float64Array);
    expect((one.x as Float64Array).buffer).toBeInstanceOf(ArrayBuffer);
    expect(Object.is(one.n![0], -0)).toBe(true);

    // Two threads, and three with this thread idle (two workers share every row group).
    for (const setup of [{ threads: 2 }, { threads: 3, mainIdle: true }]) {
      const delivered: boolean[] = [];
      Object.assign(hooks, { parallelBytes: 0, delivered: (ok: boolean) => delivered.push(ok) }, setup);
      const two = await readTable(path);
      expect(delivered).toEqual(Array(setup.threads - 1).fill(true));
      expect((two.x as Float64Array).buffer).toBeInstanceOf(SharedArrayBuffer);
      expectSame(two, one);
      const picked = await readTable(path, { columns: ['id', 'x'], mapping: { where: 'town' } });
      expectSame(picked, await oneThread(path, { columns: ['id', 'x'], mapping: { where: 'town' } }));
    }
  });

  it.each(['throw', 'exit', 'hang'] as const)(
    'gives the same table when the worker fails (%s)',
    async (fault) => {
      const path = join(dir, 'sample.parquet');
      const one = await oneThread(path);
      const delivered: boolean[] = [];
      Object.assign(hooks, {
        parallelBytes: 0,
        threads: 2,
        mainIdle: true, // every row group goes to the worker first
        fault,
        timeoutMs: 500,
        delivered: (ok: boolean) => delivered.push(ok),
      });
      const two = await readTable(path);
      expect(delivered).toEqual([false]);
      expectSame(two, one);
    },
  );

  it('names the row of a one-thread read for an INT64 beyond 2^53 in a later row group', async () => {
    const path = join(dir, 'lossy.parquet');
    write(path, 4321);
    const expected = { code: 'lossy-value', column: 'big', row: 4322 };
    await expect(oneThread(path)).rejects.toMatchObject(expected);
    Object.assign(hooks, { parallelBytes: 0, threads: 2 });
    await expect(readTable(path)).rejects.toMatchObject(expected);
    Object.assign(hooks, { threads: 3, mainIdle: true });
    await expect(readTable(path)).rejects.toMatchObject(expected);
  });

  it('names the row of a one-thread read for a dictionary index out of range in a later row group', async () => {
    const path = join(dir, 'bad-index.parquet');
    write(path);
    // The dictionary page of 'town' in row group 4 claims one value fewer than it has (7 → 6): the rows
    // holding its last value then point past the dictionary.
    const meta = await parquetMetadataAsync(await asyncBufferFromFile(path));
    const chunk = meta.row_groups[4]!.columns[0]!.meta_data!;
    const at = Number(chunk.dictionary_page_offset ?? chunk.data_page_offset);
    const bytes = readFileSync(path);
    const header = bytes.subarray(at, at + 40);
    // DictionaryPageHeader field 1 (num_values, i32): field byte 0x15, zigzag varint 7 = 0x0e.
    const p = header.indexOf(Buffer.from([0x15, 0x0e]));
    expect(p).toBeGreaterThan(0);
    bytes[at + p + 1] = 0x0c;
    writeFileSync(path, bytes);
    const one = await oneThread(path).catch((e: unknown) => e);
    expect(one).toMatchObject({ code: 'invalid-value', column: 'town' });
    const row = (one as { row: number }).row;
    expect(row).toBeGreaterThan(4000);
    expect(row).toBeLessThanOrEqual(5000);
    for (const setup of [{ threads: 2 }, { threads: 3, mainIdle: true }]) {
      Object.assign(hooks, { parallelBytes: 0 }, setup);
      await expect(readTable(path)).rejects.toMatchObject({ code: 'invalid-value', column: 'town', row });
      // Text read as factor codes (dictionary indices become codes without strings): the same error.
      await expect(readTable(path, { text: 'factor' })).rejects.toMatchObject({
        code: 'invalid-value',
        column: 'town',
        row,
      });
    }
    Object.assign(hooks, { threads: 1 });
    await expect(readTable(path, { text: 'factor' })).rejects.toMatchObject({
      code: 'invalid-value',
      column: 'town',
      row,
    });
  });
});
