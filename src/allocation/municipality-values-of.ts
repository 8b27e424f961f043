import { toFrame } from '../data/frame.js';
import { DataError, SpecError } from '../errors.js';
import { readMunicipalityCodes, readMunicipalityNumbers } from './municipality-values.js';

/**
 * Pick one numeric field of per-municipality rows as a {@link MunicipalityValues} record, e.g. the budget shares
 * of an allocation as input to budgetShareChange.
 *
 * @param rows - Rows with a string `municipality` code (such as `allocation.municipalities`).
 * @param field - The numeric field to pick.
 * @returns `{ [municipality]: row[field] }` (codes such as `'__proto__'` are own keys like any other).
 * @throws {MunicipalityError} `duplicate` for repeated codes, `missing-value` for a non-finite field.
 * @throws {DataError} `missing-value` for a row without a code.
 * @example
 * ```ts
 * import { type BudgetAllocation, budgetShareChange, municipalityValuesOf } from 'verdeelmodel/allocation';
 * declare const allocation2023: BudgetAllocation; // allocateBudget(...) of each year
 * declare const allocation2024: BudgetAllocation;
 * const shares2024 = municipalityValuesOf(allocation2024.municipalities, 'budgetShare');
 * const shares2023 = municipalityValuesOf(allocation2023.municipalities, 'budgetShare');
 * budgetShareChange({ previous: shares2023, current: shares2024 });
 * ```
 */
export function municipalityValuesOf<Row extends { readonly municipality: string }>(
  rows: readonly Row[],
  field: { [K in keyof Row]-?: NonNullable<Row[K]> extends number ? K : never }[keyof Row],
): Record<string, number> {
  if (!Array.isArray(rows)) {
    throw new DataError('invalid-value', `${WHERE} requires an array of rows with a municipality code`);
  }
  if (typeof field !== 'string') {
    throw new SpecError('invalid-option', `${WHERE}: field must be the name of a numeric field`, {
      option: 'field',
    });
  }
  // The field is read as an own property only (a field named 'constructor' is not Object's constructor), and
  // the one boundary (toFrame + the shared checks) names missing codes, duplicates and non-finite values.
  const frame = toFrame({
    municipality: rows.map((r) => (r !== null && typeof r === 'object' ? r.municipality : undefined)),
    [field]: rows.map((r) => {
      const v =
        r !== null && typeof r === 'object' && Object.hasOwn(r, field) ? (r[field] as unknown) : undefined;
      return typeof v === 'number' ? v : Number.NaN;
    }),
  });
  const ids = readMunicipalityCodes(frame, 'municipality', WHERE);
  const values = readMunicipalityNumbers(frame, field, ids, WHERE, {
    min: Number.NEGATIVE_INFINITY,
    exclusive: false,
  });
  // fromEntries defines own properties, so a code such as '__proto__' is kept as a key.
  return Object.fromEntries(ids.map((id, i) => [id, values[i] as number]));
}

const WHERE = 'municipalityValuesOf';
