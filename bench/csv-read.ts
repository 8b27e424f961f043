/**
 * CSV read benchmark: the byte reader (readTable, 1 and 2 threads) against the string reader
 * (readTableChunks in one chunk, the path readTable took before) and, when R with data.table is
 * installed, `data.table::fread` on the same file. Each reader runs in a fresh process, so the peak
 * RSS is its own; the CPU seconds (all threads) show the work done when a shared machine's load makes
 * the wall-clock times swing.
 *
 *   npx tsx bench/csv-read.ts                          # 1M generated households
 *   npx tsx bench/csv-read.ts --rows 8200000           # the country-scale file
 *   npx tsx bench/csv-read.ts --file my.csv --json out.json --skip-old --repeat 3   # best of 3 alternated rounds
 *
 * The file is written once (generateHouseholds(...).columns() through writeTable) and kept in the
 * temp folder for the next run.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTable, readTableChunks, writeTable } from '../src/data/index.js';
import { readCsvBytes } from '../src/data/io/csv-bytes-read.js';
import { generateHouseholds } from '../src/generate/index.js';

const args = process.argv.slice(2);
function opt(name: string, fallback: string): string {
  const k = args.indexOf(`--${name}`);
  return k >= 0 ? args[k + 1]! : fallback;
}

interface Run {
  reader: string;
  seconds: number | null;
  peakRssMB: number | null;
  /** CPU time of the whole process (all threads), user + system: the work done, whatever the machine's load. */
  cpuSeconds: number | null;
  rows: number | null;
  note?: string;
}

async function child(reader: string, file: string): Promise<void> {
  const t0 = performance.now();
  let rows = 0;
  if (reader === 'old') {
    for await (const chunk of readTableChunks(file, { chunkRows: 1e12 })) {
      rows += Object.values(chunk)[0]?.length ?? 0;
    }
  } else if (reader === 'readTable') {
    const t = await readTable(file);
    rows = Object.values(t)[0]?.length ?? 0;
  } else {
    // bytes-N: the byte reader's own result (factor codes, no string arrays), N threads.
    const t = await readCsvBytes(file, {}, Number(reader.slice('bytes-'.length)));
    const c = t?.columns[0];
    rows = c === undefined ? 0 : c instanceof Float64Array ? c.length : c.codes.length;
  }
  const seconds = (performance.now() - t0) / 1000;
  const peakRssMB = process.resourceUsage().maxRSS / 1024;
  const cpu = process.cpuUsage();
  process.stdout.write(
    JSON.stringify({ seconds, peakRssMB, cpuSeconds: (cpu.user + cpu.system) / 1e6, rows }),
  );
}

function runChild(reader: string, file: string): Run {
  try {
    const out = execFileSync(
      process.execPath,
      ['--max-old-space-size=16000', '--import', 'tsx', 'bench/csv-read.ts', '--child', reader, file],
      { encoding: 'utf8', maxBuffer: 1 << 26 },
    );
    return { reader, ...(JSON.parse(out) as Omit<Run, 'reader'>) };
  } catch (e) {
    return {
      reader,
      seconds: null,
      peakRssMB: null,
      cpuSeconds: null,
      rows: null,
      note: (e as Error).message.slice(0, 200),
    };
  }
}

function fread(file: string): Run {
  const reader = 'data.table::fread';
  const have =
    spawnSync('Rscript', ['-e', 'quit(status = !requireNamespace("data.table", quietly = TRUE))']).status ===
    0;
  if (!have)
    return {
      reader,
      seconds: null,
      peakRssMB: null,
      cpuSeconds: null,
      rows: null,
      note: 'peer not installed',
    };
  const script = [
    'suppressMessages(library(data.table))',
    `c0 <- proc.time(); t0 <- Sys.time(); d <- fread(${JSON.stringify(file)}, nThread = 2); s <- as.numeric(Sys.time() - t0, units = "secs"); c1 <- proc.time() - c0`,
    'rss <- as.numeric(gsub("[^0-9]", "", grep("VmHWM", readLines("/proc/self/status"), value = TRUE))) / 1024',
    'cat(sprintf(\'{"seconds": %.3f, "peakRssMB": %.0f, "cpuSeconds": %.3f, "rows": %d}\', s, rss, c1[["user.self"]] + c1[["sys.self"]], nrow(d)))',
  ].join('\n');
  try {
    const out = execFileSync('Rscript', ['-e', script], { encoding: 'utf8', maxBuffer: 1 << 26 });
    return { reader, ...(JSON.parse(out) as Omit<Run, 'reader'>) };
  } catch (e) {
    return {
      reader,
      seconds: null,
      peakRssMB: null,
      cpuSeconds: null,
      rows: null,
      note: (e as Error).message.slice(0, 200),
    };
  }
}

async function main(): Promise<void> {
  if (args[0] === '--child') return child(args[1]!, args[2]!);
  const rows = Number(opt('rows', '1000000'));
  const dir = join(tmpdir(), 'verdeelmodel-bench');
  mkdirSync(dir, { recursive: true });
  const file = opt('file', join(dir, `households-${rows}.csv`));
  if (!existsSync(file)) {
    const t0 = performance.now();
    await writeTable(file, generateHouseholds({ households: rows, seed: 1 }).columns());
    console.log(`wrote ${file} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  const mb = statSync(file).size / 2 ** 20;
  const readers = ['bytes-1', 'bytes-2', 'readTable', ...(args.includes('--skip-old') ? [] : ['old'])];
  // Rounds alternate the readers (the machine's load changes over minutes); each reader's best round counts.
  const repeat = Math.max(1, Number(opt('repeat', '1')));
  const rounds: Run[][] = [];
  for (let k = 0; k < repeat; k++) rounds.push([fread(file), ...readers.map((r) => runChild(r, file))]);
  const runs = rounds[0]!.map((_, j) =>
    rounds
      .map((round) => round[j]!)
      .reduce((best, r) =>
        r.seconds !== null && (best.seconds === null || r.seconds < best.seconds) ? r : best,
      ),
  );
  const all = (j: number) => rounds.map((round) => round[j]!.seconds?.toFixed(2) ?? '-').join(' ');
  const peer = runs[0]!.seconds;
  const table = runs.map((r, j) => ({
    reader: r.reader,
    seconds: r.seconds === null ? null : Number(r.seconds.toFixed(2)),
    rounds: all(j),
    'MB/s': r.seconds === null ? null : Number((mb / r.seconds).toFixed(0)),
    'x fread': r.seconds === null || peer === null ? null : Number((r.seconds / peer).toFixed(2)),
    peakRssMB: r.peakRssMB === null ? null : Math.round(r.peakRssMB),
    cpuSeconds: r.cpuSeconds === null ? null : Number(r.cpuSeconds.toFixed(2)),
    rows: r.rows,
    note: r.note ?? '',
  }));
  console.log(`${file}: ${mb.toFixed(0)} MB`);
  console.table(table);
  const json = opt('json', '');
  if (json) {
    writeFileSync(
      json,
      `${JSON.stringify({ file, megabytes: mb, node: process.version, runs: table }, null, 2)}\n`,
    );
  }
}

await main();
