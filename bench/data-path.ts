/**
 * Data-path benchmark (issue 16, "From file to fit"): the same household file as CSV and Parquet, read
 * with `readTable` and taken from file to a fitted volume logit with cluster-robust SEs
 * (`readTable` then `fitVolumeModel`), side by side in the same run with R's `data.table::fread` and
 * `fixest::feglm` (cluster = ~municipality, 2 threads). Every step runs in a fresh process, so each
 * peak RSS is that step's own. The files are written once per size into `--dir` and reused.
 *
 *   npx tsx bench/data-path.ts                      # 8.2M households (the whole country)
 *   npx tsx bench/data-path.ts --rows 1000000 --json bench/results/data-path.json
 *   npx tsx bench/data-path.ts --dir /tmp/vm-data   # where the files are kept (default: <tmpdir>/verdeelmodel-data-path)
 *   npx tsx bench/data-path.ts --layout compact     # the 12-column layout (see below)
 *
 * Layouts: `households` (default) is the volume model's own 34 columns of the generator (61 terms, 31 of
 * them numeric 0/1 or index columns); `compact` is the layout the issue measured fread and feglm on:
 * 12 columns, four of them text (municipality, household type, migration background, an age band made
 * from the age indicators) and seven numeric, 43 parameters.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { readTable } from '../src/data/io/read-table.js';
import { writeTable } from '../src/data/io/write-table.js';
import { AGE_COLUMNS, referenceLevels, volumeReference, volumeTerms } from '../src/generate/levels.js';
import { generateHouseholds } from '../src/index.js';
import { fitVolumeModel } from '../src/volume/fit-volume-model.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : dflt;
};

type Row = Record<string, string | number | null>;

type Layout = 'households' | 'compact';
const layout = opt('layout', 'households') as Layout;
if (layout !== 'households' && layout !== 'compact')
  throw new Error("--layout must be 'households' or 'compact'");

/** The compact layout's terms: four text factors (municipality only clusters) and seven numeric columns. */
const COMPACT_NUMERIC = [
  'corporation_dwelling',
  'low_hci',
  'health_problems',
  'pension',
  'work_availability',
  'work_not_norm',
  'nuisance',
] as const;
const COMPACT_TERMS = ['hhtype', 'age_band', 'migration', ...COMPACT_NUMERIC];
const COMPACT_REFERENCE = { ...volumeReference, age_band: 'other' };

/** The age band of the compact layout: the age indicator that is set, or 'other' (under 20 or AOW age). */
function ageBand(cols: Record<string, unknown>, n: number): string[] {
  const out = new Array<string>(n).fill('other');
  for (const a of AGE_COLUMNS) {
    const v = cols[a] as ArrayLike<number>;
    for (let i = 0; i < n; i++) if (v[i] === 1) out[i] = a;
  }
  return out;
}

const rss = () => Math.round(process.resourceUsage().maxRSS / 1024);

/** The columns the volume model reads: response, municipality (clusters) and its terms' columns. */
function modelColumns(): string[] {
  const names = new Set<string>(['receipt', 'municipality']);
  for (const t of volumeTerms) for (const c of t.split(':')) names.add(c);
  return [...names];
}

/** Write the CSV and Parquet files of `n` households (only the model's columns), unless present. */
async function writeFiles(n: number, csv: string, parquet: string): Promise<Row[]> {
  const rows: Row[] = [];
  if (existsSync(csv) && existsSync(parquet)) return rows;
  const t0 = performance.now();
  const cols = generateHouseholds({ households: n, seed: 1, year: 2021 }).columns() as Record<
    string,
    unknown
  >;
  const table =
    layout === 'compact'
      ? {
          receipt: cols.receipt,
          municipality: cols.municipality,
          hhtype: cols.hhtype,
          age_band: ageBand(cols, n),
          migration: cols.migration,
          ...Object.fromEntries(COMPACT_NUMERIC.map((c) => [c, cols[c]])),
        }
      : Object.fromEntries(modelColumns().map((c) => [c, cols[c]]));
  rows.push({ step: 'generate households', seconds: (performance.now() - t0) / 1000 });
  for (const file of [csv, parquet]) {
    const t = performance.now();
    // Written under a temporary name first: an interrupted run never leaves a half file to be reused.
    const partial = `${file}.partial${file.slice(file.lastIndexOf('.'))}`;
    await writeTable(partial, table as never);
    renameSync(partial, file);
    rows.push({
      step: `write ${file.endsWith('.csv') ? 'CSV' : 'Parquet'} (${(statSync(file).size / 1e6).toFixed(0)} MB)`,
      seconds: (performance.now() - t) / 1000,
    });
  }
  return rows;
}

/** One step in this (fresh) process: read, or read and fit. */
async function child(step: string, file: string): Promise<void> {
  const c0 = process.cpuUsage();
  const cpu = () => {
    const c = process.cpuUsage(c0);
    return (c.user + c.system) / 1e6;
  };
  const t0 = performance.now();
  if (step === 'read-duckdb') {
    // A candidate reader: DuckDB's Parquet scan, its columns handed to JS (numbers as doubles, text
    // as strings), the form readTable returns. Measured only where the optional peer is installed.
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    await con.run('SET threads TO 2');
    const result = await con.runAndReadAll(`SELECT * FROM read_parquet('${file.replaceAll("'", "''")}')`);
    const columns = result.getColumnsObjectJS();
    const read = (performance.now() - t0) / 1000;
    const rows = (Object.values(columns)[0] ?? []).length;
    process.stdout.write(
      JSON.stringify({ read, readCpu: cpu(), readRss: rss(), total: read, cpu: cpu(), rss: rss(), rows }),
    );
    return;
  }
  // 'fit-factor': text as the reader's factor codes (readTable's text: 'factor'), as the CLI reads it.
  const table = await readTable(file, {
    types: { municipality: 'string' },
    text: step === 'fit-factor' ? 'factor' : 'string',
  });
  const read = (performance.now() - t0) / 1000;
  const out: Record<string, unknown> = { read, readCpu: cpu(), readRss: rss() };
  if (step === 'fit' || step === 'fit-factor') {
    const t1 = performance.now();
    const volume = fitVolumeModel(
      table,
      layout === 'compact'
        ? { vcov: 'cluster', x: COMPACT_TERMS, reference: COMPACT_REFERENCE }
        : { vcov: 'cluster' },
    );
    out.fit = (performance.now() - t1) / 1000;
    out.fitCpu = cpu() - (out.readCpu as number);
    out.terms = volume.fit.terms;
    out.coefficients = Array.from(volume.fit.coefficients);
    out.stdErrors = volume.fit.tidy().map((r) => r.stdError);
    out.threads = volume.fit.threads;
  }
  out.total = (performance.now() - t0) / 1000;
  out.cpu = cpu();
  out.rss = rss();
  process.stdout.write(JSON.stringify(out));
}

const R_READ = `
suppressMessages(library(data.table))
setDTthreads(2)
hwm <- function() as.numeric(sub("[^0-9]*([0-9]+).*", "\\\\1", grep("^VmHWM", readLines("/proc/self/status"), value = TRUE))) / 1024
cpu <- function() { p <- proc.time(); p[["user.self"]] + p[["sys.self"]] }
t0 <- proc.time()[["elapsed"]]; c0 <- cpu()
d <- fread(commandArgs(TRUE)[1])
t1 <- proc.time()[["elapsed"]]
cat(sprintf('{"read": %.3f, "cpu": %.3f, "rss": %.0f, "rows": %d}', t1 - t0, cpu() - c0, hwm(), nrow(d)))
`;

const R_FIT = `
suppressMessages({ library(data.table); library(fixest) })
setDTthreads(2)
setFixest_nthreads(2)
hwm <- function() as.numeric(sub("[^0-9]*([0-9]+).*", "\\\\1", grep("^VmHWM", readLines("/proc/self/status"), value = TRUE))) / 1024
args <- commandArgs(TRUE)
cpu <- function() { p <- proc.time(); p[["user.self"]] + p[["sys.self"]] }
t0 <- proc.time()[["elapsed"]]; c0 <- cpu()
d <- fread(args[1])
t1 <- proc.time()[["elapsed"]]; c1 <- cpu()
d[, hhtype := relevel(factor(hhtype), ref = "${referenceLevels.hhtype}")]
d[, migration := relevel(factor(migration), ref = "${referenceLevels.migration}")]
if ("age_band" %in% names(d)) d[, age_band := relevel(factor(age_band), ref = "other")]
fit <- feglm(as.formula(args[2]), data = d, family = binomial, cluster = ~municipality)
t2 <- proc.time()[["elapsed"]]; c2 <- cpu()
cat(sprintf('{"read": %.3f, "fit": %.3f, "readCpu": %.3f, "cpu": %.3f, "rss": %.0f, "names": [%s], "coefficients": [%s], "se": [%s]}',
  t1 - t0, t2 - t1, c1 - c0, c2 - c0, hwm(), paste0('"', names(coef(fit)), '"', collapse = ","),
  paste(sprintf("%.17g", coef(fit)), collapse = ","), paste(sprintf("%.17g", se(fit)), collapse = ",")))
`;

/** R's coefficient name for one of our terms: `hhtype[x]` → `hhtypex`; numeric names unchanged. */
const rName = (term: string) => term.replace(/\[([^\]]*)\]/g, '$1');

function rHas(pkg: string): boolean {
  const r = spawnSync('Rscript', [
    '-e',
    `quit(status = if (requireNamespace("${pkg}", quietly = TRUE)) 0 else 1)`,
  ]);
  return r.status === 0;
}

function runChild(step: string, file: string): Record<string, unknown> {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', 'bench/data-path.ts', '--child', step, file, '--layout', layout],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    },
  );
  return JSON.parse(out) as Record<string, unknown>;
}

function runR(dir: string, name: string, script: string, ...rest: string[]): Record<string, unknown> {
  const file = join(dir, name);
  writeFileSync(file, script);
  const out = execFileSync('Rscript', [file, ...rest], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return JSON.parse(out.slice(out.indexOf('{'))) as Record<string, unknown>;
}

const NOT_INSTALLED = 'peer not installed';

async function main(): Promise<void> {
  if (args[0] === '--child') return child(args[1]!, args[2]!);
  const n = Number(opt('rows', '8200000'));
  if (!Number.isSafeInteger(n) || n < 3420) throw new Error('--rows must be a whole number of at least 3420');
  const dir = opt('dir', join(tmpdir(), 'verdeelmodel-data-path'));
  mkdirSync(dir, { recursive: true });
  const stem = layout === 'compact' ? `compact-${n}` : `households-${n}`;
  const csv = join(dir, `${stem}.csv`);
  const parquet = join(dir, `${stem}.parquet`);
  const setup = await writeFiles(n, csv, parquet);
  const haveR = spawnSync('Rscript', ['--version']).status === 0;
  const haveDt = haveR && rHas('data.table');
  const haveFixest = haveDt && rHas('fixest');

  const csvRead = runChild('read', csv);
  const parquetRead = runChild('read', parquet);
  let duckdbRead: Record<string, unknown> | null = null;
  try {
    await import('@duckdb/node-api');
    duckdbRead = runChild('read-duckdb', parquet);
  } catch {
    duckdbRead = null; // the optional peer is not installed
  }
  const csvFit = runChild('fit', csv);
  const parquetFit = runChild('fit', parquet);
  const csvFitFactor = runChild('fit-factor', csv);
  const parquetFitFactor = runChild('fit-factor', parquet);
  const terms = (csvFit.terms as string[]).filter((t) => t !== '(Intercept)');
  const formula = `receipt ~ ${[...new Set(terms.map((t) => (t.includes('[') && !t.includes(':') ? t.split('[')[0]! : rName(t))))].join(' + ')}`;
  const fread = haveDt ? runR(dir, 'fread.R', R_READ, csv) : null;
  const feglm = haveFixest ? runR(dir, 'feglm.R', R_FIT, csv, formula) : null;

  const s = (x: unknown) => (typeof x === 'number' ? Number(x.toFixed(2)) : null);
  // Wall seconds, and CPU seconds (all threads) beside them: on a shared machine the CPU time is the steadier.
  const row = (
    step: string,
    ours: Record<string, unknown> | null,
    wall: string,
    cpu: string,
    rssKey: string,
    peer: string | null,
    theirs: Record<string, unknown> | null | undefined,
    peerWall: (r: Record<string, unknown>) => unknown,
    peerCpu: (r: Record<string, unknown>) => unknown,
  ): Row => ({
    step,
    s: ours ? s(ours[wall]) : null,
    'CPU s': ours ? s(ours[cpu]) : null,
    'peak RSS MB': ours ? s(ours[rssKey]) : null,
    peer,
    'peer s': theirs === undefined ? null : theirs === null ? NOT_INSTALLED : s(peerWall(theirs)),
    'peer CPU s': theirs ? s(peerCpu(theirs)) : null,
    'peer RSS MB': theirs && peerWall === wallOf ? s(theirs.rss) : null,
  });
  const wallOf = (r: Record<string, unknown>) =>
    r.fit === undefined ? r.read : (r.read as number) + (r.fit as number);
  const none = () => null;
  const table: Row[] = [
    row('read CSV', csvRead, 'read', 'readCpu', 'rss', 'data.table::fread', fread, wallOf, (r) => r.cpu),
    row('read Parquet', parquetRead, 'read', 'readCpu', 'rss', null, undefined, none, none),
    row(
      'read Parquet (candidate: DuckDB → JS columns)',
      duckdbRead,
      'read',
      'readCpu',
      'rss',
      duckdbRead ? null : '@duckdb/node-api not installed',
      undefined,
      none,
      none,
    ),
    row(
      'CSV → volume logit, cluster SEs',
      csvFit,
      'total',
      'cpu',
      'rss',
      'fread + fixest::feglm',
      feglm,
      wallOf,
      (r) => r.cpu,
    ),
    row(
      '  of which read',
      csvFit,
      'read',
      'readCpu',
      'readRss',
      'fread',
      feglm,
      (r) => r.read,
      (r) => r.readCpu,
    ),
    row(
      '  of which fit',
      csvFit,
      'fit',
      'fitCpu',
      '',
      'fixest::feglm',
      feglm,
      (r) => r.fit,
      (r) => (r.cpu as number) - (r.readCpu as number),
    ),
    row(
      'Parquet → volume logit, cluster SEs',
      parquetFit,
      'total',
      'cpu',
      'rss',
      null,
      undefined,
      none,
      none,
    ),
    row('  of which read', parquetFit, 'read', 'readCpu', 'readRss', null, undefined, none, none),
    row(
      'CSV → fit (text as factors)',
      csvFitFactor,
      'total',
      'cpu',
      'rss',
      'fread + fixest::feglm',
      feglm,
      wallOf,
      (r) => r.cpu,
    ),
    row('  of which read', csvFitFactor, 'read', 'readCpu', 'readRss', null, undefined, none, none),
    row('  of which fit', csvFitFactor, 'fit', 'fitCpu', '', null, undefined, none, none),
    row(
      'Parquet → fit (text as factors)',
      parquetFitFactor,
      'total',
      'cpu',
      'rss',
      null,
      undefined,
      none,
      none,
    ),
    row('  of which read', parquetFitFactor, 'read', 'readCpu', 'readRss', null, undefined, none, none),
    row('  of which fit', parquetFitFactor, 'fit', 'fitCpu', '', null, undefined, none, none),
  ];
  // Text as factors must fit the same model: the same coefficients, bit for bit.
  const same = (a: Record<string, unknown>, b: Record<string, unknown>) =>
    JSON.stringify(a.coefficients) === JSON.stringify(b.coefficients);
  if (!same(csvFit, csvFitFactor) || !same(parquetFit, parquetFitFactor)) {
    throw new Error('the fit from text as factors differs from the fit from text as strings');
  }
  for (const r of table) {
    const ours = r.s as number | null;
    const peer = r['peer s'];
    r['peer / ours'] = typeof peer === 'number' && ours ? Number((peer / ours).toFixed(2)) : null;
  }
  // The same model: coefficients and cluster SEs against fixest's.
  let maxCoef = null as number | null;
  let maxSe = null as number | null;
  if (feglm) {
    const names = feglm.names as string[];
    const idx = new Map(names.map((nm, j) => [nm, j]));
    maxCoef = 0;
    maxSe = 0;
    (csvFit.terms as string[]).forEach((t, j) => {
      const k = idx.get(rName(t));
      if (k === undefined) return;
      const b = (feglm.coefficients as number[])[k]!;
      const se = (feglm.se as number[])[k]!;
      maxCoef = Math.max(maxCoef!, Math.abs((csvFit.coefficients as number[])[j]! - b));
      maxSe = Math.max(maxSe!, Math.abs((csvFit.stdErrors as number[])[j]! - se) / se);
    });
  }
  const report = {
    date: new Date().toISOString(),
    rows: n,
    layout,
    files: {
      csv: { path: csv, bytes: statSync(csv).size },
      parquet: { path: parquet, bytes: statSync(parquet).size },
    },
    parameters: (csvFit.terms as string[]).length,
    threads: csvFit.threads,
    setup,
    table,
    fixest: feglm ? { maxAbsCoefficientDiff: maxCoef, maxRelSeDiff: maxSe } : NOT_INSTALLED,
  };
  if (setup.length > 0) console.table(setup);
  console.log(
    `${n.toLocaleString('en-US')} households (${layout} layout), ${report.parameters} parameters, CSV ${(report.files.csv.bytes / 1e6).toFixed(0)} MB, Parquet ${(report.files.parquet.bytes / 1e6).toFixed(0)} MB, ${String(csvFit.threads)} thread(s)`,
  );
  console.table(table);
  if (feglm)
    console.log(
      `vs fixest: max |Δ coefficient| ${maxCoef!.toExponential(2)}, max relative Δ cluster SE ${maxSe!.toExponential(2)}`,
    );
  else console.log(`fixest::feglm: ${NOT_INSTALLED}`);
  const jsonOut = opt('json', '');
  if (jsonOut) {
    mkdirSync(dirname(jsonOut), { recursive: true });
    writeFileSync(jsonOut, `${JSON.stringify(report, null, 2)}\n`);
  }
}

await main();
