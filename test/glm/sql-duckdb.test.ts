/**
 * fitGlmSql on DuckDB (issue 15): every IRLS pass one aggregate query; the estimates and variances
 * equal the in-memory fit's. The proof case has continuous covariates (every pattern unique), a
 * 14-level factor, an interaction and cluster SEs; VERDEELMODEL_SLOW=1 runs it on 1,000,000 rows.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AliasingError,
  clickHouseSource,
  DataError,
  duckDbSource,
  EngineError,
  fitGlm,
  fitGlmSql,
  type SqlSource,
} from '../../src/glm/index.js';
import { maxRelDiff, rowsOf, type SqlTestData, sqlTestData } from './sql-data.js';

const N = process.env.VERDEELMODEL_SLOW ? 1_000_000 : 200_000;
let dir: string;
let source: SqlSource;
let data: SqlTestData;

function writeCsv(name: string, d: SqlTestData, n = d.n): string {
  const file = join(dir, `${name}.csv`);
  const lines = ['y,x1,x2,x3,g,cl,region,w'];
  for (const r of rowsOf(d, 0, n))
    lines.push(`${r.y},${r.x1},${r.x2},${r.x3},${r.g},${r.cl},${r.region},${r.w}`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const COLUMNS =
  "columns = {'y': 'DOUBLE', 'x1': 'DOUBLE', 'x2': 'DOUBLE', 'x3': 'DOUBLE', 'g': 'VARCHAR', 'cl': 'INTEGER', 'region': 'INTEGER', 'w': 'DOUBLE'}";

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'verdeel-sql-'));
  data = sqlTestData(N);
  source = await duckDbSource({ threads: 2 });
  await source.execute(
    `CREATE TABLE hh AS SELECT * FROM read_csv('${writeCsv('hh', data)}', header = true, ${COLUMNS})`,
  );
}, 120_000);

afterAll(async () => {
  await source?.close();
  rmSync(dir, { recursive: true, force: true });
});

const proofSpec = {
  family: 'binomial' as const,
  y: 'y',
  x: ['x1', 'x2', 'x3', 'g', 'x1:g'],
  clusters: ['cl'],
};

describe(`fitGlmSql on DuckDB, ${N.toLocaleString('en')} rows with unique patterns`, () => {
  it('gives the in-memory estimates within 1e-10 and cluster SEs within 1e-8, on the SQL path', async () => {
    const mem = fitGlm(
      { y: data.y, x1: data.x1, x2: data.x2, x3: data.x3, g: data.g, cl: data.cl },
      proofSpec,
    );
    const fit = await fitGlmSql(source, { ...proofSpec, table: 'hh' });
    expect(fit.glance().path).toBe('sql');
    expect(fit.glance().passes).toBeGreaterThanOrEqual(fit.iterations + 2);
    expect(fit.terms).toEqual(mem.terms);
    const cluster = maxRelDiff(mem.tidy({ vcov: 'cluster' }), fit.tidy({ vcov: 'cluster' }));
    expect(cluster.estimate).toBeLessThan(1e-10);
    expect(cluster.stdError).toBeLessThan(1e-8);
    for (const v of ['model', 'HC0', 'HC1'] as const)
      expect(maxRelDiff(mem.tidy({ vcov: v }), fit.tidy({ vcov: v })).stdError).toBeLessThan(1e-8);
    expect(fit.deviance).toBeCloseTo(mem.deviance, 6);
    expect(Math.abs(fit.nullDeviance - mem.nullDeviance) / mem.nullDeviance).toBeLessThan(1e-12);
    expect(Math.abs(fit.logLik! - mem.logLik!) / Math.abs(mem.logLik!)).toBeLessThan(1e-12);
    expect(fit.nobs).toBe(mem.nobs);
    expect(fit.nClusters).toBe(mem.nClusters);
    expect(() => fit.tidy({ vcov: 'HC3' })).toThrow(/SQL path keeps no per-row leverage/);
  }, 120_000);
});

describe('fitGlmSql on DuckDB, smaller models', () => {
  const n = 20_000;
  let small: SqlTestData;
  beforeAll(async () => {
    small = sqlTestData(n, 7);
    await source.execute(
      `CREATE TABLE small AS SELECT * FROM read_csv('${writeCsv('small', small)}', header = true, ${COLUMNS})`,
    );
  });
  const frame = () => ({
    y: small.y,
    x1: small.x1,
    x2: small.x2,
    x3: small.x3,
    g: small.g,
    cl: small.cl,
    region: small.region,
    w: small.w,
  });

  it('weights, two-way clusters and the intersection', async () => {
    const spec = {
      family: 'binomial' as const,
      y: 'y',
      x: ['x1', 'x3', 'g'],
      weights: 'w',
      clusters: ['cl', 'region'],
    };
    const mem = fitGlm(frame(), spec);
    const fit = await fitGlmSql(source, { ...spec, table: 'small', path: 'sql' });
    const twoWay = { type: 'cluster', cluster: ['cl', 'region'] } as const;
    const r = maxRelDiff(mem.tidy({ vcov: twoWay }), fit.tidy({ vcov: twoWay }));
    expect(r.estimate).toBeLessThan(1e-10);
    expect(r.stdError).toBeLessThan(1e-8);
    expect(maxRelDiff(mem.tidy({ vcov: 'cluster' }), fit.tidy({ vcov: 'cluster' })).stdError).toBeLessThan(
      1e-8,
    );
    expect(Math.abs(fit.logLik! - mem.logLik!) / Math.abs(mem.logLik!)).toBeLessThan(1e-12);
  }, 60_000);

  it('gaussian with an offset: dispersion, logLik and the null deviance (intercept refitted with the offset)', async () => {
    const spec = { family: 'gaussian' as const, y: 'x3', x: ['x1', 'g'], offset: 'y', weights: 'w' };
    const mem = fitGlm(frame(), spec);
    const fit = await fitGlmSql(source, { ...spec, table: 'small', path: 'sql' });
    const r = maxRelDiff(mem.tidy(), fit.tidy());
    expect(r.estimate).toBeLessThan(1e-10);
    expect(r.stdError).toBeLessThan(1e-8);
    expect(Math.abs(fit.dispersion - mem.dispersion) / mem.dispersion).toBeLessThan(1e-10);
    expect(Math.abs(fit.logLik! - mem.logLik!) / Math.abs(mem.logLik!)).toBeLessThan(1e-10);
    expect(Math.abs(fit.nullDeviance - mem.nullDeviance) / mem.nullDeviance).toBeLessThan(1e-10);
  }, 60_000);

  it('quasibinomial without an intercept', async () => {
    const spec = { family: 'quasibinomial' as const, y: 'y', x: ['x3', 'g'], intercept: false };
    const mem = fitGlm(frame(), spec);
    const fit = await fitGlmSql(source, { ...spec, table: 'small', path: 'sql' });
    const r = maxRelDiff(mem.tidy(), fit.tidy());
    expect(r.estimate).toBeLessThan(1e-10);
    expect(r.stdError).toBeLessThan(1e-8);
    expect(fit.logLik).toBeNull();
  }, 60_000);

  it("path 'auto' takes the patterns when the covariates collapse, and glance says so", async () => {
    const spec = { family: 'binomial' as const, y: 'y', x: ['g', 'region'], clusters: ['region'] };
    const mem = fitGlm(frame(), spec);
    const fit = await fitGlmSql(source, { ...spec, table: 'small' });
    expect(fit.glance().path).toBe('patterns');
    expect(fit.glance().passes).toBe(1);
    const r = maxRelDiff(mem.tidy({ vcov: 'cluster' }), fit.tidy({ vcov: 'cluster' }));
    expect(r.estimate).toBeLessThan(1e-10);
    expect(r.stdError).toBeLessThan(1e-8);
    const sql = await fitGlmSql(source, { ...spec, table: 'small', path: 'sql' });
    expect(sql.glance().path).toBe('sql');
    expect(maxRelDiff(fit.tidy({ vcov: 'cluster' }), sql.tidy({ vcov: 'cluster' })).stdError).toBeLessThan(
      1e-8,
    );
  }, 60_000);

  it("aliased columns: an error naming them, or dropped with aliased: 'drop' as in memory", async () => {
    await source.execute('CREATE TABLE aliased AS SELECT *, 2 * x1 + 1 AS x1b FROM small');
    const spec = { family: 'binomial' as const, y: 'y', x: ['x1', 'x1b', 'g'] };
    const err = await fitGlmSql(source, { ...spec, table: 'aliased', path: 'sql' }).catch((e) => e);
    expect(err).toBeInstanceOf(AliasingError);
    expect(err.code).toBe('aliased');
    expect(err.message).toMatch(/'x1b'/);
    const dropped = await fitGlmSql(source, { ...spec, table: 'aliased', path: 'sql', aliased: 'drop' });
    const mem = fitGlm(
      { ...frame(), x1b: Float64Array.from(small.x1, (v) => 2 * v + 1) },
      { ...spec, aliased: 'drop' },
    );
    expect(dropped.aliased).toEqual(['x1b']);
    expect(maxRelDiff(mem.tidy(), dropped.tidy()).estimate).toBeLessThan(1e-10);
  }, 60_000);
});

describe('fitGlmSql bad input: typed errors naming the table, column or engine', () => {
  beforeAll(async () => {
    await source.execute(
      "CREATE TABLE bad AS SELECT i, CAST(i % 2 AS DOUBLE) AS y, i / 100.0 AS x, CASE WHEN i = 7 THEN NULL ELSE i / 10.0 END AS xnull, 'a' || CAST(i % 3 AS VARCHAR) AS txt, DATE '2020-01-01' + CAST(i AS INTEGER) AS day, CASE WHEN i = 3 THEN -1.0 ELSE 1.0 END AS wneg FROM range(200) t(i)",
    );
  });
  const base = { family: 'binomial' as const, y: 'y', x: ['x'] };

  it('a table that does not exist', async () => {
    const e = await fitGlmSql(source, { ...base, table: 'no_such_table' }).catch((x) => x);
    expect(e).toBeInstanceOf(DataError);
    expect(e.code).toBe('missing-table');
    expect(e.message).toMatch(/table 'no_such_table' does not exist in duckdb/);
  });

  it('a column that does not exist', async () => {
    const e = await fitGlmSql(source, { ...base, x: ['x', 'nope'], table: 'bad' }).catch((x) => x);
    expect(e).toBeInstanceOf(DataError);
    expect(e.code).toBe('missing-column');
    expect(e.column).toBe('nope');
    expect(e.message).toMatch(/column 'nope' is not in table 'bad'/);
  });

  it('a column of the wrong type', async () => {
    const e = await fitGlmSql(source, { ...base, y: 'txt', table: 'bad' }).catch((x) => x);
    expect(e.code).toBe('invalid-value');
    expect(e.message).toMatch(/column 'txt' of table 'bad' has type VARCHAR; the response must be numeric/);
    const d = await fitGlmSql(source, { ...base, x: ['day'], table: 'bad' }).catch((x) => x);
    expect(d.code).toBe('invalid-value');
    expect(d.message).toMatch(/column 'day' .* has type DATE/);
  });

  it("nulls under na: 'error', and their count under 'omit'", async () => {
    const e = await fitGlmSql(source, { ...base, x: ['xnull'], table: 'bad' }).catch((x) => x);
    expect(e.code).toBe('missing-value');
    expect(e.message).toMatch(/column 'xnull' is missing on 1 row/);
    const fit = await fitGlmSql(source, { ...base, x: ['xnull'], table: 'bad', na: 'omit', path: 'sql' });
    expect(fit.nOmitted).toBe(1);
    expect(fit.nobs).toBe(199);
  });

  it('negative weights', async () => {
    const e = await fitGlmSql(source, { ...base, weights: 'wneg', table: 'bad' }).catch((x) => x);
    expect(e.code).toBe('out-of-range');
    expect(e.message).toMatch(/weight column 'wneg'/);
  });

  it('a query that runs past the timeout is interrupted, not left hanging', async () => {
    const slow = await duckDbSource({ timeoutMs: 50, threads: 1 });
    try {
      await slow.execute(
        'CREATE VIEW huge AS SELECT CAST(i % 2 AS DOUBLE) AS y, sqrt(i) AS x FROM range(2000000000) t(i)',
      );
      const e = await fitGlmSql(slow, { ...base, table: 'huge' }).catch((x) => x);
      expect(e).toBeInstanceOf(EngineError);
      expect(e.code).toBe('query-timeout');
      expect(e.message).toMatch(/DuckDB \(:memory:\) did not finish a query within 50 ms/);
    } finally {
      await slow.close();
    }
  }, 30_000);

  it('an engine that is down: ClickHouse at a closed port', async () => {
    const down = await clickHouseSource({ url: 'http://127.0.0.1:9', timeoutMs: 2000 });
    try {
      const e = await fitGlmSql(down, { ...base, table: 'hh' }).catch((x) => x);
      expect(e).toBeInstanceOf(EngineError);
      expect(e.code).toBe('engine-unavailable');
      expect(e.url).toBe('http://127.0.0.1:9');
      expect(e.message).toMatch(/ClickHouse at http:\/\/127\.0\.0\.1:9 is not reachable/);
    } finally {
      await down.close();
    }
  }, 30_000);

  it('a DuckDB database that cannot be opened', async () => {
    const e = await duckDbSource({ database: join(dir, 'no', 'such', 'dir', 'x.db') }).catch((x) => x);
    expect(e).toBeInstanceOf(EngineError);
    expect(e.code).toBe('engine-unavailable');
    expect(e.message).toMatch(/DuckDB could not open database/);
  });

  it('a query the engine rejects', async () => {
    const e = await source.execute('SELECT nonsense(').catch((x) => x);
    expect(e.code).toBe('query-failed');
  });
});
