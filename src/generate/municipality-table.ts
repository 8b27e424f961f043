import { sizeClassIndex } from '../allocation/size-classes.js';
import { createRng } from '../internal/random.js';
import { NORM_INDEXATION } from './draw-covariates.js';
import type { OutcomeSums } from './draw-outcomes.js';
import { SIZE_CLASS_LEVELS } from './levels.js';
import { type MunicipalityFrame, STREAM } from './municipality-frame.js';
import type { MunicipalityTable } from './types.js';

/** Mean monthly LKS price per trajectory (WML-deflated, 2023-24; S4 §3.2.2). */
export const LKS_MONTHLY_PRICE = 1025;

/** DTI spending as a fraction of benefit spending (EXTERNAL order of magnitude). */
const DTI_SHARE = 0.03;

/** SD of municipality-specific drift between realised spending two years ago and now (log scale). */
const HISTORY_NOISE = 0.05;

/**
 * Municipal table: population, regional values, generated counts, and spending at national scale
 * (sample sums × national households per generated household). History (spending t − 2, LKS t − 1)
 * is this year's true expected spending scaled back by population and the norm indexation, with
 * national-scale counting noise and a municipal drift.
 */
export function buildMunicipalityTable(
  frame: MunicipalityFrame,
  households: Int32Array,
  sums: OutcomeSums,
  nationalHouseholds: number,
  seed: number,
): MunicipalityTable {
  const n = frame.count;
  const rng = createRng(seed, STREAM.history, frame.year);
  const totalInhabitants = frame.inhabitants.reduce((a, b) => a + b, 0);
  const householdWeight = new Float64Array(n);
  const spending = new Float64Array(n);
  const expectedSpending = new Float64Array(n);
  const featureSpending = new Float64Array(n);
  const spendingTwoYearsBefore = new Float64Array(n);
  const lksSpendingPreviousYear = new Float64Array(n);
  const dtiSpendingTwoYearsBefore = new Float64Array(n);
  const index = 1 + NORM_INDEXATION;
  for (let i = 0; i < n; i++) {
    const weight = (nationalHouseholds * frame.inhabitants[i]!) / totalInhabitants / households[i]!;
    householdWeight[i] = weight;
    spending[i] = weight * sums.spending[i]!;
    expectedSpending[i] = weight * sums.expectedSpending[i]!;
    featureSpending[i] = weight * sums.featureSpending[i]!;
    const popBack2 = frame.inhabitantsPrev2[i]! / frame.inhabitants[i]!;
    const popBack1 = frame.inhabitantsPrev[i]! / frame.inhabitants[i]!;
    // Past years are realised on the whole country, not on the sample: the true expectation with
    // national-scale counting noise and a municipal drift, so small samples never give zero history.
    const drift = Math.exp(HISTORY_NOISE * rng.normal() - 0.5 * HISTORY_NOISE ** 2);
    const recipients = weight * sums.expectedRecipients[i]!;
    const counting = Math.max(0.05, 1 + rng.normal() / Math.sqrt(recipients));
    spendingTwoYearsBefore[i] = (expectedSpending[i]! * popBack2 * drift * counting) / index ** 2;
    const lks = weight * sums.expectedLksRecipients[i]!;
    const lksCounting = Math.max(0.05, 1 + rng.normal() / Math.sqrt(lks));
    const lksDrift = Math.exp(0.1 * rng.normal() - 0.005);
    lksSpendingPreviousYear[i] = (lks * 12 * LKS_MONTHLY_PRICE * popBack1 * lksDrift * lksCounting) / index;
  }
  // DTI is concentrated in the central municipalities ("centrumgemeenten").
  let dtiWeight = 0;
  const dti = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    dti[i] = frame.inhabitantsPrev2[i]! * frame.dtiPropensity[i]!;
    dtiWeight += dti[i]!;
  }
  const dtiTotal = DTI_SHARE * spendingTwoYearsBefore.reduce((a, b) => a + b, 0);
  for (let i = 0; i < n; i++) dtiSpendingTwoYearsBefore[i] = (dtiTotal * dti[i]!) / dtiWeight;
  return {
    id: [...frame.ids],
    name: [...frame.names],
    sizeClass: Array.from(frame.inhabitants, (x) => SIZE_CLASS_LEVELS[sizeClassIndex(x)]!),
    inhabitants: frame.inhabitants,
    inhabitantsPreviousYear: frame.inhabitantsPrev,
    inhabitantsTwoYearsBefore: frame.inhabitantsPrev2,
    inhabitants15to65: frame.inhabitants.map((x, i) => Math.round(x * frame.share15to65[i]!)),
    populationGrowth: frame.growth,
    urbanity: frame.urbanity,
    workAvailability: frame.workAvailability,
    workNotNorm: frame.workNotNorm,
    lowSkilledWork: frame.lowSkilledWork,
    households,
    householdWeight,
    recipients: Int32Array.from(sums.recipients),
    lksRecipients: Int32Array.from(sums.lksRecipients),
    expectedRecipients: sums.expectedRecipients,
    expectedLksRecipients: sums.expectedLksRecipients,
    spending,
    expectedSpending,
    featureSpending,
    spendingTwoYearsBefore,
    lksSpendingPreviousYear,
    dtiSpendingTwoYearsBefore,
  };
}
