import { DataError, SpecError } from '../errors.js';
import { checkOptions, oneOf } from '../internal/options.js';

/** The stars of the preset levels: `***`, `**`, `*`, R's `.`, or none. */
export type Stars = '' | '.' | '*' | '**' | '***';

/** One significance level: p-values strictly below `below` get `symbol` (unless a stricter level applies). */
export interface StarLevel {
  readonly below: number;
  readonly symbol: string;
}

/**
 * The preset levels. `stata`: `***` p < 0.01, `**` p < 0.05, `*` p < 0.10 (Stata's `esttab`-style
 * tables, the study's tables S1 Tab 4.2-4.3, and this library's summaries). `r`: R's `summary` codes,
 * `***` p < 0.001, `**` p < 0.01, `*` p < 0.05, `.` p < 0.1.
 */
export const STAR_LEVELS = {
  stata: [
    { below: 0.01, symbol: '***' },
    { below: 0.05, symbol: '**' },
    { below: 0.1, symbol: '*' },
  ],
  r: [
    { below: 0.001, symbol: '***' },
    { below: 0.01, symbol: '**' },
    { below: 0.05, symbol: '*' },
    { below: 0.1, symbol: '.' },
  ],
} as const satisfies Record<string, readonly StarLevel[]>;

/** Options of {@link stars} and {@link significanceCodesLegend}. */
export interface StarsOptions {
  /** `'stata'`, `'r'` or your own levels, strictest first. @default 'stata' */
  readonly levels?: keyof typeof STAR_LEVELS | readonly StarLevel[];
}

function resolveLevels(levels: StarsOptions['levels'], where: string): readonly StarLevel[] {
  if (levels === undefined) return STAR_LEVELS.stata;
  if (typeof levels === 'string') return STAR_LEVELS[oneOf(levels, ['stata', 'r'], 'levels', where)];
  const ok =
    Array.isArray(levels) &&
    levels.length > 0 &&
    levels.every(
      (l, i) =>
        typeof l === 'object' &&
        l !== null &&
        typeof l.symbol === 'string' &&
        l.symbol !== '' &&
        l.below > 0 &&
        l.below <= 1 &&
        (i === 0 || l.below > (levels[i - 1] as StarLevel).below),
    );
  if (!ok) {
    throw new SpecError(
      'invalid-option',
      `${where}: levels must be 'stata', 'r' or a list of { below, symbol } with below in (0, 1], strictest first, and non-empty symbols`,
      { option: 'levels' },
    );
  }
  return levels;
}

/**
 * Significance stars of a p-value. The bounds are strict (p = 0.05 gets `*` with the `stata` levels, as
 * p < 0.05 fails). One rule for a p-value that is not a number: NaN gets no star (`''`), as a coefficient
 * without a test (an aliased term, a zero standard error) is not significant; a p-value outside [0, 1]
 * is a bug upstream and throws.
 *
 * @throws {DataError} `invalid-value` for a p-value below 0 or above 1
 * @throws {SpecError} `invalid-option` for unknown or malformed levels
 * @example
 * ```ts
 * import { stars } from 'verdeelmodel/format';
 * stars(0.003); // => '***'
 * stars(0.05); // => '*'
 * stars(0.003, { levels: 'r' }); // => '**'
 * stars(Number.NaN); // => ''
 * ```
 */
export function stars(p: number, options?: { readonly levels?: keyof typeof STAR_LEVELS }): Stars;
export function stars(p: number, options: StarsOptions): string;
export function stars(p: number, options: StarsOptions = {}): string {
  const o = checkOptions(options, ['levels'], 'stars');
  const levels = resolveLevels(o.levels, 'stars');
  if (Number.isNaN(p)) return '';
  if (!(p >= 0 && p <= 1)) {
    throw new DataError('invalid-value', `stars: p-value ${p} is not in [0, 1]; check how it was computed`);
  }
  for (const level of levels) if (p < level.below) return level.symbol;
  return '';
}

/** Options of {@link significanceCodesLegend}. */
export interface LegendOptions extends StarsOptions {
  /**
   * `'codes'`: R's line `Signif. codes:  0 '***' 0.01 '**' 0.05 '*' 0.1 ' ' 1`; `'notes'`: a table note
   * `* p<.10  ** p<.05  *** p<.01`. @default 'codes'
   */
  readonly style?: 'codes' | 'notes';
}

/** A level as a table note writes it: no leading zero, at least two decimals (`.10`, `.05`, `.001`). */
function noteNumber(x: number): string {
  const text = String(x);
  const decimals = text.includes('.') ? (text.split('.')[1] as string).length : 0;
  return x.toFixed(Math.max(2, decimals)).replace(/^0\./, '.');
}

/**
 * The legend line for a table with {@link stars}, for the same levels.
 *
 * @throws {SpecError} `invalid-option` for unknown levels or style
 * @example
 * ```ts
 * import { significanceCodesLegend } from 'verdeelmodel/format';
 * significanceCodesLegend(); // => "Signif. codes:  0 '***' 0.01 '**' 0.05 '*' 0.1 ' ' 1"
 * significanceCodesLegend({ levels: 'r' }); // => "Signif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1"
 * significanceCodesLegend({ style: 'notes' }); // => '* p<.10  ** p<.05  *** p<.01'
 * ```
 */
export function significanceCodesLegend(options: LegendOptions = {}): string {
  const o = checkOptions(options, ['levels', 'style'], 'significanceCodesLegend');
  const levels = resolveLevels(o.levels, 'significanceCodesLegend');
  const style = oneOf(o.style ?? 'codes', ['codes', 'notes'], 'style', 'significanceCodesLegend');
  if (style === 'notes') {
    return [...levels]
      .reverse()
      .map((l) => `${l.symbol} p<${noteNumber(l.below)}`)
      .join('  ');
  }
  const codes = levels.map((l) => `'${l.symbol}' ${l.below}`).join(' ');
  const last = levels[levels.length - 1] as StarLevel;
  return `Signif. codes:  0 ${codes}${last.below < 1 ? " ' ' 1" : ''}`;
}
