import { type DataInput, type Frame, toFrame } from '../data/frame.js';
import { groupCodes } from '../data/select.js';
import { SpecError } from '../errors.js';
import { referenceLevels, volumeTerms } from '../generate/levels.js';
import { logit, ols } from '../glm/fit-glm.js';
import type { GlmFit } from '../glm/types.js';
import type { VcovSpec } from '../inference/types.js';
import { checkOptions, oneOf } from '../internal/options.js';
import { municipalModelSpec } from './municipal-spec.js';

/** Options of {@link fitVolumeModel}. */
export interface VolumeModelOptions {
  /** 0/1 column: the household receives bijstand (or, since 2019, LKS). @default 'receipt' */
  readonly y?: string;
  /** Model terms (DOMAIN A.3 feature groups). @default the 61 terms of `volumeTerms` (household type, age, migration, ... regional) */
  readonly x?: readonly string[];
  /** Reference levels. @default { hhtype: 'single', migration: 'dutch' } (DOMAIN A.3: inferred references) */
  readonly reference?: Readonly<Record<string, string>>;
  /**
   * Estimator. The sources never name it (DOMAIN A.2); logistic regression by maximum likelihood
   * is the default; `'ols'` fits the linear probability model for comparison (the same name as the price
   * model's linear estimator). @default 'logit'
   */
  readonly estimator?: 'logit' | 'ols';
  /** Municipality column: the unit of aggregation and, by default, of clustering. @default 'municipality' */
  readonly municipality?: string;
  /** Variance type for the coefficient table. Households within a municipality share regional features, so clustering by municipality is the honest default. @default 'cluster' */
  readonly vcov?: VcovSpec;
  /** Prior-weight column. @default none */
  readonly weights?: string;
  /** Missing values. @default 'error' */
  readonly na?: 'error' | 'omit';
  /**
   * Clip the linear probability model's predictions to [0, 1] in `predict`, `expectedRecipients`
   * and `predictSpending`. Off by default, so that the LPM's own predictions are what is reported;
   * `outOfRange` counts them either way. Only for `estimator: 'ols'` (a logit predicts inside (0, 1)).
   * @default false
   */
  readonly clip?: boolean;
}

/** How many predictions of a volume model fall outside [0, 1] (the linear probability model's known defect). */
export interface OutOfRange {
  /** Households predicted. */
  readonly n: number;
  /** p̂ < 0. */
  readonly below: number;
  /** p̂ > 1. */
  readonly above: number;
  /** (below + above) / n. */
  readonly share: number;
  /** Whether the model's predictions are clipped to [0, 1] (option `clip`). */
  readonly clipped: boolean;
}

/** Expected recipients per municipality. */
export interface MunicipalityRecipients {
  readonly municipality: string;
  readonly households: number;
  /** N̂ᵢ = Σ_h p̂_h. */
  readonly expectedRecipients: number;
  /** Observed recipients Σ y_h, when the data hold the outcome column. */
  readonly actualRecipients: number | null;
}

/** A fitted volume model: the GLM fit plus the frozen-coefficient predictions ("actualiseren"). */
export interface VolumeModel {
  readonly fit: GlmFit;
  readonly options: Required<Omit<VolumeModelOptions, 'weights'>> & { readonly weights: string | null };
  /** Fitted values outside [0, 1] on the estimation rows, counted before any clipping (always 0 for the logit). */
  readonly outOfRange: OutOfRange;
  /** p̂_h = P(receipt | x_h; β̂) for every household of `households` (any year: the coefficients stay frozen); clipped to [0, 1] with `clip: true`. */
  predict(households: DataInput | Frame): Float64Array;
  /** Predictions outside [0, 1] on `households`, counted before any clipping. */
  countOutOfRange(households: DataInput | Frame): OutOfRange;
  /** Σ p̂_h per municipality (and the observed count when `y` is present). */
  expectedRecipients(households: DataInput | Frame): MunicipalityRecipients[];
}

/**
 * Fit the volume component: the probability that a household receives bijstand (DOMAIN A).
 * Estimate on one snapshot, then `predict` on a later snapshot with the coefficients frozen
 * ("actualiseren", DOMAIN A.4) and aggregate per municipality.
 *
 * @example
 * ```ts
 * import { generateHouseholds } from 'verdeelmodel/generate';
 * import { fitVolumeModel } from 'verdeelmodel/volume';
 * const hh = generateHouseholds({ households: 200_000, seed: 1 });
 * const volume = fitVolumeModel(hh.columns());
 * volume.fit.tidy().slice(0, 5);
 * volume.expectedRecipients(generateHouseholds({ households: 200_000, seed: 1, year: 2025 }).columns());
 * // The linear probability model: how many p̂ fall outside [0, 1], and clipping as an explicit choice.
 * const lpm = fitVolumeModel(hh.columns(), { estimator: 'ols', clip: true });
 * lpm.outOfRange; // { n: 200000, below: …, above: …, share: …, clipped: true }
 * ```
 */
export function fitVolumeModel(households: DataInput | Frame, options: VolumeModelOptions = {}): VolumeModel {
  const o = checkOptions(
    options,
    ['y', 'x', 'reference', 'estimator', 'municipality', 'vcov', 'weights', 'na', 'clip'],
    'fitVolumeModel',
  );
  const estimator = oneOf(o.estimator ?? 'logit', ['logit', 'ols'], 'estimator', 'fitVolumeModel');
  const clip = oneOf(o.clip ?? false, [true, false], 'clip', 'fitVolumeModel');
  if (clip && estimator !== 'ols') {
    throw new SpecError(
      'invalid-option',
      "fitVolumeModel: clip: true is for the linear probability model (estimator: 'ols'); the logit's predictions are inside (0, 1) already",
      { option: 'clip' },
    );
  }
  const resolved = {
    y: o.y ?? 'receipt',
    x: o.x ?? volumeTerms,
    reference: o.reference ?? { hhtype: referenceLevels.hhtype, migration: referenceLevels.migration },
    estimator,
    municipality: o.municipality ?? 'municipality',
    vcov: o.vcov ?? 'cluster',
    weights: o.weights ?? null,
    na: o.na ?? 'error',
    clip,
  } as const;
  const frame = toFrame(households);
  const spec = municipalModelSpec(resolved);
  const fit = resolved.estimator === 'ols' ? ols(frame, spec) : logit(frame, spec);
  const raw = (data?: DataInput | Frame) => fit.predict(data, { type: 'response' }).fit;
  const predict = (data: DataInput | Frame) => {
    const p = raw(data);
    return clip ? clipUnit(p) : p;
  };
  return {
    fit,
    options: resolved,
    // The logit's fitted values are inside (0, 1) by construction: no prediction pass over the
    // estimation rows for it (at 8.2M households that pass costs about a second).
    outOfRange:
      resolved.estimator === 'ols'
        ? countOutside(raw(), clip)
        : { n: fit.nobs, below: 0, above: 0, share: 0, clipped: false },
    countOutOfRange: (data) => countOutside(raw(data), clip),
    predict,
    expectedRecipients(data) {
      const f = toFrame(data);
      const p = predict(f);
      const { keys, codes } = groupCodes(f, resolved.municipality);
      const expected = new Float64Array(keys.length);
      const count = new Float64Array(keys.length);
      const y = f.has(resolved.y) ? f.column(resolved.y) : null;
      const actual = y && y.kind === 'numeric' ? new Float64Array(keys.length) : null;
      for (let i = 0; i < f.nrows; i++) {
        const g = codes[i]!;
        expected[g]! += p[i]!;
        count[g]!++;
        if (actual && y && y.kind === 'numeric') actual[g]! += y.values[i]!;
      }
      return keys.map((municipality, g) => ({
        municipality,
        households: count[g]!,
        expectedRecipients: expected[g]!,
        actualRecipients: actual ? actual[g]! : null,
      }));
    },
  };
}

/** Count the values below 0 and above 1. */
function countOutside(p: Float64Array, clipped: boolean): OutOfRange {
  let below = 0;
  let above = 0;
  for (let i = 0; i < p.length; i++) {
    const v = p[i]!;
    if (v < 0) below++;
    else if (v > 1) above++;
  }
  return { n: p.length, below, above, share: p.length ? (below + above) / p.length : 0, clipped };
}

/** Clip probabilities to [0, 1] in place. */
function clipUnit(p: Float64Array): Float64Array {
  for (let i = 0; i < p.length; i++) {
    const v = p[i]!;
    if (v < 0) p[i] = 0;
    else if (v > 1) p[i] = 1;
  }
  return p;
}
