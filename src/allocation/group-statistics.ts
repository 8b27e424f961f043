import { DataError } from '../errors.js';
import { listIds, MunicipalityError } from './errors.js';
import {
  compareIds,
  type MunicipalityValues,
  requireAtLeast,
  requireSameIds,
  toValueMap,
} from './municipality-values.js';
import {
  resolveSizeClasses,
  type SizeClasses,
  type SizeClassOptions,
  sizeClassIndex,
} from './size-classes.js';
import { compensatedSum } from './sums.js';

/** A statistic for one size class. `value` is `null` where it is not defined (an empty class, no variation). */
export interface SizeClassStatistic {
  readonly sizeClass: string;
  /** Number of municipalities in the class. */
  readonly n: number;
  readonly value: number | null;
}

/** Options shared by the evaluation statistics. */
export interface EvaluationOptions {
  /**
   * Size classes for the `bySizeClass` breakdown (needs `inhabitants` in the input).
   * @default the S0 classes <15k, 15k-40k, 40k-100k, 100k-250k, >=250k (G4)
   */
  readonly sizeClasses?: SizeClassOptions;
}

/** Inputs shared by the evaluation statistics. */
export interface EvaluationGrouping {
  /** Inhabitants per municipality, for the size-class breakdown; without them `bySizeClass` is empty. */
  readonly inhabitants?: MunicipalityValues;
  /**
   * Weights per municipality (≥ 0; e.g. inhabitants or budget) for weighted means and R². The sources do not
   * say; the default is an unweighted mean over municipalities [DOMAIN C.6].
   */
  readonly weights?: MunicipalityValues;
}

/** The municipalities of an evaluation, in code order, with their size class and weight. @internal */
export interface Grouping {
  readonly ids: readonly string[];
  readonly classOf: readonly number[] | null;
  readonly weights: readonly number[] | null;
  readonly classes: SizeClasses;
}

/**
 * Check the inputs of an evaluation statistic against each other (same municipalities in each), and resolve
 * size classes and weights. @internal
 */
export function resolveGrouping(
  inputs: readonly { readonly name: string; readonly map: ReadonlyMap<string, number> }[],
  grouping: EvaluationGrouping,
  options: EvaluationOptions,
): Grouping {
  const all = [...inputs];
  let inhabitants: Map<string, number> | undefined;
  let weights: Map<string, number> | undefined;
  if (grouping.inhabitants) {
    inhabitants = toValueMap(grouping.inhabitants, 'inhabitants');
    all.push({ name: 'inhabitants', map: inhabitants });
  }
  if (grouping.weights) {
    weights = toValueMap(grouping.weights, 'weights');
    all.push({ name: 'weights', map: weights });
  }
  requireSameIds(all);
  if (inhabitants)
    requireAtLeast(inhabitants, 'inhabitants', 0, true, 'inhabitants must be a positive count');
  if (weights) {
    requireAtLeast(weights, 'weights', 0, false, 'weights cannot be negative');
    if (!(compensatedSum([...weights.values()]) > 0)) {
      throw new DataError('invalid-value', 'weights are all 0; pass positive weights or none', {
        column: 'weights',
      });
    }
  }
  const ids = [...inputs[0]!.map.keys()].sort(compareIds);
  if (ids.length === 0)
    throw new DataError('empty', `${inputs[0]!.name} has no municipalities`, { column: inputs[0]!.name });
  const classes = resolveSizeClasses(options.sizeClasses);
  return {
    ids,
    classOf: inhabitants ? ids.map((id) => sizeClassIndex(inhabitants.get(id)!, classes)) : null,
    weights: weights ? ids.map((id) => weights.get(id)!) : null,
    classes,
  };
}

/** Size-class label per municipality (null without inhabitants). @internal */
export function classLabels(g: Grouping): (string | null)[] {
  return g.ids.map((_, i) => (g.classOf ? g.classes.labels[g.classOf[i]!]! : null));
}

/** (Weighted) mean of `values` over the members `idx`; null when the total weight is 0. @internal */
export function weightedMean(
  values: readonly number[],
  idx: readonly number[],
  weights: readonly number[] | null,
): number | null {
  if (idx.length === 0) return null;
  if (!weights) return compensatedSum(idx.map((i) => values[i]!)) / idx.length;
  const total = compensatedSum(idx.map((i) => weights[i]!));
  return total > 0 ? compensatedSum(idx.map((i) => weights[i]! * values[i]!)) / total : null;
}

/** Overall value and one value per size class of a statistic over member index sets. @internal */
export function bySizeClass(
  g: Grouping,
  statistic: (idx: number[]) => number | null,
): { overall: number | null; bySizeClass: SizeClassStatistic[] } {
  const everyone = g.ids.map((_, i) => i);
  const classOf = g.classOf;
  return {
    overall: statistic(everyone),
    bySizeClass: classOf
      ? g.classes.labels.map((label, k) => {
          const idx = everyone.filter((i) => classOf[i] === k);
          return { sizeClass: label, n: idx.length, value: statistic(idx) };
        })
      : [],
  };
}

/** Fit of y on x by (weighted) least squares with an intercept. */
export interface LinearFit {
  readonly n: number;
  /** R² = squared (weighted) Pearson correlation. */
  readonly rSquared: number;
  readonly slope: number;
  readonly intercept: number;
}

/**
 * (Weighted) OLS of y on x with an intercept over the members `idx`; null with fewer than 3 points (two points
 * always fit perfectly) or without variation in x or y. @internal
 */
export function linearFit(
  x: readonly number[],
  y: readonly number[],
  idx: readonly number[],
  weights: readonly number[] | null,
): LinearFit | null {
  if (idx.length < 3) return null;
  const w = idx.map((i) => (weights ? weights[i]! : 1));
  const total = compensatedSum(w);
  if (!(total > 0)) return null;
  const mx = compensatedSum(idx.map((i, k) => w[k]! * x[i]!)) / total;
  const my = compensatedSum(idx.map((i, k) => w[k]! * y[i]!)) / total;
  const sxx = compensatedSum(idx.map((i, k) => w[k]! * (x[i]! - mx) ** 2));
  const syy = compensatedSum(idx.map((i, k) => w[k]! * (y[i]! - my) ** 2));
  const sxy = compensatedSum(idx.map((i, k) => w[k]! * (x[i]! - mx) * (y[i]! - my)));
  if (!varies(sxx, total, x, idx) || !varies(syy, total, y, idx)) return null;
  const slope = sxy / sxx;
  return { n: idx.length, rSquared: (sxy * sxy) / (sxx * syy), slope, intercept: my - slope * mx };
}

/**
 * Whether values vary beyond rounding noise: a (weighted) standard deviation above 1e-12 × max(1, max |v|).
 * Deviations of fully historical municipalities, for instance, are 0 up to ~1e-16, and an R² of that noise
 * would be a meaningless number rather than "not defined".
 */
export function varies(
  sumOfSquares: number,
  totalWeight: number,
  v: readonly number[],
  idx: readonly number[],
): boolean {
  const scale = Math.max(1, ...idx.map((i) => Math.abs(v[i]!)));
  return sumOfSquares > 0 && Math.sqrt(sumOfSquares / totalWeight) > 1e-12 * scale;
}

/** Normalise values to shares of their total (in code order); throws when the total is not positive. @internal */
export function toShares(map: ReadonlyMap<string, number>, ids: readonly string[], input: string): number[] {
  const values = ids.map((id) => map.get(id)!);
  const total = compensatedSum(values);
  if (!(total > 0)) {
    throw new DataError('invalid-value', `${input} adds up to ${total}, so shares are not defined`, {
      column: input,
    });
  }
  return values.map((v) => v / total);
}

/** Relative differences (a − b)/b, naming the municipalities where b is 0. @internal */
export function relativeDifferences(
  a: readonly number[],
  b: readonly number[],
  ids: readonly string[],
  what: string,
): number[] {
  const zero = ids.filter((_, i) => b[i] === 0);
  if (zero.length > 0) {
    throw new MunicipalityError(
      'out-of-range',
      `${what} is 0 for municipalities ${listIds(zero)}, so their relative change is not defined`,
      zero,
    );
  }
  return a.map((v, i) => (v - b[i]!) / b[i]!);
}
