import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateTestHooks } from '../../src/generate/household-rows.js';
import { generateHouseholds } from '../../src/generate/index.js';
import { hashHouseholds } from './hash-households.js';

// The last municipalities' rows on a worker thread give the same bits as one thread, also when the
// worker fails or hangs (its rows are then computed on the main thread). The pinned hash is the
// one-thread output of the generator before it had threads (bit-identity.test.ts).
const options = { households: 30_000, seed: 1, year: 2021 };
const PINNED = 'dc13c8994dd3b4df273e85b9b56f50faac90fa26c8c504d3bd136ffa4fb2bed4';

let collected: boolean[] = [];
beforeEach(() => {
  generateTestHooks.minParallelRows = 10_000;
  generateTestHooks.collected = (delivered) => collected.push(delivered);
});
afterEach(() => {
  delete generateTestHooks.minParallelRows;
  delete generateTestHooks.collected;
  delete generateTestHooks.fault;
  delete generateTestHooks.timeoutMs;
  collected = [];
});

describe('generateHouseholds on two threads', () => {
  it('a worker that delivers gives the pinned bits', () => {
    const hh = generateHouseholds(options);
    expect(collected).toEqual([true]);
    expect(hashHouseholds(hh)).toBe(PINNED);
  });

  it('a worker that throws gives the same bits (its municipalities drawn on the main thread)', () => {
    generateTestHooks.fault = 'throw';
    expect(hashHouseholds(generateHouseholds(options))).toBe(PINNED);
    expect(collected).toEqual([false]);
  });

  it('a worker that hangs is given up and gives the same bits', () => {
    generateTestHooks.fault = 'hang';
    generateTestHooks.timeoutMs = 300;
    expect(hashHouseholds(generateHouseholds(options))).toBe(PINNED);
    expect(collected).toEqual([false]);
  });

  it('small populations stay on one thread', () => {
    delete generateTestHooks.minParallelRows;
    expect(hashHouseholds(generateHouseholds(options))).toBe(PINNED);
    expect(collected).toEqual([]);
  });
});
