import { describe, expect, it } from 'vitest';
import { generateHouseholds, summarizeHouseholds, termLinearPredictor } from '../../src/generate/index.js';

/**
 * Calibration against DOMAIN 6b at one million households (the targets hold within about 10 %),
 * and a check that the stated truth reproduces the drawn outcomes.
 */
const households = generateHouseholds({ households: 1_000_000, seed: 2024 });
const summary = summarizeHouseholds(households);

function within(value: number, target: number, tolerance = 0.1) {
  expect(Math.abs(value - target) / target).toBeLessThan(tolerance);
}

describe('generateHouseholds calibration (1M households)', () => {
  it('puts about 5 % of households on assistance', () => {
    within(summary.receiptRate, 0.05);
  });

  it('concentrates spending in the G4: over a quarter of spending with about 14 % of the population', () => {
    within(summary.g4PopulationShare, 0.14);
    expect(summary.g4SpendingShare).toBeGreaterThan(0.25);
    expect(summary.g4ExpectedSpendingShare).toBeGreaterThan(0.25);
    expect(summary.g4SpendingShare).toBeLessThan(0.33);
  });

  it('pays about €15,500 a year per recipient household, mostly the full norm with a tail', () => {
    within(summary.meanBenefit, 15_500);
    expect(summary.fullBenefitShare).toBeGreaterThan(0.5);
    expect(summary.meanFraction).toBeGreaterThan(0.85);
    expect(summary.meanFraction).toBeLessThan(0.95);
  });

  it('gives a few % of recipients LKS and national spending of about €6.3 bn', () => {
    expect(summary.lksShare).toBeGreaterThan(0.02);
    expect(summary.lksShare).toBeLessThan(0.1);
    within(summary.nationalSpending, 6.3e9);
  });

  it('has the 2024 size-class counts', () => {
    expect(summary.sizeClassCounts).toEqual({
      '<15k': 45,
      '15k-40k': 163,
      '40k-100k': 102,
      '100k-250k': 28,
      '>=250k (G4)': 4,
    });
  });

  it('leaves municipal variation the features do not explain (R² ≈ 0.9, not 1)', () => {
    expect(summary.municipalR2).toBeGreaterThan(0.85);
    expect(summary.municipalR2).toBeLessThan(0.98);
  });

  it('the true logit (truth.volume + municipal effects) reproduces the receipt counts', () => {
    const { truth, municipalities: m } = households;
    const eta = termLinearPredictor(households.columns(), truth.volume.coefficients);
    const codes = households.factors.municipality.codes;
    const expected = new Float64Array(m.id.length);
    let total = 0;
    let variance = 0;
    for (let r = 0; r < eta.length; r++) {
      const p = 1 / (1 + Math.exp(-(eta[r]! + truth.volume.municipalityEffects[codes[r]!]!)));
      expected[codes[r]!]! += p;
      total += p;
      variance += p * (1 - p);
    }
    const recipients = m.recipients.reduce((a, b) => a + b, 0);
    expect(Math.abs(recipients - total)).toBeLessThan(4 * Math.sqrt(variance));
    for (let i = 0; i < m.id.length; i++) expect(expected[i]).toBeCloseTo(m.expectedRecipients[i]!, 6);
    // Per size class too: the composition, not chance, drives the concentration.
    for (const c of ['<15k', '15k-40k', '40k-100k', '100k-250k', '>=250k (G4)']) {
      let obs = 0;
      let exp = 0;
      for (let i = 0; i < m.id.length; i++) {
        if (m.sizeClass[i] !== c) continue;
        obs += m.recipients[i]!;
        exp += expected[i]!;
      }
      expect(Math.abs(obs - exp), c).toBeLessThan(4 * Math.sqrt(exp));
    }
  });

  it('the true price model gives the mean fraction of the recipients', () => {
    const { truth, numeric } = households;
    const eta = termLinearPredictor(households.columns(), truth.price.coefficients);
    const codes = households.factors.municipality.codes;
    let observed = 0;
    let expected = 0;
    let n = 0;
    let sumSquares = 0;
    for (let r = 0; r < eta.length; r++) {
      if (!numeric.receipt[r]) continue;
      const mu = 1 / (1 + Math.exp(-(eta[r]! + truth.price.municipalityEffects[codes[r]!]!)));
      observed += numeric.fraction[r]!;
      expected += mu;
      sumSquares += (numeric.fraction[r]! - mu) ** 2;
      n++;
    }
    expect(Math.abs(observed - expected) / n).toBeLessThan(4 * Math.sqrt(sumSquares / n / n));
  });

  it('derives plausible history: spending two years before ≈ spending / 1.03² corrected for population', () => {
    const m = households.municipalities;
    let now = 0;
    let before = 0;
    for (let i = 0; i < m.id.length; i++) {
      now += (m.spending[i]! * m.inhabitantsTwoYearsBefore[i]!) / m.inhabitants[i]!;
      before += m.spendingTwoYearsBefore[i]!;
    }
    within(before / now, 1 / 1.03 ** 2, 0.02);
    expect(Math.min(...m.dtiSpendingTwoYearsBefore)).toBeGreaterThan(0);
    const lks = m.lksSpendingPreviousYear.reduce((a, b) => a + b, 0);
    expect(lks).toBeGreaterThan(1e8);
    expect(lks).toBeLessThan(6e8);
  });
});
