import { describe, expect, it } from 'vitest';
import {
  allocateBudget,
  DataError,
  fitPriceModel,
  fitVolumeModel,
  generateHouseholds,
  predictSpending,
} from '../../src/index.js';

describe('volume and price models: bad input is named, never silently dropped', () => {
  const hh = generateHouseholds({ households: 60_000, seed: 3 });
  const cols = hh.columns();

  it('a fraction outside [0, 1] names the row', () => {
    const fraction = Float32Array.from(cols.fraction as Float32Array);
    const recipients = cols.receipt as Uint8Array;
    const row = recipients.indexOf(1);
    fraction[row] = 1.5;
    expect(() => fitPriceModel({ ...cols, fraction })).toThrowError(/it must be in \[0, 1\]/);
    // The row is named as it stands in the user's data, not by its position among recipients.
    const third = recipients.indexOf(1, recipients.indexOf(1, row + 1) + 1);
    const f3 = Float32Array.from(cols.fraction as Float32Array);
    f3[third] = 1.5;
    let err: unknown;
    try {
      fitPriceModel({ ...cols, fraction: f3 });
    } catch (e) {
      err = e;
    }
    expect(third).toBeGreaterThan(2);
    expect((err as DataError).row).toBe(third + 1);
    expect((err as Error).message).toContain(`at row ${third + 1};`);
  });

  it('a missing or non-positive norm amount names the row', () => {
    const volume = fitVolumeModel(cols);
    const price = fitPriceModel(cols);
    const norm = Float64Array.from(cols.norm as Float64Array);
    norm[17] = 0;
    expect(() => predictSpending({ volume, price, households: { ...cols, norm } })).toThrowError(
      /normbedrag/,
    );
    norm[17] = Number.NaN;
    let err: unknown;
    try {
      price.predictBenefit({ ...cols, norm });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DataError);
    expect((err as DataError).row).toBe(18); // 1-based data row of index 17
  });

  it('a household in a municipality the allocation does not know is named, not dropped', () => {
    const volume = fitVolumeModel(cols);
    const price = fitPriceModel(cols);
    const known = hh.municipalities.id.filter((id) => id !== 'GM0363');
    let err: unknown;
    try {
      predictSpending({ volume, price, households: cols, municipalities: known });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DataError);
    expect((err as DataError).code).toBe('unknown-unit');
    expect((err as Error).message).toMatch(/'GM0363'/);
    expect(
      predictSpending({ volume, price, households: cols, municipalities: hh.municipalities.id }),
    ).toHaveLength(342);
  });

  it('duplicate municipality ids in the allocation are named', () => {
    const row = {
      inhabitants: 20_000,
      predictedSpending: 1e6,
      spendingTwoYearsEarlier: 1e6,
      inhabitantsTwoYearsEarlier: 20_000,
      inhabitantsPreviousYear: 20_000,
    };
    expect(() =>
      allocateBudget({
        macroBudget: 1e7,
        municipalities: [
          { municipality: 'GM0001', ...row },
          { municipality: 'GM0002', ...row },
          { municipality: 'GM0001', ...row },
        ],
      }),
    ).toThrowError(/GM0001/);
  });

  it('an unknown household-type level at prediction time is named', () => {
    const volume = fitVolumeModel(cols);
    const hhtype = cols.hhtype as { codes: Uint8Array; levels: readonly string[] };
    const odd = { codes: hhtype.codes, levels: hhtype.levels.map((l) => (l === 'other' ? 'martian' : l)) };
    expect(() => volume.predict({ ...cols, hhtype: odd })).toThrowError(/level 'martian'/);
  });
});
