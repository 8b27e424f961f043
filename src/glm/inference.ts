/**
 * Significance stars at the 10 %, 5 % and 1 % levels (`*`, `**`, `***`); NaN gets none.
 *
 * @example
 * ```ts
 * stars(0.004); // => '***'
 * stars(0.07);  // => '*'
 * ```
 */
export function stars(p: number): string {
  return p < 0.01 ? '***' : p < 0.05 ? '**' : p < 0.1 ? '*' : '';
}
