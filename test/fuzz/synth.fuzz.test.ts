/**
 * Fuzz properties over verdeelmodel/synth: small simulated panels, mutated (missing and non-finite cells,
 * outcomes scaled by 1e±300, duplicate unit–time rows, prototype-like and unicode unit names, one unit, no
 * rows), through every public function that takes data.
 *
 * Covered: syntheticControl, summarizeSynth, placeboInSpace, placeboInSpaceParallel (threads 2, few runs:
 * a worker pool starts per call), placeboInTime, leaveOneOut, dispersion, quantileType7, sequenceStates,
 * dynamicHammingDistance, wardClustering, cutTree, sequenceClusters, simplexLeastSquares, trendBreakTest,
 * ratePer10k, movingAverage, lksDonorPool, clusterLogits, simulateSynthPanel (its options).
 * Skipped: none that take data.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import {
  clusterLogits,
  cutTree,
  dispersion,
  dynamicHammingDistance,
  leaveOneOut,
  lksDonorPool,
  movingAverage,
  placeboInSpace,
  placeboInSpaceParallel,
  placeboInTime,
  quantileType7,
  ratePer10k,
  sequenceClusters,
  sequenceStates,
  simplexLeastSquares,
  simulateSynthPanel,
  summarizeSynth,
  syntheticControl,
  trendBreakTest,
  wardClustering,
} from '../../src/synth/index.js';
import {
  anyCell,
  anyName,
  anyNumber,
  edgeNumber,
  type Mutation,
  mutateRows,
  mutations,
  toColumns,
} from './arbitraries.js';
import { call, callAsync, expectShape, fuzz, fuzzAsync } from './check.js';

type PanelRow = Record<string, unknown>;

/** A small simulated panel (5–8 units, 10–14 months), as rows, then mutated; unit ids may be renamed. */
const panelOf = (ms: fc.Arbitrary<Mutation[]>) =>
  fc
    .record({
      units: fc.integer({ min: 4, max: 8 }),
      periods: fc.integer({ min: 10, max: 14 }),
      seed: fc.integer({ min: 1, max: 1000 }),
      names: fc.array(anyName, { minLength: 8, maxLength: 8 }),
      rename: fc.boolean(),
      ms,
    })
    .map(({ units, periods, seed, names, rename, ms }) => {
      const base = simulateSynthPanel({ units, periods, seed, treatmentIndex: periods - 3 });
      const ids = [...new Set(base.map((r) => r.unit))];
      // Renaming a unit renames all its rows (a consistent id); the mutations then break things one cell at a time.
      const renamed = new Map(
        ids.map((u, i): [string, string] => [u, rename && !ids.includes(names[i]!) ? names[i]! : u]),
      );
      const rows: PanelRow[] = base.map((r) => ({ ...r, unit: renamed.get(r.unit) }));
      const times = [...new Set(base.map((r) => r.time))];
      return { rows: mutateRows(rows, ms, 'unit'), units: [...new Set(renamed.values())], times };
    });
const panel = panelOf(mutations);

const synthOptions = (p: { units: string[]; times: (string | number)[] }, predictors: boolean) => ({
  unit: 'unit',
  time: 'time',
  outcome: 'y',
  treated: p.units[0],
  treatmentTime: p.times[p.times.length - 3],
  ...(predictors ? { predictors: ['x', { column: 'y', at: p.times[1] }] } : {}),
});

describe('synth fuzz', () => {
  it('syntheticControl, summarizeSynth, placeboInSpace, placeboInTime, leaveOneOut', () => {
    fuzz(
      'syntheticControl',
      [panel, fc.boolean(), fc.boolean()],
      (p, predictors, columnar) => {
        const data = columnar ? toColumns(p.rows) : p.rows;
        const options = synthOptions(p, predictors);
        const input = { data, options };
        const r = call('syntheticControl', input, () => syntheticControl(data as never, options as never));
        if (r.ok) {
          const f = r.value;
          expectShape(f.weights.length === f.donors.length, 'syntheticControl', 'a weight per donor', input);
          const sum = Array.from(f.weights as ArrayLike<number>).reduce((s, w) => s + w, 0);
          expectShape(Math.abs(sum - 1) < 1e-6, 'syntheticControl', `weights add to ${sum}`, input);
          expectShape(f.gap.length === f.times.length, 'syntheticControl', 'a gap per period', input);
          const s = call('summarizeSynth', input, () => summarizeSynth(f));
          if (s.ok) expectShape(!/NaN|undefined/.test(s.value), 'summarizeSynth', s.value, input);
        }
        const pis = call('placeboInSpace', input, () => placeboInSpace(data as never, options as never));
        if (pis.ok)
          expectShape(
            pis.value.pValue > 0 && pis.value.pValue <= 1,
            'placeboInSpace',
            `p ${pis.value.pValue}`,
            input,
          );
        call('placeboInTime', input, () =>
          placeboInTime(data as never, { ...options, placeboTime: p.times[p.times.length - 6] } as never),
        );
        call('leaveOneOut', input, () => leaveOneOut(data as never, options as never));
      },
      {
        seed: 1830,
        numRuns: 80,
        expectSuccess: ['syntheticControl', 'placeboInSpace', 'placeboInTime', 'leaveOneOut'],
      },
    );
  });

  it('placeboInSpaceParallel', async () => {
    await fuzzAsync(
      'placeboInSpaceParallel',
      [panelOf(fc.constant([]))],
      async (p) => {
        const options = { ...synthOptions(p, true), threads: 2 };
        const input = { rows: p.rows, options };
        await callAsync('placeboInSpaceParallel', input, () =>
          placeboInSpaceParallel(p.rows as never, options as never),
        );
      },
      { seed: 1831, numRuns: 6 },
    );
  });

  it('dispersion, sequenceStates, dynamicHammingDistance, wardClustering, cutTree, sequenceClusters', () => {
    fuzz(
      'sequenceClusters',
      [panel, fc.integer({ min: 1, max: 5 }), fc.constantFrom('ward.D', 'ward.D2')],
      (p, k, method) => {
        const opts = { unit: 'unit', time: 'time', value: 'y' };
        const input = { rows: p.rows, k, method };
        const d = call('dispersion', input, () => dispersion(p.rows as never, opts));
        if (d.ok) expectShape(d.value.length === p.times.length, 'dispersion', 'a row per period', input);
        const s = call('sequenceStates', input, () => sequenceStates(p.rows as never, opts));
        if (s.ok) {
          const h = call('dynamicHammingDistance', input, () => dynamicHammingDistance(s.value.states));
          if (h.ok) {
            const n = h.value.n;
            expectShape(h.value.distances.length === n * n, 'dynamicHammingDistance', 'n × n', input);
            const tree = call('wardClustering', input, () =>
              wardClustering(h.value.distances, n, method as 'ward.D'),
            );
            if (tree.ok) {
              const c = call('cutTree', input, () => cutTree(tree.value, k));
              if (c.ok) expectShape(c.value.length === n, 'cutTree', 'a cluster per unit', input);
            }
          }
        }
        call('sequenceClusters', input, () => sequenceClusters(p.rows as never, { ...opts, k }));
      },
      {
        seed: 1832,
        numRuns: 80,
        expectSuccess: [
          'dispersion',
          'sequenceStates',
          'dynamicHammingDistance',
          'wardClustering',
          'sequenceClusters',
        ],
      },
    );
  });

  it('wardClustering and dynamicHammingDistance on raw edge input', () => {
    fuzz(
      'wardClustering raw',
      [
        fc
          .integer({ min: 0, max: 5 })
          .chain((n) =>
            fc.tuple(fc.constant(n), fc.array(anyNumber, { minLength: n * n, maxLength: n * n })),
          ),
        fc
          .record({ n: fc.integer({ min: 0, max: 5 }), t: fc.integer({ min: 0, max: 5 }) })
          .chain(({ n, t }) =>
            fc.array(
              fc.array(
                fc.oneof(
                  { weight: 6, arbitrary: fc.integer({ min: 0, max: 3 }) },
                  { weight: 1, arbitrary: anyNumber },
                ),
                {
                  minLength: t,
                  maxLength: t,
                },
              ),
              { minLength: n, maxLength: n },
            ),
          ),
        fc.option(fc.array(anyNumber, { maxLength: 5 }), { nil: undefined }),
      ],
      ([n, d], seqs, timeWeights) => {
        const input = { n, d, seqs, timeWeights };
        call('wardClustering raw', input, () => wardClustering(d, n));
        call('dynamicHammingDistance raw', input, () =>
          dynamicHammingDistance(seqs, timeWeights === undefined ? {} : { timeWeights }),
        );
      },
      { seed: 1833, numRuns: 150, expectSuccess: ['dynamicHammingDistance raw'] },
    );
  });

  it('simplexLeastSquares: weights on the simplex, or a typed error', () => {
    const problem = fc
      .record({
        k: fc.integer({ min: 0, max: 4 }),
        J: fc.integer({ min: 0, max: 5 }),
        extra: fc.integer({ min: -1, max: 1 }),
      })
      .chain(({ k, J, extra }) =>
        fc.record({
          k: fc.constant(k),
          J: fc.constant(J),
          A: fc.array(
            fc.oneof(
              { weight: 4, arbitrary: fc.integer({ min: -9, max: 9 }) },
              { weight: 1, arbitrary: anyNumber },
            ),
            {
              minLength: Math.max(0, k * J + extra),
              maxLength: Math.max(0, k * J + extra),
            },
          ),
          b: fc.array(
            fc.oneof(
              { weight: 4, arbitrary: fc.integer({ min: -9, max: 9 }) },
              { weight: 1, arbitrary: anyNumber },
            ),
            {
              minLength: k,
              maxLength: k,
            },
          ),
        }),
      );
    fuzz(
      'simplexLeastSquares',
      [problem],
      ({ k, J, A, b }) => {
        const input = { k, J, A, b };
        const r = call('simplexLeastSquares', input, () => simplexLeastSquares(A, k, J, b));
        if (!r.ok) return;
        const w = Array.from(r.value.w);
        expectShape(w.length === J, 'simplexLeastSquares', 'a weight per donor', input);
        const sum = w.reduce((s, x) => s + x, 0);
        expectShape(
          w.every((x) => x >= -1e-12) && Math.abs(sum - 1) < 1e-9,
          'simplexLeastSquares',
          `w ${w}`,
          input,
        );
      },
      { seed: 1834, numRuns: 200 },
    );
  });

  it('trendBreakTest, ratePer10k, movingAverage, quantileType7', () => {
    const series = fc.oneof(
      fc.array(fc.integer({ min: 1, max: 1000 }), { maxLength: 30 }),
      fc.array(anyNumber, { maxLength: 12 }),
      fc
        .tuple(
          fc.array(fc.integer({ min: 100, max: 200 }), { minLength: 12, maxLength: 30 }),
          fc.nat(),
          edgeNumber,
        )
        .map(([xs, i, v]) => xs.map((x, k) => (k === i % xs.length ? v : x))),
    );
    const tbOptions = fc.record(
      {
        breakIndex: fc.oneof(fc.integer({ min: -1, max: 31 }), edgeNumber),
        model: fc.constantFrom('log-level', 'growth'),
        se: fc.constantFrom('classical', 'newey-west'),
        lag: fc.oneof(fc.integer({ min: 0, max: 5 }), edgeNumber),
      },
      { requiredKeys: ['breakIndex'] },
    );
    fuzz(
      'trendBreakTest',
      [
        series,
        tbOptions,
        series,
        fc.record(
          { before: fc.integer({ min: -1, max: 4 }), after: fc.integer({ min: 0, max: 4 }) },
          { requiredKeys: [] },
        ),
        fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), anyNumber),
      ],
      (values, o, pops, ma, q) => {
        const input = { values, o, pops, ma, q };
        call('trendBreakTest', input, () => trendBreakTest(values, o as never));
        const r = call('ratePer10k', input, () => ratePer10k(values, pops));
        if (r.ok) expectShape(r.value.length === values.length, 'ratePer10k', 'a rate per count', input);
        const m = call('movingAverage', input, () => movingAverage(values, ma));
        if (m.ok) expectShape(m.value.length === values.length, 'movingAverage', 'same length', input);
        const sorted = [...values].sort((a, b) => a - b);
        call('quantileType7', input, () => quantileType7(sorted, q));
      },
      {
        seed: 1835,
        numRuns: 200,
        expectSuccess: ['trendBreakTest', 'ratePer10k', 'movingAverage', 'quantileType7'],
      },
    );
  });

  it('lksDonorPool', () => {
    fuzz(
      'lksDonorPool',
      [
        fc.uniqueArray(fc.oneof(anyName, fc.integer()), { maxLength: 8 }),
        fc.array(
          fc.oneof(
            { weight: 5, arbitrary: fc.integer({ min: 1000, max: 100000 }) },
            { weight: 1, arbitrary: anyNumber },
          ),
          {
            maxLength: 8,
          },
        ),
        fc.option(
          fc.record(
            { smallBelow: anyNumber, largeFrom: anyNumber, mediumShare: anyNumber },
            { requiredKeys: [] },
          ),
          {
            nil: {},
            freq: 1,
          },
        ),
      ],
      (units, inhabitants, o) => {
        const input = { units, inhabitants, o };
        const r = call('lksDonorPool', input, () => lksDonorPool(units, inhabitants, o));
        if (!r.ok) return;
        const n = r.value.treated.length + r.value.donors.length + r.value.excluded.length;
        expectShape(n === units.length, 'lksDonorPool', `${n} units placed of ${units.length}`, input);
      },
      { seed: 1836, numRuns: 150 },
    );
  });

  it('clusterLogits', () => {
    const data = fc
      .array(
        fc.record({
          under27: fc.integer({ min: 0, max: 1 }),
          cluster: fc.constantFrom(1, 2, 3),
          post: fc.integer({ min: 0, max: 1 }),
          unit: fc.constantFrom('a', 'b', 'c', 'd', '__proto__'),
        }),
        { minLength: 30, maxLength: 80 },
      )
      .chain((rows) => mutations.map((ms) => mutateRows(rows, ms)));
    fuzz(
      'clusterLogits',
      [data, fc.oneof({ weight: 4, arbitrary: fc.constantFrom(1, 2) }, { weight: 1, arbitrary: anyCell })],
      (rows, reference) => {
        const cols = toColumns(rows, ['under27', 'cluster', 'post', 'unit']);
        const input = { cols, reference };
        call('clusterLogits', input, () =>
          clusterLogits(cols as never, {
            outcomes: ['under27'],
            cluster: 'cluster',
            post: 'post',
            reference: reference as never,
            clusterSe: 'unit',
          }),
        );
      },
      { seed: 1837, numRuns: 80 },
    );
  });

  it('simulateSynthPanel options', () => {
    fuzz(
      'simulateSynthPanel',
      [
        fc.record(
          {
            units: fc.oneof(fc.integer({ min: 0, max: 12 }), edgeNumber),
            periods: fc.oneof(fc.integer({ min: 0, max: 12 }), edgeNumber),
            treatmentIndex: fc.oneof(fc.integer({ min: -1, max: 12 }), edgeNumber),
            effect: anyNumber,
            noise: anyNumber,
            seed: fc.oneof(fc.integer(), edgeNumber),
          },
          { requiredKeys: [] },
        ),
      ],
      (o) => {
        const r = call('simulateSynthPanel', o, () => simulateSynthPanel(o));
        if (r.ok && typeof o.units === 'number' && typeof o.periods === 'number')
          expectShape(
            r.value.length === o.units * o.periods,
            'simulateSynthPanel',
            'units × periods rows',
            o,
          );
      },
      { seed: 1838, numRuns: 150 },
    );
  });
});
