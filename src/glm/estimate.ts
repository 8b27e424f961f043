import { AliasingError, ConvergenceError, DataError, SeparationError, SpecError } from '../errors.js';
import { tidy, vcov } from '../inference/tidy.js';
import { choleskyInverse, choleskyScaled } from '../linalg/symmetric.js';
import type { PatternStatistics } from './compress.js';
import type { Design, DesignLayout } from './design.js';
import type { Family } from './family.js';
import { glance } from './glance.js';
import { divergingColumns, type EngineData } from './irls.js';
import { averageMarginalEffects } from './marginal-effects.js';
import type { ClusterSet } from './model-frame.js';
import { packDesign } from './packed-design.js';
import type { FinalSums } from './parallel.js';
import { type EvaluationData, evaluationData, predictFit } from './predict.js';
import { type EngineRun, resolveThreads, runEngine, startEarly, warmStartSample } from './run-engine.js';
import type { ResolvedSpec } from './spec.js';
import {
  clusterMeats,
  type FinalStatistics,
  finalStatistics,
  leveragePass,
  nullDeviance,
} from './statistics.js';
import { summary } from './summary.js';
import type { GlmFit, GlmFitData } from './types.js';

/**
 * The rows the engine runs on, however they were obtained: the data themselves, their
 * compressed covariate patterns, or patterns accumulated from a stream or a database.
 */
export interface PreparedRows {
  readonly label: string;
  readonly kind: 'glm' | 'ols';
  readonly options: ResolvedSpec;
  readonly family: Family;
  readonly layout: DesignLayout;
  readonly design: Design;
  readonly y: Float64Array;
  readonly weights: Float64Array | null;
  readonly offset: Float64Array | null;
  /** Joint cluster id per row (see ModelData.cluster), or null. */
  readonly cluster: Int32Array | null;
  readonly nClusters: number;
  /** Each cluster column and each pair of them, as maps from joint clusters. */
  readonly clusterSets: readonly ClusterSet[];
  /** Original rows with positive weight. */
  readonly nobs: number;
  readonly nOmitted: number;
  /** Sufficient statistics when each design row stands for a pattern of identical rows. */
  readonly patterns: PatternStatistics | null;
  /** Rows `predict()` and `marginalEffects()` use without new data; null when only patterns exist. */
  readonly evaluation: EvaluationData | null;
}

/** Estimation and inference on prepared rows: the second half of every fit. */
export function estimate(prep: PreparedRows): GlmFit {
  const { options, family, label, kind, layout } = prep;
  const names = layout.columnNames;
  const rows = prep;
  const md = prep;
  const patterns = prep.patterns;
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
    cluster: rows.cluster,
    nClusters: prep.nClusters,
  };
  const sampleFor = (colMap: Int32Array | null, p: number) =>
    options.warmStart ? warmStartSample(rows.design, rows, colMap, p) : null;
  const sample = sampleFor(null, P);
  // Workers boot, and fit the warm start on the sample, while this thread packs the design.
  const started = startEarly(rows.design.n, P, family, sample, runOptions);
  let engine: EngineData;
  try {
    engine = engineFor(null, P);
  } catch (e) {
    started?.close();
    throw e;
  }
  let aliased: string[] = [];
  let colMap: Int32Array | null = null;
  // Aliasing from X'WX at the start values: every working weight is positive, so it has the
  // null space of X'X and the first IRLS pass doubles as the check.
  let run = withSeparationCheck(prep, () =>
    runEngine(engine, family, {
      ...runOptions,
      warmSample: sample,
      started,
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
    }),
  );
  if (!run) {
    engine = engineFor(colMap, P - aliased.length);
    run = withSeparationCheck(prep, () =>
      runEngine(engine, family, { ...runOptions, warmSample: sampleFor(colMap, P - aliased.length) }),
    )!;
  }
  const terms = colMap ? names.filter((_, j) => colMap![j]! >= 0) : [...names];
  const p = terms.length;
  const maxAbs = engine.design.maxAbs;
  const result = run.result;
  let stats: FinalStatistics;
  try {
    checkSeparation(run, family, terms, maxAbs, label);
    if (!result.converged) {
      throw new ConvergenceError(
        'no-convergence',
        `${label}: IRLS did not converge in ${result.iterations} iterations (last relative deviance change ${result.lastChange.toExponential(2)}); raise maxIterations or rescale the regressors`,
        { iterations: result.iterations, lastChange: result.lastChange },
      );
    }
    stats =
      run.final && !patterns && kernelLogLikOk(family, rows.y, rows.weights)
        ? fromFinalSums(result.final ?? run.final(result.beta), family, md.nobs, rows.weights !== null)
        : finalStatistics(engine, family, result.beta, rows.cluster, md.nClusters, patterns, md.nobs);
  } finally {
    run.close();
  }
  const bread = choleskyInverse(choleskyScaled(result.xtwx, p, 0));
  // 'auto' counts the user's rows (not the patterns they collapse to), so a large fit never pays the pass.
  const nRows = rows.y.length;
  const wantLeverage = options.leverage === true || (options.leverage === 'auto' && md.nobs < 500_000);
  const wantScores =
    options.keepScores === true || (options.keepScores === 'auto' && !patterns && nRows * p <= 200_000);
  const lev =
    wantLeverage || wantScores
      ? leveragePass(engine, family, result.beta, bread, patterns, {
          leverage: wantLeverage,
          scores: wantScores,
        })
      : { meatHC2: null, meatHC3: null, note: 'leverage: false (auto: 500,000 rows or more)', scores: null };
  if (options.keepScores === true && lev.scores === null) {
    throw new SpecError(
      'invalid-option',
      `${label}: keepScores: true needs the rows, but they were compressed to patterns; pass compress: false`,
      { option: 'keepScores' },
    );
  }
  const dfResidual = md.nobs - p;
  const dispersion = family.estimatedDispersion ? stats.pearson / dfResidual : 1;
  const nullDev =
    nullDeviance(family, rows.y, rows.weights, rows.offset, options.intercept, stats.weightedMeanY) +
    stats.devianceCorrection;
  checkPerfectFit(family, stats.deviance, nullDev, label, options.y);

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
    nClusters: null as number | null,
    bread: Array.from(bread),
    meat: Array.from(stats.meat),
    meatHC2: lev.meatHC2 ? Array.from(lev.meatHC2) : null,
    meatHC3: lev.meatHC3 ? Array.from(lev.meatHC3) : null,
    leverageNote: lev.note,
    scores: lev.scores ? Array.from(lev.scores) : null,
    clusterMeats: clusterMeats(stats.clusterScores, p, prep.clusterSets),
    layout: layout,
  } satisfies GlmFitData as unknown as GlmFit;
  const defaultCluster =
    options.vcov.type === 'cluster' ? options.vcov.cluster[0]! : (options.clusters[0] ?? null);
  (fit as { nClusters: number | null }).nClusters =
    defaultCluster === null
      ? null
      : (fit.clusterMeats.find((m) => m.variables.length === 1 && m.variables[0] === defaultCluster)
          ?.groups ?? null);
  return withViews(fit, { label, evaluation: prep.evaluation });
}

/**
 * IRLS that breaks down (X'WX singular, deviance not finite) on a binomial model is most often
 * separation by a factor level whose rows all have y = 0 or all y = 1 — the reference level
 * included, whose coefficient is absorbed by the intercept and every other dummy. Name it.
 */
function withSeparationCheck<T>(prep: PreparedRows, run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (!(e instanceof ConvergenceError) || prep.family.link === 'identity') throw e;
    const found = separatedLevel(prep);
    if (!found) throw e;
    const { column, level, value, isReference, rows } = found;
    const term = isReference ? column : `${column}[${level}]`;
    throw new SeparationError(
      'separation',
      `${prep.label}: separation — all ${rows} row(s) with ${column} = '${level}'${isReference ? ' (the reference level)' : ''} have response ${value}, so the fit diverges; merge '${level}' with a neighbouring level${isReference ? `, choose another reference (reference: { '${column}': '…' })` : ''}, or drop the term`,
      { terms: [term], perfectlyPredicted: rows, cause: e },
    );
  }
}

function separatedLevel(
  prep: PreparedRows,
): { column: string; level: string; value: number; isReference: boolean; rows: number } | null {
  const { layout, design, y, weights } = prep;
  for (const [t, term] of layout.terms.entries()) {
    if (term.parts.length !== 1 || term.parts[0]!.kind !== 'factor') continue;
    const column = term.parts[0]!.column;
    const coding = layout.factors[column]!;
    const enc = design.encoded[t]!;
    if (!enc.index) continue;
    const k = coding.dummies.length + 1;
    const sw = new Float64Array(k);
    const swy = new Float64Array(k);
    const count = new Float64Array(k);
    for (let i = 0; i < design.n; i++) {
      const w = weights ? weights[i]! : 1;
      if (w === 0) continue;
      const j = enc.index[i]! < 0 ? 0 : enc.index[i]! - enc.firstColumn + 1;
      sw[j]! += w;
      swy[j]! += w * y[i]!;
      count[j]! += prep.patterns ? prep.patterns.count[i]! : 1;
    }
    for (let j = 0; j < k; j++) {
      if (sw[j]! > 0 && (swy[j] === 0 || Math.abs(swy[j]! - sw[j]!) <= 1e-12 * sw[j]!)) {
        return {
          column,
          level: j === 0 ? coding.reference : coding.dummies[j - 1]!,
          value: swy[j] === 0 ? 0 : 1,
          isReference: j === 0,
          rows: count[j]!,
        };
      }
    }
  }
  return null;
}

/**
 * A linear model whose residuals are rounding noise (the response is an exact linear combination of
 * the terms) has standard errors of the same noise and t statistics that mean nothing: R prints
 * "essentially perfect fit: summary may be unreliable"; here it is an error. The threshold, RSS below
 * 1e-24 of the null deviance, is residuals of about 1e-12 of the response's spread.
 */
function checkPerfectFit(family: Family, deviance: number, nullDev: number, label: string, y: string): void {
  if (family.link !== 'identity' || !(nullDev > 0)) return;
  if (deviance <= 1e-24 * nullDev) {
    throw new DataError(
      'perfect-fit',
      `${label}: response '${y}' is an exact linear combination of the terms (residual sum of squares ${deviance.toExponential(2)} against ${nullDev.toExponential(2)} in total), so the residuals and standard errors are rounding noise; remove the term that reproduces the response`,
      { column: y },
    );
  }
}

function aliasingError(aliased: readonly string[], label: string): AliasingError {
  const many = aliased.length > 1;
  return new AliasingError(
    'aliased',
    `${label}: design column${many ? 's' : ''} ${aliased.map((a) => `'${a}'`).join(', ')} ${many ? 'are' : 'is'} a linear combination of earlier columns (or constant zero); remove ${many ? 'them' : 'it'} from x, or pass aliased: 'drop' to drop ${many ? 'them' : 'it'} as R does`,
    { terms: aliased },
  );
}

/** Under separation, name the diverging terms instead of returning huge coefficients. */
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
        'separation',
        `${label}: ${named.length > 0 ? 'quasi-complete or complete separation' : 'separation'} — ${result.boundaryRows} row(s) are perfectly predicted and the coefficient${shown.length > 1 ? 's' : ''} of ${shown.map((t) => `'${t}'`).join(', ')} diverge${shown.length > 1 ? '' : 's'}; merge the sparse level(s) with a neighbouring level, or drop the term from x (these rows carry no information on it)`,
        { terms: shown, perfectlyPredicted: result.boundaryRows },
      );
    }
  }
}

/**
 * The fast final pass gives the binomial log-likelihood as −deviance/2, which is R's value when
 * y is 0/1 and the weights are whole numbers (every log C(w, wy) is 0); otherwise the generic
 * pass computes it.
 */
function kernelLogLikOk(family: Family, y: Float64Array, weights: Float64Array | null): boolean {
  if (family.rFamily !== 'binomial') return true;
  for (let i = 0; i < y.length; i++) if (y[i] !== 0 && y[i] !== 1) return false;
  if (weights) for (let i = 0; i < weights.length; i++) if (!Number.isInteger(weights[i])) return false;
  return true;
}

function fromFinalSums(sums: FinalSums, family: Family, nobs: number, weighted: boolean): FinalStatistics {
  const [pearson, deviance, sumW, sumWy, sumLogW] = sums.scalars as unknown as [
    number,
    number,
    number,
    number,
    number,
  ];
  let logLik: number | null = null;
  if (family.rFamily === 'binomial') logLik = -deviance / 2;
  else if (family.rFamily === 'gaussian') {
    logLik = -0.5 * nobs * (Math.log((2 * Math.PI * deviance) / nobs) + 1) + (weighted ? 0.5 * sumLogW : 0);
  }
  return {
    meat: sums.meat,
    clusterScores: sums.clusterSums.length > 0 ? sums.clusterSums : null,
    pearson,
    deviance,
    logLik,
    devianceCorrection: 0,
    sumWeights: sumW,
    weightedMeanY: sumWy / sumW,
  };
}

/**
 * Attach the views as non-enumerable methods, so the fit clones (structuredClone, postMessage) and
 * spreads as the plain data it is. @internal Built here, outside `estimate`, so the closures keep only the fit
 * and the user's frame alive, not the encoded design and row arrays (hundreds of MB at scale).
 */
export function withViews(fit: GlmFit, rows: Pick<PreparedRows, 'label' | 'evaluation'>): GlmFit {
  const views: Pick<GlmFit, 'tidy' | 'glance' | 'vcov' | 'predict' | 'marginalEffects' | 'summary'> = {
    tidy: (o) => tidy(fit, o),
    glance: () => glance(fit),
    vcov: (spec) => vcov(fit, spec),
    predict: (newdata, o) => predictFit(fit, newdata ? evaluationData(fit, newdata) : defaultRows(rows), o),
    marginalEffects: (o = {}) =>
      averageMarginalEffects(fit, o.newdata ? evaluationData(fit, o.newdata) : defaultRows(rows), o),
    summary: (o) => summary(fit, o),
  };
  for (const [name, view] of Object.entries(views)) {
    Object.defineProperty(fit, name, { value: view, enumerable: false });
  }
  return fit;
}

function defaultRows(rows: Pick<PreparedRows, 'label' | 'evaluation'>): EvaluationData {
  if (!rows.evaluation) {
    throw new SpecError(
      'no-rows',
      `${rows.label}: this fit was made from aggregated patterns (a stream or a database); pass newdata to predict() and marginalEffects()`,
    );
  }
  return rows.evaluation;
}
