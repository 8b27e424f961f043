/**
 * Model-development benchmark (issue 14): the rank AUC against the O(n₁n₀) pair count it replaces,
 * `compareModels` on the default volume model plus one candidate, and `firthLogit` with its
 * profile intervals. Best of `--repeats` runs (wall and CPU seconds), the load average beside the table.
 *
 *   npx tsx bench/development.ts [--households 150000] [--repeats 3] [--json out.json]
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { compareModels } from '../src/development/compare-models.js';
import { rankAuc } from '../src/development/compare-models-auc.js';
import { generateHouseholds } from '../src/generate/generate-households.js';
import { volumeTerms } from '../src/generate/levels.js';
import { firthLogit } from '../src/glm/firth-logit.js';
import { fitVolumeModel } from '../src/volume/fit-volume-model.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string | null) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : dflt;
};
const households = Number(opt('households', '150000'));
const repeats = Number(opt('repeats', '3'));
const json = opt('json', null);

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
function best(f: () => unknown): { wall: number; cpu: number } {
  let wall = Number.POSITIVE_INFINITY;
  let c = 0;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    const c0 = cpu();
    f();
    const t = (performance.now() - t0) / 1000;
    if (t < wall) {
      wall = t;
      c = cpu() - c0;
    }
  }
  return { wall, cpu: c };
}

function pairCount(s: Float64Array, y: Float64Array): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < s.length; i++) {
    if (y[i] !== 1) continue;
    for (let j = 0; j < s.length; j++) {
      if (y[j] !== 0) continue;
      den++;
      num += s[i]! > s[j]! ? 1 : s[i] === s[j] ? 0.5 : 0;
    }
  }
  return num / den;
}

const rows: { task: string; n: number; wall: number; cpu: number }[] = [];
const hh = generateHouseholds({ households, seed: 11 }).columns();
const extended = fitVolumeModel(hh);
const p = extended.fit.predict().fit;
const y = Float64Array.from(hh.receipt as ArrayLike<number>);
// Alternate ours and the pair count on the same 20,000 households.
const small = 20_000;
const ps = p.slice(0, small);
const ys = y.slice(0, small);
for (let r = 0; r < 2; r++) {
  rows.push({ task: 'rankAuc', n: small, ...best(() => rankAuc(ps, ys)) });
  rows.push({ task: 'pair count (brute force)', n: small, ...best(() => pairCount(ps, ys)) });
}
rows.push({ task: 'rankAuc', n: households, ...best(() => rankAuc(p, y)) });
const base = fitVolumeModel(hh, { x: volumeTerms.filter((t) => t !== 'nuisance') });
rows.push({
  task: 'compareModels (volume, 61 vs 60 terms; fits excluded)',
  n: households,
  ...best(() => compareModels(base, extended, { data: hh })),
});
const firthData = generateHouseholds({ households: 5000, seed: 3 }).columns();
rows.push({
  task: 'firthLogit (hhtype + 5 ages, profile intervals)',
  n: 5000,
  ...best(() =>
    firthLogit(firthData, {
      y: 'receipt',
      x: ['hhtype', 'age_20_25', 'age_25_30', 'age_30_40', 'age_40_50', 'age_50_aow'],
      reference: { hhtype: 'single' },
    }),
  ),
});
const load = loadavg()
  .map((l) => l.toFixed(2))
  .join(' ');
console.log(`load average (1, 5, 15 min): ${load}; best of ${repeats}`);
console.log('task'.padEnd(58), 'n'.padStart(9), 'wall s'.padStart(9), 'cpu s'.padStart(9));
for (const r of rows)
  console.log(
    r.task.padEnd(58),
    String(r.n).padStart(9),
    r.wall.toFixed(3).padStart(9),
    r.cpu.toFixed(3).padStart(9),
  );
if (json) writeFileSync(json, JSON.stringify({ load, repeats, rows }, null, 2));
