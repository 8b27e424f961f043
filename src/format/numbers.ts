import { DataError, SpecError } from '../errors.js';
import { checkOptions, integerIn, numberIn, oneOf } from '../internal/options.js';

// One rule for values that are not numbers, in every formatter here: JavaScript has no NA, and a NaN in a
// Float64Array column is how a missing value is stored, so NaN, null and undefined all print as `NA`
// (R's `na.form`); Infinity prints as R does, `Inf` / `-Inf`.

/** The text of a missing value (NaN, null, undefined) in every formatter. */
export const MISSING_TEXT = 'NA';

/** `NA`, `Inf` or `-Inf` for a value that is not a finite number, else null. */
function nonFinite(x: number | null | undefined): string | null {
  if (x === null || x === undefined || Number.isNaN(x)) return MISSING_TEXT;
  if (x === Number.POSITIVE_INFINITY) return 'Inf';
  if (x === Number.NEGATIVE_INFINITY) return '-Inf';
  return null;
}

/** R's exponent: sign and at least two digits (`1e-05`, `1.5e+300`). */
function rExponent(text: string): string {
  return text.replace(/e([+-])(\d)$/, 'e$10$2');
}

// ---------------------------------------------------------------------------------------------------------
// Significant digits, as R's format(x, digits = d)

/** Options of {@link formatSignificant} and {@link formatSignificantColumn}. */
export interface SignificantOptions {
  /** Significant digits (1 to 15): the value that needs most digits gets this many. @default 7 */
  readonly digits?: number;
}

function resolveDigits(options: SignificantOptions, where: string): number {
  const o = checkOptions(options, ['digits'], where);
  return integerIn(o.digits ?? 7, 1, 15, 'digits', where);
}

/** Sign, decimal exponent and significant digits (trailing zeros dropped) of x rounded to `digits`. */
function scientificParts(x: number, digits: number): { kpower: number; nsig: number } {
  if (x === 0) return { kpower: 0, nsig: 1 };
  const [mantissa, exponent] = Math.abs(x)
    .toExponential(digits - 1)
    .split('e') as [string, string];
  const figures = mantissa.replace('.', '');
  let nsig = digits;
  while (nsig > 1 && figures[nsig - 1] === '0') nsig--;
  return { kpower: Number(exponent), nsig };
}

/**
 * The values of a column in one shared notation, as R's `format(x, digits = d)`: fixed notation with as
 * many decimals as the value that needs most takes to show `digits` significant digits, or scientific
 * notation when that is narrower (R's `scipen = 0` rule). Shared decimals line up the decimal points once
 * the texts are right-aligned. Not-a-number values print as `NA`, infinities as `Inf` / `-Inf`, and -0
 * as `0`.
 *
 * @throws {SpecError} `invalid-option` for digits outside 1 to 15 or an unknown option
 * @example
 * ```ts
 * import { formatSignificantColumn } from 'verdeelmodel/format';
 * formatSignificantColumn([1.5, 0.0312, 120], { digits: 3 }); // => ['1.5000', '0.0312', '120.0000']
 * formatSignificantColumn([1e-10, 1, 1000], { digits: 3 }); // => ['1e-10', '1e+00', '1e+03']
 * ```
 */
export function formatSignificantColumn(
  values: ArrayLike<number | null | undefined>,
  options: SignificantOptions = {},
): string[] {
  return formatSignificantValues(Array.from(values), resolveDigits(options, 'formatSignificantColumn'));
}

/** formatSignificantColumn without the option checks, for callers that checked them. @internal */
export function formatSignificantValues(
  values: readonly (number | null | undefined)[],
  digits: number,
): string[] {
  // R's formatReal: the widest integer part, the most decimals and the most significant digits decide
  // between fixed (width wF) and scientific (width wE) notation for the whole column.
  let anyNegative = false;
  let maxLeft = Number.NEGATIVE_INFINITY;
  let maxSignedLeft = Number.NEGATIVE_INFINITY;
  let right = Number.NEGATIVE_INFINITY;
  let maxSig = Number.NEGATIVE_INFINITY;
  let maxExp = Number.NEGATIVE_INFINITY;
  let minExp = Number.POSITIVE_INFINITY;
  for (const x of values) {
    if (nonFinite(x) !== null) continue;
    const v = x as number;
    const { kpower, nsig } = scientificParts(v, digits);
    const negative = v < 0;
    const left = kpower + 1;
    anyNegative ||= negative;
    maxLeft = Math.max(maxLeft, left);
    maxSignedLeft = Math.max(maxSignedLeft, (negative ? 1 : 0) + (left <= 0 ? 1 : left));
    right = Math.max(right, nsig - left);
    maxSig = Math.max(maxSig, nsig);
    maxExp = Math.max(maxExp, kpower);
    minExp = Math.min(minExp, kpower);
  }
  if (maxSig === Number.NEGATIVE_INFINITY) return values.map((x) => nonFinite(x) as string);
  const neg = anyNegative ? 1 : 0;
  if (maxLeft < 0) maxSignedLeft = 1 + neg;
  const decimals = Math.max(0, right);
  const fixedWidth = maxSignedLeft + decimals + (decimals > 0 ? 1 : 0);
  const mantissaDecimals = maxSig - 1;
  const expWidth = maxExp >= 100 || minExp <= -100 ? 2 : 1;
  const sciWidth = neg + (mantissaDecimals > 0 ? 1 : 0) + mantissaDecimals + 4 + expWidth;
  const fixed = fixedWidth <= sciWidth;
  return values.map((x) => {
    const special = nonFinite(x);
    if (special !== null) return special;
    const v = (x as number) === 0 ? 0 : (x as number); // -0 prints as 0
    return fixed ? v.toFixed(decimals) : rExponent(v.toExponential(mantissaDecimals));
  });
}

/**
 * One number with `digits` significant digits, as R's `format(x, digits = d)`: trailing zeros dropped,
 * scientific notation when it is narrower than fixed (`1e-05`, `1.23e+08`).
 *
 * @throws {SpecError} `invalid-option` for digits outside 1 to 15 or an unknown option
 * @example
 * ```ts
 * import { formatSignificant } from 'verdeelmodel/format';
 * formatSignificant(1 / 3, { digits: 3 }); // => '0.333'
 * formatSignificant(123456789, { digits: 3 }); // => '1.23e+08'
 * formatSignificant(Number.NaN); // => 'NA'
 * ```
 */
export function formatSignificant(x: number | null | undefined, options: SignificantOptions = {}): string {
  return formatSignificantValues([x], resolveDigits(options, 'formatSignificant'))[0] as string;
}

// ---------------------------------------------------------------------------------------------------------
// Fixed decimals, thousands separators, percentages

/** Options of {@link formatFixed} and {@link formatPercent}. */
export interface FixedOptions {
  /** Decimals (0 to 20). @default 2 for formatFixed, 1 for formatPercent */
  readonly decimals?: number;
  /** The decimal mark: `','` for Dutch output. @default '.' */
  readonly decimalMark?: '.' | ',';
  /** Thousands separator: `','` for English money, `'.'` for Dutch, `' '` or `''` (none). @default '' */
  readonly groupMark?: '' | ',' | '.' | ' ' | '\u202f';
}

const FIXED_KEYS = ['decimals', 'decimalMark', 'groupMark'] as const;
const DECIMAL_MARKS = ['.', ','] as const;
const GROUP_MARKS = ['', ',', '.', ' ', '\u202f'] as const;

interface Marks {
  readonly decimals: number;
  readonly decimalMark: '.' | ',';
  readonly groupMark: string;
}

function resolveFixed(options: FixedOptions, defaultDecimals: number, where: string): Marks {
  const o = checkOptions(options, FIXED_KEYS, where);
  const decimals = integerIn(o.decimals ?? defaultDecimals, 0, 20, 'decimals', where);
  const decimalMark = oneOf(o.decimalMark ?? '.', DECIMAL_MARKS, 'decimalMark', where);
  const groupMark = oneOf(o.groupMark ?? '', GROUP_MARKS, 'groupMark', where);
  if (groupMark === decimalMark) {
    throw new SpecError(
      'invalid-option',
      `${where}: groupMark and decimalMark are both '${decimalMark}'; use '.' for one and ',' for the other`,
      { option: 'groupMark' },
    );
  }
  return { decimals, decimalMark, groupMark };
}

function fixedText(x: number | bigint, { decimals, decimalMark, groupMark }: Marks): string {
  // toFixed switches to exponent notation from 1e21 on; such doubles are whole numbers, which BigInt spells out.
  let text =
    typeof x === 'number' && Math.abs(x) < 1e21
      ? x.toFixed(decimals)
      : `${BigInt(x)}${decimals > 0 ? `.${'0'.repeat(decimals)}` : ''}`;
  // A value that rounds to zero at the shown decimals carries no sign: '0.0', never '-0.0'.
  if (text.startsWith('-') && /^-[0.]*$/.test(text)) text = text.slice(1);
  const negative = text.startsWith('-');
  const [whole, fraction] = (negative ? text.slice(1) : text).split('.') as [string, string | undefined];
  const grouped = groupMark === '' ? whole : whole.replace(/\B(?=(\d{3})+$)/g, groupMark);
  return `${negative ? '-' : ''}${grouped}${fraction === undefined ? '' : decimalMark + fraction}`;
}

/**
 * A number with a fixed number of decimals and, for money, a thousands separator: English
 * (`groupMark: ','`) or Dutch (`decimalMark: ','`, `groupMark: '.'`) marks. A value that rounds to zero
 * prints without a minus sign; NaN, null and undefined print as `NA`, infinities as `Inf` / `-Inf`.
 *
 * @throws {SpecError} `invalid-option` for decimals outside 0 to 20, an unknown mark, the same mark twice,
 * or an unknown option
 * @example
 * ```ts
 * import { formatFixed } from 'verdeelmodel/format';
 * formatFixed(1234567.891, { groupMark: ',' }); // => '1,234,567.89'
 * formatFixed(1234567.891, { decimalMark: ',', groupMark: '.' }); // => '1.234.567,89'
 * formatFixed(-0.0001, { decimals: 1 }); // => '0.0'
 * ```
 */
export function formatFixed(x: number | null | undefined, options: FixedOptions = {}): string {
  const marks = resolveFixed(options, 2, 'formatFixed');
  return nonFinite(x) ?? fixedText(x as number, marks);
}

/**
 * A share as a percentage: `100 * x` with fixed decimals and a `%` sign (`0.0675` → `'6.8%'`), with the
 * marks and missing-value rule of {@link formatFixed}.
 *
 * @throws {SpecError} `invalid-option` as formatFixed
 * @example
 * ```ts
 * import { formatPercent } from 'verdeelmodel/format';
 * formatPercent(0.0675); // => '6.8%'
 * formatPercent(0.5, { decimals: 2, decimalMark: ',' }); // => '50,00%'
 * ```
 */
export function formatPercent(x: number | null | undefined, options: FixedOptions = {}): string {
  const marks = resolveFixed(options, 1, 'formatPercent');
  const special = nonFinite(x);
  // From 1e19 on a double is a whole number and 100·x may overflow (1e308 → Infinity): scale it exactly.
  const percent = (v: number) => (Math.abs(v) >= 1e19 ? BigInt(v) * 100n : 100 * v);
  return special === MISSING_TEXT ? special : `${special ?? fixedText(percent(x as number), marks)}%`;
}

/** Options of {@link formatDecimals}. */
export interface DecimalsOptions {
  /** Decimals (0 to 20). @default 3 */
  readonly decimals?: number;
}

/**
 * A number with fixed decimals for a table cell, in scientific notation where the decimals would show it
 * as zero (below half a unit of the last decimal) or it is 10^15 or more: `0.0312`, `1.200e-12`,
 * never `0.000` for a value that is not zero.
 *
 * @throws {SpecError} `invalid-option` for decimals outside 0 to 20 or an unknown option
 * @example
 * ```ts
 * import { formatDecimals } from 'verdeelmodel/format';
 * formatDecimals(0.03125, { decimals: 3 }); // => '0.031'
 * formatDecimals(1.2e-12, { decimals: 4 }); // => '1.200e-12'
 * ```
 */
export function formatDecimals(x: number | null | undefined, options: DecimalsOptions = {}): string {
  const o = checkOptions(options, ['decimals'], 'formatDecimals');
  return decimalsText(x, integerIn(o.decimals ?? 3, 0, 20, 'decimals', 'formatDecimals'));
}

/** formatDecimals without the option checks. @internal */
export function decimalsText(x: number | null | undefined, decimals: number): string {
  const special = nonFinite(x);
  if (special !== null) return special;
  const v = x as number;
  const a = Math.abs(v);
  if (a !== 0 && (a < 0.5 * 10 ** -decimals || a >= 1e15))
    return rExponent(v.toExponential(Math.max(0, decimals - 1)));
  return v === 0 ? (0).toFixed(decimals) : v.toFixed(decimals);
}

// ---------------------------------------------------------------------------------------------------------
// p-values, as R's format.pval

/** Options of {@link formatPValue} and {@link formatPValueColumn}. */
export interface PValueOptions {
  /** Significant digits (1 to 15). @default 3, as R's coefficient tables (`printCoefmat`) */
  readonly digits?: number;
  /** p-values below this print as `<eps` (`<2e-16`). @default 2.220446049250313e-16 (R's `.Machine$double.eps`) */
  readonly eps?: number;
}

function resolvePValue(options: PValueOptions, where: string): { digits: number; eps: number } {
  const o = checkOptions(options, ['digits', 'eps'], where);
  return {
    digits: integerIn(o.digits ?? 3, 1, 15, 'digits', where),
    eps: numberIn(o.eps ?? Number.EPSILON, 0, 1, 'eps', where, { min: true, max: true }),
  };
}

/**
 * A column of p-values as R's `format.pval`: values below `eps` (2.2e-16, where double precision ends)
 * print as `<2e-16` (`< 2e-16` beside wider values), so a p-value never prints as `0`; values from 0.0001
 * up in fixed notation (from 0.001 with `digits: 1`), smaller ones in scientific notation, each group with `digits` significant digits
 * (R's `format`); NaN, null and undefined print as `NA`.
 *
 * @throws {SpecError} `invalid-option` for digits outside 1 to 15, eps outside (0, 1) or an unknown option
 * @throws {DataError} `invalid-value` for a p-value below 0 or above 1
 * @example
 * ```ts
 * import { formatPValueColumn } from 'verdeelmodel/format';
 * formatPValueColumn([1e-20, 0.5, 0.01]); // => ['<2e-16', '0.50', '0.01']
 * formatPValueColumn([0.00145, 1.12e-6, 0]); // => ['0.00145', '1.12e-06', '< 2e-16']
 * ```
 */
export function formatPValueColumn(
  pValues: ArrayLike<number | null | undefined>,
  options: PValueOptions = {},
): string[] {
  const { digits, eps } = resolvePValue(options, 'formatPValueColumn');
  return pValueTexts(Array.from(pValues), digits, eps);
}

/** formatPValueColumn without the option checks. @internal */
export function pValueTexts(
  pValues: readonly (number | null | undefined)[],
  digits: number,
  eps: number,
): string[] {
  const out: string[] = pValues.map((p) => (nonFinite(p) === MISSING_TEXT ? MISSING_TEXT : ''));
  const fixedAt: number[] = [];
  const sciAt: number[] = [];
  const tinyAt: number[] = [];
  pValues.forEach((p, i) => {
    if (out[i] === MISSING_TEXT) return;
    const v = p as number;
    if (!(v >= 0 && v <= 1)) {
      const at = pValues.length > 1 ? ` (value ${i + 1} of ${pValues.length})` : '';
      throw new DataError(
        'invalid-value',
        `p-value ${v}${at} is not in [0, 1]: it cannot be printed as a p-value; check how it was computed`,
      );
    }
    if (v < eps) tinyAt.push(i);
    else {
      // R >= 4.3: fixed notation down to 1e-4 (expo -4) when digits > 1, as `0.000602` beside `0.002512`.
      const expo = Math.floor(Math.log10(v));
      (expo >= -3 || (expo === -4 && digits > 1) ? fixedAt : sciAt).push(i);
    }
  });
  for (const group of [fixedAt, sciAt]) {
    const texts = formatSignificantValues(
      group.map((i) => pValues[i] as number),
      digits,
    );
    group.forEach((i, k) => {
      out[i] = texts[k] as string;
    });
  }
  if (tinyAt.length > 0) {
    // R's rule: the bound takes digits - 2 significant digits (at least 1), no wider than the others,
    // and sits right after '<' only when it is as narrow as '<2e-16' next to narrow values.
    let boundDigits = Math.max(1, digits - 2);
    let sep: string;
    if (fixedAt.length + sciAt.length > 0) {
      const widest = Math.max(...[...fixedAt, ...sciAt].map((i) => (out[i] as string).length));
      if (boundDigits > 1 && boundDigits + 6 > widest) boundDigits = Math.max(1, widest - 7);
      sep = boundDigits === 1 && widest <= 6 ? '' : ' ';
    } else {
      sep = boundDigits === 1 ? '' : ' ';
    }
    const bound = `<${sep}${formatSignificantValues([eps], boundDigits)[0]}`;
    for (const i of tinyAt) out[i] = bound;
  }
  return out;
}

/**
 * One p-value as R's `format.pval(p, digits = 3)`: `<2e-16` below double precision (never `0`), `0.0123`,
 * `1.12e-06`, `1`; NaN, null and undefined as `NA`.
 *
 * @throws {SpecError} `invalid-option` as formatPValueColumn
 * @throws {DataError} `invalid-value` for a p-value below 0 or above 1
 * @example
 * ```ts
 * import { formatPValue } from 'verdeelmodel/format';
 * formatPValue(0); // => '<2e-16'
 * formatPValue(0.012345); // => '0.0123'
 * formatPValue(1.2345e-6); // => '1.23e-06'
 * ```
 */
export function formatPValue(p: number | null | undefined, options: PValueOptions = {}): string {
  const { digits, eps } = resolvePValue(options, 'formatPValue');
  return pValueTexts([p], digits, eps)[0] as string;
}
