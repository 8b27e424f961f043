import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type ColumnRecord,
  type DataInput,
  readTable,
  readTableChunks,
  type TableColumns,
  toTable,
  writeTable,
} from '../../src/data/index.js';
import { SAMPLE_ROWS } from '../../src/data/io/csv-bytes-read.js';
import { DataError } from '../../src/errors.js';
import { concatChunks, plain, tempDir } from './io-helpers.js';

const dir = tempDir();
let file = 0;

/** Write with the given options, read back with the same options and nothing else (no types). */
async function roundTrip(
  data: ColumnRecord,
  options: { delimiter?: string; decimal?: '.' | ',' } = {},
): Promise<{ back: TableColumns; csv: string }> {
  const path = join(dir, `t${file++}.csv`);
  await writeTable(path, data, options);
  return { back: await readTable(path, options), csv: readFileSync(path, 'utf8') };
}

describe('CSV: a text column comes back as text with default options', () => {
  const cases: [string, ColumnRecord][] = [
    ['numbers as text', { a: ['1', '2'] }],
    ['a number beyond a double as text', { a: ['1', '1e999'] }],
    ['true/false as text', { a: ['true', 'false'] }],
    ['the NA token and the empty string', { a: ['NA', ''] }],
    [
      'mixed text, numbers as text and missing',
      { a: ['x', '1', null, '2.5', 'Inf', '0363'], n: [1, 2, 3, 4, 5, 6] },
    ],
    ['quotes inside', { a: ['say "1"', '"2"', '1', '""'], b: [1.5, -2, 0, 3] }],
    ['integers beyond 2^53 as text', { a: ['9007199254740993', '-9007199254740993'] }],
    ['decimal-comma text in a dot file', { a: ['1,5', '2,5'] }],
    ['booleans as 1/0 text', { a: ['1', '0', '1'] }],
  ];
  it.each(cases)('%s', async (_, data) => {
    const { back } = await roundTrip(data);
    expect(plain(back)).toEqual(plain(toTable(data)));
    for (const [n, c] of Object.entries(toTable(data))) {
      expect([n, back[n] instanceof Float64Array]).toEqual([n, c instanceof Float64Array]);
    }
  });

  it('quotes only the text cells that would read back as something else; numbers and booleans never', async () => {
    const { csv } = await roundTrip({
      a: ['1', 'x', 'true', 'NA', '', null, '-3.5', 'Den Haag'],
      n: [1, 2.5, Number.NaN, -0, 4, 5, 6, 7],
      b: [true, false, true, false, null, true, false, true],
    });
    expect(csv.split('\n')).toEqual([
      'a,n,b',
      '"1",1,1',
      'x,2.5,0',
      '"true",,1',
      '"NA",-0,0',
      '"",4,',
      ',5,1',
      '"-3.5",6,0',
      'Den Haag,7,1',
      '',
    ]);
  });

  it('Dutch CSV (; and decimal comma): codes, decimal-comma text and numbers come back unchanged', async () => {
    const data = {
      code: ['0363', '0014', '1,5', 'A;B'],
      naam: ['Amsterdam', 'Groningen', 'x', "'s-Hertogenbosch"],
      bedrag: [1234.5, -7.25, 0.1 + 0.2, Number.NaN],
    };
    const { back, csv } = await roundTrip(data, { delimiter: ';', decimal: ',' });
    expect(csv.split('\n').slice(0, 3)).toEqual([
      'code;naam;bedrag',
      '"0363";Amsterdam;1234,5',
      '"0014";Groningen;-7,25',
    ]);
    expect(plain(back)).toEqual(plain(toTable(data)));
    expect(back.bedrag).toBeInstanceOf(Float64Array);
  });

  it('row objects with number-like text come back unchanged', async () => {
    const rows: DataInput = [
      { id: '001', value: 1 },
      { id: '002', value: 2 },
    ];
    const path = join(dir, `rows${file++}.csv`);
    await writeTable(path, rows);
    expect(plain(await readTable(path))).toEqual({ id: ['001', '002'], value: [1, 2] });
  });
});

describe('CSV reader: a column with a quoted cell is text', () => {
  it("reads R's write.csv style (strings quoted, numbers not): a text column and a number column", async () => {
    const path = join(dir, 'r.csv');
    writeFileSync(path, '"a","b"\n"x",1\n');
    const t = await readTable(path);
    expect(t.a).toEqual(['x']);
    expect(t.b).toBeInstanceOf(Float64Array);
    expect(Array.from<unknown>(t.b!)).toEqual([1]);
  });

  it('reads quoted numbers as text, and as numbers when types says so', async () => {
    const path = join(dir, 'quoted-numbers.csv');
    // R's write.csv of a character column of codes, with a missing value (NA unquoted).
    writeFileSync(path, '"code","n"\n"0363",1\n"1",2\nNA,3\n');
    const t = await readTable(path);
    expect(t.code).toEqual(['0363', '1', null]);
    expect(Array.from<unknown>(t.n!)).toEqual([1, 2, 3]);
    const typed = await readTable(path, { types: { code: 'number' } });
    expect(Array.from<unknown>(typed.code!)).toEqual([363, 1, Number.NaN]);
  });

  it('one quoted cell among unquoted numbers makes the column text', async () => {
    const path = join(dir, 'one-quoted.csv');
    writeFileSync(path, 'a\n1\n2\n"3"\n');
    expect((await readTable(path)).a).toEqual(['1', '2', '3']);
  });

  it('quoted "" and "NA" beside unquoted numbers are missing numbers (pandas QUOTE_NONNUMERIC)', async () => {
    const path = join(dir, 'pandas.csv');
    writeFileSync(path, '"a","b"\n1.5,"x"\n"",""\n"NA","NA"\n');
    const t = await readTable(path);
    expect(t.a).toBeInstanceOf(Float64Array);
    expect(Array.from<unknown>(t.a!)).toEqual([1.5, Number.NaN, Number.NaN]);
    expect(t.b).toEqual(['x', '', 'NA']);
  });

  it('a column of only quoted "" and "NA" is text; one of only unquoted missing cells is numeric', async () => {
    const path = join(dir, 'only-na.csv');
    writeFileSync(path, 'a,b\n"",\n"NA",NA\n');
    const t = await readTable(path);
    expect(t.a).toEqual(['', 'NA']);
    expect(Array.from<unknown>(t.b!)).toEqual([Number.NaN, Number.NaN]);
  });

  it('in chunks, a quoted text cell after a first chunk without values is an error, not a number', async () => {
    const path = join(dir, 'late-text.csv');
    await writeTable(path, { a: [null, null, '1'], n: [1, 2, 3] });
    const read = async (options = {}) => {
      const chunks: TableColumns[] = [];
      for await (const c of readTableChunks(path, { chunkRows: 2, ...options })) chunks.push(c);
      return chunks;
    };
    const error = await read().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect(error).toMatchObject({ code: 'invalid-value', column: 'a', row: 3 });
    expect((error as Error).message).toContain("types: { 'a': 'string' }");
    expect(concatChunks(await read({ types: { a: 'string' } })).a).toEqual([null, null, '1']);
    // A quoted "" or "NA" in a later chunk of a numeric column is still a missing number.
    writeFileSync(path, 'a\n1\n2\n""\n"NA"\n3\n');
    expect(concatChunks(await read()).a).toEqual([1, 2, Number.NaN, Number.NaN, 3]);
  });
});

describe("CSV: a sparse text column (no value in the reader's type sample) comes back as text", () => {
  it('readTable infers it from every row, not from the sample', async () => {
    const n = SAMPLE_ROWS + 500;
    const code: (string | null)[] = new Array(n).fill(null);
    const note: (string | null)[] = new Array(n).fill(null);
    code[n - 2] = '0363';
    code[n - 1] = '1';
    note[n - 1] = 'x';
    const data = { code, note, i: Float64Array.from({ length: n }, (_, k) => k) };
    const path = join(dir, `sparse${file++}.csv`);
    await writeTable(path, data);
    const back = await readTable(path);
    expect(back.code!.slice(n - 3)).toEqual([null, '0363', '1']);
    expect(back.note!.slice(n - 2)).toEqual([null, 'x']);
    expect(plain(back)).toEqual(plain(toTable(data)));
  });
});

describe('writeTable refuses data without columns, in every format', () => {
  const inputs: [string, DataInput][] = [
    ['a column record without columns', {} as ColumnRecord],
    ['no rows', []],
    ['one row without values', [{}]],
    ['three rows without values', [{}, {}, {}]],
  ];
  for (const ext of ['csv', 'tsv.gz', 'parquet', 'arrow', 'json']) {
    it.each(inputs)(`.${ext}: %s`, async (_, data) => {
      const error = await writeTable(join(dir, `empty${file++}.${ext}`), data).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DataError);
      expect((error as DataError).code).toBe('empty');
      expect((error as Error).message).toContain('no columns');
    });
  }
});
