import { DataError } from '../errors.js';
import { checkOptions } from '../internal/options.js';
import { eurosToCents } from './cents.js';
import { ownRisk, resolveSafetyNetThresholds, type SafetyNetThresholds } from './own-risk.js';

/** Input of {@link safetyNet}: one municipality-year, in euros. */
export interface SafetyNetInput {
  /** The (definitive) budget in euros (> 0). */
  readonly budget: number;
  /** Realised net spending in euros (≥ 0). */
  readonly spending: number;
}

/** Options of {@link safetyNet}. */
export interface SafetyNetOptions {
  /**
   * The year's thresholds.
   * @default the 2021 rule: 7.5% / 12.5% / maximum own risk 10%
   */
  readonly thresholds?: SafetyNetThresholds;
}

/** Result of {@link safetyNet}. Shares are fractions of the budget; cents are exact integers. */
export interface SafetyNetResult {
  readonly budget: number;
  readonly spending: number;
  /** Deficit in euros, spending − budget (negative for a surplus). */
  readonly deficit: number;
  /** Deficit as a fraction of the budget (negative for a surplus). */
  readonly deficitShare: number;
  /** Own risk as a fraction of the budget. */
  readonly ownRiskShare: number;
  /** Compensation as a fraction of the budget. */
  readonly compensationShare: number;
  /** Own risk in euros (unrounded). */
  readonly ownRisk: number;
  /** Safety-net payment in euros (unrounded). */
  readonly compensation: number;
  /** The deficit in cents, rounded spending − rounded budget (0 for a surplus). */
  readonly deficitCents: number;
  /** Compensation in cents, rounded to the nearest cent. */
  readonly compensationCents: number;
  /** Own risk in cents: deficitCents − compensationCents, so the two add up to the deficit exactly. */
  readonly ownRiskCents: number;
  readonly thresholds: Required<SafetyNetThresholds>;
}

/**
 * The safety net for one municipality-year in euros: deficit, own risk and safety-net payment
 * ("vangnetuitkering"), from the budget and realised spending [S3 §1.2; DOMAIN C.5]. A surplus gives zero own
 * risk and zero compensation (surpluses are kept, not capped [S1 §1.1]).
 *
 * @param input - Budget and spending in euros.
 * @param options - The year's thresholds.
 * @returns Amounts in euros and cents, and the same as fractions of the budget.
 * @throws {DataError} `out-of-range` for a non-positive budget, negative spending or amounts above 2^53 − 1
 *   cents, `missing-value` for NaN.
 * @throws {SpecError} `unknown-option` for an unknown option or input key.
 * @example
 * ```ts
 * import { safetyNet } from 'verdeelmodel/allocation';
 * const s = safetyNet({ budget: 1_000_000, spending: 1_200_000 });
 * [s.ownRiskCents, s.compensationCents]; // => [10_000_000, 10_000_000]   (€100,000 each)
 * ```
 */
export function safetyNet(input: SafetyNetInput, options: SafetyNetOptions = {}): SafetyNetResult {
  checkOptions(input, ['budget', 'spending'], 'safetyNet (input)');
  const { budget, spending } = input ?? ({} as Partial<SafetyNetInput>);
  for (const [name, v] of [
    ['budget', budget],
    ['spending', spending],
  ] as const) {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new DataError('missing-value', `safetyNet requires a finite ${name} in euros, got ${v}`, {
        column: name,
      });
    }
  }
  if (budget <= 0) {
    throw new DataError('out-of-range', `safetyNet requires a positive budget, got ${budget}`, {
      column: 'budget',
    });
  }
  if (spending < 0) {
    throw new DataError('out-of-range', `safetyNet requires non-negative spending, got ${spending}`, {
      column: 'spending',
    });
  }
  // Cents exactly, from the decimal value of each amount (Math.round(v * 100) is a cent off above about €3.5e13).
  const budgetCents = eurosToCents(budget, 'budget', 'nearest');
  const spendingCents = eurosToCents(spending, 'spending', 'nearest');
  const o = checkOptions(options, ['thresholds'], 'safetyNet');
  const thresholds = resolveSafetyNetThresholds(o.thresholds);
  const deficit = spending - budget;
  const deficitShare = deficit / budget;
  const ownRiskShare = ownRisk(deficitShare, thresholds);
  const compensationShare = Math.max(0, deficitShare - ownRiskShare);
  const compensation = compensationShare * budget;
  const deficitCents = Math.max(0, spendingCents - budgetCents);
  const compensationCents = Math.min(deficitCents, Math.max(0, Math.round(compensation * 100)));
  return {
    budget,
    spending,
    deficit,
    deficitShare,
    ownRiskShare,
    compensationShare,
    ownRisk: deficit > 0 ? deficit - compensation : 0,
    compensation,
    deficitCents,
    compensationCents,
    ownRiskCents: deficitCents - compensationCents,
    thresholds,
  };
}
