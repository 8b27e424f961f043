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

/** Convert a {@link MunicipalityValues} into a `Map`, rejecting non-numeric, NaN and infinite values. */
export function toValueMap(values: MunicipalityValues, input: string): Map<string, number> {
  const map = new Map<string, number>(values instanceof Map ? values : Object.entries(values));
  const bad = [...map].filter(([, v]) => typeof v !== 'number' || !Number.isFinite(v)).map(([id]) => id);
  if (bad.length > 0) {
    throw new MunicipalityError(
      'missing-value',
      `${input} has a missing, NaN or infinite value for municipalities ${listIds(bad)}: supply a finite number for each`,
      bad,
      { column: input },
    );
  }
  return map;
}

/**
 * Check that every input covers exactly the municipalities of the first one; names the codes that are
 * in one input and not in the other.
 */
export function requireSameIds(
  inputs: readonly { readonly name: string; readonly map: ReadonlyMap<string, number> }[],
) {
  const [reference, ...others] = inputs;
  for (const other of others) {
    const missing = [...reference.map.keys()].filter((id) => !other.map.has(id)).sort(compareIds);
    if (missing.length > 0) {
      throw new MunicipalityError(
        'unknown-unit',
        `municipalities ${listIds(missing)} are in ${reference.name} but missing from ${other.name}: ` +
          'map both inputs to the same municipal classification (see municipalClassification)',
        missing,
        { column: other.name },
      );
    }
    const extra = [...other.map.keys()].filter((id) => !reference.map.has(id)).sort(compareIds);
    if (extra.length > 0) {
      throw new MunicipalityError(
        'unknown-unit',
        `municipalities ${listIds(extra)} are in ${other.name} but missing from ${reference.name}: ` +
          'map both inputs to the same municipal classification (see municipalClassification)',
        extra,
        { column: reference.name },
      );
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
