/**
 * A model maintainer's year (seeds 000 and 001; issue "The model maintainer's toolkit") on synthetic
 * households:
 *
 *   npx tsx examples/model-maintenance.ts [--households 100000] [--out examples/out/model-maintenance]
 *
 * 1. the assessment framework ("afwegingskader"): may a candidate feature (here the corporation
 *    dwelling) enter the volume model? Likelihood-ratio and cluster-robust Wald tests of the added term,
 *    household-level fit (McFadden R², AIC, AUC) and municipality-level fit of both models;
 * 2. why each municipality's budget share moved from one budget year to the next: re-estimation, the
 *    data update by feature group, size-class mix, historical part, LKS, DTI and macro totals, parts
 *    that add up to the change of every municipality; the largest changers drawn by part.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { compareModels, explainShareChanges, largestChangers } from '../src/development/index.js';
import { generateHouseholds, volumeTerms } from '../src/generate/index.js';
import { fitPriceModel } from '../src/price/index.js';
import { shareChangePartsPlot, writeChart } from '../src/report/index.js';
import { fitVolumeModel } from '../src/volume/index.js';

const args = process.argv.slice(2);
const arg = (name: string, dflt: string) =>
  args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1]! : dflt;
const households = Number(arg('households', '100000'));
const out = arg('out', join('examples', 'out', 'model-maintenance'));
const say = (...lines: string[]) => process.stdout.write(`${lines.join('\n')}\n`);

// 1. A candidate feature: the base model leaves it out, the extended model adds it.
const data = generateHouseholds({ households, seed: 3, year: 2021 }).columns();
const candidate = 'corporation_dwelling';
const base = fitVolumeModel(data, { x: volumeTerms.filter((t) => t !== candidate) });
const extended = fitVolumeModel(data, { x: [...volumeTerms] });
const comparison = compareModels(base, extended, { data });
say(`== 1. May '${candidate}' enter the volume model? ==`, comparison.summary(), '');

// 2. Two budget years, each estimated on its own data (the model of budget year y + 2 on year y).
const budgetYear = (year: number) => {
  const g = generateHouseholds({ households, seed: 3, year });
  const m = g.municipalities;
  const columns = g.columns();
  return {
    budgetYear: year + 2,
    volume: fitVolumeModel(columns),
    price: fitPriceModel(columns),
    households: columns,
    municipalities: m.id.map((municipality, i) => ({
      municipality,
      inhabitants: m.inhabitantsPreviousYear[i]!,
      spendingTwoYearsEarlier: m.spendingTwoYearsBefore[i]!,
      inhabitantsTwoYearsEarlier: m.inhabitantsTwoYearsBefore[i]!,
      inhabitantsPreviousYear: m.inhabitantsPreviousYear[i]!,
      householdWeight: m.householdWeight[i]!,
    })),
    macroBudget: 6.9e9,
  };
};
const why = explainShareChanges(budgetYear(2021), budgetYear(2022));
say('== 2. Why budget shares moved from 2023 to 2024 ==', why.summary(), '');
const top = largestChangers(why, 5);
say(
  `largest changers: ${top.map((m) => `${m.municipality} ${(100 * m.relativeChange).toFixed(1)}%`).join(', ')}`,
);

mkdirSync(out, { recursive: true });
const chart = join(out, 'share-change-parts.png');
await writeChart(chart, shareChangePartsPlot(why));
say(`chart written to ${chart}`);
