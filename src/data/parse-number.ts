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
 * parseDecimal('1e3');             // => 1000
 * parseDecimal('0x10');            // => NaN
 * parseDecimal('2,5', ',');        // => 2.5
 * parseDecimal('9007199254740993'); // => NaN (not exact as a double)
 * ```
 */
export function parseDecimal(text: string, decimal: DecimalMark = '.'): number {
  const t = text.trim();
  if (decimal === ',') {
    if (!COMMA.test(t)) return Number.NaN;
    return exactOrNaN(t, Number(t.replace(',', '.')));
  }
  if (!DOT.test(t)) return Number.NaN;
  return exactOrNaN(t, Number(t));
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
