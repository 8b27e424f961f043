import { describe, expect, it } from 'vitest';
import type { Frame } from '../../src/data/index.js';
import {
  cleanTrajectories,
  DataError,
  generateTrajectories,
  type Trajectory,
  trajectoryPanel,
} from '../../src/lks/index.js';

const values = (f: Frame, name: string) => {
  const c = f.column(name);
  if (c.kind !== 'numeric') throw new Error(`${name} is not numeric`);
  return Array.from(c.values);
};
const DAY = 86_400_000;
const dayOf = (s: string) => Date.parse(`${s}T00:00:00Z`) / DAY;

/** Running stock, inflow and outflow by walking every day of every month. */
function bruteForce(
  trajectories: readonly Trajectory[],
  units: readonly string[],
  months: readonly string[],
) {
  const nT = months.length;
  const running = new Array(units.length * nT).fill(0);
  const inflow = new Array(units.length * nT).fill(0);
  const outflow = new Array(units.length * nT).fill(0);
  const bounds = months.map((m) => {
    const first = dayOf(`${m}-01`);
    const y = Number(m.slice(0, 4));
    const mo = Number(m.slice(5, 7));
    const last = Date.UTC(y, mo, 0) / DAY;
    return [first, last] as const;
  });
  for (const t of trajectories) {
    // Counted schemes: any Pwet (0) or flat-rate (1) month.
    if (!Array.from(t.schemes).some((s) => s === 0 || s === 1)) continue;
    const u = units.indexOf(t.municipality);
    const start = dayOf(t.start);
    const end = t.end === null ? Number.POSITIVE_INFINITY : dayOf(t.end);
    bounds.forEach(([first, last], k) => {
      let activeFirst = false;
      let activeLast = false;
      let event = false;
      for (let d = first; d <= last; d++) {
        const active = d >= start && d <= end;
        if (d === first) activeFirst = active;
        if (d === last) activeLast = active;
        if (d === start) {
          event = true;
          inflow[u * nT + k]++;
        }
        if (d === end) {
          event = true;
          outflow[u * nT + k]++;
        }
      }
      if (activeFirst && activeLast && !event) running[u * nT + k]++;
    });
  }
  return { running, inflow, outflow };
}

describe('trajectoryPanel', () => {
  const g = generateTrajectories({ municipalities: 12, scale: 0.1, seed: 11 });
  const cleaned = cleanTrajectories(g.records);
  const result = trajectoryPanel(cleaned, { population: g.population });

  it('stock, inflow and outflow equal a day-by-day count on generated data', () => {
    const brute = bruteForce(cleaned.trajectories, result.municipalities, result.months);
    expect(values(result.panel, 'running')).toEqual(brute.running);
    expect(values(result.panel, 'inflow')).toEqual(brute.inflow);
    expect(values(result.panel, 'outflow')).toEqual(brute.outflow);
    expect(brute.running.reduce((a, b) => a + b, 0)).toBeGreaterThan(1000);
  });

  it('the cleaned panel equals the panel of the true trajectories', () => {
    const truth = trajectoryPanel(g.truth.trajectories, { population: g.population });
    for (const name of ['running', 'inflow', 'outflow', 'lowLw', 'flatRate', 'priced']) {
      expect(values(result.panel, name), name).toEqual(values(truth.panel, name));
    }
    const a = values(result.panel, 'spending');
    const b = values(truth.panel, 'spending');
    a.forEach((x, i) => {
      expect(x).toBeCloseTo(b[i]!, 6);
    });
  });

  it('has one row per municipality and month, rates per 10,000 aged 15–65, national sums', () => {
    expect(result.panel.nrows).toBe(12 * 72);
    const running = values(result.panel, 'running');
    const rate = values(result.panel, 'runningRate');
    const pop = values(result.panel, 'inhabitants15to65');
    rate.forEach((r, i) => {
      expect(r).toBeCloseTo((running[i]! / pop[i]!) * 1e4, 10);
    });
    const national = values(result.national, 'running');
    for (let t = 0; t < 72; t++) {
      let sum = 0;
      for (let u = 0; u < 12; u++) sum += running[u * 72 + t]!;
      expect(national[t]).toBe(sum);
    }
    // Spending is the sum of prices over the priced running stock.
    const spending = values(result.panel, 'spending');
    const mean = values(result.panel, 'meanPrice');
    const priced = values(result.panel, 'priced');
    spending.forEach((s, i) => {
      if (priced[i]! > 0) expect(s).toBeCloseTo(mean[i]! * priced[i]!, 6);
    });
  });

  it('a municipality missing from the population table is an error naming it and the month', () => {
    const population = {
      municipality: g.population.municipality.slice(1),
      inhabitants15to65: g.population.inhabitants15to65.slice(1),
    };
    const missing = g.population.municipality[0]!;
    let err: unknown;
    try {
      trajectoryPanel(cleaned, { population });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DataError);
    expect((err as DataError).code).toBe('unknown-unit');
    expect((err as DataError).message).toContain(`'${missing}'`);
    expect((err as DataError).message).toMatch(/trajectory 'T\d+'.*month \d{4}-\d{2}/);
  });

  it('a population table with years needs every panel year', () => {
    const municipality = [...g.population.municipality, ...g.population.municipality];
    const inhabitants15to65 = [...g.population.inhabitants15to65, ...g.population.inhabitants15to65];
    const year = [...g.population.municipality.map(() => 2019), ...g.population.municipality.map(() => 2020)];
    expect(() => trajectoryPanel(cleaned, { population: { municipality, inhabitants15to65, year } })).toThrow(
      /has no inhabitants15to65 for 2021 \(month 2021-01\)/,
    );
  });

  it('hand-made trajectories are checked: a bad date is an error naming the trajectory', () => {
    const t = cleaned.trajectories[0]!;
    expect(() => trajectoryPanel([{ ...t, start: '2023-02-30' }], { population: g.population })).toThrow(
      new RegExp(`trajectory '${t.id}' has start "2023-02-30"`),
    );
    expect(() => trajectoryPanel([{ ...t, end: '1990-01-01' }], { population: g.population })).toThrow(
      /ends \(1990-01-01\) before it starts/,
    );
    expect(() => trajectoryPanel([{ ...t, lw: new Float64Array(0) }], { population: g.population })).toThrow(
      /different lengths/,
    );
  });

  it('temporary LKS on its own, and population by year', () => {
    const temporary = trajectoryPanel(cleaned, { population: g.population, schemes: ['temporary'] });
    const all = trajectoryPanel(cleaned, {
      population: g.population,
      schemes: ['pwet', 'flat-rate', 'temporary'],
    });
    const sum = (f: Frame, n: string) => values(f, n).reduce((a, b) => a + b, 0);
    expect(sum(temporary.panel, 'running')).toBeGreaterThan(0);
    // Temporary → Pwet trajectories count in both selections.
    expect(sum(all.panel, 'running')).toBeGreaterThanOrEqual(sum(result.panel, 'running'));
    expect(sum(all.panel, 'running')).toBeLessThanOrEqual(
      sum(result.panel, 'running') + sum(temporary.panel, 'running'),
    );
    // Doubling the population of 2024 only halves the rates of 2024.
    const years = [2019, 2020, 2021, 2022, 2023, 2024];
    const municipality = years.flatMap(() => g.population.municipality);
    const year = years.flatMap((y) => g.population.municipality.map(() => y));
    const inhabitants15to65 = years.flatMap((y) =>
      Array.from(g.population.inhabitants15to65, (v) => (y === 2024 ? 2 * v : v)),
    );
    const byYear = trajectoryPanel(cleaned, { population: { municipality, year, inhabitants15to65 } });
    const a = values(result.panel, 'runningRate');
    const b = values(byYear.panel, 'runningRate');
    const months = values(result.panel, 'running').length;
    for (let c = 0; c < months; c++) {
      const in2024 = result.months[c % 72]!.startsWith('2024');
      expect(b[c]).toBeCloseTo(in2024 ? a[c]! / 2 : a[c]!, 10);
    }
  });

  it('rejects unknown options and schemes', () => {
    expect(() => trajectoryPanel(cleaned, { population: g.population, deflat: true } as never)).toThrow(
      /unknown option 'deflat'/,
    );
    expect(() => trajectoryPanel(cleaned, { population: g.population, schemes: ['pwett' as never] })).toThrow(
      /schemes/,
    );
  });
});
