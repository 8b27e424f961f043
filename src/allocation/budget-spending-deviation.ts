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
import { correctedShares, type InhabitantsCorrection, inhabitantsGrowth } from './historical-shares.js';
import { type MunicipalityValues, requireAtLeast } from './municipality-values.js';
import type { SizeClasses } from './size-classes.js';

/** Input of {@link budgetSpendingDeviation}. */
export interface BudgetSpendingDeviationInput extends EvaluationGrouping {
  /** Regular budgets (or budget shares) of the budget year t, per municipality code. */
  readonly budget: MunicipalityValues;
  /** Realised spending in t−2 (the latest year available; 2022 for budget 2024). */
  readonly spending: MunicipalityValues;
  /** Inhabitants at t−2, for `inhabitantsCorrection: 'ratio'`. */
  readonly inhabitantsTwoYearsEarlier?: MunicipalityValues;
  /** Inhabitants at t−1, for `inhabitantsCorrection: 'ratio'`. */
  readonly inhabitantsPreviousYear?: MunicipalityValues;
}

/** Options of {@link budgetSpendingDeviation}. */
export interface BudgetSpendingDeviationOptions extends EvaluationOptions {
  /**
   * Correct spending for the growth in inhabitants t−2 → t−1 before taking shares (S0 fn 4, Fig 4.2 note);
   * `'ratio'` multiplies by inh^{t−1}/inh^{t−2}.
   * @default 'ratio'
   */
  readonly inhabitantsCorrection?: InhabitantsCorrection;
}

/** One municipality's deviation of budget share from spending share. */
export interface MunicipalityDeviation {
  /** The municipality code. */
  readonly municipality: string;
  readonly sizeClass: string | null;
  readonly budgetShare: number;
  /** Share of (inhabitants-corrected) spending. */
  readonly spendingShare: number;
  /** (budget share − spending share) / spending share; negative: budget below spending. */
  readonly deviation: number;
}

/** Result of {@link budgetSpendingDeviation}. */
export interface BudgetSpendingDeviation {
  /** Per municipality, in code order. */
  readonly municipalities: readonly MunicipalityDeviation[];
  /** MAD: mean of |deviation| over all municipalities. */
  readonly meanAbsoluteDeviation: number;
  /** MAD per size class (empty without inhabitants). */
  readonly bySizeClass: readonly SizeClassStatistic[];
  readonly options: {
    readonly inhabitantsCorrection: InhabitantsCorrection;
    readonly weighted: boolean;
    readonly sizeClasses: SizeClasses;
  };
}

/**
 * Deviation ("afwijking") of each municipality's budget share from its spending share and the mean absolute
 * deviation, MAD [S0 ch.4; DOMAIN C.6]:
 *
 * `dev_i = (s_i^{budget,t} − s_i^{spend,t−2}) / s_i^{spend,t−2}`,  `MAD = mean_i |dev_i|`,
 *
 * with spending corrected for the growth in inhabitants t−2 → t−1. S0 reports 6.7% for model 2024 against spending
 * 2022 (6.3% for model 2023); smallest for <15k (fully historical), largest for 40k-100k.
 *
 * @param input - Budgets, spending, inhabitants t−2 and t−1, optionally inhabitants and weights.
 * @param options - Inhabitants correction and size classes.
 * @returns Per-municipality deviations, MAD overall and by size class.
 * @throws {MunicipalityError} for a municipality missing from one input, NaN or negative values, or a spending
 *   share of 0 (deviation not defined).
 * @throws {SpecError} `unknown-option` / `invalid-option` for a bad option, `missing-input` for absent inputs.
 * @example
 * ```ts
 * import { budgetSpendingDeviation } from 'verdeelmodel/allocation';
 * budgetSpendingDeviation(
 *   { budget: { A: 55, B: 45 }, spending: { A: 50, B: 50 } },
 *   { inhabitantsCorrection: 'none' },
 * ).meanAbsoluteDeviation; // => 0.1
 * ```
 */
export function budgetSpendingDeviation(
  input: BudgetSpendingDeviationInput,
  options: BudgetSpendingDeviationOptions = {},
): BudgetSpendingDeviation {
  const o = checkOptions(options, ['inhabitantsCorrection', 'sizeClasses'], WHERE);
  const inhabitantsCorrection = oneOf(
    o.inhabitantsCorrection ?? 'ratio',
    ['ratio', 'none'],
    'inhabitantsCorrection',
    WHERE,
  );
  const {
    first: budget,
    second: spending,
    g,
  } = readEvaluationPair(
    input,
    ['budget', 'spending'],
    ['inhabitantsTwoYearsEarlier', 'inhabitantsPreviousYear'],
    options,
    WHERE,
  );
  requireAtLeast(budget, 'budget', 0, false, 'budgets cannot be negative');
  requireAtLeast(spending, 'spending', 0, false, 'realised spending cannot be negative');
  const growth =
    inhabitantsCorrection === 'ratio'
      ? inhabitantsGrowth(spending, input.inhabitantsTwoYearsEarlier, input.inhabitantsPreviousYear, g.ids)
      : undefined;
  const budgetShares = toShares(budget, g.ids, 'budget');
  const order = g.ids.map((_, i) => i);
  const spendingShares = correctedShares(
    g.ids.map((id) => spending.get(id)!),
    growth,
    order,
    'spending',
    WHERE,
  ).shares;
  const deviation = relativeDifferences(budgetShares, spendingShares, g.ids, 'the spending share');
  const { overall, bySizeClass, labels } = meanAbsoluteBySizeClass(deviation, g);
  return {
    municipalities: g.ids.map((id, i) => ({
      municipality: id,
      sizeClass: labels[i]!,
      budgetShare: budgetShares[i]!,
      spendingShare: spendingShares[i]!,
      deviation: deviation[i]!,
    })),
    meanAbsoluteDeviation: overall,
    bySizeClass,
    options: { inhabitantsCorrection, weighted: g.weights !== null, sizeClasses: g.classes },
  };
}

const WHERE = 'budgetSpendingDeviation';
