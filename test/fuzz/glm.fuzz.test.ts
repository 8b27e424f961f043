/**
 * Fuzz properties over verdeelmodel/glm and verdeelmodel/inference: random frames (missing values,
 * non-finite and extreme numbers, prototype-like and unicode level names, mixed types, empty and one-row)
 * through the fitters and every view of a fit.
 *
 * Covered: fitGlm (binomial, probit, quasibinomial, gaussian), logit, fractionalLogit, ols, fitGlmStream,
 * tidy, vcov, vcovOf, glance, summary, waldTest, parseHypothesis, the fit's methods (tidy, glance, vcov,
 * predict with newdata, marginalEffects, summary), stars (via summary; its own property is in
 * format.fuzz.test.ts).
 * Skipped: fitGlmDuckDb (takes a DuckDB SQL source, not data; the optional peer dependency starts a database,
 * too slow for this suite); multi-threaded fits (threads > 1: worker start and failure are the subject of
 * test/workers, and the fuzz inputs are far below the size at which threads start).
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import {
  fitGlm,
  fitGlmStream,
  fractionalLogit,
  type GlmFit,
  glance,
  logit,
  ols,
  parseHypothesis,
  summary,
  tidy,
  vcov,
  vcovOf,
  waldTest,
} from '../../src/glm/index.js';
import { anyName, anyNumber, mutateRows, mutations, nastyText, protoName, toColumns } from './arbitraries.js';
import { call, callAsync, expectShape, fuzz, fuzzAsync, type WalkOptions } from './check.js';

/** Documented non-finite numbers: the df of a z (normal) reference distribution is Infinity. */
const WALK: WalkOptions = { nonFiniteAt: [/\.df2?$/, /\.residualDf$/] };

const level = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('a', 'b', 'c') },
  { weight: 2, arbitrary: anyName },
);

/** A small frame that a model can usually fit: binary, fractional and continuous responses, two covariates, a factor. */
const baseRows = fc
  .array(
    fc.record({
      x1: fc.integer({ min: -300, max: 300 }).map((v) => v / 100),
      x2: fc.integer({ min: 0, max: 10 }),
      f: level,
      w: fc.integer({ min: 50, max: 200 }).map((v) => v / 100),
      cl: fc.constantFrom('k1', 'k2', 'k3', '__proto__'),
      u: fc.integer({ min: 0, max: 1000 }).map((v) => v / 1000),
      e: fc.integer({ min: -100, max: 100 }).map((v) => v / 100),
    }),
    { minLength: 0, maxLength: 40 },
  )
  .map((rows) =>
    rows.map((r) => ({
      y01: r.u < 1 / (1 + Math.exp(-(0.5 * r.x1 - 0.1 * r.x2))) ? 1 : 0,
      yfrac: r.u,
      ynum: 1 + 2 * r.x1 - r.x2 + r.e,
      x1: r.x1,
      x2: r.x2,
      f: r.f,
      w: r.w,
      cl: r.cl,
    })),
  );

const family = fc.constantFrom('binomial', 'probit', 'quasibinomial', 'gaussian');
const terms = fc.subarray(['x1', 'x2', 'f', 'x1:f', 'x1:x2'], { minLength: 0 });
const specExtras = fc.record(
  {
    weights: fc.constant('w'),
    clusters: fc.constant(['cl']),
    na: fc.constantFrom('error', 'omit'),
    aliased: fc.constantFrom('error', 'drop'),
    compress: fc.constantFrom(true, false, 'auto'),
    intercept: fc.boolean(),
    reference: fc.oneof(fc.constant({ f: 'b' }), fc.record({ f: anyName })),
    vcov: fc.constantFrom('model', 'HC0', 'HC1', 'HC3', 'cluster'),
    leverage: fc.boolean(),
  },
  { requiredKeys: [] },
);

const responseOf = (fam: string) => (fam === 'gaussian' ? 'ynum' : fam === 'quasibinomial' ? 'yfrac' : 'y01');

const hypothesis = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      term: fc.nat(),
      other: fc.nat(),
      rhs: fc.constantFrom('0', '1', '-2.5', '1e999', 'NaN', 'x1', ''),
      form: fc.constantFrom(
        '{t} = {r}',
        '{t} - {u} = {r}',
        '2*{t} = {r}',
        '{t} = {u}',
        '{t} + {u} = {r}, {u} = 0',
      ),
    }),
  },
  fc.constantFrom(
    'x1 = 0',
    'x1 = x2',
    'f[b] = 0',
    'x1 + x2 = 1',
    '2*x1 = 0',
    'x1 = 1e999',
    'x1 = NaN',
    'agea = 0',
    'x1 = 1 +',
    '(Intercept) = 0',
    '__proto__ = 0',
    'constructor = 0',
    '',
  ),
  nastyText.map((t) => `${t} = 0`),
  fc.record({
    R: fc.array(fc.array(anyNumber, { maxLength: 4 }), { maxLength: 3 }),
    q: fc.array(anyNumber, { maxLength: 3 }),
  }),
);

/** A hypothesis over the fit's own terms (from a template), or as generated. */
function hypothesisText(h: unknown, terms: readonly string[]): unknown {
  if (h === null || typeof h !== 'object' || !('form' in h)) return h;
  const { term, other, rhs, form } = h as { term: number; other: number; rhs: string; form: string };
  const t = terms[term % terms.length] ?? 'x1';
  const u = terms[other % terms.length] ?? 'x2';
  const parts: Record<string, string> = { t, u, r: rhs };
  return form.replace(/\{([tur])\}/g, (_, k: string) => parts[k]!);
}

/** Every view of a fit: each returns finite numbers of the right shape or throws a typed error. */
function viewsOf(fit: GlmFit, input: unknown, extra: { newdata: unknown; h: unknown; vc: unknown }): void {
  const p = fit.terms.length;
  const t = call('tidy', input, () => tidy(fit), WALK);
  if (t.ok) expectShape(t.value.length === p, 'tidy', `${t.value.length} rows for ${p} terms`, input);
  call('fit.tidy', input, () => fit.tidy({ vcov: extra.vc as never }), WALK);
  const v = call('vcov', input, () => vcov(fit), WALK);
  if (v.ok) expectShape(v.value.length === p && v.value.every((r) => r.length === p), 'vcov', 'p × p', input);
  call('vcovOf', input, () => vcovOf(fit, extra.vc as never), WALK);
  call('glance', input, () => glance(fit), WALK);
  const s = call('summary', input, () => summary(fit), WALK);
  if (s.ok) expectShape(!/NaN|Infinity|undefined/.test(s.value), 'summary', s.value, input);
  call('fit.summary', input, () => fit.summary({ vcov: extra.vc as never }), WALK);
  const pr = call('fit.predict', input, () => fit.predict(extra.newdata as never, { se: true }), WALK);
  if (pr.ok && Array.isArray(extra.newdata))
    expectShape(pr.value.fit.length === extra.newdata.length, 'fit.predict', 'one prediction per row', input);
  call('fit.marginalEffects', input, () => fit.marginalEffects(), WALK);
  const h = hypothesisText(extra.h, fit.terms);
  call('waldTest', { input, h }, () => waldTest(fit, h as never), WALK);
  call('parseHypothesis', { input, h }, () => parseHypothesis(h as never, fit.terms), WALK);
}

describe('glm fuzz', () => {
  it('fitGlm and the views of its fit', () => {
    fuzz(
      'fitGlm',
      [
        baseRows,
        mutations,
        family,
        terms,
        specExtras,
        fc.boolean(),
        mutations,
        hypothesis,
        fc.constantFrom(undefined, 'HC1', 'cluster', 'model', 'HC9'),
      ],
      (rows, ms, fam, x, extras, columnar, newMs, h, vc) => {
        const mutated = mutateRows(rows, ms);
        const data = columnar
          ? toColumns(mutated, mutated.length === 0 ? Object.keys(rows[0] ?? {}) : undefined)
          : mutated;
        const { reference, ...rest } = extras;
        const usesF = x.some((t) => t.split(':').includes('f'));
        const spec = {
          y: responseOf(fam),
          x,
          family: fam,
          threads: 1,
          ...rest,
          ...(usesF && reference ? { reference } : {}),
        };
        const input = { data, spec };
        const r = call('fitGlm', input, () => fitGlm(data as never, spec as never), WALK);
        if (!r.ok) return;
        expectShape(
          r.value.terms.length === r.value.coefficients.length,
          'fitGlm',
          'a coefficient per term',
          input,
        );
        viewsOf(r.value, input, { newdata: mutateRows(rows, newMs), h, vc });
      },
      { seed: 1818, numRuns: 150, expectSuccess: ['fitGlm', 'tidy', 'summary', 'fit.predict', 'waldTest'] },
    );
  });

  it('logit, fractionalLogit and ols on one-column edge data', () => {
    // One response and one covariate, each cell from the edge numbers: tests the per-value checks directly.
    const column = (n: number) => fc.array(anyNumber, { minLength: n, maxLength: n });
    // A clean column with one edge cell: the per-value checks are reached without the rest being refused.
    const oneEdge = (n: number) =>
      fc
        .tuple(
          fc.array(fc.integer({ min: -50, max: 50 }), { minLength: n, maxLength: n }),
          fc.nat(),
          anyNumber,
        )
        .map(([xs, i, v]) => xs.map((x, k) => (n > 0 && k === i % n ? v : x)));
    const data = fc.integer({ min: 0, max: 8 }).chain((n) =>
      fc.record({
        y: column(n),
        x: fc.oneof(column(n), oneEdge(n)),
        base: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: n, maxLength: n }),
      }),
    );
    fuzz(
      'logit/ols',
      [data, fc.boolean()],
      ({ y, x, base }, clean) => {
        // Half the time the response is a clean 0/1 (or its fraction), so the covariate's edge values are reached.
        const yy = clean ? base : y;
        const input = { y: yy, x };
        for (const [label, f] of [
          ['logit', logit],
          ['fractionalLogit', fractionalLogit],
          ['ols', ols],
        ] as const) {
          const r = call(label, input, () => f({ y: yy, x }, { y: 'y', x: ['x'], threads: 1 }), WALK);
          if (r.ok) {
            call(`${label} tidy`, input, () => tidy(r.value), WALK);
            const s = call(`${label} summary`, input, () => summary(r.value), WALK);
            if (s.ok) expectShape(!/NaN|Infinity/.test(s.value), label, s.value, input);
          }
        }
      },
      { seed: 1819, numRuns: 200, expectSuccess: ['ols'] },
    );
  });

  it('factor levels named like prototype properties are ordinary levels', () => {
    fuzz(
      'logit levels',
      [
        fc.uniqueArray(fc.oneof(protoName, anyName), { minLength: 2, maxLength: 4 }),
        fc.integer({ min: 1, max: 2 ** 31 }),
      ],
      (levels, seed) => {
        let s = seed;
        const rnd = () => {
          s = (s * 1103515245 + 12345) % 2 ** 31;
          return s / 2 ** 31;
        };
        const rows = Array.from({ length: 60 }, (_, i) => ({
          y: rnd() < 0.5 ? 1 : 0,
          g: levels[i % levels.length],
          x: rnd(),
        }));
        const input = { levels };
        const r = call(
          'logit levels',
          input,
          () => logit(rows, { y: 'y', x: ['g', 'x'], reference: { g: levels[0]! }, threads: 1 }),
          WALK,
        );
        if (!r.ok) return;
        expectShape(
          r.value.terms.length === levels.length + 1,
          'logit',
          `terms ${r.value.terms.join(', ')}`,
          input,
        );
      },
      { seed: 1820, numRuns: 50 },
    );
  });

  it('fitGlmStream over chunks of mutated rows', async () => {
    await fuzzAsync(
      'fitGlmStream',
      [baseRows, mutations, family, terms, fc.integer({ min: 1, max: 15 })],
      async (rows, ms, fam, x, size) => {
        const mutated = mutateRows(rows, ms);
        const names = Object.keys(rows[0] ?? { y01: 0 });
        async function* chunks() {
          for (let i = 0; i < mutated.length; i += size) yield toColumns(mutated.slice(i, i + size), names);
        }
        const spec = { y: responseOf(fam), x, family: fam };
        const input = { rows: mutated, spec, size };
        const r = await callAsync(
          'fitGlmStream',
          input,
          () => fitGlmStream(chunks() as never, spec as never),
          WALK,
        );
        if (r.ok) call('fitGlmStream tidy', input, () => tidy(r.value), WALK);
      },
      { seed: 1821, numRuns: 60 },
    );
  });
});
