import { describe, expect, it } from 'vitest';
import type { Frame } from '../../src/data/index.js';
import {
  cleanTrajectories,
  DataError,
  lksPrice,
  type TrajectoryRecord,
  trajectoryPanel,
  WML_2019_2024,
  wmlIndex,
  wmlTable,
} from '../../src/lks/index.js';

const adult = { hours: 32, sector: 'F', age: 30 } as const; // sector F: 40 normal hours

describe('lksPrice', () => {
  it('LW 40, full-time adult WML, DTF 32/40: by hand', () => {
    // July 2023 adult WML €1,995.00 per month (full time); holiday allowance × 1.08 = 2154.60;
    // (100 − 40)/100 = 0.6 → 1292.76; DTF 32/40 = 0.8 → 1034.208; employer charges × 1.25 = 1292.76.
    const byHand = 0.6 * (1995 * 1.08) * 0.8 * 1.25;
    expect(byHand).toBeCloseTo(1292.76, 10);
    expect(lksPrice({ month: '2023-09', lw: 40, ...adult }, WML_2019_2024)).toBeCloseTo(1292.76, 10);
  });

  it('2024: the hourly WML × contract hours … via normal hours × 52/12', () => {
    // €13.27 × 40 normal hours × 52/12 = 2300.1333… per month full time; × 1.08 × 0.6 × 0.8 × 1.25.
    const wmlMonth = (13.27 * 40 * 52) / 12;
    expect(lksPrice({ month: '2024-03', lw: 40, ...adult }, WML_2019_2024)).toBeCloseTo(
      0.6 * wmlMonth * 1.08 * 0.8 * 1.25,
      10,
    );
    // From July 2024 €13.68; the same 32 hours in a 36-hour sector (Q) give DTF 32/36 and the same euros per hour.
    const q = lksPrice({ month: '2024-08', lw: 40, hours: 32, sector: 'Q', age: 30 }, WML_2019_2024);
    expect(q).toBeCloseTo(0.6 * ((13.68 * 36 * 52) / 12) * 1.08 * (32 / 36) * 1.25, 10);
  });

  it('youth rates by age, and the adult age of 22 before July 2019', () => {
    // 19-year-old in 2023: 60 % of €1,995 = €1,197.00.
    expect(
      lksPrice({ month: '2023-09', lw: 40, hours: 32, sector: 'F', age: 19 }, WML_2019_2024),
    ).toBeCloseTo(0.6 * 1197 * 1.08 * 0.8 * 1.25, 10);
    // 21-year-old in March 2019: 85 % of €1,615.80 = €1,373.43; in September 2019 the adult €1,635.60.
    expect(
      lksPrice({ month: '2019-03', lw: 40, hours: 40, sector: 'F', age: 21 }, WML_2019_2024),
    ).toBeCloseTo(0.6 * 1373.43 * 1.08 * 1.25, 10);
    expect(
      lksPrice({ month: '2019-09', lw: 40, hours: 40, sector: 'F', age: 21 }, WML_2019_2024),
    ).toBeCloseTo(0.6 * 1635.6 * 1.08 * 1.25, 10);
  });

  it('flat-rate LKS is LW 50 in the first six months only', () => {
    const month = { month: '2023-09', lw: null, scheme: 'flat-rate', ...adult } as const;
    const lw50 = 0.5 * 1995 * 1.08 * 0.8 * 1.25;
    expect(lksPrice({ ...month, monthsSinceStart: 0 }, WML_2019_2024)).toBeCloseTo(lw50, 10);
    expect(lksPrice({ ...month, monthsSinceStart: 5, lw: 20 }, WML_2019_2024)).toBeCloseTo(lw50, 10);
    // The seventh month is priced on its own LW; without one it cannot be priced.
    expect(lksPrice({ ...month, monthsSinceStart: 6, lw: 20 }, WML_2019_2024)).toBeCloseTo(
      0.8 * 1995 * 1.08 * 0.8 * 1.25,
      10,
    );
    expect(() => lksPrice({ ...month, monthsSinceStart: 6 }, WML_2019_2024)).toThrow(/LW\) is missing/);
    expect(
      lksPrice({ ...month, monthsSinceStart: 7, lw: 20 }, WML_2019_2024, { flatRateMonths: 8 }),
    ).toBeCloseTo(lw50, 10);
  });

  it('bad input is a typed error naming the trajectory and month', () => {
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e as DataError;
      }
      throw new Error('no error');
    };
    const lw = err(() => lksPrice({ month: '2023-09', lw: 140, trajectory: 'T5', ...adult }, WML_2019_2024));
    expect(lw).toBeInstanceOf(DataError);
    expect(lw.code).toBe('out-of-range');
    expect(lw.message).toMatch(/trajectory 'T5' in 2023-09: the wage value \(LW\) is 140/);
    expect(
      err(() => lksPrice({ month: '2023-09', lw: 40, hours: 32, sector: 'Z', age: 30 }, WML_2019_2024))
        .message,
    ).toMatch(/sector 'Z' has no normal hours/);
    expect(err(() => lksPrice({ month: '2018-09', lw: 40, ...adult }, WML_2019_2024)).message).toMatch(
      /WML table starts later/,
    );
    expect(
      err(() => lksPrice({ month: '2023-09', lw: 40, hours: 32, sector: 'F', age: 14 }, WML_2019_2024))
        .message,
    ).toMatch(/age 14 is below the youngest age \(15\)/);
    expect(
      err(() => lksPrice({ month: '2023-09', lw: 40, scheme: 'x' as never, ...adult }, WML_2019_2024))
        .message,
    ).toMatch(/scheme 'x'/);
    expect(() =>
      lksPrice({ month: '2023-09', lw: 40, ...adult }, WML_2019_2024, { hourlyfrom: '2024-01' } as never),
    ).toThrow(/unknown option 'hourlyfrom' \(did you mean 'hourlyFrom'\?\)/);
    // A monthly-only table cannot price 2024 (hourly from then on) unless hourlyFrom moves.
    const monthlyOnly = { from: ['2023-01-01'], age: [21], monthly: [1934.4], hourly: [null] };
    expect(() => lksPrice({ month: '2024-02', lw: 40, ...adult }, monthlyOnly)).toThrow(/no hourly amount/);
    expect(
      lksPrice({ month: '2024-02', lw: 40, ...adult }, monthlyOnly, { hourlyFrom: '2030-01' }),
    ).toBeCloseTo(0.6 * 1934.4 * 1.08 * 0.8 * 1.25, 10);
  });

  it('a WML table is read once and checked', () => {
    expect(wmlTable(WML_2019_2024).periods).toHaveLength(12);
    expect(() => wmlTable({ from: ['2023-01-01', '2023-01-01'], age: [21, 21], monthly: [1, 2] })).toThrow(
      /two rows for 2023-01-01 and age 21/,
    );
    expect(() => wmlTable({ from: ['2023-1-1'], age: [21], monthly: [1] })).toThrow(/from = '2023-1-1'/);
    expect(() => wmlTable({ from: ['2023-01-01'], age: [21], monthly: [null], hourly: [null] })).toThrow(
      /neither a monthly nor an hourly/,
    );
  });
});

describe('wmlIndex', () => {
  it('is 100 on the base day, with monthly amounts put on the hourly footing of the normal hours', () => {
    const ix = wmlIndex(WML_2019_2024, { base: '2024-01-01' });
    const at = (m: string) => ix.months.indexOf(m);
    expect(ix.months).toHaveLength(72);
    expect(ix.adult[at('2024-01')]).toBeCloseTo(100, 12);
    expect(ix.youth[at('2024-01')]).toBeCloseTo(100, 12);
    // July 2023: €1,995 against €13.27 × 38 × 52/12.
    expect(ix.adult[at('2023-07')]).toBeCloseTo((100 * 1995) / ((13.27 * 38 * 52) / 12), 10);
    expect(ix.adult[at('2024-07')]).toBeCloseTo((100 * 13.68) / 13.27, 10);
    // The youth index jumps in July 2019 (higher youth percentages), the adult one barely.
    const youthJump = ix.youth[at('2019-07')]! / ix.youth[at('2019-06')]!;
    const adultJump = ix.adult[at('2019-07')]! / ix.adult[at('2019-06')]!;
    expect(youthJump).toBeGreaterThan(1.05);
    expect(adultJump).toBeCloseTo(1635.6 / 1615.8, 10);
    expect(() => wmlIndex(WML_2019_2024, { base: '2024-13-01' })).toThrow(/base must be an ISO day/);
  });
});

describe('prices in the panel', () => {
  const values = (f: Frame, name: string) => {
    const c = f.column(name);
    if (c.kind !== 'numeric') throw new Error(name);
    return Array.from(c.values);
  };
  const row = {
    trajectory: 'T1',
    person: 'P1',
    municipality: 'GM0001',
    reporter: 'R1',
    employer: 'E1',
    scheme: 'pwet',
    start: '2023-01-01',
    end: '2023-06-30',
    hours: 32,
    sector: 'F',
    age: 30,
  } as const;
  const rows: TrajectoryRecord[] = ['2023-01', '2023-02', '2023-03', '2023-04', '2023-05', '2023-06'].map(
    (month, k) => ({
      ...row,
      month,
      end: k === 5 ? row.end : null,
      lw: k === 2 ? null : k < 2 ? 40 : 50,
    }),
  );
  const population = { municipality: ['GM0001'], inhabitants15to65: [10000] };

  it('a missing LW is priced at the trajectory mean', () => {
    const cleaned = cleanTrajectories(rows);
    // Reported LW: 40, 40, 50, 50, 50 → mean 46 fills March.
    expect(cleaned.trajectories[0]!.lw[2]).toBeCloseTo(46, 12);
    const p = trajectoryPanel(cleaned, { population, deflate: false });
    const m = p.months.indexOf('2023-03');
    expect(values(p.panel, 'running')[m]).toBe(1);
    expect(values(p.panel, 'meanPrice')[m]).toBeCloseTo(
      lksPrice({ month: '2023-03', lw: 46, ...adult }, WML_2019_2024),
      10,
    );
    expect(values(p.panel, 'meanPrice')[m]).toBeCloseTo(0.54 * 1934.4 * 1.08 * 0.8 * 1.25, 10);
    // Start and end months are not in the running stock, so not priced.
    expect(values(p.panel, 'running')[p.months.indexOf('2023-01')]).toBe(0);
    expect(values(p.panel, 'running')[p.months.indexOf('2023-06')]).toBe(0);
  });

  it('deflated prices are in base-day WML of the same age and sector', () => {
    const p = trajectoryPanel(cleanTrajectories(rows), { population });
    const m = p.months.indexOf('2023-04');
    // LW 50, 32 of 40 hours, at the January 2024 WML: €13.27 × 40 × 52/12 per month.
    expect(values(p.panel, 'meanPrice')[m]).toBeCloseTo(
      0.5 * ((13.27 * 40 * 52) / 12) * 1.08 * 0.8 * 1.25,
      10,
    );
    expect(values(p.panel, 'meanLw')[m]).toBe(50);
    expect(values(p.panel, 'meanPartTime')[m]).toBeCloseTo(0.8, 12);
    expect(values(p.panel, 'lowLw')[p.months.indexOf('2023-02')]).toBe(1);
    expect(values(p.panel, 'lowLw')[m]).toBe(0);
    expect(p.deflated).toBe(true);
  });

  it('a flat-rate → Pwet merge counts one inflow and one outflow', () => {
    const flat = ['2023-01', '2023-02'].map((month, k) => ({
      ...row,
      month,
      scheme: 'flat-rate',
      start: '2023-01-10',
      end: k === 1 ? '2023-02-28' : null,
      lw: null,
    }));
    const pwet = ['2023-03', '2023-04', '2023-05'].map((month, k) => ({
      ...row,
      trajectory: 'T2',
      month,
      start: '2023-03-01',
      end: k === 2 ? '2023-05-31' : null,
      lw: 40,
    }));
    const p = trajectoryPanel(cleanTrajectories([...flat, ...pwet]), { population, deflate: false });
    const inflow = values(p.panel, 'inflow');
    const outflow = values(p.panel, 'outflow');
    expect(inflow.reduce((a, b) => a + b, 0)).toBe(1);
    expect(outflow.reduce((a, b) => a + b, 0)).toBe(1);
    expect(inflow[p.months.indexOf('2023-01')]).toBe(1);
    expect(values(p.panel, 'inflowFlatRate')[p.months.indexOf('2023-01')]).toBe(1);
    expect(outflow[p.months.indexOf('2023-05')]).toBe(1);
    // February (flat-rate, second month) runs at LW 50; March to April on the Pwet LW.
    expect(values(p.panel, 'flatRate')[p.months.indexOf('2023-02')]).toBe(1);
    expect(values(p.panel, 'meanLw')[p.months.indexOf('2023-02')]).toBe(50);
    expect(values(p.panel, 'meanLw')[p.months.indexOf('2023-03')]).toBe(40);
  });
});
