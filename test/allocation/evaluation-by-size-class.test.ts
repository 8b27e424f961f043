import { describe, expect, it } from 'vitest';
import { budgetShareChange } from '../../src/allocation/budget-share-change.js';
import { budgetSpendingDeviation } from '../../src/allocation/budget-spending-deviation.js';
import { deviationPersistence } from '../../src/allocation/deviation-persistence.js';
import { evaluationBySizeClass, summarizeEvaluation } from '../../src/allocation/evaluation-by-size-class.js';
import { municipalityValuesOf } from '../../src/allocation/municipality-values-of.js';

describe('evaluationBySizeClass / summarizeEvaluation', () => {
  const inhabitants = { A: 5000, B: 6000, C: 7000, D: 300_000 };
  const shareChange = budgetShareChange({
    previous: { A: 0.25, B: 0.25, C: 0.25, D: 0.25 },
    current: { A: 0.275, B: 0.25, C: 0.225, D: 0.25 },
    inhabitants,
  });
  const deviation = budgetSpendingDeviation(
    { budget: { A: 1, B: 1, C: 1, D: 1 }, spending: { A: 1, B: 1, C: 1, D: 2 }, inhabitants },
    { inhabitantsCorrection: 'none' },
  );
  const persistence = deviationPersistence({
    previous: { A: 0, B: 1, C: 2, D: 3 },
    current: { A: 1, B: 3, C: 2, D: 5 },
    inhabitants,
  });

  it('evaluationBySizeClass combines the statistics per class (hand values)', () => {
    // MAPC <15k = (0.1 + 0 + 0.1)/3; spending shares (0.2, 0.2, 0.2, 0.4): dev = (0.25, 0.25, 0.25, −0.375).
    const rows = evaluationBySizeClass({ shareChange, deviation, persistence });
    expect(rows[0]).toEqual({
      sizeClass: '<15k',
      n: 3,
      meanAbsoluteChange: expect.closeTo(0.2 / 3, 14),
      meanAbsoluteDeviation: expect.closeTo(0.25, 14),
      persistenceRSquared: expect.closeTo(0.25, 14),
    });
    expect(rows[5]!.meanAbsoluteDeviation).toBeCloseTo((0.75 + 0.375) / 4, 14);
    expect(evaluationBySizeClass({})).toEqual([]);
    expect(evaluationBySizeClass({ deviation }).at(-1)?.meanAbsoluteChange).toBeNull();
  });

  it('summarizeEvaluation prints percentages, R² and - where not defined', () => {
    expect(summarizeEvaluation({ shareChange, deviation, persistence })).toMatchInlineSnapshot(`
      "size class   n  share change (MAPC)  deviation (MAD)  R² deviations
      <15k         3                 6.7%            25.0%           0.25
      15k-40k      0                    -                -              -
      40k-100k     0                    -                -              -
      100k-250k    0                    -                -              -
      >=250k (G4)  1                 0.0%            37.5%              -
      -----------  -  -------------------  ---------------  -------------
      all          4                 5.0%            28.1%           0.69"
    `);
  });

  it('municipalityValuesOf(rows, field) picks a field and names duplicates and missing values', () => {
    expect(
      municipalityValuesOf(
        [
          { municipality: 'A', x: 1 },
          { municipality: 'B', x: 2 },
        ],
        'x',
      ),
    ).toEqual({ A: 1, B: 2 });
    expect(() =>
      municipalityValuesOf(
        [
          { municipality: 'A', x: 1 },
          { municipality: 'A', x: 2 },
        ],
        'x',
      ),
    ).toThrow(expect.objectContaining({ code: 'duplicate', ids: ['A'] }));
    expect(() => municipalityValuesOf([{ municipality: 'A', x: Number.NaN }], 'x')).toThrow(
      expect.objectContaining({ code: 'missing-value', ids: ['A'] }),
    );
  });
});
