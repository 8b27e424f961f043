import { describe, expect, it } from 'vitest';
import { generateHouseholds } from '../../src/generate/index.js';
import { hashHouseholds } from './hash-households.js';

// Hashes of the generator's full output (columns, tables, truth), computed with the generator as
// it was before its speed-ups: a faster generator must give the same bits for every option.
const PINNED = [
  {
    options: { households: 30_000, seed: 1, year: 2021 },
    sha256: 'dc13c8994dd3b4df273e85b9b56f50faac90fa26c8c504d3bd136ffa4fb2bed4',
  },
  {
    options: { households: 5_000, seed: 7, municipalities: 40, year: 2024 },
    sha256: 'b31bd550045b5a21e942d544d9e8a6d13144e85279d7e5cc153920461a6181e2',
  },
  {
    options: {
      households: 2_000,
      seed: 11,
      municipalities: 1,
      year: 2030,
      volumeEffectSd: 0.5,
      fullBenefitWeight: 0.2,
      fractionPrecision: 7,
    },
    sha256: '6469d687cbb13278de5043ada8c06f7649c5e4a23705a88d34353e620330cef1',
  },
  // Large enough for the covariates to be drawn on two threads.
  {
    options: { households: 600_000, seed: 3 },
    sha256: '88714d78d4ff483710bd79b76b01416f7a02088fceffaca45094d2e8377fa381',
  },
] as const;

describe('generateHouseholds output is pinned', () => {
  for (const { options, sha256 } of PINNED) {
    it(`${JSON.stringify(options)} gives the pinned bits`, () => {
      expect(hashHouseholds(generateHouseholds(options))).toBe(sha256);
    });
  }
});
