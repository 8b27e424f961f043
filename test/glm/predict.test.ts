import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toFrame } from '../../src/data/frame.js';
import { DataError, fitGlm, type GlmFit, logit, ols } from '../../src/index.js';
import { fixtureSpec, uniforms } from './helpers.js';

// The direct linear predictor (predict without standard errors: η straight from the columns, in row
// blocks) against the encoded-design path that `se: true` still runs, on every reference fit and on
// designs with the shapes the direct path handles separately.

interface Case {
  name: string;
  family: 'binomial' | 'quasibinomial' | 'gaussian' | 'probit';
  spec: Record<string, unknown> & { x: string[]; y: string };
  data: Record<string, (number | string | null)[]>;
  separationTerm?: string | string[];
}

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/glm/glm-reference.json', import.meta.url), 'utf8'),
) as { cases: Case[] };

function fitCase(c: Case): GlmFit {
  const spec = fixtureSpec(c.spec) as never;
  return c.family === 'gaussian'
    ? ols(c.data, spec)
    : fitGlm(c.data, { ...(spec as object), family: c.family, aliased: 'drop' } as never);
}

/** Largest |a − b| / max(1, |b|). */
function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!) / Math.max(1, Math.abs(b[i]!)));
  return m;
}

/** Direct path vs encoded path, link and response scale, on the fit's rows and on `newdata`. */
function expectSamePaths(fit: GlmFit, newdata?: Parameters<GlmFit['predict']>[0]): void {
  for (const type of ['link', 'response'] as const) {
    const direct = fit.predict(newdata, { type });
    const encoded = fit.predict(newdata, { type, se: true });
    expect(direct.se).toBeNull();
    expect(direct.fit.length).toBeGreaterThan(0);
    expect(maxDiff(direct.fit, encoded.fit)).toBeLessThanOrEqual(1e-12);
  }
}

/** Rows of a case's data without a missing value in the columns it uses. */
function completeRows(c: Case): Record<string, (number | string | null)[]> {
  const cols = [c.spec.y, ...c.spec.x.flatMap((t) => t.split(':'))];
  for (const k of ['weights', 'offset']) if (typeof c.spec[k] === 'string') cols.push(c.spec[k] as string);
  const n = c.data[c.spec.y]!.length;
  const keep = Array.from({ length: n }, (_, i) => i).filter((i) =>
    cols.every((col) => c.data[col]![i] !== null),
  );
  return Object.fromEntries(Object.entries(c.data).map(([k, v]) => [k, keep.map((i) => v[i]!)]));
}

describe('predict without standard errors equals the encoded-design path (1e-12)', () => {
  const cases = fixture.cases.filter((c) => !c.separationTerm);
  it('covers the reference fits (factors, weights, offset, na omit, interactions, aliased)', () => {
    expect(cases.length).toBeGreaterThanOrEqual(17);
    expect(cases.some((c) => c.spec.offset)).toBe(true);
    expect(cases.some((c) => c.spec.x.some((t) => t.includes(':')))).toBe(true);
    expect(cases.some((c) => c.spec.na === 'omit')).toBe(true);
  });
  for (const c of cases) {
    it(c.name, () => {
      const fit = fitCase(c);
      expectSamePaths(fit); // the estimation rows (a row selection when rows were omitted)
      expectSamePaths(fit, completeRows(c)); // the same rows as new data
    });
  }

  const n = 3000;
  const u = uniforms(16);
  const levels = ['a', 'b', 'c', 'd'];
  const data = {
    y: Array.from({ length: n }, () => (u() < 0.4 ? 1 : 0)),
    x1: Float64Array.from({ length: n }, () => u() * 4 - 2),
    x2: Float32Array.from({ length: n }, () => u()),
    ind: Uint8Array.from({ length: n }, () => (u() < 0.3 ? 1 : 0)),
    counts: Int32Array.from({ length: n }, () => Math.floor(u() * 5)),
    g: Array.from({ length: n }, () => levels[Math.floor(u() * 4)]!),
    h: { codes: Uint8Array.from({ length: n }, () => Math.floor(u() * 3)), levels: ['z', 'x', 'y'] },
    flag: Array.from({ length: n }, () => u() < 0.5),
    lexp: Float64Array.from({ length: n }, () => u() - 0.5),
  };

  it('interactions of factors and numbers, logical factors, offsets, integer columns', () => {
    const fit = logit(data, {
      y: 'y',
      x: ['x1', 'x2', 'ind', 'counts', 'g', 'h', 'flag', 'x1:x2', 'g:h', 'x1:g', 'ind:x2', 'g:h:x1'],
      reference: { g: 'c' },
      offset: 'lexp',
    });
    expectSamePaths(fit);
    expectSamePaths(fit, data);
  });

  it('no intercept, an aliased column dropped, new data in another row order', () => {
    const dup = { ...data, x3: Float64Array.from(data.x1, (v, i) => 2 * v - data.x2[i]!) };
    const fit = ols(dup, { y: 'y', x: ['x1', 'x2', 'x3', 'g'], intercept: false, aliased: 'drop' });
    expect(fit.aliased).toEqual(['x3']);
    expectSamePaths(fit);
    const order = Array.from({ length: n }, (_, i) => n - 1 - i);
    const reversed = {
      y: order.map((i) => dup.y[i]!),
      x1: order.map((i) => dup.x1[i]!),
      x2: order.map((i) => dup.x2[i]!),
      x3: order.map((i) => dup.x3[i]!),
      g: order.map((i) => dup.g[i]!),
    };
    expectSamePaths(fit, reversed);
    expect(fit.predict(reversed).fit[0]).toBe(fit.predict().fit[n - 1]);
  });

  it('new data with a missing value or an unknown level is a DataError naming column and row', () => {
    const fit = logit(data, { y: 'y', x: ['x1', 'g', 'g:h'] });
    const g = [...data.g];
    g[41] = 'e';
    let err: unknown;
    try {
      fit.predict({ ...data, g });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DataError);
    expect((err as DataError).code).toBe('invalid-value');
    expect(err).toMatchObject({ column: 'g', row: 42 });
    const x1 = Float64Array.from(data.x1);
    x1[7] = Number.NaN;
    err = undefined;
    try {
      fit.predict({ ...data, x1 });
    } catch (e) {
      err = e;
    }
    expect((err as DataError).code).toBe('missing-value');
    expect(err).toMatchObject({ column: 'x1', row: 8 });
  });
});

describe('string columns are encoded once, in one pass', () => {
  it('levels sorted by code unit, codes remapped, missing −1, user names as data', () => {
    const values = ['b', '__proto__', null, 'a', 'constructor', 'b', undefined, 'Z', 'ä', 'a'];
    const col = toFrame({ s: values }).column('s');
    expect(col.kind).toBe('factor');
    if (col.kind !== 'factor') return;
    expect(col.levels).toEqual(['Z', '__proto__', 'a', 'b', 'constructor', 'ä']);
    expect(Array.from(col.codes)).toEqual([3, 1, -1, 2, 4, 3, -1, 0, 5, 2]);
    expect(col.codes).toBeInstanceOf(Int16Array);
  });

  it('leading missing values, more than 32766 levels in Int32 codes, mixed types still refused', () => {
    const lead = toFrame({ s: [null, null, 'q', 'p'] }).column('s');
    expect(lead.kind === 'factor' && Array.from(lead.codes)).toEqual([-1, -1, 1, 0]);
    const many = Array.from({ length: 40_000 }, (_, i) => `l${String(i % 33_000).padStart(5, '0')}`);
    const big = toFrame({ s: many }).column('s');
    expect(big.kind === 'factor' && big.codes).toBeInstanceOf(Int32Array);
    expect(big.kind === 'factor' && big.levels.length).toBe(33_000);
    expect(big.kind === 'factor' && big.codes[33_001]).toBe(1);
    let err: unknown;
    try {
      toFrame({ s: ['a', 1] }).column('s');
    } catch (e) {
      err = e;
    }
    expect((err as DataError).code).toBe('invalid-value');
    expect((err as Error).message).toMatch(/mixes numbers and strings/);
  });
});
