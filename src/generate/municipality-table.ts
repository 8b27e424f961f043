import { sizeClassIndex } from '../allocation/size-classes.js';
import { createRng } from '../internal/random.js';
import { NORM_INDEXATION } from './draw-covariates.js';
import type { OutcomeSums } from './draw-outcomes.js';
import { SIZE_CLASS_LEVELS } from './levels.js';
import { BASE_YEAR, type MunicipalityFrame, STREAM } from './municipality-frame.js';
import type { MunicipalityTable } from './types.js';

/** Mean benefit as a fraction of the norm at the default options (≈ 0.9; summarizeHouseholds). */
const MEAN_FRACTION = 0.9;

/** Mean monthly LKS price per trajectory (WML-deflated, 2023-24; S4 §3.2.2). */
export const LKS_MONTHLY_PRICE = 1025;

/** DTI spending as a fraction of benefit spending (EXTERNAL order of magnitude). */
const DTI_SHARE = 0.03;

/**
 * SD (log scale) of the yearly municipal noise in realised spending beyond counting noise (timing of
 * payments, recoveries, fraud cases): drawn afresh each year.
 */
const HISTORY_NOISE = 0.05;

/** SD (log scale) of the yearly municipal noise in realised LKS spending (start-ups of trajectories). */
const LKS_NOISE = 0.1;

/**
 * Persistence of the realisation noise from one year to the next: the recipients of one year are
 * mostly those of the year before (bijstand spells last years), so a municipality that counts more
 * recipients than expected this year does so next year too. AR(1), as the municipal effects.
 */
export const REALISATION_PERSISTENCE = 0.85;

/**
 * The realisation noise of every municipality in one year: four standard normals per municipality
 * (bijstand counting and drift, LKS counting and drift), each a stationary AR(1) over the years
 * ({@link REALISATION_PERSISTENCE}) walked from the base year with the innovations of each year's
 * stream. Keyed by the year only: the table of data year y and the table of y + 2 (which reports
 * y's spending as its history) carry the same noise for year y.
 */
function realisationNoise(seed: number, year: number, n: number): Float64Array {
  const rho = REALISATION_PERSISTENCE;
  const innovation = Math.sqrt(1 - rho * rho);
  const start = createRng(seed, STREAM.history, BASE_YEAR);
  const z = new Float64Array(4 * n);
  for (let k = 0; k < z.length; k++) z[k] = start.normal();
  const step = (y: number) => {
    const rng = createRng(seed, STREAM.history, y, 1);
    for (let k = 0; k < z.length; k++) z[k] = rho * z[k]! + innovation * rng.normal();
  };
  for (let y = BASE_YEAR + 1; y <= year; y++) step(y);
  for (let y = BASE_YEAR; y > year; y--) step(y);
  return z;
}

/** Multiplicative noise: counting noise of `count` units (relative SD 1/√count) times a log-normal drift. */
function realisation(count: number, zCount: number, zDrift: number, sd: number): number {
  const counting = Math.max(0.05, 1 + zCount / Math.sqrt(Math.max(count, 1)));
  return counting * Math.exp(sd * zDrift - 0.5 * sd * sd);
}

/**
 * Municipal table: population, regional values, generated counts, and spending at national scale
 * (sample sums × national households per generated household). Realised spending of a year is the
 * true expected spending of that year's households times the realisation noise of that year
 * (counting noise of the whole country's recipients and a drift), keyed by the year so that the
 * history another year's table reports is the same realisation.
 */
export function buildMunicipalityTable(
  frame: MunicipalityFrame,
  households: Int32Array,
  sums: OutcomeSums,
  nationalHouseholds: number,
  seed: number,
  effects: {
    readonly volume: Float64Array;
    readonly price: Float64Array;
    readonly volumeTwoYearsBefore: Float64Array;
    readonly priceTwoYearsBefore: Float64Array;
  },
): MunicipalityTable {
  const n = frame.count;
  const now = realisationNoise(seed, frame.year, n);
  const before1 = realisationNoise(seed, frame.year - 1, n);
  const before2 = realisationNoise(seed, frame.year - 2, n);
  const totalInhabitants = frame.inhabitants.reduce((a, b) => a + b, 0);
  const householdWeight = new Float64Array(n);
  const spending = new Float64Array(n);
  const expectedSpending = new Float64Array(n);
  const featureSpending = new Float64Array(n);
  const realisedSpending = new Float64Array(n);
  const realisedLksSpending = new Float64Array(n);
  const spendingTwoYearsBefore = new Float64Array(n);
  const lksSpendingPreviousYear = new Float64Array(n);
  const dtiSpendingTwoYearsBefore = new Float64Array(n);
  const index = 1 + NORM_INDEXATION;
  const lksPrice = 12 * LKS_MONTHLY_PRICE * index ** (frame.year - BASE_YEAR);
  for (let i = 0; i < n; i++) {
    const weight = (nationalHouseholds * frame.inhabitants[i]!) / totalInhabitants / households[i]!;
    householdWeight[i] = weight;
    spending[i] = weight * sums.spending[i]!;
    expectedSpending[i] = weight * sums.expectedSpending[i]!;
    featureSpending[i] = weight * sums.featureSpending[i]!;
    const recipients = weight * sums.expectedRecipients[i]!;
    const lks = weight * sums.expectedLksRecipients[i]!;
    realisedSpending[i] =
      expectedSpending[i]! * realisation(recipients, now[4 * i]!, now[4 * i + 1]!, HISTORY_NOISE);
    realisedLksSpending[i] = lks * lksPrice * realisation(lks, now[4 * i + 2]!, now[4 * i + 3]!, LKS_NOISE);
    // History as far as this year's households tell it: scaled back by population and the norm
    // indexation, under the municipal effects of that year, with that year's realisation noise.
    const popBack2 = frame.inhabitantsPrev2[i]! / frame.inhabitants[i]!;
    const popBack1 = frame.inhabitantsPrev[i]! / frame.inhabitants[i]!;
    // The effects of t − 2 instead of t, to first order on the logit scale: d log p / du = 1 − p
    // (p the municipality's mean receipt rate), d log E[f] / dv = 1 − E[f] (≈ 0.1: fractions ≈ 0.9).
    const rate = sums.expectedRecipients[i]! / households[i]!;
    const shift = Math.exp(
      (effects.volumeTwoYearsBefore[i]! - effects.volume[i]!) * (1 - rate) +
        (effects.priceTwoYearsBefore[i]! - effects.price[i]!) * (1 - MEAN_FRACTION),
    );
    spendingTwoYearsBefore[i] =
      (expectedSpending[i]! *
        shift *
        popBack2 *
        realisation(recipients * popBack2, before2[4 * i]!, before2[4 * i + 1]!, HISTORY_NOISE)) /
      index ** 2;
    lksSpendingPreviousYear[i] =
      ((lks * popBack1 * lksPrice) / index) *
      realisation(lks * popBack1, before1[4 * i + 2]!, before1[4 * i + 3]!, LKS_NOISE);
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
    realisedSpending,
    realisedLksSpending,
    spendingTwoYearsBefore,
    lksSpendingPreviousYear,
    dtiSpendingTwoYearsBefore,
  };
}
