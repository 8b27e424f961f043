import { describe, expect, it } from 'vitest';
import { aggregateToClassification } from '../../src/allocation/aggregate-to-classification.js';
import { allocateBudget } from '../../src/allocation/allocate-budget.js';
import { budgetShareChange } from '../../src/allocation/budget-share-change.js';
import { budgetSpendingDeviation } from '../../src/allocation/budget-spending-deviation.js';
import { deviationPersistence } from '../../src/allocation/deviation-persistence.js';
import { historicalShares } from '../../src/allocation/historical-shares.js';
import { municipalClassification } from '../../src/allocation/municipal-classification.js';
import { objectiveWeight } from '../../src/allocation/objective-weight.js';
import { safetyNet } from '../../src/allocation/safety-net.js';
import { resolveSizeClasses } from '../../src/allocation/size-classes.js';
import { spendingFit } from '../../src/allocation/spending-fit.js';
import { DataError, SpecError, VerdeelmodelError } from '../../src/errors.js';
import { runAllocationPipeline } from '../../src/pipeline/run-allocation-pipeline.js';

const rows = [
  { municipality: 'A', inhabitants: 10_000, predictedSpending: 50, spendingTwoYearsEarlier: 100 },
  { municipality: 'B', inhabitants: 60_000, predictedSpending: 300, spendingTwoYearsEarlier: 300 },
];
const base = { municipalities: rows, macroBudget: 1000, inhabitantsCorrection: 'none' as const };

describe('typed errors, not TypeErrors', () => {
  it('historicalShares({}) and other missing inputs are SpecError missing-input', () => {
    // @ts-expect-error no spending
    expect(() => historicalShares({})).toThrow(expect.objectContaining({ code: 'missing-input' }));
    // @ts-expect-error no input at all
    expect(() => historicalShares(undefined)).toThrow(SpecError);
    // @ts-expect-error no current
    expect(() => budgetShareChange({ previous: { A: 1 } })).toThrow(
      expect.objectContaining({ code: 'missing-input', option: 'current' }),
    );
    // @ts-expect-error no input
    expect(() => deviationPersistence(null)).toThrow(expect.objectContaining({ code: 'missing-input' }));
    // @ts-expect-error spending is not a record
    expect(() => historicalShares({ spending: 5 })).toThrow(
      expect.objectContaining({ code: 'invalid-value' }),
    );
    expect(() => historicalShares({ spending: {} })).toThrow(expect.objectContaining({ code: 'empty' }));
    for (const run of [
      // @ts-expect-error not an array
      () => allocateBudget({ ...base, municipalities: 7 }),
      // @ts-expect-error not an array
      () => spendingFit('rows'),
      () => safetyNet({ budget: Number.NaN, spending: 1 }),
    ]) {
      expect(run).toThrow(VerdeelmodelError);
    }
  });
});

describe('sum overflow says overflow and names the column', () => {
  it("predictedSpending adding up past MAX_VALUE is 'not-finite', not 'is 0 for every municipality'", () => {
    const huge = rows.map((r) => ({ ...r, predictedSpending: 1e308 }));
    const run = () => allocateBudget({ ...base, municipalities: huge });
    expect(run).toThrow(expect.objectContaining({ code: 'not-finite', column: 'predictedSpending' }));
    expect(run).toThrow(/overflows/);
    expect(run).not.toThrow(/is 0 for every/);
  });

  it('spending corrected by growth in inhabitants that overflows names the column', () => {
    const run = () =>
      historicalShares({ spending: { A: 1e308, B: 1e308 } }, { inhabitantsCorrection: 'none' });
    expect(run).toThrow(expect.objectContaining({ code: 'not-finite', column: 'spending' }));
    const grown = () =>
      historicalShares({
        spending: { A: 1e300, B: 1 },
        inhabitantsTwoYearsEarlier: { A: 1e-10, B: 1 },
        inhabitantsPreviousYear: { A: 1e10, B: 1 },
      });
    expect(grown).toThrow(/spending \(corrected for the growth in inhabitants\) adds up to more than/);
  });
});

describe('1-based rows and absent columns', () => {
  it('allocateBudget names the 1-based row of a missing value and of a duplicate', () => {
    const noPb = [
      ...rows,
      { municipality: 'C', inhabitants: 1, predictedSpending: Number.NaN, spendingTwoYearsEarlier: 1 },
    ];
    expect(() => allocateBudget({ ...base, municipalities: noPb })).toThrow(
      expect.objectContaining({ code: 'missing-value', row: 3, column: 'predictedSpending', ids: ['C'] }),
    );
    const dup = [...rows, { ...rows[0]! }];
    expect(() => allocateBudget({ ...base, municipalities: dup })).toThrow(
      expect.objectContaining({ code: 'duplicate', row: 3, ids: ['A'] }),
    );
    const noCode = [...rows, { ...rows[0]!, municipality: '' }];
    expect(() => allocateBudget({ ...base, municipalities: noCode })).toThrow(
      expect.objectContaining({ code: 'missing-value', row: 3, column: 'municipality' }),
    );
  });

  it('an absent column is reported as absent, not as empty', () => {
    const noX = rows.map(({ spendingTwoYearsEarlier: _, ...r }) => r);
    // @ts-expect-error spendingTwoYearsEarlier missing
    const run = () => allocateBudget({ ...base, municipalities: noX });
    expect(run).toThrow(/column spendingTwoYearsEarlier is absent/);
    expect(run).not.toThrow(/empty/);
    const old = rows.map(({ municipality, ...r }) => ({ id: municipality, ...r }));
    // @ts-expect-error the old key
    expect(() => allocateBudget({ ...base, municipalities: old })).toThrow(
      expect.objectContaining({ code: 'missing-column', column: 'municipality' }),
    );
  });

  it('municipalClassification and aggregateToClassification count rows from 1', () => {
    // @ts-expect-error a row without 'to'
    expect(() => municipalClassification([{ from: 'A', to: 'B' }, { from: 'C' }])).toThrow(
      expect.objectContaining({ code: 'invalid-value', row: 2 }),
    );
    const c = municipalClassification([
      { from: 'A', to: 'A' },
      { from: 'B', to: 'B' },
    ]);
    expect(() =>
      aggregateToClassification(
        [
          { municipality: 'A', x: 1 },
          { municipality: null, x: 2 },
        ],
        c,
        { sum: ['x'] },
      ),
    ).toThrow(expect.objectContaining({ code: 'missing-value', row: 2 }));
  });

  it('inhabitants: negative, zero, non-finite are one message each, naming them', () => {
    for (const [value, code] of [
      [-1, 'out-of-range'],
      [0, 'out-of-range'],
      [Number.POSITIVE_INFINITY, 'missing-value'],
    ] as const) {
      const bad = rows.map((r) => (r.municipality === 'B' ? { ...r, inhabitants: value } : r));
      expect(() => allocateBudget({ ...base, municipalities: bad })).toThrow(
        expect.objectContaining({ code, ids: ['B'], column: 'inhabitants', row: 2 }),
      );
    }
  });
});

describe('unknown option keys and values are SpecErrors naming them', () => {
  // Called through `loose`: these inputs are wrong on purpose, past what the types allow.
  const loose = (f: unknown) => f as (...args: unknown[]) => unknown;
  const cases: [string, () => unknown, string][] = [
    ['allocateBudget', () => loose(allocateBudget)({ ...base, poolSplitt: 'objective' }), 'unknown-option'],
    [
      'allocateBudget',
      () => loose(allocateBudget)({ ...base, populationCorrection: 'none' }),
      'unknown-option',
    ],
    ['allocateBudget', () => loose(allocateBudget)({ ...base, dtiRule: 'equal' }), 'invalid-option'],
    ['allocateBudget', () => loose(allocateBudget)({ ...base, macroBudgetCents: 100 }), 'invalid-option'],
    [
      'historicalShares',
      () => loose(historicalShares)({ spending: { A: 1 } }, { correction: 'none' }),
      'unknown-option',
    ],
    [
      'budgetShareChange',
      () => loose(budgetShareChange)({ previous: { A: 1 }, current: { A: 1 }, inhabitant: { A: 1 } }),
      'unknown-option',
    ],
    [
      'budgetShareChange',
      () => loose(budgetShareChange)({ previous: { A: 1 }, current: { A: 1 } }, { normalise: 'yes' }),
      'invalid-option',
    ],
    [
      'budgetSpendingDeviation',
      () =>
        loose(budgetSpendingDeviation)(
          { budget: { A: 1 }, spending: { A: 1 } },
          { inhabitantsCorrection: 'log' },
        ),
      'invalid-option',
    ],
    ['spendingFit', () => loose(spendingFit)([], { methd: 'ols' }), 'unknown-option'],
    [
      'municipalClassification',
      () => loose(municipalClassification)([], { targetyear: 2020 }),
      'unknown-option',
    ],
    [
      'aggregateToClassification',
      () => loose(aggregateToClassification)([], municipalClassification([]), { id: 'code' }),
      'unknown-option',
    ],
    ['objectiveWeight', () => loose(objectiveWeight)(20_000, { lowr: 1 }), 'unknown-option'],
    ['resolveSizeClasses', () => loose(resolveSizeClasses)({ breaks: [1] }), 'unknown-option'],
    [
      'resolveSizeClasses',
      () => loose(resolveSizeClasses)({ breakpoints: [1], labels: ['a', 'a'] }),
      'invalid-option',
    ],
    ['safetyNet', () => loose(safetyNet)({ budget: 1, spending: 1 }, { threshold: {} }), 'unknown-option'],
    ['runAllocationPipeline', () => loose(runAllocationPipeline)({ houshold: 1 }), 'unknown-option'],
    ['runAllocationPipeline', () => loose(runAllocationPipeline)({ seed: 1.5 }), 'invalid-option'],
  ];
  it.each(cases)('%s', (_name, run, code) => {
    expect(run).toThrow(SpecError);
    expect(run).toThrow(expect.objectContaining({ code }));
  });

  it('the message names the key and the allowed ones', () => {
    // @ts-expect-error misspelt key
    expect(() => allocateBudget({ ...base, poolSplitt: 'objective' })).toThrow(
      /unknown option 'poolSplitt' \(did you mean 'poolSplit'\?\)/,
    );
    expect(() => allocateBudget({ ...base, macroBudget: '0x10' })).toThrow(DataError);
  });
});
