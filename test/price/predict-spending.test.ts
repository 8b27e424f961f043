import { describe, expect, it } from 'vitest';
import { toFrame } from '../../src/data/frame.js';
import { groupCodes } from '../../src/data/select.js';
import {
  DataError,
  fitPriceModel,
  fitVolumeModel,
  generateHouseholds,
  predictSpending,
  SpecError,
} from '../../src/index.js';

// predictSpending's single blocked pass against the way it was computed before: full-length p̂
// and f̂ from the encoded-design predictions (the path `se: true` runs), benefits f̂ × norm, then
// sums per municipality in row order.

describe('predictSpending in one pass', () => {
  const est = generateHouseholds({ households: 200_000, seed: 5 });
  const act = generateHouseholds({ households: 200_000, seed: 5, year: 2022 });
  const volume = fitVolumeModel(est.columns(), { vcov: 'model' });
  const price = fitPriceModel(est.columns(), { vcov: 'model' });
  const cols = act.columns();

  it('equals the full-array computation per municipality (1e-9 relative)', () => {
    const frame = toFrame(cols);
    const p = volume.fit.predict(frame, { type: 'response', se: true }).fit;
    const f = price.fit.predict(frame, { type: 'response', se: true }).fit;
    const norm = cols.norm as Float64Array;
    const y = cols.receipt as Uint8Array;
    const benefit = cols.benefit as Float64Array;
    const { keys, codes } = groupCodes(frame, 'municipality');
    const expected = keys.map((municipality) => ({
      municipality,
      households: 0,
      expectedRecipients: 0,
      expectedSpending: 0,
      actualRecipients: 0,
      actualSpending: 0,
    }));
    for (let i = 0; i < frame.nrows; i++) {
      const e = expected[codes[i]!]!;
      e.households++;
      e.expectedRecipients += p[i]!;
      e.expectedSpending += p[i]! * (f[i]! * norm[i]!);
      e.actualRecipients += y[i]!;
      if (y[i] === 1) e.actualSpending += benefit[i]!;
    }
    const rows = predictSpending({ volume, price, households: cols, municipalities: act.municipalities.id });
    expect(rows.map((r) => r.municipality)).toEqual(keys);
    expect(rows).toHaveLength(342);
    rows.forEach((r, k) => {
      const e = expected[k]!;
      expect(r.households).toBe(e.households);
      expect(r.actualRecipients).toBe(e.actualRecipients);
      expect(r.actualSpending).toBe(e.actualSpending);
      expect(
        Math.abs(r.expectedRecipients - e.expectedRecipients) / e.expectedRecipients,
      ).toBeLessThanOrEqual(1e-9);
      expect(Math.abs(r.expectedSpending - e.expectedSpending) / e.expectedSpending).toBeLessThanOrEqual(
        1e-9,
      );
      expect(r.expectedSpending).toBeGreaterThan(0);
    });
    // Without the outcome columns the actual fields are null, the predictions the same.
    const { receipt: _r, benefit: _b, ...features } = cols;
    const bare = predictSpending({ volume, price, households: features });
    expect(bare[0]!.actualRecipients).toBeNull();
    expect(bare[0]!.actualSpending).toBeNull();
    expect(bare[0]!.expectedSpending).toBe(rows[0]!.expectedSpending);
  });

  it('a missing feature value or a missing municipality in the one pass names column and row', () => {
    const column = Object.keys(cols).find(
      (k) => cols[k] instanceof Float32Array && volume.fit.layout.terms.some((t) => t.label === k),
    )!;
    expect(column).toBeDefined();
    const values = Float32Array.from(cols[column] as Float32Array);
    values[150_123] = Number.NaN;
    let err: unknown;
    try {
      predictSpending({ volume, price, households: { ...cols, [column]: values } });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DataError);
    expect(err).toMatchObject({ code: 'missing-value', column, row: 150_124 });
    const m = cols.municipality as { codes: Int16Array | Uint16Array; levels: string[] };
    const codes = Int32Array.from(m.codes);
    codes[99_999] = -1;
    err = undefined;
    try {
      predictSpending({ volume, price, households: { ...cols, municipality: { codes, levels: m.levels } } });
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'missing-value', column: 'municipality', row: 100_000 });
  });

  it('one thread or two give the same numbers; threads is validated', () => {
    const one = predictSpending({ volume, price, households: cols, threads: 1 });
    const two = predictSpending({ volume, price, households: cols, threads: 2 });
    expect(two).toEqual(one);
    expect(two.reduce((s, r) => s + r.households, 0)).toBe(200_000);
    let err: unknown;
    try {
      predictSpending({ volume, price, households: cols, threads: 0 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SpecError);
    expect(err).toMatchObject({ code: 'invalid-option' });
  });
});
