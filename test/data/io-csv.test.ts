import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  readTable,
  readTableChunks,
  spreadsheetSafe,
  type TableColumns,
  writeTable,
} from '../../src/data/index.js';
import { DataError, SpecError } from '../../src/errors.js';
import { concatChunks, plain, sampleTable, tempDir } from './io-helpers.js';

const dir = tempDir();

async function collect(path: string, chunkRows: number, extra = {}): Promise<TableColumns[]> {
  const chunks: TableColumns[] = [];
  for await (const c of readTableChunks(path, { chunkRows, ...extra })) chunks.push(c);
  return chunks;
}

describe('spreadsheetSafe(text)', () => {
  it('prefixes formula-like text and leaves numbers and plain text alone', () => {
    expect(spreadsheetSafe('=SUM(A1:A9)')).toBe("'=SUM(A1:A9)");
    expect(spreadsheetSafe('+31 20 123')).toBe("'+31 20 123");
    expect(spreadsheetSafe('-cmd|calc')).toBe("'-cmd|calc");
    expect(spreadsheetSafe('@SUM(1)')).toBe("'@SUM(1)");
    expect(spreadsheetSafe('\tx')).toBe("'\tx");
    expect(spreadsheetSafe('\rx')).toBe("'\rx");
    expect(spreadsheetSafe('-3.5')).toBe('-3.5');
    expect(spreadsheetSafe('+1e3')).toBe('+1e3');
    expect(spreadsheetSafe("'s-Hertogenbosch")).toBe("'s-Hertogenbosch");
    expect(spreadsheetSafe('')).toBe('');
  });
});

describe('writeTable(path.csv) / readTable(path.csv)', () => {
  it('round-trips numbers in full precision, missing values and tricky text, writing cells as they are by default', async () => {
    const data = {
      unit: [
        '=HYPERLINK("http://x","y")',
        '+31 20 555',
        'Den Haag, "centrum"',
        '@cmd',
        null,
        '-3.5',
        'Súdwest-Fryslân',
      ],
      value: [-3.5, 0.1 + 0.2, Number.NaN, 1e-300, -0, 123456789012345, Number.POSITIVE_INFINITY],
      flag: [true, false, true, null, false, true, false],
    };
    const path = join(dir, 'tricky.csv');
    await writeTable(path, data);
    const lines = readFileSync(path, 'utf8').split('\n');
    expect(lines[0]).toBe('unit,value,flag');
    // By default a cell is written as it is (quoted only where CSV needs it, and text that would read back
    // as a number), so a round trip is lossless.
    expect(lines[1]).toBe(`"=HYPERLINK(""http://x"",""y"")",-3.5,1`);
    expect(lines[2]).toBe(`+31 20 555,${0.1 + 0.2},0`);
    expect(lines[4]).toBe('@cmd,1e-300,');
    expect(lines[5]).toBe(',-0,0');
    expect(lines[6]).toBe('"-3.5",123456789012345,1');
    expect(lines[7]).toBe('Súdwest-Fryslân,Inf,0');
    const back = await readTable(path);
    expect(plain(back)).toEqual({
      unit: data.unit,
      value: [-3.5, 0.1 + 0.2, Number.NaN, 1e-300, -0, 123456789012345, Number.POSITIVE_INFINITY],
      flag: [1, 0, 1, Number.NaN, 0, 1, 0],
    });
    expect(Object.is(back.value![4], -0)).toBe(true);
    expect(back.value).toBeInstanceOf(Float64Array);
  });

  it('spreadsheetSafe: true escapes formula-like text on writing, and the same option on reading removes exactly that prefix', async () => {
    const unit = [
      '=HYPERLINK("http://x","y")',
      '+31 20 555',
      '@cmd',
      "'=already",
      "'s-Hertogenbosch",
      '-3.5',
      null,
    ];
    const path = join(dir, 'safe.csv');
    await writeTable(path, { unit, n: [1, 2, 3, 4, 5, 6, 7] }, { spreadsheetSafe: true });
    const lines = readFileSync(path, 'utf8').split('\n');
    expect(lines.slice(1, 8)).toEqual([
      `"'=HYPERLINK(""http://x"",""y"")",1`,
      "'+31 20 555,2",
      "'@cmd,3",
      "''=already,4",
      "'s-Hertogenbosch,5",
      '"-3.5",6',
      ',7',
    ]);
    expect((await readTable(path, { spreadsheetSafe: true })).unit).toEqual(unit);
    // By default the reader gives every cell as it stands in the file.
    expect((await readTable(path)).unit).toEqual([
      `'=HYPERLINK("http://x","y")`,
      "'+31 20 555",
      "'@cmd",
      "''=already",
      "'s-Hertogenbosch",
      '-3.5',
      null,
    ]);
  });

  it("reads a cell '=already written by another tool as it stands, unless spreadsheetSafe: true is asked", async () => {
    const path = join(dir, 'other-tool.csv');
    writeFileSync(path, "a,b\n'=already,1\n'@x,2\n");
    expect((await readTable(path)).a).toEqual(["'=already", "'@x"]);
    expect((await readTable(path, { spreadsheetSafe: true })).a).toEqual(['=already', '@x']);
  });

  it('writes spreadsheet-safe CSV only when asked', async () => {
    const path = join(dir, 'unsafe.csv');
    await writeTable(path, { a: ['=1+1'] });
    expect(readFileSync(path, 'utf8')).toBe('a\n=1+1\n');
    await writeTable(path, { a: ['=1+1'] }, { spreadsheetSafe: true });
    expect(readFileSync(path, 'utf8')).toBe("a\n'=1+1\n");
  });

  it('reads Dutch spreadsheet CSV: semicolons, decimal commas, a BOM and codes with leading zeros', async () => {
    const path = join(dir, 'dutch.csv');
    writeFileSync(path, '\uFEFFgemeentecode;naam;uitkering\n0363;Amsterdam;1234,5\n0014;Groningen;-7,25\n');
    const t = await readTable(path, {
      decimal: ',',
      mapping: { municipality: 'gemeentecode', benefit: 'uitkering' },
      types: { municipality: 'string' },
    });
    expect(plain(t)).toEqual({
      municipality: ['0363', '0014'],
      naam: ['Amsterdam', 'Groningen'],
      benefit: [1234.5, -7.25],
    });
    // Written back the same way, the file is the same apart from the BOM and the quotes around the codes,
    // which make them read back as text without types.
    const out = join(dir, 'dutch-out.csv');
    await writeTable(out, t, {
      delimiter: ';',
      decimal: ',',
      mapping: { municipality: 'gemeentecode', benefit: 'uitkering' },
    });
    expect(readFileSync(out, 'utf8')).toBe(
      'gemeentecode;naam;uitkering\n"0363";Amsterdam;1234,5\n"0014";Groningen;-7,25\n',
    );
    const again = await readTable(out, {
      decimal: ',',
      mapping: { municipality: 'gemeentecode', benefit: 'uitkering' },
    });
    expect(plain(again)).toEqual(plain(t));
  });

  it('detects tab and semicolon delimiters and reads .tsv and .csv.gz files', async () => {
    const tsv = join(dir, 'a.tsv');
    writeFileSync(tsv, 'a\tb\n1\tx,y\n');
    expect(plain(await readTable(tsv))).toEqual({ a: [1], b: ['x,y'] });
    const gz = join(dir, 'a.csv.gz');
    writeFileSync(gz, gzipSync('a;b\n1;2\n3;4\n'));
    expect(plain(await readTable(gz))).toEqual({ a: [1, 3], b: [2, 4] });
    const written = join(dir, 'w.csv.gz');
    await writeTable(written, { a: [1, 2], b: ['p', 'q'] });
    expect(plain(await readTable(written))).toEqual({ a: [1, 2], b: ['p', 'q'] });
  });

  it('streams chunks of exactly chunkRows rows whose concatenation is the whole table', async () => {
    const path = join(dir, 'sample.csv');
    const table = sampleTable(2500);
    await writeTable(path, table);
    const whole = await readTable(path);
    expect(plain(whole)).toEqual(plain(table));
    const chunks = await collect(path, 1000);
    expect(chunks.map((c) => c.x!.length)).toEqual([1000, 1000, 500]);
    for (const c of chunks) {
      expect(Object.keys(c)).toEqual(['x', 'count', 'town']);
      expect(c.x).toBeInstanceOf(Float64Array);
      expect(Array.isArray(c.town)).toBe(true);
    }
    expect(concatChunks(chunks)).toEqual(plain(table));
    expect((await collect(path, 2500)).length).toBe(1);
    expect((await collect(path, 5000)).map((c) => c.x!.length)).toEqual([2500]);
  });

  it('reads only the selected columns, renamed by the mapping, in the asked order', async () => {
    const path = join(dir, 'sample.csv');
    const t = await readTable(path, { columns: ['gemeente', 'x'], mapping: { gemeente: 'town' } });
    expect(Object.keys(t)).toEqual(['gemeente', 'x']);
    const chunks = await collect(path, 1000, { columns: ['count'] });
    expect(chunks.map((c) => Object.keys(c))).toEqual([['count'], ['count'], ['count']]);
  });

  it('a header-only file gives empty columns; readTableChunks gives no chunk', async () => {
    const path = join(dir, 'empty.csv');
    writeFileSync(path, 'a,b\n');
    expect(plain(await readTable(path))).toEqual({ a: [], b: [] });
    expect(await collect(path, 10)).toEqual([]);
  });

  it('throws typed errors naming the column, row or file', async () => {
    const path = join(dir, 'sample.csv');
    await expect(readTable(path, { columns: ['municipality'] })).rejects.toThrow(
      /column 'municipality' is not in .*sample\.csv; its columns are: x, count, town/,
    );
    await expect(readTable(path, { mapping: { municipality: 'gemeente' } })).rejects.toMatchObject({
      code: 'missing-column',
      column: 'gemeente',
    });
    await expect(readTable(path, { mapping: { town: 'x' } })).rejects.toMatchObject({ code: 'duplicate' });
    await expect(readTable(path, { types: { town: 'number' } })).rejects.toThrow(
      /column 'town' row 2 holds 'GM0001', which is not a number/,
    );
    const dup = join(dir, 'dup.csv');
    writeFileSync(dup, 'a,a\n1,2\n');
    await expect(readTable(dup)).rejects.toMatchObject({ code: 'duplicate', column: 'a' });
    const ragged = join(dir, 'ragged.csv');
    writeFileSync(ragged, 'a,b\n1,2\n3\n');
    await expect(readTable(ragged)).rejects.toBeInstanceOf(DataError);
    const blank = join(dir, 'blank.csv');
    writeFileSync(blank, '');
    await expect(readTable(blank)).rejects.toMatchObject({ code: 'empty' });
    await expect(readTable(join(dir, 'x.xlsx'))).rejects.toBeInstanceOf(SpecError);
    await expect(collect(path, 0)).rejects.toBeInstanceOf(SpecError);
    await expect(readTable(path, { decimal: ',', delimiter: ',' })).rejects.toBeInstanceOf(SpecError);
  });

  it('fixes column types from the first chunk and names the later row that does not fit', async () => {
    const path = join(dir, 'late-text.csv');
    const code = Array.from({ length: 30 }, (_, i) => (i === 25 ? 'GM0025' : String(i)));
    writeFileSync(path, `code\n${code.join('\n')}\n`);
    await expect(collect(path, 10)).rejects.toThrow(
      /column 'code' row 26 holds 'GM0025', which is not a number; read it as text with types: \{ 'code': 'string' \}/,
    );
    const chunks = await collect(path, 10, { types: { code: 'string' } });
    expect(concatChunks(chunks).code).toEqual(code);
    // The whole-file reader infers from every row: a column of numbers with one bad cell is an error, not text.
    await expect(readTable(path)).rejects.toMatchObject({ code: 'invalid-value', column: 'code', row: 26 });
  });

  it('keeps multi-byte characters whole across file blocks, and quoted line breaks and delimiters', async () => {
    const path = join(dir, 'utf8.csv');
    const names = Array.from({ length: 30_000 }, (_, i) =>
      i % 3 === 0 ? 'Súdwest-Fryslân' : i % 3 === 1 ? 'Gemeente "Ülft",\nnoord' : '東京',
    );
    await writeTable(path, { name: names, i: Array.from({ length: names.length }, (_, i) => i) });
    const back = await readTable(path);
    expect(back.name).toEqual(names);
    const chunks = await collect(path, 7_001);
    expect(chunks.map((c) => c.i!.length)).toEqual([7_001, 7_001, 7_001, 7_001, 1_996]);
    expect(concatChunks(chunks).name).toEqual(names);
  });

  it('names the file for an unterminated quote', async () => {
    const path = join(dir, 'quote.csv');
    writeFileSync(path, 'a,b\n1,"open\n2,3\n');
    await expect(readTable(path)).rejects.toThrow(/quote\.csv: .*[Qq]uote/);
  });

  it('writeTable rejects a mapping of a column that is not there and two columns under one name', async () => {
    await expect(writeTable(join(dir, 'm.csv'), { a: [1] }, { mapping: { b: 'x' } })).rejects.toMatchObject({
      code: 'missing-column',
    });
    await expect(
      writeTable(join(dir, 'm.csv'), { a: [1], b: [2] }, { mapping: { a: 'b' } }),
    ).rejects.toMatchObject({ code: 'duplicate' });
  });
});

// The Prop 99 panel committed as a fixture (test/fixtures/data/SOURCES.md), so this runs on a clean clone.
const smoking = resolve(import.meta.dirname, '../fixtures/data/smoking.csv');

describe.skipIf(!existsSync(smoking))(
  'readTable(smoking.csv) (the fixture copy of the public Prop 99 data)',
  () => {
    it('reads the Prop 99 panel: 1,209 rows, quoted header, empty fields as NaN', async () => {
      const t = await readTable(smoking);
      expect(Object.keys(t)).toEqual([
        'state_id',
        'state',
        'year',
        'cigsale',
        'lnincome',
        'beer',
        'age15to24',
        'retprice',
      ]);
      expect(t.year!.length).toBe(1209);
      expect(t.state![0]).toBe('Alabama');
      expect(t.cigsale![0]).toBe(89.8000030517578);
      expect(Number.isNaN(t.lnincome![0] as number)).toBe(true);
      let chunked = 0;
      for await (const c of readTableChunks(smoking, { chunkRows: 500, columns: ['cigsale'] }))
        chunked += c.cigsale!.length;
      expect(chunked).toBe(1209);
    });
  },
);
