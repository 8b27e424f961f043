import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/errors.js';
import { balances } from '../../src/outliers/balances.js';
import { OutlierInputError } from '../../src/outliers/errors.js';
import { expectClose, fixture } from './fixture.js';

const small = [
  { municipality: 'A', year: 2019, budget: 100, spending: 110, inhabitants: 50_000 },
  { municipality: 'A', year: 2020, budget: 300, spending: 270, inhabitants: 50_000 },
  { municipality: 'B', year: 2019, budget: 200, spending: 150, inhabitants: 40_000 },
  { municipality: 'B', year: 2020, budget: 200, spending: 250, inhabitants: 40_000 },
];

describe('balances(rows, options)', () => {
  it('computes (budget - spending) / budget per year and the three multi-year summaries', () => {
    const b = balances(small);
    expect(b.years).toEqual([2019, 2020]);
    expect(b.yearly.map((r) => r.balance)).toEqual([-0.1, 0.1, 0.25, -0.25]);
    expect(b.municipalities).toHaveLength(2);
    const a = b.municipalities[0]!;
    const bb = b.municipalities[1]!;
    expect(a.meanBalance).toBeCloseTo(0, 15);
    expect(a.sumAbsoluteBalance).toBeCloseTo(0.2, 15);
    expect(a.cumulativeAmount).toBe(20);
    expect(a.cumulativeBalance).toBeCloseTo(0.05, 15);
    expect(bb.cumulativeBalance).toBeCloseTo(0, 15);
    expect(a.inhabitants).toBe(50_000);
  });

  it('keeps only municipalities with strictly more than minInhabitants inhabitants (S1: > 40,000)', () => {
    const b = balances(small, { minInhabitants: 40_000 });
    expect(b.municipalities.map((m) => m.municipality)).toEqual(['A']);
    expect(b.excluded).toEqual([{ municipality: 'B', inhabitants: 40_000 }]);
  });

  it('accepts a column object and a window of years', () => {
    const cols = {
      municipality: small.map((r) => r.municipality),
      year: small.map((r) => r.year),
      budget: small.map((r) => r.budget),
      spending: small.map((r) => r.spending),
    };
    const b = balances(cols, { years: [2020] });
    expect(b.yearly.map((r) => r.year)).toEqual([2020, 2020]);
    expect(b.municipalities[0]!.inhabitants).toBeNull();
  });

  it('matches R on the synthetic 150-municipality panel (summaries and the > 40k restriction)', () => {
    const ref = fixture.selection;
    const b = balances(fixture.panel, { minInhabitants: 40_000, inhabitants: 'population' });
    expect(b.municipalities.map((m) => m.municipality)).toEqual(ref.municipalities.municipality);
    expect(b.excluded.map((m) => m.municipality)).toEqual(ref.excluded);
    b.municipalities.forEach((m, i) => {
      expect(m.inhabitants).toBe(ref.municipalities.population[i]);
      expectClose(m.meanBalance, ref.municipalities.meanBalance[i]!, 1e-13, 'mean');
      expectClose(m.sumAbsoluteBalance, ref.municipalities.sumAbsoluteBalance[i]!, 1e-13, 'sumAbs');
      expectClose(m.cumulativeBalance, ref.municipalities.cumulativeBalance[i]!, 1e-13, 'cumulative');
      expect(m.cumulativeAmount).toBe(ref.municipalities.cumulativeAmount[i]);
    });
  });

  describe('bad input throws errors that name the municipality and year', () => {
    it('a budget of zero', () => {
      const rows = small.map((r, i) => (i === 2 ? { ...r, budget: 0 } : r));
      try {
        balances(rows);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(OutlierInputError);
        expect(e).toBeInstanceOf(DataError);
        const err = e as OutlierInputError;
        expect(err.code).toBe('invalid-value');
        expect(err.municipality).toBe('B');
        expect(err.year).toBe(2019);
        expect(err.message).toMatch(/'B', year 2019: budget is 0/);
      }
    });
    it('a municipality missing a year of the window', () => {
      expect(() => balances(small.slice(0, 3))).toThrow(
        expect.objectContaining({ code: 'unbalanced-panel', municipality: 'B', year: 2020 }),
      );
    });
    it('a year outside the data', () => {
      expect(() => balances(small, { years: [2019, 2021] })).toThrow(
        expect.objectContaining({ code: 'out-of-range', year: 2021 }),
      );
    });
    it('a duplicate municipality-year', () => {
      expect(() => balances([...small, small[0]!])).toThrow(
        expect.objectContaining({ code: 'duplicate', municipality: 'A', year: 2019 }),
      );
    });
    it('a missing or non-numeric spending value', () => {
      const rows = small.map((r, i) => (i === 1 ? { ...r, spending: null } : r));
      expect(() => balances(rows)).toThrow(
        expect.objectContaining({ code: 'missing-value', municipality: 'A', year: 2020, column: 'spending' }),
      );
      const text = small.map((r, i) => (i === 1 ? { ...r, spending: '270' } : r));
      expect(() => balances(text)).toThrow(expect.objectContaining({ code: 'invalid-value' }));
    });
    it('minInhabitants without an inhabitants column', () => {
      const rows = small.map(({ inhabitants: _p, ...r }) => r);
      expect(() => balances(rows, { minInhabitants: 40_000 })).toThrow(
        expect.objectContaining({ code: 'missing-column', column: 'inhabitants' }),
      );
    });
    it('empty input', () => {
      expect(() => balances([])).toThrow(expect.objectContaining({ code: 'empty' }));
    });
  });
});

describe('balances(arquero table)', () => {
  it('reads an arquero table like row objects', async () => {
    const aq = await import('arquero');
    const t = aq.from(small);
    expect(balances(t).municipalities).toEqual(balances(small).municipalities);
  });
});
