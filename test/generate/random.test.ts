import { describe, expect, it } from 'vitest';
import { createRng, mixSeed } from '../../src/internal/random.js';

function moments(draw: () => number, n: number) {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    s += x;
    s2 += x * x;
  }
  const mean = s / n;
  return { mean, variance: s2 / n - mean * mean };
}

describe('createRng', () => {
  it('createRng(seed) repeats its sequence for the same seed and differs across seeds and streams', () => {
    const a = createRng(42);
    const b = createRng(42);
    const seqA = Array.from({ length: 20 }, () => a.uint32());
    expect(Array.from({ length: 20 }, () => b.uint32())).toEqual(seqA);
    const c = createRng(43);
    expect(Array.from({ length: 20 }, () => c.uint32())).not.toEqual(seqA);
    const d = createRng(42, 1);
    expect(Array.from({ length: 20 }, () => d.uint32())).not.toEqual(seqA);
    expect(mixSeed(0)).not.toBe(mixSeed(1));
    expect(mixSeed(2 ** 40)).not.toBe(mixSeed(0));
  });

  it('uniform() is in [0, 1) with mean 1/2 and variance 1/12', () => {
    const rng = createRng(1);
    const n = 200_000;
    let min = 1;
    let max = 0;
    const m = moments(() => {
      const u = rng.uniform();
      min = Math.min(min, u);
      max = Math.max(max, u);
      return u;
    }, n);
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(Math.abs(m.mean - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / n));
    expect(m.variance).toBeCloseTo(1 / 12, 3);
  });

  it('normal() has mean 0 and variance 1', () => {
    const rng = createRng(2);
    const n = 200_000;
    const m = moments(() => rng.normal(), n);
    expect(Math.abs(m.mean)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(m.variance - 1)).toBeLessThan(0.02);
  });

  it('int(n) covers 0..n-1 evenly (chi-square) and rejects bad n', () => {
    const rng = createRng(3);
    const k = 7;
    const counts = new Array(k).fill(0);
    const n = 70_000;
    for (let i = 0; i < n; i++) counts[rng.int(k)]++;
    const chi2 = counts.reduce((a, c) => a + (c - n / k) ** 2 / (n / k), 0);
    expect(chi2).toBeLessThan(22.46); // 99.9 % quantile of chi-square(6)
    expect(() => rng.int(0)).toThrow(RangeError);
    expect(() => rng.int(2.5)).toThrow(RangeError);
  });

  it('gamma(shape) and beta(a, b) have the right means and variances', () => {
    const rng = createRng(4);
    const n = 100_000;
    for (const shape of [0.4, 1, 3.5]) {
      const m = moments(() => rng.gamma(shape), n);
      expect(Math.abs(m.mean - shape)).toBeLessThan(5 * Math.sqrt(shape / n));
      expect(m.variance / shape).toBeCloseTo(1, 1);
    }
    const a = 2.2;
    const b = 0.8;
    const m = moments(() => rng.beta(a, b), n);
    const mean = a / (a + b);
    const variance = (a * b) / ((a + b) ** 2 * (a + b + 1));
    expect(Math.abs(m.mean - mean)).toBeLessThan(5 * Math.sqrt(variance / n));
    expect(m.variance).toBeCloseTo(variance, 3);
    expect(() => rng.gamma(0)).toThrow(RangeError);
  });

  it('createRng rejects a non-finite seed', () => {
    expect(() => createRng(Number.NaN)).toThrow(RangeError);
  });
});
