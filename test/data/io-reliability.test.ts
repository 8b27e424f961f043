import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { asyncBufferFromFile, parquetMetadataAsync } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { readTable, readTableChunks, toFrame, toTable, writeTable } from '../../src/data/index.js';
import { DataError, SpecError } from '../../src/errors.js';
import { tempDir } from './io-helpers.js';

const dir = tempDir();

/** A record with own properties named `names` (a literal `{ __proto__: x }` would set the prototype). */
function record(entries: readonly (readonly [string, unknown])[]): Record<string, never> {
  return Object.fromEntries(entries) as Record<string, never>;
}

describe('names are data in every reader and writer', () => {
  const names = ['constructor', 'toString', 'valueOf', '__proto__', 'hasOwnProperty', 'a'];
  const data = record(names.map((n, k) => [n, [k, k + 0.5]]));

  it('CSV writes prototype-like names as they are and reads them back as columns', async () => {
    const path = join(dir, 'proto.csv');
    await writeTable(path, data);
    expect(readFileSync(path, 'utf8').split('\n')[0]).toBe(names.join(','));
    const back = await readTable(path);
    expect(Object.keys(back)).toEqual(names);
    expect(Object.hasOwn(back, '__proto__')).toBe(true);
    expect(Array.from(Object.getOwnPropertyDescriptor(back, '__proto__')?.value)).toEqual([3, 3.5]);
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
  });

  it("a CSV with header '__proto__,b' keeps both columns", async () => {
    const path = join(dir, 'proto-header.csv');
    writeFileSync(path, '__proto__,b\nx,1\ny,2\n');
    const back = await readTable(path);
    expect(Object.keys(back)).toEqual(['__proto__', 'b']);
    expect(Object.getOwnPropertyDescriptor(back, '__proto__')?.value).toEqual(['x', 'y']);
    const chunks = [];
    for await (const c of readTableChunks(path, { chunkRows: 1 })) chunks.push(Object.keys(c));
    expect(chunks).toEqual([
      ['__proto__', 'b'],
      ['__proto__', 'b'],
    ]);
  });

  it.each(['parquet', 'arrow', 'json'])('.%s writes and reads prototype-like names', async (ext) => {
    const path = join(dir, `proto.${ext}`);
    await writeTable(path, data);
    const back = await readTable(path);
    expect(Object.keys(back)).toEqual(names);
    expect(Object.getOwnPropertyDescriptor(back, '__proto__')?.value).toEqual(new Float64Array([3, 3.5]));
    if (ext === 'parquet') {
      const meta = await parquetMetadataAsync(await asyncBufferFromFile(path));
      expect(meta.schema.slice(1).map((e) => e.name)).toEqual(names);
    }
  });

  it("mapping and types keys are own names only: 'constructor' is not looked up on {}", async () => {
    const path = join(dir, 'map.csv');
    await writeTable(path, { constructor: [1], b: ['x'] }, { mapping: record([['b', 'toString']]) });
    expect(readFileSync(path, 'utf8')).toBe('constructor,toString\n1,x\n');
    const back = await readTable(path, { types: record([['constructor', 'string']]) });
    expect(back.constructor).toEqual(['1']);
    const read = await readTable(path, { mapping: record([['__proto__', 'toString']]) });
    expect(Object.keys(read)).toEqual(['constructor', '__proto__']);
  });

  it('toFrame takes row objects from JSON.parse with a __proto__ key, and column records named like prototype members', () => {
    const rows = JSON.parse('[{"__proto__": 1, "constructor": "a"}, {"__proto__": 2, "constructor": "b"}]');
    const f = toFrame(rows);
    expect(f.names).toEqual(['__proto__', 'constructor']);
    expect(f.column('__proto__')).toMatchObject({ kind: 'numeric', values: new Float64Array([1, 2]) });
    expect(f.column('constructor')).toMatchObject({ kind: 'factor', levels: ['a', 'b'] });
    expect(toFrame(record([['toString', [1, 2]]])).has('toString')).toBe(true);
    expect(toFrame({ a: [1] }).has('constructor')).toBe(false);
    expect(() => toFrame({ a: [1] }).column('__proto__')).toThrow(DataError);
  });
});

describe('CSV round trip: rows, missing values, NaN, empty text, formulas, big integers', () => {
  it('{ x: [1, NaN, 3, null] } comes back with 4 rows (one column: a blank line is a missing cell)', async () => {
    const path = join(dir, 'one-col.csv');
    await writeTable(path, { x: [1, Number.NaN, 3, null] });
    expect(readFileSync(path, 'utf8')).toBe('x\n1\n\n3\n\n');
    expect(Array.from((await readTable(path)).x as Float64Array)).toEqual([1, Number.NaN, 3, Number.NaN]);
    // With more columns a blank line is skipped, as spreadsheets leave them.
    const two = join(dir, 'blank-lines.csv');
    writeFileSync(two, 'a,b\n1,2\n\n3,4\n\n');
    expect(Array.from((await readTable(two)).a as Float64Array)).toEqual([1, 3]);
  });

  it('an empty string is written quoted ("") and read as an empty string; a missing text cell is empty and read as null', async () => {
    const path = join(dir, 'empty-text.csv');
    await writeTable(path, { s: ['', null, 'x', 'NA', 'NaN', 'null'], n: [1, 2, 3, 4, 5, 6] });
    expect(readFileSync(path, 'utf8')).toBe('s,n\n"",1\n,2\nx,3\n"NA",4\n"NaN",5\n"null",6\n');
    expect((await readTable(path)).s).toEqual(['', null, 'x', 'NA', 'NaN', 'null']);
  });

  it('in a numeric column an empty cell and NaN, NA, null are all missing (NaN), quoted or not; in text, an unquoted NA is missing', async () => {
    const path = join(dir, 'nan-null.csv');
    writeFileSync(path, 'x,s\n1,a\n,NA\nNaN,"NA"\n"NA",\nnull,""\n');
    const t = await readTable(path);
    expect(Array.from(t.x as Float64Array)).toEqual([1, Number.NaN, Number.NaN, Number.NaN, Number.NaN]);
    expect(t.s).toEqual(['a', null, 'NA', null, '']);
    // `na` says which unquoted cells are missing.
    expect((await readTable(path, { na: [''] })).s).toEqual(['a', 'NA', 'NA', null, '']);
  });

  it('reads an integer that a double cannot hold exactly (2^53 + 1) as an error naming column and row, or as text', async () => {
    const path = join(dir, 'big-int.csv');
    writeFileSync(path, 'id,v\n1,2\n9007199254740993,3\n');
    const err = await readTable(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect(err).toMatchObject({ code: 'lossy-value', column: 'id', row: 2 });
    expect((err as Error).message).toMatch(/9007199254740993.*types: \{ 'id': 'string' \}/);
    expect((await readTable(path, { types: { id: 'string' } })).id).toEqual(['1', '9007199254740993']);
  });

  it('writes and reads CRLF and CR-only line ends, quoted line breaks and quotes; text after a closing quote is an error', async () => {
    const crlf = join(dir, 'crlf.csv');
    writeFileSync(crlf, 'a,b\r\n"x\r\ny",1\r\n"say ""hi""",2\r\n');
    expect(await readTable(crlf)).toEqual({ a: ['x\r\ny', 'say "hi"'], b: new Float64Array([1, 2]) });
    const cr = join(dir, 'cr.csv');
    writeFileSync(cr, 'a,b\r1,2\r3,4\r');
    expect(Array.from((await readTable(cr)).b as Float64Array)).toEqual([2, 4]);
    const bad = join(dir, 'bad-quote.csv');
    writeFileSync(bad, 'a,b\n"x"y,1\n');
    await expect(readTable(bad)).rejects.toMatchObject({ code: 'invalid-value', row: 1 });
  });
});

describe('JSON numbers that a double cannot hold', () => {
  it('an integer beyond 2^53 that JSON.parse would round, or 1e400, is an error naming column and row', async () => {
    const path = join(dir, 'big.json');
    writeFileSync(path, '[{"id": "9007199254740993", "n": 1}, {"id": "x", "n": 9007199254740993}]');
    await expect(readTable(path)).rejects.toMatchObject({ code: 'lossy-value', column: 'n', row: 2 });
    writeFileSync(path, '{"v": [1, -1e400]}');
    await expect(readTable(path)).rejects.toMatchObject({ code: 'not-finite', column: 'v', row: 2 });
    // As strings, and as integers a double holds (2^53 + 2), they are read.
    writeFileSync(path, '[{"id": "9007199254740993", "n": 9007199254740994, "s": "12345678901234567\\""}]');
    expect(toTable(await readTable(path))).toEqual({
      id: ['9007199254740993'],
      n: new Float64Array([9007199254740994]),
      s: ['12345678901234567"'],
    });
  });
});

describe('logical columns', () => {
  it('are written as 1/0 and read back as 0/1, inferred or asked for with types: boolean', async () => {
    const path = join(dir, 'flags.csv');
    await writeTable(path, { f: [true, false, null] });
    expect(readFileSync(path, 'utf8')).toBe('f\n1\n0\n\n');
    expect(Array.from((await readTable(path)).f as Float64Array)).toEqual([1, 0, Number.NaN]);
    expect(Array.from((await readTable(path, { types: { f: 'boolean' } })).f as Float64Array)).toEqual([
      1,
      0,
      Number.NaN,
    ]);
    writeFileSync(path, 'f\nTRUE\nfalse\nyes\n');
    await expect(readTable(path, { types: { f: 'boolean' } })).rejects.toMatchObject({
      code: 'invalid-value',
      column: 'f',
      row: 3,
    });
  });
});

describe('CSV record reading at scale', () => {
  it('reads a quoted cell that spans several 1 MB file blocks, with escaped quotes and line breaks', async () => {
    const path = join(dir, 'huge-cell.csv');
    const cell = 'x,"y"\n'.repeat(500_000); // 3.5 MB
    await writeTable(path, { big: [cell, 'z'], n: [1, 2] });
    const back = await readTable(path);
    expect((back.big![0] as string).length).toBe(cell.length);
    expect(back.big![0] === cell).toBe(true);
    expect(back.big![1]).toBe('z');
    expect(Array.from(back.n as Float64Array)).toEqual([1, 2]);
  });
});

describe('numbers from text: only strict decimals', () => {
  it('0x10, 1_000 and 1,5 are not numbers: a column of numbers with such a cell is an error naming row and column', async () => {
    for (const [cell, hint] of [
      ['0x10', /'0x10', which is not a number/],
      ['1_000', /'1_000', which is not a number/],
      ['1,5', /for a decimal comma pass decimal: ','/],
    ] as const) {
      const path = join(dir, 'bad-number.csv');
      writeFileSync(path, `v;w\n1;a\n2;b\n${cell};c\n4;d\n`);
      const err = await readTable(path).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'invalid-value', column: 'v', row: 3 });
      expect((err as Error).message).toMatch(hint);
    }
  });

  it('a blank cell is missing, never 0; the decimal comma only with decimal: ","', async () => {
    const path = join(dir, 'comma.csv');
    writeFileSync(path, 'v;w\n1,5;x\n;y\n-2,25;z\n');
    expect(Array.from((await readTable(path, { decimal: ',' })).v as Float64Array)).toEqual([
      1.5,
      Number.NaN,
      -2.25,
    ]);
    // Without the option two cells of three look like decimal-comma numbers: an error, not text or 15.
    await expect(readTable(path)).rejects.toMatchObject({ code: 'invalid-value', column: 'v', row: 1 });
  });
});

describe('writers refuse what a format cannot hold, with a typed error', () => {
  it('JSON refuses ±Infinity (it has no such number) and writes no file', async () => {
    const path = join(dir, 'inf.json');
    await expect(writeTable(path, { x: [1, Number.NEGATIVE_INFINITY] })).rejects.toMatchObject({
      code: 'not-finite',
      column: 'x',
      row: 2,
    });
    await expect(readTable(path)).rejects.toMatchObject({ code: 'file-not-found' });
  });

  it('every writer refuses text that is not valid Unicode (a lone surrogate)', async () => {
    for (const ext of ['csv', 'parquet', 'arrow', 'json']) {
      await expect(writeTable(join(dir, `lone.${ext}`), { s: ['ok', 'bad\uD800'] })).rejects.toMatchObject({
        code: 'lossy-value',
        column: 's',
        row: 2,
      });
      await expect(writeTable(join(dir, `lone.${ext}`), record([['\uDC00', [1]]]))).rejects.toMatchObject({
        code: 'lossy-value',
      });
    }
  });

  it('Parquet and Arrow refuse text that starts with U+FEFF (their readers drop it); CSV and JSON keep it', async () => {
    for (const ext of ['parquet', 'arrow']) {
      await expect(writeTable(join(dir, `bom.${ext}`), { s: ['\uFEFFx'] })).rejects.toMatchObject({
        code: 'lossy-value',
        column: 's',
        row: 1,
      });
    }
    for (const ext of ['csv', 'json']) {
      await writeTable(join(dir, `bom.${ext}`), record([['\uFEFFname', ['\uFEFFx']]]));
      expect(toTable(await readTable(join(dir, `bom.${ext}`)))).toEqual(
        record([['\uFEFFname', ['\uFEFFx']]]),
      );
    }
  });

  it('a bigint column is refused as a value the data layer does not take', async () => {
    await expect(writeTable(join(dir, 'big.csv'), { n: [2n ** 53n + 1n] as never })).rejects.toMatchObject({
      code: 'invalid-value',
      column: 'n',
    });
  });
});

describe('files that are not there or not files', () => {
  it.each(['csv', 'csv.gz', 'tsv', 'parquet', 'arrow', 'json'])(
    'a missing .%s is DataError file-not-found naming the path',
    async (ext) => {
      const path = join(dir, `nope.${ext}`);
      const err = await readTable(path).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DataError);
      expect(err).toMatchObject({ code: 'file-not-found' });
      expect((err as Error).message).toContain(`cannot read '${path}': no such file`);
      await expect(readTableChunks(path).next()).rejects.toMatchObject({ code: 'file-not-found' });
    },
  );

  it('a folder is DataError unreadable-file', async () => {
    const folder = join(dir, 'folder.csv');
    mkdirSync(folder, { recursive: true });
    await expect(readTable(folder)).rejects.toMatchObject({ code: 'unreadable-file' });
  });
});

describe('options are checked once', () => {
  const path = join(dir, 'opts.csv');
  it('unknown keys and bad values are SpecErrors naming them', async () => {
    writeFileSync(path, 'a\n1\n');
    await expect(readTable(path, { delimeter: ';' } as never)).rejects.toMatchObject({
      code: 'unknown-option',
      option: 'delimeter',
    });
    await expect(readTable(path, { chunkRows: 5 } as never)).rejects.toMatchObject({
      code: 'unknown-option',
    });
    await expect(readTable(path, { decimal: ';' } as never)).rejects.toMatchObject({
      code: 'invalid-option',
      option: 'decimal',
    });
    await expect(readTable(path, { types: { a: 'text' } } as never)).rejects.toMatchObject({
      code: 'invalid-option',
      option: 'types',
    });
    await expect(readTable(path, { spreadsheetSafe: 'yes' } as never)).rejects.toBeInstanceOf(SpecError);
    await expect(readTable(path, { delimiter: '"' })).rejects.toMatchObject({ option: 'delimiter' });
    await expect(readTable(path, { na: 'NA' } as never)).rejects.toMatchObject({ option: 'na' });
    await expect(writeTable(path, { a: [1] }, { spreadsheetsafe: true } as never)).rejects.toMatchObject({
      code: 'unknown-option',
    });
    await expect(writeTable(path, { a: [1] }, { delimiter: '.' })).rejects.toMatchObject({
      code: 'invalid-option',
      option: 'delimiter',
    });
    await expect(writeTable(path, { a: [1] }, { mapping: { a: 3 } } as never)).rejects.toMatchObject({
      code: 'invalid-mapping',
    });
  });
});
