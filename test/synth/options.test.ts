import { describe, expect, it } from 'vitest';
import { SpecError } from '../../src/errors.js';
import {
  clusterLogits,
  dispersion,
  dynamicHammingDistance,
  leaveOneOut,
  lksDonorPool,
  movingAverage,
  placeboInSpace,
  placeboInTime,
  sequenceClusters,
  sequenceStates,
  simulateSynthPanel,
  syntheticControl,
} from '../../src/synth/index.js';

const rows = simulateSynthPanel({ units: 6, periods: 10, treatmentIndex: 5, monthly: false, seed: 4 });
const BASE = { unit: 'unit', time: 'time', outcome: 'y', treated: 'u000', treatmentTime: 6 } as const;
const PANEL = { unit: 'unit', time: 'time', value: 'y' } as const;

function specError(f: () => unknown): SpecError {
  try {
    f();
  } catch (e) {
    if (e instanceof SpecError) return e;
    throw e;
  }
  throw new Error('no error thrown');
}

describe('synth options: unknown keys and values are SpecErrors naming them', () => {
  const bad = { clustr: 1 } as never;
  const cases: [string, () => unknown][] = [
    ['syntheticControl', () => syntheticControl(rows, { ...BASE, ...(bad as object) })],
    ['placeboInSpace', () => placeboInSpace(rows, { ...BASE, ...(bad as object) })],
    ['placeboInTime', () => placeboInTime(rows, { ...BASE, placeboTime: 3, ...(bad as object) })],
    ['leaveOneOut', () => leaveOneOut(rows, { ...BASE, ...(bad as object) })],
    ['dispersion', () => dispersion(rows, { ...PANEL, ...(bad as object) })],
    ['sequenceStates', () => sequenceStates(rows, { ...PANEL, ...(bad as object) })],
    ['sequenceClusters', () => sequenceClusters(rows, { ...PANEL, ...(bad as object) })],
    [
      'dynamicHammingDistance',
      () =>
        dynamicHammingDistance(
          [
            [0, 1],
            [1, 0],
          ],
          bad,
        ),
    ],
    ['lksDonorPool', () => lksDonorPool(['a', 'b'], [1, 2], bad)],
    ['movingAverage', () => movingAverage([1, 2, 3], bad)],
    ['simulateSynthPanel', () => simulateSynthPanel(bad)],
    [
      'clusterLogits',
      () => clusterLogits({ y: [0, 1], c: [1, 2] }, { outcomes: ['y'], cluster: 'c', ...(bad as object) }),
    ],
  ];
  for (const [name, f] of cases) {
    it(`${name}: an unknown key is 'unknown-option'`, () => {
      const e = specError(f);
      expect(e.code).toBe('unknown-option');
      expect(e.option).toBe('clustr');
      expect(e.message).toContain(`${name}: unknown option 'clustr'`);
    });
  }

  it('a misspelt key gets a suggestion; the allowed keys are listed', () => {
    const e = specError(() => syntheticControl(rows, { ...BASE, predictor: ['x'] } as never));
    expect(e.message).toMatch(/did you mean 'predictors'/);
    expect(e.message).toContain('treatmentTime');
  });

  it('bad values: vStarts, poorFitThreshold, minWeight, method, k, lower, edges, seed, mediumShare', () => {
    const invalid: [() => unknown, string][] = [
      [() => syntheticControl(rows, { ...BASE, vStarts: 'all' as never }), 'vStarts'],
      [() => syntheticControl(rows, { ...BASE, poorFitThreshold: 0 }), 'poorFitThreshold'],
      [() => syntheticControl(rows, { ...BASE, outcome: 3 as never }), 'outcome'],
      [() => syntheticControl(rows, { ...BASE, treatmentTime: null as never }), 'treatmentTime'],
      [() => leaveOneOut(rows, { ...BASE, minWeight: -1 }), 'minWeight'],
      [() => sequenceClusters(rows, { ...PANEL, method: 'ward' as never }), 'method'],
      [() => sequenceClusters(rows, { ...PANEL, k: 2.5 }), 'k'],
      [() => sequenceStates(rows, { ...PANEL, lower: 0 }), 'lower'],
      [() => movingAverage([1, 2], { edges: 'zero' as never }), 'edges'],
      [() => simulateSynthPanel({ seed: 1.5 }), 'seed'],
      [() => simulateSynthPanel({ units: 2.5 }), 'units'],
      [() => simulateSynthPanel({ monthly: 'yes' as never }), 'monthly'],
      [() => lksDonorPool(['a'], [1], { mediumShare: 2 }), 'mediumShare'],
      [
        () =>
          dynamicHammingDistance(
            [
              [0, 1],
              [1, 0],
            ],
            { nStates: 0 },
          ),
        'nStates',
      ],
      [() => placeboInSpace(rows, { ...BASE, placeboPool: 'all' as never }), 'placeboPool'],
    ];
    for (const [f, option] of invalid) {
      const e = specError(f);
      expect(e.code).toBe('invalid-option');
      expect(e.message).toContain(option);
    }
  });

  it('clusterLogits reads column names as data (a column named constructor)', () => {
    const n = 400;
    const data: Record<string, number[]> = Object.create(null);
    // biome-ignore lint/complexity/useLiteralKeys: dot access would type 'constructor' as Object's; as a plain key it is the point of the test
    data['constructor'] = Array.from({ length: n }, (_, i) => ((i * 7) % 3 === 0 ? 1 : 0));
    data.c = Array.from({ length: n }, (_, i) => 1 + (i % 2));
    const [t] = clusterLogits(data, { outcomes: ['constructor'], cluster: 'c' });
    expect(t!.nobs).toBe(n);
    expect(specError(() => clusterLogits(data, { outcomes: ['toString'], cluster: 'c' })).code).toBe(
      'missing-column',
    );
  });
});
