/**
 * Scale benchmark (issue 7): generation, volume fit (62 parameters, cluster-robust SEs), price fit,
 * prediction and allocation at 100k, 1M and 8.2M households; time, peak RSS and rows/s per step,
 * each size in a fresh process. With Rscript present, R `glm` + `sandwich::vcovCL` fit the same
 * volume model on the same 1M households (ratio and largest coefficient difference).
 *
 *   npm run bench                                   # sizes 100000,1000000,8200000, R at 1M
 *   npx tsx bench/scale.ts --sizes 1000000 --json bench/results/scale.json
 *   npx tsx bench/scale.ts --duckdb-rows 50000000 --heap-mb 512   # larger-than-memory file via DuckDB
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { allocateBudget } from '../src/allocation/allocate-budget.js';
import { writeTable } from '../src/data/io/write-table.js';
import {
  fitGlmDuckDb,
  fitPriceModel,
  fitVolumeModel,
  generateHouseholds,
  predictSpending,
} from '../src/index.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : dflt;
};

type Row = Record<string, string | number | null>;

function rss(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/** One size, in this process: every step timed, the chain summed. */
async function child(n: number, csv: string | null): Promise<void> {
  const steps: Row[] = [];
  const time = async <T>(step: string, rows: number, f: () => T | Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const r = await f();
    const s = (performance.now() - t0) / 1000;
    steps.push({ step, seconds: s, 'rows/s': Math.round(rows / s), 'peak RSS MB': rss() });
    return r;
  };
  const est = await time('generate (estimation year)', n, () =>
    generateHouseholds({ households: n, seed: 1, year: 2021 }),
  );
  const volume = await time('volume fit (logit, 62 par., cluster SEs)', n, () =>
    fitVolumeModel(est.columns()),
  );
  const price = await time(
    'price fit (fractional logit)',
    est.municipalities.recipients.reduce((a, b) => a + b, 0),
    () => fitPriceModel(est.columns()),
  );
  const act = await time('generate (actualisation year)', n, () =>
    generateHouseholds({ households: n, seed: 1, year: 2022 }),
  );
  const spending = await time('predict spending', n, () =>
    predictSpending({ volume, price, households: act.columns() }),
  );
  await time('allocate (342 municipalities, to the cent)', 342, () => {
    const m = act.municipalities;
    const byId = new Map(spending.map((s) => [s.municipality, s.expectedSpending]));
    return allocateBudget({
      macroBudget: 6.9e9,
      lksBudget: 507e6,
      dtiBudget: 150e6,
      municipalities: m.id.map((id, i) => ({
        municipality: id,
        inhabitants: m.inhabitants[i]! * (1 + m.populationGrowth[i]!),
        predictedSpending: byId.get(id)! * m.householdWeight[i]!,
        spendingTwoYearsEarlier: m.spendingTwoYearsBefore[i]!,
        inhabitantsTwoYearsEarlier: m.inhabitantsTwoYearsBefore[i]!,
        inhabitantsPreviousYear: m.inhabitants[i]!,
        lksSpendingPreviousYear: m.lksSpendingPreviousYear[i]!,
        dtiSpending: m.dtiSpendingTwoYearsBefore[i]!,
      })),
    });
  });
  const total = steps.reduce((s, r) => s + (r.seconds as number), 0);
  if (csv) {
    // The volume model's columns for R (factors as text).
    const cols = est.columns() as Record<
      string,
      ArrayLike<number> | { codes: ArrayLike<number>; levels: readonly string[] }
    >;
    const out: Record<string, ArrayLike<number> | string[]> = {};
    const names = new Set<string>(['receipt', 'municipality']);
    for (const t of volume.options.x) for (const c of t.split(':')) names.add(c);
    for (const name of names) {
      const c = cols[name]!;
      out[name] = 'codes' in c ? Array.from(c.codes, (k) => c.levels[k]!) : Float64Array.from(c);
    }
    await writeTable(csv, out);
  }
  process.stdout.write(
    JSON.stringify({
      rows: n,
      steps,
      total,
      volume: {
        terms: volume.fit.terms,
        coefficients: volume.fit.coefficients,
        threads: volume.fit.threads,
        iterations: volume.fit.iterations,
        seconds: steps[1]!.seconds,
      },
    }),
  );
}

const R_SCRIPT = `
args <- commandArgs(TRUE)
d <- read.csv(args[1])
d$hhtype <- relevel(factor(d$hhtype), ref = "single")
d$migration <- relevel(factor(d$migration), ref = "dutch")
f <- as.formula(args[2])
t0 <- proc.time()[["elapsed"]]
fit <- glm(f, family = binomial, data = d, control = glm.control(epsilon = 1e-12, maxit = 50))
t1 <- proc.time()[["elapsed"]]
v <- sandwich::vcovCL(fit, cluster = ~municipality, type = "HC1")
t2 <- proc.time()[["elapsed"]]
cat(sprintf('{"glm": %.3f, "vcovCL": %.3f, "names": [%s], "coefficients": [%s]}', t1 - t0, t2 - t1,
  paste0('"', names(coef(fit)), '"', collapse = ","), paste(sprintf("%.17g", coef(fit)), collapse = ",")))
`;

/** R's column names for our terms: `hhtype[x]` → `hhtypex`, numeric names unchanged. */
function rName(term: string): string {
  return term.replace(/\[([^\]]*)\]/g, '$1');
}

async function duckdbRun(rows: number): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'vm-duck-'));
  const file = join(dir, 'households.parquet');
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  const t0 = performance.now();
  // A household file written by DuckDB itself, so generating it never needs the rows in this heap.
  await con.run(`COPY (
    SELECT 'GM' || lpad(CAST(i % 342 AS VARCHAR), 4, '0') AS municipality,
      'h' || lpad(CAST(hash(i, 1) % 14 AS VARCHAR), 2, '0') AS hhtype,
      CAST(hash(i, 2) % 100 < 20 AS INTEGER) AS non_western,
      CAST(hash(i, 3) % 100 < 30 AS INTEGER) AS low_hci,
      CAST(hash(i, 4) % 100 < 10 AS INTEGER) AS health_problems,
      'a' || CAST(hash(i, 5) % 5 AS VARCHAR) AS age_band,
      CAST(random() < 1 / (1 + exp(-(-3.2 + 0.08 * (hash(i, 1) % 14) + 0.7 * (hash(i, 2) % 100 < 20)::INT + 0.5 * (hash(i, 3) % 100 < 30)::INT + 0.9 * (hash(i, 4) % 100 < 10)::INT - 0.1 * (hash(i, 5) % 5) + 0.002 * (i % 342)))) AS INTEGER) AS receipt
    FROM range(${rows}) t(i)) TO '${file}' (FORMAT PARQUET)`);
  const write = (performance.now() - t0) / 1000;
  con.closeSync();
  db.closeSync();
  const t1 = performance.now();
  const fit = await fitGlmDuckDb({
    source: file,
    family: 'binomial',
    y: 'receipt',
    x: ['hhtype', 'non_western', 'low_hci', 'health_problems', 'age_band', 'non_western:health_problems'],
    clusters: ['municipality'],
    vcov: 'cluster',
    memoryLimit: opt('duckdb-memory', '1GB'),
  });
  const fitSeconds = (performance.now() - t1) / 1000;
  rmSync(dir, { recursive: true, force: true });
  return [
    {
      step: `write ${rows.toLocaleString('en-US')}-row Parquet (DuckDB)`,
      seconds: write,
      'peak RSS MB': rss(),
    },
    {
      step: `fitGlmDuckDb (${fit.patterns?.toLocaleString('en-US')} patterns, ${fit.terms.length} par., cluster SEs)`,
      seconds: fitSeconds,
      'rows/s': Math.round(rows / fitSeconds),
      'peak RSS MB': rss(),
    },
  ];
}

async function main(): Promise<void> {
  if (args[0] === '--child') return child(Number(args[1]), args[2] === '-' ? null : args[2]!);
  if (args[0] === '--duckdb-child') {
    process.stdout.write(JSON.stringify(await duckdbRun(Number(args[1]))));
    return;
  }
  const jsonOut = opt('json', '');
  const report: Record<string, unknown> = { date: new Date().toISOString() };
  const duckRows = Number(opt('duckdb-rows', '0'));
  const table: Row[] = [];
  if (duckRows > 0) {
    const heap = opt('heap-mb', '512');
    const out = execFileSync(
      process.execPath,
      [
        `--max-old-space-size=${heap}`,
        '--import',
        'tsx',
        'bench/scale.ts',
        '--duckdb-child',
        String(duckRows),
      ],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 26,
      },
    );
    for (const r of JSON.parse(out) as Row[]) table.push({ size: `${duckRows} (heap ${heap} MB)`, ...r });
    report.duckdb = table;
  } else {
    const sizes = opt('sizes', '100000,1000000,8200000').split(',').map(Number);
    const rSize = Number(opt('r-size', '1000000'));
    const haveR = spawnSync('Rscript', ['--version']).status === 0;
    const dir = mkdtempSync(join(tmpdir(), 'vm-scale-'));
    const summary: Row[] = [];
    for (const n of sizes) {
      const csv = haveR && n === rSize ? join(dir, 'volume.csv') : null;
      const res = JSON.parse(
        execFileSync(
          process.execPath,
          ['--import', 'tsx', 'bench/scale.ts', '--child', String(n), csv ?? '-'],
          {
            encoding: 'utf8',
            maxBuffer: 1 << 26,
          },
        ),
      );
      for (const s of res.steps as Row[]) table.push({ households: n, ...s });
      table.push({
        households: n,
        step: 'pipeline total',
        seconds: res.total,
        'rows/s': Math.round(n / res.total),
        'peak RSS MB': res.steps.at(-1)['peak RSS MB'],
      });
      const row: Row = {
        households: n,
        'volume fit s': res.volume.seconds,
        'pipeline s': res.total,
        threads: res.volume.threads,
      };
      if (csv) {
        const script = join(dir, 'fit.R');
        writeFileSync(script, R_SCRIPT);
        const terms = (res.volume.terms as string[]).filter((t) => t !== '(Intercept)');
        const formula = `receipt ~ ${[...new Set(terms.map((t) => (t.includes('[') && !t.includes(':') ? t.split('[')[0]! : rName(t))))].join(' + ')}`;
        const r = JSON.parse(
          execFileSync('Rscript', [script, csv, formula], { encoding: 'utf8', maxBuffer: 1 << 26 }),
        );
        const ours = new Map(
          (res.volume.terms as string[]).map((t, j) => [
            rName(t).replace('(Intercept)', '(Intercept)'),
            res.volume.coefficients[j] as number,
          ]),
        );
        let maxRel = 0;
        (r.names as string[]).forEach((name, j) => {
          const b = ours.get(name);
          if (b !== undefined)
            maxRel = Math.max(
              maxRel,
              Math.abs(b - r.coefficients[j]) / Math.max(Math.abs(r.coefficients[j]), 1e-8),
            );
        });
        row['R glm+vcovCL s'] = r.glm + r.vcovCL;
        row['R / verdeelmodel'] = (r.glm + r.vcovCL) / res.volume.seconds;
        row['max rel coef diff'] = maxRel;
      }
      summary.push(row);
    }
    rmSync(dir, { recursive: true, force: true });
    report.steps = table;
    report.summary = summary;
    console.table(summary);
    if (!haveR) console.log('Rscript not found: R comparison skipped');
  }
  console.table(table);
  if (jsonOut) {
    mkdirSync(dirname(jsonOut), { recursive: true });
    writeFileSync(jsonOut, `${JSON.stringify(report, null, 2)}\n`);
  }
}

await main();
