import { DataError } from '../errors.js';

/** How a decimal number is written: `'.'` (1234.5) or the Dutch decimal comma `','` (1234,5). */
export type DecimalMark = '.' | ',';

const DOT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const COMMA = /^[+-]?(?:\d+,?\d*|,\d+)(?:[eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;

/**
 * The one strict decimal parser of the library (CSV cells, CLI flags, panels). It accepts plain
 * decimal notation with an optional exponent (`12`, `-0.5`, `1e6`, with `decimal: ','` also `0,5`)
 * and surrounding spaces; anything else (`''`, `0x10`, `1_000`, `12abc`, `1.234,5`) gives `NaN`,
 * where `Number()` would have turned a blank into 0 and `0x10` into 16. An integer that a double
 * cannot hold exactly (beyond 2^53) also gives `NaN`, so it is never rounded silently:
 * {@link parseDecimalStrict} says which.
 *
 * @example
 * ```ts
 * import { parseDecimal } from './parse-number.js';
 * parseDecimal('1e3');             // => 1000
 * parseDecimal('0x10');            // => NaN
 * parseDecimal('2,5', ',');        // => 2.5
 * parseDecimal('9007199254740993'); // => NaN (not exact as a double)
 * ```
 */
export function parseDecimal(text: string, decimal: DecimalMark = '.'): number {
  if (decimal === '.') {
    // Fast path for the common cell (CSV readers call this per cell): a digit, sign or dot first, a digit or
    // dot last, and not a 0x/0b/0o literal. Number() then accepts exactly what DOT accepts (it returns NaN for
    // '1_000', '+', '.', '1 2'), so the regex is only needed for the rest.
    const n = text.length;
    if (n > 0) {
      const first = text.charCodeAt(0);
      const last = text.charCodeAt(n - 1);
      if (
        ((first >= 48 && first <= 57) || first === 45 || first === 43 || first === 46) &&
        ((last >= 48 && last <= 57) || last === 46) &&
        !(n > 1 && first === 48 && (text.charCodeAt(1) | 32) >= 97)
      ) {
        const x = Number(text);
        if (!Number.isNaN(x)) {
          return x > -Number.MAX_SAFE_INTEGER && x < Number.MAX_SAFE_INTEGER ? x : exactOrNaN(text, x);
        }
      }
    }
  }
  const t = text.trim();
  if (decimal === ',') {
    if (!COMMA.test(t)) return Number.NaN;
    return exactOrNaN(t, Number(t.replace(',', '.')));
  }
  if (!DOT.test(t)) return Number.NaN;
  return exactOrNaN(t, Number(t));
}

/**
 * Whether `text` is written as a plain decimal number (what {@link parseDecimal} reads), even when its value
 * is beyond what a double holds (`9007199254740993`, `1e999`). Readers use it to tell a column of numbers
 * with a bad cell (an error) from a column of text.
 *
 * @example
 * ```ts
 * import { isDecimalText } from './parse-number.js';
 * isDecimalText('9007199254740993'); // => true (parseDecimal gives NaN: not exact)
 * isDecimalText('0x10');             // => false
 * ```
 */
export function isDecimalText(text: string, decimal: DecimalMark = '.'): boolean {
  return (decimal === ',' ? COMMA : DOT).test(text.trim());
}

/** Integers beyond 2^53 that a double would round: NaN, so callers report them instead of storing another number. */
function exactOrNaN(t: string, v: number): number {
  if (!Number.isFinite(v)) return Number.NaN;
  if (Math.abs(v) > Number.MAX_SAFE_INTEGER && INTEGER.test(t)) {
    const digits = t.replace(/^[+-]?0*/, '');
    if (BigInt(t) !== BigInt(v) || digits.length === 0) return Number.NaN;
  }
  return v;
}

/**
 * {@link parseDecimal} that throws a {@link DataError} naming what was read and where
 * (`'lossy-value'` for an integer a double cannot hold, `'invalid-value'` otherwise).
 *
 * @example
 * ```ts
 * import { parseDecimalStrict } from './parse-number.js';
 * parseDecimalStrict('12', { what: "flag '--macro-budget'" }); // => 12
 * ```
 */
export function parseDecimalStrict(
  text: string,
  where: {
    readonly what: string;
    readonly column?: string;
    readonly row?: number;
    readonly decimal?: DecimalMark;
  },
): number {
  const v = parseDecimal(text, where.decimal ?? '.');
  if (!Number.isNaN(v)) return v;
  const details = {
    ...(where.column === undefined ? {} : { column: where.column }),
    ...(where.row === undefined ? {} : { row: where.row }),
  };
  const t = text.trim();
  if (INTEGER.test(t)) {
    throw new DataError(
      'lossy-value',
      `${where.what} holds the integer ${t}, which a double cannot hold exactly (beyond 2^53 = 9007199254740992); keep it as text`,
      details,
    );
  }
  const hint =
    where.decimal !== ',' && COMMA.test(t)
      ? "; for a decimal comma pass decimal: ','"
      : t === ''
        ? '; it is empty'
        : '';
  throw new DataError(
    'invalid-value',
    `${where.what} holds '${text}', which is not a decimal number${hint}`,
    details,
  );
}
