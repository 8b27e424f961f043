import { SpecError } from '../errors.js';
import { vcovOf } from '../inference/tidy.js';
import type { ResolvedVcov, VcovSpec } from '../inference/types.js';
import { chiSquareUpper, fUpper } from '../internal/distributions.js';
import { checkOptions } from '../internal/options.js';
import { invertSpd } from '../linalg/symmetric.js';
import type { GlmFitData } from './types.js';

/** A linear hypothesis R β = q given as matrices. */
export interface LinearHypothesis {
  /** Rows of R, each of length = number of coefficients (in `fit.terms` order). */
  readonly R: readonly (readonly number[])[];
  /** Right-hand side q. @default zeros */
  readonly q?: readonly number[];
}

/** Result of {@link waldTest}. */
export interface WaldTestResult {
  /** χ² statistic W = (Rb − q)'(R V R')⁻¹(Rb − q) for GLMs; F = W / df1 for linear models. */
  readonly statistic: number;
  readonly df1: number;
  /** Denominator df (the residual df) for the F test; null for χ². */
  readonly df2: number | null;
  readonly pValue: number;
  readonly distribution: 'chisq' | 'F';
  readonly vcov: ResolvedVcov;
  readonly hypothesis: LinearHypothesis;
}

/**
 * Wald test of linear hypotheses on the coefficients, using any variance type without refitting.
 * Linear models ({@link ols}) get an F test with (q, residual df), as `car::linearHypothesis(fit,
 * test = "F")` or `lmtest::waldtest`; GLMs a χ² test with q df, as `car::linearHypothesis(glm)`.
 *
 * @example
 * ```ts
 * import type { DataInput } from 'verdeelmodel/data';
 * import { ols, waldTest } from 'verdeelmodel/glm';
 * declare const data: DataInput; // one row per municipality: z, deficit, surplus
 * const fit = ols(data, { y: 'z', x: ['deficit', 'surplus'] });
 * waldTest(fit, 'deficit = surplus').pValue;
 * waldTest(fit, 'deficit = 0, surplus = 0', { vcov: 'HC1' });
 * waldTest(fit, { R: [[0, 1, -1]], q: [0] });
 * ```
 */
export function waldTest(
  fit: GlmFitData,
  hypothesis: string | LinearHypothesis,
  options: { vcov?: VcovSpec } = {},
): WaldTestResult {
  checkOptions(options, ['vcov'], 'waldTest');
  const hyp = checkHypothesis(hypothesis, fit.terms);
  const p = fit.terms.length;
  const m = hyp.R.length;
  const q = hyp.q;
  const vr = vcovOf(fit, options.vcov);
  const v = vr.matrix;
  const type = vr.spec;
  const diff = hyp.R.map((row, i) => row.reduce((s, r, j) => s + r * fit.coefficients[j]!, 0) - q[i]!);
  const rvr = new Float64Array(m * m);
  for (let a = 0; a < m; a++) {
    for (let b = 0; b < m; b++) {
      let s = 0;
      for (let i = 0; i < p; i++) {
        const ra = hyp.R[a]![i]!;
        if (ra === 0) continue;
        for (let j = 0; j < p; j++) s += ra * v[i * p + j]! * hyp.R[b]![j]!;
      }
      rvr[a * m + b] = s;
    }
  }
  for (const d of diff) {
    if (!Number.isFinite(d))
      throw new SpecError(
        'invalid-hypothesis',
        'waldTest: R·β − q is not finite; the hypothesis values are out of range',
      );
  }
  const inv = invertSpd(rvr, m);
  if (!inv)
    throw new SpecError(
      'invalid-option',
      "the restrictions are linearly dependent (R V R' is singular); drop the redundant ones",
    );
  let w = 0;
  for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) w += diff[a]! * inv[a * m + b]! * diff[b]!;
  if (fit.kind === 'ols') {
    const f = w / m;
    return {
      statistic: f,
      df1: m,
      df2: fit.dfResidual,
      pValue: fUpper(f, m, fit.dfResidual),
      distribution: 'F',
      vcov: type,
      hypothesis: { R: hyp.R, q },
    };
  }
  return {
    statistic: w,
    df1: m,
    df2: null,
    pValue: chiSquareUpper(w, m),
    distribution: 'chisq',
    vcov: type,
    hypothesis: { R: hyp.R, q },
  };
}

/**
 * Parse `'a = b, 2*c - d = 1'` into R and q. Term names are matched literally (longest first),
 * so names with brackets, colons, dots or spaces work; a name can also be quoted in backticks.
 *
 * @example
 * ```ts
 * import { parseHypothesis } from 'verdeelmodel/glm';
 * parseHypothesis('deficit = surplus', ['(Intercept)', 'deficit', 'surplus']);
 * // => { R: [[0, 1, -1]], q: [0] }
 * ```
 */
export function parseHypothesis(text: string, terms: readonly string[]): LinearHypothesis {
  if (typeof text !== 'string' || text.trim() === '')
    throw new SpecError(
      'invalid-hypothesis',
      `a hypothesis must be a non-empty string such as 'x = 0'; known terms: ${terms.join(', ')}`,
    );
  const byLength = [...terms].sort((a, b) => b.length - a.length);
  const R: number[][] = [];
  const q: number[] = [];
  for (const eq of text.split(',')) {
    const sides = eq.split('=');
    if (sides.length > 2) throw new SpecError('invalid-hypothesis', `'${eq.trim()}' has more than one '='`);
    const row = new Array<number>(terms.length).fill(0);
    let constant = 0;
    sides.forEach((side, s) => {
      const sign = s === 0 ? 1 : -1;
      for (const { coef, term } of parseSide(side, byLength, eq)) {
        if (term === null) constant -= sign * coef;
        else row[terms.indexOf(term)]! += sign * coef;
      }
    });
    if (row.every((r) => r === 0))
      throw new SpecError(
        'invalid-hypothesis',
        `'${eq.trim()}' names no coefficient; known terms: ${terms.join(', ')}`,
      );
    R.push(row);
    q.push(constant);
  }
  return { R, q };
}

/** The one check of a hypothesis given as text or as R and q: shapes, finite numbers. */
function checkHypothesis(
  hypothesis: unknown,
  terms: readonly string[],
): { R: readonly (readonly number[])[]; q: readonly number[] } {
  if (typeof hypothesis === 'string') {
    const h = parseHypothesis(hypothesis, terms);
    return { R: h.R, q: h.q ?? h.R.map(() => 0) };
  }
  const h = hypothesis as LinearHypothesis | null;
  if (h === null || typeof h !== 'object' || Array.isArray(h) || !Array.isArray(h.R)) {
    throw new SpecError(
      'invalid-hypothesis',
      "waldTest: the hypothesis must be a string such as 'a = b, c = 0' (join several with commas) or { R, q }",
    );
  }
  for (const k of Object.keys(h))
    if (k !== 'R' && k !== 'q')
      throw new SpecError('unknown-option', `waldTest: unknown hypothesis field '${k}'; the fields are R, q`);
  const p = terms.length;
  const m = h.R.length;
  if (m === 0) throw new SpecError('invalid-hypothesis', 'the hypothesis has no restrictions');
  for (const row of h.R) {
    if (!Array.isArray(row) || row.length !== p)
      throw new SpecError(
        'invalid-hypothesis',
        `each row of R must have ${p} entries (one per coefficient: ${terms.join(', ')})`,
      );
    if (!row.every((v) => typeof v === 'number' && Number.isFinite(v)))
      throw new SpecError('invalid-hypothesis', 'every entry of R must be a finite number');
  }
  const q = h.q ?? new Array<number>(m).fill(0);
  if (!Array.isArray(q) || q.length !== m)
    throw new SpecError('invalid-hypothesis', `q must have ${m} entries, one per row of R`);
  if (!q.every((v) => typeof v === 'number' && Number.isFinite(v)))
    throw new SpecError(
      'invalid-hypothesis',
      `every entry of q must be a finite number, got [${q.join(', ')}]`,
    );
  return { R: h.R, q };
}

/** Characters that may follow a term or a number. */
const BOUNDARY = /[\s+\-*]/;

function parseSide(
  side: string,
  terms: readonly string[],
  eq: string,
): { coef: number; term: string | null }[] {
  const out: { coef: number; term: string | null }[] = [];
  let i = 0;
  let sign = 1;
  let coef: number | null = null;
  /** An operator (+, -, *) was read and still needs its operand. */
  let pending: string | null = null;
  const fail = (what: string): never => {
    throw new SpecError(
      'invalid-hypothesis',
      `cannot read '${eq.trim()}' near '${side.slice(i).trim() || side.trim()}': ${what}; known terms: ${terms.join(', ')}`,
    );
  };
  const atBoundary = (j: number) => j >= side.length || BOUNDARY.test(side[j]!);
  while (i < side.length) {
    const ch = side[i]!;
    if (ch === ' ' || ch === '\t') {
      i++;
      continue;
    }
    if (ch === '+' || ch === '-') {
      if (coef !== null) {
        out.push({ coef: sign * coef, term: null });
        coef = null;
        sign = 1;
      }
      sign = ch === '-' ? -sign : sign;
      pending = ch;
      i++;
      continue;
    }
    if (ch === '*') {
      if (coef === null) fail("'*' must follow a number");
      pending = ch;
      i++;
      continue;
    }
    let term: string | undefined;
    if (ch === '`') {
      const end = side.indexOf('`', i + 1);
      if (end < 0) fail('unclosed backtick');
      term = side.slice(i + 1, end);
      if (!terms.includes(term)) fail(`unknown term '${term}'`);
      i = end + 1;
    } else {
      // Names match whole: a term must end where an operator, a space or the side ends, so
      // 'agea' is not 'age' + 'a' and 'aa' is not 2·'a'.
      term = terms.find((t) => side.startsWith(t, i) && atBoundary(i + t.length));
      if (term !== undefined) i += term.length;
    }
    if (term !== undefined) {
      out.push({ coef: sign * (coef ?? 1), term });
      sign = 1;
      coef = null;
      pending = null;
      continue;
    }
    if (coef !== null) fail('a number must be followed by an operator or a term');
    const num = /^(\d+\.?\d*(e[+-]?\d+)?|\.\d+(e[+-]?\d+)?)/i.exec(side.slice(i));
    if (!num || !atBoundary(i + num[0].length)) fail('expected a term name or a number');
    const value = Number(num![0]);
    if (!Number.isFinite(value)) fail(`the number ${num![0]} is out of range`);
    coef = value;
    pending = null;
    i += num![0].length;
  }
  if (pending !== null) fail(`'${pending}' at the end needs an operand`);
  if (coef !== null) out.push({ coef: sign * coef, term: null });
  if (out.length === 0) fail('this side of the equation is empty');
  return out;
}
