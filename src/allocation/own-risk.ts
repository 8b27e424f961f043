import { DataError, SpecError } from '../errors.js';
import { checkOptions } from '../internal/options.js';

/**
 * The safety-net ("vangnet") thresholds of one year, as fractions of the budget. The own risk rises 1:1 with
 * the deficit up to `ownRiskThreshold`, then linearly to `maximumOwnRisk` at `fullCompensationThreshold`,
 * and stays there: above that threshold every extra euro of deficit is reimbursed.
 */
export interface SafetyNetThresholds {
  /**
   * Deficit up to which the municipality bears everything ("eigenrisicodrempel").
   * @default 0.075 (2021)
   */
  readonly ownRiskThreshold?: number;
  /**
   * Deficit above which everything is reimbursed.
   * @default 0.125 (2021)
   */
  readonly fullCompensationThreshold?: number;
  /**
   * The largest own risk, reached at `fullCompensationThreshold`. With the 2021 values half of the deficit
   * between 7.5% and 12.5% is reimbursed: 7.5% + ½·5% = 10%.
   * @default 0.1 (2021)
   */
  readonly maximumOwnRisk?: number;
}

/** The 2021 safety-net rule [S3 §1.2]: 7.5% own-risk threshold, full compensation above 12.5%, own risk at most 10%. */
export const SAFETY_NET_THRESHOLDS_2021: Required<SafetyNetThresholds> = {
  ownRiskThreshold: 0.075,
  fullCompensationThreshold: 0.125,
  maximumOwnRisk: 0.1,
};

/**
 * Fill in and check safety-net thresholds: `0 <= ownRiskThreshold <= maximumOwnRisk`,
 * `ownRiskThreshold <= fullCompensationThreshold`, and the own risk cannot exceed the deficit
 * (`maximumOwnRisk <= fullCompensationThreshold`).
 *
 * @throws {SpecError} for thresholds that are not finite or out of order.
 * @example
 * ```ts
 * import { resolveSafetyNetThresholds } from 'verdeelmodel/allocation';
 * resolveSafetyNetThresholds({ ownRiskThreshold: 0.05, fullCompensationThreshold: 0.1, maximumOwnRisk: 0.075 });
 * ```
 */
export function resolveSafetyNetThresholds(
  thresholds: SafetyNetThresholds = {},
): Required<SafetyNetThresholds> {
  const given = checkOptions(
    thresholds,
    ['ownRiskThreshold', 'fullCompensationThreshold', 'maximumOwnRisk'],
    'safety-net thresholds',
  );
  const t = { ...SAFETY_NET_THRESHOLDS_2021, ...given };
  const { ownRiskThreshold: lo, fullCompensationThreshold: hi, maximumOwnRisk: max } = t;
  if (
    ![lo, hi, max].every(Number.isFinite) ||
    lo < 0 ||
    hi < lo ||
    max < lo ||
    max > hi ||
    (hi === lo && max !== lo)
  ) {
    throw new SpecError(
      'invalid-option',
      `safety-net thresholds need 0 <= ownRiskThreshold <= maximumOwnRisk <= fullCompensationThreshold, got ${lo}, ${max}, ${hi}`,
    );
  }
  return t;
}

function checkDeficit(deficitShare: number, fn: string) {
  if (typeof deficitShare !== 'number' || !Number.isFinite(deficitShare)) {
    throw new DataError(
      'missing-value',
      `${fn} requires a finite deficit share (a fraction of the budget), got ${deficitShare}`,
    );
  }
}

/**
 * Own risk ("eigen risico") under the safety net: the part of a deficit, as a fraction of the budget, that the
 * municipality bears itself [S3 §1.2; DOMAIN C.5]. With thresholds t₁ (own-risk threshold), t₂ (full
 * compensation) and maximum m,
 *
 * `ownRisk(d) = min(d, t₁) + (m − t₁)·max(0, min(d, t₂) − t₁)/(t₂ − t₁)`,
 *
 * which for 2021 is `min(d, 7.5%) + ½·max(0, min(d, 12.5%) − 7.5%)`. A surplus (d ≤ 0) carries no own risk.
 * Works on fractions (0.075, not 7.5); format as percentages on output.
 *
 * @param deficitShare - Deficit as a fraction of the budget, (spending − budget)/budget.
 * @param thresholds - The year's thresholds.
 * @returns The own risk as a fraction of the budget, in [0, maximumOwnRisk].
 * @throws {DataError} `missing-value` for NaN or infinite input.
 * @example
 * ```ts
 * import { ownRisk } from 'verdeelmodel/allocation';
 * ownRisk(0.05);  // => 0.05
 * ownRisk(0.1);   // => 0.0875
 * ownRisk(0.125); // => 0.1
 * ownRisk(0.2);   // => 0.1
 * ```
 */
export function ownRisk(deficitShare: number, thresholds: SafetyNetThresholds = {}): number {
  checkDeficit(deficitShare, 'ownRisk');
  const {
    ownRiskThreshold: lo,
    fullCompensationThreshold: hi,
    maximumOwnRisk: max,
  } = resolveSafetyNetThresholds(thresholds);
  if (deficitShare <= 0) return 0;
  if (deficitShare <= lo) return deficitShare;
  if (deficitShare >= hi) return max;
  return lo + ((max - lo) * (deficitShare - lo)) / (hi - lo);
}

/**
 * Safety-net payment ("vangnetuitkering") as a fraction of the budget: the part of the deficit above the
 * own risk, `max(0, d − ownRisk(d))` [DOMAIN C.5]. Whether a municipality actually receives it is judged by
 * the Toetsingscommissie vangnet; other conditions are not modelled.
 *
 * @param deficitShare - Deficit as a fraction of the budget.
 * @param thresholds - The year's thresholds.
 * @returns The compensation as a fraction of the budget (0 for a surplus).
 * @throws {DataError} `missing-value` for NaN or infinite input.
 * @example
 * ```ts
 * import { safetyNetCompensation } from 'verdeelmodel/allocation';
 * safetyNetCompensation(0.1); // => 0.0125
 * safetyNetCompensation(0.2); // => 0.1
 * ```
 */
export function safetyNetCompensation(deficitShare: number, thresholds: SafetyNetThresholds = {}): number {
  checkDeficit(deficitShare, 'safetyNetCompensation');
  return Math.max(0, deficitShare - ownRisk(deficitShare, thresholds));
}
