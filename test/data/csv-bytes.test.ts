import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type ColumnRecord,
  type ReadTableOptions,
  readTable,
  type TableColumns,
  type WriteTableOptions,
  writeTable,
} from '../../src/data/index.js';
import { fastDecimal } from '../../src/data/io/csv-bytes.js';
import { csvBytesTestHooks, readCsvBytes, SAMPLE_ROWS } from '../../src/data/io/csv-bytes-read.js';
import { tableChunks } from '../../src/data/io/table-chunks.js';
import { parseDecimal } from '../../src/data/parse-number.js';
import { DataError, VerdeelmodelError } from '../../src/errors.js';
import { workerTestHooks } from '../../src/workers/pool.js';
import { tempDir } from './io-helpers.js';

const dir = tempDir();
let file = 0;
const fresh = (ext = 'csv') => join(dir, `b${file++}.${ext}`);

afterEach(() => {
  csvBytesTestHooks.parallelBytes = undefined;
  csvBytesTestHooks.splitAt = undefined;
  csvBytesTestHooks.inlineRanges = undefined;
});

/** The string reader (the path readTable took before): one chunk, types inferred from every row. */
async function oldRead(path: string, options: ReadTableOptions = {}): Promise<TableColumns> {
  for await (const c of tableChunks(path, options, Number.POSITIVE_INFINITY)) return c;
  return {};
}

/** The outcome of a read: the table or the error's class, code, message, row and column. */
async function outcome(read: () => Promise<TableColumns>): Promise<unknown> {
  try {
    return { table: await read() };
  } catch (e) {
    if (!(e instanceof VerdeelmodelError)) throw e;
    const d = e as DataError & { row?: number; column?: string };
    return { error: [e.constructor.name, e.code, e.message, d.row, d.column] };
  }
}

/** Same names in the same order, same kind per column, same cells by Object.is (NaN, -0). */
function expectSameTable(back: TableColumns, expected: TableColumns): void {
  expect(Object.keys(back)).toEqual(Object.keys(expected));
  for (const n of Object.keys(expected)) {
    const e = expected[n]!;
    const b = back[n]!;
    expect([n, b instanceof Float64Array]).toEqual([n, e instanceof Float64Array]);
    expect([n, b.length]).toEqual([n, e.length]);
    for (let i = 0; i < e.length; i++) {
      if (!Object.is(b[i], e[i])) expect([n, i, b[i]]).toEqual([n, i, e[i]]);
    }
  }
}

async function expectSameAsOld(path: string, options: ReadTableOptions = {}): Promise<void> {
  const a = (await outcome(() => readTable(path, options))) as { table?: TableColumns; error?: unknown };
  const b = (await outcome(() => oldRead(path, options))) as { table?: TableColumns; error?: unknown };
  if (b.error !== undefined || a.error !== undefined) expect(a.error).toEqual(b.error);
  else expectSameTable(a.table!, b.table!);
}

const TRICKY_TEXT = [
  '',
  '=1+1',
  '-3.5',
  "'=already",
  '\tx',
  '\rx',
  'NA',
  'NaN',
  'null',
  'Inf',
  '0x10',
  '0363',
  ' 7 ',
  'a,b',
  'a;b',
  'say "hi"',
  'line\nbreak',
  'cr\r\nlf',
  '\uFEFFbom',
  'Súdwest-Fryslân',
  '東京',
  '🙂',
  '__proto__',
  'true',
  '1,5',
];
const SPECIAL_NUMBERS = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -0,
  0,
  2 ** 53,
  2 ** 53 + 2,
  2 ** 60 + 2 ** 8,
  1e21,
  5e-324,
  0.1 + 0.2,
  -1e300,
  123456789012345,
  1234567890123456,
  0.000123,
  1e-7,
];
const text = fc.oneof(
  fc.constantFrom(...TRICKY_TEXT),
  fc.string({ unit: 'grapheme', maxLength: 5 }),
  fc.string({ unit: 'binary-ascii', maxLength: 4 }),
);
const number = fc.oneof(
  fc.constantFrom(...SPECIAL_NUMBERS),
  fc.double(),
  fc.integer(),
  fc.integer({ min: -99999, max: 99999 }).map((k) => k / 100),
);

type Kind = 'number' | 'text' | 'boolean' | 'factor';
type GenColumn = (number | string | boolean | null)[] | { codes: Int32Array; levels: string[] };
const columnOf = (nrows: number) =>
  fc.constantFrom<Kind>('number', 'text', 'boolean', 'factor').chain((kind): fc.Arbitrary<GenColumn> => {
    const cells = <T>(a: fc.Arbitrary<T>) =>
      fc.array(fc.option(a, { nil: null, freq: 4 }), { minLength: nrows, maxLength: nrows });
    if (kind === 'number') return cells(number);
    if (kind === 'boolean') return cells(fc.boolean());
    if (kind === 'text') return cells(text);
    return fc
      .uniqueArray(text, { minLength: 1, maxLength: 4 })
      .chain((levels) =>
        fc
          .array(fc.integer({ min: -1, max: levels.length - 1 }), { minLength: nrows, maxLength: nrows })
          .map((codes) => ({ codes: Int32Array.from(codes), levels })),
      );
  });
const frame = fc
  .record({
    nrows: fc.integer({ min: 1, max: 12 }),
    names: fc.uniqueArray(fc.oneof(fc.constantFrom('__proto__', 'constructor', 'a b'), text), {
      minLength: 1,
      maxLength: 4,
    }),
  })
  .chain(({ nrows, names }) =>
    fc.tuple(...names.map(() => columnOf(nrows))).map((cols) => {
      const rec = {};
      names.forEach((n, k) => {
        Object.defineProperty(rec, n, { value: cols[k], enumerable: true });
      });
      return rec as ColumnRecord;
    }),
  );

const FLAVOURS: readonly {
  label: string;
  write?: WriteTableOptions;
  read?: ReadTableOptions;
  ext?: string;
}[] = [
  { label: 'CSV' },
  { label: 'CSV, spreadsheet-safe', write: { spreadsheetSafe: true }, read: { spreadsheetSafe: true } },
  {
    label: 'Dutch CSV (; and decimal comma)',
    write: { delimiter: ';', decimal: ',' },
    read: { delimiter: ';', decimal: ',' },
  },
  { label: 'TSV', ext: 'tsv' },
  { label: 'CSV, gzip', ext: 'csv.gz' },
];

describe('the byte reader reads what the string reader reads', () => {
  it.each(FLAVOURS)(
    'random frames written by writeTable: $label (inferred types and all-text)',
    async (f) => {
      await fc.assert(
        fc.asyncProperty(frame, fc.boolean(), async (input, allText) => {
          const path = fresh(f.ext);
          try {
            await writeTable(path, input, f.write);
          } catch (e) {
            expect(e).toBeInstanceOf(VerdeelmodelError);
            return;
          }
          const types: Record<string, 'string'> = {};
          if (allText) {
            for (const n of Object.keys(input))
              Object.defineProperty(types, n, { value: 'string', enumerable: true });
          }
          await expectSameAsOld(path, { ...f.read, types });
        }),
        { numRuns: 120 },
      );
    },
  );

  it('random bytes of CSV syntax: the same table or the same error (class, code, message, row, column)', async () => {
    const piece = fc.constantFrom(
      'a',
      '1',
      '-2.5',
      '1,5',
      ',',
      ';',
      '"',
      '""',
      '\n',
      '\r\n',
      '\r',
      ' ',
      'NA',
      'x"y',
      'é',
      '',
    );
    const options = fc.record(
      {
        na: fc.constantFrom<string[]>([], ['x', '-'], [''], ['NA', '"']),
        delimiter: fc.constantFrom(';', '|'),
        decimal: fc.constantFrom<'.' | ','>('.', ','),
        spreadsheetSafe: fc.boolean(),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 40 }), options, async (parts, o) => {
        const path = fresh();
        writeFileSync(path, parts.join(''));
        await expectSameAsOld(path);
        if (o.decimal === ',' && o.delimiter === undefined) return;
        await expectSameAsOld(path, o);
      }),
      { numRuns: 400 },
    );
  });

  it('number-shaped cells of every form the one-pass record path must accept or hand on: the same table or error', async () => {
    // The one-pass path parses `-digits[.digits]` itself (long ones through the repeated-cell cache and
    // Number()), and hands every other form to the general path: both must give the old reader's doubles.
    const numeric = fc.constantFrom(
      '0',
      '-0',
      '007',
      '1.',
      '.5',
      '-.5',
      '1e5',
      '+1',
      '1.25',
      '-3.5',
      '123456789012345',
      '1234567890123456',
      '-0.24699367582798004',
      '0.3670209050178528',
      '12345678901234567890',
      '9007199254740993',
      '-999',
    );
    // Mostly number-shaped cells, now and then one the general path must see (missing, quoted, text, CR).
    const cell = fc.oneof(
      { arbitrary: numeric, weight: 20 },
      { arbitrary: fc.constantFrom('', 'NA', '"3"', 'a', '1\r', '2,5'), weight: 1 },
    );
    const grid = fc.record({
      rows: fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 30 }),
      delimiter: fc.constantFrom(',', ';'),
      crlf: fc.boolean(),
      na: fc.constantFrom<string[] | undefined>(undefined, ['-999'], ['.5', 'NA'], ['']),
    });
    await fc.assert(
      fc.asyncProperty(grid, async ({ rows, delimiter, crlf, na }) => {
        const path = fresh();
        const eol = crlf ? '\r\n' : '\n';
        const body = rows.map((r) => r.join(delimiter)).join(eol);
        writeFileSync(path, `x${delimiter}y${delimiter}z${eol}${body}${eol}`);
        const o = { delimiter, ...(na ? { na } : {}) };
        await expectSameAsOld(path, o);
        if (delimiter === ';') await expectSameAsOld(path, { ...o, decimal: ',' });
      }),
      { numRuns: 400 },
    );
  });

  it('random bytes of CSV syntax split into 2 to 4 ranges at random offsets: the same table or error', async () => {
    const piece = fc.constantFrom(
      'a',
      '1',
      '-2.5',
      ',',
      '"',
      '""',
      '\n',
      '\r\n',
      ' ',
      'NA',
      'x"y',
      'é',
      '"q\nr"',
    );
    csvBytesTestHooks.parallelBytes = 0;
    csvBytesTestHooks.inlineRanges = true;
    await fc.assert(
      fc.asyncProperty(
        fc.array(piece, { minLength: 1, maxLength: 60 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 3 }),
        async (parts, cuts) => {
          const path = fresh();
          const body = Buffer.from(parts.join(''));
          writeFileSync(path, body);
          csvBytesTestHooks.splitAt = () =>
            cuts.map((c) => Math.floor(c * body.length)).sort((a, b) => a - b);
          const back = await outcome(async () => {
            const t = await readCsvBytes(path, {}, cuts.length + 1);
            const out: TableColumns = {};
            t!.names.forEach((n, k) => {
              const c = t!.columns[k]!;
              Object.defineProperty(out, n, {
                value:
                  c instanceof Float64Array ? c : Array.from(c.codes, (x) => (x < 0 ? null : c.levels[x]!)),
                enumerable: true,
              });
            });
            return out;
          });
          const old = await outcome(() => oldRead(path));
          const b = back as { table?: TableColumns; error?: unknown };
          const o = old as { table?: TableColumns; error?: unknown };
          if (b.error !== undefined || o.error !== undefined) expect(b.error).toEqual(o.error);
          else expectSameTable(b.table!, o.table!);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('a ragged line names its line; a bad cell names row and column; codes as before', async () => {
    const ragged = fresh();
    writeFileSync(ragged, 'a,b\n1,2\n3\n');
    await expectSameAsOld(ragged);
    await expect(readTable(ragged)).rejects.toMatchObject({ code: 'invalid-value', row: 2 });
    const bad = fresh();
    writeFileSync(bad, 'a,b\n1,2\n3,4\n5x,6\n7,8\n');
    await expectSameAsOld(bad);
    await expect(readTable(bad)).rejects.toMatchObject({ code: 'invalid-value', row: 3, column: 'a' });
    const lossy = fresh();
    writeFileSync(lossy, 'a\n1\n9007199254740993\n');
    await expectSameAsOld(lossy);
    await expect(readTable(lossy)).rejects.toMatchObject({ code: 'lossy-value', row: 2, column: 'a' });
    const empty = fresh();
    writeFileSync(empty, '\n\n');
    await expectSameAsOld(empty);
    await expect(readTable(empty)).rejects.toMatchObject({ code: 'empty' });
    const unclosed = fresh();
    writeFileSync(unclosed, 'a,b\n1,"x\n');
    await expectSameAsOld(unclosed);
    await expect(readTable(unclosed)).rejects.toMatchObject({ code: 'invalid-value', row: 1 });
    const bool = fresh();
    writeFileSync(bool, 'a\ntrue\nfalse\nmaybe\n', 'utf8');
    await expectSameAsOld(bool, { types: { a: 'boolean' } });
    await expect(readTable(bool, { types: { a: 'boolean' } })).rejects.toMatchObject({ row: 3, column: 'a' });
  });

  it('columns and mapping: a selection, a column read twice under two names, a duplicate header', async () => {
    const path = fresh();
    writeFileSync(path, 'a,b,c\n1,x,3\n4,y,\n');
    await expectSameAsOld(path, { columns: ['c', 'a'] });
    await expectSameAsOld(path, { mapping: { one: 'a', two: 'a' }, columns: ['two', 'one', 'b'] });
    await expectSameAsOld(path, { mapping: { one: 'b', two: 'b' }, types: { one: 'string' } });
    // Two types for one file column: the string reader serves it.
    await expectSameAsOld(path, { mapping: { one: 'a', two: 'a' }, types: { one: 'string' } });
    const t = await readTable(path, { mapping: { one: 'b', two: 'b' } });
    expect(t.one).toEqual(['x', 'y']);
    expect(t.one).not.toBe(t.two);
    await expectSameAsOld(path, { columns: ['zz'] });
    const dup = fresh();
    writeFileSync(dup, 'a,a\n1,2\n');
    await expectSameAsOld(dup);
    await expect(readTable(dup)).rejects.toMatchObject({ code: 'duplicate' });
  });

  it('CRLF, a byte-order mark, CR-only line ends, a blank line in a one-column file', async () => {
    const cases = [
      '\uFEFFx,y\r\n1,a\r\n2.5,"b\r\nc"\r\n,\r\n',
      'x;y\r1;a\r2;b\r',
      'only\n1\n\n3\n',
      'only\r\n"a"\r\n\r\nb\r\n',
      'a,b\n\n1,2\n\n',
    ];
    for (const c of cases) {
      const path = fresh();
      writeFileSync(path, c);
      await expectSameAsOld(path);
    }
    const bom = fresh();
    writeFileSync(bom, '\uFEFFx,y\r\n1,a\r\n2.5,"b\r\nc"\r\n');
    const t = await readTable(bom);
    expect(Object.keys(t)).toEqual(['x', 'y']);
    expect([...(t.x as Float64Array)]).toEqual([1, 2.5]);
    expect(t.y).toEqual(['a', 'b\r\nc']);
  });

  it('a Dutch CSV (; and decimal comma): numbers with decimal: ",", a hint naming the option without it', async () => {
    const path = fresh();
    writeFileSync(path, 'gemeente;bedrag;aandeel\nGM0363;1234,5;0,25\nGM0599;-7,75;1\n');
    await expectSameAsOld(path, { decimal: ',' });
    const t = await readTable(path, { decimal: ',', types: { gemeente: 'string' } });
    expect([...(t.bedrag as Float64Array)]).toEqual([1234.5, -7.75]);
    expect([...(t.aandeel as Float64Array)]).toEqual([0.25, 1]);
    await expectSameAsOld(path);
    await expect(readTable(path)).rejects.toThrow(/decimal: ','/);
    await expect(readTable(path)).rejects.toMatchObject({ code: 'invalid-value', column: 'bedrag', row: 1 });
  });
});

/** A file of `rows` rows: numbers of every form, integers, text with quotes, line breaks and missing cells. */
function bigCsv(rows: number, quotedBreaks: boolean): string {
  const lines = ['id,x,town,flag,note'];
  const towns = ['Amsterdam', 'Súdwest-Fryslân', "'s-Hertogenbosch", 'Den Haag', '東京'];
  for (let i = 0; i < rows; i++) {
    const x = i % 97 === 0 ? '' : i % 5 === 0 ? String((i * 0.1234567890123) / 7) : String(i / 8);
    const note =
      quotedBreaks && i % 3 === 0 ? `"line ${i}\nnext, ""q"""` : i % 11 === 0 ? 'NA' : `n${i % 50}`;
    lines.push(`${i},${x},${towns[i % towns.length]},${i % 2 === 0 ? 'true' : 'false'},${note}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('threads', () => {
  it('1 and 2 threads (and 3) give the same table as the string reader', async () => {
    const path = fresh();
    writeFileSync(path, bigCsv(30_000, false));
    csvBytesTestHooks.parallelBytes = 0;
    const one = await readCsvBytes(path, {}, 1);
    const two = await readCsvBytes(path, {}, 2);
    const three = await readCsvBytes(path, {}, 3);
    expect(one!.threads).toBe(1);
    expect(two!.threads).toBe(2);
    expect(three!.threads).toBe(3);
    expect(two).toEqual({ ...one, threads: 2 });
    expect(three).toEqual({ ...one, threads: 3 });
    // Sorted levels, as the frame sorts them.
    const town = one!.columns[2] as { levels: string[] };
    expect(town.levels).toEqual([...town.levels].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const old = await oldRead(path);
    csvBytesTestHooks.parallelBytes = 0;
    expectSameTable(await readTable(path), old);
  });

  it('long decimals repeated down a column (the fast path keeps the last one per column) read as the string reader reads them', async () => {
    // 16 to 31 digits: cells that differ only in the last digit, in leading zeros, in sign or in where the
    // point is must not take each other's value.
    const cells = [
      '-0.34498685598373413',
      '-0.34498685598373413',
      '-0.34498685598373412',
      '0.34498685598373412',
      '00.34498685598373412',
      '3.4498685598373412',
      '3.4498685598373412',
      '34498685598373.412',
      '0.1234567890123456789012345678',
      '0.1234567890123456789012345679',
      '0.1234567890123456789012345679',
      '12345678901234567890.123456789012',
      '12345678901234567890.123456789013',
      '1.000000000000000000000000000001',
    ];
    const rows = Array.from(
      { length: 6000 },
      (_, i) => `${i},${cells[i % cells.length]},${cells[(i * 7) % cells.length]}`,
    );
    const path = fresh();
    writeFileSync(path, `id,a,b\n${rows.join('\n')}\n`);
    csvBytesTestHooks.parallelBytes = 0;
    const one = await readCsvBytes(path, {}, 1);
    const two = await readCsvBytes(path, {}, 2);
    expect(two).toEqual({ ...one, threads: 2 });
    const a = one!.columns[1] as Float64Array;
    const b = one!.columns[2] as Float64Array;
    for (let i = 0; i < 6000; i++) {
      expect(a[i]).toBe(parseDecimal(cells[i % cells.length]!, '.'));
      expect(b[i]).toBe(parseDecimal(cells[(i * 7) % cells.length]!, '.'));
    }
    expectSameTable(await readTable(path), await oldRead(path));
  });

  it('rows much shorter than the sampled ones (column sizes guessed far too small): 2 threads give the 1-thread table', async () => {
    // The first range's columns are sized from the sample's bytes per row to hold the whole file; here
    // the guess is ~40× too small, so they grow, and the merge must still place every range's rows.
    const path = fresh();
    const long = Array.from({ length: 1200 }, (_, i) => `${i},${'w'.repeat(300)}${i % 7},${i / 4}`);
    const short = Array.from({ length: 60_000 }, (_, i) => `${i + 1200},s${i % 5},${(i % 13) - 6}`);
    writeFileSync(path, `id,town,x\n${[...long, ...short].join('\n')}\n`);
    csvBytesTestHooks.parallelBytes = 0;
    const one = await readCsvBytes(path, {}, 1);
    const two = await readCsvBytes(path, {}, 2);
    expect(two!.threads).toBe(2);
    expect(two).toEqual({ ...one, threads: 2 });
    const id = two!.columns[0] as Float64Array;
    expect(id.length).toBe(61_200);
    expect(id[61_199]).toBe(61_199);
    expect((two!.columns[2] as Float64Array)[1200 + 13]).toBe(-6);
  });

  it('a worker that cannot start or that fails: its range is parsed on this thread, same table', async () => {
    const path = fresh();
    writeFileSync(path, bigCsv(20_000, false));
    csvBytesTestHooks.parallelBytes = 0;
    const one = await readCsvBytes(path, {}, 1);
    const broken = join(dir, 'broken-worker.mjs');
    writeFileSync(broken, "throw new Error('worker broke');\n");
    try {
      workerTestHooks.file = broken;
      expect(await readCsvBytes(path, {}, 2)).toEqual({ ...one, threads: 2 });
      workerTestHooks.file = join(dir, 'no-such-worker.mjs');
      expect(await readCsvBytes(path, {}, 2)).toEqual({ ...one, threads: 2 });
    } finally {
      workerTestHooks.file = undefined;
    }
  });

  it('quoted line breaks: a split inside a quoted cell is noticed and the file read again on one thread', async () => {
    const path = fresh();
    const body = bigCsv(20_000, true);
    writeFileSync(path, body);
    const old = await oldRead(path);
    csvBytesTestHooks.parallelBytes = 0;
    // Nominal split points just inside a quoted cell: the line break found there is within the quotes.
    const inside = body.indexOf('"line 9999\n') + 2;
    csvBytesTestHooks.splitAt = () => [Buffer.byteLength(body.slice(0, inside))];
    const two = await readCsvBytes(path, {}, 2);
    expect(two!.threads).toBe(1);
    expectSameTable(await readTable(path), old);
    // A split that happens to land between records is kept.
    csvBytesTestHooks.splitAt = undefined;
    const ok = await readCsvBytes(path, {}, 2);
    expect(ok).toEqual({ ...(await readCsvBytes(path, {}, 1)), threads: ok!.threads });
  });

  it('a ragged line and a bad cell in the second range name their rows in the whole file', async () => {
    const good = bigCsv(20_000, false).split('\n');
    csvBytesTestHooks.parallelBytes = 0;
    const ragged = [...good];
    ragged[15_000] = '1,2';
    const p1 = fresh();
    writeFileSync(p1, ragged.join('\n'));
    await expect(readCsvBytes(p1, {}, 2)).rejects.toMatchObject({ code: 'invalid-value', row: 15_000 });
    const bad = [...good];
    bad[18_000] = bad[18_000]!.replace(/^(\d+),/, '$1,12abc,');
    bad[18_000] = bad[18_000]!.replace(/,12abc,[^,]*,/, ',12abc,');
    const p2 = fresh();
    writeFileSync(p2, bad.join('\n'));
    // With the type given (an inferred one falls back to the string reader past the sample, tested below).
    await expect(readCsvBytes(p2, { types: { x: 'number' } }, 2)).rejects.toMatchObject({
      code: 'invalid-value',
      row: 18_000,
      column: 'x',
    });
    await expectSameAsOld(p2);
  });
});

describe('types from a sample, with a guarantee', () => {
  it('a cell after the sample that does not fit the inferred type is an error naming row and column', async () => {
    const rows = ['n,t'];
    for (let i = 0; i < SAMPLE_ROWS + 50; i++) rows.push(`${i},t${i}`);
    rows.push('oops,x');
    const path = fresh();
    writeFileSync(path, `${rows.join('\n')}\n`);
    for (const read of [() => readTable(path), () => readCsvBytes(path, {}, 1)]) {
      const err = await read().catch((e) => e);
      expect(err).toBeInstanceOf(DataError);
      expect(err).toMatchObject({ code: 'invalid-value', column: 'n', row: SAMPLE_ROWS + 51 });
      expect(err.message).toMatch(/types: \{ 'n': 'string' \}/);
    }
    // Told the type, the same file reads.
    const t = await readTable(path, { types: { n: 'string' } });
    expect((t.n as string[])[SAMPLE_ROWS + 50]).toBe('oops');
  });

  it('a column with no value in the sample is typed by the whole file (the string reader), as before', async () => {
    const late = ['id,name'];
    for (let i = 0; i < SAMPLE_ROWS + 10; i++) late.push(`${i},`);
    late.push('1,Amsterdam');
    const path = fresh();
    writeFileSync(path, `${late.join('\n')}\n`);
    expect(await readCsvBytes(path, {}, 1)).toBeNull();
    await expectSameAsOld(path);
    expect((await readTable(path)).name!.at(-1)).toBe('Amsterdam');
  });

  it('a quoted text cell after the sample in a column inferred as numbers is an error, not a number', async () => {
    const rows = ['n'];
    for (let i = 0; i < SAMPLE_ROWS + 5; i++) rows.push(String(i));
    rows.push('"12"', '""');
    const path = fresh();
    writeFileSync(path, `${rows.join('\n')}\n`);
    const err = await readTable(path).catch((e) => e);
    expect(err).toMatchObject({ code: 'invalid-value', column: 'n', row: SAMPLE_ROWS + 6 });
    expect(err.message).toMatch(/quoted/);
    // Told it is numeric, quoted numbers are numbers and a quoted "" is missing.
    const t = await readTable(path, { types: { n: 'number' } });
    expect((t.n as Float64Array)[SAMPLE_ROWS + 5]).toBe(12);
    expect((t.n as Float64Array)[SAMPLE_ROWS + 6]).toBeNaN();
  });
});

describe('the exact decimal fast path', () => {
  it('gives the double parseDecimal gives, or defers (NaN) to it', () => {
    const samples = fc.sample(
      fc.oneof(
        fc.double({ noNaN: true }).map(String),
        fc.integer().map(String),
        fc
          .tuple(fc.integer({ min: -99999999, max: 99999999 }), fc.integer({ min: -30, max: 30 }))
          .map(([m, e]) => `${m}e${e}`),
        fc.tuple(fc.nat(9999999), fc.nat(99999999)).map(([a, b]) => `${a}.${b}`),
        fc.constantFrom('-0', '+.5', '1.', '.', '-', '1e', '1e+5', '0e999', '007', '1.5e-22', '9e22', '1E5'),
      ),
      5000,
    );
    for (const s of samples) {
      const b = Buffer.from(s);
      const fast = fastDecimal(b, 0, b.length, 46);
      if (!Number.isNaN(fast) && !Object.is(fast, parseDecimal(s)))
        expect([s, fast]).toEqual([s, parseDecimal(s)]);
      const comma = s.replace('.', ',');
      const c = Buffer.from(comma);
      const fc2 = fastDecimal(c, 0, c.length, 44);
      if (!Number.isNaN(fc2) && !Object.is(fc2, parseDecimal(comma, ','))) {
        expect([comma, fc2]).toEqual([comma, parseDecimal(comma, ',')]);
      }
    }
    expect(Object.is(fastDecimal(Buffer.from('-0'), 0, 2, 46), -0)).toBe(true);
    expect(fastDecimal(Buffer.from('0.1'), 0, 3, 46)).toBe(0.1);
  });
});
