import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError, SpecError } from '../../src/errors.js';
import {
  cutTree,
  dispersion,
  dynamicHammingDistance,
  lksDonorPool,
  movingAverage,
  quantileType7,
  ratePer10k,
  sequenceStates,
  trendBreakTest,
  wardClustering,
} from '../../src/synth/index.js';

const ref = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../fixtures/synth/reference.json'), 'utf8'),
) as {
  distances: number[][];
  wardD: { merge: number[][]; height: number[]; k3: number[]; k5: number[] };
  wardD2: { merge: number[][]; height: number[]; k3: number[]; k5: number[] };
  trend: {
    y: number[];
    breakIndex: number;
    lag: number;
    coef: number[];
    seClassical: number[];
    seNeweyWest: number[];
    pClassical: number[];
    pNeweyWest: number[];
    seNeweyWestLag0: number[];
  };
  growth: {
    coef: number[];
    seClassical: number[];
    seNeweyWest: number[];
    pClassical: number[];
    pNeweyWest: number[];
    lag: number;
  };
  quantile: { x: number[]; p: number[]; q: number[]; sd: number };
};

describe('wardClustering(d, n, method) matches R hclust', () => {
  const n = ref.distances.length;
  const flat = ref.distances.flat();
  for (const [method, r] of [
    ['ward.D', ref.wardD],
    ['ward.D2', ref.wardD2],
  ] as const) {
    it(`${method}: merge, height and cutree(k = 3, 5)`, () => {
      const tree = wardClustering(flat, n, method);
      expect(tree.merge).toEqual(r.merge);
      tree.height.forEach((h, i) => {
        expect(h).toBeCloseTo(r.height[i]!, 10);
      });
      expect(Array.from(cutTree(tree, 3))).toEqual(r.k3);
      expect(Array.from(cutTree(tree, 5))).toEqual(r.k5);
    });
  }
});

describe('trendBreakTest(values, options) matches R lm + sandwich::NeweyWest', () => {
  it('log-level segmented regression, classical and Newey-West SEs', () => {
    const t = ref.trend;
    const nw = trendBreakTest(t.y, { breakIndex: t.breakIndex });
    expect(nw.lag).toBe(t.lag);
    nw.coefficients.forEach((c, i) => {
      expect(c).toBeCloseTo(t.coef[i]!, 10);
    });
    nw.stdErrors.forEach((s, i) => {
      expect(s / t.seNeweyWest[i]!).toBeCloseTo(1, 8);
    });
    const cl = trendBreakTest(t.y, { breakIndex: t.breakIndex, se: 'classical' });
    cl.stdErrors.forEach((s, i) => {
      expect(s / t.seClassical[i]!).toBeCloseTo(1, 8);
    });
    expect(cl.terms).toEqual(['(Intercept)', 'trend', 'post', 'post:trend']);
    expect(cl.df).toBe(44);
    // p of post:trend from t(44): R's summary(lm) and coeftest(fit, NeweyWest(...)).
    expect(cl.pValue / t.pClassical[3]!).toBeCloseTo(1, 6);
    expect(nw.pValue / t.pNeweyWest[3]!).toBeCloseTo(1, 6);
  });

  it('growth-rate model', () => {
    const g = trendBreakTest(ref.trend.y, { breakIndex: ref.trend.breakIndex, model: 'growth' });
    g.coefficients.forEach((c, i) => {
      expect(c).toBeCloseTo(ref.growth.coef[i]!, 10);
    });
    g.stdErrors.forEach((s, i) => {
      expect(s / ref.growth.seNeweyWest[i]!).toBeCloseTo(1, 8);
    });
    expect(g.lag).toBe(ref.growth.lag);
    expect(g.pValue / ref.growth.pNeweyWest[1]!).toBeCloseTo(1, 8);
    const gc = trendBreakTest(ref.trend.y, {
      breakIndex: ref.trend.breakIndex,
      model: 'growth',
      se: 'classical',
    });
    expect(gc.pValue / ref.growth.pClassical[1]!).toBeCloseTo(1, 8);
  });

  it('rejects non-positive values and a break without two periods on each side', () => {
    expect(() => trendBreakTest([1, 2, 0, 4, 5], { breakIndex: 2 })).toThrow(/position 3 is 0/);
    expect(() => trendBreakTest([1, 2, 3, 4, 5], { breakIndex: 4 })).toThrow(/breakIndex/);
  });

  it('rejects unknown model and se values instead of running another model', () => {
    const y = ref.trend.y;
    const b = ref.trend.breakIndex;
    const bad = { breakIndex: b, model: 'loglevel' } as unknown as Parameters<typeof trendBreakTest>[1];
    expect(() => trendBreakTest(y, bad)).toThrow(SpecError);
    expect(() => trendBreakTest(y, bad)).toThrow(
      /model must be one of 'log-level', 'growth' \(got "loglevel"\)/,
    );
    const badSe = { breakIndex: b, se: 'hac' } as unknown as Parameters<typeof trendBreakTest>[1];
    expect(() => trendBreakTest(y, badSe)).toThrow(
      /se must be one of 'classical', 'newey-west' \(got "hac"\)/,
    );
  });

  it('lag and growthLag must be non-negative integers (growthLag at least 1)', () => {
    const y = ref.trend.y;
    const b = ref.trend.breakIndex;
    for (const lag of [-1, 1.5, Number.NaN]) {
      expect(() => trendBreakTest(y, { breakIndex: b, lag })).toThrow(/lag must be a non-negative integer/);
    }
    for (const growthLag of [-2, 0.5]) {
      expect(() => trendBreakTest(y, { breakIndex: b, model: 'growth', growthLag })).toThrow(
        /growthLag must be a non-negative integer/,
      );
    }
    expect(() => trendBreakTest(y, { breakIndex: b, model: 'growth', growthLag: 0 })).toThrow(
      /growthLag must lie in 1\.\.breakIndex − 1 = 1\.\.23 \(got 0\)/,
    );
    // lag 0 is White's heteroskedasticity-consistent SE (HC0), R: NeweyWest(fit, lag = 0).
    const white = trendBreakTest(y, { breakIndex: b, lag: 0 });
    expect(white.lag).toBe(0);
    white.stdErrors.forEach((s, i) => {
      expect(s / ref.trend.seNeweyWestLag0[i]!).toBeCloseTo(1, 8);
    });
  });

  it('too few rows for n − p ≥ 1 (and for n > p + lag with Newey–West) is a DataError naming the counts', () => {
    const four = [1, 2, 4, 3];
    const tooFew = (f: () => unknown, re: RegExp) => {
      expect(f).toThrow(DataError);
      expect(f).toThrow(re);
      try {
        f();
      } catch (e) {
        expect((e as DataError).code).toBe('too-few-rows');
      }
    };
    tooFew(
      () => trendBreakTest(four, { breakIndex: 2, se: 'classical' }),
      /log-level model has 4 coefficients but only 4 periods: it needs at least 5/,
    );
    const five = [1, 2, 4, 3, 5];
    tooFew(
      () => trendBreakTest(five, { breakIndex: 2 }),
      /Newey–West with lag 2 on the log-level model \(4 coefficients\) needs more than p \+ lag = 6 periods, got 5/,
    );
    const cl = trendBreakTest(five, { breakIndex: 2, se: 'classical' });
    expect(cl.df).toBe(1);
    expect(Number.isFinite(cl.pValue)).toBe(true);
    tooFew(
      () => trendBreakTest(four, { breakIndex: 2, model: 'growth', lag: 1 }),
      /needs more than p \+ lag = 3 growth rates, got 3/,
    );
    expect(trendBreakTest(four, { breakIndex: 2, model: 'growth', se: 'classical' }).df).toBe(1);
  });

  it('an exact fit (constant or exactly exponential series) is a zero-variance DataError, not t = 0/0', () => {
    const constant = new Array(12).fill(5);
    expect(() => trendBreakTest(constant, { breakIndex: 6 })).toThrow(/fits the series exactly/);
    expect(() => trendBreakTest(constant, { breakIndex: 6, model: 'growth', se: 'classical' })).toThrow(
      /growth model fits the series exactly/,
    );
    const exponential = Array.from({ length: 12 }, (_, t) => 100 * 1.01 ** t);
    expect(() => trendBreakTest(exponential, { breakIndex: 6 })).toThrow(DataError);
    expect(() => trendBreakTest(exponential, { breakIndex: 6, model: 'growth' })).toThrow(
      /growth model fits the series exactly/,
    );
  });
});

describe('dispersion(panel, options)', () => {
  it('quantileType7 matches R quantile(type = 7); IQR, P90−P10 and CV per period', () => {
    const sorted = [...ref.quantile.x].sort((a, b) => a - b);
    ref.quantile.p.forEach((p, i) => {
      expect(quantileType7(sorted, p)).toBeCloseTo(ref.quantile.q[i]!, 12);
    });
    const rows = ref.quantile.x.flatMap((v, u) => [
      { u: `m${u}`, t: '2019-01', rate: v },
      { u: `m${u}`, t: '2019-02', rate: 2 * v },
    ]);
    const d = dispersion(rows, { unit: 'u', time: 't', value: 'rate' });
    expect(d.map((r) => r.time)).toEqual(['2019-01', '2019-02']);
    expect(d[0]!.iqr).toBeCloseTo(ref.quantile.q[3]! - ref.quantile.q[1]!, 12);
    expect(d[0]!.p90p10).toBeCloseTo(ref.quantile.q[4]! - ref.quantile.q[0]!, 12);
    expect(d[0]!.sd).toBeCloseTo(ref.quantile.sd, 12);
    expect(d[1]!.cv).toBeCloseTo(d[0]!.cv!, 12);
  });

  it('quantileType7: p = 0 and 1 give the extremes; bad input throws instead of returning NaN', () => {
    expect(quantileType7([2, 5, 9], 0)).toBe(2);
    expect(quantileType7([2, 5, 9], 1)).toBe(9);
    expect(quantileType7([7], 0.3)).toBe(7);
    expect(() => quantileType7([], 0.5)).toThrow(DataError);
    expect(() => quantileType7([], 0.5)).toThrow(/no values/);
    for (const p of [-0.1, 1.5, Number.NaN]) {
      expect(() => quantileType7([1, 2, 3], p)).toThrow(SpecError);
      expect(() => quantileType7([1, 2, 3], p)).toThrow(/p must lie in \[0, 1\]/);
    }
    expect(() => quantileType7([1, Number.NaN, 3], 0.5)).toThrow(/value at position 1 is NaN/);
    expect(() => quantileType7([1, 2, Number.POSITIVE_INFINITY], 0.5)).toThrow(/position 2 is Infinity/);
    expect(() => quantileType7([3, 1, 2], 0.5)).toThrow(/not sorted ascending \(position 1: 1 < 3\)/);
  });
});

describe('sequences', () => {
  it('sequenceStates: low below P25, high from P75, per period', () => {
    const rows = [1, 2, 3, 4, 5].flatMap((v, u) => [
      { u, t: 1, r: v },
      { u, t: 2, r: 6 - v },
    ]);
    const s = sequenceStates(rows, { unit: 'u', time: 't', value: 'r' });
    // P25 = 2, P75 = 4 in both periods
    expect(s.states).toEqual([
      [0, 2],
      [1, 2],
      [1, 1],
      [2, 1],
      [2, 0],
    ]);
  });

  it('dynamicHammingDistance: transition-rate costs (Lesnard 2010) and time weights', () => {
    const seqs = [
      [0, 0, 0],
      [0, 1, 1],
      [1, 1, 0],
    ];
    // From state 0 at t=0: half go to 1; from 1 at t=1: half go to 0. Every cost is 3.
    const d = dynamicHammingDistance(seqs);
    expect(d.costs[0]![0]![1]).toBeCloseTo(3, 12);
    expect(d.costs[1]![0]![1]).toBeCloseTo(3, 12);
    expect(d.costs[2]![1]![0]).toBeCloseTo(3, 12);
    expect(Array.from(d.distances)).toEqual([0, 6, 6, 6, 0, 6, 6, 6, 0]);
    const w = dynamicHammingDistance(seqs, { timeWeights: [1, 1, 2] });
    expect(w.distances[1]).toBe(9);
    expect(w.distances[2]).toBe(6);
    expect(w.distances[5]).toBe(9);
  });
});

describe('LKS helpers', () => {
  it('lksDonorPool: small plus the smallest share of the medium class', () => {
    const units = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const inh = [9000, 14999, 15000, 20000, 25000, 39999, 40000, 120000];
    const main = lksDonorPool(units, inh);
    expect(main.treated).toEqual(['g', 'h']);
    expect(main.mediumAdded).toBe(1);
    expect(main.donors).toEqual(['a', 'b', 'c']);
    expect(lksDonorPool(units, inh, { mediumShare: 0 }).donors).toEqual(['a', 'b']);
    expect(lksDonorPool(units, inh, { mediumShare: 0.35 }).donors).toEqual(['a', 'b', 'c']);
    expect(lksDonorPool(units, inh, { mediumShare: 0.5 }).donors).toEqual(['a', 'b', 'c', 'd']);
    expect(() => lksDonorPool(['a', 'a'], [1, 2])).toThrow(/twice/);
  });

  it('ratePer10k and movingAverage', () => {
    expect(Array.from(ratePer10k([35, 7], [10000, 20000]))).toEqual([35, 3.5]);
    expect(() => ratePer10k([1], [0])).toThrow(/must be positive/);
    expect(movingAverage([1, 2, 3, 4, 5], { before: 1 })).toEqual([null, 2, 3, 4, null]);
    expect(movingAverage([1, 2, 3, 4, 5], { before: 1, edges: 'partial' })).toEqual([1.5, 2, 3, 4, 4.5]);
    expect(movingAverage([1, 2, 3, 4, 5], { before: 0, after: 2 })).toEqual([2, 3, 4, null, null]);
    expect(() => movingAverage([1, null, 3])).toThrow(/position 1/);
  });
});
