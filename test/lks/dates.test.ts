import { describe, expect, it } from 'vitest';
import {
  firstDayOfMonth,
  formatDay,
  formatMonth,
  lastDayOfMonth,
  monthOfDay,
  parseDay,
  parseMonth,
} from '../../src/lks/dates.js';

describe('lks dates: integer day and month arithmetic', () => {
  it('agrees with Date for every day from 1900 to 2100', () => {
    const from = Date.UTC(1900, 0, 1) / 86_400_000;
    const to = Date.UTC(2100, 11, 31) / 86_400_000;
    for (let day = from; day <= to; day++) {
      const iso = new Date(day * 86_400_000).toISOString().slice(0, 10);
      if (formatDay(day) !== iso) expect(formatDay(day)).toBe(iso);
      if (parseDay(iso) !== day) expect(parseDay(iso)).toBe(day);
      const month = Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1;
      if (monthOfDay(day) !== month) expect(monthOfDay(day)).toBe(month);
    }
  });

  it('months, first and last days, invalid text', () => {
    expect(parseMonth('2024-02')).toBe(2024 * 12 + 1);
    expect(formatMonth(2024 * 12 + 1)).toBe('2024-02');
    expect(formatDay(firstDayOfMonth(parseMonth('2024-02')))).toBe('2024-02-01');
    expect(formatDay(lastDayOfMonth(parseMonth('2024-02')))).toBe('2024-02-29');
    expect(formatDay(lastDayOfMonth(parseMonth('2023-02')))).toBe('2023-02-28');
    for (const bad of ['2024-13', '2024-00', '2024-1', '24-01', '2024-01-01'])
      expect(parseMonth(bad)).toBeNaN();
    for (const bad of ['2023-02-29', '2024-04-31', '2024-1-1', '2024-01', ''])
      expect(parseDay(bad)).toBeNaN();
  });
});
