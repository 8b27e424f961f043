/**
 * Fuzz properties over every public function of verdeelmodel/allocation that takes data: each call returns
 * finite, correctly shaped output or throws a typed error with a code, in time; prototypes unchanged.
 *
 * Covered: allocateBudget, allocationBySizeClass, summarizeAllocation, apportionCents, budgetShareChange,
 * budgetSpendingDeviation, deviationPersistence, evaluationBySizeClass, summarizeEvaluation, historicalShares,
 * municipalClassification, mapMunicipalityCode, aggregateToClassification, municipalityValuesOf,
 * objectiveWeight, ownRisk, safetyNetCompensation, resolveSafetyNetThresholds, safetyNet, resolveSizeClasses,
 * sizeClassIndex, spendingFit.
 * Skipped: none (constants DEFAULT_* and SAFETY_NET_THRESHOLDS_2021 take no data; MunicipalityError is a class).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aggregateToClassification,
  allocateBudget,
  allocationBySizeClass,
  apportionCents,
  budgetShareChange,
  budgetSpendingDeviation,
  deviationPersistence,
  evaluationBySizeClass,
  historicalShares,
  mapMunicipalityCode,
  municipalClassification,
  municipalityValuesOf,
  objectiveWeight,
  ownRisk,
  resolveSafetyNetThresholds,
  resolveSizeClasses,
  safetyNet,
  safetyNetCompensation,
  sizeClassIndex,
  spendingFit,
  summarizeAllocation,
  summarizeEvaluation,
} from '../../src/allocation/index.js';
import {
  alignedValues,
  amount,
  anyCell,
  anyName,
  anyNumber,
  CODES,
  edgeNumber,
  inhabitantsCount,
  municipalityCode,
  mutateRows,
  mutations,
  toColumns,
  type ValuesSpec,
  valuesInput,
} from './arbitraries.js';
import { call, expectShape, fuzz } from './check.js';

const runs = (seed: number, numRuns = 150, expectSuccess?: string[]) => ({ seed, numRuns, expectSuccess });
/** The number of distinct codes (a record or Map holds a code once). */
const distinct = (v: ValuesSpec) => new Set(v.entries.map(([k]) => k)).size;

/** A valid municipality table for allocateBudget, n rows with distinct codes. */
const budgetRows = fc
  .record({
    codes: fc.uniqueArray(fc.constantFrom(...CODES), { minLength: 1, maxLength: CODES.length }),
    rows: fc.array(
      fc.record({
        inhabitants: inhabitantsCount,
        predictedSpending: amount,
        spendingTwoYearsEarlier: amount,
        inhabitantsTwoYearsEarlier: inhabitantsCount,
        inhabitantsPreviousYear: inhabitantsCount,
        lksSpendingPreviousYear: amount,
        dtiSpending: amount,
      }),
      { minLength: CODES.length, maxLength: CODES.length },
    ),
  })
  .map(({ codes, rows }) => codes.map((c, i) => ({ municipality: c as string, ...rows[i] })));

const budgetOptions = fc.record(
  {
    macroBudget: fc.oneof(
      fc.double({ min: 0, max: 1e10, noNaN: true }),
      edgeNumber,
      fc.constant(40187085682031.2),
    ),
    lksBudget: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e6, noNaN: true }), edgeNumber),
    dtiBudget: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e6, noNaN: true })),
    inhabitantsCorrection: fc.constantFrom('ratio', 'none'),
    poolSplit: fc.constantFrom('historical', 'objective'),
    dtiRule: fc.constantFrom('historical-share', 'spending-share'),
  },
  { requiredKeys: ['macroBudget'] },
);

describe('allocation fuzz', () => {
  it('allocateBudget (+ allocationBySizeClass, summarizeAllocation): cents add up or a typed error', () => {
    fuzz(
      'allocateBudget',
      [budgetRows, mutations, budgetOptions, fc.boolean()],
      (rows, ms, opts, columnar) => {
        const mutated = mutateRows(rows, ms, 'municipality');
        const municipalities = columnar ? toColumns(mutated) : mutated;
        const input = { ...opts, municipalities };
        const r = call('allocateBudget', input, () => allocateBudget(input as never));
        if (!r.ok) return;
        const a = r.value;
        expectShape(
          a.municipalities.length === mutated.length,
          'allocateBudget',
          'one row per municipality',
          input,
        );
        const total = a.municipalities.reduce((s, m) => s + m.totalCents, 0);
        expectShape(total === a.totals.macroBudgetCents, 'allocateBudget', `cents add to ${total}`, input);
        for (const m of a.municipalities)
          expectShape(
            Number.isSafeInteger(m.totalCents) && m.totalCents >= 0,
            'allocateBudget',
            'whole cents',
            input,
          );
        const bySize = call('allocationBySizeClass', input, () => allocationBySizeClass(a));
        if (bySize.ok) expectShape(bySize.value.length >= 1, 'allocationBySizeClass', 'rows', input);
        const text = call('summarizeAllocation', input, () => summarizeAllocation(a));
        if (text.ok)
          expectShape(!/NaN|Infinity|undefined/.test(text.value), 'summarizeAllocation', text.value, input);
      },
      runs(1801),
    );
  });

  it('apportionCents: whole cents that add up, or a typed error', () => {
    const amounts = fc.oneof(
      fc.array(fc.double({ min: 0, max: 1e9, noNaN: true }), { maxLength: 10 }),
      fc.array(anyNumber, { maxLength: 6 }),
      fc.array(anyCell, { maxLength: 4 }),
    );
    const total = fc.oneof(
      fc.integer({ min: 0, max: 1e9 }),
      edgeNumber,
      fc.constant(Number.MAX_SAFE_INTEGER),
    );
    fuzz(
      'apportionCents',
      [amounts, total, fc.option(fc.array(municipalityCode, { maxLength: 10 }), { nil: undefined })],
      (xs, t, ids) => {
        const input = { xs, t, ids };
        const r = call('apportionCents', input, () =>
          apportionCents(xs as number[], t, ids === undefined ? {} : { ids }),
        );
        if (!r.ok) return;
        expectShape(r.value.length === xs.length, 'apportionCents', 'one amount per input', input);
        expectShape(
          r.value.every((c) => Number.isSafeInteger(c) && c >= 0),
          'apportionCents',
          'whole non-negative cents',
          input,
        );
        const sum = r.value.reduce((s, c) => s + c, 0);
        expectShape(xs.length === 0 || sum === t, 'apportionCents', `sum ${sum} != ${t}`, input);
      },
      runs(1802, 200),
    );
  });

  const withGrouping = (
    g: { inhabitants?: ValuesSpec; weights?: ValuesSpec },
    use: { inhabitants: boolean; weights: boolean },
  ) => ({
    ...(g.inhabitants && use.inhabitants ? { inhabitants: valuesInput(g.inhabitants) } : {}),
    ...(g.weights && use.weights ? { weights: valuesInput(g.weights) } : {}),
  });
  const use = fc.record({ inhabitants: fc.boolean(), weights: fc.boolean() });
  const evaluationInput = alignedValues({
    previous: amount,
    current: amount,
    inhabitants: inhabitantsCount,
    weights: amount,
    before: inhabitantsCount,
    after: inhabitantsCount,
  });

  it('budgetShareChange (+ evaluationBySizeClass, summarizeEvaluation)', () => {
    fuzz(
      'budgetShareChange',
      [evaluationInput, use, fc.boolean()],
      (v, u, normalise) => {
        const input = {
          previous: valuesInput(v.previous),
          current: valuesInput(v.current),
          ...withGrouping(v, u),
        };
        const r = call('budgetShareChange', input, () => budgetShareChange(input, { normalise }));
        if (!r.ok) return;
        expectShape(
          r.value.municipalities.length === distinct(v.previous),
          'budgetShareChange',
          'rows',
          input,
        );
        const stats = { shareChange: r.value };
        call('evaluationBySizeClass', input, () => evaluationBySizeClass(stats));
        const text = call('summarizeEvaluation', input, () => summarizeEvaluation(stats));
        if (text.ok)
          expectShape(!/NaN|Infinity|undefined/.test(text.value), 'summarizeEvaluation', text.value, input);
      },
      runs(1803),
    );
  });

  it('budgetSpendingDeviation', () => {
    fuzz(
      'budgetSpendingDeviation',
      [evaluationInput, use, fc.constantFrom('ratio', 'none')],
      (v, u, correction) => {
        const input = {
          budget: valuesInput(v.previous),
          spending: valuesInput(v.current),
          inhabitantsTwoYearsEarlier: valuesInput(v.before),
          inhabitantsPreviousYear: valuesInput(v.after),
          ...withGrouping(v, u),
        };
        const r = call('budgetSpendingDeviation', input, () =>
          budgetSpendingDeviation(input, { inhabitantsCorrection: correction as 'ratio' }),
        );
        if (!r.ok) return;
        expectShape(
          r.value.municipalities.length === distinct(v.previous),
          'budgetSpendingDeviation',
          'rows',
          input,
        );
        const stats = { deviation: r.value };
        const text = call('summarizeEvaluation', input, () => summarizeEvaluation(stats));
        if (text.ok)
          expectShape(!/NaN|Infinity|undefined/.test(text.value), 'summarizeEvaluation', text.value, input);
      },
      runs(1804),
    );
  });

  it('deviationPersistence', () => {
    const deviation = fc.double({ min: -1, max: 1, noNaN: true });
    const persistenceInput = alignedValues({
      previous: deviation,
      current: deviation,
      inhabitants: inhabitantsCount,
      weights: amount,
    });
    fuzz(
      'deviationPersistence',
      [persistenceInput, use],
      (v, u) => {
        const input = {
          previous: valuesInput(v.previous),
          current: valuesInput(v.current),
          ...withGrouping(v, u),
        };
        const r = call('deviationPersistence', input, () => deviationPersistence(input));
        if (!r.ok) return;
        const rs = r.value.overall.rSquared;
        expectShape(
          rs === null || (rs >= -1e-9 && rs <= 1 + 1e-9),
          'deviationPersistence',
          `R² ${rs}`,
          input,
        );
        const stats = { persistence: r.value };
        call('evaluationBySizeClass', input, () => evaluationBySizeClass(stats));
        const text = call('summarizeEvaluation', input, () => summarizeEvaluation(stats));
        if (text.ok)
          expectShape(!/NaN|Infinity|undefined/.test(text.value), 'summarizeEvaluation', text.value, input);
      },
      runs(1805),
    );
  });

  it('historicalShares: shares that add up to 1, or a typed error', () => {
    fuzz(
      'historicalShares',
      [evaluationInput, fc.constantFrom('ratio', 'none')],
      (v, correction) => {
        const input = {
          spending: valuesInput(v.previous),
          inhabitantsTwoYearsEarlier: valuesInput(v.before),
          inhabitantsPreviousYear: valuesInput(v.after),
        };
        const r = call('historicalShares', input, () =>
          historicalShares(input, { inhabitantsCorrection: correction as 'ratio' }),
        );
        if (!r.ok) return;
        const shares = Object.values(r.value);
        expectShape(shares.length === distinct(v.previous), 'historicalShares', 'one share per code', input);
        const sum = shares.reduce((s, x) => s + x, 0);
        expectShape(Math.abs(sum - 1) < 1e-9, 'historicalShares', `shares add to ${sum}`, input);
      },
      runs(1806),
    );
  });

  it('municipalClassification, mapMunicipalityCode and aggregateToClassification', () => {
    const mapping = fc.array(
      fc.record(
        {
          from: municipalityCode,
          to: municipalityCode,
          year: fc.oneof(fc.integer({ min: 2015, max: 2025 }), edgeNumber),
          fraction: fc.oneof(fc.constantFrom(0.5, 1, 0.25), edgeNumber),
        },
        { requiredKeys: ['from', 'to'] },
      ),
      { maxLength: 6 },
    );
    const dataRows = fc.array(
      fc.record({
        municipality: municipalityCode,
        year: fc.constantFrom(2020, 2021),
        spending: fc.oneof(amount, anyNumber),
        inhabitants: fc.oneof(inhabitantsCount, anyNumber),
        share: fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), anyNumber),
      }),
      { maxLength: 8 },
    );
    fuzz(
      'municipalClassification',
      [
        mapping,
        fc.constantFrom('error', 'keep'),
        fc.option(fc.integer({ min: 2015, max: 2025 }), { nil: undefined }),
        dataRows,
        municipalityCode,
        fc.boolean(),
        fc.constantFrom('sum', 'drop'),
      ],
      (map, unknownCodes, targetYear, rows, code, byYear, mergers) => {
        const input = { map, unknownCodes, targetYear };
        const c = call('municipalClassification', input, () =>
          municipalClassification(map, { unknownCodes: unknownCodes as 'keep', targetYear }),
        );
        if (!c.ok) return;
        const mapped = call('mapMunicipalityCode', { ...input, code }, () =>
          mapMunicipalityCode(c.value, code),
        );
        if (mapped.ok) {
          const sum = mapped.value.reduce((s, x) => s + x.fraction, 0);
          expectShape(Math.abs(sum - 1) < 1e-9, 'mapMunicipalityCode', `fractions add to ${sum}`, {
            ...input,
            code,
          });
        }
        const aggInput = { ...input, rows };
        call('aggregateToClassification', aggInput, () =>
          aggregateToClassification(rows, c.value, {
            sum: ['spending'],
            weightedMean: ['share'],
            weight: 'inhabitants',
            ...(byYear ? { year: 'year' } : {}),
            mergers: mergers as 'sum',
          }),
        );
      },
      runs(1807),
    );
  });

  it('municipalityValuesOf', () => {
    const rows = fc.array(fc.record({ municipality: municipalityCode, value: anyCell, other: anyNumber }), {
      maxLength: 6,
    });
    fuzz(
      'municipalityValuesOf',
      [rows, fc.oneof(fc.constantFrom('value', 'other'), anyName), mutations],
      (rs, field, ms) => {
        const mutated = mutateRows(rs, ms, 'municipality');
        const input = { rows: mutated, field };
        const r = call('municipalityValuesOf', input, () =>
          municipalityValuesOf(mutated as never, field as never),
        );
        if (!r.ok) return;
        expectShape(
          Object.keys(r.value).length === mutated.length,
          'municipalityValuesOf',
          'one value per row',
          input,
        );
      },
      runs(1808),
    );
  });

  it('objectiveWeight, sizeClassIndex, resolveSizeClasses: numbers in range or a typed error', () => {
    const bounds = fc.record({ lower: anyNumber, upper: anyNumber }, { requiredKeys: [] });
    const classes = fc.record(
      { breakpoints: fc.array(anyNumber, { maxLength: 4 }), labels: fc.array(anyName, { maxLength: 5 }) },
      { requiredKeys: [] },
    );
    fuzz(
      'objectiveWeight',
      [fc.oneof(anyNumber, inhabitantsCount), bounds, classes],
      (inh, b, cl) => {
        const input = { inh, b, cl };
        const w = call('objectiveWeight', input, () => objectiveWeight(inh, b));
        if (w.ok) expectShape(w.value >= 0 && w.value <= 1, 'objectiveWeight', `weight ${w.value}`, input);
        const sc = call('resolveSizeClasses', input, () => resolveSizeClasses(cl));
        if (!sc.ok) return;
        expectShape(
          sc.value.labels.length === sc.value.breakpoints.length + 1,
          'resolveSizeClasses',
          'labels',
          input,
        );
        const k = call('sizeClassIndex', input, () => sizeClassIndex(inh, sc.value));
        if (k.ok)
          expectShape(
            Number.isInteger(k.value) && k.value >= 0 && k.value < sc.value.labels.length,
            'sizeClassIndex',
            `index ${k.value}`,
            input,
          );
      },
      runs(1809, 200),
    );
  });

  it('ownRisk, safetyNetCompensation, resolveSafetyNetThresholds, safetyNet', () => {
    const thresholds = fc.record(
      { ownRiskThreshold: anyNumber, fullCompensationThreshold: anyNumber, maximumOwnRisk: anyNumber },
      { requiredKeys: [] },
    );
    const money = fc.oneof(amount, anyNumber, fc.constant(1.7e308));
    fuzz(
      'safetyNet',
      [
        fc.oneof(fc.double({ min: -1, max: 1, noNaN: true }), anyNumber),
        fc.option(thresholds, { nil: undefined, freq: 2 }),
        money,
        money,
      ],
      (share, t, budget, spending) => {
        const input = { share, t, budget, spending };
        call('resolveSafetyNetThresholds', input, () => resolveSafetyNetThresholds(t));
        const own = call('ownRisk', input, () => ownRisk(share, t));
        if (own.ok) expectShape(own.value >= 0, 'ownRisk', `own risk ${own.value}`, input);
        const comp = call('safetyNetCompensation', input, () => safetyNetCompensation(share, t));
        if (comp.ok) expectShape(comp.value >= 0, 'safetyNetCompensation', `${comp.value}`, input);
        const s = call('safetyNet', input, () =>
          safetyNet({ budget, spending }, t === undefined ? {} : { thresholds: t }),
        );
        if (s.ok) {
          expectShape(Number.isSafeInteger(s.value.ownRiskCents), 'safetyNet', 'whole cents', input);
          expectShape(s.value.compensation >= 0, 'safetyNet', 'compensation >= 0', input);
        }
      },
      runs(1810, 200),
    );
  });

  it('spendingFit', () => {
    const rows = fc
      .record({
        codes: fc.uniqueArray(fc.constantFrom(...CODES), { minLength: 1, maxLength: CODES.length }),
        years: fc.uniqueArray(fc.constantFrom(2019, 2020, 2021), { minLength: 1, maxLength: 3 }),
        seed: fc.array(
          fc.record({
            predicted: amount,
            noise: fc.double({ min: 0.8, max: 1.2, noNaN: true }),
            inhabitants: inhabitantsCount,
            weight: amount,
          }),
          {
            minLength: 24,
            maxLength: 24,
          },
        ),
      })
      .map(({ codes, years, seed }) =>
        years.flatMap((year, y) =>
          codes.map((municipality, i) => {
            const s = seed[(y * CODES.length + i) % seed.length]!;
            return {
              municipality,
              year,
              predicted: s.predicted,
              actual: s.predicted * s.noise,
              inhabitants: s.inhabitants,
              weight: s.weight,
            };
          }),
        ),
      );
    const opts = fc.record(
      { method: fc.constantFrom('ols', 'identity'), scale: fc.constantFrom('levels', 'shares') },
      { requiredKeys: [] },
    );
    fuzz(
      'spendingFit',
      [rows, mutations, opts],
      (rs, ms, o) => {
        const mutated = mutateRows(rs, ms, 'municipality');
        const input = { rows: mutated, o };
        const r = call('spendingFit', input, () => spendingFit(mutated as never, o as never));
        if (!r.ok) return;
        for (const x of [r.value.pooled, r.value.period, ...r.value.byYear])
          expectShape(
            x.rSquared === null || x.rSquared <= 1 + 1e-9,
            'spendingFit',
            `R² ${x.rSquared}`,
            input,
          );
      },
      runs(1811),
    );
  });
});

it('the fuzz harness itself fails on an untyped error, a non-finite output and a slow call', () => {
  expect(() => call('f', 1, () => JSON.parse('{'))).toThrow(/untyped error/);
  expect(() => call('f', 1, () => ({ a: [1, Number.NaN] }))).toThrow(
    /non-finite number \(\$\.a\[1\] = NaN\)/,
  );
  expect(call('f', 1, () => ({ a: [1, Number.NaN] }), { allowNaN: true }).ok).toBe(true);
});
