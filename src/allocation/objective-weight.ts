import { DataError, SpecError } from '../errors.js';
import { checkOptions } from '../internal/options.js';

/** Options of {@link objectiveWeight}: the size-class ("grootteklasse") boundaries of the mixing rule. */
export interface ObjectiveWeightOptions {
  /**
   * Inhabitants at and below which a municipality is budgeted fully historically (weight 0).
   * @default 15000
   */
  readonly lower?: number;
  /**
   * Inhabitants at and above which a municipality is budgeted fully objectively (weight 1).
   * @default 40000
   */
  readonly upper?: number;
}

/** The 2024 mixing-rule boundaries [S0 ch.2; S4 fn 16]. */
export const DEFAULT_OBJECTIVE_WEIGHT_BOUNDS = { lower: 15_000, upper: 40_000 } as const;

/**
 * Objective weight of the size-class mixing rule: the fraction of a municipality's benefits budget that is
 * distributed by the model (objectief) rather than by realised spending (historisch),
 *
 * `w = clip((inhabitants − lower) / (upper − lower), 0, 1)`,
 *
 * 0 up to 15,000 inhabitants, 1 from 40,000, rising linearly in between [S0 ch.2; S4 §2.2, fn 16;
 * Besluit Participatiewet art. 3(3)]. S4 fn 16 prints "(inwoners × 15.000) / 25.000": a typo, since it
 * would give weights far above 1; only the minus matches its own text ("rises linearly from 0 at 15k to 1 at
 * 40k"). The weight is continuous, so whether a boundary belongs to the lower or upper class does not matter.
 * Which population date to use is not stated in the sources; the usual choice is 1 January of the year before
 * the budget year.
 *
 * @param inhabitants - Number of inhabitants (> 0).
 * @param options - The boundaries of the linear part.
 * @returns The weight in [0, 1].
 * @throws {DataError} `out-of-range` when `inhabitants` is not a positive finite number.
 * @throws {SpecError} when `lower >= upper`.
 * @example
 * ```ts
 * import { objectiveWeight } from 'verdeelmodel/allocation';
 * objectiveWeight(27_500); // => 0.5
 * objectiveWeight(12_000); // => 0
 * objectiveWeight(52_000); // => 1
 * ```
 */
export function objectiveWeight(inhabitants: number, options: ObjectiveWeightOptions = {}): number {
  const { lower, upper } = resolveObjectiveWeightOptions(options);
  if (typeof inhabitants !== 'number' || !Number.isFinite(inhabitants) || inhabitants <= 0) {
    throw new DataError(
      'out-of-range',
      `objectiveWeight requires a positive number of inhabitants, got ${inhabitants}`,
      { column: 'inhabitants' },
    );
  }
  return Math.min(1, Math.max(0, (inhabitants - lower) / (upper - lower)));
}

/** Fill in and check the boundaries of {@link objectiveWeight}. */
export function resolveObjectiveWeightOptions(
  options: ObjectiveWeightOptions = {},
): Required<ObjectiveWeightOptions> {
  const o = checkOptions(options, ['lower', 'upper'], 'objectiveWeight');
  const lower = o.lower ?? DEFAULT_OBJECTIVE_WEIGHT_BOUNDS.lower;
  const upper = o.upper ?? DEFAULT_OBJECTIVE_WEIGHT_BOUNDS.upper;
  if (
    typeof lower !== 'number' ||
    typeof upper !== 'number' ||
    !Number.isFinite(lower) ||
    !Number.isFinite(upper) ||
    lower < 0 ||
    lower >= upper
  ) {
    throw new SpecError(
      'invalid-option',
      `objectiveWeight requires 0 <= lower < upper, got lower ${lower}, upper ${upper}`,
    );
  }
  return { lower, upper };
}
