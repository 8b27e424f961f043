import { DataError } from '../errors.js';
import type { HouseholdColumn, HouseholdFactor } from './term-linear-predictor.js';
import type { GeneratedHouseholds } from './types.js';

type Numeric = Uint8Array | Uint16Array | Uint32Array | Float32Array | Float64Array;

function isFactor(c: HouseholdColumn): c is HouseholdFactor {
  return (c as HouseholdFactor).levels !== undefined;
}

/**
 * The columns of the households selected by `mask` (default: the recipients, `receipt = 1`), copied
 * into new typed arrays of the same types; factors keep their levels. This is the estimation
 * sample of the price model (DOMAIN B.2: the fraction is observed on bijstand households only).
 *
 * @param households - the result of `generateHouseholds`
 * @param mask - rows to keep (non-zero = keep); defaults to `households.numeric.receipt`
 * @returns a column record with one row per selected household
 * @throws {DataError} `'length-mismatch'` when the mask does not have one value per household
 * @example
 * ```ts
 * import { generateHouseholds, recipientColumns } from 'verdeelmodel/generate';
 * const hh = generateHouseholds({ households: 100_000, seed: 1 });
 * const rec = recipientColumns(hh);
 * // price model: fractionalLogit(rec, { y: 'fraction', x: priceTerms, reference: priceReference })
 * ```
 */
export function recipientColumns(
  households: GeneratedHouseholds,
  mask: ArrayLike<number> = households.numeric.receipt,
): Record<string, HouseholdColumn> {
  if (mask.length !== households.rows) {
    throw new DataError(
      'length-mismatch',
      `mask has ${mask.length} values but there are ${households.rows} households`,
    );
  }
  const rows: number[] = [];
  for (let r = 0; r < mask.length; r++) if (mask[r]) rows.push(r);
  const take = (values: ArrayLike<number>): Numeric => {
    const out = new (values.constructor as new (n: number) => Numeric)(rows.length);
    for (let k = 0; k < rows.length; k++) out[k] = values[rows[k]!]!;
    return out;
  };
  const out: Record<string, HouseholdColumn> = {};
  for (const [name, column] of Object.entries(households.columns())) {
    out[name] = isFactor(column) ? { codes: take(column.codes), levels: column.levels } : take(column);
  }
  return out;
}
