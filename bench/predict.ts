/**
 * Prediction benchmark (issue 16): generate households once, then time `fit.predict`,
 * `predictSpending` and the pipeline's steps, with peak RSS. With `--baseline <dir>` (a checkout
 * of an older commit with its node_modules) the old `predictSpending` / `fit.predict` run on the
 * same fits and data in the same process, alternated, and the largest differences are printed.
 *
 *   npx tsx bench/predict.ts --sizes 1000000,8200000
 *   npx tsx bench/predict.ts --sizes 1000000 --baseline /work/baseline
 *   npx tsx bench/predict.ts --sizes 8200000 --pipeline [--memory]  # the whole pipeline in this process (memory before each step)
 */
import { pathToFileURL } from 'node:url';
import { type Frame, toFrame } from '../src/data/frame.js';
import { generateHouseholds } from '../src/generate/generate-households.js';
import type { GlmFit, Prediction } from '../src/glm/types.js';
import { runAllocationPipeline } from '../src/pipeline/run-allocation-pipeline.js';
import { fitPriceModel } from '../src/price/fit-price-model.js';
import { predictSpending } from '../src/price/predict-spending.js';
import { fitVolumeModel } from '../src/volume/fit-volume-model.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string | null) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : dflt;
};
const flag = (name: string) => args.includes(`--${name}`);
const sizes = opt('sizes', '1000000,8200000')!.split(',').map(Number);
const baselineDir = opt('baseline', null);
const repeats = Number(opt('repeats', '3'));

const rssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const nowMb = () => Math.round(process.memoryUsage().rss / 2 ** 20);

const cpuS = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** Best wall-clock seconds of `repeats` runs, and that run's CPU seconds (the machine is shared: CPU time is the steadier number). */
function best<T>(f: () => T): { s: number; cpu: number; value: T; toString(): string } {
  let s = Number.POSITIVE_INFINITY;
  let cpu = 0;
  let value!: T;
  for (let k = 0; k < repeats; k++) {
    const t0 = performance.now();
    const c0 = cpuS();
    value = f();
    const w = (performance.now() - t0) / 1000;
    if (w < s) {
      s = w;
      cpu = cpuS() - c0;
    }
  }
  return { s, cpu, value, toString: () => `${s.toFixed(2)} s (cpu ${cpu.toFixed(2)} s)` };
}

type PS = typeof predictSpending;
type GlmPredict = (fit: GlmFit, newdata: Frame, options: { type: 'link' | 'response' }) => Prediction;
async function loadBaseline(): Promise<{ predictSpending: PS; predict: GlmPredict } | null> {
  if (!baselineDir) return null;
  const m = await import(pathToFileURL(`${baselineDir}/src/price/predict-spending.ts`).href);
  const g = await import(pathToFileURL(`${baselineDir}/src/glm/predict.ts`).href);
  return {
    predictSpending: m.predictSpending as PS,
    predict: (fit, newdata, options) => g.predictFit(fit, g.evaluationData(fit, newdata), options),
  };
}

function maxRel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!) / Math.max(1e-300, Math.abs(b[i]!));
    if (d > m) m = d;
  }
  return m;
}

async function main() {
  const base = await loadBaseline();
  if (flag('pipeline')) {
    for (const n of sizes) {
      const t0 = performance.now();
      const run = runAllocationPipeline({
        households: n,
        onProgress: flag('memory')
          ? (step) => {
              const m = process.memoryUsage();
              console.log(
                `  before ${step.padEnd(28)} rss ${Math.round(m.rss / 2 ** 20)} MB, array buffers ${Math.round(m.arrayBuffers / 2 ** 20)} MB, peak ${rssMb()} MB`,
              );
            }
          : undefined,
      });
      const total = (performance.now() - t0) / 1000;
      console.log(`pipeline n=${n}: ${total.toFixed(1)} s, peak RSS ${rssMb()} MB`);
      for (const [step, s] of Object.entries(run.timings))
        console.log(`  ${step.padEnd(28)} ${s.toFixed(2)} s`);
    }
    return;
  }
  for (const n of sizes) {
    const t0 = performance.now();
    const hh = generateHouseholds({ households: n, seed: 1 });
    const act = generateHouseholds({ households: n, seed: 1, year: 2022 });
    console.log(`n=${n}: generated in ${((performance.now() - t0) / 1000).toFixed(1)} s, RSS ${nowMb()} MB`);
    const est = toFrame(hh.columns());
    const frame = toFrame(act.columns());
    let t = performance.now();
    const volume = fitVolumeModel(est);
    console.log(`  fit volume            ${((performance.now() - t) / 1000).toFixed(2)} s`);
    t = performance.now();
    const price = fitPriceModel(est);
    console.log(`  fit price             ${((performance.now() - t) / 1000).toFixed(2)} s`);
    const r0 = rssMb();
    const link = best(() => volume.fit.predict(frame, { type: 'link' }).fit);
    const resp = best(() => volume.fit.predict(frame, { type: 'response' }).fit);
    console.log(`  volume fit.predict    link ${link}, response ${resp}`);
    const pr = best(() => price.fit.predict(frame).fit);
    console.log(`  price fit.predict     response ${pr}`);
    if (base) {
      const oldLink = best(() => base.predict(volume.fit, frame, { type: 'link' }).fit);
      const oldPr = best(() => base.predict(price.fit, frame, { type: 'response' }).fit);
      console.log(
        `  fit.predict (old)     volume link ${oldLink}, price response ${oldPr}; max rel. difference ${maxRel(link.value, oldLink.value).toExponential(2)}, ${maxRel(pr.value, oldPr.value).toExponential(2)}`,
      );
    }
    const ps1 = best(() => predictSpending({ volume, price, households: frame, threads: 1 }));
    console.log(`  predictSpending, 1 thread  ${ps1}`);
    const ps = best(() => predictSpending({ volume, price, households: frame }));
    console.log(`  predictSpending       ${ps}   (peak RSS ${r0} → ${rssMb()} MB)`);
    if (base) {
      // The old predictSpending over the old fit.predict (the models' methods rebuilt on it).
      const oldVolume = {
        ...volume,
        predict: (d: Frame) => base.predict(volume.fit, d, { type: 'response' }).fit,
      };
      const oldPrice = {
        ...price,
        predictBenefit: (d: Frame) => {
          const frac = base.predict(price.fit, d, { type: 'response' }).fit;
          const norm = d.column('norm') as { values: ArrayLike<number> };
          return frac.map((v, i) => v * norm.values[i]!);
        },
      };
      const old = best(() =>
        base.predictSpending({ volume: oldVolume as never, price: oldPrice as never, households: frame }),
      );
      console.log(`  predictSpending (old) ${old}   (peak RSS ${rssMb()} MB)`);
      const rel = maxRel(
        ps.value.map((m) => m.expectedSpending),
        old.value.map((m) => m.expectedSpending),
      );
      console.log(`  max relative difference per municipality: ${rel.toExponential(2)}`);
      const again = best(() => predictSpending({ volume, price, households: frame }));
      console.log(`  predictSpending (new) ${again}   (alternated)`);
    }
  }
  console.log(`peak RSS ${rssMb()} MB`);
}

await main();
