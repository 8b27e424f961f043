import { type Frame, toFrame } from '../data/frame.js';
import { DataError, SpecError } from '../errors.js';
import { checkOptions } from '../internal/options.js';
import { listIds, MunicipalityError } from './errors.js';

/**
 * One number per municipality, keyed by municipality code (`'GM0363'`): a plain object or a `Map`.
 * Evaluation functions take their inputs in this form, so the inputs need not be pre-joined; a code that is in
 * one input and not in another is an error, never silently dropped.
 */
export type MunicipalityValues = ReadonlyMap<string, number> | Readonly<Record<string, number>>;

/**
 * Deterministic order of municipality codes: UTF-16 code-unit order (`'GM0014' < 'GM0034'`), independent
 * of the locale. Used for tie-breaking in rounding and for the canonical order of sums.
 */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The distinct keys that occur more than once, in code order. */
export function duplicateKeys(keys: readonly string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const k of keys) {
    if (seen.has(k)) repeated.add(k);
    seen.add(k);
  }
  return [...repeated].sort(compareIds);
}

/** The 1-based data rows of the given 0-based positions, for a message: `row 3` or `rows 3, 7 and 2 more`. */
function rowsText(rows: readonly number[]): string {
  const shown = rows.slice(0, 5).map((r) => r + 1);
  const more = rows.length - shown.length;
  return `${rows.length === 1 ? 'row' : 'rows'} ${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

/**
 * The municipality codes of a frame: column `column` must be text (a factor), every row must have a non-empty
 * code, and no code may occur twice. One message per problem, naming every municipality (and the first 1-based
 * row) that has it. @internal
 */
export function readMunicipalityCodes(frame: Frame, column: string, where: string, unique = true): string[] {
  if (!frame.has(column)) {
    const hint = frame.names.length <= 20 ? ` (columns: ${frame.names.join(', ')})` : '';
    throw new DataError(
      'missing-column',
      `${where}: there is no '${column}' column with the municipality codes${hint}`,
      { column },
    );
  }
  const col = frame.column(column);
  if (col.kind !== 'factor') {
    throw new DataError(
      'invalid-value',
      `${where}: column '${column}' must hold municipality codes as text (such as 'GM0363'), not numbers; ` +
        'read it as text (a leading zero is part of a code)',
      { column },
    );
  }
  const ids = new Array<string>(frame.nrows);
  const missing: number[] = [];
  for (let i = 0; i < frame.nrows; i++) {
    const code = col.codes[i] as number;
    const id = code >= 0 ? col.levels[code] : undefined;
    if (id === undefined || id === '') missing.push(i);
    ids[i] = id ?? '';
  }
  if (missing.length > 0) {
    throw new DataError(
      'missing-value',
      `${where}: column '${column}' has no municipality code at ${rowsText(missing)}`,
      { column, row: (missing[0] as number) + 1 },
    );
  }
  const duplicates = unique ? duplicateKeys(ids) : [];
  if (duplicates.length > 0) {
    const first = ids.indexOf(duplicates[0] as string, ids.indexOf(duplicates[0] as string) + 1);
    throw new MunicipalityError(
      'duplicate',
      `${where}: duplicate municipality codes ${listIds(duplicates)} in column '${column}'`,
      duplicates,
      { column, row: first + 1 },
    );
  }
  return ids;
}

/**
 * A numeric column of a municipality frame, checked once: present (an absent column is `missing-column`, not
 * "empty"), numbers (not text), finite for every municipality (`missing-value`, naming them), and at least
 * `min` (`out-of-range`; strictly above it when `exclusive`). @internal
 */
export function readMunicipalityNumbers(
  frame: Frame,
  column: string,
  ids: readonly string[],
  where: string,
  range: { readonly min: number; readonly exclusive: boolean; readonly because?: string },
): number[] {
  const because = range.because ?? '';
  if (!frame.has(column)) {
    throw new MunicipalityError(
      'missing-value',
      `${where}: column ${column} is absent, so ${column} is missing for municipalities ${listIds(ids)}${because}`,
      ids,
      { column },
    );
  }
  const col = frame.column(column);
  if (col.kind !== 'numeric') {
    throw new DataError(
      'invalid-value',
      `${where}: column '${column}' holds text, not numbers (such as '${col.levels[0] ?? ''}'); give numbers`,
      { column },
    );
  }
  const values = Array.from(col.values);
  const missing = values.flatMap((v, i) => (Number.isFinite(v) ? [] : [i]));
  if (missing.length > 0) {
    const bad = missing.map((i) => ids[i] as string);
    throw new MunicipalityError(
      'missing-value',
      `${where}: ${column} is missing, NaN or infinite for municipalities ${listIds(bad)}${because} ` +
        `(${rowsText(missing)})`,
      bad,
      { column, row: (missing[0] as number) + 1 },
    );
  }
  const outOfRange = values.flatMap((v, i) =>
    (range.exclusive ? v <= range.min : v < range.min) ? [i] : [],
  );
  if (outOfRange.length > 0) {
    const bad = outOfRange.map((i) => ids[i] as string);
    throw new MunicipalityError(
      'out-of-range',
      `${where}: ${column} must be ${range.exclusive ? '>' : '>='} ${range.min}; municipalities ${listIds(bad)} ` +
        `are not (${rowsText(outOfRange)})`,
      bad,
      { column, row: (outOfRange[0] as number) + 1 },
    );
  }
  return values;
}

/**
 * Convert a {@link MunicipalityValues} into a `Map`, through the one data boundary: the codes and values become
 * a two-column frame (the codes, and the values under the name `input`) read by {@link readMunicipalityCodes} and
 * {@link readMunicipalityNumbers}, so a missing, NaN or infinite value has the same message as anywhere else.
 * Codes are data (`__proto__`, `constructor` work; only own properties of a record are read).
 */
export function toValueMap(values: MunicipalityValues, input: string): Map<string, number> {
  if (values === null || typeof values !== 'object') {
    throw new DataError(
      'invalid-value',
      `${input} must be a Map or an object of numbers keyed by municipality code, not ${values === null ? 'null' : typeof values}`,
      { column: input },
    );
  }
  const entries: [string, unknown][] = values instanceof Map ? [...values] : Object.entries(values);
  if (entries.length === 0) {
    throw new DataError('empty', `${input} has no municipalities`, { column: input });
  }
  const codes = entries.map(([k]) => k);
  const raw = entries.map(([, v]) => (typeof v === 'number' ? v : Number.NaN));
  // The value column is named after the input, so messages and `DataError.column` name it.
  const key = input === 'municipality' ? 'code' : 'municipality';
  const frame = toFrame({ [key]: codes, [input]: Float64Array.from(raw) });
  const ids = readMunicipalityCodes(frame, key, input);
  const numbers = readMunicipalityNumbers(frame, input, ids, input, {
    min: Number.NEGATIVE_INFINITY,
    exclusive: false,
  });
  return new Map(ids.map((id, i) => [id, numbers[i] as number]));
}

/**
 * Check that every input covers exactly the municipalities of the first one; names the codes that are
 * in one input and not in the other.
 */
export function requireSameIds(
  inputs: readonly { readonly name: string; readonly map: ReadonlyMap<string, number> }[],
) {
  const [reference, ...others] = inputs;
  if (reference === undefined) return; // no inputs: nothing to compare
  for (const other of others) {
    // Both ways: codes of the reference missing from the other input, then codes only the other has.
    for (const [from, to] of [
      [reference, other],
      [other, reference],
    ] as const) {
      const missing = [...from.map.keys()].filter((id) => !to.map.has(id)).sort(compareIds);
      if (missing.length > 0) {
        throw new MunicipalityError(
          'unknown-unit',
          `municipalities ${listIds(missing)} are in ${from.name} but missing from ${to.name}: ` +
            'map both inputs to the same municipal classification (see municipalClassification)',
          missing,
          { column: to.name },
        );
      }
    }
  }
}

/** Throw naming the municipalities whose value is below `min` (or not above it when `exclusive`). */
export function requireAtLeast(
  map: ReadonlyMap<string, number>,
  input: string,
  min: number,
  exclusive: boolean,
  hint: string,
) {
  const bad = [...map]
    .filter(([, v]) => (exclusive ? v <= min : v < min))
    .map(([id]) => id)
    .sort(compareIds);
  if (bad.length > 0) {
    throw new MunicipalityError(
      'out-of-range',
      `${input} must be ${exclusive ? '>' : '>='} ${min}; municipalities ${listIds(bad)} are not: ${hint}`,
      bad,
      { column: input },
    );
  }
}

/**
 * Check the input object of an evaluation statistic: an object with the `required` inputs and no keys beyond
 * `required` and `optional` (a misspelt `inhabitant` would otherwise be ignored). @internal
 */
export function requireInputs(
  input: unknown,
  required: readonly string[],
  optional: readonly string[],
  where: string,
): void {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new SpecError(
      'missing-input',
      `${where} needs an object with ${required.join(' and ')} (values per municipality code), got ${Array.isArray(input) ? 'an array' : String(input)}`,
    );
  }
  checkOptions(input, [...required, ...optional], `${where} (input)`);
  const absent = required.filter((k) => (input as Record<string, unknown>)[k] === undefined);
  if (absent.length > 0) {
    throw new SpecError(
      'missing-input',
      `${where} needs ${absent.join(' and ')} (values per municipality code, a Map or an object)`,
      { option: absent[0] },
    );
  }
}
