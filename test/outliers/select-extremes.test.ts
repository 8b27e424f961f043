import { describe, expect, it } from 'vitest';
import { balances } from '../../src/outliers/balances.js';
import { comparisonGroup } from '../../src/outliers/comparison-group.js';
import { selectExtremes } from '../../src/outliers/select-extremes.js';
import { fixture } from './fixture.js';

const table = balances(fixture.panel, { minInhabitants: 40_000, inhabitants: 'population' });

describe('selectExtremes(balances, options)', () => {
  it('picks the 15 largest mean deficits and surpluses as R does', () => {
    const sel = selectExtremes(table);
    expect(sel.deficit.map((m) => m.municipality)).toEqual(fixture.selection.deficit);
    expect(sel.surplus.map((m) => m.municipality)).toEqual(fixture.selection.surplus);
    expect(sel.deficit.map((m) => m.rank)).toEqual(Array.from({ length: 15 }, (_, k) => k + 1));
    expect(sel.deficit.every((m, k) => k === 0 || m.value >= sel.deficit[k - 1]!.value)).toBe(true);
    expect(sel.options).toEqual({ n: 15, by: 'average', years: [2017, 2018, 2019, 2020] });
  });

  it("by: 'cumulative' ranks on (Σ budget - Σ spending) / Σ budget", () => {
    const sel = selectExtremes(table, { by: 'cumulative' });
    expect(sel.deficit.map((m) => m.municipality)).toEqual(fixture.selection.deficitCumulative);
    expect(sel.surplus.map((m) => m.municipality)).toEqual(fixture.selection.surplusCumulative);
  });

  it('re-ranks on a sub-window of years', () => {
    const sel = selectExtremes(table, { n: 3, years: [2020] });
    const last = table.yearly.filter((r) => r.year === 2020).sort((a, b) => a.balance - b.balance);
    expect(sel.deficit.map((m) => m.value)).toEqual(last.slice(0, 3).map((r) => r.balance));
    expect(sel.years).toEqual([2020]);
  });

  it('breaks ties by id and throws when fewer than n municipalities have a deficit', () => {
    const rows = ['C', 'A', 'B'].map((municipality) => ({
      municipality,
      year: 2020,
      budget: 100,
      spending: 110,
    }));
    rows.push({ municipality: 'D', year: 2020, budget: 100, spending: 90 });
    const sel = selectExtremes(balances(rows), { n: 1 });
    expect(sel.deficit[0]!.municipality).toBe('A');
    expect(() => selectExtremes(balances(rows), { n: 2 })).toThrow(
      expect.objectContaining({
        code: 'too-few-rows',
        message: expect.stringMatching(/only 1 of 4 .* surplus/),
      }),
    );
    expect(() => selectExtremes(balances(rows), { years: [2019] })).toThrow(
      expect.objectContaining({ code: 'out-of-range', year: 2019 }),
    );
  });
});

describe('comparisonGroup(balances, groups, options)', () => {
  const sel = selectExtremes(table);

  it('matches the size-class counts of the extreme groups with the smallest Σ|balance| (as R)', () => {
    const cmp = comparisonGroup(table, sel);
    expect(cmp.members.map((m) => m.municipality)).toEqual(fixture.selection.comparison);
    expect(cmp.classes).toEqual(fixture.selection.classes);
    expect(cmp.members).toHaveLength(30);
    const chosen = new Set(cmp.members.map((m) => m.municipality));
    for (const m of [...sel.deficit, ...sel.surplus]) expect(chosen.has(m.municipality)).toBe(false);
  });

  it('every chosen member is at least as close to balance as every unchosen candidate of its class', () => {
    const cmp = comparisonGroup(table, sel);
    const taken = new Set([...sel.deficit, ...sel.surplus, ...cmp.members].map((m) => m.municipality));
    for (const cls of cmp.classes) {
      const worstChosen = Math.max(
        ...cmp.members.filter((m) => m.sizeClass === cls.sizeClass).map((m) => m.sumAbsoluteBalance),
        Number.NEGATIVE_INFINITY,
      );
      const classOf = cmp.members.find((m) => m.sizeClass === cls.sizeClass);
      if (!classOf) continue;
      for (const u of table.municipalities) {
        if (taken.has(u.municipality)) continue;
        const lo =
          u.inhabitants! >= 100_000 ? (u.inhabitants! >= 250_000 ? '>=250k' : '100k-250k') : '40k-100k';
        if (lo === cls.sizeClass) expect(u.sumAbsoluteBalance).toBeGreaterThanOrEqual(worstChosen);
      }
    }
  });

  it('accepts plain id lists and throws for unknown, duplicated or unplaceable municipalities', () => {
    const ids = { deficit: ['GM0031'], surplus: ['GM0032'] };
    expect(comparisonGroup(table, ids).members).toHaveLength(2);
    expect(() => comparisonGroup(table, { deficit: ['GM0001'], surplus: [] })).toThrow(
      expect.objectContaining({ code: 'unknown-unit', municipality: 'GM0001' }),
    );
    expect(() => comparisonGroup(table, { deficit: ['GM0031'], surplus: ['GM0031'] })).toThrow(
      expect.objectContaining({ code: 'duplicate', municipality: 'GM0031' }),
    );
    expect(() => comparisonGroup(table, { deficit: ['GM0031', 'GM0031'], surplus: [] })).toThrow(
      expect.objectContaining({
        code: 'duplicate',
        municipality: 'GM0031',
        message: expect.stringMatching(/listed twice in the deficit group/),
      }),
    );
    const big = table.municipalities.filter((m) => m.inhabitants! >= 250_000).map((m) => m.municipality);
    expect(() => comparisonGroup(table, { deficit: big.slice(0, 5), surplus: [] })).toThrow(
      expect.objectContaining({
        code: 'too-few-rows',
        message: expect.stringMatching(/>=250k needs 5 .* only 3/),
      }),
    );
    expect(() => comparisonGroup(table, sel, { years: [2016] })).toThrow(
      expect.objectContaining({ code: 'out-of-range', year: 2016 }),
    );
  });

  it('uses the one size-class module: S1 classes by default, custom breakpoints and labels, echoed', () => {
    const cmp = comparisonGroup(table, sel);
    expect(cmp.options.sizeClasses).toEqual({
      breakpoints: [40_000, 100_000, 250_000],
      labels: ['<40k', '40k-100k', '100k-250k', '>=250k'],
    });
    const two = comparisonGroup(table, sel, {
      sizeClasses: { breakpoints: [150_000], labels: ['small', 'large'] },
    });
    expect(two.classes.map((c) => c.sizeClass)).toEqual(['small', 'large']);
    expect(two.classes.reduce((s, c) => s + c.deficit + c.surplus, 0)).toBe(30);
    for (const m of two.members) {
      expect(m.sizeClass).toBe((m.inhabitants as number) >= 150_000 ? 'large' : 'small');
    }
    // Without labels they are made from the breakpoints, as everywhere in the library.
    const generated = comparisonGroup(table, sel, { sizeClasses: { breakpoints: [150_000] } });
    expect(generated.options.sizeClasses.labels).toEqual(['<150k', '>=150k']);
  });

  it('a municipality with 0 inhabitants is out-of-range (not silently the smallest class)', () => {
    const rows = ['A', 'B', 'C'].map((municipality, i) => ({
      municipality,
      year: 2020,
      budget: 100,
      spending: [110, 90, 100][i] as number,
      inhabitants: [50_000, 0, 60_000][i] as number,
    }));
    const t = balances(rows);
    expect(() => comparisonGroup(t, { deficit: ['A'], surplus: ['B'] })).toThrow(
      expect.objectContaining({ code: 'out-of-range', municipality: 'B' }),
    );
    const noInhabitants = balances(rows.map(({ inhabitants: _i, ...r }) => r));
    expect(() => comparisonGroup(noInhabitants, { deficit: ['A'], surplus: ['B'] })).toThrow(
      expect.objectContaining({ code: 'missing-value', municipality: 'A' }),
    );
  });
});
