import { describe, expect, it } from 'vitest';
import { DataError, SpecError } from '../../src/errors.js';
import { simplexLeastSquares } from '../../src/synth/index.js';

const A = Float64Array.of(1, 0, 1, 0, 1, 1);
const b = Float64Array.of(0.5, 0.5);

function caught(f: () => unknown): DataError | SpecError {
  try {
    f();
  } catch (e) {
    if (e instanceof DataError || e instanceof SpecError) return e;
    throw e;
  }
  throw new Error('no error thrown');
}

describe('simplexLeastSquares(A, k, J, b) input checks', () => {
  it('solves the TSDoc example', () => {
    const sol = simplexLeastSquares(A, 2, 3, b);
    expect(Array.from(sol.w)).toEqual([0.5, 0.5, 0]);
    expect(sol.kktViolation).toBeLessThan(1e-12);
  });

  it('NaN or Infinity in A or b is a not-finite DataError naming the entry (not kktViolation 0)', () => {
    const badA = Float64Array.from(A);
    badA[4] = Number.NaN;
    const e = caught(() => simplexLeastSquares(badA, 2, 3, b));
    expect(e).toBeInstanceOf(DataError);
    expect(e.code).toBe('not-finite');
    expect(e.message).toMatch(/A\[4\] \(row 2, column 2\) is NaN/);
    const eb = caught(() => simplexLeastSquares(A, 2, 3, Float64Array.of(0.5, Number.POSITIVE_INFINITY)));
    expect(eb.code).toBe('not-finite');
    expect(eb.message).toMatch(/b\[1\] is Infinity/);
    const ew = caught(() => simplexLeastSquares(A, 2, 3, b, { rowWeights: [1, Number.NaN] }));
    expect(ew.code).toBe('not-finite');
    expect(ew.message).toMatch(/rowWeights\[1\]/);
  });

  it('an A shorter (or longer) than k × J, or a b of the wrong length, is a length-mismatch', () => {
    const short = caught(() => simplexLeastSquares(A.subarray(0, 5), 2, 3, b));
    expect(short.code).toBe('length-mismatch');
    expect(short.message).toMatch(/A has 5 entries but k × J = 2 × 3 needs 6/);
    expect(caught(() => simplexLeastSquares(Float64Array.of(...A, 1), 2, 3, b)).code).toBe('length-mismatch');
    expect(caught(() => simplexLeastSquares(A, 2, 3, Float64Array.of(1))).message).toMatch(/b has 1 entries/);
    expect(caught(() => simplexLeastSquares(A, 2, 3, b, { rowWeights: [1] })).code).toBe('length-mismatch');
  });

  it('J = 0, k = 0 or non-integer dimensions are an invalid-option SpecError naming the argument', () => {
    const j0 = caught(() => simplexLeastSquares(new Float64Array(0), 2, 0, b));
    expect(j0).toBeInstanceOf(SpecError);
    expect(j0.code).toBe('invalid-option');
    expect(j0.message).toMatch(/J \(the number of columns of A\) must be an integer from 1/);
    expect(caught(() => simplexLeastSquares(new Float64Array(0), 0, 3, new Float64Array(0))).message).toMatch(
      /k \(the number of rows of A\)/,
    );
    expect(caught(() => simplexLeastSquares(A, 2, 2.5, b)).code).toBe('invalid-option');
  });

  it('bad options: unknown keys, negative ridge or row weights, bad start and maxIterations', () => {
    const unknown = caught(() => simplexLeastSquares(A, 2, 3, b, { rigde: 1 } as never));
    expect(unknown.code).toBe('unknown-option');
    expect(unknown.message).toMatch(/did you mean 'ridge'/);
    expect(caught(() => simplexLeastSquares(A, 2, 3, b, { ridge: -1 })).code).toBe('invalid-option');
    expect(caught(() => simplexLeastSquares(A, 2, 3, b, { ridge: Number.NaN })).code).toBe('invalid-option');
    const neg = caught(() => simplexLeastSquares(A, 2, 3, b, { rowWeights: [1, -1] }));
    expect(neg.code).toBe('out-of-range');
    expect(caught(() => simplexLeastSquares(A, 2, 3, b, { start: [3] })).message).toMatch(/start/);
    expect(caught(() => simplexLeastSquares(A, 2, 3, b, { start: [0.5] })).code).toBe('invalid-option');
    expect(caught(() => simplexLeastSquares(A, 2, 3, b, { maxIterations: 0 })).code).toBe('invalid-option');
    // Valid options still work.
    const ok = simplexLeastSquares(A, 2, 3, b, {
      ridge: 1e-12,
      start: [2],
      rowWeights: [1, 1],
      maxIterations: 50,
    });
    expect(ok.w[0]).toBeCloseTo(0.5, 8);
  });
});
