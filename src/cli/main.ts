/**
 * The `verdeelmodel` command line: thin commands over the library, no logic of its own.
 * User mistakes (a VerdeelmodelError) print one line and exit 2; progress goes to stderr.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { closeSync, mkdirSync, openSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { allocateBudget } from '../allocation/allocate-budget.js';
import { summarizeAllocation } from '../allocation/allocation-by-size-class.js';
import { summarizeEvaluation } from '../allocation/evaluation-by-size-class.js';
import { toFrame } from '../data/frame.js';
import { readTable } from '../data/io/read-table.js';
import type { TableColumn, TextFactor } from '../data/io/types.js';
import { writeTable } from '../data/io/write-table.js';
import { type DecimalMark, parseDecimalStrict } from '../data/parse-number.js';
import { DataError, SpecError, VerdeelmodelError } from '../errors.js';
import { priceTerms, volumeTerms } from '../generate/levels.js';
import type { GlmFit } from '../glm/types.js';
import { VARIANCE_ESTIMATORS } from '../inference/registry.js';
import type { VcovSpec } from '../inference/types.js';
import { type AllocationPipelineResult, runAllocationPipeline } from '../pipeline/run-allocation-pipeline.js';
import { fitPriceModel } from '../price/fit-price-model.js';
import { predictSpending } from '../price/predict-spending.js';
import {
  budgetChangePlot,
  coefficientPlot,
  formatTable,
  htmlReport,
  predictedVsActualPlot,
  writeChart,
} from '../report/index.js';
import { fitVolumeModel } from '../volume/fit-volume-model.js';

/** A flag's text as a number, through the one strict decimal parser (`0x10`, `1_000`, blanks are errors). */
function flagNumber(value: string, flag: string, expected: string): number {
  try {
    return parseDecimalStrict(value, { what: `flag '${flag}'` });
  } catch (e) {
    if (e instanceof DataError) throw new InvalidArgumentError(`expected ${expected}; ${e.message}`);
    throw e;
  }
}

function positiveInt(flag: string): (value: string) => number {
  return (value) => {
    const n = flagNumber(value, flag, 'a positive whole number');
    if (!Number.isSafeInteger(n) || n <= 0)
      throw new InvalidArgumentError('expected a positive whole number');
    return n;
  };
}

function mapping(value: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of value.split(',')) {
    const [ours, theirs] = pair.split('=');
    if (!ours || !theirs) throw new InvalidArgumentError(`'${pair}' is not of the form ourName=yourColumn`);
    out[ours.trim()] = theirs.trim();
  }
  return out;
}

function progress(quiet: boolean): (step: string) => void {
  const t0 = performance.now();
  return (step) => {
    if (!quiet) process.stderr.write(`[${((performance.now() - t0) / 1000).toFixed(1)}s] ${step}\n`);
  };
}

const pct = (x: number | null) => (x === null ? '–' : `${(100 * x).toFixed(2)}%`);

function coefficientTable(fit: GlmFit, truth: Readonly<Record<string, number>> | null, head: number): string {
  const rows = fit.tidy().map((r) => ({
    ...r,
    truth: truth ? (truth[r.term] ?? null) : null,
    covered: truth ? (truth[r.term]! >= r.confLow && truth[r.term]! <= r.confHigh ? 'yes' : 'no') : null,
  }));
  return formatTable(rows, {
    columns: [
      'term',
      'estimate',
      { key: 'stdError', label: 'std. error' },
      { key: 'pValue', label: 'p-value' },
      ...(truth ? ['truth', 'covered'] : []),
    ],
    digits: 4,
    maxRows: head,
  });
}

/** A resolved vcov spec in a few words: `HC1`, `cluster(municipality)`. */
function vcovName(v: { readonly type: string; readonly cluster?: readonly string[] }): string {
  return v.cluster ? `${v.type}(${v.cluster.join(', ')})` : v.type;
}

function fitLine(name: string, fit: GlmFit): string {
  const g = fit.glance();
  return `${name}: ${g.nobs.toLocaleString('en-US')} rows, ${fit.terms.length} coefficients, ${g.family} (${g.link}), pseudo R² ${g.pseudoR2.toFixed(4)}, ${g.iterations} iterations, ${g.threads} thread(s)${g.patterns ? `, ${g.patterns.toLocaleString('en-US')} patterns` : ''}; SEs ${vcovName(g.vcov)} [${g.smallSampleRule}]`;
}

/** The demo's comparison of the joint spending model with the two-part model (S2; issue 14 part 4). */
function jointSection(joint: AllocationPipelineResult['joint']): string[] {
  if (!joint) return [];
  const pctSigned = (x: number) => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(2)}%`;
  return [
    '== Joint spending model (benefit / norm on every household, quasi-binomial logit) vs two-part model ==',
    fitLine('joint', joint.model.fit),
    `national predicted spending joint / two-part: ${joint.totalRatio.toFixed(4)}; municipal totals differ by ${(100 * joint.meanAbsoluteDifference).toFixed(2)}% on average (largest ${joint.maxAbsoluteDifference.municipality} ${pctSigned(joint.maxAbsoluteDifference.difference)})`,
    `mean |predicted share / realised spending share − 1|: two-part ${(100 * joint.shareDeviation.twoPart).toFixed(2)}%, joint ${(100 * joint.shareDeviation.joint).toFixed(2)}%`,
    '',
  ];
}

function coverage(fit: GlmFit, truth: Readonly<Record<string, number>>): string {
  const rows = fit.tidy();
  const covered = rows.filter(
    (r) => truth[r.term] !== undefined && truth[r.term]! >= r.confLow && truth[r.term]! <= r.confHigh,
  ).length;
  return `${covered} of ${rows.length} 95% intervals cover the true coefficient`;
}

async function writeOutputs(
  dir: string,
  tables: Record<string, Record<string, unknown>[]>,
  json: Record<string, unknown>,
): Promise<void> {
  mkdirSync(dir, { recursive: true });
  for (const [name, rows] of Object.entries(tables)) {
    const columns: Record<string, (string | number | null)[]> = {};
    for (const key of Object.keys(rows[0] ?? {}))
      columns[key] = rows.map((r) => (r[key] ?? null) as string | number | null);
    await writeTable(join(dir, `${name}.csv`), columns, { format: 'csv' });
  }
  writeFileSync(join(dir, 'summary.json'), `${JSON.stringify(json, null, 2)}\n`);
}

/** Options of the commands that run the pipeline on synthetic households (demo, report). */
interface PipelineFlags {
  households: number;
  seed: number;
  budgetYear: number;
  quiet: boolean;
}

/** Write the HTML report of a pipeline run (one self-contained file). */
async function writeHtmlReport(file: string, run: ReturnType<typeof runAllocationPipeline>): Promise<void> {
  const html = await htmlReport(run);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, html);
}

/** Run the pipeline with the flags, progress on stderr (the demo also fits the joint spending model). */
function runPipeline(
  opts: PipelineFlags,
  jointModel = false,
): {
  run: ReturnType<typeof runAllocationPipeline>;
  say: (step: string) => void;
} {
  const say = progress(opts.quiet);
  const run = runAllocationPipeline({
    households: opts.households,
    seed: opts.seed,
    budgetYear: opts.budgetYear,
    jointModel,
    onProgress: say,
  });
  return { run, say };
}

async function reportCommand(opts: PipelineFlags & { out: string }): Promise<void> {
  const { run, say } = runPipeline(opts);
  say('writing the HTML report');
  await writeHtmlReport(opts.out, run);
  process.stdout.write(`report written to ${opts.out}\n`);
}

async function demo(opts: PipelineFlags & { out: string; html?: string }): Promise<void> {
  const { run, say } = runPipeline(opts, true);
  const { current, previous } = run;
  const inhabitantsOf = new Map(
    current.allocation.municipalities.map((a) => [a.municipality, a.inhabitants]),
  );
  const lines = [
    `verdeelmodel demo: budget ${current.budgetYear} on synthetic households (${opts.households.toLocaleString('en-US')} per year, seed ${opts.seed})`,
    `Model ${current.budgetYear}: estimated on ${current.estimationYear} data, actualised to ${current.actualisationYear} (coefficients frozen).`,
    '',
    '== Volume model (logit of receiving bijstand) ==',
    fitLine('volume', current.volume.fit),
    coverage(current.volume.fit, run.truth.volume.coefficients),
    coefficientTable(current.volume.fit, run.truth.volume.coefficients, 12),
    '',
    '== Price model (fractional logit of benefit / normbedrag, recipients) ==',
    fitLine('price', current.price.fit),
    coverage(current.price.fit, run.truth.price.coefficients),
    coefficientTable(current.price.fit, run.truth.price.coefficients, 8),
    '',
    `== Allocation ${current.budgetYear} by size class (largest-remainder rounding to the cent) ==`,
    summarizeAllocation(current.allocation),
    '',
    `== Evaluation (${previous.budgetYear} → ${current.budgetYear}; published 2024: 4.8% / 6.7% / R² 0.70) ==`,
    summarizeEvaluation({
      shareChange: run.shareChange,
      deviation: run.deviation,
      persistence: run.persistence,
    }),
    `R² predicted vs actual spending per municipality: ${run.spendingFit.byYear.map((y) => `${y.year} ${y.rSquared?.toFixed(3)}`).join(', ')}; pooled ${run.spendingFit.pooled.rSquared?.toFixed(3)}`,
    '',
    ...jointSection(run.joint),
    '== Largest budget-share changes ==',
    formatTable(
      [...run.shareChange.municipalities]
        .sort((a, b) => Math.abs(b.change) - Math.abs(a.change))
        .slice(0, 10)
        .map((m) => ({
          municipality: m.municipality,
          inhabitants: Math.round(inhabitantsOf.get(m.municipality) ?? Number.NaN),
          [`share ${previous.budgetYear}`]: pct(m.previousShare),
          [`share ${current.budgetYear}`]: pct(m.currentShare),
          change: pct(m.change),
        })),
    ),
    '',
    `Timings: ${Object.entries(run.timings)
      .map(([k, v]) => `${k} ${v.toFixed(1)}s`)
      .join('; ')}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  await writeOutputs(
    opts.out,
    {
      allocation: current.allocation.municipalities.map((m) => ({ ...m })),
      'volume-coefficients': current.volume.fit
        .tidy()
        .map((r) => ({ ...r, truth: run.truth.volume.coefficients[r.term] ?? null })),
      'price-coefficients': current.price.fit
        .tidy()
        .map((r) => ({ ...r, truth: run.truth.price.coefficients[r.term] ?? null })),
      'predicted-spending': current.spending.map((s) => ({ ...s })),
      'share-changes': run.shareChange.municipalities.map((m) => ({ ...m })),
      deviations: run.deviation.municipalities.map((m) => ({ ...m })),
    },
    {
      options: run.options,
      volume: current.volume.fit.glance(),
      price: current.price.fit.glance(),
      totals: current.allocation.totals,
      meanAbsoluteShareChange: run.shareChange.meanAbsoluteChange,
      meanAbsoluteDeviation: run.deviation.meanAbsoluteDeviation,
      persistenceRSquared: run.persistence.overall.rSquared,
      spendingFit: { byYear: run.spendingFit.byYear, pooled: run.spendingFit.pooled },
      timings: run.timings,
    },
  );
  say('drawing charts');
  await drawDemoCharts(opts.out, run);
  if (opts.html) {
    say('writing the HTML report');
    await writeHtmlReport(opts.html, run);
    say(`HTML report written to ${opts.html}`);
  }
  process.stdout.write(`\nFiles written to ${resolve(opts.out)}\n`);
}

/** The demo's charts; without the optional chart packages the tables still stand and one line says what to install. */
async function drawDemoCharts(out: string, run: ReturnType<typeof runAllocationPipeline>): Promise<void> {
  const { current, previous } = run;
  try {
    const sizeClass = new Map(run.shareChange.municipalities.map((m) => [m.municipality, m.sizeClass]));
    await writeChart(
      join(out, 'budget-change.png'),
      budgetChangePlot(run.shareChange.municipalities, {
        title: `Budget-share changes ${previous.budgetYear} → ${current.budgetYear} by size class`,
      }),
    );
    await writeChart(
      join(out, 'predicted-vs-actual.png'),
      predictedVsActualPlot(
        current.spending.map((s) => ({
          municipality: s.municipality,
          predicted: s.expectedSpending,
          actual: s.actualSpending ?? Number.NaN,
          group: sizeClass.get(s.municipality) ?? null,
        })),
        { quantity: 'spending (euros, sample scale)' },
      ),
    );
    await writeChart(
      join(out, 'volume-coefficients.png'),
      coefficientPlot(current.volume.fit.tidy().slice(1)),
    );
  } catch (e) {
    if (!(e instanceof SpecError && e.code === 'missing-dependency')) throw e;
    process.stderr.write(`charts not drawn: ${e.message}\n`);
  }
}

/** The variance types `fit --vcov` takes: the registry's names (Newey–West is for time series, not households). */
const CLI_VCOV = Object.keys(VARIANCE_ESTIMATORS).filter((k) => k !== 'newey-west');

/** A text column the model would turn into this many levels or more is almost surely misread numbers. */
const MAX_TEXT_LEVELS = 1000;

/** Comma-separated names (`--x a,b,c:d`, `--na NA,-`), trimmed; empty names are dropped. */
function list(value: string): string[] {
  return value
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

/**
 * Progress lines on stderr: when stderr is a terminal (one line, rewritten in place) or with `--progress`
 * (one line per update), so scripts and tests stay quiet unless they ask.
 */
function liveProgress(enabled: boolean, logGapMs: number): { update(text: string): void; done(): void } {
  const tty = process.stderr.isTTY === true;
  let last = 0;
  let shown = false;
  return {
    update(text) {
      if (!enabled) return;
      const now = performance.now();
      // A terminal line is redrawn at most 10×/s; log lines at most every `logGapMs`.
      if (now - last < (tty ? 100 : logGapMs)) return;
      last = now;
      shown = true;
      process.stderr.write(tty ? `\r\x1b[K${text}` : `${text}\n`);
    },
    done() {
      if (enabled && tty && shown) process.stderr.write('\n');
      shown = false;
      last = 0;
    },
  };
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)} MB`;

/** Bytes this process has read so far (Linux /proc/self/io `rchar`); null where that is not available. */
function bytesRead(): number | null {
  try {
    const m = /^rchar:\s*(\d+)/m.exec(readFileSync('/proc/self/io', 'utf8'));
    return m ? Number.parseInt(m[1]!, 10) : null;
  } catch {
    return null;
  }
}

/** Read a file with a progress line (bytes read of the file's size) while the reader works. */
async function readWithProgress<T>(path: string, enabled: boolean, read: () => Promise<T>): Promise<T> {
  if (!enabled) return read();
  const live = liveProgress(true, 1000);
  let total = 0;
  try {
    total = statSync(path).size;
  } catch {
    return read(); // the reader names a missing file
  }
  const start = bytesRead();
  const t0 = performance.now();
  const timer = setInterval(() => {
    const now = bytesRead();
    const secs = ((performance.now() - t0) / 1000).toFixed(1);
    if (start === null || now === null) {
      live.update(`reading ${path} (${mb(total)}): ${secs}s`);
    } else {
      const done = Math.min(total, now - start);
      live.update(
        `reading ${path}: ${mb(done)} of ${mb(total)} (${((100 * done) / total).toFixed(0)}%), ${secs}s`,
      );
    }
  }, 200);
  try {
    return await read();
  } finally {
    clearInterval(timer);
    live.done();
  }
}

/** Run a fit with a progress line per IRLS iteration (iteration, deviance). */
function fitWithProgress<T>(label: string, enabled: boolean, run: () => T): T {
  if (!enabled) return run();
  const live = liveProgress(true, 0);
  const onIteration = (message: unknown) => {
    const m = message as { iteration: number; deviance: number; change: number };
    live.update(
      `${label}: iteration ${m.iteration}, deviance ${m.deviance.toFixed(4)}, relative change ${m.change.toExponential(2)}`,
    );
  };
  subscribe('verdeelmodel:irls', onIteration);
  try {
    return run();
  } finally {
    unsubscribe('verdeelmodel:irls', onIteration);
    live.done();
  }
}

const CSV_FILE = /\.(csv|tsv|txt)$/i;
const DELIMITERS = [',', ';', '\t', '|'] as const;
const COMMA_NUMBER = /^\s*"?[+-]?\d+,\d+"?\s*$/;
const POINT_NUMBER = /^\s*"?[+-]?\d*\.\d+"?\s*$/;

/**
 * The delimiter and decimal mark of a CSV file, from its first 256 KB: the delimiter the header line holds
 * most often (unless given), and the decimal comma when, with a delimiter other than `,`, cells are written
 * like `3,5` and none like `3.5`. Only the flags the user did not set are filled in.
 */
function sniffCsv(
  path: string,
  delimiter: string | undefined,
): { delimiter?: string; decimal?: DecimalMark } {
  if (!CSV_FILE.test(path)) return delimiter ? { delimiter } : {};
  let text: string;
  try {
    const fd = openSync(path, 'r');
    try {
      const buf = Buffer.alloc(256 * 1024);
      const n = readSync(fd, buf, 0, buf.length, 0);
      text = buf.subarray(0, n).toString('utf8');
    } finally {
      closeSync(fd);
    }
  } catch {
    return delimiter ? { delimiter } : {}; // the reader names the unreadable file
  }
  const lines = text.split(/\r?\n/);
  if (lines.length > 2) lines.pop(); // the last line may be cut in the middle
  const header = lines[0] ?? '';
  const delim =
    delimiter ??
    DELIMITERS.reduce((best, d) => (header.split(d).length > header.split(best).length ? d : best), ',');
  if (delim === ',') return delimiter ? { delimiter } : {};
  let comma = 0;
  let point = 0;
  for (const line of lines.slice(1)) {
    for (const cell of line.split(delim)) {
      if (COMMA_NUMBER.test(cell)) comma++;
      else if (POINT_NUMBER.test(cell)) point++;
    }
  }
  return { delimiter: delim, ...(comma > 0 && point === 0 ? { decimal: ',' as const } : {}) };
}

/**
 * Refuse text columns the model would turn into a factor of misread numbers: a column whose cells look like
 * `3,5` (decimal comma), or one with thousands of distinct values. Says which flag to set.
 */
function checkModelColumns(
  table: Record<string, TableColumn | TextFactor>,
  columns: Iterable<string>,
  municipality: string,
): void {
  for (const name of columns) {
    if (name === municipality || !Object.hasOwn(table, name)) continue;
    const col = table[name]!;
    if (col instanceof Float64Array) continue;
    const seen = new Set<string>();
    let commaNumbers = 0;
    let present = 0;
    let example: string | null = null;
    if (!Array.isArray(col)) {
      // A factor from the reader: its levels are the distinct values; the codes count the cells.
      const { codes, levels } = col as TextFactor;
      const comma = Uint8Array.from(levels, (l) => (COMMA_NUMBER.test(l) ? 1 : 0));
      for (let i = 0; i < codes.length; i++) {
        const c = codes[i]!;
        if (c < 0) continue;
        present++;
        commaNumbers += comma[c]!;
        example ??= levels[c]!;
      }
      for (const l of levels.slice(0, MAX_TEXT_LEVELS + 1)) seen.add(l);
    }
    for (let i = 0; Array.isArray(col) && i < col.length && seen.size <= MAX_TEXT_LEVELS; i++) {
      const v = col[i];
      if (v === null || v === undefined) continue;
      present++;
      example ??= v;
      if (COMMA_NUMBER.test(v)) commaNumbers++;
      seen.add(v);
    }
    if (present > 0 && commaNumbers >= 0.9 * present) {
      throw new DataError(
        'invalid-value',
        `column '${name}' holds numbers with a decimal comma (such as '${example}') but was read as text; set --decimal ','`,
        { column: name },
      );
    }
    if (seen.size > MAX_TEXT_LEVELS) {
      throw new DataError(
        'invalid-value',
        `column '${name}' was read as text and would become more than ${MAX_TEXT_LEVELS} categories (such as '${example}'); if it holds numbers, set --decimal ',' (for 3,5), --delimiter (for a file not separated by the detected delimiter) or --na (for the text that marks a missing number)`,
        { column: name },
      );
    }
  }
}

/** A reader error that names a reading option (decimal, na, delimiter) also names the flag that sets it. */
function withFlagHint(e: unknown): unknown {
  if (!(e instanceof DataError) || !/\b(decimal|na|delimiter)\b/.test(e.message)) return e;
  return new DataError(
    e.code,
    `${e.message} (on the command line: --decimal ',' for a decimal comma, --na <values> for missing-value markers, --delimiter <char>)`,
    { column: e.column, row: e.row, cause: e },
  );
}

/** The columns a model's terms, response and weights read: `a:b` reads `a` and `b`. */
function termColumns(...groups: (readonly string[])[]): Set<string> {
  const out = new Set<string>();
  for (const g of groups) for (const t of g) for (const c of t.split(':')) out.add(c);
  return out;
}

async function fitCommand(opts: {
  households: string;
  map?: Record<string, string>;
  out?: string;
  quiet: boolean;
  progress: boolean;
  delimiter?: string;
  decimal?: DecimalMark;
  x?: string[];
  priceX?: string[];
  na?: string[];
  vcov: string;
}): Promise<void> {
  if (!CLI_VCOV.includes(opts.vcov)) {
    throw new SpecError(
      'invalid-option',
      `--vcov '${opts.vcov}' is not a variance type; use one of ${CLI_VCOV.join(', ')} (cluster = by municipality)`,
      { option: 'vcov' },
    );
  }
  const vcov = opts.vcov as VcovSpec;
  const live = !opts.quiet && (opts.progress || process.stderr.isTTY === true);
  const say = progress(opts.quiet);
  const sniffed = opts.decimal ? { delimiter: opts.delimiter } : sniffCsv(opts.households, opts.delimiter);
  const decimal = opts.decimal ?? sniffed.decimal ?? '.';
  const delimiter = sniffed.delimiter;
  say(
    `reading ${opts.households}${delimiter ? ` (delimiter '${delimiter === '\t' ? '\\t' : delimiter}', decimal '${decimal}')` : ''}`,
  );
  const table = await readWithProgress(opts.households, live, () =>
    readTable(opts.households, {
      mapping: opts.map,
      types: { municipality: 'string' },
      // Text as the reader's factor codes: the model frame takes them without encoding them again.
      text: 'factor',
      decimal,
      ...(delimiter ? { delimiter } : {}),
      ...(opts.na ? { na: opts.na } : {}),
    }).catch((e: unknown) => {
      throw withFlagHint(e);
    }),
  );
  const volumeOptions = { vcov, ...(opts.x ? { x: opts.x } : {}) };
  const priceOptions = { vcov, ...(opts.priceX ? { x: opts.priceX } : {}) };
  const data = toFrame(table);
  say('fitting the volume model');
  const volume = fitWithProgress('volume model', live, () => {
    // Checked before the fit: a misread column would otherwise become thousands of dummies.
    checkModelColumns(table, termColumns(opts.x ?? volumeTerms, ['receipt']), 'municipality');
    return fitVolumeModel(data, volumeOptions);
  });
  say('fitting the price model');
  const price = fitWithProgress('price model', live, () => {
    checkModelColumns(table, termColumns(opts.priceX ?? priceTerms, ['fraction', 'norm']), 'municipality');
    return fitPriceModel(data, priceOptions);
  });
  say('predicting spending per municipality');
  const spending = predictSpending({ volume, price, households: data });
  process.stdout.write(
    [
      fitLine('volume', volume.fit),
      coefficientTable(volume.fit, null, 15),
      '',
      fitLine('price', price.fit),
      coefficientTable(price.fit, null, 10),
      '',
    ].join('\n'),
  );
  if (opts.out) {
    await writeOutputs(
      opts.out,
      {
        'volume-coefficients': volume.fit.tidy().map((r) => ({ ...r })),
        'price-coefficients': price.fit.tidy().map((r) => ({ ...r })),
        'predicted-spending': spending.map((s) => ({ ...s })),
      },
      { volume: volume.fit.glance(), price: price.fit.glance() },
    );
    say(`tables written to ${opts.out}`);
  }
}

/** The numeric columns of a municipality file (the fields of MunicipalityBudgetInput). */
const MUNICIPALITY_NUMBERS = [
  'inhabitants',
  'predictedSpending',
  'spendingTwoYearsEarlier',
  'inhabitantsTwoYearsEarlier',
  'inhabitantsPreviousYear',
  'lksSpendingPreviousYear',
  'lksSpendingTwoYearsEarlier',
  'dtiSpending',
] as const;

/**
 * A column of the municipality file as numbers: a numeric column as read (missing = NaN), a text column cell by
 * cell through the strict decimal parser (a blank cell is missing, never 0; `0x10` is an error naming column
 * and 1-based row). Missing values stay NaN, so allocateBudget names the municipalities that lack them.
 */
function numberColumn(column: TableColumn, name: string, decimal: DecimalMark): Float64Array {
  if (column instanceof Float64Array) return column;
  return Float64Array.from(column, (cell, i) =>
    cell === null || cell.trim() === ''
      ? Number.NaN
      : parseDecimalStrict(cell, {
          what: `column '${name}' row ${i + 1}`,
          column: name,
          row: i + 1,
          decimal,
        }),
  );
}

/** A euro amount from a flag, as exact decimal text with a point (the decimal mark given by --decimal). */
function amountText(text: string, flag: string, decimal: DecimalMark): string {
  const n = parseDecimalStrict(text, { what: `flag '${flag}'`, decimal });
  if (n < 0) throw new DataError('out-of-range', `flag '${flag}' must be 0 or more, got ${text}`);
  return decimal === ',' ? text.replace(',', '.') : text;
}

async function allocateCommand(opts: {
  municipalities: string;
  macroBudget: string;
  lksBudget: string;
  dtiBudget: string;
  inhabitantsCorrection: 'ratio' | 'none';
  poolSplit: 'historical' | 'objective';
  lksSpendingYear: 'previous-year' | 'two-years-earlier';
  dtiRule: 'historical-share' | 'spending-share';
  delimiter?: string;
  decimal: DecimalMark;
  map?: Record<string, string>;
  out?: string;
}): Promise<void> {
  // Codes like 'GM0363' or '0363' stay text: a leading zero is part of the code.
  const table = await readTable(opts.municipalities, {
    mapping: opts.map,
    types: { municipality: 'string' },
    decimal: opts.decimal,
    ...(opts.delimiter ? { delimiter: opts.delimiter } : {}),
  });
  if (!Object.hasOwn(table, 'municipality')) {
    throw new DataError(
      'missing-column',
      `${opts.municipalities} has no 'municipality' column with the municipality codes (map yours with --map municipality=yourColumn)`,
      { column: 'municipality' },
    );
  }
  // Only the columns the allocation reads; an absent column stays absent (allocateBudget says which is needed).
  const columns: Record<string, TableColumn> = { municipality: table.municipality as TableColumn };
  for (const name of MUNICIPALITY_NUMBERS) {
    if (Object.hasOwn(table, name))
      columns[name] = numberColumn(table[name] as TableColumn, name, opts.decimal);
  }
  const allocation = allocateBudget({
    municipalities: columns,
    macroBudget: amountText(opts.macroBudget, '--macro-budget', opts.decimal),
    lksBudget: amountText(opts.lksBudget, '--lks-budget', opts.decimal),
    dtiBudget: amountText(opts.dtiBudget, '--dti-budget', opts.decimal),
    inhabitantsCorrection: opts.inhabitantsCorrection,
    poolSplit: opts.poolSplit,
    lksSpendingYear: opts.lksSpendingYear,
    dtiRule: opts.dtiRule,
  });
  process.stdout.write(`${summarizeAllocation(allocation)}\n`);
  if (opts.out)
    await writeOutputs(
      opts.out,
      { allocation: allocation.municipalities.map((m) => ({ ...m })) },
      { totals: allocation.totals, options: allocation.options },
    );
}

/** Where `verdeelmodel demo` writes unless told otherwise (relative to the working folder). */
const DEMO_OUT = 'verdeelmodel-demo';

const program = new Command()
  .name('verdeelmodel')
  .description(
    'The Dutch bijstand (BUIG) allocation model: volume and price models, budget allocation and evaluation.',
  )
  // The package's own version: package.json sits two folders up from src/cli/main.ts and dist/cli/main.js alike.
  .version(
    (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string })
      .version,
    '-V, --version',
  )
  .showHelpAfterError();

/** The flags of the commands that run the pipeline on synthetic households. */
function pipelineFlags(command: Command): Command {
  return command
    .option(
      '--households <n>',
      'households per data year, from 10,000 (8200000 = the whole country)',
      positiveInt('--households'),
      500_000,
    )
    .option('--seed <n>', 'seed of the synthetic population', positiveInt('--seed'), 2024)
    .option(
      '--budget-year <year>',
      'budget year B (estimate on B-3, actualise to B-2)',
      positiveInt('--budget-year'),
      2024,
    )
    .option('--quiet', 'no progress on stderr', false);
}

pipelineFlags(
  program
    .command('demo')
    .description(
      'Generate synthetic households, fit the volume and price models, predict, allocate the macro budget and print the report.',
    ),
)
  .option(
    '--out <dir>',
    'folder for the tables (CSV), summary.json and the charts (PNG, when vega, vega-lite and @resvg/resvg-js are installed)',
    DEMO_OUT,
  )
  .option(
    '--html <file>',
    'also write the report as one self-contained HTML file (interactive charts, works offline)',
  )
  .action((o) => demo(o));

pipelineFlags(
  program
    .command('report')
    .description(
      'Run the allocation pipeline on synthetic households and write the budget report as one self-contained HTML file (allocation by size class, share changes, evaluation statistics beside the published ones, interactive charts, coefficient tables, options).',
    ),
)
  .option('--out <file>', 'the HTML file to write', 'verdeelmodel-report.html')
  .action((o) => reportCommand(o));

program
  .command('fit')
  .description(
    'Fit the volume and price models on your own household file (CSV, Parquet or Arrow) and predict spending per municipality.',
  )
  .requiredOption(
    '--households <file>',
    'household file: receipt (0/1), fraction, norm, municipality and the model features',
  )
  .option(
    '--map <pairs>',
    'column mapping ourName=yourColumn,... (e.g. receipt=bijstand,municipality=gemeente)',
    mapping,
  )
  .option('--delimiter <char>', 'CSV delimiter (detected from the header when absent)')
  .addOption(
    new Option(
      '--decimal <char>',
      "decimal separator of numbers in a CSV file (',' for 3,5; detected when absent: with a ';' or tab delimiter and cells like 3,5)",
    ).choices(['.', ',']),
  )
  .option(
    '--na <values>',
    'CSV cells read as missing, comma-separated (default: empty, NA, N/A, NaN, null, NULL)',
    list,
  )
  .option(
    '--x <terms>',
    "volume model terms, comma-separated ('a:b' is an interaction); default: the 61 standard terms",
    list,
  )
  .option('--price-x <terms>', 'price model terms, comma-separated; default: the standard terms', list)
  .option(
    '--vcov <type>',
    `standard errors of both models: ${CLI_VCOV.join(', ')} (cluster = by municipality)`,
    'cluster',
  )
  .option('--out <dir>', 'write coefficient tables and predicted spending to this folder')
  .option('--progress', 'show reading and fitting progress on stderr even when it is not a terminal', false)
  .option('--quiet', 'no progress on stderr', false)
  .action((o) => fitCommand(o));

program
  .command('allocate')
  .description(
    'Allocate a macro budget to the cent from a municipality file (municipality, inhabitants, predictedSpending, spendingTwoYearsEarlier, ...).',
  )
  .requiredOption('--municipalities <file>', 'municipality file (CSV, Parquet or Arrow)')
  .requiredOption('--macro-budget <euros>', 'macro budget in euros, LKS and DTI included (exact to the cent)')
  .option('--lks-budget <euros>', 'LKS part of the macro budget', '0')
  .option('--dti-budget <euros>', 'DTI part of the macro budget', '0')
  .addOption(
    new Option('--inhabitants-correction <rule>', 'correct historical spending for the growth in inhabitants')
      .choices(['ratio', 'none'])
      .default('ratio'),
  )
  .addOption(
    new Option('--pool-split <rule>', 'how the benefits budget splits into pools')
      .choices(['historical', 'objective'])
      .default('historical'),
  )
  .addOption(
    new Option('--lks-spending-year <year>', 'LKS spending year that distributes the LKS budget')
      .choices(['previous-year', 'two-years-earlier'])
      .default('previous-year'),
  )
  .addOption(
    new Option('--dti-rule <rule>', 'how the DTI budget is distributed')
      .choices(['historical-share', 'spending-share'])
      .default('historical-share'),
  )
  .option('--delimiter <char>', 'CSV delimiter (detected from the header when absent)')
  .addOption(
    new Option(
      '--decimal <char>',
      "decimal separator of numbers in the file and the amount flags (',' for 1234,56)",
    )
      .choices(['.', ','])
      .default('.'),
  )
  .option('--map <pairs>', 'column mapping ourName=yourColumn,...', mapping)
  .option('--out <dir>', 'write the allocation table to this folder')
  .action((o) => allocateCommand(o));

/** A file the user named that cannot be read (missing, a folder, no permission) is a user mistake too. */
function fileError(e: unknown): string | null {
  const err = e as { code?: unknown; path?: unknown; message?: unknown };
  if (typeof err?.code !== 'string' || typeof err.path !== 'string') return null;
  const why: Record<string, string> = {
    ENOENT: 'no such file',
    EISDIR: 'is a folder',
    EACCES: 'permission denied',
  };
  return `cannot read '${err.path}': ${why[err.code] ?? String(err.message)}`;
}

program.parseAsync(process.argv).catch((e: unknown) => {
  const message = e instanceof VerdeelmodelError ? e.message : fileError(e);
  if (message !== null) {
    process.stderr.write(`error: ${message}\n`);
    process.exit(2);
  }
  throw e;
});
