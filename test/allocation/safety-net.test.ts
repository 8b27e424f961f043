import { describe, expect, it } from 'vitest';
import { ownRisk, SAFETY_NET_THRESHOLDS_2021, safetyNetCompensation } from '../../src/allocation/own-risk.js';
import { safetyNet } from '../../src/allocation/safety-net.js';
import { DataError, SpecError } from '../../src/errors.js';

describe('ownRisk / safetyNetCompensation', () => {
  it('ownRisk matches the DOMAIN C.5 check values: (5)=5, (10)=8.75, (12.5)=10, (20)=10 [%]', () => {
    expect(ownRisk(0.05)).toBe(0.05);
    expect(ownRisk(0.1)).toBeCloseTo(0.0875, 15);
    expect(ownRisk(0.125)).toBe(0.1);
    expect(ownRisk(0.2)).toBe(0.1);
    expect(safetyNetCompensation(0.2)).toBeCloseTo(0.1, 15);
    expect(safetyNetCompensation(0.1)).toBeCloseTo(0.0125, 15);
    expect(safetyNetCompensation(0.05)).toBe(0);
  });

  it('ownRisk is continuous at the thresholds and the compensation rises 1:1 above 12.5%', () => {
    expect(ownRisk(0.075)).toBe(0.075);
    expect(ownRisk(0.075 + 1e-12)).toBeCloseTo(0.075, 11);
    expect(ownRisk(0.125 - 1e-12)).toBeCloseTo(0.1, 11);
    expect(safetyNetCompensation(0.5) - safetyNetCompensation(0.3)).toBeCloseTo(0.2, 15);
  });

  it('ownRisk of a surplus is 0', () => {
    expect(ownRisk(-0.3)).toBe(0);
    expect(safetyNetCompensation(-0.3)).toBe(0);
    expect(ownRisk(0)).toBe(0);
  });

  it('ownRisk(d, thresholds) takes other years’ thresholds', () => {
    // 5% threshold, full compensation above 10%, maximum own risk 7.5% (half of the 5-10% band).
    const t = { ownRiskThreshold: 0.05, fullCompensationThreshold: 0.1, maximumOwnRisk: 0.075 };
    expect(ownRisk(0.04, t)).toBe(0.04);
    expect(ownRisk(0.08, t)).toBeCloseTo(0.065, 15);
    expect(ownRisk(0.3, t)).toBe(0.075);
    expect(SAFETY_NET_THRESHOLDS_2021).toEqual({
      ownRiskThreshold: 0.075,
      fullCompensationThreshold: 0.125,
      maximumOwnRisk: 0.1,
    });
  });

  it('rejects NaN and inconsistent thresholds', () => {
    expect(() => ownRisk(Number.NaN)).toThrow(DataError);
    expect(() => safetyNetCompensation(Number.POSITIVE_INFINITY)).toThrow(DataError);
    expect(() => ownRisk(0.1, { maximumOwnRisk: 0.05 })).toThrow(SpecError);
    expect(() => ownRisk(0.1, { fullCompensationThreshold: 0.05 })).toThrow(SpecError);
    expect(() => ownRisk(0.1, { ownRiskThreshold: -0.01 })).toThrow(SpecError);
  });
});

describe('safetyNet', () => {
  it('safetyNet({ budget, spending }) in euros: 20% deficit → own risk 10%, compensation 10%', () => {
    const s = safetyNet({ budget: 1_000_000, spending: 1_200_000 });
    expect(s.deficit).toBe(200_000);
    expect(s.deficitShare).toBeCloseTo(0.2, 15);
    expect(s.ownRiskShare).toBe(0.1);
    expect(s.ownRisk).toBeCloseTo(100_000, 6);
    expect(s.compensation).toBeCloseTo(100_000, 6);
    expect(s.deficitCents).toBe(20_000_000);
    expect(s.compensationCents).toBe(10_000_000);
    expect(s.ownRiskCents).toBe(10_000_000);
    expect(s.thresholds).toEqual(SAFETY_NET_THRESHOLDS_2021);
  });

  it('safetyNet: 10% deficit on €2,345,678.91 → compensation 1.25% = €29,320.99 (to the cent), own risk the rest', () => {
    // spending = 1.1 × budget = 2,580,246.801 → 2,580,246.80 in cents; deficit cents 23,456,789.
    // compensation = 0.0125 × 2,345,678.91 = 29,320.986375 → 2,932,099 cents; own risk 23,456,789 − 2,932,099.
    const s = safetyNet({ budget: 2_345_678.91, spending: 2_580_246.801 });
    expect(s.deficitCents).toBe(23_456_789);
    expect(s.compensationCents).toBe(2_932_099);
    expect(s.ownRiskCents).toBe(20_524_690);
  });

  it('safetyNet: a surplus carries no own risk or compensation', () => {
    const s = safetyNet({ budget: 500, spending: 400 });
    expect(s.deficit).toBe(-100);
    expect(s.deficitShare).toBe(-0.2);
    expect([s.ownRisk, s.compensation, s.deficitCents, s.ownRiskCents, s.compensationCents]).toEqual([
      0, 0, 0, 0, 0,
    ]);
  });

  it('safetyNet rejects a non-positive budget, negative or NaN spending', () => {
    expect(() => safetyNet({ budget: 0, spending: 1 })).toThrow(
      expect.objectContaining({ code: 'out-of-range', column: 'budget' }),
    );
    expect(() => safetyNet({ budget: 1, spending: -1 })).toThrow(DataError);
    expect(() => safetyNet({ budget: 1, spending: Number.NaN })).toThrow(
      expect.objectContaining({ code: 'missing-value' }),
    );
  });
});

describe('safetyNet: amounts beyond exact cents', () => {
  it('a budget or spending too large to count in cents is a DataError naming it', () => {
    expect(() => safetyNet({ budget: 1e20, spending: 1e20 })).toThrow(DataError);
    expect(() => safetyNet({ budget: 1e6, spending: 1e20 })).toThrow(
      expect.objectContaining({ code: 'out-of-range', column: 'spending' }),
    );
    expect(() => safetyNet({ budget: 1e20, spending: 1e6 })).toThrow(/budget of 100000000000000000000 euros/);
  });
});
