import { describe, expect, it } from 'vitest';
import {
  fitPriceModel,
  fitVolumeModel,
  generateHouseholds,
  predictSpending,
  runAllocationPipeline,
} from '../../src/index.js';

// The pipeline wraps each year's generated columns in one Frame that both fits and the prediction
// read, and lets households go once no step needs them: the numbers are those of the plain calls on
// freshly generated columns.

describe('runAllocationPipeline with one copy of the household columns', () => {
  const options = { households: 30_000, minHouseholdsPerMunicipality: 40, seed: 9, budgetYear: 2024 };
  const run = runAllocationPipeline(options);
  const gen = (year: number) =>
    generateHouseholds({
      households: options.households,
      seed: options.seed,
      year,
      minHouseholdsPerMunicipality: options.minHouseholdsPerMunicipality,
    });

  it('fits and predicted spending equal the calls on the generator columns', () => {
    for (const [year, est, act] of [
      [run.current, 2021, 2022],
      [run.previous, 2020, 2021],
    ] as const) {
      const e = gen(est).columns();
      const volume = fitVolumeModel(e);
      const price = fitPriceModel(e);
      expect(Array.from(year.volume.fit.coefficients)).toEqual(Array.from(volume.fit.coefficients));
      expect(Array.from(year.price.fit.coefficients)).toEqual(Array.from(price.fit.coefficients));
      const spending = predictSpending({ volume, price, households: gen(act).columns() });
      expect(year.spending).toEqual(spending);
      expect(year.spending).toHaveLength(342);
    }
  });

  it('times every step it ran', () => {
    for (const step of [
      'fit volume model 2024',
      'fit price model 2024',
      'predict spending 2024',
      'allocate 2023',
    ])
      expect(run.timings[step]).toBeGreaterThanOrEqual(0);
  });
});
