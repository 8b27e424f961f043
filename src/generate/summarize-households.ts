import { SIZE_CLASS_LEVELS } from './levels.js';
import type { GeneratedHouseholds } from './types.js';

/** Aggregates of generated households, to compare with the calibration targets of DOMAIN 6b. */
export interface HouseholdSummary {
  readonly households: number;
  readonly municipalities: number;
  /** Municipalities per size class, in {@link SIZE_CLASS_LEVELS} order. */
  readonly sizeClassCounts: Readonly<Record<string, number>>;
  /** Share of households on assistance. */
  readonly receiptRate: number;
  /** Mean yearly benefit per recipient household (euros). */
  readonly meanBenefit: number;
  /** Mean fraction of the norm among recipients, and the share receiving the full norm. */
  readonly meanFraction: number;
  readonly fullBenefitShare: number;
  /** Share of recipients with LKS. */
  readonly lksShare: number;
  /** G4 shares of inhabitants, of realised spending and of true expected spending. */
  readonly g4PopulationShare: number;
  readonly g4SpendingShare: number;
  readonly g4ExpectedSpendingShare: number;
  /** Realised spending at national scale (euros). */
  readonly nationalSpending: number;
  /**
   * R² of realised spending per inhabitant on feature-only expected spending per inhabitant across
   * municipalities: how much of the municipal variation a perfect model explains (the rest is the
   * municipal effects and sampling noise). Null with fewer than two municipalities or when either
   * side does not vary (an R² is then undefined).
   */
  readonly municipalR2: number | null;
}

/**
 * Summarise generated households against the calibration targets (DOMAIN 6b).
 *
 * @param households - the result of `generateHouseholds`
 * @returns receipt rate, mean benefit, G4 shares, size-class counts and more
 * @example
 * ```ts
 * import { generateHouseholds, summarizeHouseholds } from 'verdeelmodel/generate';
 * const s = summarizeHouseholds(generateHouseholds({ households: 200_000, seed: 1 }));
 * s.receiptRate; // => ≈ 0.05
 * ```
 */
export function summarizeHouseholds(households: GeneratedHouseholds): HouseholdSummary {
  const { numeric, municipalities: m } = households;
  const n = households.rows;
  let recipients = 0;
  let benefit = 0;
  let fraction = 0;
  let full = 0;
  let lks = 0;
  for (let r = 0; r < n; r++) {
    if (!numeric.receipt[r]) continue;
    recipients++;
    benefit += numeric.benefit[r]!;
    fraction += numeric.fraction[r]!;
    if (numeric.fraction[r] === 1) full++;
    lks += numeric.lks[r]!;
  }
  const sizeClassCounts: Record<string, number> = Object.fromEntries(SIZE_CLASS_LEVELS.map((c) => [c, 0]));
  for (const c of m.sizeClass) sizeClassCounts[c]!++;
  const g4 = SIZE_CLASS_LEVELS[4];
  const share = (values: ArrayLike<number>) => {
    let all = 0;
    let big = 0;
    for (let i = 0; i < values.length; i++) {
      all += values[i]!;
      if (m.sizeClass[i] === g4) big += values[i]!;
    }
    return big / all;
  };
  let nationalSpending = 0;
  for (const x of m.spending) nationalSpending += x;
  const actual = Array.from(m.spending, (x, i) => x / m.inhabitants[i]!);
  const expected = Array.from(m.featureSpending, (x, i) => x / m.inhabitants[i]!);
  return {
    households: n,
    municipalities: m.id.length,
    sizeClassCounts,
    receiptRate: recipients / n,
    meanBenefit: benefit / recipients,
    meanFraction: fraction / recipients,
    fullBenefitShare: full / recipients,
    lksShare: lks / recipients,
    g4PopulationShare: share(m.inhabitants),
    g4SpendingShare: share(m.spending),
    g4ExpectedSpendingShare: share(m.expectedSpending),
    nationalSpending,
    municipalR2: rSquared(actual, expected),
  };
}

function rSquared(y: readonly number[], x: readonly number[]): number | null {
  const k = y.length;
  const my = y.reduce((a, b) => a + b, 0) / k;
  const mx = x.reduce((a, b) => a + b, 0) / k;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < k; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  if (k < 2 || !(sxx > 0 && syy > 0)) return null;
  const r2 = (sxy * sxy) / (sxx * syy);
  return Number.isFinite(r2) ? r2 : null;
}
