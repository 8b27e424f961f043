/**
 * fitGlmSql on a sharded ClickHouse cluster (issue 15): two clickhouse-server processes started by
 * scripts/clickhouse-cluster.sh, a MergeTree table on each shard and a Distributed table over both.
 * Each pass is one aggregation the shards compute on their own rows; the estimates and cluster SEs
 * equal the in-memory fit's. Skips, saying why, when the cluster is not running.
 */
import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clickHouseSource,
  DataError,
  EngineError,
  fitGlm,
  fitGlmSql,
  type SqlSource,
} from '../../src/glm/index.js';
import { maxRelDiff, rowsOf, type SqlTestData, sqlTestData } from './sql-data.js';

const N = process.env.VERDEELMODEL_SLOW ? 1_000_000 : 100_000;

function clusterUrls(): [string, string] | null {
  const dir =
    process.env.CLICKHOUSE_CLUSTER_DIR ?? join(process.env.TMPDIR ?? tmpdir(), 'verdeelmodel-clickhouse');
  const file = join(dir, 'env');
  if (!existsSync(file)) return null;
  const env = new Map(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] as const),
  );
  const a = env.get('CLICKHOUSE_SHARD1_URL');
  const b = env.get('CLICKHOUSE_SHARD2_URL');
  return a && b ? [a, b] : null;
}

async function up(url: string): Promise<boolean> {
  try {
    const r = await fetch(`${url}/ping`, { signal: AbortSignal.timeout(2000) });
    return r.ok;
  } catch {
    return false;
  }
}

const urls = clusterUrls();
const running = urls !== null && (await up(urls[0])) && (await up(urls[1]));
if (!running)
  console.warn(
    'sql-clickhouse tests skipped: no ClickHouse cluster is running (install the Debian package clickhouse-server, then scripts/clickhouse-cluster.sh start; .ci/run does both)',
  );

/** Run a statement on one shard's HTTP endpoint, on a fresh connection (no kept-alive socket the server may have closed). */
function command(url: string, sql: string, body?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/?query=${encodeURIComponent(sql)}`,
      { method: 'POST', agent: false, headers: { 'content-length': Buffer.byteLength(body ?? '') } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          text += c;
        });
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`${url}: ${text}`))));
      },
    );
    req.on('error', reject);
    req.end(body ?? '');
  });
}

// Per-run table names: several test runs on one machine may share the cluster.
const T = `hh15_${process.pid}`;
const TABLE = 'y Float64, x1 Float64, x2 Float64, x3 Float64, g String, cl Int32, region Int32, w Float64';

describe.runIf(running)(`fitGlmSql on a 2-shard ClickHouse cluster, ${N.toLocaleString('en')} rows`, () => {
  let data: SqlTestData;
  let source: SqlSource;
  const split = [0, 0];
  beforeAll(async () => {
    data = sqlTestData(N, 16);
    // Rows go to the shards by a hash of the row number: an uneven split, as rand() sharding gives.
    const shardOf = (i: number) => (Math.imul(i + 1, 2654435761) >>> 0) % 2;
    for (const [k, url] of urls!.entries()) {
      await command(url, `DROP TABLE IF EXISTS ${T}`);
      await command(url, `DROP TABLE IF EXISTS ${T}_local`);
      await command(url, `DROP TABLE IF EXISTS ${T}_nulls`);
      await command(url, `CREATE TABLE ${T}_local (${TABLE}) ENGINE = MergeTree() ORDER BY tuple()`);
      await command(
        url,
        `CREATE TABLE ${T} AS ${T}_local ENGINE = Distributed(verdeel, default, ${T}_local)`,
      );
      const rows = rowsOf(data, 0, N, (i) => shardOf(i) === k);
      split[k] = rows.length;
      for (let from = 0; from < rows.length; from += 200_000)
        await command(
          url,
          `INSERT INTO ${T}_local FORMAT JSONEachRow`,
          rows
            .slice(from, from + 200_000)
            .map((r) => JSON.stringify(r))
            .join('\n'),
        );
    }
    source = await clickHouseSource({ url: urls![0] });
  }, 300_000);
  afterAll(async () => {
    await source?.close();
    if (urls)
      for (const url of urls)
        for (const t of [T, `${T}_local`, `${T}_nulls`])
          await command(url, `DROP TABLE IF EXISTS ${t}`).catch(() => undefined);
  });

  it('the Distributed table holds both shards', async () => {
    const rows = await source.execute(`SELECT toFloat64(count()) AS n FROM ${T}`);
    expect(rows[0]!.n).toBe(N);
    expect(split[0]! > 0.4 * N && split[1]! > 0.4 * N).toBe(true);
  });

  it('gives the in-memory estimates within 1e-10 and cluster SEs within 1e-8', async () => {
    const spec = {
      family: 'binomial' as const,
      y: 'y',
      x: ['x1', 'x2', 'x3', 'g'],
      clusters: ['cl'],
    };
    // Reference converged tightly (see sql-duckdb.test.ts: the default stops ~1e-8 from the MLE at 1M rows).
    const mem = fitGlm(
      { y: data.y, x1: data.x1, x2: data.x2, x3: data.x3, g: data.g, cl: data.cl },
      { ...spec, epsilon: 1e-15, warmStart: false, maxIterations: 100 },
    );
    const fit = await fitGlmSql(source, { ...spec, table: T, path: 'sql' });
    expect(fit.glance().path).toBe('sql');
    expect(fit.terms).toEqual(mem.terms);
    const r = maxRelDiff(mem.tidy({ vcov: 'cluster' }), fit.tidy({ vcov: 'cluster' }), true);
    expect(r.estimate).toBeLessThan(1e-10);
    expect(r.stdError).toBeLessThan(1e-8);
    expect(maxRelDiff(mem.tidy({ vcov: 'HC1' }), fit.tidy({ vcov: 'HC1' })).stdError).toBeLessThan(1e-8);
    expect(Math.abs(fit.logLik! - mem.logLik!) / Math.abs(mem.logLik!)).toBeLessThan(1e-12);
    expect(fit.nClusters).toBe(300);
  }, 300_000);

  it('two-way clusters, weights, and the pattern path on the cluster', async () => {
    const spec = {
      family: 'binomial' as const,
      y: 'y',
      x: ['x3', 'g'],
      weights: 'w',
      clusters: ['cl', 'region'],
    };
    const mem = fitGlm(
      { y: data.y, x3: data.x3, g: data.g, cl: data.cl, region: data.region, w: data.w },
      spec,
    );
    const fit = await fitGlmSql(source, { ...spec, table: T, path: 'sql' });
    const twoWay = { type: 'cluster', cluster: ['cl', 'region'] } as const;
    const r = maxRelDiff(mem.tidy({ vcov: twoWay }), fit.tidy({ vcov: twoWay }));
    expect(r.estimate).toBeLessThan(1e-10);
    expect(r.stdError).toBeLessThan(1e-8);
    const pspec = { family: 'binomial' as const, y: 'y', x: ['g'], clusters: ['region'] };
    const pmem = fitGlm({ y: data.y, g: data.g, region: data.region }, pspec);
    const pat = await fitGlmSql(source, { ...pspec, table: T });
    expect(pat.glance().path).toBe('patterns');
    expect(maxRelDiff(pmem.tidy({ vcov: 'cluster' }), pat.tidy({ vcov: 'cluster' })).stdError).toBeLessThan(
      1e-8,
    );
  }, 300_000);

  it('bad input: a missing table, a missing column, nulls, a timeout', async () => {
    const base = { family: 'binomial' as const, y: 'y', x: ['x1'] };
    const t = await fitGlmSql(source, { ...base, table: 'no_such_table' }).catch((e) => e);
    expect(t).toBeInstanceOf(DataError);
    expect(t.code).toBe('missing-table');
    expect(t.message).toMatch(/table 'no_such_table' does not exist in clickhouse at http/);
    const c = await fitGlmSql(source, { ...base, x: ['nope'], table: T }).catch((e) => e);
    expect(c.code).toBe('missing-column');
    expect(c.message).toMatch(new RegExp(`column 'nope' is not in table '${T}'`));
    await command(
      urls![0],
      `CREATE TABLE ${T}_nulls (y Float64, x1 Nullable(Float64)) ENGINE = MergeTree() ORDER BY tuple()`,
    );
    await command(urls![0], `INSERT INTO ${T}_nulls VALUES (0, 1), (1, NULL), (1, 2), (0, 3)`);
    const nulls = await fitGlmSql(source, { ...base, table: `${T}_nulls` }).catch((e) => e);
    expect(nulls.code).toBe('missing-value');
    expect(nulls.message).toMatch(/column 'x1' is missing on 1 row/);
    const quick = await clickHouseSource({ url: urls![0], timeoutMs: 1 });
    try {
      const e = await quick
        .execute('SELECT count() FROM numbers(100000000000) WHERE sipHash64(number) % 7 = 3')
        .catch((x) => x);
      expect(e).toBeInstanceOf(EngineError);
      expect(e.code).toBe('query-timeout');
      expect(e.message).toMatch(/ClickHouse at http:\/\/127\.0\.0\.1:\d+ did not finish a query within 1 ms/);
    } finally {
      await quick.close();
    }
  }, 120_000);
});
