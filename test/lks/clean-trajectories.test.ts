import { describe, expect, it } from 'vitest';
import {
  type CleanTrajectoriesOptions,
  cleanTrajectories,
  DataError,
  type TrajectoryRecord,
} from '../../src/lks/index.js';

const base: Omit<TrajectoryRecord, 'month'> = {
  trajectory: 'T1',
  person: 'P1',
  municipality: 'GM0001',
  reporter: 'R1',
  employer: 'E1',
  scheme: 'pwet',
  start: '2023-01-01',
  end: null,
  lw: 40,
  hours: 32,
  sector: 'F',
  age: 30,
};

/** Records of one number for a run of report months. */
function reports(
  months: readonly string[],
  over: Partial<TrajectoryRecord> = {},
  perMonth: Partial<TrajectoryRecord>[] = [],
) {
  return months.map((month, k) => ({ ...base, ...over, ...(perMonth[k] ?? {}), month }));
}

const months = (from: string, n: number) =>
  Array.from({ length: n }, (_, k) => {
    const y = Number(from.slice(0, 4));
    const m = Number(from.slice(5, 7)) - 1 + k;
    return `${y + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
  });

const clean = (rows: object[], options: CleanTrajectoriesOptions = {}) => cleanTrajectories(rows, options);

describe('cleanTrajectories, one rule at a time', () => {
  it('rule 1: a start before the first report lays the trajectory back to the start date', () => {
    const rows = reports(['2023-03', '2023-04'], { start: '2023-01-15' }, [{ lw: 40, age: 30 }, { lw: 42 }]);
    const { trajectories, report } = clean(rows);
    expect(report.rules.layBackStart).toEqual({ trajectories: 1, months: 2 });
    const t = trajectories[0]!;
    expect(t.start).toBe('2023-01-15');
    expect(t.firstMonth).toBe('2023-01');
    // The created months hold the first report's values.
    expect(Array.from(t.lw)).toEqual([40, 40, 40, 42]);
    const off = clean(rows, { layBackStart: false });
    expect(off.report.rules.layBackStart).toEqual({ trajectories: 0, months: 0 });
    expect(off.trajectories[0]!.start).toBe('2023-03-01');
    expect(off.trajectories[0]!.firstMonth).toBe('2023-03');
    // A start before the data's first month creates no months before it.
    const early = clean(reports(['2019-01', '2019-02'], { start: '2017-06-01' }));
    expect(early.report.rules.layBackStart).toEqual({ trajectories: 0, months: 0 });
    expect(early.trajectories[0]!.firstMonth).toBe('2019-01');
  });

  it('rule 2: no end date and no later report ends the trajectory in its last report month', () => {
    const ended = reports(months('2023-01', 5));
    const running = reports(months('2024-10', 6), { trajectory: 'T2', person: 'P2', start: '2024-10-01' });
    const { trajectories, report } = clean([...ended, ...running]);
    expect(report.rules.endAtLastReport).toEqual({ trajectories: 1, months: 0 });
    expect(trajectories[0]!.end).toBe('2023-05-31');
    expect(trajectories[0]!.endImputed).toBe(true);
    // Reported into the correction window (2025-01 … 2025-03): still running.
    expect(trajectories[1]!.end).toBeNull();
    expect(trajectories[1]!.endImputed).toBe(false);
    const off = clean([...ended, ...running], { endAtLastReport: false });
    expect(off.report.rules.endAtLastReport.trajectories).toBe(0);
    expect(off.trajectories[0]!.end).toBeNull();
    // lastMonth moves the rule.
    expect(clean(ended, { lastMonth: '2023-04' }).trajectories[0]!.end).toBeNull();
  });

  it('rule 3: renumbered trajectories with the same reporter and employer are one', () => {
    const a = reports(months('2023-01', 3), { end: '2023-03-14' });
    const b = reports(months('2023-03', 4), { trajectory: 'T2', start: '2023-03-15', end: '2023-06-30' }, [
      { lw: 40 },
      { lw: 41 },
    ]);
    const { trajectories, report } = clean([...a, ...b]);
    expect(report.rules.linkRenumbered).toEqual({ trajectories: 1, months: 0 });
    expect(trajectories).toHaveLength(1);
    const t = trajectories[0]!;
    expect(t.numbers).toEqual(['T1', 'T2']);
    expect([t.start, t.end, t.firstMonth, t.schemes.length]).toEqual([
      '2023-01-01',
      '2023-06-30',
      '2023-01',
      6,
    ]);
    // In March both numbers report: the newer number's values are kept.
    expect(Array.from(t.lw)).toEqual([40, 40, 40, 41, 40, 40]);
    // Next month also links; a month in between, another employer or another reporter does not.
    const next = reports(months('2023-04', 3), { trajectory: 'T2', start: '2023-04-01', end: '2023-06-30' });
    expect(clean([...a, ...next]).trajectories).toHaveLength(1);
    const later = reports(months('2023-05', 2), { trajectory: 'T2', start: '2023-05-01', end: '2023-06-30' });
    expect(clean([...a, ...later]).trajectories).toHaveLength(2);
    const otherEmployer = b.map((r) => ({ ...r, employer: 'E2' }));
    expect(clean([...a, ...otherEmployer]).trajectories).toHaveLength(2);
    const otherReporter = b.map((r) => ({ ...r, reporter: 'R2' }));
    expect(clean([...a, ...otherReporter]).trajectories).toHaveLength(2);
    const off = clean([...a, ...b], { linkRenumbered: false });
    expect(off.trajectories).toHaveLength(2);
    expect(off.report.rules.linkRenumbered.trajectories).toBe(0);
    // A second job at another employer, starting in between, does not break the link.
    const other = reports(months('2023-02', 4), { trajectory: 'T3', employer: 'E2', start: '2023-02-01' });
    const both = clean([...a, ...other, ...b]);
    expect(both.trajectories.map((t) => t.numbers)).toEqual([['T1', 'T2'], ['T3']]);
    expect(both.report.rules.linkRenumbered.trajectories).toBe(1);
  });

  it('rule 4: a late one-off report of a finished trajectory creates its months, LW constant', () => {
    const rows = reports(['2023-06'], { start: '2023-01-01', end: '2023-04-30', lw: 45, age: 31 });
    const { trajectories, report } = clean(rows);
    expect(report.rules.expandLateReports).toEqual({ trajectories: 1, months: 4 });
    const t = trajectories[0]!;
    expect([t.firstMonth, t.end]).toEqual(['2023-01', '2023-04-30']);
    expect(Array.from(t.lw)).toEqual([45, 45, 45, 45]);
    expect(Array.from(t.age)).toEqual([31, 31, 31, 31]);
    // Reported in the next year: ages shift back by calendar years.
    const across = clean(reports(['2024-02'], { start: '2023-11-01', end: '2023-12-31', age: 40 }));
    expect(Array.from(across.trajectories[0]!.age)).toEqual([39, 39]);
    // Off: rule 6 drops the report and the trajectory keeps its dates but no months.
    const off = clean(rows, { expandLateReports: false });
    expect(off.report.rules.expandLateReports.trajectories).toBe(0);
    expect(off.report.rules.dropAfterEnd).toEqual({ trajectories: 1, months: 1 });
    expect(off.trajectories[0]!.schemes.length).toBe(0);
  });

  it('rule 5: flat-rate followed directly by Pwet at the same employer is one trajectory, no outflow or inflow', () => {
    const flat = reports(months('2023-01', 4), {
      scheme: 'flat-rate',
      start: '2023-01-10',
      end: '2023-04-30',
      lw: null,
    });
    const pwet = reports(months('2023-05', 3), {
      trajectory: 'T2',
      reporter: 'R9',
      start: '2023-05-01',
      end: '2023-07-31',
    });
    const { trajectories, report } = clean([...flat, ...pwet]);
    expect(report.rules.mergeFlatRate).toEqual({ trajectories: 1, months: 0 });
    expect(report.rules.linkRenumbered.trajectories).toBe(0);
    const t = trajectories[0]!;
    expect(t.numbers).toEqual(['T1', 'T2']);
    expect([t.start, t.end]).toEqual(['2023-01-10', '2023-07-31']);
    expect(Array.from(t.schemes)).toEqual([1, 1, 1, 1, 0, 0, 0]);
    // Temporary LKS too; another employer is not merged.
    const temp = flat.map((r) => ({ ...r, scheme: 'temporary' as const, lw: 30 }));
    expect(clean([...temp, ...pwet]).report.rules.mergeFlatRate.trajectories).toBe(1);
    expect(clean([...flat, ...pwet.map((r) => ({ ...r, employer: 'E2' }))]).trajectories).toHaveLength(2);
    const off = clean([...flat, ...pwet], { mergeFlatRate: false });
    expect(off.trajectories).toHaveLength(2);
  });

  it('rule 6: report months after the end date are dropped, the newest end date kept', () => {
    const rows = reports(months('2023-01', 5), {}, [{}, {}, {}, {}, { end: '2023-03-31' }]);
    const { trajectories, report } = clean(rows);
    expect(report.rules.dropAfterEnd).toEqual({ trajectories: 1, months: 2 });
    expect(trajectories[0]!.end).toBe('2023-03-31');
    expect(trajectories[0]!.schemes.length).toBe(3);
    const off = clean(rows, { dropAfterEnd: false });
    expect(off.report.rules.dropAfterEnd.trajectories).toBe(0);
    expect(off.trajectories[0]!.schemes.length).toBe(5);
    expect(off.trajectories[0]!.end).toBe('2023-03-31');
  });

  it('missing LW: filled with the trajectory mean; never reported: counted, no fill', () => {
    const rows = reports(months('2023-01', 3), {}, [{ lw: 40 }, { lw: null }, { lw: 50 }]);
    const never = reports(months('2023-01', 2), { trajectory: 'T2', person: 'P2', lw: null });
    const { trajectories, report } = clean([...rows, ...never]);
    expect(Array.from(trajectories[0]!.lw)).toEqual([40, 45, 50]);
    expect(report.rules.fillMissingLw).toEqual({ trajectories: 1, months: 1 });
    expect(report.withoutLw).toEqual({ trajectories: 1, months: 2 });
    expect(Array.from(trajectories[1]!.lw).every(Number.isNaN)).toBe(true);
    // Temporary LKS is not filled; flat-rate months within the first six need no LW.
    const temp = reports(months('2023-01', 2), { scheme: 'temporary' }, [{ lw: 40 }, { lw: null }]);
    const t = clean(temp);
    expect(Number.isNaN(t.trajectories[0]!.lw[1]!)).toBe(true);
    expect(t.report.withoutLw).toEqual({ trajectories: 0, months: 1 });
    const flat = reports(months('2023-01', 8), { scheme: 'flat-rate', lw: null }, [
      {},
      {},
      {},
      {},
      {},
      {},
      {},
      { scheme: 'pwet', lw: 60 },
    ]);
    const f = clean(flat);
    // Months 7 (index 6) is flat-rate after the sixth month: filled with the mean (60).
    expect(Array.from(f.trajectories[0]!.lw).slice(5)).toEqual([Number.NaN, 60, 60]);
    expect(f.report.rules.fillMissingLw).toEqual({ trajectories: 1, months: 1 });
    const off = clean(rows, { fillMissingLw: false });
    expect(Number.isNaN(off.trajectories[0]!.lw[1]!)).toBe(true);
    expect(off.report.withoutLw.months).toBe(1);
  });

  it('months without a report inside a trajectory carry the previous values and are counted', () => {
    const rows = reports(['2023-01', '2023-02', '2023-05'], {}, [{ lw: 40 }, { lw: 41 }, { lw: 42 }]);
    const { trajectories, report } = clean(rows);
    expect(report.gaps).toEqual({ trajectories: 1, months: 2 });
    expect(Array.from(trajectories[0]!.lw)).toEqual([40, 41, 41, 41, 42]);
  });

  it('the report table lists every rule with its counts', () => {
    const { report } = clean(reports(['2023-03'], { start: '2023-01-15' }));
    expect(report.table.map((r) => r.rule)).toEqual([
      'layBackStart',
      'endAtLastReport',
      'linkRenumbered',
      'expandLateReports',
      'mergeFlatRate',
      'dropAfterEnd',
      'fillMissingLw',
    ]);
    expect(report.table[0]).toMatchObject({ applied: true, trajectories: 1, months: 2 });
    expect([report.records, report.numbers, report.trajectories]).toEqual([1, 1, 1]);
  });
});

describe('cleanTrajectories, input shapes', () => {
  it('text cells as a CSV reader gives them (blank = missing) clean the same as typed values', () => {
    const rows = [
      ...reports(months('2023-01', 5), {}, [{}, { lw: null }, {}, {}, { end: '2023-03-31' }]),
      ...reports(['2023-06'], {
        trajectory: 'T2',
        person: 'P2',
        start: '2023-01-01',
        end: '2023-04-30',
        lw: 45,
      }),
    ];
    const columns = (text: boolean) => {
      const out: Record<string, (string | number | null)[]> = {};
      for (const key of Object.keys(rows[0]!)) {
        out[key] = rows.map((r) => {
          const v = (r as Record<string, string | number | null>)[key]!;
          return text ? (v === null ? '' : String(v)) : v;
        });
      }
      return out;
    };
    const typed = cleanTrajectories(columns(false));
    const fromText = cleanTrajectories(columns(true));
    expect(fromText.report.rules).toEqual(typed.report.rules);
    expect(fromText.trajectories).toEqual(typed.trajectories);
    expect(typed.report.rules.expandLateReports.trajectories).toBe(1);
    expect(typed.report.rules.fillMissingLw.months).toBe(1);
    // A text LW that is not a number is an error, not a missing value.
    const bad = columns(true);
    bad.lw![0] = '4O';
    expect(() => cleanTrajectories(bad)).toThrow(/'4O', which is not a decimal number/);
  });
});

describe('cleanTrajectories, bad input', () => {
  const thrown = (rows: object[], options: CleanTrajectoriesOptions = {}) => {
    try {
      cleanTrajectories(rows, options);
    } catch (e) {
      return e as DataError;
    }
    throw new Error('no error');
  };

  it('an end before the start names the trajectory and month', () => {
    const e = thrown(reports(['2023-02'], { trajectory: 'T77', start: '2023-02-10', end: '2023-02-01' }));
    expect(e).toBeInstanceOf(DataError);
    expect(e.code).toBe('invalid-value');
    expect(e.message).toMatch(
      /trajectory 'T77' in report month 2023-02 \(row 1\) ends \(2023-02-01\) before it starts \(2023-02-10\)/,
    );
  });

  it('a report month outside the data period', () => {
    const late = thrown(reports(['2025-04'], { trajectory: 'T8' }));
    expect(late.code).toBe('out-of-range');
    expect(late.message).toMatch(
      /trajectory 'T8' in report month 2025-04.*outside the data period 2019-01 … 2025-03/,
    );
    expect(thrown(reports(['2018-12'], { start: '2018-01-01' })).code).toBe('out-of-range');
    expect(thrown(reports(['2023-13'])).code).toBe('invalid-value');
  });

  it('LW outside 0–100', () => {
    const e = thrown(reports(['2023-01', '2023-02'], { trajectory: 'T9' }, [{}, { lw: 120 }]));
    expect(e.code).toBe('out-of-range');
    expect(e.message).toMatch(/trajectory 'T9' in report month 2023-02 \(row 2\) has LW 120/);
    expect(thrown(reports(['2023-01'], { lw: -1 })).code).toBe('out-of-range');
    expect(thrown([{ ...base, month: '2023-01', lw: 'veertig' }]).code).toBe('invalid-value');
  });

  it('an unknown scheme', () => {
    const e = thrown(reports(['2023-01'], { trajectory: 'T3', scheme: 'forfaitair' as never }));
    expect(e.code).toBe('invalid-value');
    expect(e.message).toMatch(
      /trajectory 'T3' in report month 2023-01 \(row 1\) has scheme 'forfaitair'; use 'pwet', 'flat-rate', 'temporary'/,
    );
  });

  it('missing values, bad dates, duplicates, missing columns, bad options', () => {
    expect(thrown(reports(['2023-01'], { person: null as never })).message).toMatch(/has no person/);
    expect(thrown(reports(['2023-01'], { start: '2023-02-30' })).message).toMatch(/has start '2023-02-30'/);
    const dup = thrown(reports(['2023-01', '2023-01']));
    expect(dup.code).toBe('duplicate');
    expect(dup.message).toMatch(/rows 1 and 2/);
    expect(thrown([{ ...base, month: '2023-01', hours: 0 }]).code).toBe('out-of-range');
    const { sector: _s, ...noSector } = base;
    expect(thrown([{ ...noSector, month: '2023-01' }]).code).toBe('missing-column');
    expect(() => cleanTrajectories(reports(['2023-01']), { dropAfterEnds: true } as never)).toThrow(
      /unknown option 'dropAfterEnds'/,
    );
    expect(() => cleanTrajectories(reports(['2023-01']), { dropAfterEnd: 'yes' as never })).toThrow(
      /dropAfterEnd must be/,
    );
    expect(() => cleanTrajectories([])).toThrow(/no records/);
  });
});
