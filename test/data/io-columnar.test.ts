import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Float32, Int64, Table, tableToIPC, Utf8, vectorFromArray } from 'apache-arrow';
import { asyncBufferFromFile, parquetMetadataAsync } from 'hyparquet';
import { parquetWriteFile } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import {
  readTable,
  readTableChunks,
  type TableColumns,
  toArquero,
  toFrame,
  toJson,
  toTable,
  writeTable,
} from '../../src/data/index.js';
import { concatChunks, plain, sampleTable, tempDir } from './io-helpers.js';

const dir = tempDir();

async function collect(path: string, chunkRows: number, extra = {}): Promise<TableColumns[]> {
  const chunks: TableColumns[] = [];
  for await (const c of readTableChunks(path, { chunkRows, ...extra })) chunks.push(c);
  return chunks;
}

const mixed = {
  id: ['GM0363', 'GM0014', null, '=cmd'],
  share: [0.25, Number.NaN, 1 / 3, -3.5],
  count: [1, 2, 3, -4],
  flag: [true, false, null, true],
};
const mixedBack = { id: mixed.id, share: mixed.share, count: mixed.count, flag: [1, 0, Number.NaN, 1] };

describe.each(['parquet', 'arrow', 'arrows', 'feather', 'json'])('writeTable / readTable (.%s)', (ext) => {
  it('round-trips numbers, integers, booleans (as 0/1), missing values and text', async () => {
    const path = join(dir, `mixed.${ext}`);
    await writeTable(path, mixed);
    const back = await readTable(path);
    expect(plain(back)).toEqual(mixedBack);
    expect(back.share).toBeInstanceOf(Float64Array);
    expect(back.count).toBeInstanceOf(Float64Array);
  });

  it('streams exact chunks whose concatenation is the whole table, with column selection and mapping', async () => {
    const path = join(dir, `sample.${ext}`);
    const table = sampleTable(2500);
    await writeTable(path, table);
    expect(plain(await readTable(path))).toEqual(plain(table));
    const chunks = await collect(path, 700, { columns: ['gemeente', 'x'], mapping: { gemeente: 'town' } });
    expect(chunks.map((c) => c.x!.length)).toEqual([700, 700, 700, 400]);
    expect(chunks.every((c) => Object.keys(c).join() === 'gemeente,x')).toBe(true);
    expect(concatChunks(chunks)).toEqual({ gemeente: plain(table).town, x: plain(table).x });
  });

  it('an empty table reads back as empty columns', async () => {
    const path = join(dir, `empty.${ext}`);
    await writeTable(path, { a: new Float64Array(0), b: [] as string[] });
    const back = await readTable(path);
    expect(back.a?.length ?? 0).toBe(0);
    expect(await collect(path, 10)).toEqual([]);
  });
});

describe('Parquet specifics', () => {
  it('stores integer-valued columns as INT32 and reads several row groups', async () => {
    const path = join(dir, 'sample.parquet');
    const meta = await parquetMetadataAsync(await asyncBufferFromFile(path));
    expect(meta.row_groups.length).toBeGreaterThan(1);
    const types = Object.fromEntries(meta.schema.slice(1).map((e) => [e.name, e.type]));
    expect(types).toEqual({ x: 'DOUBLE', count: 'INT32', town: 'BYTE_ARRAY' });
  });

  it('reads gzip-compressed files and INT64 columns; a 64-bit id beyond 2^53 is an error unless read as text', async () => {
    const path = join(dir, 'gzip.parquet');
    parquetWriteFile({
      filename: path,
      codec: 'GZIP',
      compressors: { GZIP: (input: Uint8Array) => new Uint8Array(gzipSync(input)) },
      columnData: [
        { name: 'n', data: [1n, 2n, 9007199254740993n], type: 'INT64' },
        { name: 'v', data: [1.5, 2.5, 3.5], type: 'DOUBLE' },
      ],
    });
    expect(plain(await readTable(path, { columns: ['v'] }))).toEqual({ v: [1.5, 2.5, 3.5] });
    await expect(readTable(path)).rejects.toMatchObject({ code: 'lossy-value', column: 'n', row: 3 });
    expect((await readTable(path, { types: { n: 'string' } })).n).toEqual(['1', '2', '9007199254740993']);
  });

  it('names the file when it is not Parquet', async () => {
    const path = join(dir, 'not.parquet');
    writeFileSync(path, 'a,b\n1,2\n');
    await expect(readTable(path)).rejects.toThrow(/not\.parquet is not a readable Parquet file/);
  });
});

describe('Arrow specifics', () => {
  it('reads a file written by apache-arrow with several record batches, Int64 and Utf8 columns', async () => {
    const part = (id: string[], n: bigint[], f: number[]) =>
      new Table({
        id: vectorFromArray(id, new Utf8()),
        n: vectorFromArray(n, new Int64()),
        f: vectorFromArray(f, new Float32()),
      });
    const a = part(['a', 'b'], [1n, 2n], [0.5, 1.5]);
    const b = part(['c'], [3n], [2.5]);
    const path = join(dir, 'batches.arrow');
    writeFileSync(path, tableToIPC(a.concat(b), 'file'));
    const chunks = await collect(path, 2);
    expect(chunks.map((c) => c.id!.length)).toEqual([2, 1]);
    expect(concatChunks(chunks)).toEqual({ id: ['a', 'b', 'c'], n: [1, 2, 3], f: [0.5, 1.5, 2.5] });
  });

  it('names the file when it is not Arrow', async () => {
    const path = join(dir, 'not.arrow');
    writeFileSync(path, 'hello');
    await expect(readTable(path)).rejects.toThrow(/not\.arrow is not an Arrow IPC file or stream/);
  });
});

describe('JSON specifics', () => {
  it('writes an array of row objects with null for missing values', async () => {
    const path = join(dir, 'rows.json');
    await writeTable(path, { a: [1, Number.NaN], b: ['x', null], c: [true, false] });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual([
      { a: 1, b: 'x', c: true },
      { a: null, b: null, c: false },
    ]);
  });
});

describe('toTable(rows), toArquero(rows), toJson(value)', () => {
  const rows = [
    { term: '(Intercept)', estimate: -2.1, pValue: 0.001, significant: true },
    { term: 'age', estimate: 0.03, pValue: Number.NaN, significant: false },
  ];

  it('toTable turns row objects into typed columns', () => {
    const t = toTable(rows);
    expect(plain(t)).toEqual({
      term: ['(Intercept)', 'age'],
      estimate: [-2.1, 0.03],
      pValue: [0.001, Number.NaN],
      significant: [1, 0],
    });
    expect(t.estimate).toBeInstanceOf(Float64Array);
    expect(() => toTable([{ a: 1 }, { a: 'x' }])).toThrow(/column 'a' mixes numbers and strings/);
  });

  it('toArquero gives an arquero table the data layer reads back', async () => {
    const t = await toArquero(rows);
    expect(t.numRows()).toBe(2);
    expect(t.columnNames()).toEqual(['term', 'estimate', 'pValue', 'significant']);
    expect(t.get('term', 1)).toBe('age');
    const frame = toFrame(t);
    expect(frame.column('term')).toMatchObject({ kind: 'factor', levels: ['(Intercept)', 'age'] });
    expect(plain(toTable(t))).toEqual(plain(toTable(rows)));
  });

  it('toJson writes typed arrays as arrays and non-finite numbers as null', () => {
    const value = { est: new Float64Array([0.5, Number.NaN]), n: 3n, inf: -Infinity, tidy: () => [] };
    expect(toJson(value, { space: 0 })).toBe('{"est":[0.5,null],"n":3,"inf":null}');
    expect(JSON.parse(toJson(toTable(rows)))).toEqual({
      term: ['(Intercept)', 'age'],
      estimate: [-2.1, 0.03],
      pValue: [0.001, null],
      significant: [1, 0],
    });
  });
});
