/**
 * GLM engine benchmark: a logit with ~50 parameters (mostly dummies) on 1M and 8M rows, with
 * cluster-robust SEs; time, iterations and peak RSS per fit (each fit in a fresh process, so the
 * peak is the fit's own), and the same model in R `glm` + `sandwich::vcovCL` side by side when
 * Rscript is installed (ratio of times and the largest coefficient difference). R runs with
 * `glm.control(epsilon = 1e-12)`: its default 1e-8 stops ~1e-6 short of the MLE, which would make
 * the coefficient comparison meaningless (and R a little faster).
 *
 *   npx tsx bench/glm.ts [--sizes 1000000,8000000] [--r-size 1000000] [--json out.json]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { logit } from '../src/index.js';
import { createRng } from '../src/internal/random.js';

const LEVELS = { region: 12, hhtype: 14, origin: 18, age: 5 } as const;

/** Seeded synthetic rows: four categoricals (45 dummies), three numerics, a cluster id. */
function makeData(n: number, seed: number) {
  const rng = createRng(seed);
  const region = new Uint8Array(n);
  const hhtype = new Uint8Array(n);
  const origin = new Uint8Array(n);
  const age = new Uint8Array(n);
  const x1 = new Float64Array(n);
  const x2 = new Float64Array(n);
  const x3 = new Float64Array(n);
  const cluster = new Uint16Array(n);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    cluster[i] = rng.int(340);
    region[i] = cluster[i]! % LEVELS.region;
    hhtype[i] = rng.int(LEVELS.hhtype);
    origin[i] = rng.uniform() < 0.7 ? 0 : 1 + rng.int(LEVELS.origin - 1);
    age[i] = rng.int(LEVELS.age);
    x1[i] = rng.normal();
    x2[i] = rng.uniform();
    x3[i] = Math.round(rng.uniform() * 100) / 10;
    const eta =
      -3 +
      0.08 * region[i]! -
      0.05 * hhtype[i]! +
      (origin[i] ? 0.6 : 0) +
      0.1 * age[i]! +
      0.3 * x1[i]! -
      0.5 * x2[i]! +
      0.02 * x3[i]!;
    y[i] = rng.uniform() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
  }
  const levels = (k: number, prefix: string) =>
    Array.from({ length: k }, (_, j) => `${prefix}${String(j).padStart(2, '0')}`);
  return {
    y,
    x1,
    x2,
    x3,
    cluster,
    region: { codes: region, levels: levels(LEVELS.region, 'r') },
    hhtype: { codes: hhtype, levels: levels(LEVELS.hhtype, 'h') },
    origin: { codes: origin, levels: levels(LEVELS.origin, 'o') },
    age: { codes: age, levels: levels(LEVELS.age, 'a') },
  };
}

const SPEC = {
  y: 'y',
  x: ['region', 'hhtype', 'origin', 'age', 'x1', 'x2', 'x3'],
  clusters: ['cluster'],
  vcov: 'cluster',
} as const;

function child(n: number, threads: string, csv: string | null): void {
  const data = makeData(n, 42);
  if (csv) {
    const lines = ['y,x1,x2,x3,cluster,region,hhtype,origin,age'];
    for (let i = 0; i < n; i++) {
      lines.push(
        `${data.y[i]},${data.x1[i]},${data.x2[i]},${data.x3[i]},${data.cluster[i]},${data.region.levels[data.region.codes[i]!]},${data.hhtype.levels[data.hhtype.codes[i]!]},${data.origin.levels[data.origin.codes[i]!]},${data.age.levels[data.age.codes[i]!]}`,
      );
    }
    writeFileSync(csv, `${lines.join('\n')}\n`);
  }
  const t0 = performance.now();
  const fit = logit(data, { ...SPEC, threads: threads === 'auto' ? 'auto' : Number(threads) });
  const se = fit.tidy({ vcov: 'cluster' }).map((r) => r.stdError);
  const seconds = (performance.now() - t0) / 1000;
  const out = {
    rows: n,
    parameters: fit.terms.length,
    seconds,
    iterations: fit.iterations,
    threads: fit.threads,
    patterns: fit.patterns,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    terms: fit.terms,
    coefficients: fit.coefficients,
    se,
  };
  process.stdout.write(JSON.stringify(out));
}

const R_SCRIPT = `
args <- commandArgs(TRUE)
d <- read.csv(args[1], colClasses = c("integer","numeric","numeric","numeric","integer","character","character","character","character"))
for (v in c("region","hhtype","origin","age")) d[[v]] <- factor(d[[v]], levels = sort(unique(d[[v]])))
t0 <- proc.time()[["elapsed"]]
fit <- glm(y ~ region + hhtype + origin + age + x1 + x2 + x3, family = binomial, data = d, control = glm.control(epsilon = 1e-12, maxit = 50))
t1 <- proc.time()[["elapsed"]]
se <- if (requireNamespace("sandwich", quietly = TRUE)) sqrt(diag(sandwich::vcovCL(fit, cluster = ~cluster, type = "HC1"))) else rep(NA, length(coef(fit)))
t2 <- proc.time()[["elapsed"]]
cat(sprintf('{"glmSeconds": %.4f, "vcovSeconds": %.4f, "iterations": %d, "coefficients": [%s]}', t1 - t0, t2 - t1, fit$iter, paste(sprintf("%.17g", coef(fit)), collapse = ",")))
`;

function haveR(): boolean {
  return spawnSync('Rscript', ['--version']).status === 0;
}

function main(): void {
  const args = process.argv.slice(2);
  const opt = (name: string, dflt: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1]! : dflt;
  };
  if (args[0] === '--child') {
    child(Number(args[1]), args[2]!, args[3] === '-' ? null : args[3]!);
    return;
  }
  const sizes = opt('sizes', '1000000,8000000').split(',').map(Number);
  const rSize = Number(opt('r-size', '1000000'));
  const jsonOut = opt('json', '');
  const dir = mkdtempSync(join(tmpdir(), 'vm-bench-'));
  const rows: Record<string, unknown>[] = [];
  const runChild = (n: number, threads: string, csv: string | null) => {
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', 'bench/glm.ts', '--child', String(n), threads, csv ?? '-'],
      {
        maxBuffer: 1 << 26,
        encoding: 'utf8',
      },
    );
    return JSON.parse(out);
  };
  const r = haveR();
  for (const n of sizes) {
    const csv = r && n === rSize ? join(dir, 'data.csv') : null;
    const single = runChild(n, '1', csv);
    const multi = runChild(n, 'auto', null);
    const row: Record<string, unknown> = {
      rows: n,
      parameters: single.parameters,
      'seconds (1 thread)': single.seconds,
      [`seconds (${multi.threads} threads)`]: multi.seconds,
      iterations: multi.iterations,
      'peak RSS MB': Math.round(multi.peakRssMb),
      'rows/s': Math.round(n / multi.seconds),
    };
    if (csv) {
      const script = join(dir, 'fit.R');
      writeFileSync(script, R_SCRIPT);
      const res = JSON.parse(
        execFileSync('Rscript', [script, csv], { encoding: 'utf8', maxBuffer: 1 << 26 }),
      );
      const maxRel = Math.max(
        ...res.coefficients.map(
          (b: number, j: number) => Math.abs(b - multi.coefficients[j]) / Math.max(Math.abs(b), 1e-8),
        ),
      );
      row['R glm seconds'] = res.glmSeconds;
      row['R vcovCL seconds'] = res.vcovSeconds;
      row['R / verdeelmodel'] = (res.glmSeconds + res.vcovSeconds) / multi.seconds;
      row['max rel coef diff vs R'] = maxRel;
    }
    rows.push(row);
  }
  rmSync(dir, { recursive: true, force: true });
  console.table(rows);
  if (!r)
    console.log('Rscript not found: R comparison skipped (apt-get install r-base-core r-cran-sandwich)');
  if (jsonOut)
    writeFileSync(jsonOut, `${JSON.stringify({ date: new Date().toISOString(), rows }, null, 2)}\n`);
}

main();
