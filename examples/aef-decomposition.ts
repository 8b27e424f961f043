/**
 * Worked example: AEF's volume/price split of budget balances and the explained variance of outcome
 * measures (S3 §3.1-3.2, Annex E; DOMAIN D.6-D.7), on synthetic case municipalities.
 *
 *   npx tsx examples/aef-decomposition.ts [seed]
 *
 * Fifteen case municipalities, 2016-2021. The budget is predicted recipients × predicted price (as in the
 * SZW "rekentools"), spending is actual recipients × actual price. A municipality's volume gap is driven
 * by its inflow rate and outflow to work, its price gap by the share of recipients with part-time
 * earnings; mean duration is unrelated. Twelve of the fifteen take part in the benchmark, and a few
 * benchmark values are missing, as in S3. `runAefExample` is also used by test/outliers/examples.test.ts.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeTable } from '../src/data/index.js';
import { createRng } from '../src/internal/random.js';
import { decomposeSpendingGap, explainedVariance, type SpendingGapPeriod } from '../src/outliers/index.js';
import { type VegaLiteSpec, writeChart } from '../src/report/index.js';

const YEARS = [2016, 2017, 2018, 2019, 2020, 2021];

/** Budgets, spending, recipients and benchmark measures of the synthetic case municipalities. */
export function generateCases(seed: number) {
  const rng = createRng(seed);
  const rows: Record<string, string | number | null>[] = [];
  for (let g = 1; g <= 15; g++) {
    const size = Math.round(400 + 4000 * rng.uniform() ** 2);
    const participates = g <= 12;
    const inflowLevel = 0.3 + 0.04 * rng.normal(); // yearly inflow as a share of the stock
    const workLevel = 0.11 + 0.02 * rng.normal(); // outflow to work as a share of the stock
    const partTimeLevel = 0.095 + 0.015 * rng.normal(); // share with part-time earnings
    for (const year of YEARS) {
      const inflow = inflowLevel + 0.02 * rng.normal();
      const outflowToWork = workLevel + 0.015 * rng.normal();
      const partTime = partTimeLevel + 0.01 * rng.normal();
      const predictedRecipients = size * (1 + 0.03 * rng.normal());
      // More inflow and less outflow to work than usual -> more recipients than predicted.
      const volumeGap = -1.2 * (inflow - 0.3) + 1.5 * (outflowToWork - 0.11) + 0.04 * rng.normal();
      const recipients = Math.round(predictedRecipients * (1 - volumeGap));
      const predictedPrice = 14_500 + 400 * rng.normal();
      // Part-time earnings are deducted from the benefit -> a lower price than predicted.
      const price = predictedPrice * (1 - 2 * (partTime - 0.095) + 0.02 * rng.normal());
      const missing = participates && rng.uniform() < 0.05;
      rows.push({
        municipality: `G${g}`,
        year,
        budget: Math.round(predictedRecipients * predictedPrice),
        spending: Math.round(recipients * price),
        predictedRecipients,
        recipients,
        inflow: participates && !missing ? inflow : null,
        outflowToWork: participates ? outflowToWork : null,
        partTime: participates ? partTime : null,
        meanDuration: participates ? 55 + 2 * (year - 2016) + 6 * rng.normal() : null,
      });
    }
  }
  return rows;
}

/** Decompose the balances and relate the components to the benchmark measures. */
export function runAefExample(seed = 2021) {
  const rows = generateCases(seed);
  const gap = decomposeSpendingGap(rows);
  // Join the components to the benchmark measures (same municipality-year order).
  const joined: Record<string, string | number | null>[] = gap.yearly.map((r, i) => ({
    ...rows[i],
    volume: r.volume,
    price: r.price,
  }));
  const participants = joined.filter((r) => r.outflowToWork !== null);
  const measure = (component: 'volume' | 'price', name: string) =>
    explainedVariance(participants, { component, measure: name, na: 'omit' });
  const explained = {
    inflow: measure('volume', 'inflow'),
    outflowToWork: measure('volume', 'outflowToWork'),
    meanDuration: measure('volume', 'meanDuration'),
    partTime: measure('price', 'partTime'),
  };
  let maxIdentityError = 0;
  for (const r of gap.yearly)
    maxIdentityError = Math.max(maxIdentityError, Math.abs(r.volume + r.price - r.balance));
  for (const p of gap.period)
    maxIdentityError = Math.max(maxIdentityError, Math.abs(p.volume + p.price - p.balance));
  return { seed, gap, explained, maxIdentityError };
}

/** Figure 5 as a picture: per municipality the period volume and price parts, stacked, with the balance. */
function figure5(period: readonly SpendingGapPeriod[]): VegaLiteSpec {
  const rows = period.flatMap((p) => [
    { municipality: String(p.municipality), part: 'volume', value: p.volume, balance: p.balance },
    { municipality: String(p.municipality), part: 'price', value: p.price, balance: p.balance },
  ]);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: 'Balance split into volume and price',
      subtitle: 'period means; the dot is the balance (V + P = B)',
    },
    width: 520,
    height: 300,
    data: { values: rows },
    layer: [
      {
        mark: 'bar',
        encoding: {
          x: { field: 'municipality', type: 'nominal', sort: { field: 'balance' }, title: null },
          y: {
            field: 'value',
            type: 'quantitative',
            aggregate: 'sum',
            axis: { format: '%' },
            title: 'share of the budget',
          },
          color: { field: 'part', type: 'nominal', scale: { range: ['#1f3b73', '#d95f02'] }, title: null },
        },
      },
      {
        mark: { type: 'point', filled: true, color: 'black' },
        encoding: {
          x: { field: 'municipality', type: 'nominal', sort: { field: 'balance' } },
          y: { field: 'balance', type: 'quantitative', aggregate: 'mean' },
        },
      },
    ],
  };
}

async function main(): Promise<void> {
  const seed =
    process.argv[2] === undefined || process.argv[2].startsWith('--') ? 2021 : Number(process.argv[2]);
  const res = runAefExample(seed);
  console.log(`Synthetic case municipalities (seed ${seed}), ${YEARS[0]}-${YEARS[YEARS.length - 1]}\n`);
  console.log('Figure 5  Balance split into a volume and a price component');
  console.log(res.gap.summary());
  const volumeLarger = res.gap.period.filter((p) => p.dominant === 'volume').length;
  const reinforcing = res.gap.period.filter((p) => p.reinforcing).map((p) => p.municipality);
  console.log(
    `Volume is the larger part for ${volumeLarger} of ${res.gap.period.length}; the parts reinforce each other in ${reinforcing.join(', ') || 'none'}.`,
  );
  console.log(
    `Check V + P = B: largest |V + P - B| over all years and periods = ${res.maxIdentityError.toExponential(1)}\n`,
  );
  const titles: Record<string, string> = {
    inflow: 'Inflow as % of the stock, groups by the sign of the volume component',
    outflowToWork: 'Outflow to work as % of the stock, groups by the sign of the volume component',
    meanDuration:
      'Mean duration in months (unrelated to the balance), groups by the sign of the volume component',
    partTime: 'Part-time work share, groups by the sign of the price component',
  };
  for (const [name, ev] of Object.entries(res.explained)) {
    console.log(titles[name]);
    console.log(ev.summary({ measureAsPercent: name !== 'meanDuration' }));
    console.log('');
  }
  const outFlag = process.argv.indexOf('--out');
  const out = resolve(outFlag >= 0 ? process.argv[outFlag + 1]! : resolve(import.meta.dirname, 'out/aef'));
  await writeTable(
    resolve(out, 'decomposition-yearly.csv'),
    res.gap.yearly.map((r) => ({ ...r })),
  );
  await writeTable(
    resolve(out, 'decomposition-period.csv'),
    res.gap.period.map((r) => ({ ...r })),
  );
  await writeChart(resolve(out, 'figure-5.png'), figure5(res.gap.period));
  console.log(`tables and picture written to ${out}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
