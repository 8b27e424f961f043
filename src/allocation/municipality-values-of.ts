import { listIds, MunicipalityError } from './errors.js';
import { duplicateKeys } from './municipality-values.js';

/**
 * Pick one numeric field of per-municipality rows as a {@link MunicipalityValues} record, e.g. the budget shares
 * of an allocation as input to budgetShareChange.
 *
 * @param rows - Rows with a string `id` (such as `allocation.municipalities`).
 * @param field - The numeric field to pick.
 * @returns `{ [id]: row[field] }`.
 * @throws {MunicipalityError} `duplicate` for repeated ids, `missing-value` for a non-finite field.
 * @example
 * ```ts
 * const shares2024 = municipalityValuesOf(allocation2024.municipalities, 'budgetShare');
 * const shares2023 = municipalityValuesOf(allocation2023.municipalities, 'budgetShare');
 * budgetShareChange({ previous: shares2023, current: shares2024 });
 * ```
 */
export function municipalityValuesOf<Row extends { readonly id: string }>(
  rows: readonly Row[],
  field: { [K in keyof Row]-?: NonNullable<Row[K]> extends number ? K : never }[keyof Row],
): Record<string, number> {
  const out: Record<string, number> = {};
  const missing: string[] = [];
  for (const row of rows) {
    const v = row[field] as unknown;
    if (typeof v !== 'number' || !Number.isFinite(v)) missing.push(row.id);
    out[row.id] = v as number;
  }
  const ids = duplicateKeys(rows.map((r) => r.id));
  if (ids.length > 0) {
    throw new MunicipalityError(
      'duplicate',
      `municipalityValuesOf: ids ${listIds(ids)} occur more than once`,
      ids,
    );
  }
  if (missing.length > 0) {
    throw new MunicipalityError(
      'missing-value',
      `municipalityValuesOf: ${String(field)} is not a finite number for ${listIds(missing)}`,
      missing,
      {
        column: String(field),
      },
    );
  }
  return out;
}
