/**
 * Shared fast-check arbitraries for the fuzz suite: nasty numbers, names and cells, and a small language of
 * mutations applied to a valid base input (so a property reaches past the first check of a function instead
 * of being refused at the door every time).
 */
import fc from 'fast-check';

/** Numbers at the edges of doubles: non-finite, signed zero, extreme and subnormal scales, beyond 2^53. */
export const EDGE_NUMBERS: readonly number[] = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -0,
  0,
  1,
  -1,
  1e308,
  -1e308,
  1.7976931348623157e308,
  1e-308,
  5e-324,
  -5e-324,
  2 ** 53,
  2 ** 53 + 2,
  2 ** 60,
  -(2 ** 60),
  1e21,
  1e300,
  1e-300,
  0.1 + 0.2,
];

/** Names every plain object already has: they must behave as ordinary names. */
export const PROTO_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'] as const;

/** Text that trips naive code: empty, whitespace, emoji, combining marks, RTL, control characters, number-like. */
export const NASTY_TEXT: readonly string[] = [
  '',
  ' ',
  '🙂',
  '👩‍👩‍👧',
  'e\u0301',
  'Súdwest-Fryslân',
  'שלום',
  '\u202Eabc',
  '東京',
  '\u0000',
  'line\nbreak',
  'NaN',
  'Infinity',
  '1e999',
  '0x10',
  '1_000',
  '-0',
  ' 7 ',
  '=1+1',
  'a:b',
  'x[y]',
  '(Intercept)',
  ...PROTO_NAMES,
];

export const edgeNumber: fc.Arbitrary<number> = fc.constantFrom(...EDGE_NUMBERS);

/** Any double, mostly ordinary, often an edge number. */
export const anyNumber: fc.Arbitrary<number> = fc.oneof(
  { weight: 3, arbitrary: edgeNumber },
  { weight: 2, arbitrary: fc.double() },
  { weight: 2, arbitrary: fc.integer({ min: -1000, max: 1000 }) },
);

export const nastyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_TEXT) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 4 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 3 }) },
);

export const protoName: fc.Arbitrary<string> = fc.constantFrom(...PROTO_NAMES);

/** A column or key name: prototype-like, unicode or arbitrary. */
export const anyName: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: protoName },
  { weight: 3, arbitrary: nastyText },
);

/** One cell of any type a user can pass: numbers, text, booleans, null, undefined, bigint-free. */
export const anyCell: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: anyNumber },
  { weight: 2, arbitrary: nastyText },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined) },
);

/** Ordinary municipality codes plus ones that trip naive code. */
export const CODES = [
  'GM0363',
  'GM0014',
  'GM0034',
  'GM0599',
  'GM0344',
  'GM1680',
  'GM0518',
  'GM0855',
] as const;
export const municipalityCode: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...CODES) },
  { weight: 2, arbitrary: protoName },
  { weight: 1, arbitrary: nastyText },
);

// --- Mutations of a valid input ----------------------------------------------------------------------

/**
 * One change to a table of row objects. Columns and rows are picked by index modulo the table's size, so a
 * mutation always applies to whatever base table it meets.
 */
export type Mutation =
  | { readonly kind: 'cell'; readonly col: number; readonly row: number; readonly value: unknown }
  | { readonly kind: 'scale'; readonly col: number; readonly factor: number }
  | { readonly kind: 'truncate'; readonly keep: number }
  | { readonly kind: 'duplicate-row'; readonly row: number }
  | { readonly kind: 'duplicate-key'; readonly row: number; readonly from: number }
  | { readonly kind: 'rename-key'; readonly row: number; readonly name: string }
  | { readonly kind: 'drop-column'; readonly col: number }
  | { readonly kind: 'rename-column'; readonly col: number; readonly name: string }
  | { readonly kind: 'constant'; readonly col: number };

const index = fc.nat({ max: 1000 });

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({ kind: fc.constant('cell' as const), col: index, row: index, value: anyCell }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('scale' as const),
      col: index,
      factor: fc.constantFrom(1e300, 1e-300, 1e150, 1e-150, -1, 0, 2 ** 40),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('truncate' as const), keep: fc.constantFrom(0, 1, 2) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicate-row' as const), row: index }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('duplicate-key' as const), row: index, from: index }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('rename-key' as const), row: index, name: anyName }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('drop-column' as const), col: index }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('rename-column' as const), col: index, name: anyName }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('constant' as const), col: index }) },
);

/** Zero to three mutations; no mutation at all about a quarter of the time (the valid case must pass too). */
export const mutations: fc.Arbitrary<Mutation[]> = fc.oneof(
  { weight: 1, arbitrary: fc.constant([] as Mutation[]) },
  { weight: 3, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }) },
);

type Row = Record<string, unknown>;

/** Defines an own data property (a `__proto__` key stays a key, never a prototype). */
export function setOwn(obj: Row, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

function copyRow(row: Row, rename?: [string, string], drop?: string): Row {
  const out: Row = {};
  for (const k of Object.keys(row)) {
    if (k === drop) continue;
    setOwn(out, rename && k === rename[0] ? rename[1] : k, row[k]);
  }
  return out;
}

/**
 * Applies mutations to row objects. `key` names the id column (rename-key / duplicate-key act on it; the
 * other mutations act on the other columns, so the id column survives unless renamed on purpose).
 */
export function mutateRows(rows: readonly Row[], ms: readonly Mutation[], key?: string): Row[] {
  let out = rows.map((r) => copyRow(r));
  const names = rows.length > 0 ? Object.keys(rows[0]!) : [];
  const valueCols = names.filter((n) => n !== key);
  for (const m of ms) {
    const n = out.length;
    const col = valueCols.length > 0 && 'col' in m ? valueCols[m.col % valueCols.length] : undefined;
    switch (m.kind) {
      case 'cell':
        if (n > 0 && col !== undefined) setOwn(out[m.row % n]!, col, m.value);
        break;
      case 'scale':
        if (col !== undefined)
          for (const r of out) if (typeof r[col] === 'number') setOwn(r, col, (r[col] as number) * m.factor);
        break;
      case 'truncate':
        out = out.slice(0, m.keep);
        break;
      case 'duplicate-row':
        if (n > 0) out.push(copyRow(out[m.row % n]!));
        break;
      case 'duplicate-key':
        if (n > 0 && key !== undefined) setOwn(out[m.row % n]!, key, out[m.from % n]![key]);
        break;
      case 'rename-key':
        if (n > 0 && key !== undefined) setOwn(out[m.row % n]!, key, m.name);
        break;
      case 'drop-column':
        if (col !== undefined) out = out.map((r) => copyRow(r, undefined, col));
        break;
      case 'rename-column':
        if (col !== undefined) out = out.map((r) => copyRow(r, [col, m.name]));
        break;
      case 'constant':
        if (n > 0 && col !== undefined) for (const r of out) setOwn(r, col, out[0]![col]);
        break;
    }
  }
  return out;
}

/** Row objects to a column record (own keys only; a `__proto__` column stays a column). */
export function toColumns(rows: readonly Row[], names?: readonly string[]): Record<string, unknown[]> {
  const cols: Record<string, unknown[]> = {};
  const all = names ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
  for (const name of all)
    setOwn(
      cols,
      name,
      rows.map((r) => (Object.hasOwn(r, name) ? r[name] : undefined)),
    );
  return cols;
}

/** A record keyed by municipality code, built with own properties (so `__proto__` is a code). */
export function record(entries: readonly (readonly [string, unknown])[]): Record<string, number> {
  const out: Row = {};
  for (const [k, v] of entries) setOwn(out, k, v);
  return out as Record<string, number>;
}

/** Values per municipality (entries, mutated), to be passed as a record or as a Map. */
export interface ValuesSpec {
  readonly entries: [string, unknown][];
  readonly asMap: boolean;
}

/** Values per municipality, as a record or a Map; mutated like a two-column table. */
export function municipalityValues(
  base: fc.Arbitrary<number>,
  options: { minLength?: number; maxLength?: number } = {},
): fc.Arbitrary<ValuesSpec> {
  return fc
    .record({
      codes: fc.uniqueArray(fc.constantFrom(...CODES), {
        minLength: options.minLength ?? 0,
        maxLength: options.maxLength ?? CODES.length,
      }),
      values: fc.array(base, { minLength: CODES.length, maxLength: CODES.length }),
      ms: mutations,
      asMap: fc.boolean(),
    })
    .map(({ codes, values, ms, asMap }) => {
      const rows = mutateRows(
        codes.map((c, i) => ({ municipality: c, value: values[i] })),
        ms,
        'municipality',
      );
      return { entries: rows.map((r) => [String(r.municipality), r.value] as [string, unknown]), asMap };
    });
}

/** The entries as the input form chosen (record or Map). */
export function valuesInput(v: ValuesSpec): Record<string, number> | Map<string, number> {
  return v.asMap ? new Map(v.entries as [string, number][]) : record(v.entries);
}

/** An ordinary positive amount (euros, inhabitants) at a plausible scale. */
export const amount: fc.Arbitrary<number> = fc.double({ min: 1, max: 1e7, noNaN: true });
export const inhabitantsCount: fc.Arbitrary<number> = fc.integer({ min: 900, max: 900_000 });

/**
 * Several inputs per municipality over one set of codes (as the evaluation functions expect), mutated as one
 * table: a mutation of a value column touches one input, a key mutation touches all of them.
 */
export function alignedValues<K extends string>(
  columns: Readonly<Record<K, fc.Arbitrary<number>>>,
  options: { minLength?: number } = {},
): fc.Arbitrary<Record<K, ValuesSpec>> {
  const names = Object.keys(columns) as K[];
  return fc
    .record({
      codes: fc.uniqueArray(fc.constantFrom(...CODES), {
        minLength: options.minLength ?? 0,
        maxLength: CODES.length,
      }),
      values: fc.array(fc.tuple(...names.map((n) => columns[n])), {
        minLength: CODES.length,
        maxLength: CODES.length,
      }),
      ms: mutations,
      asMap: fc.boolean(),
    })
    .map(({ codes, values, ms, asMap }) => {
      const rows = mutateRows(
        codes.map((c, i) => {
          const row: Row = { municipality: c };
          for (const [k, n] of names.entries()) setOwn(row, n, values[i]![k]);
          return row;
        }),
        ms,
        'municipality',
      );
      const out = {} as Record<K, ValuesSpec>;
      for (const n of names) {
        out[n] = {
          entries: rows
            .filter((r) => Object.hasOwn(r, n))
            .map((r) => [String(r.municipality), r[n]] as [string, unknown]),
          asMap,
        };
      }
      return out;
    });
}
