/**
 * The pictures of verdeelmodel, each made from a real analysis:
 *
 *   npx tsx examples/report-figures.ts [outDir] [--specs]
 *
 * writes a PNG of every chart to `examples/out/figures/` (ignored by git; or `outDir`: pass `examples/figures`
 * to refresh the pictures the README shows), and with `--specs` its Vega-Lite spec too
 * (`.vl.json`, to open in the Vega editor or a notebook):
 * - `synth` and `placebo`: synthetic control of California's Proposition 99 on the public smoking panel
 *   (`test/fixtures/data/smoking.csv`, Abadie, Diamond & Hainmueller 2010) when it is there, else on a simulated
 *   panel with a known effect;
 * - `coefficients`, `budget-change` and `predicted-vs-actual`: the 2024-style allocation pipeline on 200,000
 *   synthetic households per year (estimated volume coefficients against the generator's true ones);
 * - `group-comparison`: the SEO/Atlas-style deficit/surplus analysis of `examples/deficit-surplus.ts`.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { readTable } from '../src/data/index.js';
import { runAllocationPipeline } from '../src/pipeline/index.js';
import {
  budgetChangePlot,
  coefficientPlot,
  groupComparisonPlot,
  placeboPlot,
  predictedVsActualPlot,
  synthPlot,
  type VegaLiteSpec,
  writeChart,
} from '../src/report/index.js';
import { placeboInSpace, simulateSynthPanel } from '../src/synth/index.js';
import { runDeficitSurplusExample } from './deficit-surplus.js';

const args = process.argv.slice(2);
const specs = args.includes('--specs');
const out = resolve(args.find((a) => !a.startsWith('--')) ?? resolve(import.meta.dirname, 'out/figures'));

async function save(name: string, spec: VegaLiteSpec): Promise<void> {
  await writeChart(resolve(out, `${name}.png`), spec, { scale: 1.5, strict: true });
  if (specs) await writeChart(resolve(out, `${name}.vl.json`), spec);
  console.error(`wrote ${name}.png`);
}

async function synthFigures(): Promise<void> {
  const smoking = resolve(import.meta.dirname, '../test/fixtures/data/smoking.csv');
  if (existsSync(smoking)) {
    const panel = await readTable(smoking);
    const result = placeboInSpace(panel, {
      unit: 'state',
      time: 'year',
      outcome: 'cigsale',
      treated: 'California',
      treatmentTime: 1989,
      predictors: [
        { column: 'lnincome', from: 1980, to: 1988 },
        { column: 'retprice', from: 1980, to: 1988 },
        { column: 'age15to24', from: 1980, to: 1988 },
        { column: 'beer', from: 1984, to: 1988 },
        { column: 'cigsale', at: 1975 },
        { column: 'cigsale', at: 1980 },
        { column: 'cigsale', at: 1988 },
      ],
    });
    const fit = result.treatedFit;
    await save('synth', synthPlot(fit, { title: 'Proposition 99: California and its synthetic control' }));
    await save(
      'placebo',
      placeboPlot(
        {
          times: fit.times,
          treatmentTime: 1989,
          outcome: 'cigarette sales per capita',
          treated: { unit: 'California', gap: fit.gap },
          placebos: result.placebos,
        },
        { maxPreMspeRatio: 5 },
      ),
    );
    return;
  }
  console.error(`${smoking} not found: using a simulated panel with an effect of -3 instead`);
  const rows = simulateSynthPanel({
    units: 30,
    periods: 40,
    treatmentIndex: 25,
    effect: -3,
    monthly: false,
    seed: 7,
  });
  const result = placeboInSpace(rows, {
    unit: 'unit',
    time: 'time',
    outcome: 'y',
    treated: 'u000',
    treatmentTime: 26,
  });
  const fit = result.treatedFit;
  await save('synth', synthPlot(fit));
  await save(
    'placebo',
    placeboPlot(
      {
        times: fit.times,
        treatmentTime: 26,
        treated: { unit: 'u000', gap: fit.gap },
        placebos: result.placebos,
      },
      { maxPreMspeRatio: 5 },
    ),
  );
}

async function allocationFigures(): Promise<void> {
  const run = runAllocationPipeline({ households: 200_000, seed: 2024, onProgress: (s) => console.error(s) });
  const { volume } = run.current;
  const truth = run.truth.volume.coefficients;
  const tidy = volume.fit.tidy();
  const terms = tidy.map((r) => r.term).filter((t) => /^hhtype\[|^age_/.test(t));
  await save(
    'coefficients',
    coefficientPlot(
      [
        ...tidy.map((r) => ({ ...r, model: 'estimate, 95% interval (clustered by municipality)' })),
        ...terms.map((term) => ({
          term,
          estimate: truth[term]!,
          confLow: truth[term]!,
          confHigh: truth[term]!,
          model: 'true value',
        })),
      ],
      {
        terms,
        title: 'Volume model: household type and age (logit, reference: single, 18–20)',
        xTitle: 'log-odds of receiving bijstand',
      },
    ),
  );
  await save(
    'budget-change',
    budgetChangePlot(run.shareChange.municipalities, {
      title: 'Budget-share changes 2023 → 2024 by size class',
    }),
  );
  const sizeClass = new Map(run.shareChange.municipalities.map((m) => [m.municipality, m.sizeClass]));
  await save(
    'predicted-vs-actual',
    predictedVsActualPlot(
      run.current.spending
        .filter((s) => s.actualSpending !== null)
        .map((s) => ({
          municipality: s.municipality,
          predicted: s.expectedSpending,
          actual: s.actualSpending!,
          group: sizeClass.get(s.municipality) ?? null,
        })),
      { quantity: 'spending (euros)' },
    ),
  );
}

async function groupFigure(): Promise<void> {
  const result = runDeficitSurplusExample();
  await save('group-comparison', groupComparisonPlot(result.withoutControl.table));
}

await synthFigures();
await allocationFigures();
await groupFigure();
