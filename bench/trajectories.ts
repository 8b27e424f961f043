/**
 * Benchmark of the LKS record path: generateTrajectories → cleanTrajectories → trajectoryPanel,
 * wall time and process CPU time per step, and the calibration aggregates of the national series
 * against S4 ch. 3 (running stock ≈ 20,000 → 40,000; deflated mean price ≈ €985 → €1,040 →
 * €1,025; flat-rate share of inflow 30 % → 41 %). Prints the load average beside the table: on a
 * shared machine wall time is noisy, CPU time less so.
 *
 *   npx tsx bench/trajectories.ts                    # scales 0.25 and 1 (full size)
 *   npx tsx bench/trajectories.ts --scales 1 --seed 3 --json out.json
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { Frame } from '../src/data/index.js';
import { cleanTrajectories, generateTrajectories, trajectoryPanel } from '../src/lks/index.js';

function arg(name: string): string | undefined {
  const k = process.argv.indexOf(name);
  return k >= 0 ? process.argv[k + 1] : undefined;
}

const seed = Number(arg('--seed') ?? 1);
const scales = (arg('--scales') ?? '0.25,1').split(',').map(Number);
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
function timed<T>(f: () => T): [T, number, number] {
  const w = performance.now();
  const c = cpu();
  const out = f();
  return [out, (performance.now() - w) / 1000, cpu() - c];
}
const values = (f: Frame, name: string) => {
  const c = f.column(name);
  if (c.kind !== 'numeric') throw new Error(name);
  return c.values;
};

const timing: Record<string, number | string>[] = [];
const calibration: Record<string, number | string>[] = [];
for (const scale of scales) {
  const [g, gw, gc] = timed(() => generateTrajectories({ seed, scale }));
  const [cleaned, cw, cc] = timed(() => cleanTrajectories(g.records));
  const [panel, pw, pc] = timed(() => trajectoryPanel(cleaned, { population: g.population }));
  timing.push({
    scale,
    records: (g.records.lw as Float64Array).length,
    trajectories: cleaned.trajectories.length,
    generateWall: Number(gw.toFixed(2)),
    generateCpu: Number(gc.toFixed(2)),
    cleanWall: Number(cw.toFixed(2)),
    cleanCpu: Number(cc.toFixed(2)),
    panelWall: Number(pw.toFixed(2)),
    panelCpu: Number(pc.toFixed(2)),
    rssMB: Math.round(process.memoryUsage().rss / 2 ** 20),
  });
  const nat = panel.national;
  const running = values(nat, 'running');
  const price = values(nat, 'meanPrice');
  const priced = values(nat, 'priced');
  const inflow = values(nat, 'inflow');
  const inflowFlat = values(nat, 'inflowFlatRate');
  const rate = values(nat, 'runningRate');
  for (let y = 0; y < 6; y++) {
    let p = 0;
    let n = 0;
    let i = 0;
    let f = 0;
    for (let m = 12 * y; m < 12 * y + 12; m++) {
      p += price[m]! * priced[m]!;
      n += priced[m]!;
      i += inflow[m]!;
      f += inflowFlat[m]!;
    }
    calibration.push({
      scale,
      year: 2019 + y,
      runningJan: running[12 * y]!,
      runningDec: running[12 * y + 11]!,
      ratePer10kDec: Number(rate[12 * y + 11]!.toFixed(1)),
      meanPriceDeflated: Math.round(p / n),
      flatRateShareOfInflow: Number((f / i).toFixed(3)),
    });
  }
}
const load = loadavg().map((x) => x.toFixed(2));
console.log(`load average (1, 5, 15 min): ${load.join(' ')} on ${process.version}`);
console.table(timing);
console.table(calibration);
const json = arg('--json');
if (json)
  writeFileSync(
    json,
    `${JSON.stringify({ seed, node: process.version, load, timing, calibration }, null, 2)}\n`,
  );
