import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateTestHooks } from '../../src/generate/generate-rows.js';
import { generateHouseholds } from '../../src/generate/index.js';
import { hashHouseholds } from './hash-households.js';

// The last municipalities' rows on a worker thread give the same bits as one thread, also when the
// worker fails or hangs (its rows are then computed on the main thread). The pinned hash is the
// one-thread output of the generator before it had threads (bit-identity.test.ts).
const options = { households: 30_000, seed: 1, year: 2021 };
const PINNED = 'dc13c8994dd3b4df273e85b9b56f50faac90fa26c8c504d3bd136ffa4fb2bed4';

/** Per call: whether the worker finished the chunks it took, and how many it took. */
let collected: [boolean, number][] = [];
beforeEach(() => {
  generateTestHooks.minParallelRows = 10_000;
  // The main thread takes two chunks and leaves the rest to the worker (or to its fallback).
  generateTestHooks.mainChunks = 2;
  generateTestHooks.collected = (delivered, chunks) => collected.push([delivered, chunks]);
});
afterEach(() => {
  delete generateTestHooks.minParallelRows;
  delete generateTestHooks.mainChunks;
  delete generateTestHooks.collected;
  delete generateTestHooks.fault;
  delete generateTestHooks.timeoutMs;
  collected = [];
});

describe('generateHouseholds on two threads', () => {
  it('a worker that delivers gives the pinned bits', () => {
    const hh = generateHouseholds(options);
    expect(collected).toHaveLength(1);
    expect(collected[0]![0]).toBe(true);
    expect(collected[0]![1]).toBeGreaterThan(0);
    expect(hashHouseholds(hh)).toBe(PINNED);
  });

  it('both threads taking chunks as they come give the pinned bits', () => {
    delete generateTestHooks.mainChunks;
    expect(hashHouseholds(generateHouseholds(options))).toBe(PINNED);
    expect(collected.map((c) => c[0])).toEqual([true]);
  });

  it('a worker that throws gives the same bits (its municipalities drawn on the main thread)', () => {
    generateTestHooks.fault = 'throw';
    expect(hashHouseholds(generateHouseholds(options))).toBe(PINNED);
    expect(collected.map((c) => c[0])).toEqual([false]);
  });

  it('a worker that hangs is given up and gives the same bits', () => {
    generateTestHooks.fault = 'hang';
    generateTestHooks.timeoutMs = 300;
    expect(hashHouseholds(generateHouseholds(options))).toBe(PINNED);
    expect(collected.map((c) => c[0])).toEqual([false]);
  });

  it('small populations stay on one thread', () => {
    delete generateTestHooks.minParallelRows;
    expect(hashHouseholds(generateHouseholds(options))).toBe(PINNED);
    expect(collected).toEqual([]);
  });
});
