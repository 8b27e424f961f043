/** Option values shared by the outliers functions (column names, year windows). Internal to `src/outliers`. */
import { SpecError } from '../errors.js';
import { checkOptions, oneOf } from '../internal/options.js';

/** A column-name option: a non-empty string, or the default when absent. */
export function columnOption(value: unknown, fallback: string, option: string, fn: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value.length === 0) {
    throw new SpecError(
      'invalid-option',
      `${fn}: ${option} must name a column (a non-empty string); got ${typeof value === 'string' ? "''" : String(value)}`,
      { option },
    );
  }
  return value;
}

/** A list of integer years (the window), or undefined for "every year in the data". */
export function yearsOption(value: unknown, fn: string): readonly number[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((y) => typeof y !== 'number' || !Number.isInteger(y))) {
    throw new SpecError('invalid-option', `${fn}: years must be an array of integer years`, {
      option: 'years',
    });
  }
  return value as readonly number[];
}

/** A list of distinct column names (indicators, controls). */
export function namesOption(
  value: unknown,
  option: string,
  fn: string,
  { required }: { readonly required: boolean },
): string[] {
  if (value === undefined && !required) return [];
  if (!Array.isArray(value) || (required && value.length === 0)) {
    throw new SpecError(
      'invalid-option',
      `${fn}: ${option} must list ${required ? 'at least one column' : 'column names'}`,
      { option },
    );
  }
  const seen = new Set<string>();
  for (const name of value) {
    if (typeof name !== 'string' || name.length === 0) {
      throw new SpecError('invalid-option', `${fn}: ${option} must be column names (non-empty strings)`, {
        option,
      });
    }
    if (seen.has(name)) {
      throw new SpecError('invalid-option', `${fn}: ${option} lists '${name}' twice`, { option });
    }
    seen.add(name);
  }
  return [...seen];
}

/** A list of group members (ids or objects with `municipality`). */
export function membersOption<T>(value: unknown, option: string, fn: string): readonly T[] {
  if (!Array.isArray(value)) {
    throw new SpecError(
      'invalid-option',
      `${fn}: ${option} must be an array of municipality ids (or objects with a municipality field)`,
      { option },
    );
  }
  return value as readonly T[];
}

/**
 * The one true/false option of a result's `summary()`: no other key, `true` or `false`, or the default
 * when absent. `where` names the summary in messages (`'compareGroups summary'`).
 */
export function summaryFlag(
  summaryOptions: object | undefined,
  key: string,
  fallback: boolean,
  where: string,
): boolean {
  const so = checkOptions(summaryOptions, [key], where) as Readonly<Record<string, unknown>>;
  // `key` is the library's own option name, never user data, so plain property access is safe.
  const value = so[key];
  return value === undefined ? fallback : oneOf(value, [true, false], key, where);
}
