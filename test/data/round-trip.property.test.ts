import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ColumnRecord,
  type DataInput,
  type ReadTableOptions,
  readTable,
  readTableChunks,
  type TableColumns,
  toTable,
  type WriteTableOptions,
  writeTable,
} from '../../src/data/index.js';
import { VerdeelmodelError } from '../../src/errors.js';
import { concatChunks, tempDir } from './io-helpers.js';

const dir = tempDir();

// Names that are properties of every plain object: they must be ordinary column names.
const PROTO_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];
const TRICKY_TEXT = [
  '',
  '=1+1',
  '=HYPERLINK("http://x","y")',
  '+31 20 555',
  '-3.5',
  '-x',
  '@SUM(1)',
  "'=already",
  "''=twice",
  "'s-Hertogenbosch",
  '\tx',
  '\rx',
  'NA',
  'NaN',
  'null',
  'NULL',
  'N/A',
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
  'constructor',
];
const SPECIAL_NUMBERS = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -0,
  0,
  2 ** 53,
  2 ** 53 + 2, // the doubles next to 2^53 + 1, which no double holds
  -(2 ** 53 + 2),
  2 ** 60 + 2 ** 8, // String() gives digits that are not its exact value
  1e21,
  5e-324,
  0.1 + 0.2,
  -1e300,
];

// Text that reads as a number, true/false or an infinity unless the writer marks it as text.
const NUMBER_LIKE_TEXT = [
  '1',
  '2',
  '0',
  '-0',
  '1e999',
  '9007199254740993',
  '1,5',
  '+.5',
  'Inf',
  '-Infinity',
  'true',
  'FALSE',
  'True',
  ' 7 ',
  '0363',
];
const numberLikeText = fc.oneof(
  fc.constantFrom(...NUMBER_LIKE_TEXT),
  fc.double({ noNaN: true }).map(String),
  fc.integer().map(String),
);
const text = fc.oneof(
  fc.constantFrom(...TRICKY_TEXT),
  numberLikeText,
  fc.string({ unit: 'grapheme', maxLength: 5 }),
  fc.string({ unit: 'binary-ascii', maxLength: 4 }),
);
const name = fc.oneof(fc.constantFrom(...PROTO_NAMES), text);
const number = fc.oneof(fc.constantFrom(...SPECIAL_NUMBERS), fc.double(), fc.integer());

type Kind = 'number' | 'integer' | 'text' | 'number-like text' | 'boolean' | 'factor';
type Cell = number | string | boolean | null;

/** One column: its kind and cells (null = missing), or a factor's codes and levels. */
const column = (nrows: number) =>
  fc
    .constantFrom<Kind>('number', 'integer', 'text', 'number-like text', 'boolean', 'factor')
    .chain((kind): fc.Arbitrary<GenColumn> => {
      const cells = <T>(a: fc.Arbitrary<T>) =>
        fc.array(fc.option(a, { nil: null, freq: 4 }), { minLength: nrows, maxLength: nrows });
      switch (kind) {
        case 'number':
          return cells(number).map((c) => ({ kind, cells: c as Cell[] }));
        case 'integer':
          return cells(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })).map((c) => ({
            kind,
            cells: c as Cell[],
          }));
        case 'boolean':
          return cells(fc.boolean()).map((c) => ({ kind, cells: c as Cell[] }));
        case 'text':
          return cells(text).map((c) => ({ kind, cells: c as Cell[] }));
        case 'number-like text':
          return cells(numberLikeText).map((c) => ({ kind, cells: c as Cell[] }));
        case 'factor':
          return fc.uniqueArray(text, { minLength: 1, maxLength: 4 }).chain((levels) =>
            fc
              .array(fc.integer({ min: -1, max: levels.length - 1 }), { minLength: nrows, maxLength: nrows })
              .map((codes) => ({
                kind,
                levels,
                codes,
                cells: codes.map((c) => (c < 0 ? null : levels[c]!)) as Cell[],
              })),
          );
      }
    });

type GenColumn = { kind: Kind; cells: Cell[]; levels?: string[]; codes?: number[] };

/** A frame as a column record or as row objects, built with own properties so '__proto__' is a name. */
const frame = fc
  .record({
    nrows: fc.integer({ min: 1, max: 6 }),
    names: fc.uniqueArray(name, { minLength: 1, maxLength: 4 }),
    rows: fc.boolean(),
  })
  .chain(({ nrows, names, rows }) =>
    fc
      .tuple(...names.map(() => column(nrows)))
      .map((cols) => ({ nrows, names, rows, cols: cols as GenColumn[] })),
  )
  .map(({ nrows, names, rows, cols }): DataInput => {
    const own = (o: object, k: string, v: unknown) =>
      Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
    if (rows) {
      return Array.from({ length: nrows }, (_, i) => {
        const row = {};
        names.forEach((n, k) => {
          own(row, n, cols[k]!.cells[i]);
        });
        return row;
      });
    }
    const rec = {};
    names.forEach((n, k) => {
      const c = cols[k]!;
      own(rec, n, c.kind === 'factor' ? { codes: Int32Array.from(c.codes!), levels: c.levels } : c.cells);
    });
    return rec as ColumnRecord;
  });

interface Format {
  readonly label: string;
  readonly ext: string;
  readonly write?: WriteTableOptions;
  readonly read?: ReadTableOptions;
  /**
   * Which text columns are read with types: { name: 'string' }: those of only nulls for CSV and JSON (a
   * missing cell has no type: such a column reads back as numbers, all NaN); none for Parquet and Arrow (their
   * schema has the types). Every other text column must come back as text without being told: the CSV
   * writer quotes text that would read back as something else, and the reader reads a quoted cell as text.
   */
  readonly types: 'null-text' | 'none';
  /** What the format cannot hold, so that the writer must refuse it (with this code). */
  readonly refuses?: { readonly code: string; readonly when: (t: TableColumns) => boolean };
}

const hasInfinity = (t: TableColumns) =>
  Object.values(t).some((c) => c instanceof Float64Array && c.some((v) => v === Infinity || v === -Infinity));

// The Parquet and Arrow readers of JavaScript drop a leading byte-order mark from names and text.
const hasLeadingBom = (t: TableColumns) =>
  Object.entries(t).some(
    ([n, c]) => n.startsWith('\uFEFF') || (Array.isArray(c) && c.some((v) => v?.startsWith('\uFEFF'))),
  );

const FORMATS: readonly Format[] = [
  { label: 'CSV', ext: 'csv', types: 'null-text' },
  {
    label: 'CSV, spreadsheet-safe both ways',
    ext: 'csv',
    types: 'null-text',
    write: { spreadsheetSafe: true },
    read: { spreadsheetSafe: true },
  },
  {
    label: 'CSV, Dutch (; and decimal comma)',
    ext: 'csv',
    types: 'null-text',
    write: { delimiter: ';', decimal: ',' },
    read: { delimiter: ';', decimal: ',' },
  },
  { label: 'TSV, gzip', ext: 'tsv.gz', types: 'null-text' },
  { label: 'Parquet', ext: 'parquet', types: 'none', refuses: { code: 'lossy-value', when: hasLeadingBom } },
  {
    label: 'Arrow IPC file',
    ext: 'arrow',
    types: 'none',
    refuses: { code: 'lossy-value', when: hasLeadingBom },
  },
  {
    label: 'Arrow IPC stream',
    ext: 'arrows',
    types: 'none',
    refuses: { code: 'lossy-value', when: hasLeadingBom },
  },
  {
    label: 'JSON',
    ext: 'json',
    types: 'null-text',
    // JSON has no infinities; writing one as null would lose it.
    refuses: { code: 'not-finite', when: hasInfinity },
  },
];

/** The same table: same names in the same order, same kind per column, same cells (Object.is: NaN, -0). */
function expectSame(back: TableColumns, expected: TableColumns): void {
  expect(Object.keys(back)).toEqual(Object.keys(expected));
  for (const n of Object.keys(expected)) {
    const e = expected[n]!;
    const b = back[n]!;
    expect([n, b instanceof Float64Array]).toEqual([n, e instanceof Float64Array]);
    expect(b.length).toBe(e.length);
    for (let i = 0; i < e.length; i++) {
      if (!Object.is(b[i], e[i])) expect([n, i, b[i]]).toEqual([n, i, e[i]]);
    }
  }
}

let file = 0;

describe('round trip: writeTable then readTable gives the same frame, or the writer refuses with a code', () => {
  let protoNames: string[];
  beforeAll(() => {
    protoNames = Object.getOwnPropertyNames(Object.prototype).sort();
  });
  afterAll(() => {
    // Nothing written or read through a '__proto__' name touched Object.prototype.
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoNames);
    expect(Object.getPrototypeOf(Object.prototype)).toBe(null);
  });

  it.each(FORMATS)('$label', async (format) => {
    await fc.assert(
      fc.asyncProperty(frame, async (input) => {
        const before = Object.getOwnPropertyNames(Object.prototype).length;
        const expected = toTable(input);
        const path = join(dir, `t${file++}.${format.ext}`);
        const mustRefuse = format.refuses?.when(expected) ?? false;
        let refused: unknown = null;
        try {
          await writeTable(path, input, format.write);
        } catch (e) {
          refused = e;
        }
        if (refused !== null) {
          expect(refused).toBeInstanceOf(VerdeelmodelError);
          expect((refused as VerdeelmodelError).code).toBe(format.refuses?.code);
          expect(mustRefuse).toBe(true);
          return;
        }
        expect(mustRefuse).toBe(false);
        // Text columns without a present cell (in the whole file; in chunked reading, in the first chunk).
        const types: Record<string, 'string'> = {};
        const chunkTypes: Record<string, 'string'> = {};
        if (format.types !== 'none') {
          for (const n of Object.keys(expected)) {
            const c = expected[n]!;
            if (c instanceof Float64Array) continue;
            if (c.every((v) => v === null))
              Object.defineProperty(types, n, { value: 'string', enumerable: true });
            if (c.slice(0, 2).every((v) => v === null)) {
              Object.defineProperty(chunkTypes, n, { value: 'string', enumerable: true });
            }
          }
        }
        const back = await readTable(path, { ...format.read, types });
        expectSame(back, expected);
        // Read in chunks of 2 rows, the same table comes back (pieces regrouped, types fixed by the first chunk).
        const chunks: TableColumns[] = [];
        for await (const c of readTableChunks(path, { ...format.read, types: chunkTypes, chunkRows: 2 })) {
          chunks.push(c);
        }
        const whole = concatChunks(chunks);
        expect(Object.keys(whole)).toEqual(Object.keys(expected));
        for (const n of Object.keys(expected)) {
          expect(whole[n]!.every((v, i) => Object.is(v, expected[n]![i]))).toBe(true);
          expect(whole[n]!.length).toBe(expected[n]!.length);
        }
        expect(Object.getOwnPropertyNames(Object.prototype).length).toBe(before);
      }),
      { numRuns: 100 },
    );
  });

  it('CSV infers numeric columns as numbers without being told (numbers, NaN, ±Inf, -0, 2^60 + 2^8)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.option(number, { nil: null }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom(...PROTO_NAMES),
        async (cells, n) => {
          const input = {};
          Object.defineProperty(input, n, { value: cells, enumerable: true });
          const path = join(dir, `n${file++}.csv`);
          await writeTable(path, input as ColumnRecord);
          expectSame(await readTable(path), toTable(input as ColumnRecord));
        },
      ),
      { numRuns: 100 },
    );
  });
});
