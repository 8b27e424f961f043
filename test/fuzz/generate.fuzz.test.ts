/**
 * Fuzz properties over verdeelmodel/generate: generateHouseholds on edge options (0, negative, fractional,
 * NaN, huge counts and seeds, odd years), then summarizeHouseholds and recipientColumns on the result and
 * on a mutated receipt mask.
 *
 * Covered: generateHouseholds, summarizeHouseholds, recipientColumns, costSharerNorm.
 * Skipped: termLinearPredictor (takes the generator's own columns and truth, no user data; exercised by
 * test/generate), the level constants and truths (no input).
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import {
  costSharerNorm,
  generateHouseholds,
  recipientColumns,
  summarizeHouseholds,
} from '../../src/generate/index.js';
import { anyNumber, edgeNumber } from './arbitraries.js';
import { call, expectShape, fuzz } from './check.js';

describe('generate fuzz', () => {
  it('generateHouseholds → summarizeHouseholds, recipientColumns', () => {
    const options = fc.record(
      {
        households: fc.oneof(
          { weight: 4, arbitrary: fc.integer({ min: 0, max: 3000 }) },
          { weight: 1, arbitrary: edgeNumber },
        ),
        seed: fc.oneof(
          { weight: 4, arbitrary: fc.integer({ min: 0, max: 2 ** 31 }) },
          { weight: 1, arbitrary: edgeNumber },
        ),
        // One municipality included: summarizeHouseholds then reports municipalR2 as null (undefined R²).
        municipalities: fc.oneof(
          { weight: 3, arbitrary: fc.integer({ min: 1, max: 40 }) },
          { weight: 1, arbitrary: edgeNumber },
        ),
        year: fc.oneof(
          { weight: 3, arbitrary: fc.integer({ min: 2015, max: 2030 }) },
          { weight: 1, arbitrary: edgeNumber },
        ),
        minHouseholdsPerMunicipality: fc.oneof(fc.integer({ min: 0, max: 50 }), edgeNumber),
        // Huge SDs (1e308) included: generateHouseholds refuses SDs of 10 or more (SpecError).
        volumeEffectSd: fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), edgeNumber),
      },
      { requiredKeys: ['households', 'seed'] },
    );
    fuzz(
      'generateHouseholds',
      [
        options,
        fc.array(anyNumber, { maxLength: 5 }),
        fc.tuple(
          fc.oneof(fc.constant(24_000), anyNumber),
          fc.oneof(fc.constantFrom(1, 2), anyNumber),
          fc.oneof(fc.integer({ min: 0, max: 5 }), anyNumber),
        ),
      ],
      (o, maskPatch, norm) => {
        const g = call('generateHouseholds', o, () => generateHouseholds(o), { maxElements: 2000 });
        const cs = call('costSharerNorm', norm, () => costSharerNorm(...norm));
        if (cs.ok) expectShape(cs.value >= 0, 'costSharerNorm', `${cs.value}`, norm);
        if (!g.ok) return;
        expectShape(g.value.rows === o.households, 'generateHouseholds', `${g.value.rows} rows`, o);
        call('summarizeHouseholds', o, () => summarizeHouseholds(g.value));
        const r = call('recipientColumns', o, () => recipientColumns(g.value), { maxElements: 2000 });
        if (r.ok) {
          const receipt = Array.from(g.value.numeric.receipt as ArrayLike<number>);
          const n = receipt.filter((v) => v === 1).length;
          for (const [name, col] of Object.entries(r.value)) {
            const len = 'codes' in col ? col.codes.length : (col as ArrayLike<number>).length;
            expectShape(len === n, 'recipientColumns', `column ${name} has ${len} of ${n} rows`, o);
          }
        }
        // A mask that is not 0/1 or not one entry per household is a typed error.
        const mask = Array.from(g.value.numeric.receipt as ArrayLike<number>);
        maskPatch.forEach((v, i) => {
          if (mask.length > 0) mask[i % mask.length] = v;
        });
        call('recipientColumns mask', o, () => recipientColumns(g.value, mask), { maxElements: 2000 });
      },
      {
        seed: 1870,
        numRuns: 40,
        expectSuccess: ['generateHouseholds', 'summarizeHouseholds', 'recipientColumns', 'costSharerNorm'],
      },
    );
  });
});
