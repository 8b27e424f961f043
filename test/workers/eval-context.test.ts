import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOGIT_SPEC } from './helpers.js';

// A 2-thread fit in an eval context (`node -e`, `node --input-type=module -e`: what REPLs and
// notebook kernels do) hung forever when workers were built from source text. Each case runs in a
// child process with a time limit and compares the 2-thread fit with threads: 1.
const root = resolve(import.meta.dirname, '../..');
// The build to check; VERDEELMODEL_DIST points at another one (say, built in a clean checkout).
const dist = process.env.VERDEELMODEL_DIST ?? join(root, 'dist');

/** logitData and maxRelDiff of helpers.ts, as plain JavaScript text. */
const DATA_JS = `
function logitData(n, seed = 7) {
  let s = seed;
  const r = () => { s = (s * 16807) % 2147483647; return s / 2147483647; };
  const y = new Float64Array(n), x1 = new Float64Array(n), x2 = new Float64Array(n), g = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    x1[i] = r() - 0.5; x2[i] = r(); g[i] = Math.floor(r() * 8);
    const eta = -1 + 0.5 * x1[i] - x2[i] + 0.1 * g[i];
    y[i] = r() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
  }
  return { y, x1, x2, g: { codes: g, levels: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'] } };
}
function maxRelDiff(a, b) {
  let m = 0;
  a.forEach((v, j) => { m = Math.max(m, Math.abs(v - b[j]) / (1 + Math.abs(v))); });
  return m;
}`;

/**
 * The script body in plain JavaScript (so the dist cases need no TypeScript loader): the data of
 * {@link DATA_JS}, a fit on 2 and 1 threads, and the threads and the largest relative
 * coefficient difference printed as JSON.
 */
const body = (logit: string) => `
${DATA_JS}
const LOGIT_SPEC = ${JSON.stringify(LOGIT_SPEC)};
const data = logitData(300000);
const two = ${logit}(data, { ...LOGIT_SPEC, threads: 2 });
const one = ${logit}(data, { ...LOGIT_SPEC, threads: 1 });
console.log(JSON.stringify({ threads: two.threads, diff: maxRelDiff(two.coefficients, one.coefficients) }));
`;

function runChild(args: string[]): { threads: number; diff: number } {
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', timeout: 60_000 });
  expect(r.error?.message ?? null, r.stderr).toBeNull();
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!);
}

function expectTwoThreadFit(out: { threads: number; diff: number }): void {
  expect(out.threads).toBe(2);
  expect(out.diff).toBeLessThan(1e-10);
}

describe('a 2-thread fit from an eval context returns the one-thread fit', () => {
  it('from source: node --import tsx --input-type=module -e', () => {
    const code = `import { logit } from ${JSON.stringify(join(root, 'src/glm/index.ts'))};
${body('logit')}`;
    expectTwoThreadFit(runChild(['--import', 'tsx', '--input-type=module', '-e', code]));
  }, 90_000);

  it('from source: node --import tsx -e (CommonJS eval, dynamic import)', () => {
    const code = `(async () => {
const { logit } = await import(${JSON.stringify(join(root, 'src/glm/index.ts'))});
${body('logit')}
})().catch((e) => { console.error(e); process.exit(1); });`;
    expectTwoThreadFit(runChild(['--import', 'tsx', '-e', code]));
  }, 90_000);

  // The build is not part of the test run; when a build with the worker module is there, check it too.
  const built = existsSync(join(dist, 'worker.js')) && existsSync(join(dist, 'worker.cjs'));
  it.skipIf(!built)(
    'from dist, ESM: node --input-type=module -e',
    () => {
      const code = `import { logit } from ${JSON.stringify(join(dist, 'index.js'))};
${body('logit')}`;
      expectTwoThreadFit(runChild(['--input-type=module', '-e', code]));
    },
    90_000,
  );

  it.skipIf(!built)(
    'from dist, CommonJS: node -e with require',
    () => {
      const code = `const { logit } = require(${JSON.stringify(join(dist, 'index.cjs'))});
${body('logit')}`;
      expectTwoThreadFit(runChild(['-e', code]));
    },
    90_000,
  );
});
