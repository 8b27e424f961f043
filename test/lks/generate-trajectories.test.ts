import { describe, expect, it } from 'vitest';
import { cleanTrajectories, generateTrajectories, type Trajectory } from '../../src/lks/index.js';

/** Month index of 'YYYY-MM' or of the month of 'YYYY-MM-DD'. */
const monthOf = (s: string) => Number(s.slice(0, 4)) * 12 + Number(s.slice(5, 7)) - 1;

function comparable(t: Trajectory) {
  return {
    id: t.id,
    numbers: t.numbers,
    person: t.person,
    municipality: t.municipality,
    reporter: t.reporter,
    employer: t.employer,
    sector: t.sector,
    start: t.start,
    endMonth: t.end === null ? null : monthOf(t.end),
    endImputed: t.endImputed,
    firstMonth: t.firstMonth,
    schemes: Array.from(t.schemes),
    lw: Array.from(t.lw),
    hours: Array.from(t.hours),
    age: Array.from(t.age),
  };
}

describe('generateTrajectories + cleanTrajectories: exact recovery of the planted truth', () => {
  const g = generateTrajectories({ municipalities: 30, scale: 0.15, seed: 7 });
  const cleaned = cleanTrajectories(g.records);

  it('plants every mess at least a few times', () => {
    for (const [rule, count] of Object.entries(g.truth.planted)) {
      expect(count.trajectories, rule).toBeGreaterThan(2);
    }
  });

  it('reports exactly what was planted, per rule', () => {
    expect(cleaned.report.rules).toEqual(g.truth.planted);
    expect(cleaned.report.withoutLw.trajectories).toBe(g.truth.withoutLw);
    expect(cleaned.report.gaps).toEqual({ trajectories: 0, months: 0 });
  });

  it('returns the clean trajectories: numbers, dates, monthly schemes, LW, hours and ages', () => {
    expect(cleaned.trajectories.length).toBe(g.truth.trajectories.length);
    for (let i = 0; i < cleaned.trajectories.length; i++) {
      const got = cleaned.trajectories[i]!;
      const want = g.truth.trajectories[i]!;
      expect(comparable(got)).toEqual(comparable(want));
      // The true end day is known wherever an end date was reported.
      if (!want.endImputed) expect(got.end).toBe(want.end);
    }
  });

  it('is reproducible from the seed and changes with it', () => {
    const again = generateTrajectories({ municipalities: 30, scale: 0.15, seed: 7 });
    expect(Array.from(again.records.lw as Float64Array)).toEqual(Array.from(g.records.lw as Float64Array));
    const other = generateTrajectories({ municipalities: 30, scale: 0.15, seed: 8 });
    expect(other.truth.trajectories.length).not.toBe(g.truth.trajectories.length);
  });

  it('with no messes planted, cleaning changes nothing but the LW fill', () => {
    const clean = generateTrajectories({
      municipalities: 10,
      scale: 0.1,
      seed: 3,
      messes: { lateStart: 0, missingEnd: 0, renumbered: 0, lateOneOff: 0, flatRateSplit: 0, afterEnd: 0 },
    });
    const report = cleanTrajectories(clean.records).report;
    for (const rule of [
      'layBackStart',
      'endAtLastReport',
      'linkRenumbered',
      'expandLateReports',
      'mergeFlatRate',
      'dropAfterEnd',
    ] as const) {
      expect(report.rules[rule], rule).toEqual({ trajectories: 0, months: 0 });
    }
    expect(report.numbers).toBe(report.trajectories);
  });

  it('plants the effect on large municipalities as extra open low-LW trajectories, rising linearly', () => {
    const e = generateTrajectories({
      municipalities: 20,
      scale: 0.1,
      seed: 2,
      effect: { lowLw: 2, from: '2022-01' },
    });
    const large = e.population.sizeClass.filter((s) => s === 'large').length;
    expect(e.truth.effect.extra.size).toBe(large);
    const t = e.truth.effect.months.indexOf('2022-01');
    expect(e.truth.effect.gap[t - 1]).toBe(0);
    expect(e.truth.effect.gap[t]).toBe(0);
    const last = e.truth.effect.gap[e.truth.effect.gap.length - 1]!;
    // About lowLw × scale per 10,000 by the last month (rounding of the counts per municipality).
    expect(last).toBeGreaterThan(0.15);
    expect(last).toBeLessThan(0.25);
  });

  it('rejects unknown options and bad rates', () => {
    expect(() => generateTrajectories({ sclae: 1 } as never)).toThrow(/unknown option 'sclae'/);
    expect(() => generateTrajectories({ messes: { lateStart: 2 } })).toThrow(/messes.lateStart/);
    expect(() => generateTrajectories({ effect: { lowLw: 2, from: '2030-01' } })).toThrow(/effect.from/);
  });
});
