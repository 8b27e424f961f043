import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// Under a 1.75 GB address-space limit a 2-thread logit on 1M households aborted the whole process
// (a worker isolate could not reserve its code range: a fatal V8 error, exit 133/134). Workers now
// start with a small code range and heap ceilings. Runs on the build (tsx itself cannot start
// under this limit), in a child process with the limit set by the shell.
const root = resolve(import.meta.dirname, '../..');
const dist = process.env.VERDEELMODEL_DIST ?? join(root, 'dist');
const built = existsSync(join(dist, 'worker.js')) && existsSync(join(dist, 'index.js'));
const shell = process.platform === 'linux' && existsSync('/bin/bash');

const script = `
import { generateHouseholds, logit } from ${JSON.stringify(join(dist, 'index.js'))};
const cols = generateHouseholds({ households: 1000000, seed: 1, year: 2021 }).columns();
const drop = new Set(['municipality', 'neighbourhood', 'fraction', 'benefit', 'norm', 'receipt', 'benefit_any',
  'inhabitants', 'inhabitants_15_65', 'population_growth', 'lks']);
const x = Object.keys(cols).filter((k) => !drop.has(k));
const fit = logit(cols, { y: 'receipt', x, threads: 2, aliased: 'drop' });
console.log(JSON.stringify({ threads: fit.threads, finite: fit.coefficients.every(Number.isFinite) }));
`;

describe('workers under an address-space limit', () => {
  it.skipIf(!built || !shell)(
    'a 2-thread logit on 1M rows under ulimit -v 1835008 finishes',
    () => {
      const r = spawnSync(
        '/bin/bash',
        ['-c', 'ulimit -v 1835008 && exec "$0" --input-type=module -e "$1"', process.execPath, script],
        {
          encoding: 'utf8',
          timeout: 120_000,
        },
      );
      expect(r.status, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
      expect(out).toEqual({ threads: 2, finite: true });
    },
    150_000,
  );
});
