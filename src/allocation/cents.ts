import { DataError } from '../errors.js';

/**
 * The largest amount of cents the library pays out: 2^53 − 1 (`Number.MAX_SAFE_INTEGER`), i.e.
 * €90,071,992,547,409.91. Above it an integer number of cents can no longer be held exactly in a number.
 */
export const MAX_CENTS = Number.MAX_SAFE_INTEGER;

/** From 2^46 euros on, a double is coarser than a cent (its spacing is 1/64 euro and more). */
export const MAX_EXACT_EUROS = 2 ** 46;

/** {@link MAX_CENTS} in euros, as text, for messages. */
export const MAX_EUROS_TEXT = '90,071,992,547,409.91';

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * A decimal number written in text (`'40187085682031.20'`, `'1e3'`) as the exact rational `numerator / 10^scale`
 * (both BigInt), or null for anything that is not plain decimal notation.
 */
function exactDecimal(text: string): { numerator: bigint; scale: number } | null {
  const m = DECIMAL.exec(text.trim());
  if (!m) return null;
  const [, sign, int = '', frac = '', exp = '0'] = m;
  if (int === '' && frac === '') return null;
  const e = Number(exp);
  if (!Number.isSafeInteger(e) || Math.abs(e) > 400) return null;
  let digits = BigInt(`${int}${frac}` || '0');
  let scale = frac.length - e;
  if (scale < 0) {
    digits *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { numerator: sign === '-' ? -digits : digits, scale };
}

/**
 * How far an amount may lie from a whole number of cents and still count as whole cents: binary floating
 * point cannot store most decimal amounts exactly (0.1 + 0.2 = 0.30000000000000004), and a budget summed from
 * many amounts carries a few hundred ulps of such noise. Anything farther off is a real sub-cent amount and is
 * rejected: from 0.001 cent for small budgets, from 0.07 cent for a €6.9 bn budget (100.005 is 0.5 cent off).
 * Measured exactly, on the decimal value.
 */
const CENT_TOLERANCE = { absolute: 1e-3, relative: 1e-13 };

/**
 * Euros to integer cents, exactly. A number is read through its shortest round-trip decimal string (`String(x)`,
 * so 40187085682031.2 is 4018708568203120 cents, where `Math.round(x * 100)` gives …121), up to 2^46 euros
 * (€70,368,744,177,664; beyond it a double cannot hold every cent); a string is read as written and must be
 * whole cents exactly, up to 2^53 − 1 cents. The amount must be a whole number of cents up to float noise (see CENT_TOLERANCE), finite, not
 * negative, and at most {@link MAX_CENTS} cents. With `rounding: 'nearest'` any amount is rounded to the nearest
 * cent (half a cent up), exactly on its decimal value.
 *
 * @param value - Euros, as a number or as decimal text.
 * @param name - The option or column, for messages.
 * @throws {DataError} `out-of-range` for a negative, NaN, infinite or too large amount, `invalid-value` for
 *   text that is not a decimal number or an amount that is not whole cents.
 * @internal
 */
export function eurosToCents(
  value: number | string,
  name: string,
  rounding: 'whole-cents' | 'nearest' = 'whole-cents',
): number {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new DataError('out-of-range', `${name} must be a finite number of euros, got ${value}`, {
      column: name,
    });
  }
  if (typeof value === 'number' && Math.abs(value) >= MAX_EXACT_EUROS) {
    // From 2^46 euros on, neighbouring doubles are more than a cent apart: the number cannot say which cent.
    throw new DataError(
      'out-of-range',
      `${name} of ${value} euros is too large to count exactly in cents as a number: from €70,368,744,177,664 ` +
        `(2^46) on a double cannot hold every cent; pass it as text ('${value}') or as integer cents (${name}Cents, ` +
        `up to €${MAX_EUROS_TEXT})`,
      { column: name },
    );
  }
  const text = typeof value === 'number' ? String(value) : value;
  const d = typeof value === 'number' || typeof value === 'string' ? exactDecimal(text) : null;
  if (d === null) {
    throw new DataError(
      'invalid-value',
      `${name} must be a number of euros in decimal notation, got ${typeof value === 'string' ? `'${value}'` : String(value)}`,
      { column: name },
    );
  }
  if (d.numerator < 0n) {
    throw new DataError('out-of-range', `${name} cannot be negative, got ${text} euros`, { column: name });
  }
  // cents = numerator · 100 / 10^scale, rounded half up, with the exact distance to that whole cent.
  const denominator = 10n ** BigInt(d.scale);
  const scaled = d.numerator * 100n;
  let whole = scaled / denominator;
  let rest = scaled - whole * denominator; // 0 <= rest < denominator
  if (2n * rest >= denominator) {
    whole += 1n;
    rest = denominator - rest;
  }
  if (whole > BigInt(MAX_CENTS)) {
    throw new DataError(
      'out-of-range',
      `${name} of ${text} euros is too large to count exactly in cents: more than ${MAX_CENTS} cents (€${MAX_EUROS_TEXT}, 2^53 − 1 cents), the largest ` +
        'amount that can be counted exactly in cents; allocate in a larger unit (thousands of euros) instead',
      { column: name },
    );
  }
  const cents = Number(whole);
  // rest / denominator is the distance from a whole cent, in cents (the tolerance is far above its rounding).
  const off = ratio(rest, denominator);
  if (
    rounding === 'whole-cents' &&
    off > Math.max(CENT_TOLERANCE.absolute, CENT_TOLERANCE.relative * cents)
  ) {
    throw new DataError(
      'invalid-value',
      `${name} must be a whole number of cents (budgets are paid in cents, and rounding macro, LKS and DTI ` +
        `budgets separately would change their split), got ${text} euros; round it to cents first`,
      { column: name },
    );
  }
  return cents;
}

/** a / b (0 <= a <= b) as a double, also when b has more digits than a double can hold. */
function ratio(a: bigint, b: bigint): number {
  const shift = BigInt(Math.max(0, b.toString(2).length - 1000));
  return Number(a >> shift) / Number(b >> shift);
}

/**
 * Integer cents given directly (a safe integer or a bigint), checked against 0 … {@link MAX_CENTS}.
 * @throws {DataError} `out-of-range` for a negative, fractional or too large count.
 * @internal
 */
export function checkCents(value: number | bigint, name: string): number {
  const ok =
    typeof value === 'bigint'
      ? value >= 0n && value <= BigInt(MAX_CENTS)
      : typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
  if (!ok) {
    throw new DataError(
      'out-of-range',
      `${name} must be a whole number of cents from 0 to ${MAX_CENTS} (€${MAX_EUROS_TEXT}), got ${String(value)}`,
      { column: name },
    );
  }
  return Number(value);
}

/**
 * A finite double as the exact integer `mantissa` times 2^`exponent` (mantissa ≥ 0 for a value ≥ 0).
 * @internal
 */
export function exactBinary(x: number): { mantissa: bigint; exponent: number } {
  if (x === 0) return { mantissa: 0n, exponent: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  const fraction = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
  const exponent = (biased === 0 ? 1 : biased) - 1075;
  return { mantissa: x < 0 ? -mantissa : mantissa, exponent };
}
