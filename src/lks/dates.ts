import { SpecError } from '../errors.js';

/**
 * Dates in `src/lks`: report months and panel months are `'YYYY-MM'` strings, start and end dates
 * are ISO days `'YYYY-MM-DD'` (both sort chronologically as text). Inside, a month is the integer
 * `year × 12 + (month − 1)` and a day the number of days since 1970-01-01 (UTC), so month and day
 * arithmetic is integer arithmetic.
 * @internal
 */
const MONTH_RE = /^(\d{4})-(\d{2})$/;
const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Month index of `'YYYY-MM'`, or NaN when the text is not a valid month. @internal */
export function parseMonth(text: string): number {
  const m = MONTH_RE.exec(text.trim());
  if (!m) return Number.NaN;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return Number.NaN;
  return Number(m[1]) * 12 + month - 1;
}

/** Day number of `'YYYY-MM-DD'`, or NaN when the text is not a valid calendar day. @internal */
export function parseDay(text: string): number {
  const m = DAY_RE.exec(text.trim());
  if (!m) return Number.NaN;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y * 12 + mo - 1)) return Number.NaN;
  return daysFromCivil(y, mo, d);
}

/** `'YYYY-MM'` of a month index. @internal */
export function formatMonth(month: number): string {
  const y = Math.floor(month / 12);
  return `${String(y).padStart(4, '0')}-${String(month - y * 12 + 1).padStart(2, '0')}`;
}

// Civil-date arithmetic (H. Hinnant's days_from_civil / civil_from_days): integer operations
// only, much faster than Date objects on the millions of trajectory-months of a full data set.
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Year, month (1–12) and day of a day number. */
function civilFromDays(day: number): [number, number, number] {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/** `'YYYY-MM-DD'` of a day number. @internal */
export function formatDay(day: number): string {
  const [y, m, d] = civilFromDays(day);
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** Month index of a day number. @internal */
export function monthOfDay(day: number): number {
  const [y, m] = civilFromDays(day);
  return y * 12 + m - 1;
}

/** Day number of the first day of a month. @internal */
export function firstDayOfMonth(month: number): number {
  const y = Math.floor(month / 12);
  return daysFromCivil(y, month - y * 12 + 1, 1);
}

/** Day number of the last day of a month. @internal */
export function lastDayOfMonth(month: number): number {
  return firstDayOfMonth(month + 1) - 1;
}

/** Number of days in a month. @internal */
export function daysInMonth(month: number): number {
  return firstDayOfMonth(month + 1) - firstDayOfMonth(month);
}

/** Calendar year of a month index. @internal */
export function yearOfMonth(month: number): number {
  return Math.floor(month / 12);
}

/** A `'YYYY-MM'` option, as a month index; anything else is a SpecError naming the option. @internal */
export function monthOption(value: unknown, option: string, where: string): number {
  const m = typeof value === 'string' ? parseMonth(value) : Number.NaN;
  if (Number.isNaN(m)) {
    throw new SpecError(
      'invalid-option',
      `${where}: ${option} must be a month 'YYYY-MM' such as '2024-12'; got ${typeof value === 'string' ? `'${value}'` : String(value)}`,
      { option },
    );
  }
  return m;
}

/** A `'YYYY-MM-DD'` option, as a day number. @internal */
export function dayOption(value: unknown, option: string, where: string): number {
  const d = typeof value === 'string' ? parseDay(value) : Number.NaN;
  if (Number.isNaN(d)) {
    throw new SpecError(
      'invalid-option',
      `${where}: ${option} must be an ISO day 'YYYY-MM-DD' such as '2024-01-01'; got ${typeof value === 'string' ? `'${value}'` : String(value)}`,
      { option },
    );
  }
  return d;
}
