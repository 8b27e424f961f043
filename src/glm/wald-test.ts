import { SpecError } from '../errors.js';
import { vcovOf } from '../inference/tidy.js';
import type { ResolvedVcov, VcovSpec } from '../inference/types.js';
import { chiSquareUpper, fUpper } from '../internal/distributions.js';
import { invertSpd } from '../linalg/symmetric.js';
import type { GlmFit } from './types.js';

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
 * const fit = ols(data, { y: 'z', x: ['deficit', 'surplus'] });
 * waldTest(fit, 'deficit = surplus').pValue;
 * waldTest(fit, 'deficit = 0, surplus = 0', { vcov: 'HC1' });
 * waldTest(fit, { R: [[0, 1, -1]], q: [0] });
 * ```
 */
export function waldTest(
  fit: GlmFit,
  hypothesis: string | LinearHypothesis,
  options: { vcov?: VcovSpec } = {},
): WaldTestResult {
  const hyp = typeof hypothesis === 'string' ? parseHypothesis(hypothesis, fit.terms) : hypothesis;
  const p = fit.terms.length;
  const m = hyp.R.length;
  if (m === 0) throw new SpecError('invalid-option', 'the hypothesis has no restrictions');
  for (const row of hyp.R) {
    if (row.length !== p)
      throw new SpecError(
        'invalid-option',
        `each row of R must have ${p} entries (one per coefficient), not ${row.length}`,
      );
  }
  const q = hyp.q ?? new Array<number>(m).fill(0);
  if (q.length !== m) throw new SpecError('invalid-option', `q must have ${m} entries, one per row of R`);
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
 * parseHypothesis('deficit = surplus', ['(Intercept)', 'deficit', 'surplus']);
 * // => { R: [[0, 1, -1]], q: [0] }
 * ```
 */
export function parseHypothesis(text: string, terms: readonly string[]): LinearHypothesis {
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
        else row[terms.indexOf(term)] += sign * coef;
      }
    });
    if (row.every((r) => r === 0))
      throw new SpecError('invalid-hypothesis', `'${eq.trim()}' names no coefficient`);
    R.push(row);
    q.push(constant);
  }
  return { R, q };
}

function parseSide(
  side: string,
  terms: readonly string[],
  eq: string,
): { coef: number; term: string | null }[] {
  const out: { coef: number; term: string | null }[] = [];
  let i = 0;
  let sign = 1;
  let coef: number | null = null;
  const fail = (what: string): never => {
    throw new SpecError(
      'invalid-hypothesis',
      `cannot read '${eq.trim()}' near '${side.slice(i).trim()}': ${what}; known terms: ${terms.join(', ')}`,
    );
  };
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
      }
      sign = ch === '-' ? -sign : sign;
      i++;
      continue;
    }
    if (ch === '*') {
      if (coef === null) fail("'*' must follow a number");
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
      term = terms.find((t) => side.startsWith(t, i));
      if (term !== undefined) i += term.length;
    }
    if (term !== undefined) {
      out.push({ coef: sign * (coef ?? 1), term });
      sign = 1;
      coef = null;
      continue;
    }
    const num = /^(\d+\.?\d*(e[+-]?\d+)?|\.\d+(e[+-]?\d+)?)/i.exec(side.slice(i));
    if (!num) fail('expected a term name or a number');
    coef = Number(num![0]);
    i += num![0].length;
  }
  if (coef !== null) out.push({ coef: sign * coef, term: null });
  return out;
}
