/**
 * LKS evaluation end to end on a simulated panel (the real CBS microdata are confidential):
 * donor pool by size, synthetic control of the mean of the large municipalities, placebo
 * inference, dispersion, a trend-break test and sequence clustering.
 * Run: npx tsx examples/lks-synthetic-control.ts
 */
import { resolve } from 'node:path';
import { writeTable } from '../src/data/index.js';
import { placeboPlot, synthPlot, writeChart } from '../src/report/index.js';
import {
  dispersion,
  lksDonorPool,
  placeboInSpace,
  sequenceClusters,
  simulateSynthPanel,
  syntheticControl,
  trendBreakTest,
} from '../src/synth/index.js';

const rows = simulateSynthPanel({
  units: 120,
  periods: 72,
  treatmentIndex: 36,
  treated: 45,
  effect: 1.5,
  seed: 7,
});
const units = [...new Set(rows.map((r) => r.unit))];
const inhabitants = units.map((u) => rows.find((r) => r.unit === u)!.inhabitants);
const pool = lksDonorPool(units, inhabitants); // small + smallest 20 % of the medium class
const options = {
  unit: 'unit',
  time: 'time',
  outcome: 'y',
  treated: pool.treated,
  donors: pool.donors,
  treatmentTime: '2022-01',
} as const;

const fit = syntheticControl(rows, options);
console.log(fit.summary());

const placebo = placeboInSpace(rows, options);
console.log(`\nRMSPE ratio rank ${placebo.rank} of ${placebo.n}, p = ${placebo.pValue.toFixed(3)}`);
console.log(`months with p < 0.05: ${placebo.periodPValues.filter((p) => p.pValue < 0.05).length} of 36`);

const spread = dispersion(rows, { unit: 'unit', time: 'time', value: 'y' });
console.log(`\nIQR Jan 2019 ${spread[0]!.iqr.toFixed(2)}, Dec 2024 ${spread.at(-1)!.iqr.toFixed(2)}`);

const total = spread.map((d) => d.mean);
const tb = trendBreakTest(total, { breakIndex: 36 });
console.log(
  `trend break at 2022-01: ${tb.breakEstimate.toFixed(4)} (NW SE ${tb.breakStdError.toFixed(4)}, p ${tb.pValue.toFixed(3)})`,
);

const clusters = sequenceClusters(rows, {
  unit: 'unit',
  time: 'time',
  value: 'y',
  k: 7,
  weightFrom: '2022-01',
});
console.log(
  `\ncluster shares: ${clusters.profiles.map((p) => `${p.cluster}: ${(100 * p.share).toFixed(0)}%`).join(', ')}`,
);

// Tables and pictures next to each other, as the evaluation report has them.
const out = resolve(process.argv[2] ?? resolve(import.meta.dirname, 'out/lks'));
await writeTable(
  resolve(out, 'synthetic-control.csv'),
  fit.times.map((t, i) => ({
    time: t,
    treated: fit.treatedSeries[i],
    synthetic: fit.syntheticSeries[i],
    gap: fit.gap[i],
  })),
);
await writeTable(
  resolve(out, 'dispersion.csv'),
  spread.map((d) => ({ ...d })),
);
await writeChart(
  resolve(out, 'synthetic-control.png'),
  synthPlot(fit, { title: 'Large municipalities vs synthetic control' }),
);
await writeChart(
  resolve(out, 'placebos.png'),
  placeboPlot({
    times: fit.times,
    treatmentTime: '2022-01',
    treated: { unit: 'large municipalities', gap: fit.gap },
    placebos: placebo.placebos,
  }),
);
console.log(`\ntables and pictures written to ${out}`);
