import { describe, expect, it } from 'vitest';
import { householderLeastSquares } from '../../src/linalg/least-squares.js';
import {
  choleskyFactorSolve,
  choleskyInPlace,
  choleskyScaled,
  choleskySolve,
  invertSpd,
  triangularSolveInPlace,
} from '../../src/linalg/symmetric.js';

/** A fixed SPD matrix: B'B + I for a 4 × 4 B. */
function spd(): Float64Array {
  const B = [
    [2, -1, 0, 3],
    [1, 4, -2, 0],
    [0, 1, 5, -1],
    [3, 0, 1, 2],
  ];
  const a = new Float64Array(16);
  for (let i = 0; i < 4; i++)
    for (let j = 0; j < 4; j++) {
      let s = i === j ? 1 : 0;
      for (let r = 0; r < 4; r++) s += B[r]![i]! * B[r]![j]!;
      a[i * 4 + j] = s;
    }
  return a;
}

function times(a: Float64Array, x: ArrayLike<number>, n: number): number[] {
  return Array.from({ length: n }, (_, i) => {
    let s = 0;
    for (let j = 0; j < n; j++) s += a[i * n + j]! * x[j]!;
    return s;
  });
}

describe('choleskyInPlace / choleskyFactorSolve', () => {
  it('factor G = L Lᵀ and solve G x = b (the TSDoc example and a 4 × 4 system)', () => {
    const g = Float64Array.of(4, 2, 2, 3);
    choleskyInPlace(g, 2);
    expect(g[0]).toBe(2);
    expect(g[2]).toBe(1);
    expect(g[3]).toBeCloseTo(Math.SQRT2, 15);
    const x2 = choleskyFactorSolve(g, 2, [6, 5]);
    expect(x2[0]).toBeCloseTo(1, 14);
    expect(x2[1]).toBeCloseTo(1, 14);
    const a = spd();
    const L = choleskyInPlace(Float64Array.from(a), 4);
    const b = [1, -2, 3, 0.5];
    const x = choleskyFactorSolve(L, 4, b);
    times(a, x, 4).forEach((v, i) => {
      expect(v).toBeCloseTo(b[i]!, 12);
    });
    expect(b).toEqual([1, -2, 3, 0.5]); // rhs untouched
  });

  it('agrees with the scaled factor of choleskyScaled (the GLM path) to rounding', () => {
    const a = spd();
    const b = [0.3, 1, -4, 2];
    const viaScaled = choleskySolve(choleskyScaled(a, 4), b);
    const viaPlain = choleskyFactorSolve(choleskyInPlace(Float64Array.from(a), 4), 4, b);
    for (let i = 0; i < 4; i++) expect(viaPlain[i]! / viaScaled[i]!).toBeCloseTo(1, 12);
    const inv = invertSpd(a, 4)!;
    const e0 = choleskyFactorSolve(choleskyInPlace(Float64Array.from(a), 4), 4, [1, 0, 0, 0]);
    for (let i = 0; i < 4; i++) expect(e0[i]!).toBeCloseTo(inv[i * 4]!, 12);
  });

  it('clamps a zero pivot to the floor instead of dividing by zero (singular input stays finite)', () => {
    const g = Float64Array.of(1, 1, 1, 1); // rank 1
    choleskyInPlace(g, 2, 1e-20);
    expect(g[3]).toBe(1e-10);
    expect(Array.from(g).every(Number.isFinite)).toBe(true);
  });

  it('triangularSolveInPlace solves L Lᵀ x = y in place', () => {
    const L = Float64Array.of(2, 0, 1, 3);
    const y = Float64Array.of(4, 13); // L Lᵀ = [[4, 2], [2, 10]]; x = (14, 44) / 36
    const out = triangularSolveInPlace(L, 2, y);
    expect(out).toBe(y);
    expect(y[0]).toBeCloseTo(14 / 36, 14);
    expect(y[1]).toBeCloseTo(44 / 36, 14);
  });
});

describe('householderLeastSquares', () => {
  it('fits y = 1 + 2x exactly and a noisy line like the normal equations', () => {
    const z = householderLeastSquares(
      Float64Array.of(1, 1, 1, 0, 1, 2),
      Float64Array.of(1, 3, 5),
      3,
      2,
      new Float64Array(2),
      new Float64Array(2),
    );
    expect(z[0]).toBeCloseTo(1, 14);
    expect(z[1]).toBeCloseTo(2, 14);
    const x = [0, 1, 2, 3, 4];
    const y = [1.1, 2.9, 5.2, 6.8, 9.1];
    const M = Float64Array.from([...x.map(() => 1), ...x]);
    const q = householderLeastSquares(
      M,
      Float64Array.from(y),
      5,
      2,
      new Float64Array(2),
      new Float64Array(2),
    );
    // Closed form: slope = Sxy / Sxx, intercept = ȳ − slope x̄.
    const slope = x.reduce((s, xi, i) => s + (xi - 2) * (y[i]! - 5.02), 0) / 10;
    expect(q[1]).toBeCloseTo(slope, 12);
    expect(q[0]).toBeCloseTo(5.02 - 2 * slope, 12);
  });

  it('gives a rank-deficient column the coefficient 0', () => {
    // second column is zero
    const z = householderLeastSquares(
      Float64Array.of(1, 2, 3, 0, 0, 0),
      Float64Array.of(2, 4, 6),
      3,
      2,
      new Float64Array(2),
      new Float64Array(2),
    );
    expect(z[0]).toBeCloseTo(2, 14);
    expect(z[1]).toBe(0);
  });
});
