import { describe, expect, it } from 'vitest';
import { MunicipalityError } from '../../src/allocation/errors.js';
import { historicalShares } from '../../src/allocation/historical-shares.js';
import { SpecError } from '../../src/errors.js';

describe('historicalShares', () => {
  it('historicalShares(ratio correction): X·pop(t−1)/pop(t−2) over its total', () => {
    // A: 100·1200/1000 = 120, B: 300·1000/1000 = 300, C: 80·900/1200 = 60 → total 480.
    const shares = historicalShares({
      spending: { B: 300, A: 100, C: 80 },
      inhabitantsTwoYearsEarlier: { A: 1000, B: 1000, C: 1200 },
      inhabitantsPreviousYear: new Map([
        ['A', 1200],
        ['B', 1000],
        ['C', 900],
      ]),
    });
    expect(Object.keys(shares)).toEqual(['A', 'B', 'C']);
    expect(shares.A).toBeCloseTo(0.25, 15);
    expect(shares.B).toBeCloseTo(0.625, 15);
    expect(shares.C).toBeCloseTo(0.125, 15);
  });

  it("historicalShares(spending, { inhabitantsCorrection: 'none' }) gives raw spending shares", () => {
    expect(historicalShares({ spending: { A: 1, B: 3 } }, { inhabitantsCorrection: 'none' })).toEqual({
      A: 0.25,
      B: 0.75,
    });
  });

  it('names municipalities missing from one input, bad populations and negative spending', () => {
    const spending = { A: 1, B: 3 };
    expect(() => historicalShares({ spending })).toThrow(SpecError);
    expect(() =>
      historicalShares({
        spending,
        inhabitantsTwoYearsEarlier: { A: 1 },
        inhabitantsPreviousYear: { A: 1, B: 1 },
      }),
    ).toThrow(expect.objectContaining({ code: 'unknown-unit', ids: ['B'] }));
    expect(() =>
      historicalShares({
        spending,
        inhabitantsTwoYearsEarlier: { A: 1, B: 0 },
        inhabitantsPreviousYear: { A: 1, B: 1 },
      }),
    ).toThrow(expect.objectContaining({ code: 'out-of-range', ids: ['B'] }));
    expect(() => historicalShares({ spending: { A: -1, B: 2 } }, { inhabitantsCorrection: 'none' })).toThrow(
      MunicipalityError,
    );
    expect(() =>
      historicalShares({ spending: { A: Number.NaN } }, { inhabitantsCorrection: 'none' }),
    ).toThrow(expect.objectContaining({ code: 'missing-value', ids: ['A'] }));
    expect(() => historicalShares({ spending: { A: 0 } }, { inhabitantsCorrection: 'none' })).toThrow(
      /total spending is 0/,
    );
  });
});
