import { DataError } from '../errors.js';

/**
 * A categorical column given as integer codes into a list of levels (compact storage; `-1` = missing).
 * Levels must be unique strings and codes integers in [-1, levels.length); anything else is a `DataError`
 * naming the column (and the row of a bad code) when the column is first used.
 */
export interface FactorInput {
  readonly codes: ArrayLike<number>;
  readonly levels: readonly string[];
}

/** One column as users pass it: any array-like of numbers/strings/booleans/nulls (typed arrays included), or a factor. */
export type ColumnInput = ArrayLike<number | string | boolean | null | undefined> | FactorInput;

/** Column-oriented input: a record of equally long columns. */
export type ColumnRecord = { readonly [name: string]: ColumnInput };

/** The subset of an arquero table the data layer reads (duck-typed so arquero stays an optional edge). */
export interface ArqueroLike {
  numRows(): number;
  columnNames(): string[];
  array(name: string): ArrayLike<unknown>;
}

/** Row objects: any objects (interfaces included, e.g. the rows `tidy()` returns), read by their own keys. */
export type RowObjects = readonly object[];

/** Every input shape the library accepts: a column record, an array of row objects, or an arquero table. */
export type DataInput = ColumnRecord | RowObjects | ArqueroLike;

/** A numeric column; missing values are NaN. `logical` marks a boolean source column (0/1). */
export interface NumericColumn {
  readonly kind: 'numeric';
  readonly name: string;
  readonly values: ArrayLike<number>;
  readonly logical: boolean;
}

/** A categorical column as codes into `levels` (levels in sorted order unless given); `-1` = missing. */
export interface FactorColumn {
  readonly kind: 'factor';
  readonly name: string;
  readonly codes: ArrayLike<number>;
  readonly levels: readonly string[];
}

export type Column = NumericColumn | FactorColumn;

/**
 * The normalised, columnar view every function works on. Columns are converted lazily,
 * once, and numeric typed arrays are used as they are (no copy).
 */
export interface Frame {
  readonly nrows: number;
  readonly names: readonly string[];
  has(name: string): boolean;
  column(name: string): Column;
  /**
   * The 1-based row of the user's data that frame row `i` (0-based) came from, for messages: a
   * frame of selected rows (recipients, say) still names the row as the user sees it. Absent: i + 1.
   */
  sourceRow?(i: number): number;
}

/**
 * The 1-based data row of frame row `i`, as messages and `DataError.row` name it.
 *
 * @example
 * ```ts
 * import { dataRow } from './frame.js';
 * import { toFrame } from 'verdeelmodel/data';
 * dataRow(toFrame({ x: [1, 2] }), 0); // => 1
 * ```
 */
export function dataRow(frame: Frame, i: number): number {
  return frame.sourceRow ? frame.sourceRow(i) : i + 1;
}

function isArqueroLike(x: unknown): x is ArqueroLike {
  const t = x as ArqueroLike;
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof t.numRows === 'function' &&
    typeof t.columnNames === 'function' &&
    typeof t.array === 'function'
  );
}

function isFactorInput(x: unknown): x is FactorInput {
  const f = x as FactorInput;
  return (
    typeof x === 'object' &&
    x !== null &&
    !ArrayBuffer.isView(x) &&
    Array.isArray(f.levels) &&
    f.codes != null
  );
}

const TYPED_NUMERIC = [
  Float64Array,
  Float32Array,
  Int32Array,
  Int16Array,
  Int8Array,
  Uint32Array,
  Uint16Array,
  Uint8Array,
  Uint8ClampedArray,
];

function isTypedNumeric(x: unknown): x is ArrayLike<number> {
  return TYPED_NUMERIC.some((T) => x instanceof T);
}

function describe(v: unknown): string {
  return typeof v === 'string' ? `'${v}'` : String(v);
}

/**
 * A factor's levels must be unique strings and its codes integers in [-1, levels.length) (-1 = missing):
 * a code of 1.5, NaN or one past the last level would otherwise be fitted as some other category.
 */
function checkFactor(name: string, raw: FactorInput): readonly string[] {
  const levels = raw.levels;
  const seen = new Set<string>();
  for (let k = 0; k < levels.length; k++) {
    const level = levels[k];
    if (typeof level !== 'string') {
      throw new DataError(
        'invalid-value',
        `column '${name}' has level ${k + 1} = ${describe(level)}; factor levels must be strings`,
        { column: name },
      );
    }
    if (seen.has(level)) {
      throw new DataError(
        'duplicate',
        `column '${name}' has the level '${level}' twice; factor levels must be unique`,
        { column: name },
      );
    }
    seen.add(level);
  }
  const codes = raw.codes;
  const n = levels.length;
  if (codes instanceof Int32Array) {
    // The readers' factors (readTable's text: 'factor'): integers by type, so one typed range check; the
    // loop below names the row only when it fails.
    let ok = true;
    for (let i = 0; i < codes.length; i++) {
      const c = codes[i]!;
      if (c < -1 || c >= n) {
        ok = false;
        break;
      }
    }
    if (ok) return levels;
  }
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i] as unknown;
    if (typeof c !== 'number' || !Number.isInteger(c) || c < -1 || c >= n) {
      throw new DataError(
        'out-of-range',
        `column '${name}' row ${i + 1} has the factor code ${describe(c)}; codes must be integers from 0 to ${n - 1} (the ${n} levels), or -1 for missing`,
        { column: name, row: i + 1 },
      );
    }
  }
  return levels;
}

/**
 * The codes behind each text column a reader (or {@link textFromCodes}) made from factor codes: so
 * that the frame encodes such a column without hashing every string again. Keyed by the array, so
 * it goes when the array does; a user may still change the array, so the codes are only taken after
 * a check that every cell is still its level (a pointer compare per row for untouched strings).
 */
const codesOfText = new WeakMap<object, { codes: ArrayLike<number>; levels: readonly string[] }>();

/**
 * Factor codes (−1 = missing) as a text column, one shared string per level, remembered so that
 * the data boundary reads it back as the same factor without encoding the strings again: the one
 * way the readers and `frameColumns` turn codes into text.
 * @internal
 */
export function textFromCodes(codes: ArrayLike<number>, levels: readonly string[]): (string | null)[] {
  const n = codes.length;
  const out = new Array<string | null>(n);
  for (let i = 0; i < n; i++) {
    const c = codes[i]!;
    out[i] = c < 0 ? null : levels[c]!;
  }
  codesOfText.set(out, { codes, levels });
  return out;
}

/** The remembered codes of a text column when every cell is still its level, else null. */
function rememberedCodes(
  arr: ArrayLike<unknown>,
  nrows: number,
): { codes: ArrayLike<number>; levels: readonly string[] } | null {
  const known = codesOfText.get(arr as object);
  if (!known || known.codes.length !== nrows) return null;
  const { codes, levels } = known;
  const used = new Uint8Array(levels.length);
  for (let i = 0; i < nrows; i++) {
    const c = codes[i]!;
    if (arr[i] !== (c < 0 ? null : levels[c])) return null;
    if (c >= 0) used[c] = 1;
  }
  if (used.every((u) => u === 1)) return known;
  // Levels no row has (a frame's unused levels) are not levels of the text, as when it is encoded afresh.
  const renumber = new Int32Array(levels.length + 1);
  renumber[0] = -1;
  const present: string[] = [];
  for (let c = 0; c < levels.length; c++) {
    renumber[c + 1] = used[c] ? present.length : -1;
    if (used[c]) present.push(levels[c]!);
  }
  const out = new Int32Array(nrows);
  for (let i = 0; i < nrows; i++) out[i] = renumber[codes[i]! + 1]!;
  return { codes: out, levels: present };
}

/**
 * A column of strings (null/undefined = missing) as factor codes, in one pass with a Map that numbers
 * levels as they first appear, then a remap of the codes to the sorted levels (the design's reference
 * levels depend on that order). Null when the column is not all strings (the caller then names the
 * mix of types) or holds no string at all.
 */
function encodeStrings(
  arr: ArrayLike<unknown>,
  nrows: number,
): { codes: Int16Array | Int32Array; levels: string[] } | null {
  let start = 0;
  while (start < nrows && (arr[start] === null || arr[start] === undefined)) start++;
  if (start === nrows || typeof arr[start] !== 'string') return null;
  const known = rememberedCodes(arr, nrows);
  if (known) return sortedCodes(known.codes, known.levels, nrows);
  const index = new Map<string, number>();
  const seen: string[] = [];
  let codes: Int16Array | Int32Array = new Int16Array(nrows);
  codes.fill(-1, 0, start);
  for (let i = start; i < nrows; i++) {
    const v = arr[i];
    if (typeof v === 'string') {
      let c = index.get(v);
      if (c === undefined) {
        c = seen.length;
        index.set(v, c);
        seen.push(v);
        if (c === 32766 && codes instanceof Int16Array) codes = Int32Array.from(codes);
      }
      codes[i] = c;
    } else if (v === null || v === undefined) {
      codes[i] = -1;
    } else {
      return null;
    }
  }
  return sortedCodes(codes, seen, nrows, codes);
}

/**
 * Codes into `seen` (levels in first-seen order) remapped to the sorted levels (into `into`, which
 * may be `codes` itself, or a new array of the narrowest type that holds them).
 */
function sortedCodes(
  codes: ArrayLike<number>,
  seen: readonly string[],
  nrows: number,
  into?: Int16Array | Int32Array,
): { codes: Int16Array | Int32Array; levels: string[] } {
  const order = seen
    .map((_, k) => k)
    .sort((a, b) => (seen[a]! < seen[b]! ? -1 : seen[a]! > seen[b]! ? 1 : 0));
  const levels = order.map((k) => seen[k]!);
  // remap[first-seen code + 1] = sorted code; slot 0 keeps a missing −1.
  const remap = new Int32Array(seen.length + 1);
  remap[0] = -1;
  order.forEach((k, sorted) => {
    remap[k + 1] = sorted;
  });
  const out = into ?? (seen.length < 32767 ? new Int16Array(nrows) : new Int32Array(nrows));
  for (let i = 0; i < nrows; i++) out[i] = remap[codes[i]! + 1]!;
  return { codes: out, levels };
}

/** Convert one raw column to a typed column; numbers stay numbers, strings become factor codes, booleans 0/1. */
export function normaliseColumn(name: string, raw: unknown, nrows: number): Column {
  if (isFactorInput(raw)) {
    if (raw.codes.length !== nrows) {
      throw new DataError(
        'length-mismatch',
        `column '${name}' has ${raw.codes.length} values but the data has ${nrows} rows`,
        { column: name },
      );
    }
    return { kind: 'factor', name, codes: raw.codes, levels: checkFactor(name, raw) };
  }
  if (isTypedNumeric(raw)) {
    if (raw.length !== nrows) {
      throw new DataError(
        'length-mismatch',
        `column '${name}' has ${raw.length} values but the data has ${nrows} rows`,
        {
          column: name,
        },
      );
    }
    return { kind: 'numeric', name, values: raw, logical: false };
  }
  const arr = raw as ArrayLike<unknown>;
  if (arr == null || typeof arr.length !== 'number') {
    throw new DataError('invalid-value', `column '${name}' is not an array-like of values`, { column: name });
  }
  if (arr.length !== nrows) {
    throw new DataError(
      'length-mismatch',
      `column '${name}' has ${arr.length} values but the data has ${nrows} rows`,
      {
        column: name,
      },
    );
  }
  const strings = encodeStrings(arr, nrows);
  if (strings) return { kind: 'factor', name, codes: strings.codes, levels: strings.levels };
  let sawNumber = false;
  let sawString = false;
  let sawBoolean = false;
  for (let i = 0; i < nrows; i++) {
    const v = arr[i];
    if (v === null || v === undefined) continue;
    const t = typeof v;
    if (t === 'number') sawNumber = true;
    else if (t === 'string') sawString = true;
    else if (t === 'boolean') sawBoolean = true;
    else if (v instanceof Date) sawNumber = true;
    else {
      throw new DataError(
        'invalid-value',
        `column '${name}' row ${i + 1} holds ${describe(v)}; use numbers, strings or booleans`,
        {
          column: name,
          row: i + 1,
        },
      );
    }
  }
  const kinds = Number(sawNumber) + Number(sawString) + Number(sawBoolean);
  if (kinds > 1) {
    throw new DataError(
      'invalid-value',
      `column '${name}' mixes ${[sawNumber && 'numbers', sawString && 'strings', sawBoolean && 'booleans'].filter(Boolean).join(' and ')}; give it one type`,
      { column: name },
    );
  }
  const values = new Float64Array(nrows);
  for (let i = 0; i < nrows; i++) {
    const v = arr[i];
    values[i] = v === null || v === undefined ? Number.NaN : Number(v);
  }
  return { kind: 'numeric', name, values, logical: sawBoolean };
}

function makeFrame(nrows: number, names: readonly string[], get: (name: string) => unknown): Frame {
  const nameSet = new Set(names);
  const cache = new Map<string, Column>();
  return {
    nrows,
    names,
    has: (name) => nameSet.has(name),
    column(name) {
      const hit = cache.get(name);
      if (hit) return hit;
      if (!nameSet.has(name)) {
        const hint = names.length <= 20 ? ` (columns: ${names.join(', ')})` : '';
        throw new DataError('missing-column', `column '${name}' is not in the data${hint}`, { column: name });
      }
      const col = normaliseColumn(name, get(name), nrows);
      cache.set(name, col);
      return col;
    },
  };
}

/**
 * Normalise any accepted input (column record, row objects, arquero table) into a {@link Frame}.
 * Column names are plain data: `__proto__`, `constructor` or names with spaces and dots work.
 *
 * @example
 * ```ts
 * import { toFrame } from 'verdeelmodel/data';
 * const f = toFrame({ y: [0, 1, 1], town: ['a', 'b', 'a'] });
 * f.column('town'); // => { kind: 'factor', levels: ['a', 'b'], codes: Int16Array [0, 1, 0], ... }
 * ```
 */
export function toFrame(data: DataInput | Frame): Frame {
  if (data == null || typeof data !== 'object') {
    throw new DataError(
      'invalid-value',
      'data must be a column object, an array of row objects or an arquero table',
    );
  }
  if (isFrame(data)) return data;
  if (isArqueroLike(data)) {
    const names = data.columnNames();
    return makeFrame(data.numRows(), names, (n) => data.array(n));
  }
  if (Array.isArray(data)) {
    const rows = data as readonly Readonly<Record<string, unknown>>[];
    const names: string[] = [];
    const seen = new Set<string>();
    for (const row of rows) {
      if (row === null || typeof row !== 'object') {
        throw new DataError('invalid-value', 'every row must be an object of column values');
      }
      for (const k of Object.keys(row)) {
        if (!seen.has(k)) {
          seen.add(k);
          names.push(k);
        }
      }
    }
    return makeFrame(rows.length, names, (n) =>
      rows.map((r) => (Object.hasOwn(r, n) ? (r as Record<string, unknown>)[n] : undefined)),
    );
  }
  const rec = data as ColumnRecord;
  const names = Object.keys(rec);
  if (names.length === 0) throw new DataError('empty', 'the data has no columns');
  const first = rec[names[0]!] as ColumnInput;
  const nrows = isFactorInput(first) ? first.codes.length : (first as ArrayLike<unknown>).length;
  return makeFrame(nrows, names, (n) => rec[n]);
}

function isFrame(x: object): x is Frame {
  const f = x as Frame;
  return typeof f.column === 'function' && typeof f.has === 'function' && typeof f.nrows === 'number';
}
