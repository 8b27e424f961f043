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
const MS_PER_DAY = 86_400_000;

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
  return Date.UTC(y, mo - 1, d) / MS_PER_DAY;
}

/** `'YYYY-MM'` of a month index. @internal */
export function formatMonth(month: number): string {
  const y = Math.floor(month / 12);
  return `${String(y).padStart(4, '0')}-${String(month - y * 12 + 1).padStart(2, '0')}`;
}

/** `'YYYY-MM-DD'` of a day number. @internal */
export function formatDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Month index of a day number. @internal */
export function monthOfDay(day: number): number {
  const d = new Date(day * MS_PER_DAY);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/** Day number of the first day of a month. @internal */
export function firstDayOfMonth(month: number): number {
  const y = Math.floor(month / 12);
  return Date.UTC(y, month - y * 12, 1) / MS_PER_DAY;
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
