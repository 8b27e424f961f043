import { checkOptions, integerIn, oneOf } from '../internal/options.js';
import { formatSignificantValues, MISSING_TEXT, pValueTexts } from './numbers.js';
import { type STAR_LEVELS, type StarLevel, significanceCodesLegend, stars } from './stars.js';
import { renderTextTable } from './text-table.js';

/** One coefficient of {@link formatCoefficientTable}: the fields of a `tidy()` row it prints. */
export interface CoefficientTableRow {
  readonly term: string;
  readonly estimate: number;
  readonly stdError: number;
  readonly statistic: number;
  readonly pValue: number;
}

/** Options of {@link formatCoefficientTable}. */
export interface CoefficientTableOptions {
  /** The reference distribution: headers `t value` / `Pr(>|t|)` or `z value` / `Pr(>|z|)`. @default 'z' */
  readonly statistic?: 't' | 'z';
  /** Significant digits, as R's `printCoefmat(digits =)`; summary.glm uses 4. @default 4 */
  readonly digits?: number;
  /** Star levels: `'stata'` (0.01/0.05/0.10, the library's), `'r'` or your own. @default 'stata' */
  readonly levels?: keyof typeof STAR_LEVELS | readonly StarLevel[];
  /** A stars column and, below the table, `---` and the legend (when any p-value earns a star). @default true */
  readonly stars?: boolean;
}

const OPTION_KEYS = ['statistic', 'digits', 'levels', 'stars'] as const;

/** round(x, d) as R's `round` on a column: decimal rounding of the double, NaN kept. */
function roundTo(x: number, decimals: number): number {
  return Number.isFinite(x) ? Number(x.toFixed(Math.min(100, decimals))) : x;
}

/**
 * The coefficient block of R's `summary.glm` / `summary.lm` (R's `printCoefmat`): terms left-aligned,
 * estimates and standard errors rounded to a shared number of decimals and formatted together, the test
 * statistic to `digits - 1` decimals, p-values as R's `format.pval` (never `0`: `<2e-16`), a stars
 * column, and below it `---` and the significance-codes legend. Returns the lines (no trailing spaces),
 * for a summary printer to put under its own heading.
 *
 * @throws {SpecError} `invalid-option` for digits outside 1 to 15, an unknown statistic or levels, or an
 * unknown option
 * @throws {DataError} `invalid-value` for a p-value outside [0, 1]
 * @example
 * ```ts
 * import { formatCoefficientTable } from 'verdeelmodel/format';
 * import type { GlmFit } from 'verdeelmodel/glm';
 * declare const fit: GlmFit; // logit(mtcars, { y: 'am', x: ['hp', 'wt'] })
 * formatCoefficientTable(fit.tidy(), { statistic: 'z', levels: 'r' });
 * // =>
 * //             Estimate Std. Error z value Pr(>|z|)
 * // (Intercept) 18.86630    7.44356   2.535  0.01126 *
 * // hp           0.03626    0.01773   2.044  0.04091 *
 * // wt          -8.08348    3.06868  -2.634  0.00843 **
 * // ---
 * // Signif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1
 * ```
 */
export function formatCoefficientTable(
  rows: readonly CoefficientTableRow[],
  options: CoefficientTableOptions = {},
): string {
  const o = checkOptions(options, OPTION_KEYS, 'formatCoefficientTable');
  const statistic = oneOf(o.statistic ?? 'z', ['t', 'z'], 'statistic', 'formatCoefficientTable');
  const digits = integerIn(o.digits ?? 4, 1, 15, 'digits', 'formatCoefficientTable');
  const levels = o.levels ?? 'stata';
  const withStars = oneOf(o.stars ?? true, [true, false], 'stars', 'formatCoefficientTable');
  const testDigits = Math.max(1, Math.min(5, digits - 1));
  const n = rows.length;

  // Estimates and SEs: rounded to enough decimals for the smallest one to keep `digits` figures, then one
  // shared format (printCoefmat's max(1, digits - digmin) over the range of |values|).
  const coefSe = [...rows.map((r) => r.estimate), ...rows.map((r) => r.stdError)];
  const magnitudes = coefSe.map(Math.abs).filter((a) => Number.isFinite(a) && a !== 0);
  const digmin = 1 + (magnitudes.length > 0 ? Math.floor(Math.log10(Math.min(...magnitudes))) : 0);
  const coefDecimals = Math.max(1, digits - digmin);
  const coefSeText = formatSignificantValues(
    coefSe.map((x) => roundTo(x, coefDecimals)),
    digits,
  );
  // A value that is not zero but rounds to one shown as zero gets its own, shorter format (printCoefmat).
  coefSe.forEach((x, i) => {
    if (Number.isFinite(x) && x !== 0 && Number(coefSeText[i]) === 0) {
      coefSeText[i] = formatSignificantValues([x], Math.max(1, digits - 1))[0] as string;
    }
  });
  const statText = formatSignificantValues(
    rows.map((r) => roundTo(r.statistic, testDigits)),
    digits,
  );
  const pText = pValueTexts(
    rows.map((r) => r.pValue),
    testDigits,
    Number.EPSILON,
  );
  const starred = rows.map((r) => stars(r.pValue, { levels }));
  const showStars = withStars && starred.some((s) => s !== '');

  const columns = [
    { header: '', align: 'left' as const },
    { header: 'Estimate', align: 'right' as const },
    { header: 'Std. Error', align: 'right' as const },
    { header: `${statistic} value`, align: 'right' as const },
    { header: `Pr(>|${statistic}|)`, align: 'right' as const },
    ...(showStars ? [{ header: '', align: 'left' as const }] : []),
  ];
  const body = rows.map((r, i) => [
    r.term,
    coefSeText[i] ?? MISSING_TEXT,
    coefSeText[n + i] ?? MISSING_TEXT,
    statText[i] ?? MISSING_TEXT,
    pText[i] ?? MISSING_TEXT,
    ...(showStars ? [starred[i] as string] : []),
  ]);
  return renderTextTable({
    columns,
    rows: body,
    gap: ' ',
    headerRule: false,
    ...(showStars ? { footers: ['---', significanceCodesLegend({ levels })] } : {}),
  });
}
