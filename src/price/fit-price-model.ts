import { type DataInput, dataRow, type Frame, toFrame } from '../data/frame.js';
import { rowsWhere, selectRows } from '../data/select.js';
import { DataError } from '../errors.js';
import { priceTerms, referenceLevels } from '../generate/levels.js';
import { fractionalLogit, ols } from '../glm/fit-glm.js';
import type { GlmFit } from '../glm/types.js';
import type { VcovSpec } from '../inference/types.js';
import { checkOptions, oneOf } from '../internal/options.js';
import { municipalModelSpec } from '../volume/municipal-spec.js';

/** Options of {@link fitPriceModel}. */
export interface PriceModelOptions {
  /** Benefit as a fraction of the norm amount (normbedrag), in [0, 1]. @default 'fraction' */
  readonly y?: string;
  /** Model terms (merged, coarser features; DOMAIN B.2). @default `priceTerms` (household group, age, migration, education, health, other benefit, student, LKS, housing, work availability, low-skilled work) */
  readonly x?: readonly string[];
  /** Reference levels. @default { hhgroup: 'single' } */
  readonly reference?: Readonly<Record<string, string>>;
  /**
   * Estimator. The sources name none (DOMAIN B.2): the default is the Papke–Wooldridge fractional
   * logit, which keeps predictions in [0, 1] without clipping; `'ols'` reproduces older linear runs. @default 'fractionalLogit'
   */
  readonly estimator?: 'fractionalLogit' | 'ols';
  /**
   * 0/1 column selecting the recipients the model is estimated on (the fraction is observed only
   * for them). Null when `recipients` already holds recipients only. @default 'receipt' when the data have that column
   */
  readonly recipientsOnly?: string | null;
  /** Municipality column (cluster for `vcov: 'cluster'`). @default 'municipality' */
  readonly municipality?: string;
  /** Variance type. @default 'cluster' (by municipality) */
  readonly vcov?: VcovSpec;
  /** Norm-amount column (normbedrag, yearly euros) used by {@link PriceModel.predictBenefit}. @default 'norm' */
  readonly norm?: string;
}

/** A fitted price model. */
export interface PriceModel {
  readonly fit: GlmFit;
  readonly options: {
    readonly y: string;
    readonly x: readonly string[];
    readonly reference: Readonly<Record<string, string>>;
    readonly estimator: 'fractionalLogit' | 'ols';
    readonly recipientsOnly: string | null;
    readonly municipality: string;
    readonly vcov: VcovSpec;
    readonly norm: string;
  };
  /** f̂_h: predicted fraction of the norm for every household. */
  predictFraction(households: DataInput | Frame): Float64Array;
  /** price_h = f̂_h × norm_h (DOMAIN B.3); a missing or non-positive norm is an error naming the row. */
  predictBenefit(households: DataInput | Frame): Float64Array;
}

/**
 * Fit the price component: the benefit as a fraction of the gross norm amount (DOMAIN B), on
 * bijstand households. Predicted benefit = predicted fraction × norm, for every household.
 *
 * @example
 * ```ts
 * import { generateHouseholds } from 'verdeelmodel/generate';
 * import { fitPriceModel } from 'verdeelmodel/price';
 * const hh = generateHouseholds({ households: 200_000, seed: 1 }).columns();
 * const price = fitPriceModel(hh); // selects receipt == 1
 * price.fit.tidy({ vcov: 'HC1' });
 * ```
 */
export function fitPriceModel(recipients: DataInput | Frame, options: PriceModelOptions = {}): PriceModel {
  const o = checkOptions(
    options,
    ['y', 'x', 'reference', 'estimator', 'recipientsOnly', 'municipality', 'vcov', 'norm'],
    'fitPriceModel',
  );
  const frame = toFrame(recipients);
  const resolved = {
    y: o.y ?? 'fraction',
    x: o.x ?? priceTerms,
    reference: o.reference ?? { hhgroup: referenceLevels.hhgroup },
    estimator: oneOf(
      o.estimator ?? 'fractionalLogit',
      ['fractionalLogit', 'ols'],
      'estimator',
      'fitPriceModel',
    ),
    recipientsOnly:
      o.recipientsOnly === undefined ? (frame.has('receipt') ? 'receipt' : null) : o.recipientsOnly,
    municipality: o.municipality ?? 'municipality',
    vcov: o.vcov ?? 'cluster',
    norm: o.norm ?? 'norm',
  } as const;
  const sample = resolved.recipientsOnly
    ? selectRows(frame, rowsWhere(frame, resolved.recipientsOnly))
    : frame;
  if (sample.nrows === 0) {
    throw new DataError(
      'empty',
      `fitPriceModel: no rows with ${resolved.recipientsOnly} = 1; the price model needs recipients`,
    );
  }
  const spec = municipalModelSpec(resolved);
  const fit = resolved.estimator === 'ols' ? ols(sample, spec) : fractionalLogit(sample, spec);
  const predictFraction = (data: DataInput | Frame) => fit.predict(data, { type: 'response' }).fit;
  return {
    fit,
    options: resolved,
    predictFraction,
    predictBenefit(data) {
      const f = toFrame(data);
      const norm = f.column(resolved.norm);
      if (norm.kind !== 'numeric') {
        throw new DataError(
          'invalid-value',
          `norm column '${resolved.norm}' must be numeric (yearly euros)`,
          { column: resolved.norm },
        );
      }
      const frac = predictFraction(f);
      return frac.map((v, i) => {
        const n = norm.values[i]!;
        if (!(n > 0 && n < Number.POSITIVE_INFINITY)) {
          throw new DataError(
            Number.isNaN(n) ? 'missing-value' : 'out-of-range',
            `norm amount '${resolved.norm}' is ${n} at row ${dataRow(f, i)}; every household needs a positive, finite normbedrag`,
            { column: resolved.norm, row: dataRow(f, i) },
          );
        }
        return v * n;
      });
    },
  };
}
