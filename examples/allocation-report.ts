/**
 * A 2024-style allocation report (SEO/Atlas, seed 000) on synthetic households:
 *
 *   npx tsx examples/allocation-report.ts [--households 1000000] [--out examples/out/allocation]
 *
 * estimates the volume and price models on 2021 data, actualises them to 2022, allocates the 2024
 * macro budget (€6.9 bn, of which €507 m LKS) to the cent with the size-class mix, and prints the
 * report's tables: the allocation by size class (ch. 2–3), the budget-share changes 2023 → 2024
 * and the deviation of budget shares from spending shares with its persistence (ch. 3–4). Tables
 * are written as CSV, the pictures as PNG.
 */
import { resolve } from 'node:path';
import { summarizeAllocation } from '../src/allocation/allocation-by-size-class.js';
import { summarizeEvaluation } from '../src/allocation/evaluation-by-size-class.js';
import { writeTable } from '../src/data/index.js';
import { runAllocationPipeline } from '../src/pipeline/index.js';
import {
  budgetChangePlot,
  coefficientPlot,
  formatTable,
  predictedVsActualPlot,
  writeChart,
} from '../src/report/index.js';

const args = process.argv.slice(2);
const arg = (name: string, dflt: string) =>
  args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1]! : dflt;
const households = Number(arg('households', '1000000'));
const out = resolve(arg('out', resolve(import.meta.dirname, 'out/allocation')));

const run = runAllocationPipeline({ households, onProgress: (step) => console.error(`… ${step}`) });
const { current } = run;
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

console.log(
  `Allocation ${current.budgetYear} on ${households.toLocaleString('en-US')} synthetic households per year\n`,
);
console.log(summarizeAllocation(current.allocation));
console.log('\nEvaluation (published for 2024: mean absolute change 4.8 %, deviation 6.7 %, R² 0.70)');
console.log(
  summarizeEvaluation({
    shareChange: run.shareChange,
    deviation: run.deviation,
    persistence: run.persistence,
  }),
);
console.log(
  `\nPredicted vs actual spending per municipality: R² ${run.spendingFit.byYear.map((y) => `${y.year} ${y.rSquared?.toFixed(3)}`).join(', ')}`,
);
const g4 = current.allocation.municipalities.filter((m) => m.sizeClass.includes('G4'));
console.log(
  `G4 budget share ${pct(g4.reduce((s, m) => s + m.budgetShare, 0))} against a population share of ${pct(
    g4.reduce((s, m) => s + m.inhabitants, 0) /
      current.allocation.municipalities.reduce((s, m) => s + m.inhabitants, 0),
  )} (published: "over a quarter" against 14 %)`,
);
console.log('\nBudget shares below spending shares, largest G4 and 100k+ gaps:');
console.log(
  formatTable(
    [...run.deviation.municipalities]
      .filter((m) => m.sizeClass !== null && !m.sizeClass.startsWith('<') && !m.sizeClass.startsWith('15k'))
      .sort((a, b) => a.deviation - b.deviation)
      .slice(0, 8)
      .map((m) => ({
        municipality: m.municipality,
        'size class': m.sizeClass,
        'budget share': pct(m.budgetShare),
        'spending share': pct(m.spendingShare),
        deviation: pct(m.deviation),
      })),
  ),
);

await writeTable(
  resolve(out, 'allocation.csv'),
  current.allocation.municipalities.map((m) => ({ ...m })),
);
await writeTable(
  resolve(out, 'share-changes.csv'),
  run.shareChange.municipalities.map((m) => ({ ...m })),
);
await writeTable(
  resolve(out, 'deviations.csv'),
  run.deviation.municipalities.map((m) => ({ ...m })),
);
await writeChart(
  resolve(out, 'budget-change.png'),
  budgetChangePlot(run.shareChange.municipalities, { title: 'Budget-share changes by size class' }),
);
await writeChart(
  resolve(out, 'predicted-vs-actual.png'),
  predictedVsActualPlot(
    current.spending.map((s) => ({
      municipality: s.municipality,
      predicted: s.expectedSpending,
      actual: s.actualSpending ?? Number.NaN,
    })),
    { quantity: 'spending (euros, sample scale)' },
  ),
);
await writeChart(
  resolve(out, 'volume-coefficients.png'),
  coefficientPlot(current.volume.fit.tidy({ vcov: 'cluster' }).slice(1)),
);
console.error(`tables and pictures written to ${out}`);
