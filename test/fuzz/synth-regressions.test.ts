/** Regressions for the defects the synth fuzz properties found (each was a silent Infinity, NaN or TypeError). */
import { describe, expect, it } from 'vitest';
import { type DataError, SpecError } from '../../src/errors.js';
import {
  dispersion,
  dynamicHammingDistance,
  movingAverage,
  ratePer10k,
  simplexLeastSquares,
} from '../../src/synth/index.js';

const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return { cls: (e as Error).constructor.name, code: (e as DataError).code, row: (e as DataError).row };
  }
  return null;
};

describe('synth regressions from the fuzz suite', () => {
  it('dispersion of values near 1e154 or 1e308 is finite (computed on a power-of-two scale), not sd = Infinity', () => {
    const panel = { u: ['a', 'b', 'c'], t: [1, 1, 1], y: [-1.5482003035190314e154, 1e-308, 19.5] };
    const [row] = dispersion(panel, { unit: 'u', time: 't', value: 'y' });
    expect(Number.isFinite(row!.sd)).toBe(true);
    // sd of (-a, ~0, ~0) = a·sqrt(1/3 + 1/3·…): compare with the exactly scaled formula.
    const a = 1.5482003035190314e154;
    const x = [-1, 1e-308 / a, 19.5 / a];
    const m = (x[0]! + x[1]! + x[2]!) / 3;
    const sd = Math.sqrt(x.reduce((s, v) => s + (v - m) ** 2, 0) / 2) * a;
    expect(row!.sd).toBeCloseTo(sd, -140);
    expect(row!.sd / sd).toBeCloseTo(1, 12);
    expect(row!.mean / (m * a)).toBeCloseTo(1, 12);
    // An ordinary period is unchanged: mean 2, sd 1.
    const [plain] = dispersion(
      { u: ['a', 'b', 'c'], t: [1, 1, 1], y: [1, 2, 3] },
      { unit: 'u', time: 't', value: 'y' },
    );
    expect(plain).toMatchObject({ mean: 2, sd: 1, median: 2, iqr: 1 });
  });

  it('dispersion whose range a double cannot hold is out-of-range, naming the column', () => {
    const panel = { u: ['a', 'b'], t: [1, 1], y: [-1.7e308, 1.7e308] };
    expect(() => dispersion(panel, { unit: 'u', time: 't', value: 'y' })).toThrow(/'y'.*range of doubles/);
    expect(codeOf(() => dispersion(panel, { unit: 'u', time: 't', value: 'y' }))).toMatchObject({
      cls: 'DataError',
      code: 'out-of-range',
    });
  });

  it('ratePer10k that overflows is out-of-range; rows are 1-based', () => {
    expect(codeOf(() => ratePer10k([1e308], [1]))).toMatchObject({
      cls: 'DataError',
      code: 'out-of-range',
      row: 1,
    });
    expect(codeOf(() => ratePer10k([1, Number.NaN], [1, 1]))).toMatchObject({
      code: 'invalid-value',
      row: 2,
    });
    expect(Array.from(ratePer10k([35, 70], [10000, 20000]))).toEqual([35, 35]);
  });

  it('movingAverage of values near 1e308 is finite', () => {
    const out = movingAverage([Number.MAX_VALUE, 1e308, 1e308], { before: 1, edges: 'partial' });
    expect(out.every((v) => v !== null && Number.isFinite(v))).toBe(true);
    expect(out[1]! / (Number.MAX_VALUE / 3 + 1e308 / 3 + 1e308 / 3)).toBeCloseTo(1, 12);
    expect(movingAverage([1, 2, 3, 4, 5], { before: 1 })).toEqual([null, 2, 3, 4, null]);
    expect(codeOf(() => movingAverage([1, Number.NaN]))).toMatchObject({ code: 'missing-value' });
  });

  it('dynamicHammingDistance refuses NaN, negative or overflowing timeWeights and an nStates below a code', () => {
    const seqs = [
      [0, 0, 0],
      [0, 1, 0],
    ];
    for (const timeWeights of [
      [0, Number.NaN, 0],
      [1, -1, 1],
      [1, Number.POSITIVE_INFINITY, 1],
    ]) {
      expect(codeOf(() => dynamicHammingDistance(seqs, { timeWeights }))).toMatchObject({
        cls: 'SpecError',
        code: 'invalid-option',
      });
    }
    expect(codeOf(() => dynamicHammingDistance(seqs, { timeWeights: [1, 1e308, 1] }))).toMatchObject({
      code: 'invalid-option',
    });
    // Was a TypeError (a state code beyond nStates indexed a missing row of the count table).
    expect(
      codeOf(() =>
        dynamicHammingDistance(
          [
            [0, 5],
            [1, 2],
          ],
          { nStates: 2 },
        ),
      ),
    ).toMatchObject({
      cls: 'SpecError',
      code: 'invalid-option',
    });
    expect(dynamicHammingDistance(seqs, { timeWeights: [1, 0, 1] }).distances[1]).toBe(0);
  });

  it('simplexLeastSquares refuses entries whose squares overflow instead of reporting objective Infinity', () => {
    expect(codeOf(() => simplexLeastSquares([0, 0], 1, 2, [1e300]))).toMatchObject({
      cls: 'DataError',
      code: 'out-of-range',
    });
    expect(() => simplexLeastSquares([1e101, 0], 1, 2, [1])).toThrow(/A\[0\].*rescale/);
    // In range one by one, overflowing together: the objective check catches it.
    expect(
      codeOf(() => simplexLeastSquares([0], 1, 1, [1e100], { rowWeights: [1e100], ridge: Number.MAX_VALUE })),
    ).toMatchObject({
      code: 'out-of-range',
    });
    const r = simplexLeastSquares(Float64Array.of(1, 0, 1, 0, 1, 1), 2, 3, Float64Array.of(0.5, 0.5));
    expect(Array.from(r.w)).toEqual([0.5, 0.5, 0]);
  });
});

// Both error classes are part of the contract asserted above.
void SpecError;
