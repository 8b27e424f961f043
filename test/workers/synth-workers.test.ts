import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { SpecError } from '../../src/errors.js';
import { placeboInSpace, placeboInSpaceParallel } from '../../src/synth/index.js';
import { workerTestHooks } from '../../src/workers/pool.js';
import { readCsv } from '../synth/helpers.js';

const hooks = workerTestHooks;
afterEach(() => {
  for (const key of Object.keys(hooks)) delete (hooks as Record<string, unknown>)[key];
});

const smoking = readCsv('smoking.csv');
// Outcome-path matching with two predictors: fast fits, still a full placebo run (38 placebos).
const OPTIONS = {
  unit: 'state',
  time: 'year',
  outcome: 'cigsale',
  treated: 'California',
  treatmentTime: 1989,
  predictors: [{ column: 'cigsale', at: 1980 }, 'retprice'],
} as const;
const seq = placeboInSpace(smoking, OPTIONS);

/** Run in parallel and time it. */
async function timed(options: Record<string, unknown> = {}) {
  const t0 = performance.now();
  const res = await placeboInSpaceParallel(smoking, { ...OPTIONS, threads: 2, ...options });
  return { res, ms: performance.now() - t0 };
}

function expectSameAsOneThread(res: Awaited<ReturnType<typeof placeboInSpaceParallel>>): void {
  expect(res.ranking).toEqual(seq.ranking);
  expect(res.periodPValues).toEqual(seq.periodPValues);
  expect(res.placebos.map((p) => p.gap)).toEqual(seq.placebos.map((p) => p.gap));
}

describe('placeboInSpaceParallel workers', () => {
  it('a worker terminated mid-run: its fits run elsewhere, the result is the one-thread result', async () => {
    const started: Worker[] = [];
    hooks.started = (w, _task, index) => {
      started.push(w);
      // End the first worker as soon as it has delivered its first fit.
      if (index === 0) w.on('message', (m: { type: string }) => m.type === 'fit' && void w.terminate());
    };
    const { res, ms } = await timed();
    expect(started).toHaveLength(2);
    expectSameAsOneThread(res);
    expect(res.run.note).toMatch(/exited|failed/);
    expect(ms).toBeLessThan(30_000);
  });

  it('every worker terminated at start: this thread fits them all', async () => {
    hooks.started = (w) => void w.terminate();
    const { res, ms } = await timed();
    expectSameAsOneThread(res);
    expect(res.run.note).not.toBeNull();
    expect(ms).toBeLessThan(30_000);
  });

  it('a worker module that does not exist is known at once: one thread, and the note says why', async () => {
    hooks.file = join(tmpdir(), 'verdeelmodel-no-such-worker.js');
    const started: Worker[] = [];
    hooks.started = (w) => started.push(w);
    const { res } = await timed();
    expect(started).toHaveLength(0);
    expect(res.run.threads).toBe(1);
    expect(res.run.note).toMatch(/not found/);
    expectSameAsOneThread(res);
  });

  it('bad input gives the typed error of the one-thread run', async () => {
    const bad = { ...OPTIONS, predictors: ['no_such_column'] };
    let one: unknown = null;
    try {
      placeboInSpace(smoking, bad);
    } catch (e) {
      one = e;
    }
    expect(one).toBeInstanceOf(Error);
    expect((one as { code?: string }).code).toBeTypeOf('string');
    await expect(placeboInSpaceParallel(smoking, { ...bad, threads: 2 })).rejects.toMatchObject({
      name: (one as Error).name,
      code: (one as { code: string }).code,
    });
  });

  it.each([0, -1, 2.5, 1e9, Number.NaN, '2'])(
    'threads: %s is a SpecError naming the option',
    async (threads) => {
      const err = await placeboInSpaceParallel(smoking, { ...OPTIONS, threads: threads as number }).catch(
        (e) => e,
      );
      expect(err).toBeInstanceOf(SpecError);
      expect(err).toMatchObject({ code: 'invalid-option', option: 'threads' });
      expect((err as Error).message).toMatch(/threads must be an integer from 1 to 1024/);
    },
  );

  it("the old option 'workers' is a SpecError that names its new name", async () => {
    const err = await placeboInSpaceParallel(smoking, { ...OPTIONS, workers: 2 } as never).catch((e) => e);
    expect(err).toBeInstanceOf(SpecError);
    expect(err).toMatchObject({ code: 'unknown-option', option: 'workers' });
    expect((err as Error).message).toMatch(/'threads'/);
  });
});
