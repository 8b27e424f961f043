/**
 * Synthetic-control benchmark on an LKS-sized panel: ~340 municipalities × 72 months (seeded
 * factor model), treated = mean of the large municipalities, donors by the LKS size rule.
 * Times one fit and a full placebo-in-space run, in this thread and on two worker threads, for
 * outcome-path matching (no predictors) and for the nested V search with predictors.
 * Run: npx tsx bench/synth.ts [--json out.json]
 */
import { writeFileSync } from 'node:fs';
import {
  lksDonorPool,
  placeboInSpace,
  placeboInSpaceParallel,
  simulateSynthPanel,
  syntheticControl,
} from '../src/synth/index.js';

const rows = simulateSynthPanel({
  units: 340,
  periods: 72,
  treatmentIndex: 36,
  treated: 134,
  effect: 2,
  seed: 2026,
});
const units = [...new Set(rows.map((r) => r.unit))];
const inhabitants = units.map((u) => rows.find((r) => r.unit === u)!.inhabitants);
const pool = lksDonorPool(units, inhabitants);
const base = {
  unit: 'unit',
  time: 'time',
  outcome: 'y',
  treated: pool.treated,
  donors: pool.donors,
  treatmentTime: '2022-01',
} as const;
const predictors = [
  'x',
  { column: 'y', from: '2019-01', to: '2019-12' },
  { column: 'y', from: '2020-01', to: '2020-12' },
  { column: 'y', from: '2021-01', to: '2021-12' },
  { column: 'y', at: '2021-06' },
  { column: 'y', at: '2021-12' },
];

const results: { task: string; fits: number; ms: number; cpuMs: number; workers: number }[] = [];
async function time(task: string, fits: number, workers: number, f: () => unknown | Promise<unknown>) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await f();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  results.push({ task, fits, ms, cpuMs: (c.user + c.system) / 1000, workers });
}

console.log(
  `panel: ${units.length} units × 72 months; treated ${pool.treated.length} large, donors ${pool.donors.length}`,
);
await time('fit, outcome path', 1, 1, () => syntheticControl(rows, base));
await time('fit, V search (6 predictors)', 1, 1, () => syntheticControl(rows, { ...base, predictors }));
const n = pool.donors.length + 1;
await time('placebo in space, outcome path', n, 1, () => placeboInSpace(rows, base));
await time('placebo in space, outcome path', n, 2, () =>
  placeboInSpaceParallel(rows, { ...base, threads: 2 }),
);
await time('placebo in space, V search', n, 1, () => placeboInSpace(rows, { ...base, predictors }));
await time('placebo in space, V search', n, 2, async () => {
  const r = await placeboInSpaceParallel(rows, { ...base, predictors, threads: 2 });
  console.log(`parallel run: ${r.run.threads} threads${r.run.note ? ` (${r.run.note})` : ''}`);
});

const pad = (s: string, w: number) => s.padEnd(w);
console.log(
  `${pad('task', 34)}${pad('fits', 6)}${pad('workers', 9)}${pad('wall ms', 10)}cpu ms (whole process)`,
);
for (const r of results) {
  console.log(
    `${pad(r.task, 34)}${pad(String(r.fits), 6)}${pad(String(r.workers), 9)}${pad(r.ms.toFixed(0), 10)}${r.cpuMs.toFixed(0)}`,
  );
}
const i = process.argv.indexOf('--json');
if (i > 0 && process.argv[i + 1])
  writeFileSync(process.argv[i + 1]!, JSON.stringify({ date: new Date().toISOString(), results }, null, 2));
