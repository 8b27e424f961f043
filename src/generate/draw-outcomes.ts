import { SpecError } from '../errors.js';
import { createRng } from '../internal/random.js';
import { STREAM } from './municipality-frame.js';
import { type HouseholdColumn, planTermLinearPredictor, readsColumn } from './term-linear-predictor.js';
import type { TrueCoefficients } from './truth.js';

/** Everything the outcome draws need to know about the truth. */
export interface OutcomeModel {
  readonly volume: TrueCoefficients;
  readonly price: TrueCoefficients;
  readonly lks: TrueCoefficients;
  /** Municipal effects on the logit scale, by municipality index (already scaled by their SD). */
  readonly volumeEffects: Float64Array;
  readonly priceEffects: Float64Array;
  /** κ: P(f = 1) = κ·μ (full benefit, no other income). */
  readonly fullBenefitWeight: number;
  /** φ: precision of the Beta part of the fraction. */
  readonly precision: number;
}

/** Per-municipality sums over the generated households (sample scale, not weighted to the country). */
export interface OutcomeSums {
  readonly recipients: Float64Array;
  readonly lksRecipients: Float64Array;
  readonly expectedRecipients: Float64Array;
  /** Σ P(receipt)·P(LKS | receipt): the expected number of LKS recipients. */
  readonly expectedLksRecipients: Float64Array;
  readonly spending: Float64Array;
  readonly expectedSpending: Float64Array;
  /** Expected spending with the municipal effects set to 0: what a perfectly estimated model predicts. */
  readonly featureSpending: Float64Array;
}

/** The logistic function (one implementation for both threads: the same bits wherever it runs). */
export function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** The truth as the row-wise part of the draws needs it (a structured-clone copy in a worker). */
export interface RowModel {
  readonly volume: TrueCoefficients;
  readonly price: TrueCoefficients;
  readonly lks: TrueCoefficients;
  readonly volumeEffects: Float64Array;
  readonly priceEffects: Float64Array;
}

/**
 * What the outcome draws need of each row that takes no random number, computed row by row (on two
 * threads for a large population) with receipt, LKS, fraction and benefit all 0, before the draws.
 */
export interface OutcomeRows {
  /** P(receipt) = logistic(η + u_municipality) of the volume model. */
  readonly volume: Float64Array;
  /** P(LKS | receipt) = logistic(η) of the LKS model. */
  readonly lks: Float64Array;
  /** η of the price model. */
  readonly price: Float64Array;
  /** The row's terms of the expected and the feature spending, for LKS 0. */
  readonly expectedSpending: Float64Array;
  readonly featureSpending: Float64Array;
}

/** Rows per block of {@link outcomeRows}. */
const OUTCOME_BLOCK = 4096;

/** Zeroed outcome rows for `n` households, their memory from `buffer`. */
export function allocateOutcomeRows(n: number, buffer: (bytes: number) => ArrayBufferLike): OutcomeRows {
  const f64 = () => new Float64Array(buffer(8 * n));
  return { volume: f64(), lks: f64(), price: f64(), expectedSpending: f64(), featureSpending: f64() };
}

/**
 * A function that computes the outcome rows of rows [r0, r1) over `columns` (all `n` rows; the
 * outcome columns still 0), whose municipality is `municipality[r]`: the three linear predictors,
 * P(receipt), P(LKS) and the row's expected and feature spending terms, each by the very
 * expressions {@link drawOutcomes} used on one thread (with LKS 0), so that the draws can take them
 * as they are.
 */
export function outcomeRows(
  columns: Readonly<Record<string, HouseholdColumn>>,
  model: RowModel,
  n: number,
  out: OutcomeRows,
  municipality: Uint16Array,
  norm: Float64Array,
): (r0: number, r1: number) => void {
  const volumePlan = planTermLinearPredictor(columns, model.volume, n);
  const lksPlan = planTermLinearPredictor(columns, model.lks, n);
  const pricePlan = planTermLinearPredictor(columns, model.price, n);
  const { volume, lks: pLks, price, expectedSpending, featureSpending } = out;
  const { volumeEffects, priceEffects } = model;
  const gammaLks = model.price.lks ?? 0;
  const lks = 0;
  // η in blocks of private memory, the shared arrays only stored to (never read back): a thread
  // that computes the same rows as another (a worker given up but still running) writes the same numbers.
  const etaVolume = new Float64Array(OUTCOME_BLOCK);
  const etaLks = new Float64Array(OUTCOME_BLOCK);
  const etaPrice = new Float64Array(OUTCOME_BLOCK);
  return (r0, r1) => {
    for (let b0 = r0; b0 < r1; b0 += OUTCOME_BLOCK) {
      const b1 = Math.min(r1, b0 + OUTCOME_BLOCK);
      volumePlan(b0, b1, etaVolume, 0);
      lksPlan(b0, b1, etaLks, 0);
      pricePlan(b0, b1, etaPrice, 0);
      price.set(etaPrice.subarray(0, b1 - b0), b0);
      for (let r = b0; r < b1; r++) {
        const i = municipality[r]!;
        const ev = etaVolume[r - b0]!;
        const p = logistic(ev + volumeEffects[i]!);
        const q = logistic(etaLks[r - b0]!);
        const base = etaPrice[r - b0]! - gammaLks * lks + priceEffects[i]!;
        const meanFraction = (1 - q) * logistic(base) + q * logistic(base + gammaLks);
        expectedSpending[r] = p * meanFraction * norm[r]!;
        const base0 = base - priceEffects[i]!;
        const meanFraction0 = (1 - q) * logistic(base0) + q * logistic(base0 + gammaLks);
        featureSpending[r] = logistic(ev) * meanFraction0 * norm[r]!;
        volume[r] = p;
        pLks[r] = q;
      }
    }
  };
}

/**
 * Draw receipt (known logit), LKS among recipients (known logit) and the fraction of the norm paid
 * (mean = logistic of the known price index). The fraction is a mixture: f = 1 with probability κμ,
 * otherwise Beta with mean m = μ(1 − κ)/(1 − κμ) and precision φ, so that E[f] = κμ + (1 − κμ)m = μ
 * exactly and a fractional logit on recipients is consistent for the true coefficients.
 * Writes `receipt`, `lks`, `fraction` and `benefit` in place.
 *
 * `pre` holds the {@link outcomeRows} of every row (computed with the outcomes still 0; the model
 * must be the one they were computed with). A row where a model reads an outcome drawn before it
 * (receipt or LKS, for the LKS and price models) is computed again here once that is drawn, and a
 * row with LKS takes the expressions in full, so every number is the one computed over the columns
 * as they are at that draw, as when each model was evaluated after the draws before it.
 */
export function drawOutcomes(
  columns: Readonly<Record<string, HouseholdColumn>>,
  out: {
    municipality: Uint16Array;
    norm: Float64Array;
    receipt: Uint8Array;
    lks: Uint8Array;
    fraction: Float32Array;
    benefit: Float64Array;
  },
  model: OutcomeModel,
  municipalities: number,
  seed: number,
  year: number,
  pre: OutcomeRows,
): OutcomeSums {
  const n = out.norm.length;
  // The volume model comes before every draw: it cannot read what is drawn after it (and its η is
  // computed again below for the LKS rows, from the columns with receipt and LKS drawn).
  for (const drawn of ['receipt', 'lks']) {
    if (readsColumn(columns, model.volume, drawn)) {
      throw new SpecError(
        'invalid-option',
        `the volume model cannot read '${drawn}', which is drawn from it`,
      );
    }
  }
  const { municipality, norm, receipt, lks, fraction, benefit } = out;
  const sums: OutcomeSums = {
    recipients: new Float64Array(municipalities),
    lksRecipients: new Float64Array(municipalities),
    expectedRecipients: new Float64Array(municipalities),
    expectedLksRecipients: new Float64Array(municipalities),
    spending: new Float64Array(municipalities),
    expectedSpending: new Float64Array(municipalities),
    featureSpending: new Float64Array(municipalities),
  };
  // Locals: record properties are slower to read in the hot loops.
  const {
    recipients,
    lksRecipients,
    expectedRecipients,
    expectedLksRecipients,
    spending,
    expectedSpending,
    featureSpending,
  } = sums;
  const priceEffects = model.priceEffects;
  const preSpending = pre.expectedSpending;
  const preFeature = pre.featureSpending;
  const pReceipt = pre.volume;
  const receiptRng = createRng(seed, STREAM.receipt, year);
  for (let r = 0; r < n; r++) {
    const i = municipality[r]!;
    const p = pReceipt[r]!;
    expectedRecipients[i]! += p;
    receipt[r] = receiptRng.uniform() < p ? 1 : 0;
  }
  const q = pre.lks;
  const lksReceipt = readsColumn(columns, model.lks, 'receipt');
  if (lksReceipt) {
    const again = planTermLinearPredictor(columns, model.lks, n);
    for (let r = 0; r < n; r++) {
      if (!receipt[r]) continue;
      again(r, r + 1, q, r);
      q[r] = logistic(q[r]!);
    }
  }
  const lksRng = createRng(seed, STREAM.lks, year);
  for (let r = 0; r < n; r++) {
    if (receipt[r]) lks[r] = lksRng.uniform() < q[r]! ? 1 : 0;
  }
  const etaPrice = pre.price;
  const priceReceipt = readsColumn(columns, model.price, 'receipt');
  if (priceReceipt || readsColumn(columns, model.price, 'lks')) {
    // LKS is drawn among recipients only: a row without receipt has LKS 0 as well.
    const again = planTermLinearPredictor(columns, model.price, n);
    for (let r = 0; r < n; r++) if (priceReceipt ? receipt[r] : lks[r]) again(r, r + 1, etaPrice, r);
  }
  // Rows whose precomputed spending terms do not hold: LKS 1, or P(LKS) or η of price computed again.
  const redoReceipt = lksReceipt || priceReceipt;
  const volumeAgain = planTermLinearPredictor(columns, model.volume, n);
  const one = new Float64Array(1);
  const gammaLks = model.price.lks ?? 0;
  const kappa = model.fullBenefitWeight;
  const phi = model.precision;
  const priceRng = createRng(seed, STREAM.price, year);
  for (let r = 0; r < n; r++) {
    const i = municipality[r]!;
    const base = etaPrice[r]! - gammaLks * lks[r]! + priceEffects[i]!;
    const p = pReceipt[r]!;
    expectedLksRecipients[i]! += p * q[r]!;
    if (lks[r] || (redoReceipt && receipt[r])) {
      // True expected spending averages the fraction over LKS status.
      const meanFraction = (1 - q[r]!) * logistic(base) + q[r]! * logistic(base + gammaLks);
      expectedSpending[i]! += p * meanFraction * norm[r]!;
      const base0 = base - priceEffects[i]!;
      const meanFraction0 = (1 - q[r]!) * logistic(base0) + q[r]! * logistic(base0 + gammaLks);
      volumeAgain(r, r + 1, one, 0);
      featureSpending[i]! += logistic(one[0]!) * meanFraction0 * norm[r]!;
    } else {
      expectedSpending[i]! += preSpending[r]!;
      featureSpending[i]! += preFeature[r]!;
    }
    if (!receipt[r]) continue;
    const mu = logistic(base + gammaLks * lks[r]!);
    let f = 1;
    if (priceRng.uniform() >= kappa * mu) {
      const m = (mu * (1 - kappa)) / (1 - kappa * mu);
      f = Math.min(1, Math.max(1e-6, priceRng.beta(m * phi, (1 - m) * phi)));
    }
    fraction[r] = f;
    benefit[r] = fraction[r]! * norm[r]!;
    recipients[i]! += 1;
    lksRecipients[i]! += lks[r]!;
    spending[i]! += benefit[r]!;
  }
  return sums;
}
