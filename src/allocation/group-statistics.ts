import { DataError } from '../errors.js';
import { listIds, MunicipalityError } from './errors.js';
import {
  compareIds,
  type MunicipalityValues,
  requireAtLeast,
  requireInputs,
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

/**
 * Read the two per-municipality inputs `names` of an evaluation statistic: check the input object (`extra`
 * names the optional inputs beyond inhabitants and weights), turn both into value maps and resolve the
 * grouping against them. @internal
 */
export function readEvaluationPair<const A extends string, const B extends string>(
  input: EvaluationGrouping & { readonly [K in A | B]: MunicipalityValues },
  names: readonly [A, B],
  extra: readonly string[],
  options: EvaluationOptions,
  where: string,
): { first: Map<string, number>; second: Map<string, number>; g: Grouping } {
  const [a, b] = names;
  requireInputs(input, names, [...extra, 'inhabitants', 'weights'], where);
  const first = toValueMap(input[a], a);
  const second = toValueMap(input[b], b);
  const g = resolveGrouping(
    [
      { name: a, map: first },
      { name: b, map: second },
    ],
    input,
    options,
  );
  return { first, second, g };
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

/**
 * Mean of |values| (weighted when the grouping has weights) over all municipalities and per size class, with
 * each municipality's size-class label: MAPC and MAD of the evaluation. @internal
 */
export function meanAbsoluteBySizeClass(
  values: readonly number[],
  g: Grouping,
): { overall: number; bySizeClass: SizeClassStatistic[]; labels: (string | null)[] } {
  const absolute = values.map(Math.abs);
  const stats = bySizeClass(g, (idx) => weightedMean(absolute, idx, g.weights));
  // Not null: there is at least one municipality and the weights add up to more than 0 (resolveGrouping).
  return { overall: stats.overall!, bySizeClass: stats.bySizeClass, labels: classLabels(g) };
}

/** Fit of y on x by (weighted) least squares with an intercept. */
export interface LinearFit {
  readonly n: number;
  /** R² = squared (weighted) Pearson correlation. */
  readonly rSquared: number;
  readonly slope: number;
  readonly intercept: number;
}

/** Weights of the members of a fit, their total and the weighted mean over the members. @internal */
export interface MemberWeights {
  /** Weight of the k-th member (1 each without weights). */
  readonly w: readonly number[];
  readonly total: number;
  /** Weighted mean of `v` over the members. */
  mean(v: readonly number[]): number;
}

/**
 * The weights of the members `idx` for a fit; null with fewer than 3 members (two points always fit
 * perfectly) or a total weight that is not positive. @internal
 */
export function memberWeights(
  idx: readonly number[],
  weights: readonly number[] | null,
): MemberWeights | null {
  if (idx.length < 3) return null;
  const w = idx.map((i) => (weights ? weights[i]! : 1));
  const total = compensatedSum(w);
  if (!(total > 0)) return null;
  return { w, total, mean: (v) => compensatedSum(idx.map((i, k) => w[k]! * v[i]!)) / total };
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
  const m = memberWeights(idx, weights);
  if (!m) return null;
  const { w, total } = m;
  const mx = m.mean(x);
  const my = m.mean(y);
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
