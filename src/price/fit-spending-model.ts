import { type DataInput, dataRow, type Frame, type NumericColumn, toFrame } from '../data/frame.js';
import { DataError } from '../errors.js';
import { referenceLevels, spendingTerms } from '../generate/levels.js';
import { fractionalLogit } from '../glm/fit-glm.js';
import type { GlmFit } from '../glm/types.js';
import type { VcovSpec } from '../inference/types.js';
import { checkOptions } from '../internal/options.js';
import { municipalModelSpec } from '../volume/municipal-spec.js';

/** Options of {@link fitSpendingModel}. */
export interface SpendingModelOptions {
  /** Yearly benefit paid (euros; 0 for households without bijstand). @default 'benefit' */
  readonly benefit?: string;
  /** Norm amount (normbedrag, yearly euros) of every household. @default 'norm' */
  readonly norm?: string;
  /**
   * Model terms. The default joins the volume terms with the price terms that are household
   * features (health problems, other benefit, low-skilled work), but not the price model's
   * household group and non-Western flag (coarsenings of `hhtype` and `migration`: collinear with
   * them) nor `lks` (an outcome: only recipients have LKS). @default `spendingTerms`
   */
  readonly x?: readonly string[];
  /** Reference levels. @default { hhtype: 'single', migration: 'dutch' } */
  readonly reference?: Readonly<Record<string, string>>;
  /** Municipality column (aggregation and cluster). @default 'municipality' */
  readonly municipality?: string;
  /** Variance type. @default 'cluster' (by municipality) */
  readonly vcov?: VcovSpec;
}

/** A fitted joint spending model: E[benefit / norm | x] = logistic(x'β) on every household. */
export interface SpendingModel {
  readonly fit: GlmFit;
  readonly options: {
    readonly benefit: string;
    readonly norm: string;
    readonly x: readonly string[];
    readonly reference: Readonly<Record<string, string>>;
    readonly municipality: string;
    readonly vcov: VcovSpec;
  };
  /** ŝ_h = E[benefit_h / norm_h]: expected spending as a fraction of the norm, for every household. */
  predictFraction(households: DataInput | Frame): Float64Array;
}

/** Name of the derived outcome column (benefit / norm) the GLM is fitted on. */
export const SPENDING_FRACTION = 'spending_fraction';

/**
 * The frame plus the outcome column benefit / norm, checked row by row: a norm that is not positive
 * and finite, or a benefit outside [0, norm], is an error naming the column and the row.
 */
function withSpendingFraction(frame: Frame, benefit: string, norm: string): Frame {
  const numeric = (name: string): NumericColumn => {
    const c = frame.column(name);
    if (c.kind !== 'numeric') {
      throw new DataError(
        'invalid-value',
        `fitSpendingModel: column '${name}' must be numeric (yearly euros)`,
        {
          column: name,
        },
      );
    }
    return c;
  };
  const b = numeric(benefit).values;
  const nv = numeric(norm).values;
  const y = new Float64Array(frame.nrows);
  for (let i = 0; i < y.length; i++) {
    const n = nv[i]!;
    if (!(n > 0 && n < Number.POSITIVE_INFINITY)) {
      throw new DataError(
        Number.isNaN(n) ? 'missing-value' : 'out-of-range',
        `fitSpendingModel: norm amount '${norm}' is ${n} at row ${dataRow(frame, i)}; every household needs a positive, finite normbedrag`,
        { column: norm, row: dataRow(frame, i) },
      );
    }
    const v = b[i]!;
    // A benefit above the norm (or below 0) is not a share of it: the family needs y in [0, 1].
    if (!(v >= 0 && v <= n * (1 + 1e-9))) {
      throw new DataError(
        Number.isNaN(v) ? 'missing-value' : 'out-of-range',
        `fitSpendingModel: benefit '${benefit}' is ${v} at row ${dataRow(frame, i)}, outside [0, norm = ${n}]; give the yearly benefit paid (0 without bijstand)`,
        { column: benefit, row: dataRow(frame, i) },
      );
    }
    y[i] = Math.min(1, v / n);
  }
  const column: NumericColumn = { kind: 'numeric', name: SPENDING_FRACTION, values: y, logical: false };
  return {
    nrows: frame.nrows,
    names: [...frame.names.filter((n) => n !== SPENDING_FRACTION), SPENDING_FRACTION],
    has: (name) => name === SPENDING_FRACTION || frame.has(name),
    column: (name) => (name === SPENDING_FRACTION ? column : frame.column(name)),
    ...(frame.sourceRow ? { sourceRow: frame.sourceRow.bind(frame) } : {}),
  };
}

/**
 * Fit volume and price in one equation (seed 002, S2): expected spending as a fraction of the norm,
 * E[benefit_h / norm_h | x_h] = P(receipt) × E[fraction | receipt], on **every** household (0 for
 * those without bijstand), by quasi-likelihood with the binomial variance and logit link (a
 * fractional logit, Papke–Wooldridge). Why this family: the outcome lies in [0, 1], with a mass at 0
 * (about 95 % of households) and one near 1 (full benefits); the quasi-binomial mean stays in
 * [0, 1] without clipping, its variance φμ(1 − μ) vanishes at both bounds as the outcome's does,
 * and consistency needs only the mean to be right (the point masses need no distribution). A
 * Tweedie (compound Poisson–gamma, 1 < p < 2) model would also give a mass at 0 but its log-link
 * mean is unbounded above the norm and its variance φμ^p ignores the upper bound. The joint model
 * has one set of coefficients where the two-part model has two, so it cannot let a feature act
 * differently on receipt and on the amount (see the demo's comparison of municipal totals).
 *
 * Use it with {@link predictSpending} (`{ spending, households }`) in place of the volume and
 * price models: PB_i = Σ_h ŝ_h × norm_h.
 *
 * @example
 * ```ts
 * import { generateHouseholds } from 'verdeelmodel/generate';
 * import { fitSpendingModel, predictSpending } from 'verdeelmodel/price';
 * const households = generateHouseholds({ households: 20_000, seed: 1 }).columns();
 * const spending = fitSpendingModel(households);
 * spending.fit.glance().dispersion; // φ of the quasi-binomial family
 * predictSpending({ spending, households })[0]?.expectedSpending; // yearly euros, sample scale
 * ```
 */
export function fitSpendingModel(
  households: DataInput | Frame,
  options: SpendingModelOptions = {},
): SpendingModel {
  const o = checkOptions(
    options,
    ['benefit', 'norm', 'x', 'reference', 'municipality', 'vcov'],
    'fitSpendingModel',
  );
  const resolved = {
    benefit: o.benefit ?? 'benefit',
    norm: o.norm ?? 'norm',
    x: o.x ?? spendingTerms,
    reference: o.reference ?? { hhtype: referenceLevels.hhtype, migration: referenceLevels.migration },
    municipality: o.municipality ?? 'municipality',
    vcov: o.vcov ?? 'cluster',
  } as const;
  const frame = withSpendingFraction(toFrame(households), resolved.benefit, resolved.norm);
  const fit = fractionalLogit(frame, municipalModelSpec({ ...resolved, y: SPENDING_FRACTION }));
  return {
    fit,
    options: resolved,
    predictFraction: (data) => fit.predict(data, { type: 'response' }).fit,
  };
}
