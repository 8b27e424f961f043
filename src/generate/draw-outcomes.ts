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

function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * Draw receipt (known logit), LKS among recipients (known logit) and the fraction of the norm paid
 * (mean = logistic of the known price index). The fraction is a mixture: f = 1 with probability κμ,
 * otherwise Beta with mean m = μ(1 − κ)/(1 − κμ) and precision φ, so that E[f] = κμ + (1 − κμ)m = μ
 * exactly and a fractional logit on recipients is consistent for the true coefficients.
 * Writes `receipt`, `lks`, `fraction` and `benefit` in place.
 *
 * `eta` holds the three linear predictors computed with receipt, LKS, fraction and benefit all 0
 * (row-wise, possibly on two threads); the rows where a model reads an outcome drawn before it
 * (LKS or receipt, for the LKS and price models) are computed again once it is drawn, so every η is
 * the one computed over the columns as they are at that draw. Overwrites `eta.lks` with P(LKS).
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
  eta: { volume: Float64Array; lks: Float64Array; price: Float64Array },
): OutcomeSums {
  const n = out.norm.length;
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
  const etaVolume = eta.volume;
  const receiptRng = createRng(seed, STREAM.receipt, year);
  for (let r = 0; r < n; r++) {
    const i = municipality[r]!;
    const p = logistic(etaVolume[r]! + model.volumeEffects[i]!);
    sums.expectedRecipients[i]! += p;
    receipt[r] = receiptRng.uniform() < p ? 1 : 0;
  }
  const q = eta.lks;
  if (readsColumn(columns, model.lks, 'receipt')) {
    const again = planTermLinearPredictor(columns, model.lks, n, q);
    for (let r = 0; r < n; r++) if (receipt[r]) again(r, r + 1);
  }
  const lksRng = createRng(seed, STREAM.lks, year);
  for (let r = 0; r < n; r++) {
    q[r] = logistic(q[r]!);
    if (receipt[r]) lks[r] = lksRng.uniform() < q[r]! ? 1 : 0;
  }
  const etaPrice = eta.price;
  const priceReceipt = readsColumn(columns, model.price, 'receipt');
  if (priceReceipt || readsColumn(columns, model.price, 'lks')) {
    // LKS is drawn among recipients only: a row without receipt has LKS 0 as well.
    const again = planTermLinearPredictor(columns, model.price, n, etaPrice);
    for (let r = 0; r < n; r++) if (priceReceipt ? receipt[r] : lks[r]) again(r, r + 1);
  }
  const gammaLks = model.price.lks ?? 0;
  const kappa = model.fullBenefitWeight;
  const phi = model.precision;
  const priceRng = createRng(seed, STREAM.price, year);
  for (let r = 0; r < n; r++) {
    const i = municipality[r]!;
    const base = etaPrice[r]! - gammaLks * lks[r]! + model.priceEffects[i]!;
    // True expected spending averages the fraction over LKS status.
    const meanFraction = (1 - q[r]!) * logistic(base) + q[r]! * logistic(base + gammaLks);
    const p = logistic(etaVolume[r]! + model.volumeEffects[i]!);
    sums.expectedSpending[i]! += p * meanFraction * norm[r]!;
    sums.expectedLksRecipients[i]! += p * q[r]!;
    const base0 = base - model.priceEffects[i]!;
    const meanFraction0 = (1 - q[r]!) * logistic(base0) + q[r]! * logistic(base0 + gammaLks);
    sums.featureSpending[i]! += logistic(etaVolume[r]!) * meanFraction0 * norm[r]!;
    if (!receipt[r]) continue;
    const mu = logistic(base + gammaLks * lks[r]!);
    let f = 1;
    if (priceRng.uniform() >= kappa * mu) {
      const m = (mu * (1 - kappa)) / (1 - kappa * mu);
      f = Math.min(1, Math.max(1e-6, priceRng.beta(m * phi, (1 - m) * phi)));
    }
    fraction[r] = f;
    benefit[r] = fraction[r]! * norm[r]!;
    sums.recipients[i]! += 1;
    sums.lksRecipients[i]! += lks[r]!;
    sums.spending[i]! += benefit[r]!;
  }
  return sums;
}
