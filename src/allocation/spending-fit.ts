import { toFrame } from '../data/frame.js';
import { DataError } from '../errors.js';
import { checkOptions, oneOf } from '../internal/options.js';
import { listIds, MunicipalityError } from './errors.js';
import {
  type EvaluationOptions,
  linearFit,
  memberWeights,
  type SizeClassStatistic,
  varies,
} from './group-statistics.js';
import {
  compareIds,
  duplicateKeys,
  readMunicipalityCodes,
  readMunicipalityNumbers,
} from './municipality-values.js';
import { resolveSizeClasses, type SizeClasses, sizeClassIndex } from './size-classes.js';
import { compensatedSum } from './sums.js';

/** One municipality-year of predicted and realised spending. */
export interface SpendingFitRow {
  /** The municipality code. */
  readonly municipality: string;
  readonly year: number;
  /** Predicted spending (the model's PB_i; ≥ 0). */
  readonly predicted: number;
  /** Realised spending (≥ 0). */
  readonly actual: number;
  /** Inhabitants, for the size-class breakdown (give on all rows or none). */
  readonly inhabitants?: number;
  /** Weight (≥ 0) for weighted R² (give on all rows or none); default unweighted. */
  readonly weight?: number;
}

/** Options of {@link spendingFit}. */
export interface SpendingFitOptions extends EvaluationOptions {
  /**
   * `'ols'`: R² of the OLS regression of actual on predicted with an intercept (= squared Pearson
   * correlation; scale-free). `'identity'`: 1 − Σ(actual − predicted)²/Σ(actual − mean)², the fit to the 45°
   * line (can be negative; sensitive to the level, so usually combined with `scale: 'shares'`).
   * @default 'ols'
   */
  readonly method?: 'ols' | 'identity';
  /**
   * `'levels'`: euros as given; `'shares'`: predicted and actual divided by their totals within each year, so
   * that model and realisation are compared on the same national level.
   * @default 'levels'
   */
  readonly scale?: 'levels' | 'shares';
}

/** An R² over a set of municipality-years; `rSquared` is null where it is not defined (n < 3, no variation). */
export interface RSquared {
  readonly n: number;
  readonly rSquared: number | null;
}

/** Result of {@link spendingFit}. */
export interface SpendingFit {
  /** Across municipalities, per year (years ascending). */
  readonly byYear: readonly (RSquared & { readonly year: number })[];
  /** All municipality-years in one regression. */
  readonly pooled: RSquared;
  /** On each municipality's mean over the years (one point per municipality; not the mean of yearly R²s). */
  readonly period: RSquared;
  /** Pooled R² per size class (empty without inhabitants). */
  readonly bySizeClass: readonly SizeClassStatistic[];
  readonly options: {
    readonly method: 'ols' | 'identity';
    readonly scale: 'levels' | 'shares';
    readonly weighted: boolean;
    readonly sizeClasses: SizeClasses;
  };
}

/**
 * Explanatory power ("verklaringsgraad") of the model at municipality level: the R² of predicted against
 * realised spending per municipality, per year, pooled over years, on period means, and per size class.
 *
 * @param data - One row per municipality-year.
 * @param options - R² definition, scale, size classes.
 * @returns R² per year, pooled, on period means and by size class.
 * @throws {MunicipalityError} for duplicate municipality-years or missing/negative values (naming the codes).
 * @throws {DataError} `empty` for no rows, `too-few-rows` / `zero-variance` when the pooled R² is not defined,
 *   `missing-column` without a `municipality`.
 * @throws {SpecError} `unknown-option` / `invalid-option` for a bad option.
 * @example
 * ```ts
 * import { spendingFit } from 'verdeelmodel/allocation';
 * spendingFit([
 *   { municipality: 'A', year: 2022, predicted: 1, actual: 1.1 },
 *   { municipality: 'B', year: 2022, predicted: 2, actual: 1.9 },
 *   { municipality: 'C', year: 2022, predicted: 3, actual: 3.2 },
 * ]).pooled.rSquared; // => 0.9814… (= 2.1² / (2 · 2.2467))
 * ```
 */
export function spendingFit(data: readonly SpendingFitRow[], options: SpendingFitOptions = {}): SpendingFit {
  const o = checkOptions(options, ['method', 'scale', 'sizeClasses'], WHERE);
  const method = oneOf(o.method ?? 'ols', ['ols', 'identity'], 'method', WHERE);
  const scale = oneOf(o.scale ?? 'levels', ['levels', 'shares'], 'scale', WHERE);
  const classes = resolveSizeClasses(o.sizeClasses);
  if (!Array.isArray(data) || data.length === 0) {
    throw new DataError('empty', `${WHERE} requires at least one row`);
  }
  const { rows, weighted, hasInhabitants } = readRows(data);
  const weights = weighted ? rows.map((r) => r.weight!) : null;

  const years = [...new Set(rows.map((r) => r.year))].sort((a, b) => a - b);
  const rowsOf = new Map(years.map((y) => [y, [] as number[]]));
  for (const [i, r] of rows.entries()) rowsOf.get(r.year)!.push(i);
  const predicted = rows.map((r) => r.predicted);
  const actual = rows.map((r) => r.actual);
  if (scale === 'shares') {
    for (const [year, idx] of rowsOf) {
      const tp = compensatedSum(idx.map((i) => rows[i]!.predicted));
      const ta = compensatedSum(idx.map((i) => rows[i]!.actual));
      if (!(tp > 0) || !(ta > 0)) {
        throw new DataError(
          'invalid-value',
          `spendingFit: spending in ${year} adds up to 0, so shares are not defined`,
        );
      }
      for (const i of idx) {
        predicted[i] = rows[i]!.predicted / tp;
        actual[i] = rows[i]!.actual / ta;
      }
    }
  }
  const r2 = (
    x: readonly number[],
    y: readonly number[],
    idx: readonly number[],
    w: readonly number[] | null,
  ): RSquared => ({
    n: idx.length,
    rSquared: method === 'ols' ? (linearFit(x, y, idx, w)?.rSquared ?? null) : identityRSquared(x, y, idx, w),
  });
  const everyone = rows.map((_, i) => i);
  const pooled = r2(predicted, actual, everyone, weights);
  if (pooled.rSquared === null) {
    throw rows.length < 3
      ? new DataError('too-few-rows', `spendingFit needs at least 3 municipality-years, got ${rows.length}`)
      : new DataError('zero-variance', 'spendingFit: spending does not vary, so R² is not defined');
  }

  // Period means: one point per municipality (mean over its years; weight = mean weight).
  const ids = [...new Set(rows.map((r) => r.municipality))].sort(compareIds);
  const rowsOfId = new Map(ids.map((id) => [id, [] as number[]]));
  for (const [i, r] of rows.entries()) rowsOfId.get(r.municipality)!.push(i);
  const mean = (v: readonly number[], idx: readonly number[]) =>
    compensatedSum(idx.map((i) => v[i]!)) / idx.length;
  const groups = ids.map((id) => rowsOfId.get(id)!);
  const period = r2(
    groups.map((idx) => mean(predicted, idx)),
    groups.map((idx) => mean(actual, idx)),
    ids.map((_, k) => k),
    weights ? groups.map((idx) => mean(weights, idx)) : null,
  );

  const classOf = hasInhabitants ? rows.map((r) => sizeClassIndex(r.inhabitants!, classes)) : null;
  return {
    byYear: years.map((year) => ({ year, ...r2(predicted, actual, rowsOf.get(year)!, weights) })),
    pooled,
    period,
    bySizeClass: classOf
      ? classes.labels.map((label, k) => {
          const idx = everyone.filter((i) => classOf[i] === k);
          return { sizeClass: label, n: idx.length, value: r2(predicted, actual, idx, weights).rSquared };
        })
      : [],
    options: { method, scale, weighted, sizeClasses: classes },
  };
}

/** 1 − Σw(y − x)²/Σw(y − ȳ)²; null with fewer than 3 points or no variation in y. */
function identityRSquared(
  x: readonly number[],
  y: readonly number[],
  idx: readonly number[],
  weights: readonly number[] | null,
): number | null {
  const m = memberWeights(idx, weights);
  if (!m) return null;
  const { w, total } = m;
  const my = m.mean(y);
  const sst = compensatedSum(idx.map((i, k) => w[k]! * (y[i]! - my) ** 2));
  if (!varies(sst, total, y, idx)) return null;
  return 1 - compensatedSum(idx.map((i, k) => w[k]! * (y[i]! - x[i]!) ** 2)) / sst;
}

const WHERE = 'spendingFit';

/**
 * Read the rows through the one data boundary (toFrame) and check them: a municipality code on every row,
 * finite years, non-negative predicted and actual spending, inhabitants (> 0) and weights (≥ 0) on every row or
 * none, no municipality-year twice. Each problem throws once, naming the municipalities.
 */
function readRows(data: readonly SpendingFitRow[]): {
  rows: SpendingFitRow[];
  weighted: boolean;
  hasInhabitants: boolean;
} {
  const frame = toFrame(data as unknown as readonly Readonly<Record<string, unknown>>[]);
  const ids = readMunicipalityCodes(frame, 'municipality', WHERE, false);
  const numbers = (column: string, min: number, exclusive: boolean, because?: string) =>
    readMunicipalityNumbers(frame, column, ids, WHERE, { min, exclusive, ...(because ? { because } : {}) });
  const optional = (column: string) => ` (give ${column} on every row or none)`;
  const year = numbers('year', Number.NEGATIVE_INFINITY, false);
  const predicted = numbers('predicted', 0, false);
  const actual = numbers('actual', 0, false);
  const hasInhabitants = frame.has('inhabitants');
  const weighted = frame.has('weight');
  const inhabitants = hasInhabitants ? numbers('inhabitants', 0, true, optional('inhabitants')) : null;
  const weight = weighted ? numbers('weight', 0, false, optional('weight')) : null;
  const dup = duplicateKeys(ids.map((id, i) => `${id} (${year[i]})`));
  if (dup.length > 0) {
    throw new MunicipalityError(
      'duplicate',
      `${WHERE}: municipality-years ${listIds(dup)} occur more than once`,
      dup,
      { column: 'municipality' },
    );
  }
  const rows = ids.map(
    (municipality, i): SpendingFitRow => ({
      municipality,
      year: year[i] as number,
      predicted: predicted[i] as number,
      actual: actual[i] as number,
      ...(inhabitants ? { inhabitants: inhabitants[i] as number } : {}),
      ...(weight ? { weight: weight[i] as number } : {}),
    }),
  );
  return { rows, weighted, hasInhabitants };
}
