import { describe, expect, it } from 'vitest';
import { SpecError, termLinearPredictor } from '../../src/index.js';

describe('termLinearPredictor(columns, coefficients)', () => {
  const columns = { x: new Float64Array([1, 2]), g: { codes: new Uint8Array([0, 1]), levels: ['a', 'b'] } };
  it('adds the intercept, numeric terms and dummies', () => {
    expect(Array.from(termLinearPredictor(columns, { '(Intercept)': 1, x: 0.5, 'g[b]': -1 }))).toEqual([
      1.5, 1,
    ]);
  });
  it('column names are data: a term named like an Object method is a missing column, not a method', () => {
    for (const name of ['toString', 'constructor', 'valueOf', '__proto__']) {
      let err: unknown;
      try {
        termLinearPredictor(columns, { [name]: 1 });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(SpecError);
      expect((err as SpecError).code).toBe('unknown-term');
      expect((err as Error).message).toContain(`column '${name}'`);
    }
    // And a real column with such a name works.
    const own = { ...columns, toString: new Float64Array([3, 4]) };
    expect(Array.from(termLinearPredictor(own, { toString: 2 }))).toEqual([6, 8]);
  });
});
