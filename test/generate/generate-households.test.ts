import { describe, expect, it } from 'vitest';
import { DataError, SpecError } from '../../src/errors.js';
import {
  COUPLE_NORM_BASE,
  costSharerNorm,
  generateHouseholds,
  HHTYPE_LEVELS,
  HOUSEHOLD_COLUMN_DESCRIPTIONS,
  type HouseholdFactor,
  lksTerms,
  MIGRATION_LEVELS,
  priceTerms,
  recipientColumns,
  referenceLevels,
  SIZE_CLASS_LEVELS,
  TRUE_PRICE,
  TRUE_VOLUME,
  termLinearPredictor,
  volumeTerms,
} from '../../src/generate/index.js';

const small = generateHouseholds({ households: 30_000, seed: 7 });

function same(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function bytesPerRow(cols: Record<string, unknown>, rows: number): number {
  let bytes = 0;
  for (const c of Object.values(cols)) {
    const arr = ArrayBuffer.isView(c) ? c : (c as HouseholdFactor).codes;
    bytes += (arr as ArrayBufferView).byteLength;
  }
  return bytes / rows;
}

/** The design-matrix names the GLM engine gives a term list with these references. */
function designNames(terms: readonly string[], cols: Record<string, unknown>): string[] {
  const names = ['(Intercept)'];
  for (const t of terms) {
    const c = cols[t] as HouseholdFactor | undefined;
    if (c && 'levels' in c) {
      const ref = referenceLevels[t as keyof typeof referenceLevels];
      for (const l of c.levels) if (l !== ref) names.push(`${t}[${l}]`);
    } else names.push(t);
  }
  return names;
}

describe('generateHouseholds', () => {
  it('generateHouseholds({ seed }) is deterministic per seed', () => {
    const again = generateHouseholds({ households: 30_000, seed: 7 });
    const a = small.columns();
    const b = again.columns();
    for (const name of Object.keys(a)) {
      const x = a[name] as HouseholdFactor | ArrayLike<number>;
      const y = b[name] as HouseholdFactor | ArrayLike<number>;
      expect(same('codes' in x ? x.codes : x, 'codes' in y ? y.codes : y), name).toBe(true);
    }
    expect(again.municipalities).toEqual(small.municipalities);
    expect(again.truth).toEqual(small.truth);
    const other = generateHouseholds({ households: 30_000, seed: 8 });
    expect(same(other.numeric.receipt, small.numeric.receipt)).toBe(false);
  });

  it('builds 342 municipalities with the 2024 size-class counts and the G4 by name', () => {
    const m = small.municipalities;
    expect(m.id).toHaveLength(342);
    expect(new Set(m.id).size).toBe(342);
    const counts = SIZE_CLASS_LEVELS.map((c) => m.sizeClass.filter((x) => x === c).length);
    expect(counts).toEqual([45, 163, 102, 28, 4]);
    expect(m.name.slice(0, 4)).toEqual(['Amsterdam', 'Rotterdam', "'s-Gravenhage", 'Utrecht']);
    expect(m.id.slice(0, 4)).toEqual(['GM0363', 'GM0599', 'GM0518', 'GM0344']);
    for (const id of m.id) expect(id).toMatch(/^GM\d{4}$/);
    const total = m.inhabitants.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(16_500_000);
    expect(total).toBeLessThan(19_000_000);
    const g4 = (m.inhabitants[0]! + m.inhabitants[1]! + m.inhabitants[2]! + m.inhabitants[3]!) / total;
    expect(Math.abs(g4 - 0.14) / 0.14).toBeLessThan(0.1);
  });

  it('splits the households over municipalities proportionally to inhabitants, with a minimum', () => {
    const m = small.municipalities;
    expect(m.households.reduce((a, b) => a + b, 0)).toBe(30_000);
    expect(Math.min(...m.households)).toBeGreaterThanOrEqual(10);
    const total = m.inhabitants.reduce((a, b) => a + b, 0);
    for (let i = 0; i < 4; i++) {
      expect(Math.abs(m.households[i]! - (30_000 * m.inhabitants[i]!) / total)).toBeLessThan(30);
    }
    // The municipality codes of the rows agree with the table counts.
    const perMunicipality = new Array(342).fill(0);
    for (const c of small.factors.municipality.codes as Uint16Array) perMunicipality[c]++;
    expect(perMunicipality).toEqual(Array.from(m.households));
    const tiny = generateHouseholds({ households: 3420, seed: 1 });
    expect(Array.from(tiny.municipalities.households).every((h) => h === 10)).toBe(true);
    // History is realised on the whole country, so even a tiny run has positive history everywhere.
    for (const x of [
      tiny.municipalities.spendingTwoYearsBefore,
      tiny.municipalities.lksSpendingPreviousYear,
    ]) {
      expect(Math.min(...x)).toBeGreaterThan(0);
    }
  });

  it('names the truth by the GLM term names of volumeTerms / priceTerms / lksTerms', () => {
    const cols = small.columns();
    expect(Object.keys(TRUE_VOLUME).sort()).toEqual(designNames(volumeTerms, cols).sort());
    expect(Object.keys(TRUE_PRICE).sort()).toEqual(designNames(priceTerms, cols).sort());
    expect(Object.keys(small.truth.lks.coefficients).sort()).toEqual(designNames(lksTerms, cols).sort());
    expect(Object.keys(TRUE_VOLUME)).toHaveLength(62);
    expect(TRUE_VOLUME['hhtype[single_mother_lt5]']).toBeGreaterThan(0);
    expect(TRUE_VOLUME['migration[moroccan]']).toBeGreaterThan(0);
    expect(small.truth.reference).toEqual({ hhtype: 'single', migration: 'dutch', hhgroup: 'single' });
    expect(small.truth.volume.reference).toEqual({ hhtype: 'single', migration: 'dutch' });
    expect(small.truth.price.reference).toEqual({ hhgroup: 'single' });
    expect(small.factors.hhtype.levels).toEqual(HHTYPE_LEVELS);
    expect(HHTYPE_LEVELS).toHaveLength(14);
    expect(MIGRATION_LEVELS).toHaveLength(18);
    expect(small.truth.volume.municipalityEffects).toHaveLength(342);
  });

  it('applies the kostendelersnorm: (40 + 30A)/(100A) of the couple norm per claimant', () => {
    expect(costSharerNorm(1000, 1, 1)).toBeCloseTo(700, 10);
    expect(costSharerNorm(1000, 2, 2)).toBeCloseTo(1000, 10);
    expect(costSharerNorm(1000, 1, 2)).toBeCloseTo(500, 10);
    expect(costSharerNorm(1000, 1, 3)).toBeCloseTo(433.3333333, 6);
    expect(costSharerNorm(1000, 2, 3)).toBeCloseTo(866.6666667, 6);
    const { norm, cost_sharers } = small.numeric;
    const types = small.factors.hhtype.codes;
    const couples = new Set([9, 10, 11]);
    let wrong = 0;
    for (let r = 0; r < small.rows; r++) {
      const claimants = couples.has(types[r]!) ? 2 : 1;
      if (Math.abs(norm[r]! - costSharerNorm(COUPLE_NORM_BASE, claimants, cost_sharers[r]!)) > 1e-6) wrong++;
      if (types[r] === 0 && cost_sharers[r] !== 1) wrong++;
    }
    expect(wrong).toBe(0);
    // Households with adult children or other adults share costs.
    let sharing = 0;
    for (let r = 0; r < small.rows; r++) if (types[r] === 12 && cost_sharers[r]! >= 2) sharing++;
    expect(sharing).toBeGreaterThan(0);
  });

  it('describes every column', () => {
    expect(Object.keys(HOUSEHOLD_COLUMN_DESCRIPTIONS).sort()).toEqual(Object.keys(small.columns()).sort());
  });

  it('keeps the columns compact: under 100 bytes per household', () => {
    const perRow = bytesPerRow(small.columns(), small.rows);
    expect(perRow).toBeLessThan(100);
    expect(small.numeric.receipt).toBeInstanceOf(Uint8Array);
    expect(small.factors.municipality.codes).toBeInstanceOf(Uint16Array);
  });

  it('a later year keeps the municipalities and the truth and draws new households', () => {
    const next = generateHouseholds({ households: 30_000, seed: 7, year: 2025 });
    expect(next.municipalities.id).toEqual(small.municipalities.id);
    expect(Array.from(next.municipalities.inhabitantsPreviousYear)).toEqual(
      Array.from(small.municipalities.inhabitants),
    );
    expect(Array.from(next.municipalities.inhabitantsTwoYearsBefore)).toEqual(
      Array.from(small.municipalities.inhabitantsPreviousYear),
    );
    expect(next.truth.volume.coefficients).toEqual(small.truth.volume.coefficients);
    expect(next.truth.price.coefficients).toEqual(small.truth.price.coefficients);
    expect(same(next.numeric.receipt, small.numeric.receipt)).toBe(false);
    // Persistent municipal effects: strongly but not perfectly correlated with the base year.
    const a = small.truth.volume.municipalityEffects;
    const b = next.truth.volume.municipalityEffects;
    const dot = a.reduce((s, x, i) => s + x * b[i]!, 0);
    const r = dot / Math.sqrt(a.reduce((s, x) => s + x * x, 0) * b.reduce((s, x) => s + x * x, 0));
    expect(r).toBeGreaterThan(0.8);
    expect(r).toBeLessThan(0.99);
    expect(next.numeric.norm[0]! / small.numeric.norm[0]!).not.toBe(1);
  });

  it('an earlier year (the estimation snapshot) shrinks the population and keeps the G4 effects centred', () => {
    const earlier = generateHouseholds({ households: 30_000, seed: 7, year: 2021 });
    const m = earlier.municipalities;
    expect(m.id).toEqual(small.municipalities.id);
    const total = (x: Float64Array) => x.reduce((a, b) => a + b, 0);
    expect(total(m.inhabitants)).toBeLessThan(total(small.municipalities.inhabitants));
    expect(SIZE_CLASS_LEVELS.map((c) => m.sizeClass.filter((x) => x === c).length)[4]).toBe(4);
    for (const h of [small, earlier]) {
      const g4 = h.truth.volume.municipalityEffects.slice(0, 4).reduce((a, b) => a + b, 0);
      expect(Math.abs(g4)).toBeLessThan(1e-12);
    }
  });

  it('recipientColumns(households) keeps the recipients with every column', () => {
    const rec = recipientColumns(small);
    const n = small.numeric.receipt.reduce((a, b) => a + b, 0);
    expect((rec.fraction as Float32Array).length).toBe(n);
    expect((rec.hhtype as HouseholdFactor).codes).toHaveLength(n);
    for (const f of rec.fraction as Float32Array) {
      expect(f).toBeGreaterThan(0);
      expect(f).toBeLessThanOrEqual(1);
    }
    expect(() => recipientColumns(small, new Uint8Array(3))).toThrow(DataError);
  });

  it('rejects bad options with a SpecError naming the option', () => {
    expect(() => generateHouseholds({ households: 100, seed: 1 })).toThrow(/households/);
    expect(() => generateHouseholds({ households: 1.5e4 + 0.5, seed: 1 })).toThrow(SpecError);
    expect(() => generateHouseholds({ households: 10_000, seed: Number.NaN })).toThrow(/seed/);
    expect(() => generateHouseholds({ households: 10_000, seed: 1, volumeEffectSd: -1 })).toThrow(
      /volumeEffectSd/,
    );
    expect(() => generateHouseholds({ households: 10_000, seed: 1, fullBenefitWeight: 1 })).toThrow(
      SpecError,
    );
    expect(() => generateHouseholds({ households: 10_000, seed: 1, municipalities: 0 })).toThrow(
      /municipalities/,
    );
  });

  it('supports other municipality counts, keeping the G4', () => {
    const h = generateHouseholds({ households: 5000, seed: 3, municipalities: 40 });
    expect(h.municipalities.id).toHaveLength(40);
    expect(h.municipalities.name.slice(0, 4)).toEqual(['Amsterdam', 'Rotterdam', "'s-Gravenhage", 'Utrecht']);
    expect(h.rows).toBe(5000);
  });
});

describe('termLinearPredictor', () => {
  const cols = {
    x: new Float64Array([1, 2, 3]),
    g: { codes: new Uint8Array([0, 1, 2]), levels: ['a', 'b', 'c'] },
  };

  it('termLinearPredictor(columns, coefficients) sums intercept, numeric, dummy and interaction terms', () => {
    const eta = termLinearPredictor(cols, { '(Intercept)': 1, x: 0.5, 'g[b]': -1, 'g[c]': 2, 'x:g[c]': 0.1 });
    expect(Array.from(eta)).toEqual([1.5, 1, 1 + 1.5 + 2 + 0.3]);
  });

  it('throws typed errors for unknown columns, levels and bad rows', () => {
    expect(() => termLinearPredictor(cols, { z: 1 })).toThrow(SpecError);
    expect(() => termLinearPredictor(cols, { 'g[d]': 1 })).toThrow(/not a level/);
    expect(() => termLinearPredictor(cols, { g: 1 })).toThrow(/without a level/);
    expect(() => termLinearPredictor({ ...cols, y: new Float64Array(2) }, { y: 1 })).toThrow(DataError);
    expect(() => termLinearPredictor({ x: new Float64Array([1, Number.NaN]) }, { x: 1 })).toThrow(/row 1/);
  });
});

describe('generateHouseholds options (issue 18 class 8)', () => {
  it('a seed that is not an integer, and an unknown key, are SpecErrors naming them', async () => {
    const { generateHouseholds, SpecError } = await import('../../src/index.js');
    for (const seed of [1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60]) {
      let err: unknown;
      try {
        generateHouseholds({ households: 5000, seed });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(SpecError);
      expect((err as InstanceType<typeof SpecError>).code).toBe('invalid-option');
      expect((err as InstanceType<typeof SpecError>).option).toBe('seed');
    }
    expect(() => generateHouseholds({ households: 5000, seed: 1, sed: 2 } as never)).toThrowError(
      /unknown option 'sed' \(did you mean 'seed'\?\)/,
    );
  });
});
