/**
 * Fuzz properties over verdeelmodel/outliers: a small multi-year municipality table, mutated (missing and
 * non-finite cells, extreme scales, duplicate and prototype-like codes, one or no rows), through the S1 chain
 * balances → selectExtremes → comparisonGroup → flagOutliers / compareGroups, and the one-table functions.
 *
 * Covered: balances, selectExtremes, comparisonGroup, flagOutliers, compareGroups (its summary too),
 * decomposeSpendingGap, explainedVariance, neighbourhoodIndices, cumulativeBalance, meanYearlyBalance,
 * sumAbsoluteBalance, segregationIndex, movingIndex.
 * Skipped: none that take data (OutlierInputError is a class).
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import {
  balances,
  compareGroups,
  comparisonGroup,
  cumulativeBalance,
  decomposeSpendingGap,
  explainedVariance,
  flagOutliers,
  meanYearlyBalance,
  movingIndex,
  neighbourhoodIndices,
  segregationIndex,
  selectExtremes,
  sumAbsoluteBalance,
} from '../../src/outliers/index.js';
import { anyNumber, CODES, mutateRows, mutations, protoName } from './arbitraries.js';
import { call, expectShape, fuzz } from './check.js';

const YEARS = [2018, 2019, 2020];
const int = (min: number, max: number) => fc.integer({ min, max });

/** One row per municipality and year (8–12 municipalities), with budgets, spending and features. */
const table = fc
  .record({
    extra: fc.uniqueArray(fc.oneof(protoName, fc.constantFrom('GM0001', 'GM0002', 'GM0003', 'GM0004')), {
      maxLength: 4,
    }),
    cells: fc.array(
      fc.record({
        inhabitants: int(20_000, 900_000),
        budget: int(1_000, 100_000),
        ratio: int(70, 130),
        recipients: int(50, 5000),
        predictedRatio: int(80, 120),
        movingIndex: int(0, 100),
        divorces: int(0, 50),
        rkp: int(0, 30),
        group: int(0, 500),
        other: int(0, 500),
        inflow: int(0, 100),
      }),
      { minLength: 36, maxLength: 36 },
    ),
    ms: mutations,
  })
  .map(({ extra, cells, ms }) => {
    const codes = [...CODES, ...extra];
    const rows = codes.flatMap((municipality, i) =>
      YEARS.map((year, y) => {
        const c = cells[(i * 3 + y) % cells.length]!;
        return {
          municipality,
          year,
          inhabitants: c.inhabitants,
          budget: c.budget,
          spending: (c.budget * c.ratio) / 100,
          recipients: c.recipients,
          predictedRecipients: (c.recipients * c.predictedRatio) / 100,
          movingIndex: c.movingIndex / 100,
          divorces: c.divorces,
          rkp: c.rkp,
          group: c.group,
          other: c.other,
          inflow: c.inflow,
        };
      }),
    );
    return mutateRows(rows, ms, 'municipality');
  });

describe('outliers fuzz', () => {
  it('balances → selectExtremes → comparisonGroup → flagOutliers and compareGroups', () => {
    fuzz(
      'balances',
      [table, fc.constantFrom(undefined, 30_000), int(1, 3), fc.constantFrom('average', 'cumulative')],
      (rows, minInhabitants, n, by) => {
        const input = { rows, minInhabitants, n, by };
        const b = call('balances', input, () =>
          balances(rows, minInhabitants === undefined ? {} : { minInhabitants }),
        );
        if (!b.ok) return;
        const sel = call('selectExtremes', input, () => selectExtremes(b.value, { n, by: by as 'average' }));
        if (!sel.ok) return;
        const cmp = call('comparisonGroup', input, () => comparisonGroup(b.value, sel.value));
        if (!cmp.ok) return;
        const features = rows.filter((r) => r.year === 2020);
        const group = sel.value.deficit.map((m) => m.municipality);
        const comparison = cmp.value.members.map((m) => m.municipality);
        const flags = call('flagOutliers', input, () =>
          flagOutliers(features, { indicators: ['movingIndex', 'divorces'], group, comparison }),
        );
        if (flags.ok)
          expectShape(flags.value.byIndicator.length === 2, 'flagOutliers', 'a row per indicator', input);
        const res = call('compareGroups', input, () =>
          compareGroups(features, {
            indicators: ['movingIndex', 'divorces'],
            deficit: sel.value.deficit,
            surplus: sel.value.surplus,
            comparison: cmp.value.members,
            controls: ['rkp'],
          }),
        );
        if (res.ok) {
          expectShape(res.value.table.length === 2, 'compareGroups', 'a row per indicator', input);
          const s = call('compareGroups.summary', input, () => res.value.summary());
          if (s.ok)
            expectShape(!/NaN|Infinity|undefined/.test(s.value), 'compareGroups.summary', s.value, input);
        }
      },
      {
        seed: 1840,
        numRuns: 100,
        expectSuccess: ['balances', 'selectExtremes', 'comparisonGroup', 'flagOutliers', 'compareGroups'],
      },
    );
  });

  it('decomposeSpendingGap → explainedVariance, neighbourhoodIndices', () => {
    fuzz(
      'decomposeSpendingGap',
      [table, fc.constantFrom('volume', 'price', 'balance')],
      (rows, component) => {
        const input = { rows, component };
        const gap = call('decomposeSpendingGap', input, () => decomposeSpendingGap(rows));
        if (gap.ok) {
          const inflow = new Map(rows.map((r) => [`${String(r.municipality)} ${String(r.year)}`, r.inflow]));
          const withInflow = gap.value.yearly.map((r) => ({
            ...r,
            inflow: inflow.get(`${r.municipality} ${r.year}`),
          }));
          call('explainedVariance', input, () =>
            explainedVariance(withInflow, { component: component as 'volume', measure: 'inflow' }),
          );
        }
        call('neighbourhoodIndices', input, () => neighbourhoodIndices(rows));
      },
      {
        seed: 1841,
        numRuns: 100,
        expectSuccess: ['decomposeSpendingGap', 'explainedVariance', 'neighbourhoodIndices'],
      },
    );
  });

  it('cumulativeBalance, meanYearlyBalance, sumAbsoluteBalance, segregationIndex, movingIndex', () => {
    const small = fc.oneof({ weight: 4, arbitrary: int(0, 1000) }, { weight: 1, arbitrary: anyNumber });
    const pair = int(0, 6).chain((n) =>
      fc.tuple(
        fc.array(small, { minLength: n, maxLength: n }),
        fc.array(small, { minLength: n, maxLength: n + (n % 2) }),
      ),
    );
    fuzz(
      'cumulativeBalance',
      [pair, fc.array(fc.oneof(fc.double({ min: -1, max: 1, noNaN: true }), anyNumber), { maxLength: 6 })],
      ([a, b], bal) => {
        const input = { a, b, bal };
        call('cumulativeBalance', input, () => cumulativeBalance(a, b));
        call('meanYearlyBalance', input, () => meanYearlyBalance(bal));
        call('sumAbsoluteBalance', input, () => sumAbsoluteBalance(bal));
        const s = call('segregationIndex', input, () => segregationIndex(a, b));
        if (s.ok) expectShape(s.value >= 0 && s.value <= 1 + 1e-12, 'segregationIndex', `${s.value}`, input);
        const m = call('movingIndex', input, () => movingIndex(a, b));
        if (m.ok) expectShape(m.value >= 0 && m.value <= 0.5 + 1e-12, 'movingIndex', `${m.value}`, input);
      },
      {
        seed: 1842,
        numRuns: 200,
        expectSuccess: [
          'cumulativeBalance',
          'meanYearlyBalance',
          'sumAbsoluteBalance',
          'segregationIndex',
          'movingIndex',
        ],
      },
    );
  });
});
