import { SpecError } from '../errors.js';

/** Significance stars as in S1 Tab 4.2-4.3. */
export type Stars = '' | '*' | '**' | '***';

/**
 * Significance stars of S1's tables: `***` p < .01, `**` p < .05, `*` p < .10, else `''`. The bounds are
 * strict, so p = 0.05 gets one star.
 *
 * @param pValue - a p-value in [0, 1]
 * @returns the stars
 * @throws {SpecError} for a p-value outside [0, 1] or NaN
 * @example
 * ```ts
 * significanceStars(0.003); // => '***'
 * significanceStars(0.05); // => '*'
 * significanceStars(0.2); // => ''
 * ```
 */
export function significanceStars(pValue: number): Stars {
  if (!(pValue >= 0 && pValue <= 1))
    throw new SpecError('invalid-option', `significanceStars: p-value ${pValue} is not in [0, 1]`);
  if (pValue < 0.01) return '***';
  if (pValue < 0.05) return '**';
  if (pValue < 0.1) return '*';
  return '';
}
