/**
 * Benchmark of generateHouseholds: time, column memory and the calibration aggregates per size.
 *
 *   npx tsx bench/generate-households.ts                 # 100k and 1M households
 *   npx tsx bench/generate-households.ts --full          # also 8.2M (the Dutch total)
 *   npx tsx bench/generate-households.ts --sizes 200000,2000000 --seed 3 --json out.json
 */
import { writeFileSync } from 'node:fs';
import { generateHouseholds, type HouseholdFactor, summarizeHouseholds } from '../src/generate/index.js';

function arg(name: string): string | undefined {
  const k = process.argv.indexOf(name);
  return k >= 0 ? process.argv[k + 1] : undefined;
}

const seed = Number(arg('--seed') ?? 1);
const sizes = arg('--sizes')
  ? arg('--sizes')!.split(',').map(Number)
  : [100_000, 1_000_000, ...(process.argv.includes('--full') ? [8_200_000] : [])];

const rows: Record<string, number | string | null>[] = [];
for (const households of sizes) {
  const t0 = performance.now();
  const h = generateHouseholds({ households, seed });
  const seconds = (performance.now() - t0) / 1000;
  let bytes = 0;
  for (const c of Object.values(h.columns())) {
    bytes += ArrayBuffer.isView(c) ? c.byteLength : ((c as HouseholdFactor).codes as Uint8Array).byteLength;
  }
  const s = summarizeHouseholds(h);
  rows.push({
    households,
    seconds: Number(seconds.toFixed(2)),
    secondsPerMillion: Number(((seconds * 1e6) / households).toFixed(2)),
    columnsMB: Number((bytes / 2 ** 20).toFixed(0)),
    bytesPerHousehold: Number((bytes / households).toFixed(1)),
    rssMB: Number((process.memoryUsage().rss / 2 ** 20).toFixed(0)),
    receiptRate: Number(s.receiptRate.toFixed(4)),
    g4SpendingShare: Number(s.g4SpendingShare.toFixed(3)),
    g4PopulationShare: Number(s.g4PopulationShare.toFixed(3)),
    meanBenefit: Math.round(s.meanBenefit),
    meanFraction: Number(s.meanFraction.toFixed(3)),
    lksShare: Number(s.lksShare.toFixed(3)),
    municipalR2: s.municipalR2 === null ? null : Number(s.municipalR2.toFixed(3)),
    nationalSpendingBn: Number((s.nationalSpending / 1e9).toFixed(2)),
  });
}
console.table(rows);
const json = arg('--json');
if (json) writeFileSync(json, `${JSON.stringify({ seed, node: process.version, rows }, null, 2)}\n`);
