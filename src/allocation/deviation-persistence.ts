import { DataError } from '../errors.js';
import { checkOptions } from '../internal/options.js';
import {
  bySizeClass,
  type EvaluationGrouping,
  type EvaluationOptions,
  type LinearFit,
  linearFit,
  readEvaluationPair,
  type SizeClassStatistic,
} from './group-statistics.js';
import type { MunicipalityValues } from './municipality-values.js';
import type { SizeClasses } from './size-classes.js';

/** Input of {@link deviationPersistence}. */
export interface DeviationPersistenceInput extends EvaluationGrouping {
  /** Deviations of the earlier model (e.g. model 2023), per municipality code. */
  readonly previous: MunicipalityValues;
  /** Deviations of the later model (e.g. model 2024). */
  readonly current: MunicipalityValues;
}

/** Result of {@link deviationPersistence}. */
export interface DeviationPersistence {
  /** OLS of current on previous deviations over all municipalities: R², slope, intercept, n. */
  readonly overall: LinearFit;
  /** R² per size class; `value` is null where it is not defined (fewer than 3 municipalities, no variation). */
  readonly bySizeClass: readonly SizeClassStatistic[];
  readonly options: { readonly weighted: boolean; readonly sizeClasses: SizeClasses };
}

/**
 * Persistence of deviations: the R² of this year's deviation (budget share vs spending share) on last year's,
 * across municipalities [S0 ch.4, Fig 4.3; DOMAIN C.6]. The sources do not give the model; the default is OLS
 * with an intercept, whose R² equals the squared Pearson correlation (weighted when weights are given).
 * S0 reports R² = 0.70 (text: 2024 vs 2023; the figure title says 2023 vs 2022).
 *
 * @param input - Deviations of two models (e.g. `deviation` from budgetSpendingDeviation), optionally
 *   inhabitants and weights.
 * @param options - Size classes.
 * @returns The overall fit and R² per size class.
 * @throws {MunicipalityError} for a municipality missing from one input or NaN values.
 * @throws {SpecError} `unknown-option` for a bad option, `missing-input` for absent inputs.
 * @throws {DataError} `too-few-rows` with fewer than 3 municipalities, `zero-variance` without variation.
 * @example
 * ```ts
 * import { deviationPersistence } from 'verdeelmodel/allocation';
 * deviationPersistence({ previous: { A: -0.1, B: 0, C: 0.1 }, current: { A: -0.2, B: 0, C: 0.2 } }).overall.rSquared;
 * // => 1
 * ```
 */
export function deviationPersistence(
  input: DeviationPersistenceInput,
  options: EvaluationOptions = {},
): DeviationPersistence {
  checkOptions(options, ['sizeClasses'], WHERE);
  const {
    first: previous,
    second: current,
    g,
  } = readEvaluationPair(input, ['previous', 'current'], [], options, WHERE);
  const x = g.ids.map((id) => previous.get(id)!);
  const y = g.ids.map((id) => current.get(id)!);
  const everyone = g.ids.map((_, i) => i);
  const overall = linearFit(x, y, everyone, g.weights);
  if (!overall) {
    throw g.ids.length < 3
      ? new DataError(
          'too-few-rows',
          `deviationPersistence needs at least 3 municipalities, got ${g.ids.length}`,
        )
      : new DataError(
          'zero-variance',
          'deviationPersistence: the deviations do not vary, so R² is not defined',
        );
  }
  const stats = bySizeClass(g, (idx) => linearFit(x, y, idx, g.weights)?.rSquared ?? null);
  return {
    overall,
    bySizeClass: stats.bySizeClass,
    options: { weighted: g.weights !== null, sizeClasses: g.classes },
  };
}

const WHERE = 'deviationPersistence';
