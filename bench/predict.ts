/**
 * Prediction benchmark (issue 16): generate households once, then time `fit.predict`,
 * `predictSpending` and the pipeline's steps, with peak RSS. With `--baseline <dir>` (a checkout
 * of an older commit with its node_modules) the old `predictSpending` / `fit.predict` run on the
 * same fits and data in the same process, alternated, and the largest differences are printed.
 *
 *   npx tsx bench/predict.ts --sizes 1000000,8200000
 *   npx tsx bench/predict.ts --sizes 1000000 --baseline /work/baseline
 *   npx tsx bench/predict.ts --sizes 8200000 --pipeline     # the whole pipeline in this process
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

function best<T>(f: () => T): { s: number; value: T } {
  let s = Number.POSITIVE_INFINITY;
  let value!: T;
  for (let k = 0; k < repeats; k++) {
    const t0 = performance.now();
    value = f();
    s = Math.min(s, (performance.now() - t0) / 1000);
  }
  return { s, value };
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
      const run = runAllocationPipeline({ households: n });
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
    console.log(`  volume fit.predict    link ${link.s.toFixed(2)} s, response ${resp.s.toFixed(2)} s`);
    const pr = best(() => price.fit.predict(frame).fit);
    console.log(`  price fit.predict     response ${pr.s.toFixed(2)} s`);
    if (base) {
      const oldLink = best(() => base.predict(volume.fit, frame, { type: 'link' }).fit);
      const oldPr = best(() => base.predict(price.fit, frame, { type: 'response' }).fit);
      console.log(
        `  fit.predict (old)     volume link ${oldLink.s.toFixed(2)} s, price response ${oldPr.s.toFixed(2)} s; max rel. difference ${maxRel(link.value, oldLink.value).toExponential(2)}, ${maxRel(pr.value, oldPr.value).toExponential(2)}`,
      );
    }
    const ps = best(() => predictSpending({ volume, price, households: frame }));
    console.log(`  predictSpending       ${ps.s.toFixed(2)} s   (peak RSS ${r0} → ${rssMb()} MB)`);
    if (base) {
      const old = best(() => base.predictSpending({ volume, price, households: frame }));
      console.log(`  predictSpending (old) ${old.s.toFixed(2)} s   (peak RSS ${rssMb()} MB)`);
      const rel = maxRel(
        ps.value.map((m) => m.expectedSpending),
        old.value.map((m) => m.expectedSpending),
      );
      console.log(`  max relative difference per municipality: ${rel.toExponential(2)}`);
      const again = best(() => predictSpending({ volume, price, households: frame }));
      console.log(`  predictSpending (new) ${again.s.toFixed(2)} s   (alternated)`);
    }
  }
  console.log(`peak RSS ${rssMb()} MB`);
}

await main();
