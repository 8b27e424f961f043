import { describe, expect, it, vi } from 'vitest';
import type * as NodePlatform from '../../src/internal/platform-node.js';

// The capability code under the browser platform module, run in Node: vitest swaps the module in
// the way the browser build does (tsup's `#platform`, the test page's esbuild plugin).
vi.mock('../../src/internal/platform.js', () => import('../../src/internal/platform-browser.js'));

const browser = await import('../../src/internal/platform-browser.js');
const node = await import('../../src/internal/platform-node.js');
const { clickHouseSource, duckDbSource, fitGlmDuckDb, fitGlmStream, logit } = await import(
  '../../src/glm/index.js'
);

const data = { y: [0, 0, 1, 0, 1, 1, 0, 1, 1, 0], x: [1, 2, 2, 3, 3, 4, 4, 5, 6, 1.5] };

describe('the browser platform module', () => {
  it('exports what the Node one exports, with the same types', () => {
    // A type error here when an export is missing or differs in type.
    const same: typeof NodePlatform = browser;
    expect(Object.keys(same).sort()).toEqual(Object.keys(node).sort());
    expect(browser.platformName).toBe('browser');
    expect(browser.hasWorkerThreads).toBe(false);
    expect(browser.availableParallelism()).toBeGreaterThanOrEqual(1);
  });

  it('has no worker threads: `threads: 2` fits on one thread, to the same numbers', () => {
    const one = logit(data, { y: 'y', x: ['x'] });
    const two = logit(data, { y: 'y', x: ['x'], threads: 2 });
    expect(two.glance().threads).toBe(1);
    expect(two.tidy()).toEqual(one.tidy());
    expect(browser.startWorker('glm-pass', null, {})).toEqual({
      error: expect.stringMatching(/not available/),
    });
  });

  it('a file path or DuckDB is a typed error saying to pass the data instead', async () => {
    await expect(
      fitGlmStream('households.csv', { family: 'binomial', y: 'y', x: ['x'] }),
    ).rejects.toMatchObject({
      name: 'SpecError',
      code: 'node-only',
      message: expect.stringMatching(/households\.csv.*needs Node.*pass the data itself/),
    });
    await expect(
      fitGlmDuckDb({ source: 'households.parquet', family: 'binomial', y: 'y', x: ['x'] }),
    ).rejects.toMatchObject({ code: 'node-only', message: expect.stringMatching(/fitGlm\b/) });
    await expect(duckDbSource()).rejects.toMatchObject({ code: 'node-only' });
    await expect(clickHouseSource({ url: 'http://127.0.0.1:8123' })).rejects.toMatchObject({
      code: 'node-only',
    });
  });

  it('hands out plain memory where SharedArrayBuffer is missing (a page that is not cross-origin isolated)', () => {
    const saved = globalThis.SharedArrayBuffer;
    try {
      // @ts-expect-error: removed as in such a page
      delete globalThis.SharedArrayBuffer;
      expect(browser.sharedBuffer(16)).toBeInstanceOf(ArrayBuffer);
      expect(logit(data, { y: 'y', x: ['x'] }).glance().converged).toBe(true);
    } finally {
      globalThis.SharedArrayBuffer = saved;
    }
  });
});
