import { checkOptions, oneOf } from '../internal/options.js';
import {
  type EvaluationGrouping,
  type EvaluationOptions,
  meanAbsoluteBySizeClass,
  readEvaluationPair,
  relativeDifferences,
  type SizeClassStatistic,
  toShares,
} from './group-statistics.js';
import { type MunicipalityValues, requireAtLeast } from './municipality-values.js';
import type { SizeClasses } from './size-classes.js';

/** Input of {@link budgetShareChange}. */
export interface BudgetShareChangeInput extends EvaluationGrouping {
  /** Regular budgets (or budget shares) of year t−1, per municipality code, on the same classification as `current`. */
  readonly previous: MunicipalityValues;
  /** Regular budgets (or budget shares) of year t. */
  readonly current: MunicipalityValues;
}

/** Options of {@link budgetShareChange}. */
export interface BudgetShareChangeOptions extends EvaluationOptions {
  /**
   * Divide each input by its total first, so that budgets in euros can be passed and the macro level drops out
   * (S0 ch.3). Set to false to use the values as shares as they are.
   * @default true
   */
  readonly normalise?: boolean;
}

/** One municipality's change in budget share. */
export interface MunicipalityShareChange {
  /** The municipality code. */
  readonly municipality: string;
  readonly sizeClass: string | null;
  readonly previousShare: number;
  readonly currentShare: number;
  /** Relative change (s^t − s^{t−1}) / s^{t−1}. */
  readonly change: number;
}

/** Result of {@link budgetShareChange}. */
export interface BudgetShareChange {
  /** Per municipality, in code order. */
  readonly municipalities: readonly MunicipalityShareChange[];
  /** MAPC: mean of |change| over all municipalities. */
  readonly meanAbsoluteChange: number;
  /** MAPC per size class (empty without inhabitants). */
  readonly bySizeClass: readonly SizeClassStatistic[];
  readonly options: {
    readonly normalise: boolean;
    readonly weighted: boolean;
    readonly sizeClasses: SizeClasses;
  };
}

/**
 * Change in budget share ("budgetmutatie") from one allocation to the next and its mean absolute value, MAPC
 * [S0 ch.3; DOMAIN C.6]:
 *
 * `Δ_i = (s_i^t − s_i^{t−1}) / s_i^{t−1}`,  `MAPC = mean_i |Δ_i|`,
 *
 * on regular-budget shares, overall and per size class. Absolute values, so rises and falls do not cancel
 * (S0 fn 3). S0 reports 4.8% for 2023→2024 and about 4.3% a year earlier, on the 2023 classification: put
 * both years on one classification first (aggregateToClassification).
 *
 * @param input - Budgets of both years, optionally inhabitants (size classes) and weights.
 * @param options - Normalisation and size classes.
 * @returns Per-municipality changes, MAPC overall and by size class.
 * @throws {MunicipalityError} for a municipality missing from one input, NaN or negative values, or a previous
 *   share of 0 (relative change not defined).
 * @throws {SpecError} `unknown-option` / `invalid-option` for a bad option, `missing-input` for absent inputs.
 * @example
 * ```ts
 * import { budgetShareChange } from 'verdeelmodel/allocation';
 * budgetShareChange({ previous: { A: 50, B: 50 }, current: { A: 60, B: 40 } }).meanAbsoluteChange; // => 0.2
 * ```
 */
export function budgetShareChange(
  input: BudgetShareChangeInput,
  options: BudgetShareChangeOptions = {},
): BudgetShareChange {
  const o = checkOptions(options, ['normalise', 'sizeClasses'], WHERE);
  const normalise = oneOf(o.normalise ?? true, [true, false], 'normalise', WHERE);
  const {
    first: previous,
    second: current,
    g,
  } = readEvaluationPair(input, ['previous', 'current'], [], options, WHERE);
  requireAtLeast(previous, 'previous', 0, false, 'budgets and shares cannot be negative');
  requireAtLeast(current, 'current', 0, false, 'budgets and shares cannot be negative');
  const shares = (map: ReadonlyMap<string, number>, name: string) =>
    normalise ? toShares(map, g.ids, name) : g.ids.map((id) => map.get(id)!);
  const s0 = shares(previous, 'previous');
  const s1 = shares(current, 'current');
  const change = relativeDifferences(s1, s0, g.ids, 'the previous budget share');
  const { overall, bySizeClass, labels } = meanAbsoluteBySizeClass(change, g);
  return {
    municipalities: g.ids.map((id, i) => ({
      municipality: id,
      sizeClass: labels[i]!,
      previousShare: s0[i]!,
      currentShare: s1[i]!,
      change: change[i]!,
    })),
    meanAbsoluteChange: overall,
    bySizeClass,
    options: { normalise, weighted: g.weights !== null, sizeClasses: g.classes },
  };
}

const WHERE = 'budgetShareChange';
