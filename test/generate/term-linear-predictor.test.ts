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

describe('termLinearPredictor interactions', () => {
  // The general loop the specialised ones replace: the intercept and every numeric or product term
  // in order (x = β, x *= each part, η += x), then each factor's single dummies through a per-level
  // sum, factors in the order of their first dummy.
  function reference(
    cols: Record<string, Float64Array | Uint8Array | { codes: Uint8Array; levels: string[] }>,
    coefficients: Record<string, number>,
    n: number,
  ): Float64Array {
    const eta = new Float64Array(n);
    const lookups = new Map<Uint8Array, Float64Array>();
    for (const [term, beta] of Object.entries(coefficients)) {
      if (term === '(Intercept)') {
        for (let r = 0; r < n; r++) eta[r]! += beta;
        continue;
      }
      const parts = term.split(':').map((p) => {
        const m = /^(.+)\[(.*)\]$/.exec(p);
        if (!m) return { values: cols[p] as ArrayLike<number>, codes: null, code: -1, levels: 0 };
        const f = cols[m[1]!] as { codes: Uint8Array; levels: string[] };
        return { values: null, codes: f.codes, code: f.levels.indexOf(m[2]!), levels: f.levels.length };
      });
      const only = parts.length === 1 ? parts[0]! : null;
      if (only?.codes) {
        const lookup = lookups.get(only.codes) ?? new Float64Array(only.levels);
        lookups.set(only.codes, lookup);
        lookup[only.code]! += beta;
        continue;
      }
      for (let r = 0; r < n; r++) {
        let x = beta;
        for (const p of parts) x *= p.values ? p.values[r]! : p.codes![r] === p.code ? 1 : 0;
        eta[r]! += x;
      }
    }
    for (const [codes, lookup] of lookups) for (let r = 0; r < n; r++) eta[r]! += lookup[codes[r]!]!;
    return eta;
  }
  const n = 257;
  const a = Float64Array.from({ length: n }, (_, i) => Math.sin(i) * 1e3);
  const b = Float32Array.from({ length: n }, (_, i) => Math.cos(i * 7) / 3);
  const u = Uint8Array.from({ length: n }, (_, i) => ((i * 13) % 3) & 1);
  const v = Uint8Array.from({ length: n }, (_, i) => ((i * 5) % 7 > 2 ? 1 : 0));
  const g = { codes: Uint8Array.from({ length: n }, (_, i) => (i * 11) % 4), levels: ['p', 'q', 'r', 's'] };
  const h = { codes: Uint8Array.from({ length: n }, (_, i) => (i * 3) % 3), levels: ['x', 'y', 'z'] };
  // Byte columns (the generator's indicators, here any byte): runs of them are added four, three, two at a time.
  const bytes = Object.fromEntries(
    Array.from({ length: 10 }, (_, k) => [
      `d${k}`,
      Uint8Array.from({ length: n }, (_, i) => (i * (k + 3) + k) % 251),
    ]),
  );
  const cols = { a, b: Float64Array.from(b), u, v, g, h, ...bytes };
  const coefficients = {
    '(Intercept)': -1 / 3,
    d0: Math.PI / 7,
    d1: -Math.E / 9,
    'g[q]': 0.3,
    d2: 1e-3 / 3,
    d3: -Math.SQRT2,
    d4: Math.LN2,
    'a:b': 0.37,
    d5: 1 / 7,
    d6: -Math.PI / 3,
    d7: 11 / 13,
    a: 0.01,
    d8: 0.2,
    d9: -0.3,
    'h[z]': -0.4,
    'u:v': -1.3,
    'a:g[q]': 0.11,
    'g[r]:b': -2.7,
    'g[s]:h[y]': 0.9,
    'u:a:g[p]': 1.7,
    'v:u': 0.3,
  };
  it('every kind of two-part product gives the bits of the general loop', () => {
    const got = termLinearPredictor(cols, coefficients);
    const want = reference(cols, coefficients, n);
    for (let r = 0; r < n; r++) expect(Object.is(got[r], want[r])).toBe(true);
  });
  it('a missing numeric value next to a 0 dummy is still an error naming the row', () => {
    const withNaN = Float64Array.from(a);
    const r = g.codes.indexOf(0);
    withNaN[r] = Number.NaN;
    for (const term of ['a:g[q]', 'g[q]:a', 'a:u']) {
      let err: unknown;
      try {
        termLinearPredictor({ ...cols, a: withNaN }, { [term]: 1 });
      } catch (e) {
        err = e;
      }
      expect((err as Error).message).toContain(`row ${r}`);
    }
  });
});
