import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { logit } from '../../src/glm/index.js';
import { workerEntry, workerTestHooks } from '../../src/workers/pool.js';
import { LOGIT_SPEC, logitData, maxRelDiff } from './helpers.js';

const hooks = workerTestHooks;
afterEach(() => {
  for (const key of Object.keys(hooks)) delete (hooks as Record<string, unknown>)[key];
});

// 60k rows: passes of a few ms, no warm start; 450k rows: the first worker fits the warm start.
const small = logitData(60_000);
const large = logitData(450_000, 11);
const oneSmall = logit(small, { ...LOGIT_SPEC, threads: 1 });
const oneLarge = logit(large, { ...LOGIT_SPEC, threads: 1 });

/** Fit on two threads and time it. */
function timed(data: typeof small) {
  const t0 = performance.now();
  const fit = logit(data, { ...LOGIT_SPEC, threads: 2 });
  return { fit, ms: performance.now() - t0 };
}

describe('GLM pass workers', () => {
  it('start from the worker module (from source through tsx) and give the one-thread fit', () => {
    const entry = workerEntry();
    expect(entry).toEqual({ file: expect.stringMatching(/src[/\\]workers[/\\]worker-tsx\.mjs$/) });
    const { fit } = timed(small);
    expect(fit.threads).toBe(2);
    expect(maxRelDiff(fit.coefficients, oneSmall.coefficients)).toBeLessThan(1e-10);
  });

  it.each([
    ['throws', 'throw'],
    ['exits', 'exit'],
    ['runs out of memory', 'oom'],
  ] as const)(
    'a worker that %s at pass 2: its block runs on the main thread, same fit, no hang',
    (_, how) => {
      hooks.fault = { pass: 2, how };
      const { fit, ms } = timed(small);
      expect(fit.threads).toBe(1);
      expect(maxRelDiff(fit.coefficients, oneSmall.coefficients)).toBeLessThan(1e-10);
      expect(ms).toBeLessThan(15_000);
    },
  );

  it('a worker that stops answering is given up after the pass time limit', () => {
    hooks.fault = { pass: 2, how: 'hang' };
    hooks.passTimeoutMs = 300;
    const { fit, ms } = timed(small);
    expect(fit.threads).toBe(1);
    expect(maxRelDiff(fit.coefficients, oneSmall.coefficients)).toBeLessThan(1e-10);
    expect(ms).toBeLessThan(10_000);
  });

  it('a worker terminated mid-fit (terminate() before pass 3) is detected at once', () => {
    const workers: Worker[] = [];
    hooks.started = (w) => workers.push(w);
    hooks.beforePass = (pass) => {
      if (pass === 3) void workers[0]!.terminate();
    };
    const { fit, ms } = timed(small);
    expect(workers).toHaveLength(1);
    expect(fit.threads).toBe(1);
    expect(maxRelDiff(fit.coefficients, oneSmall.coefficients)).toBeLessThan(1e-10);
    expect(ms).toBeLessThan(10_000);
  });

  it('a warm-start worker ended before it ran: the main thread fits the warm start itself', () => {
    hooks.started = (w) => void w.terminate();
    const { fit, ms } = timed(large);
    expect(fit.threads).toBe(1);
    expect(maxRelDiff(fit.coefficients, oneLarge.coefficients)).toBeLessThan(1e-10);
    expect(ms).toBeLessThan(15_000);
  });

  it('a worker module that does not exist is known before any worker starts', () => {
    hooks.file = join(tmpdir(), 'verdeelmodel-no-such-worker.js');
    const started: Worker[] = [];
    hooks.started = (w) => started.push(w);
    expect(workerEntry()).toEqual({ error: expect.stringContaining('not found') });
    const { fit, ms } = timed(small);
    expect(started).toHaveLength(0);
    expect(fit.threads).toBe(1);
    expect(maxRelDiff(fit.coefficients, oneSmall.coefficients)).toBeLessThan(1e-10);
    expect(ms).toBeLessThan(5_000);
  });

  it('a worker module that fails to load is detected within seconds, not waited for', () => {
    const bad = join(tmpdir(), `verdeelmodel-bad-worker-${process.pid}.mjs`);
    writeFileSync(bad, "throw new Error('this worker cannot start');\n");
    hooks.file = bad;
    const { fit, ms } = timed(small);
    expect(fit.threads).toBe(1);
    expect(maxRelDiff(fit.coefficients, oneSmall.coefficients)).toBeLessThan(1e-10);
    expect(ms).toBeLessThan(5_000);
  });
});
