/**
 * Every error code the library declares is thrown by src and asserted by a test (issue 12, item 5).
 * The first part triggers, through the public API, each code that no other test asserted; the guard
 * at the end reads the code lists of src/errors.ts and fails with the codes no test asserts, or that
 * nothing in src throws.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type AliasingError,
  ConvergenceError,
  cutTree,
  DATA_ERROR_CODES,
  ENGINE_ERROR_CODES,
  fitGlm,
  fitGlmDuckDb,
  fitGlmStream,
  logit,
  placeboInTime,
  readTable,
  renderSvg,
  SeparationError,
  SPEC_ERROR_CODES,
  SpecError,
  type SyntheticControlOptions,
  syntheticControl,
  termLinearPredictor,
  trendBreakTest,
  type VegaLiteSpec,
  wardClustering,
  writeChart,
} from '../../src/index.js';

/** Run `fn`, expecting it to throw; returns what it threw. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw, nothing was thrown');
}

async function rejected(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection, the promise resolved');
}

/** Asserts the class and returns the error, typed, for the code and message checks. */
function asSpecError(e: unknown): SpecError {
  expect(e).toBeInstanceOf(SpecError);
  return e as SpecError;
}

const VEGA_LITE = 'https://vega.github.io/schema/vega-lite/v5.json';

// A small balanced panel: five states, years 1..6, an outcome y and a covariate z.
const STATES = ['A', 'B', 'C', 'D', 'E'];
const panel = {
  state: STATES.flatMap((s) => Array.from({ length: 6 }, () => s)),
  year: STATES.flatMap(() => [1, 2, 3, 4, 5, 6]),
  y: STATES.flatMap((_, u) => [1, 2, 3, 4, 5, 6].map((t) => 10 + u + 0.5 * t + ((u * t) % 3) * 0.1)),
  z: STATES.flatMap((_, u) => [1, 2, 3, 4, 5, 6].map((t) => u * 2 + t)),
};
const synth: SyntheticControlOptions = {
  unit: 'state',
  time: 'year',
  outcome: 'y',
  treated: 'A',
  treatmentTime: 4,
};

// A logistic data set that IRLS needs several iterations for (no separation).
const logitData = {
  y: [0, 0, 1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 0, 0, 1, 1],
  x: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16],
  g: ['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b', 'a', 'b', 'a', 'b', 'a', 'b', 'a', 'b'],
};

describe('SpecError codes, one real call each', () => {
  it("unknown-family: fitGlm with family 'poisson' names the family and the allowed ones", () => {
    const e = asSpecError(thrown(() => fitGlm(logitData, { family: 'poisson' as never, y: 'y', x: ['x'] })));
    expect(e.code).toBe('unknown-family');
    expect(e.message).toContain("'poisson'");
    expect(e.message).toContain("'binomial'");
  });

  it('unknown-term: termLinearPredictor names the term and the column the data lack', () => {
    const e = asSpecError(
      thrown(() => termLinearPredictor({ x: new Float64Array([1, 2]) }, { '(Intercept)': 1, z: 0.5 })),
    );
    expect(e.code).toBe('unknown-term');
    expect(e.message).toContain("term 'z'");
    expect(e.message).toContain("column 'z'");
  });

  it('unknown-term: a level that the factor does not have is named with the levels', () => {
    const g = { codes: new Uint8Array([0, 1]), levels: ['a', 'b'] };
    const e = asSpecError(thrown(() => termLinearPredictor({ g }, { 'g[c]': 1 })));
    expect(e.code).toBe('unknown-term');
    expect(e.message).toContain("'c' is not a level of 'g'");
  });

  it('invalid-reference: a reference for a numeric column names the column', () => {
    const e = asSpecError(thrown(() => logit(logitData, { y: 'y', x: ['x', 'g'], reference: { x: '3' } })));
    expect(e.code).toBe('invalid-reference');
    expect(e.message).toContain("'x'");
  });

  it('invalid-reference: a reference level not in the data names the level, the column and the levels', () => {
    const e = asSpecError(thrown(() => logit(logitData, { y: 'y', x: ['x', 'g'], reference: { g: 'c' } })));
    expect(e.code).toBe('invalid-reference');
    expect(e.message).toContain("'c'");
    expect(e.message).toContain("column 'g'");
    expect(e.message).toContain("'a', 'b'");
  });

  it('no-rows: predict() without newdata on a streamed (pattern) fit says to pass newdata', async () => {
    async function* chunks() {
      yield { y: Float64Array.from(logitData.y), x: Float64Array.from(logitData.x) };
    }
    const fit = await fitGlmStream(chunks(), { family: 'binomial', y: 'y', x: ['x'] });
    const e = asSpecError(thrown(() => fit.predict()));
    expect(e.code).toBe('no-rows');
    expect(e.message).toContain('fitGlmStream');
    expect(e.message).toContain('newdata');
  });

  describe('missing-dependency', () => {
    afterEach(() => {
      vi.doUnmock('@duckdb/node-api');
      vi.resetModules();
    });
    it('fitGlmDuckDb without @duckdb/node-api names the package and how to install it', async () => {
      // The optional peer stays installed: the module is made unloadable for this test only.
      vi.doMock('@duckdb/node-api', () => {
        throw new Error("Cannot find package '@duckdb/node-api'");
      });
      const e = asSpecError(
        await rejected(() =>
          fitGlmDuckDb({ source: 'households.parquet', family: 'binomial', y: 'y', x: ['x'] }),
        ),
      );
      expect(e.code).toBe('missing-dependency');
      expect(e.message).toContain('fitGlmDuckDb');
      expect(e.message).toContain('npm install @duckdb/node-api');
    });
  });

  it('unknown-format: readTable of an .xlsx file names the path and the formats', async () => {
    const e = asSpecError(await rejected(() => readTable('households.xlsx')));
    expect(e.code).toBe('unknown-format');
    expect(e.message).toContain("'households.xlsx'");
    expect(e.message).toContain('parquet');
  });

  it('unknown-format: writeChart to a .gif names the path and the extensions it knows', async () => {
    const e = asSpecError(
      await rejected(() => writeChart('chart.gif', { $schema: VEGA_LITE, mark: 'point' })),
    );
    expect(e.code).toBe('unknown-format');
    expect(e.message).toContain("'chart.gif'");
    expect(e.message).toContain('.png');
  });

  it('invalid-chart: renderSvg of a non-object spec says what a spec must be', async () => {
    const e = asSpecError(await rejected(() => renderSvg(null as unknown as VegaLiteSpec)));
    expect(e.code).toBe('invalid-chart');
    expect(e.message).toMatch(/Vega-Lite object/);
  });

  it('invalid-chart: an unknown mark is a SpecError naming the mark and the allowed ones, not a TypeError', async () => {
    const e = asSpecError(
      await rejected(() => renderSvg({ $schema: VEGA_LITE, mark: 'bogus', data: { values: [{ a: 1 }] } })),
    );
    expect(e.code).toBe('invalid-chart');
    expect(e.message).toMatch(/spec\.mark: unknown mark 'bogus'; the marks are arc, area, bar/);
  });

  it('invalid-k: cutTree with more clusters than points names k and its range', () => {
    const d = [0, 1, 5, 6, 1, 0, 4, 5, 5, 4, 0, 1, 6, 5, 1, 0];
    const e = asSpecError(thrown(() => cutTree(wardClustering(d, 4), 5)));
    expect(e.code).toBe('invalid-k');
    expect(e.message).toContain('k must be an integer in 1..4');
  });

  it('invalid-break: trendBreakTest names breakIndex and the value given', () => {
    const values = Array.from({ length: 12 }, (_, t) => 100 + t);
    const e = asSpecError(thrown(() => trendBreakTest(values, { breakIndex: 1 })));
    expect(e.code).toBe('invalid-break');
    expect(e.message).toContain('breakIndex');
    expect(e.message).toContain('got 1');
  });
});

describe('synthetic-control SpecError codes', () => {
  it('no-treated: an empty treated list names the option', () => {
    const e = asSpecError(thrown(() => syntheticControl(panel, { ...synth, treated: [] })));
    expect(e.code).toBe('no-treated');
    expect(e.message).toContain('treated');
  });

  it('treated-in-donors: names the unit that is both', () => {
    const e = asSpecError(thrown(() => syntheticControl(panel, { ...synth, donors: ['A', 'B', 'C'] })));
    expect(e.code).toBe('treated-in-donors');
    expect(e.message).toContain("unit 'A'");
    expect(e.message).toContain('donors');
  });

  it('too-few-donors: one donor is refused with the count', () => {
    const e = asSpecError(thrown(() => syntheticControl(panel, { ...synth, donors: ['B'] })));
    expect(e.code).toBe('too-few-donors');
    expect(e.message).toContain('at least two donors, got 1');
  });

  it('time-outside-data: a treatmentTime after the data names it and the last time', () => {
    const e = asSpecError(thrown(() => syntheticControl(panel, { ...synth, treatmentTime: 9 })));
    expect(e.code).toBe('time-outside-data');
    expect(e.message).toContain('treatmentTime 9');
    expect(e.message).toContain('(6)');
  });

  it('no-preperiod: a treatmentTime at the first year names it and the first time', () => {
    const e = asSpecError(thrown(() => syntheticControl(panel, { ...synth, treatmentTime: 1 })));
    expect(e.code).toBe('no-preperiod');
    expect(e.message).toContain('treatmentTime 1');
    expect(e.message).toContain('no pre-period');
  });

  it('no-preperiod: a preperiod window with no time of the panel names preperiod', () => {
    const e = asSpecError(thrown(() => syntheticControl(panel, { ...synth, preperiod: [1.2, 1.8] })));
    expect(e.code).toBe('no-preperiod');
    expect(e.message).toContain('preperiod');
  });

  it('invalid-preperiod: a preperiod that reaches the treatment names its end', () => {
    const e = asSpecError(thrown(() => syntheticControl(panel, { ...synth, preperiod: [1, 5] })));
    expect(e.code).toBe('invalid-preperiod');
    expect(e.message).toContain('preperiod end 5');
  });

  it("invalid-time: a string treatmentTime on a panel of year numbers names the option and the panel's kind", () => {
    const e = asSpecError(thrown(() => syntheticControl(panel, { ...synth, treatmentTime: '4' })));
    expect(e.code).toBe('invalid-time');
    expect(e.message).toContain('treatmentTime');
    expect(e.message).toContain('numbers');
  });

  it('invalid-predictor: a predictor with both at and from names the predictor', () => {
    const e = asSpecError(
      thrown(() => syntheticControl(panel, { ...synth, predictors: [{ column: 'z', at: 2, from: 1 }] })),
    );
    expect(e.code).toBe('invalid-predictor');
    expect(e.message).toContain("predictor 'z'");
  });

  it('invalid-predictor: a window into the post-period names the predictor', () => {
    const e = asSpecError(
      thrown(() => syntheticControl(panel, { ...synth, predictors: [{ column: 'z', from: 2, to: 5 }] })),
    );
    expect(e.code).toBe('invalid-predictor');
    expect(e.message).toContain("predictor 'z[2..5]'");
    expect(e.message).toContain('pre-treatment');
  });

  it('duplicate-predictor: the same predictor twice is named', () => {
    const e = asSpecError(thrown(() => syntheticControl(panel, { ...synth, predictors: ['z', 'z'] })));
    expect(e.code).toBe('duplicate-predictor');
    expect(e.message).toContain("predictor 'z[1..3]'");
  });

  it('invalid-v: v of the wrong length names v and both counts', () => {
    const e = asSpecError(thrown(() => syntheticControl(panel, { ...synth, predictors: ['z'], v: [1, 1] })));
    expect(e.code).toBe('invalid-v');
    expect(e.message).toContain('v has 2 entries');
    expect(e.message).toContain('1 predictors');
  });

  it('invalid-v: a negative weight in v is refused', () => {
    const e = asSpecError(
      thrown(() => syntheticControl(panel, { ...synth, predictors: ['z', 'y'], v: [1, -1] })),
    );
    expect(e.code).toBe('invalid-v');
    expect(e.message).toContain('v must hold finite non-negative numbers');
  });

  it('invalid-placebo-time: a placeboTime at the treatment names both times', () => {
    const e = asSpecError(thrown(() => placeboInTime(panel, { ...synth, placeboTime: 4 })));
    expect(e.code).toBe('invalid-placebo-time');
    expect(e.message).toContain('placeboTime 4');
    expect(e.message).toContain('treatment 4');
  });
});

describe('SeparationError and ConvergenceError', () => {
  it('separation: a numeric predictor that separates y completely is named', () => {
    const data = { y: [0, 0, 0, 0, 0, 1, 1, 1, 1, 1], x: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] };
    const e = thrown(() => logit(data, { y: 'y', x: ['x'] }));
    expect(e).toBeInstanceOf(SeparationError);
    const s = e as SeparationError;
    expect(s.code).toBe('separation');
    expect(s.terms).toContain('x');
    expect(s.perfectlyPredicted).toBeGreaterThan(0);
    expect(s.message).toContain("'x'");
    expect(s.message).toContain('separation');
  });

  it('separation: a factor level whose rows all have y = 1 is named with its level', () => {
    const g = ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b', 'c', 'c', 'c', 'c'];
    const e = thrown(() => logit({ y: [0, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 0], g }, { y: 'y', x: ['g'] }));
    expect(e).toBeInstanceOf(SeparationError);
    const s = e as SeparationError;
    expect(s.code).toBe('separation');
    expect(s.terms).toEqual(['g[b]']);
    expect(s.perfectlyPredicted).toBe(4);
    expect(s.message).toContain("'g[b]'");
  });

  it('separation: a reference level whose rows all have y = 1 is named, with the reference option', () => {
    const g = ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b', 'c', 'c', 'c', 'c'];
    const e = thrown(() => logit({ y: [1, 1, 1, 1, 0, 1, 0, 1, 0, 1, 1, 0], g }, { y: 'y', x: ['g'] }));
    expect(e).toBeInstanceOf(SeparationError);
    const s = e as SeparationError;
    expect(s.code).toBe('separation');
    expect(s.terms).toEqual(['g']);
    expect(s.message).toContain("g = 'a' (the reference level)");
    expect(s.message).toContain('reference:');
    expect(s.cause).toBeInstanceOf(ConvergenceError);
  });

  it('no-convergence: maxIterations: 1 on a real logit fit names the option to raise', () => {
    const e = thrown(() => logit(logitData, { y: 'y', x: ['x', 'g'], maxIterations: 1 }));
    expect(e).toBeInstanceOf(ConvergenceError);
    const c = e as ConvergenceError;
    expect(c.code).toBe('no-convergence');
    expect(c.iterations).toBe(1);
    expect(Number.isFinite(c.lastChange)).toBe(true);
    expect(c.message).toContain('logit');
    expect(c.message).toContain('maxIterations');
  });
});

// ---------------------------------------------------------------------------------------------
// The guard: every declared code is asserted by a test and thrown somewhere in src.

// Codes of the classes without a code list (their union types are checked against these lists
// below, so a code added to a class's union without adding it here is a type error).
const ALIASING_CODES = ['aliased'] as const;
const SEPARATION_CODES = ['separation'] as const;
const CONVERGENCE_CODES = ['no-convergence'] as const;
type CodeOf<E> = E extends { readonly code: infer C } ? C : never;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const exhaustive: [
  Same<(typeof ALIASING_CODES)[number], CodeOf<AliasingError>>,
  Same<(typeof SEPARATION_CODES)[number], CodeOf<SeparationError>>,
  Same<(typeof CONVERGENCE_CODES)[number], CodeOf<ConvergenceError>>,
] = [true, true, true];

const ALL_CODES: readonly string[] = [
  ...new Set<string>([
    ...DATA_ERROR_CODES,
    ...SPEC_ERROR_CODES,
    ...ENGINE_ERROR_CODES,
    ...ALIASING_CODES,
    ...SEPARATION_CODES,
    ...CONVERGENCE_CODES,
  ]),
];

const root = fileURLToPath(new URL('../../', import.meta.url));

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    if (d.isDirectory()) return tsFiles(p);
    return d.name.endsWith('.ts') ? [p] : [];
  });
}

function quoted(code: string): string {
  const c = code.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
  return `(?:'${c}'|"${c}")`;
}

/**
 * Whether `text` asserts `code`: on one line the word `code` and then the quoted code
 * (`expect(e.code).toBe('x')`, `{ code: 'x' }`, `err.code === 'x'`), or `toBe('x')`.
 */
function assertsCode(text: string, code: string): boolean {
  const q = quoted(code);
  return new RegExp(`\\bcode\\b[^\\n]*${q}|toBe\\(\\s*${q}\\s*\\)`).test(text);
}

describe('guard: every error code is thrown by src and asserted by a test', () => {
  it('the guard reads the code lists and its pattern can tell an assertion from a mention', () => {
    expect(exhaustive).toEqual([true, true, true]);
    expect(ALL_CODES.length).toBeGreaterThan(40);
    expect(ALL_CODES).toContain('missing-column');
    expect(ALL_CODES).toContain('no-convergence');
    expect(assertsCode("expect(e.code).toBe('no-such')", 'no-such')).toBe(true);
    expect(assertsCode("toThrow(expect.objectContaining({ code: 'no-such' }))", 'no-such')).toBe(true);
    expect(assertsCode("expect(kind).toBe('no-such')", 'no-such')).toBe(true);
    expect(assertsCode("const label = 'no-such';", 'no-such')).toBe(false);
    expect(assertsCode("expect(e.code).toBe('no-such-thing')", 'no-such')).toBe(false);
  });

  it('every code is asserted by at least one test in test/**', () => {
    const tests = tsFiles(join(root, 'test')).map((f) => readFileSync(f, 'utf8'));
    const unasserted = ALL_CODES.filter((code) => !tests.some((text) => assertsCode(text, code)));
    expect(unasserted, `codes that no test asserts: ${unasserted.join(', ')}`).toEqual([]);
  });

  it('every code is thrown somewhere in src (a code nothing throws is removed from its list)', () => {
    const sources = tsFiles(join(root, 'src'))
      .filter((f) => !f.endsWith(join('src', 'errors.ts')))
      .map((f) => readFileSync(f, 'utf8'));
    const unused = ALL_CODES.filter((code) => !sources.some((text) => new RegExp(quoted(code)).test(text)));
    expect(unused, `codes that nothing in src throws: ${unused.join(', ')}`).toEqual([]);
  });
});
