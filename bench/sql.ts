/**
 * fitGlmSql at scale (issue 15): each case in its own child process, which reports passes, time,
 * time per pass and peak RSS.
 *
 *   tsx bench/sql.ts [--rows 1000000,10000000] [--parquet-rows 50000000] [--no-clickhouse] [--no-parquet] [--json out.json]
 *
 * - DuckDB (in-memory table generated in SQL) and the ClickHouse cluster of scripts/clickhouse-cluster.sh
 *   (a Distributed table over two shards, and one over shard 1 alone holding every row), same model:
 *   three continuous covariates, a 14-level factor, 300 clusters.
 * - Out of core: a Parquet file of continuous covariates (every pattern unique) fitted through DuckDB
 *   with `node --max-old-space-size=256` and DuckDB's memory_limit 1GB, beside the pattern path
 *   (fitGlmDuckDb) on the same file and heap.
 * The machine is shared: the load average is printed beside the table.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(import.meta.url);
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const value = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

interface CaseResult {
  readonly case: string;
  readonly rows: number;
  readonly ok: boolean;
  readonly seconds: number;
  readonly passes: number | null;
  readonly secondsPerPass: number | null;
  readonly iterations: number | null;
  readonly path: string | null;
  readonly peakRssMb: number;
  readonly note: string;
}

const MODEL = { family: 'binomial' as const, y: 'y', x: ['x1', 'x2', 'x3', 'g'], clusters: ['cl'] };
const CONTINUOUS = { family: 'binomial' as const, y: 'y', x: ['x1', 'x2', 'x3'] };

/** The households in DuckDB SQL: uniforms from hash(), a 14-level factor, 300 clusters. */
function duckdbRows(n: number): string {
  const u = (k: number) => `(hash(i * 8 + ${k}) % 1000000007) / 1000000007.0`;
  return `SELECT CAST(${u(5)} < 1 / (1 + exp(-(-2.5 + 0.04 * x1 - 0.0008 * x2 + 0.7 * x3 + 0.08 * gk))) AS DOUBLE) AS y, x1, x2, x3, chr(97 + gk) AS g, cl
    FROM (SELECT i, 40 + 30 * ${u(1)} AS x1, 1000 * ${u(2)} * ${u(3)} AS x2, ${u(4)} - 0.5 AS x3,
      CAST(floor(14 * ${u(6)}) AS INTEGER) AS gk, CAST(floor(300 * ${u(7)}) AS INTEGER) AS cl FROM range(${n}) t(i))`;
}

function clickhouseRows(n: number, where: string): string {
  const u = (k: number) => `(sipHash64(number * 8 + ${k}) % 1000000007) / 1000000007.`;
  return `SELECT toFloat64(${u(5)} < 1 / (1 + exp(-(-2.5 + 0.04 * x1 - 0.0008 * x2 + 0.7 * x3 + 0.08 * gk)))) AS y, x1, x2, x3, ['a','b','c','d','e','f','g','h','i','j','k','l','m','n'][gk + 1] AS g, cl
    FROM (SELECT number, 40 + 30 * ${u(1)} AS x1, 1000 * ${u(2)} * ${u(3)} AS x2, ${u(4)} - 0.5 AS x3,
      toUInt8(floor(14 * ${u(6)})) AS gk, toInt32(floor(300 * ${u(7)})) AS cl FROM numbers(${n}) WHERE ${where})`;
}

async function child(kind: string, n: number, extra: string | undefined): Promise<void> {
  const { duckDbSource, clickHouseSource, fitGlmSql, fitGlmDuckDb } = await import('../src/glm/index.js');
  const t0 = performance.now();
  let out: Omit<CaseResult, 'case' | 'rows' | 'peakRssMb'>;
  try {
    if (kind === 'duckdb') {
      const source = await duckDbSource();
      await source.execute(`CREATE TABLE hh AS ${duckdbRows(n)}`);
      const t = performance.now();
      const fit = await fitGlmSql(source, { ...MODEL, table: 'hh', path: 'sql' });
      const s = (performance.now() - t) / 1000;
      out = result(fit, s, 'table built in DuckDB; time is the fit alone');
      await source.close();
    } else if (kind === 'clickhouse') {
      const source = await clickHouseSource({ url: extra!.split('|')[0]! });
      const t = performance.now();
      const fit = await fitGlmSql(source, { ...MODEL, table: extra!.split('|')[1]!, path: 'sql' });
      out = result(fit, (performance.now() - t) / 1000, extra!.split('|')[1]!);
      await source.close();
    } else if (kind === 'parquet-sql') {
      const source = await duckDbSource({ memoryLimit: '1GB', threads: 2 });
      const fit = await fitGlmSql(source, { ...CONTINUOUS, table: extra!, path: 'sql' });
      out = result(fit, (performance.now() - t0) / 1000, 'Parquet, JS heap 256 MB, DuckDB memory_limit 1GB');
      await source.close();
    } else if (kind === 'parquet-patterns') {
      const fit = await fitGlmDuckDb({ ...CONTINUOUS, source: extra!, memoryLimit: '1GB', threads: 2 });
      out = result(fit, (performance.now() - t0) / 1000, 'fitGlmDuckDb (pattern path)');
    } else throw new Error(`unknown case ${kind}`);
  } catch (e) {
    out = {
      ok: false,
      seconds: (performance.now() - t0) / 1000,
      passes: null,
      secondsPerPass: null,
      iterations: null,
      path: null,
      note: `failed: ${e instanceof Error ? e.message.slice(0, 160) : String(e)}`,
    };
  }
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`\nRESULT ${JSON.stringify({ ...out, peakRssMb })}\n`);
}

function result(
  fit: {
    iterations: number;
    glance(): { path: string; passes: number | null };
    sql?: { passSeconds: readonly number[] };
  },
  seconds: number,
  note: string,
): Omit<CaseResult, 'case' | 'rows' | 'peakRssMb'> {
  const g = fit.glance();
  const ps = fit.sql?.passSeconds ?? [];
  return {
    ok: true,
    seconds,
    passes: g.passes,
    secondsPerPass: ps.length ? ps.reduce((a, b) => a + b, 0) / ps.length : null,
    iterations: fit.iterations,
    path: g.path,
    note,
  };
}

function runChild(label: string, kind: string, n: number, extra: string, heapMb?: number): CaseResult {
  const nodeArgs = [
    ...(heapMb ? [`--max-old-space-size=${heapMb}`] : []),
    '--import',
    'tsx',
    here,
    '--child',
    kind,
    String(n),
    extra,
  ];
  const r = spawnSync(process.execPath, nodeArgs, {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    timeout: 3_600_000,
  });
  const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) {
    const tail = `${r.stderr ?? ''}`.trim().split('\n').slice(-2).join(' ').slice(0, 200);
    return {
      case: label,
      rows: n,
      ok: false,
      seconds: Number.NaN,
      passes: null,
      secondsPerPass: null,
      iterations: null,
      path: null,
      peakRssMb: Number.NaN,
      note: `process ended (${r.signal ?? `exit ${r.status}`}): ${tail}`,
    };
  }
  return { case: label, rows: n, ...JSON.parse(line.slice(7)) };
}

async function clickhouseUrls(): Promise<[string, string] | null> {
  const file = join(process.env.CLICKHOUSE_CLUSTER_DIR ?? join(tmpdir(), 'verdeelmodel-clickhouse'), 'env');
  if (!existsSync(file)) return null;
  const env = Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  const urls: [string, string] = [env.CLICKHOUSE_SHARD1_URL ?? '', env.CLICKHOUSE_SHARD2_URL ?? ''];
  for (const u of urls) {
    try {
      if (!(await fetch(`${u}/ping`)).ok) return null;
    } catch {
      return null;
    }
  }
  return urls;
}

async function ch(url: string, sql: string): Promise<void> {
  const send = () => fetch(`${url}/?query=${encodeURIComponent(sql)}`, { method: 'POST', body: '' });
  // A kept-alive connection the server closed while a child ran fails once: send again.
  const r = await send().catch(() => send());
  if (!r.ok) throw new Error(`${url}: ${await r.text()}`);
}

const COLS = 'y Float64, x1 Float64, x2 Float64, x3 Float64, g String, cl Int32';

async function main(): Promise<void> {
  if (flag('--child')) {
    const i = args.indexOf('--child');
    await child(args[i + 1]!, Number(args[i + 2]), args[i + 3]);
    return;
  }
  const sizes = (value('--rows') ?? '1000000,10000000').split(',').map(Number);
  const parquetRows = Number(value('--parquet-rows') ?? 50_000_000);
  const results: CaseResult[] = [];
  const load = () =>
    loadavg()
      .map((v) => v.toFixed(2))
      .join(' ');
  const loads: string[] = [`start ${load()}`];
  const urls = flag('--no-clickhouse') ? null : await clickhouseUrls();
  for (const n of sizes) {
    results.push(runChild('duckdb (in-process)', 'duckdb', n, '-'));
    if (urls) {
      for (const [k, url] of urls.entries()) {
        for (const t of ['bench_local', 'bench', 'bench_one', 'bench_all'])
          await ch(url, `DROP TABLE IF EXISTS ${t}`);
        await ch(url, `CREATE TABLE bench_local (${COLS}) ENGINE = MergeTree() ORDER BY tuple()`);
        await ch(url, `INSERT INTO bench_local ${clickhouseRows(n, `number % 2 = ${k}`)}`);
        await ch(
          url,
          'CREATE TABLE bench AS bench_local ENGINE = Distributed(verdeel, default, bench_local)',
        );
        if (k === 0) {
          await ch(url, `CREATE TABLE bench_all (${COLS}) ENGINE = MergeTree() ORDER BY tuple()`);
          await ch(url, `INSERT INTO bench_all ${clickhouseRows(n, '1')}`);
          await ch(
            url,
            'CREATE TABLE bench_one AS bench_all ENGINE = Distributed(verdeel_one, default, bench_all)',
          );
        }
      }
      // Alternated, so load changes hit both.
      results.push(runChild('clickhouse, 2 shards', 'clickhouse', n, `${urls[0]}|bench`));
      results.push(runChild('clickhouse, 1 shard', 'clickhouse', n, `${urls[0]}|bench_one`));
      for (const url of urls)
        for (const t of ['bench', 'bench_one', 'bench_local', 'bench_all'])
          await ch(url, `DROP TABLE IF EXISTS ${t}`);
    }
    loads.push(`after ${n} ${load()}`);
  }
  if (!flag('--no-parquet')) {
    const dir = mkdtempSync(join(tmpdir(), 'verdeel-bench-sql-'));
    const file = join(dir, 'households.parquet');
    try {
      const gen = `import { duckDbSource } from '${join(here, '../../src/glm/index.js').replace(/\\/g, '/')}';
const s = await duckDbSource({ memoryLimit: '1GB', threads: 2 });
await s.execute(\`COPY (SELECT y, x1, x2, x3 FROM (${duckdbRows(parquetRows).replace(/`/g, '\\`')})) TO '${file}' (FORMAT PARQUET, ROW_GROUP_SIZE 1000000)\`);
await s.close();`;
      writeFileSync(join(dir, 'gen.mts'), gen);
      execFileSync(process.execPath, ['--import', 'tsx', join(dir, 'gen.mts')], { stdio: 'inherit' });
      results.push(runChild('parquet, SQL path', 'parquet-sql', parquetRows, file, 256));
      results.push(runChild('parquet, pattern path', 'parquet-patterns', parquetRows, file, 256));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    loads.push(`after parquet ${load()}`);
  }
  const fmt = (x: number | null, d = 2) => (x === null || Number.isNaN(x) ? '—' : x.toFixed(d));
  console.log('| case | rows | ok | path | passes | time (s) | s/pass | peak RSS (MB) | note |');
  console.log('| --- | ---: | --- | --- | ---: | ---: | ---: | ---: | --- |');
  for (const r of results)
    console.log(
      `| ${r.case} | ${r.rows.toLocaleString('en')} | ${r.ok ? 'yes' : 'no'} | ${r.path ?? '—'} | ${r.passes ?? '—'} | ${fmt(r.seconds)} | ${fmt(r.secondsPerPass, 3)} | ${fmt(r.peakRssMb, 0)} | ${r.note} |`,
    );
  console.log(`\nload average (1/5/15 min): ${loads.join('; ')} on ${process.env.NPROC ?? 'this'} machine`);
  const json = value('--json');
  if (json) writeFileSync(json, `${JSON.stringify({ results, loads }, null, 2)}\n`);
}

await main();
