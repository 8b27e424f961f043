import { type DataInput, type Frame, toFrame } from '../data/frame.js';
import { AliasingError, ConvergenceError, DataError, SeparationError } from '../errors.js';
import { choleskyInverse, choleskyScaled } from '../linalg/symmetric.js';
import { compressPatterns, type PatternStatistics } from './compress.js';
import { encodeDesign } from './design.js';
import { type Family, getFamily } from './family.js';
import { referenceDf, smallSampleFactor, tidyRows, vcovMatrix } from './inference.js';
import { divergingColumns, type EngineData } from './irls.js';
import { averageMarginalEffects } from './marginal-effects.js';
import { buildModelData, type ModelData, patternColumns } from './model-frame.js';
import { packDesign } from './packed-design.js';
import { evaluationData, predictFit } from './predict.js';
import { type EngineRun, resolveThreads, runEngine } from './run-engine.js';
import { type GlmSpec, type ModelSpec, type ResolvedSpec, resolveSpec } from './spec.js';
import { finalStatistics, nullDeviance } from './statistics.js';
import { summaryText } from './summary.js';
import type { Glance, GlmFit } from './types.js';

/**
 * Fit a generalised linear model by IRLS: the one engine behind {@link logit},
 * {@link fractionalLogit}, {@link ols} and probit. Matches R's `glm` (estimates, deviance, AIC,
 * dispersion) and `sandwich` (HC0, HC1, cluster) — see {@link VcovType} for the formulas.
 *
 * @example
 * ```ts
 * const fit = fitGlm(rows, { family: 'probit', y: 'low', x: ['age', 'race', 'smoke'], reference: { race: 'white' } });
 * fit.tidy({ vcov: 'HC1' });
 * ```
 */
export function fitGlm(data: DataInput | Frame, spec: GlmSpec): GlmFit {
  return fitWith(data, spec, 'glm', 'fitGlm');
}

function fitWith(data: DataInput | Frame, spec: GlmSpec, kind: 'glm' | 'ols', label: string): GlmFit {
  const options = resolveSpec(spec);
  const family = getFamily(options.family);
  const frame = toFrame(data);
  const md = buildModelData(frame, options, family, label);
  checkResponse(md.y, md.weights, family, options.y, label, kind);

  const names = md.layout.columnNames;
  const patterns = usePatterns(frame, options, md);
  const f64 = (a: ArrayLike<number> | null) =>
    a === null || a instanceof Float64Array ? a : Float64Array.from(a);
  const rows = patterns
    ? {
        design: encodeDesign(frame, md.layout, patterns.rows),
        y: Float64Array.from(patterns.sw, (w, g) => patterns.swy[g]! / w),
        weights: patterns.sw,
        offset: md.offset ? Float64Array.from(patterns.positions, (r) => md.offset![r]!) : null,
        cluster: md.cluster ? Int32Array.from(patterns.positions, (r) => md.cluster![r]!) : null,
      }
    : {
        design: encodeDesign(frame, md.layout, md.keep),
        y: f64(md.y)!,
        weights: f64(md.weights),
        offset: f64(md.offset),
        cluster: md.cluster,
      };
  const threads = resolveThreads(options.threads, rows.y.length);
  const P = names.length;
  if (md.nobs <= P) {
    throw new DataError(
      'too-few-rows',
      `${label}: ${md.nobs} rows with positive weight for ${P} coefficients; the fit needs more rows than coefficients`,
    );
  }
  const engineFor = (colMap: Int32Array | null, p: number): EngineData => ({
    design: packDesign(rows.design, colMap, p, threads > 1),
    y: rows.y,
    weights: rows.weights,
    offset: rows.offset,
    p,
  });
  const runOptions = {
    maxIterations: options.maxIterations,
    epsilon: options.epsilon,
    threads,
    warmStart: options.warmStart,
  };
  let engine = engineFor(null, P);
  let aliased: string[] = [];
  let colMap: Int32Array | null = null;
  // Aliasing from X'WX at the start values: every working weight is positive, so it has the
  // null space of X'X and the first IRLS pass doubles as the check.
  let run = runEngine(engine, family, {
    ...runOptions,
    firstPass: (pass) => {
      const idx = choleskyScaled(pass.xtwx, P, 1e-10).aliased;
      if (idx.length === 0) return true;
      aliased = idx.map((j) => names[j]!);
      if (options.aliased === 'error') throw aliasingError(aliased, label);
      const dropped = new Set(idx);
      let k = 0;
      colMap = Int32Array.from(names, (_, j) => (dropped.has(j) ? -1 : k++));
      return false;
    },
  });
  if (!run) {
    engine = engineFor(colMap, P - aliased.length);
    run = runEngine(engine, family, runOptions)!;
  }
  const terms = colMap ? names.filter((_, j) => colMap![j]! >= 0) : [...names];
  const p = terms.length;
  const maxAbs = engine.design.maxAbs;
  try {
    checkSeparation(run, family, terms, maxAbs, label);
  } finally {
    run.close();
  }
  const result = run.result;

  if (!result.converged) {
    throw new ConvergenceError(
      result.iterations,
      result.lastChange,
      `${label}: IRLS did not converge in ${result.iterations} iterations (last relative deviance change ${result.lastChange.toExponential(2)}); raise maxIterations or rescale the regressors`,
    );
  }
  const bread = choleskyInverse(choleskyScaled(result.xtwx, p, 0));
  const stats = finalStatistics(engine, family, result.beta, rows.cluster, md.nClusters, patterns, md.nobs);
  const dfResidual = md.nobs - p;
  const dispersion = family.estimatedDispersion ? stats.pearson / dfResidual : 1;
  const nullDev = nullDeviance(family, md.y, md.weights, md.offset, options.intercept, stats.weightedMeanY);

  const fit: GlmFit = {
    kind,
    family: options.family,
    link: family.link,
    terms,
    coefficients: Array.from(result.beta),
    options,
    nobs: md.nobs,
    nOmitted: md.nOmitted,
    dfResidual,
    deviance: stats.deviance,
    patterns: patterns ? patterns.rows.length : null,
    threads: run.threads,
    nullDeviance: nullDev,
    logLik: stats.logLik,
    dispersion,
    iterations: result.iterations,
    converged: result.converged,
    aliased,
    nClusters: md.cluster ? md.nClusters : null,
    bread: Array.from(bread),
    meat: Array.from(stats.meat),
    meatCluster: stats.meatCluster ? Array.from(stats.meatCluster) : null,
    layout: md.layout,
    tidy: (o = {}) => {
      const type = o.vcov ?? options.vcov;
      const v = vcovMatrix(fit, type);
      return tidyRows(
        terms,
        fit.coefficients,
        terms.map((_, j) => v[j * p + j]!),
        referenceDf(fit, type),
        o.level ?? 0.95,
      );
    },
    glance: () => glanceOf(fit),
    vcov: (type = options.vcov) => {
      const v = vcovMatrix(fit, type);
      return terms.map((_, i) => Array.from(v.subarray(i * p, (i + 1) * p)));
    },
    predict: (newdata, o) =>
      predictFit(fit, newdata ? evaluationData(fit, newdata) : { frame, keep: md.keep }, o),
    marginalEffects: (o = {}) =>
      averageMarginalEffects(fit, o.newdata ? evaluationData(fit, o.newdata) : { frame, keep: md.keep }, o),
    summary: (o = {}) => summaryText(fit, o.vcov ?? options.vcov),
  };
  return fit;
}

/** Under separation, name the diverging terms instead of returning huge coefficients. */
function aliasingError(aliased: readonly string[], label: string): AliasingError {
  const many = aliased.length > 1;
  return new AliasingError(
    aliased,
    `${label}: design column${many ? 's' : ''} ${aliased.map((a) => `'${a}'`).join(', ')} ${many ? 'are' : 'is'} a linear combination of earlier columns (or constant zero); remove ${many ? 'them' : 'it'} from x, or pass aliased: 'drop' to drop ${many ? 'them' : 'it'} as R does`,
  );
}

function checkSeparation(
  run: EngineRun,
  family: Family,
  terms: readonly string[],
  maxAbs: Float64Array,
  label: string,
): void {
  const result = run.result;
  if (family.link !== 'identity' && (result.boundaryRows > 0 || !result.converged)) {
    const scale = maxAbs;
    const diverging = divergingColumns(run.runner, terms.length, result.beta, scale).map((j) => terms[j]!);
    if (diverging.length > 0) {
      const named = diverging.filter((t) => t !== '(Intercept)');
      const shown = named.length > 0 ? named : diverging;
      throw new SeparationError(
        shown,
        result.boundaryRows,
        `${label}: ${named.length > 0 ? 'quasi-complete or complete separation' : 'separation'} — ${result.boundaryRows} row(s) are perfectly predicted and the coefficient${shown.length > 1 ? 's' : ''} of ${shown.map((t) => `'${t}'`).join(', ')} diverge${shown.length > 1 ? '' : 's'}; merge or drop the sparse level(s), or use a penalised (Firth) fit`,
      );
    }
  }
}

/**
 * Collapse identical covariate patterns (within cluster) when it pays: always with
 * `compress: true`, never with `false`, and with `'auto'` when the data are large and the
 * patterns number at most half the rows.
 */
function usePatterns(frame: Frame, options: ResolvedSpec, md: ModelData): PatternStatistics | null {
  if (options.compress === false) return null;
  const n = md.y.length;
  if (options.compress === 'auto' && n < 20_000) return null;
  const maxRatio = options.compress === true ? 1 : 0.5;
  return compressPatterns(
    frame,
    patternColumns(options, md.layout),
    md.keep,
    md.y,
    md.weights,
    md.cluster,
    maxRatio,
  );
}

function glanceOf(fit: GlmFit): Glance {
  const k = fit.terms.length + (fit.family === 'gaussian' ? 1 : 0);
  const aic = fit.logLik === null ? null : -2 * fit.logLik + 2 * k;
  const bic = fit.logLik === null ? null : -2 * fit.logLik + Math.log(fit.nobs) * k;
  const { factor, rule } = smallSampleFactor(fit, fit.options.vcov);
  return {
    nobs: fit.nobs,
    dfResidual: fit.dfResidual,
    logLik: fit.logLik,
    deviance: fit.deviance,
    nullDeviance: fit.nullDeviance,
    aic,
    bic,
    pseudoR2: 1 - fit.deviance / fit.nullDeviance,
    dispersion: fit.dispersion,
    iterations: fit.iterations,
    converged: fit.converged,
    nOmitted: fit.nOmitted,
    family: fit.family,
    link: fit.link,
    vcovType: fit.options.vcov,
    smallSampleFactor: factor,
    smallSampleRule: rule,
    nClusters: fit.nClusters,
    aliased: fit.aliased,
    patterns: fit.patterns,
    threads: fit.threads,
  };
}

function checkResponse(
  y: ArrayLike<number>,
  weights: ArrayLike<number> | null,
  family: Family,
  name: string,
  label: string,
  kind: string,
): void {
  if (family.link === 'identity' || kind === 'ols') return;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < y.length; i++) {
    if (weights && weights[i] === 0) continue;
    const v = y[i]!;
    if (family.name !== 'quasibinomial' && label === 'logit' && v !== 0 && v !== 1) {
      throw new DataError(
        'out-of-range',
        `${label}: response '${name}' is ${v} at row ${i}; logit needs 0/1 or booleans (use fractionalLogit for fractions)`,
        {
          column: name,
          row: i,
        },
      );
    }
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === hi && (lo === 0 || lo === 1)) {
    throw new DataError(
      'zero-variance',
      `${label}: response '${name}' is ${lo} on every row; there is nothing to model`,
      { column: name },
    );
  }
}

/**
 * Logistic regression (binomial family, logit link) of a 0/1 or boolean response, as R's
 * `glm(y ~ x, family = binomial)`. Model SEs use the Fisher information; pass `vcov` for robust ones.
 *
 * @example
 * ```ts
 * const fit = logit({ y: [0, 1, 1, 0, 1, 0], x: [1, 2, 3, 1.5, 2.5, 2] }, { y: 'y', x: ['x'] });
 * fit.tidy(); // rows for '(Intercept)' and 'x'
 * ```
 */
export function logit(data: DataInput | Frame, spec: ModelSpec): GlmFit {
  return fitWith(data, { ...spec, family: 'binomial' }, 'glm', 'logit');
}

/**
 * Fractional logit (Papke–Wooldridge quasi-likelihood) for a response in [0, 1], as R's
 * `glm(y ~ x, family = quasibinomial)`. Model SEs scale by the Pearson dispersion as R does;
 * the robust `vcov: 'HC1'` (or `'cluster'`) is what the quasi-likelihood theory supports and
 * what users normally want.
 *
 * @example
 * ```ts
 * const fit = fractionalLogit(recipients, { y: 'fraction', x: ['hhtype', 'age'], vcov: 'HC1' });
 * ```
 */
export function fractionalLogit(data: DataInput | Frame, spec: ModelSpec): GlmFit {
  return fitWith(data, { ...spec, family: 'quasibinomial' }, 'glm', 'fractionalLogit');
}

/**
 * Ordinary (or weighted) least squares, as R's `lm`, with the same result type. Inference uses
 * t and F with the residual degrees of freedom for every variance type (`lmtest::coeftest`).
 *
 * @example
 * ```ts
 * const fit = ols(mtcars, { y: 'mpg', x: ['wt', 'hp'], vcov: 'HC1' });
 * fit.glance().pseudoR2; // R²
 * ```
 */
export function ols(data: DataInput | Frame, spec: ModelSpec): GlmFit {
  return fitWith(data, { ...spec, family: 'gaussian' }, 'ols', 'ols');
}
