import { budgetShareChange } from '../allocation/budget-share-change.js';
import { budgetSpendingDeviation } from '../allocation/budget-spending-deviation.js';
import { spendingFit } from '../allocation/spending-fit.js';
import { type DataInput, type Frame, toFrame } from '../data/frame.js';
import { groupCodes, rowsWhere, selectRows } from '../data/select.js';
import { DataError, SpecError } from '../errors.js';
import { formatPValue, formatSignificant } from '../format/numbers.js';
import { renderTextTable } from '../format/text-table.js';
import { encodeDesign, maxRowEntries, rowEntries } from '../glm/design.js';
import { getFamily } from '../glm/family.js';
import { glance } from '../glm/glance.js';
import { buildModelData } from '../glm/model-frame.js';
import { planFit } from '../glm/predict.js';
import { predictRows } from '../glm/predict-kernel.js';
import { resolveThreads } from '../glm/run-engine.js';
import type { GlmFit } from '../glm/types.js';
import { type WaldTestResult, waldTest } from '../glm/wald-test.js';
import type { VcovSpec } from '../inference/types.js';
import { chiSquareUpper, fUpper } from '../internal/distributions.js';
import { checkOptions } from '../internal/options.js';
import { withView } from '../internal/with-summary.js';
import { choleskyScaled, choleskySolve } from '../linalg/symmetric.js';
import type { PriceModel } from '../price/fit-price-model.js';
import type { VolumeModel } from '../volume/fit-volume-model.js';
import { rankAuc } from './compare-models-auc.js';

/** What {@link compareModels} compares: a fit of the GLM engine, a volume model or a price model. */
export type AssessedModel = GlmFit | VolumeModel | PriceModel;

/** Options of {@link compareModels}. */
export interface CompareModelsOptions {
  /**
   * The rows both models were fitted on (for a price model: all households or the recipients; the
   * model's `recipientsOnly` selection is applied). Needed for the AUC and the municipality-level fit,
   * and checked against the fits: each model's deviance recomputed on these rows must equal its own.
   */
  readonly data: DataInput | Frame;
  /**
   * Variance type of the Wald test of the added terms (any type of the inference registry).
   * @default 'cluster' (by municipality) for volume and price models, else the extended fit's own default
   */
  readonly vcov?: VcovSpec;
  /**
   * Municipality column for the municipality-level fit; null for none.
   * @default the models' municipality column, else 'municipality' when the data have it, else none
   */
  readonly municipality?: string | null;
  /**
   * Column multiplying predicted and observed values in the municipal totals: the norm amount turns a
   * price model's fractions into spending. Null: the totals are of the response itself (recipients
   * for a volume model). @default the price model's `norm`, else none
   */
  readonly amount?: string | null;
}

/** Household-level fit of one model. */
export interface HouseholdFit {
  readonly nobs: number;
  /** Estimated coefficients. */
  readonly parameters: number;
  /** Null for the quasibinomial family, which has no likelihood. */
  readonly logLik: number | null;
  readonly deviance: number;
  /** McFadden's 1 − D/D₀ (binomial, quasibinomial); R² for a linear model. */
  readonly pseudoR2: number;
  readonly aic: number | null;
  readonly bic: number | null;
  /** Area under the ROC curve for a 0/1 response (rank method); null otherwise. */
  readonly auc: number | null;
  readonly dispersion: number;
}

/** Municipality-level fit of one model: predicted against observed totals per municipality. */
export interface MunicipalityFit {
  /** R² of observed on predicted totals (OLS with intercept, the squared correlation; as `spendingFit`). */
  readonly rSquared: number | null;
  /**
   * MAD: mean over municipalities of |predicted share − observed share| / observed share (as
   * `budgetSpendingDeviation`); null when a municipality has an observed total of 0 (its relative
   * deviation is not defined: see `zeroObserved`).
   */
  readonly meanAbsoluteDeviation: number | null;
}

/** The likelihood-ratio test of the added terms (the F form for families with an estimated dispersion). */
export interface LikelihoodRatioTest {
  /** `'chisq'`: LR = D₀ − D₁ ~ χ²(df). `'F'`: F = (D₀ − D₁) / (df · φ₁) ~ F(df, df₂), φ₁ the extended model's dispersion (R's `anova(m0, m1, test = "F")`; for a linear model the classical F test). */
  readonly distribution: 'chisq' | 'F';
  readonly statistic: number;
  readonly df: number;
  /** Residual df of the extended model (F form); null for χ². */
  readonly df2: number | null;
  readonly pValue: number;
  /** D₀ − D₁ (for a linear model: RSS₀ − RSS₁). */
  readonly devianceDifference: number;
  /** φ₁ used by the F form; 1 for χ². */
  readonly dispersion: number;
}

/** Result of {@link compareModels}. */
export interface ModelComparison {
  /** Coefficients of the extended model that the base does not have. */
  readonly addedTerms: readonly string[];
  /**
   * `'names'`: every base coefficient is an extended one (a feature added). `'span'`: some base columns
   * are combinations of extended ones (levels merged by {@link mergeSparseLevels}); the tests then
   * restrict the extended coefficients to the base's column space (df = difference in coefficients).
   */
  readonly nesting: 'names' | 'span';
  readonly likelihoodRatio: LikelihoodRatioTest;
  /** Wald test that every added coefficient is 0, under `vcov`. */
  readonly wald: WaldTestResult;
  readonly household: { readonly base: HouseholdFit; readonly extended: HouseholdFit };
  /** Null without a municipality column. */
  readonly municipality: {
    readonly column: string;
    readonly municipalities: number;
    readonly base: MunicipalityFit;
    readonly extended: MunicipalityFit;
    /** Municipalities with an observed total of 0 (no recipients in the data), for which the MAD is not defined. */
    readonly zeroObserved: readonly string[];
    /** MAPC-style mean of |s₁ − s₀| / s₀ over municipalities, s the share of predicted totals (as `budgetShareChange`). */
    readonly meanAbsoluteShareChange: number;
  } | null;
  readonly options: {
    readonly vcov: VcovSpec;
    readonly municipality: string | null;
    readonly amount: string | null;
  };
}

const WHERE = 'compareModels';

/**
 * Assess a candidate feature (the assessment framework, "afwegingskader"; S1 ch.5 and Annex B,
 * S0 Box 2.1, DOMAIN §1): compare a base model with an extended one that adds terms, on the same
 * rows. Household level: the likelihood-ratio test (deviance difference, df, p; the F form with the
 * dispersion for quasi-binomial and linear models, as R's `anova(m0, m1, test = "LRT")` /
 * `test = "F"`), the Wald test of the added terms under any variance type (cluster-robust by
 * municipality by default for volume and price models), log-likelihood, McFadden R², AIC, BIC and
 * the AUC. Municipality level (S0 Box 2.1 weighs it too): R² and MAD of predicted against
 * observed totals per municipality, and the mean absolute change in the predicted budget shares.
 *
 * @param base - The model without the candidate feature.
 * @param extended - The model with it: every coefficient of `base` plus the added ones.
 * @param options - The data both were fitted on, and the variance type of the Wald test.
 * @returns The tests and the fit of both models, with a `summary()` text table.
 * @throws {SpecError} `not-nested` when a coefficient of `base` is missing from `extended`, none is
 *   added, or the response, family, weights or offset differ; `unknown-option` for a bad option.
 * @throws {DataError} `different-rows` when the fits were estimated on different rows, or not on `data`.
 * @example
 * ```ts
 * import { compareModels } from 'verdeelmodel/development';
 * import { generateHouseholds } from 'verdeelmodel/generate';
 * import { fitVolumeModel } from 'verdeelmodel/volume';
 * const households = generateHouseholds({ households: 20_000, seed: 1 }).columns();
 * const x = ['hhtype', 'age_20_25', 'age_25_30', 'age_30_40', 'age_40_50', 'age_50_aow'];
 * const base = fitVolumeModel(households, { x });
 * const extended = fitVolumeModel(households, { x: [...x, 'corporation_dwelling'] });
 * const c = compareModels(base, extended, { data: households });
 * c.likelihoodRatio.pValue; // significant gain at household level?
 * console.log(c.summary());
 * ```
 */
export function compareModels(
  base: AssessedModel,
  extended: AssessedModel,
  options: CompareModelsOptions,
): ModelComparison & { summary(): string } {
  if (options === null || typeof options !== 'object')
    throw new SpecError(
      'missing-input',
      `${WHERE}: options with the data both models were fitted on are required`,
    );
  const o = checkOptions(options, ['data', 'vcov', 'municipality', 'amount'], WHERE);
  if (o.data === undefined)
    throw new SpecError(
      'missing-input',
      `${WHERE}: options.data must hold the rows both models were fitted on`,
      {
        option: 'data',
      },
    );
  const b = unwrap(base, 'base');
  const e = unwrap(extended, 'extended');
  const missing = checkNested(b.fit, e.fit);
  const added = e.fit.terms.filter((t) => !b.fit.terms.includes(t));

  let frame = toFrame(o.data);
  const selection = e.recipientsOnly ?? b.recipientsOnly;
  if (selection && frame.has(selection)) frame = selectRows(frame, rowsWhere(frame, selection));
  const rows = estimationRows(frame, b.fit, e.fit);

  const municipality =
    o.municipality !== undefined
      ? o.municipality
      : (e.municipality ?? b.municipality ?? (frame.has('municipality') ? 'municipality' : null));
  if (municipality !== null && (typeof municipality !== 'string' || !frame.has(municipality)))
    throw new DataError(
      'missing-column',
      `${WHERE}: there is no municipality column '${String(municipality)}'`,
      {
        column: String(municipality),
      },
    );
  const amount = o.amount !== undefined ? o.amount : (e.amount ?? b.amount ?? null);
  if (amount !== null && (typeof amount !== 'string' || !frame.has(amount)))
    throw new DataError('missing-column', `${WHERE}: there is no amount column '${String(amount)}'`, {
      column: String(amount),
    });

  const vcov: VcovSpec = o.vcov ?? (e.isModel ? 'cluster' : e.fit.options.vcov);
  const p = e.fit.terms.length;
  // Nested by name: the added coefficients are 0 under the base. Nested by span (merged levels): the
  // restrictions are the directions of the extended coefficients that the base's columns cannot express.
  const R = missing.length
    ? spanRestrictions(frame, rows.keep, b.fit, e.fit, missing)
    : added.map((t) => {
        const row = new Array<number>(p).fill(0);
        row[e.fit.terms.indexOf(t)] = 1;
        return row;
      });
  const wald = waldTest(e.fit, { R }, { vcov });

  const binary = rows.y.every((v) => v === 0 || v === 1);
  const household = {
    base: householdFit(b.fit, rows.mu0, rows, binary),
    extended: householdFit(e.fit, rows.mu1, rows, binary),
  };
  const result: ModelComparison = {
    addedTerms: added,
    nesting: missing.length ? 'span' : 'names',
    likelihoodRatio: likelihoodRatio(b.fit, e.fit, p - b.fit.terms.length),
    wald,
    household,
    municipality: municipality === null ? null : municipalFit(frame, rows, municipality, amount),
    options: { vcov, municipality, amount },
  };
  return withView(result, 'summary', () => formatComparison(result));
}

/** The fit and what a volume or price model adds: its municipality, amount and recipient selection. */
interface Unwrapped {
  readonly fit: GlmFit;
  readonly isModel: boolean;
  readonly municipality: string | null;
  readonly amount: string | null;
  readonly recipientsOnly: string | null;
}

function unwrap(m: AssessedModel, which: string): Unwrapped {
  if (m === null || typeof m !== 'object')
    throw new SpecError('missing-input', `${WHERE}: ${which} must be a fit, a volume model or a price model`);
  if ('fit' in m && m.fit && typeof m.fit === 'object') {
    const price = 'predictFraction' in m;
    return {
      fit: m.fit,
      isModel: true,
      municipality: m.options.municipality,
      amount: price ? (m as PriceModel).options.norm : null,
      recipientsOnly: price ? (m as PriceModel).options.recipientsOnly : null,
    };
  }
  const fit = m as GlmFit;
  if (!Array.isArray(fit.terms) || !Array.isArray(fit.coefficients) || typeof fit.options !== 'object')
    throw new SpecError('missing-input', `${WHERE}: ${which} must be a fit, a volume model or a price model`);
  return { fit, isModel: false, municipality: null, amount: null, recipientsOnly: null };
}

/** Base ⊂ extended: same response, family, weights and offset; every base coefficient in the extended. */
/** Same response, family, weights, offset; the extended adds coefficients. Returns the base terms the extended lacks by name. */
function checkNested(b: GlmFit, e: GlmFit): string[] {
  const same = (what: string, x: unknown, y: unknown) => {
    if (x !== y)
      throw new SpecError(
        'not-nested',
        `${WHERE}: the models are not nested: the base has ${what} ${String(x)}, the extended ${String(y)}; compare fits of one response on the same rows`,
      );
  };
  same('response', b.options.y, e.options.y);
  same('family', b.family, e.family);
  same('weights', b.options.weights, e.options.weights);
  same('offset', b.options.offset, e.options.offset);
  same('intercept', b.options.intercept, e.options.intercept);
  const missing = b.terms.filter((t) => !e.terms.includes(t));
  if (e.terms.length <= b.terms.length)
    throw new SpecError(
      'not-nested',
      missing.length
        ? `${WHERE}: the models are not nested: ${missingText(missing)} of the base ${missing.length === 1 ? 'is' : 'are'} missing from the extended model, which has no more coefficients (${e.terms.length} vs ${b.terms.length}); the extended model must hold every base term plus the candidate`
        : `${WHERE}: the extended model adds no term to the base (both have ${b.terms.join(', ')}); add the candidate feature to the extended model`,
    );
  return missing;
}

function missingText(missing: readonly string[]): string {
  return `${missing.length === 1 ? 'term' : 'terms'} ${missing.map((t) => `'${t}'`).join(', ')}`;
}

/**
 * The restrictions R β₁ = 0 under which the extended model is the base, when the base's design columns
 * are combinations of the extended ones (X₀ = X₁A, as merged levels are of the full levels): R's rows
 * span the orthogonal complement of range(A). A base column outside the extended span is an error
 * naming it: then the models are not nested.
 */
function spanRestrictions(
  frame: Frame,
  keep: Int32Array | null,
  b: GlmFit,
  e: GlmFit,
  missing: readonly string[],
): number[][] {
  if (b.aliased.length || e.aliased.length)
    throw new SpecError(
      'not-nested',
      `${WHERE}: ${missingText(missing)} of the base ${missing.length === 1 ? 'is' : 'are'} missing from the extended model, and with aliased columns dropped nesting cannot be checked; refit without aliased columns`,
    );
  const d0 = encodeDesign(frame, b.layout, keep);
  const d1 = encodeDesign(frame, e.layout, keep);
  const p0 = d0.p;
  const p1 = d1.p;
  // X₁'X₁ and X₁'X₀ in one pass over the rows.
  const g11 = new Float64Array(p1 * p1);
  const g10 = new Float64Array(p1 * p0);
  const ss0 = new Float64Array(p0);
  const c0 = new Int32Array(maxRowEntries(d0));
  const v0 = new Float64Array(c0.length);
  const c1 = new Int32Array(maxRowEntries(d1));
  const v1 = new Float64Array(c1.length);
  for (let i = 0; i < d1.n; i++) {
    const k0 = rowEntries(d0, i, c0, v0, null);
    const k1 = rowEntries(d1, i, c1, v1, null);
    for (let a = 0; a < k1; a++) {
      for (let c = 0; c < k1; c++) g11[c1[a]! * p1 + c1[c]!]! += v1[a]! * v1[c]!;
      for (let c = 0; c < k0; c++) g10[c1[a]! * p0 + c0[c]!]! += v1[a]! * v0[c]!;
    }
    for (let c = 0; c < k0; c++) ss0[c0[c]!]! += v0[c]! * v0[c]!;
  }
  const f = choleskyScaled(g11, p1, 1e-12);
  // A = (X₁'X₁)⁻¹X₁'X₀; the residual sum of squares of base column j is ‖x₀ⱼ‖² − aⱼ'X₁'x₀ⱼ.
  const A: Float64Array[] = [];
  const outside: string[] = [];
  for (let j = 0; j < p0; j++) {
    const rhs = Float64Array.from({ length: p1 }, (_, a) => g10[a * p0 + j]!);
    const aj = choleskySolve(f, rhs);
    let fitted = 0;
    for (let a = 0; a < p1; a++) fitted += aj[a]! * rhs[a]!;
    if (ss0[j]! - fitted > 1e-9 * Math.max(ss0[j]!, 1e-300)) outside.push(b.terms[j]!);
    A.push(aj);
  }
  if (outside.length)
    throw new SpecError(
      'not-nested',
      `${WHERE}: the models are not nested: ${missingText(outside)} of the base ${outside.length === 1 ? 'is' : 'are'} not in the extended model, nor a combination of its columns on these rows; the extended model must hold every base term (or its finer levels) plus the candidate`,
    );
  // Orthonormal basis of range(A) by Gram–Schmidt, then the unit vectors' parts orthogonal to it.
  const basis: Float64Array[] = [];
  const addIfNew = (v: Float64Array, tol: number) => {
    for (let pass = 0; pass < 2; pass++)
      for (const q of basis) {
        let dot = 0;
        for (let a = 0; a < p1; a++) dot += q[a]! * v[a]!;
        for (let a = 0; a < p1; a++) v[a]! -= dot * q[a]!;
      }
    const norm = Math.hypot(...v);
    if (norm <= tol) return null;
    for (let a = 0; a < p1; a++) v[a]! /= norm;
    basis.push(v);
    return v;
  };
  for (const aj of A) addIfNew(Float64Array.from(aj), 1e-9 * Math.max(1, Math.hypot(...aj)));
  const R: number[][] = [];
  for (let k = 0; k < p1 && basis.length < p1; k++) {
    const unit = new Float64Array(p1);
    unit[k] = 1;
    const r = addIfNew(unit, 1e-6);
    if (r) R.push(Array.from(r));
  }
  return R;
}

/** The estimation rows on `frame`, their response, weights and both models' fitted values. */
interface Rows {
  readonly keep: Int32Array | null;
  readonly y: Float64Array;
  readonly w: ArrayLike<number> | null;
  readonly mu0: Float64Array;
  readonly mu1: Float64Array;
}

function estimationRows(frame: Frame, b: GlmFit, e: GlmFit): Rows {
  const family = getFamily(e.family);
  const mdB = buildModelData(frame, b.options, family, WHERE);
  const mdE = buildModelData(frame, e.options, family, WHERE);
  if (mdB.nobs !== b.nobs || mdE.nobs !== e.nobs || b.nobs !== e.nobs) {
    throw new DataError(
      'different-rows',
      `${WHERE}: the fits were estimated on different rows: the base on ${b.nobs} (${b.nOmitted} omitted for missing values), the extended on ${e.nobs} (${e.nOmitted} omitted); on the data given they would have ${mdB.nobs} and ${mdE.nobs}. Drop the rows with a missing candidate feature before fitting both models`,
    );
  }
  const sameKeep =
    mdB.keep === mdE.keep ||
    (mdB.keep !== null && mdE.keep !== null && mdB.keep.every((v, i) => v === mdE.keep![i]));
  if (!sameKeep)
    throw new DataError(
      'different-rows',
      `${WHERE}: the models omit different rows for missing values; drop the incomplete rows before fitting both models`,
    );
  const keep = mdE.keep;
  const threads = resolveThreads('auto', keep ? keep.length : frame.nrows);
  const mu0 = predictRows(planFit(b), frame, keep, b.family, true, threads);
  const mu1 = predictRows(planFit(e), frame, keep, e.family, true, threads);
  const y = Float64Array.from(mdE.y);
  const w = mdE.weights;
  for (const [fit, mu, which] of [
    [b, mu0, 'base'],
    [e, mu1, 'extended'],
  ] as const) {
    let d = 0;
    for (let i = 0; i < y.length; i++) {
      const wi = w ? w[i]! : 1;
      if (wi > 0) d += family.deviance(y[i]!, mu[i]!, wi);
    }
    if (!(Math.abs(d - fit.deviance) <= 1e-7 * Math.max(1, Math.abs(fit.deviance))))
      throw new DataError(
        'different-rows',
        `${WHERE}: the ${which} model was not fitted on these data: its deviance on them is ${d}, its own is ${fit.deviance}; pass the rows both models were estimated on`,
      );
  }
  return { keep, y, w, mu0, mu1 };
}

function householdFit(fit: GlmFit, mu: Float64Array, rows: Rows, binary: boolean): HouseholdFit {
  const g = glance(fit);
  return {
    nobs: fit.nobs,
    parameters: fit.terms.length,
    logLik: g.logLik,
    deviance: g.deviance,
    pseudoR2: g.pseudoR2,
    aic: g.aic,
    bic: g.bic,
    auc: binary ? rankAuc(mu, rows.y, rows.w) : null,
    dispersion: g.dispersion,
  };
}

function likelihoodRatio(b: GlmFit, e: GlmFit, df: number): LikelihoodRatioTest {
  const diff = b.deviance - e.deviance;
  if (!getFamily(e.family).estimatedDispersion) {
    return {
      distribution: 'chisq',
      statistic: diff,
      df,
      df2: null,
      pValue: chiSquareUpper(Math.max(diff, 0), df),
      devianceDifference: diff,
      dispersion: 1,
    };
  }
  const f = diff / df / e.dispersion;
  return {
    distribution: 'F',
    statistic: f,
    df,
    df2: e.dfResidual,
    pValue: fUpper(Math.max(f, 0), df, e.dfResidual),
    devianceDifference: diff,
    dispersion: e.dispersion,
  };
}

function municipalFit(
  frame: Frame,
  rows: Rows,
  column: string,
  amount: string | null,
): NonNullable<ModelComparison['municipality']> {
  const { keys, codes } = groupCodes(frame, column);
  const a = amount === null ? null : frame.column(amount);
  if (a !== null && a.kind !== 'numeric')
    throw new DataError('invalid-value', `${WHERE}: the amount column '${amount}' must be numeric`, {
      column: amount!,
    });
  const g = keys.length;
  const obs = new Float64Array(g);
  const p0 = new Float64Array(g);
  const p1 = new Float64Array(g);
  for (let r = 0; r < rows.y.length; r++) {
    const i = rows.keep ? rows.keep[r]! : r;
    const k = codes[i]!;
    const s = (rows.w ? rows.w[r]! : 1) * (a ? a.values[i]! : 1);
    if (!Number.isFinite(s))
      throw new DataError(
        'missing-value',
        `${WHERE}: the amount column '${amount}' is ${s} at row ${i + 1}`,
        {
          column: amount!,
          row: i + 1,
        },
      );
    obs[k]! += s * rows.y[r]!;
    p0[k]! += s * rows.mu0[r]!;
    p1[k]! += s * rows.mu1[r]!;
  }
  const values = (v: Float64Array) => new Map(keys.map((key, k) => [key, v[k]!]));
  const zeroObserved = keys.filter((_, k) => obs[k] === 0);
  const fitOf = (pred: Float64Array): MunicipalityFit => ({
    rSquared: spendingFit(
      keys.map((m, k) => ({ municipality: m, year: 0, predicted: pred[k]!, actual: obs[k]! })),
    ).pooled.rSquared,
    meanAbsoluteDeviation: zeroObserved.length
      ? null
      : budgetSpendingDeviation(
          { budget: values(pred), spending: values(obs) },
          { inhabitantsCorrection: 'none' },
        ).meanAbsoluteDeviation,
  });
  return {
    column,
    municipalities: g,
    base: fitOf(p0),
    extended: fitOf(p1),
    zeroObserved,
    meanAbsoluteShareChange: budgetShareChange({ previous: values(p0), current: values(p1) })
      .meanAbsoluteChange,
  };
}

/** The comparison as one text table: statistic, base, extended; the tests below it. */
function formatComparison(c: ModelComparison): string {
  const num = (x: number | null, digits = 6) => (x === null ? 'NA' : formatSignificant(x, { digits }));
  const { base, extended } = c.household;
  const rows: string[][] = [
    ['Households', String(base.nobs), String(extended.nobs)],
    ['Coefficients', String(base.parameters), String(extended.parameters)],
    ['Log-likelihood', num(base.logLik), num(extended.logLik)],
    ['Deviance', num(base.deviance), num(extended.deviance)],
    ['McFadden R² (R² for OLS)', num(base.pseudoR2, 4), num(extended.pseudoR2, 4)],
    ['AIC', num(base.aic), num(extended.aic)],
    ['BIC', num(base.bic), num(extended.bic)],
    ['AUC', num(base.auc, 4), num(extended.auc, 4)],
  ];
  if (c.municipality) {
    const m = c.municipality;
    rows.push(
      [
        `Municipal R² (${m.municipalities} municipalities)`,
        num(m.base.rSquared, 4),
        num(m.extended.rSquared, 4),
      ],
      [
        'Municipal MAD of shares',
        num(m.base.meanAbsoluteDeviation, 4),
        num(m.extended.meanAbsoluteDeviation, 4),
      ],
    );
  }
  const lr = c.likelihoodRatio;
  const lrText =
    lr.distribution === 'chisq'
      ? `LR test: χ² = ${num(lr.statistic)} on ${lr.df} df, p = ${formatPValue(lr.pValue)}`
      : `F test: F = ${num(lr.statistic)} on ${lr.df} and ${lr.df2} df (dispersion ${num(lr.dispersion)}), p = ${formatPValue(lr.pValue)}`;
  const w = c.wald;
  const footers = [
    `Added: ${c.addedTerms.join(', ')}`,
    lrText,
    `Wald test (${vcovLabel(w)}): ${w.distribution === 'F' ? 'F' : 'χ²'} = ${num(w.statistic)} on ${w.df1}${w.df2 === null ? '' : ` and ${w.df2}`} df, p = ${formatPValue(w.pValue)}`,
  ];
  if (c.municipality?.zeroObserved.length)
    footers.push(
      `MAD not defined: ${c.municipality.zeroObserved.length} municipalities have an observed total of 0 (${c.municipality.zeroObserved.slice(0, 5).join(', ')}${c.municipality.zeroObserved.length > 5 ? ', …' : ''})`,
    );
  if (c.municipality)
    footers.push(
      `Mean absolute change in predicted budget shares: ${num(c.municipality.meanAbsoluteShareChange, 4)} (relative, as MAPC)`,
    );
  return renderTextTable({
    title: 'Model comparison (afwegingskader): base vs extended',
    columns: ['', { header: 'base', align: 'decimal' }, { header: 'extended', align: 'decimal' }],
    rows,
    footers,
  });
}

function vcovLabel(w: WaldTestResult): string {
  const v = w.vcov;
  if (v.type === 'cluster') return `cluster-robust by ${v.cluster.join(' × ')}`;
  if (v.type === 'newey-west') return 'Newey–West';
  return v.type === 'model' ? 'model-based' : v.type;
}
