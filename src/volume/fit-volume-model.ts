import { type DataInput, type Frame, toFrame } from '../data/frame.js';
import { groupCodes } from '../data/select.js';
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
  /** p̂_h = P(receipt | x_h; β̂) for every household of `households` (any year: the coefficients stay frozen). */
  predict(households: DataInput | Frame): Float64Array;
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
 * ```
 */
export function fitVolumeModel(households: DataInput | Frame, options: VolumeModelOptions = {}): VolumeModel {
  const o = checkOptions(
    options,
    ['y', 'x', 'reference', 'estimator', 'municipality', 'vcov', 'weights', 'na'],
    'fitVolumeModel',
  );
  const resolved = {
    y: o.y ?? 'receipt',
    x: o.x ?? volumeTerms,
    reference: o.reference ?? { hhtype: referenceLevels.hhtype, migration: referenceLevels.migration },
    estimator: oneOf(o.estimator ?? 'logit', ['logit', 'ols'], 'estimator', 'fitVolumeModel'),
    municipality: o.municipality ?? 'municipality',
    vcov: o.vcov ?? 'cluster',
    weights: o.weights ?? null,
    na: o.na ?? 'error',
  } as const;
  const frame = toFrame(households);
  const spec = municipalModelSpec(resolved);
  const fit = resolved.estimator === 'ols' ? ols(frame, spec) : logit(frame, spec);
  const predict = (data: DataInput | Frame) => fit.predict(data, { type: 'response' }).fit;
  return {
    fit,
    options: resolved,
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
