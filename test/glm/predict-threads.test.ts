import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { evaluationData, predictFit } from '../../src/glm/predict.js';
import { predictTestHooks } from '../../src/glm/predict-kernel.js';
import type { GlmFit } from '../../src/glm/types.js';
import { DataError, logit } from '../../src/index.js';
import { uniforms } from './helpers.js';

// Predictions with a worker thread taking the last rows equal the one-thread predictions exactly,
// also when the worker fails or hangs (its rows are then computed on the main thread).

const n = 50_000;
const u = uniforms(61);
const levels = ['north', 'east', 'south', 'west', '__proto__'];
const data = {
  y: Uint8Array.from({ length: n }, () => (u() < 0.35 ? 1 : 0)),
  x1: Float64Array.from({ length: n }, () => u() * 2 - 1),
  x2: Float32Array.from({ length: n }, () => u()),
  ind: Uint8Array.from({ length: n }, () => (u() < 0.2 ? 1 : 0)),
  region: Array.from({ length: n }, () => levels[Math.floor(u() * levels.length)]!),
  flag: Array.from({ length: n }, () => u() < 0.5),
  lexp: Float64Array.from({ length: n }, () => u() * 0.2),
  z: Array.from({ length: n }, (_, i) => (i % 997 === 3 ? null : u())),
};
const spec = { y: 'y', x: ['x1', 'x2', 'ind', 'region', 'flag', 'x1:region', 'ind:x2'], offset: 'lexp' };
const fit = logit(data, { ...spec, threads: 1 });

/** The same fit with another `threads` setting (predictions follow the fit's setting). */
const withThreads = (f: GlmFit, threads: number): GlmFit => ({ ...f, options: { ...f.options, threads } });

/** Whether each worker of the calls so far delivered its rows. */
let collected: boolean[] = [];

afterEach(() => {
  delete predictTestHooks.fault;
  delete predictTestHooks.timeoutMs;
  collected = [];
});
beforeEach(() => {
  predictTestHooks.collected = (delivered) => collected.push(delivered);
});

describe('predict on two threads', () => {
  it('link and response on new data equal the one-thread predictions exactly', () => {
    for (const type of ['link', 'response'] as const) {
      const one = predictFit(withThreads(fit, 1), evaluationData(fit, data), { type }).fit;
      const two = predictFit(withThreads(fit, 2), evaluationData(fit, data), { type }).fit;
      expect(two).toHaveLength(n);
      expect(two).toEqual(one);
      expect(two.buffer).not.toBeInstanceOf(SharedArrayBuffer);
      // And both equal the encoded-design path (se: true).
      const encoded = fit.predict(data, { type, se: true }).fit;
      let m = 0;
      for (let i = 0; i < n; i++)
        m = Math.max(m, Math.abs(two[i]! - encoded[i]!) / Math.max(1, Math.abs(encoded[i]!)));
      expect(m).toBeLessThanOrEqual(1e-12);
    }
    // The two-thread calls ran a worker that delivered; the one-thread calls none.
    expect(collected).toEqual([true, true]);
  });

  it('the estimation rows of a fit that omitted rows (a row selection) on two threads equal the encoded path', () => {
    const omitted = logit(data, { ...spec, x: [...spec.x, 'z'], na: 'omit', threads: 2 });
    expect(omitted.nobs).toBeLessThan(n);
    for (const type of ['link', 'response'] as const) {
      const two = omitted.predict(undefined, { type }).fit;
      const encoded = omitted.predict(undefined, { type, se: true }).fit;
      expect(two).toHaveLength(omitted.nobs);
      let m = 0;
      for (let i = 0; i < two.length; i++)
        m = Math.max(m, Math.abs(two[i]! - encoded[i]!) / Math.max(1, Math.abs(encoded[i]!)));
      expect(m).toBeLessThanOrEqual(1e-12);
    }
    expect(collected).toEqual([true, true]);
  });

  it('a worker that fails or hangs leaves the same predictions (its rows run on the main thread)', () => {
    const one = predictFit(withThreads(fit, 1), evaluationData(fit, data), {}).fit;
    predictTestHooks.fault = 'throw';
    expect(predictFit(withThreads(fit, 2), evaluationData(fit, data), {}).fit).toEqual(one);
    expect(collected).toEqual([false]);
    predictTestHooks.fault = 'hang';
    predictTestHooks.timeoutMs = 300;
    const t0 = performance.now();
    expect(predictFit(withThreads(fit, 2), evaluationData(fit, data), {}).fit).toEqual(one);
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(collected).toEqual([false, false]);
  });

  it('an unknown level in the worker’s rows is the same DataError as on one thread', () => {
    const region = [...data.region];
    region[n - 5] = 'middle';
    const bad = { ...data, region };
    const errorOf = (threads: number) => {
      try {
        predictFit(withThreads(fit, threads), evaluationData(fit, bad), {});
      } catch (e) {
        return e;
      }
      return null;
    };
    const two = errorOf(2);
    expect(two).toBeInstanceOf(DataError);
    expect(two).toMatchObject({ code: 'invalid-value', column: 'region', row: n - 4 });
    // The worker met the bad row and gave up; the main thread redid its rows and named the user's row.
    expect(collected).toEqual([false]);
    expect((two as Error).message).toBe((errorOf(1) as Error).message);
  });
});
