/**
 * The 2026 LKS evaluation (SEOR, seed 004, chapter 4) end to end on generated SRG-like records
 * (the CBS microdata are confidential): records → cleaning report → municipality × month panel →
 * synthetic control of the mean of the large municipalities under the three donor pools, with
 * placebo-group inference → the figures 4.4–4.9 as PNGs and one table.
 *
 * The records carry a planted effect of S4's size: from 2022-01 the large municipalities get extra
 * low-LW trajectories, rising to +2 per 10,000 aged 15–65 at the end of 2024 (Fig 4.8). Those extra
 * trajectories also raise the running stock and spending and lower the mean LW a little; nothing
 * else is planted, so significant months elsewhere are chance.
 *
 * Run: npx tsx examples/lks-evaluation.ts [output folder] (≈ 1–2 minutes: the records of
 * ~340 municipalities over six years are generated and cleaned first)
 */
import { resolve } from 'node:path';
import type { Frame } from '../src/data/frame.js';
import { writeTable } from '../src/data/index.js';
import {
  cleanTrajectories,
  generateTrajectories,
  type LksPlaceboPoolsResult,
  lksPlaceboPools,
  trajectoryPanel,
} from '../src/lks/index.js';
import { placeboPlot, synthPlot, writeChart } from '../src/report/index.js';

const out = resolve(process.argv[2] ?? resolve(import.meta.dirname, 'out/lks-evaluation'));

// 1. Records with the messes of Annex I.1 planted, and the known truth.
const generated = generateTrajectories({ seed: 2026, effect: { lowLw: 2, from: '2022-01' } });

// 2. Cleaning (Annex I.1): what each rule changed.
const cleaned = cleanTrajectories(generated.records);
console.log(`${cleaned.report.records} records, ${cleaned.report.trajectories} cleaned trajectories`);
for (const r of cleaned.report.table) {
  console.log(
    `  ${r.rule.padEnd(18)} ${String(r.trajectories).padStart(6)} trajectories ${String(r.months).padStart(7)} months  ${r.description}`,
  );
}

// 3. The municipality × month panel (Annex I.2), plus what the evaluation needs beside it: the
// inhabitants that set the size classes, and the flat-rate stock per 10,000 (Fig 4.9).
const { panel } = trajectoryPanel(cleaned, { population: generated.population });
const inhabitantsOf = new Map(
  generated.population.municipality.map((m, i) => [m, generated.population.inhabitants[i]!]),
);
const columns = columnRecord(panel);
const municipality = columns.municipality as string[];
const per10k = columns.inhabitants15to65 as Float64Array;
columns.inhabitants = Float64Array.from(municipality, (m) => inhabitantsOf.get(m)!);
columns.flatRateRate = Float64Array.from(
  columns.flatRate as Float64Array,
  (x, i) => x / (per10k[i]! / 10000),
);

// 4. The outcomes of Fig 4.4–4.9, each under the three pools (main: small + smallest 20 % medium;
// small only; small + 35 %), 99 placebo groups each on two worker threads.
const OUTCOMES = [
  { figure: '4.4', column: 'runningRate', label: 'running trajectories per 10,000' },
  { figure: '4.5', column: 'meanPrice', label: 'mean price (€, WML-deflated)' },
  { figure: '4.6a', column: 'meanLw', label: 'mean wage value (LW)' },
  { figure: '4.6b', column: 'meanPartTime', label: 'mean part-time factor' },
  { figure: '4.7', column: 'spendingRate', label: 'LKS spending per 10,000 (€)' },
  { figure: '4.8', column: 'lowLwRate', label: 'low-LW (< 50) trajectories per 10,000' },
  { figure: '4.9', column: 'flatRateRate', label: 'flat-rate trajectories per 10,000' },
] as const;

const table: Record<string, unknown>[] = [];
const overview: string[][] = [];
for (const o of OUTCOMES) {
  // A mean is missing in a month without a priced running trajectory (a few of the smallest
  // municipalities): the synthetic control needs a balanced panel, so those municipalities sit out.
  const { rows, dropped } = completeUnits(columns, o.column);
  const res = await lksPlaceboPools(rows, {
    unit: 'municipality',
    time: 'month',
    outcome: o.column,
    inhabitants: 'inhabitants',
    treatmentTime: '2022-01',
    groups: 99,
    seed: 1,
    threads: 2,
  });
  for (const p of res.pools) {
    const g = p.result.periodPValues;
    overview.push([
      `Fig ${o.figure}`,
      o.column,
      p.name,
      String(p.pool.donors.length),
      String(p.result.groupSize),
      (g.reduce((a, x) => a + x.gap, 0) / g.length).toFixed(3),
      g.at(-1)!.gap.toFixed(3),
      `${p.result.monthsSignificant5}/${g.length}`,
      `${p.result.monthsSignificant10}/${g.length}`,
      p.result.pValue.toFixed(3),
      String(dropped),
    ]);
  }
  for (const r of res.table) table.push({ figure: o.figure, outcome: o.column, ...r });
  await figures(o.figure, o.column, o.label, res);
}

const head = [
  'figure',
  'outcome',
  'pool',
  'donors',
  'group',
  'mean gap',
  'gap 2024-12',
  'p<.05',
  'p<.10',
  'RMSPE p',
  'left out',
];
const width = head.map((h, j) => Math.max(h.length, ...overview.map((r) => r[j]!.length)));
console.log(`\n${head.map((h, j) => h.padEnd(width[j]!)).join('  ')}`);
for (const r of overview)
  console.log(r.map((x, j) => (j < 3 ? x.padEnd(width[j]!) : x.padStart(width[j]!))).join('  '));
const truth = generated.truth.effect;
console.log(
  `\nplanted low-LW effect: ${truth.gap.at(-1)!.toFixed(3)} per 10,000 in ${truth.months.at(-1)} (mean over the post months ${(truth.gap.reduce((a, b) => a + b, 0) / truth.gap.length).toFixed(3)})`,
);
await writeTable(resolve(out, 'lks-evaluation.csv'), table);
console.log(`table and figures written to ${out}`);

/** The panel Frame as plain columns (text as strings), to add columns and drop municipalities. */
function columnRecord(frame: Frame): Record<string, string[] | Float64Array> {
  const record: Record<string, string[] | Float64Array> = {};
  for (const name of frame.names) {
    const c = frame.column(name);
    record[name] =
      c.kind === 'factor'
        ? Array.from(c.codes, (k) => (k >= 0 ? c.levels[k]! : ''))
        : Float64Array.from(c.values);
  }
  return record;
}

/** The rows of the municipalities with a value for `outcome` in every month. */
function completeUnits(cols: Record<string, string[] | Float64Array>, outcome: string) {
  const values = cols[outcome] as Float64Array;
  const units = cols.municipality as string[];
  const incomplete = new Set(units.filter((_, i) => Number.isNaN(values[i]!)));
  const keep = units.map((u) => !incomplete.has(u));
  const rows: Record<string, (string | number)[]> = {};
  for (const name of ['municipality', 'month', 'inhabitants', outcome]) {
    rows[name] = Array.from(cols[name]!, (x: string | number) => x).filter((_, i) => keep[i]);
  }
  return { rows, dropped: incomplete.size };
}

/** Treated vs synthetic (main pool) and the gaps against the placebo groups', for each pool. */
async function figures(figure: string, outcome: string, label: string, res: LksPlaceboPoolsResult) {
  const main = res.pools[0]!.result;
  await writeChart(
    resolve(out, `fig-${figure}-${outcome}.png`),
    synthPlot(
      { ...main.treatedFit, outcome: label, treated: 'large municipalities' },
      { title: `Fig ${figure}: large municipalities vs synthetic control (${res.pools[0]!.name})` },
    ),
  );
  for (const [k, p] of res.pools.entries()) {
    const r = p.result;
    // Placebo gaps on the treated group's scale (each × treated scale / its own scale): the
    // comparison the standardised p-values make.
    await writeChart(
      resolve(out, `fig-${figure}-${outcome}-placebos-${k + 1}.png`),
      placeboPlot(
        {
          times: r.treatedFit.times,
          treatmentTime: '2022-01',
          outcome: `gap: ${label}`,
          treated: { unit: 'large municipalities', gap: r.treatedFit.gap },
          placebos: r.placebos.map((g, j) => ({
            unit: `group ${j + 1}`,
            gap: g.gap.map((x) => (x * r.scale) / g.scale),
          })),
        },
        {
          title: `Fig ${figure}: gap and ${r.placebos.length} placebo groups of ${r.groupSize} (${p.name})`,
          subtitle: 'each placebo a mean of donors fitted as if treated; gaps on the treated scale',
        },
      ),
    );
  }
}
