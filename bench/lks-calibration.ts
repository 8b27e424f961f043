/**
 * Calibration of placeboGroups (issue 13): with no planted effect, over ≥ 200 seeded draws of the
 * data (an LKS-shaped panel: 130 large municipalities averaged into the treated series, 160 medium
 * and 45 small, rates per 10,000 with Poisson-size noise, so small donors are much noisier than
 * large ones), the share of draws with p < 0.05 must lie in [0.02, 0.08].
 *
 * Rows: each of the three S4 pools with placeboGroups' defaults (held-out scale, standardised
 * gaps); then, for the main pool, the two alternatives the default is chosen over: raw gaps, and
 * gaps standardised by the in-sample pre-period RMSPE (holdout 0).
 *
 * With `--trajectories N` it instead runs N draws of the whole chain (generateTrajectories at
 * `--scale` (default 0.25) → cleanTrajectories → trajectoryPanel) and tests the running stock
 * per 10,000 and the low-LW rate under the main pool: slower (≈ 10 s a draw), closer to S4's data.
 *
 * Run: npx tsx bench/lks-calibration.ts [--draws 200] [--groups 99] [--effect 0] [--json out.json]
 *      npx tsx bench/lks-calibration.ts --trajectories 100 [--scale 0.25] [--groups 99]
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { cleanTrajectories, generateTrajectories, placeboGroups, trajectoryPanel } from '../src/lks/index.js';
import { type CalibrationShares, calibratePlaceboGroups } from '../src/lks/placebo-groups-simulate.js';
import { lksDonorPool } from '../src/synth/lks-donor-pool.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}
const draws = arg('draws', 200);
const groups = arg('groups', 99);
const effect = arg('effect', 0);
const jsonAt = process.argv.indexOf('--json');
const TARGET: readonly [number, number] = [0.02, 0.08];

interface Row {
  readonly name: string;
  readonly statistic: 'held-out standardised' | 'raw' | 'in-sample standardised';
  readonly shares: CalibrationShares;
  readonly seconds: number;
  readonly load: number;
}
const chain = arg('trajectories', 0);
if (chain > 0) {
  trajectoryChain(chain, arg('scale', 0.25));
  process.exit(0);
}

/** Calibration on generated records → cleaning → panel (no planted effect). */
function trajectoryChain(n: number, scale: number): void {
  const outcomes = ['runningRate', 'lowLwRate'] as const;
  const hits = new Map(outcomes.map((o) => [o, { ratio: 0, first: 0, last: 0, pooled: 0, months: 0 }]));
  const load = loadavg()[0]!;
  const t = performance.now();
  let donors = 0;
  let groupSize = 0;
  for (let s = 1; s <= n; s++) {
    const g = generateTrajectories({ seed: s, scale });
    const { panel } = trajectoryPanel(cleanTrajectories(g.records), { population: g.population });
    const pop = g.population;
    const pool = lksDonorPool(pop.municipality, pop.inhabitants);
    donors = pool.donors.length;
    for (const o of outcomes) {
      const res = placeboGroups(panel, {
        unit: 'municipality',
        time: 'month',
        outcome: o,
        treated: pool.treated,
        donors: pool.donors,
        treatmentTime: '2022-01',
        groups,
        seed: s,
      });
      groupSize = res.groupSize;
      const h = hits.get(o)!;
      const p = res.periodPValues;
      if (res.pValue < 0.05) h.ratio++;
      if (p[0]!.pValue < 0.05) h.first++;
      if (p.at(-1)!.pValue < 0.05) h.last++;
      for (const x of p) {
        h.months++;
        if (x.pValue < 0.05) h.pooled++;
      }
    }
  }
  console.log(
    `placeboGroups calibration on ${n} draws of generateTrajectories (scale ${scale}) → cleanTrajectories → trajectoryPanel, no effect; main pool (${donors} donors, groups of ${groupSize}), ${groups} groups; ${((performance.now() - t) / 1000).toFixed(0)} s; load average ${load.toFixed(2)} → ${loadavg()[0]!.toFixed(2)}`,
  );
  console.log('outcome       first   last  pooled  RMSPE-ratio');
  for (const [o, h] of hits) {
    console.log(
      `${o.padEnd(12)} ${(h.first / n).toFixed(3)}  ${(h.last / n).toFixed(3)}  ${(h.pooled / h.months).toFixed(3)}  ${(h.ratio / n).toFixed(3).padStart(11)}`,
    );
  }
}

const rows: Row[] = [];
const run = (mediumShare: number, holdout: number | undefined) => {
  const load = loadavg()[0]!;
  const t = performance.now();
  const shares = calibratePlaceboGroups({
    draws,
    groups,
    mediumShare,
    effect,
    ...(holdout === undefined ? {} : { holdout }),
  });
  return { shares, seconds: (performance.now() - t) / 1000, load };
};
for (const [name, share] of [
  ['small + 20% medium (main)', 0.2],
  ['small only', 0],
  ['small + 35% medium', 0.35],
] as const) {
  const r = run(share, undefined);
  rows.push({ name, statistic: 'held-out standardised', ...r });
  if (share === 0.2) rows.push({ name, statistic: 'raw', ...r });
}
rows.push({ name: 'small + 20% medium (main)', statistic: 'in-sample standardised', ...run(0.2, 0) });

const pick = (r: Row) => {
  const s = r.shares;
  return r.statistic === 'raw'
    ? [s.firstMonthRaw, s.lastMonthRaw, s.pooledRaw, null]
    : [s.firstMonth, s.lastMonth, s.pooled, s.ratio];
};
const inTarget = (x: number | null) => x === null || (x >= TARGET[0] && x <= TARGET[1]);
console.log(
  `placeboGroups calibration: ${draws} draws of the data, ${groups} placebo groups each, planted effect ${effect}; target share of p < 0.05 in [${TARGET.join(', ')}]`,
);
console.log(
  `${'pool'.padEnd(27)} ${'statistic'.padEnd(23)} donors group  first   last  pooled  RMSPE-ratio  in target  seconds  load avg`,
);
for (const r of rows) {
  const [first, last, pooled, ratio] = pick(r);
  const f = (x: number | null | undefined) =>
    (x === null || x === undefined ? '-' : x.toFixed(3)).padStart(6);
  const ok =
    effect === 0 ? ([first, last, pooled, ratio].every((x) => inTarget(x ?? null)) ? 'yes' : 'NO') : '-';
  console.log(
    `${r.name.padEnd(27)} ${r.statistic.padEnd(23)} ${String(r.shares.donors).padStart(6)} ${String(r.shares.groupSize).padStart(5)} ${f(first)} ${f(last)} ${f(pooled)}  ${f(ratio).padStart(11)}  ${ok.padStart(9)}  ${r.seconds.toFixed(1).padStart(7)}  ${r.load.toFixed(2).padStart(8)}`,
  );
}
console.log(`load average at the end ${loadavg()[0]!.toFixed(2)} (2 cores, shared)`);
if (jsonAt > 0) {
  writeFileSync(
    process.argv[jsonAt + 1] ?? 'lks-calibration.json',
    `${JSON.stringify({ draws, groups, effect, target: TARGET, rows }, null, 2)}\n`,
  );
}
