import { missingValueError, negativeWeightError, responseRangeError } from '../data/validate.js';
import { DataError, SpecError } from '../errors.js';
import { loadDuckDb } from '../internal/platform.js';
import { estimate } from './estimate.js';
import { getFamily } from './family.js';
import { keyColumnsOf, type PatternKeyColumn, patternStatsOf, preparePatternRows } from './pattern-table.js';
import { type GlmSpec, resolveSpec } from './spec.js';
import { duckdbDialect } from './sql/dialect.js';
import type { GlmFit } from './types.js';

/** Options of {@link fitGlmDuckDb} besides the model spec. */
export interface DuckDbSourceOptions {
  /**
   * The household table: a Parquet or CSV file path (read with `read_parquet` / `read_csv_auto`,
   * globs allowed), a table or view name in `database`, or a `SELECT` query.
   */
  readonly source: string;
  /** DuckDB database file; the in-memory database when absent. @default ':memory:' */
  readonly database?: string;
  /** DuckDB's own memory limit, e.g. `'1GB'`; it spills to disk beyond it. @default DuckDB's default (80 % of RAM) */
  readonly memoryLimit?: string;
  /** DuckDB threads. @default DuckDB's default (all cores) */
  readonly threads?: number;
}

// One DuckDB dialect for identifiers and sources (files, queries, tables), shared with fitGlmSql.
const quote = duckdbDialect.ident;
const fromClause = duckdbDialect.from;

/**
 * Fit a GLM on a table larger than memory through DuckDB (embedded): one `GROUP BY` over the
 * covariate pattern (and cluster) computes the sufficient statistics in the database, out of
 * core, and the engine runs on the patterns. The estimates and every variance type equal those
 * of the in-memory fit; the engine never sees a household row.
 *
 * The same aggregate-then-iterate plan maps onto any distributed SQL engine (Spark, BigQuery,
 * Trino): the GROUP BY below is one distributed aggregation; IRLS then runs on the small pattern
 * table. Where patterns do not collapse, each IRLS iteration is itself one aggregation
 * (`SUM(w·x_j·x_k)`, `SUM(w·z·x_j)` with β passed as parameters), which the same engines run as
 * a single scan.
 *
 * Needs the optional peer dependency `@duckdb/node-api`.
 *
 * @example
 * ```ts
 * import { fitGlmDuckDb } from 'verdeelmodel/glm';
 * const fit = await fitGlmDuckDb({ source: 'households/*.parquet', family: 'binomial', y: 'receipt',
 *   x: ['hhtype', 'migration', 'age_50_aow'], clusters: ['municipality'], memoryLimit: '1GB' });
 * ```
 */
export async function fitGlmDuckDb(spec: GlmSpec & DuckDbSourceOptions): Promise<GlmFit> {
  const label = 'fitGlmDuckDb';
  const options = resolveSpec(spec, 'fitGlmDuckDb', ['source', 'database', 'memoryLimit']);
  const family = getFamily(options.family);
  let duckdb: typeof import('@duckdb/node-api');
  try {
    duckdb = await loadDuckDb();
  } catch (e) {
    if (e instanceof SpecError) throw e;
    throw new SpecError(
      'missing-dependency',
      `${label} needs the optional package @duckdb/node-api: npm install @duckdb/node-api`,
    );
  }
  const instance = await duckdb.DuckDBInstance.create(spec.database ?? ':memory:');
  const con = await instance.connect();
  try {
    if (spec.memoryLimit) await con.run(`SET memory_limit = '${spec.memoryLimit.replace(/'/g, '')}'`);
    if (spec.threads) await con.run(`SET threads = ${Math.max(1, Math.floor(spec.threads))}`);
    const from = fromClause(spec.source);
    const described = (await con.runAndReadAll(`DESCRIBE SELECT * FROM ${from}`)).getRowObjectsJS() as {
      column_name: string;
      column_type: string;
    }[];
    const types = new Map(described.map((d) => [d.column_name, d.column_type]));
    const names = [...types.keys()];
    const keys = keyColumnsOf(options, names);
    const y = quote(options.y);
    const w = options.weights ? `CAST(${quote(options.weights)} AS DOUBLE)` : '1.0';
    const used = [options.y, ...keys, ...(options.weights ? [options.weights] : []), ...options.clusters];
    for (const c of used)
      if (!types.has(c))
        throw new DataError(
          'missing-column',
          `${label}: column '${c}' is not in the source (columns: ${names.join(', ')})`,
          { column: c },
        );
    const complete = used.map((c) => `${quote(c)} IS NOT NULL`).join(' AND ');
    const counts = (
      await con.runAndReadAll(
        `SELECT COUNT(*)::DOUBLE AS n, ${used.map((c, j) => `COUNT(${quote(c)})::DOUBLE AS c${j}`).join(', ')},
        SUM(CASE WHEN ${complete} AND (CAST(${y} AS DOUBLE) < ${family.link === 'identity' ? "'-inf'::DOUBLE" : 0} OR CAST(${y} AS DOUBLE) > ${family.link === 'identity' ? "'inf'::DOUBLE" : 1}) THEN 1 ELSE 0 END)::DOUBLE AS bad_y,
        SUM(CASE WHEN ${complete} AND ${w} < 0 THEN 1 ELSE 0 END)::DOUBLE AS bad_w
       FROM ${from}`,
      )
    ).getRowObjectsJS()[0] as Record<string, number>;
    const total = counts.n!;
    let nOmitted = 0;
    used.forEach((c, j) => {
      const missing = total - counts[`c${j}`]!;
      if (missing > 0 && options.na === 'error')
        throw missingValueError({ label, column: c, count: missing });
    });
    if (options.na === 'omit') {
      nOmitted = (
        (
          await con.runAndReadAll(`SELECT COUNT(*)::DOUBLE AS n FROM ${from} WHERE NOT (${complete})`)
        ).getRowObjectsJS()[0] as { n: number }
      ).n;
    }
    if (counts.bad_y! > 0)
      throw responseRangeError(
        { label, column: options.y, count: counts.bad_y! },
        'a value',
        family.link === 'identity' ? 'finite' : 'in [0, 1]',
      );
    if (counts.bad_w! > 0)
      throw negativeWeightError({ label, column: options.weights!, count: counts.bad_w! }, 'negative');

    const yd = `CAST(${y} AS DOUBLE)`;
    const keySelect = keys.map((k, j) => {
      const t = types.get(k)!;
      const numeric = /INT|DOUBLE|FLOAT|DECIMAL|REAL|NUMERIC|BOOLEAN/i.test(t);
      return numeric ? `CAST(${quote(k)} AS DOUBLE) AS k${j}` : `CAST(${quote(k)} AS VARCHAR) AS k${j}`;
    });
    const clusterSelect = options.clusters.map((c, j) => `CAST(${quote(c)} AS VARCHAR) AS cl${j}`);
    const groupCols = [...keys.map((_, j) => `k${j}`), ...options.clusters.map((_, j) => `cl${j}`)];
    const sql = `SELECT ${[...groupCols].join(', ')}${groupCols.length ? ',' : ''}
        COUNT(*)::DOUBLE AS n, SUM(w) AS sw, SUM(w * y) AS swy, SUM(w * y * y) AS swy2, SUM(w * w) AS sw2,
        SUM(w * w * y) AS sw2y, SUM(w * w * y * y) AS sw2y2,
        SUM(w * (CASE WHEN y > 0 THEN y * ln(y) ELSE 0 END + CASE WHEN y < 1 THEN (1 - y) * ln(1 - y) ELSE 0 END)) AS sent,
        SUM(lgamma(round(w) + 1) - lgamma(round(w * y) + 1) - lgamma(round(w) - round(w * y) + 1)) AS lch,
        SUM(round(w)) AS srw, SUM(round(w * y)) AS srwy, SUM(ln(w)) AS slw
      FROM (SELECT ${[...keySelect, ...clusterSelect, `${yd} AS y`, `${w} AS w`].join(', ')} FROM ${from} WHERE ${complete}) t
      WHERE w > 0
      ${groupCols.length ? `GROUP BY ${groupCols.join(', ')} ORDER BY ${groupCols.join(', ')}` : ''}`;
    const result = (await con.runAndReadAll(sql)).getColumnsObjectJS() as Record<
      string,
      (number | string | boolean | null)[]
    >;
    const keyColumns: PatternKeyColumn[] = keys.map((k, j) => {
      const vals = result[`k${j}`]!;
      const t = types.get(k)!;
      if (typeof vals[0] === 'string') {
        const levels = [...new Set(vals as string[])].sort();
        const index = new Map(levels.map((l, i) => [l, i]));
        return {
          name: k,
          values: Int32Array.from(vals as string[], (v) => index.get(v)!),
          levels,
          logical: false,
        };
      }
      return {
        name: k,
        values: Float64Array.from(vals as number[]),
        levels: null,
        logical: /BOOLEAN/i.test(t),
      };
    });
    const clusterCodes = options.clusters.map((_, j) => {
      const ids = new Map<string, number>();
      return Int32Array.from(result[`cl${j}`] as string[], (v) => {
        const c = ids.get(v) ?? ids.size;
        ids.set(v, c);
        return c;
      });
    });
    const col = (name: string) => Float64Array.from(result[name] as number[]);
    const table = {
      keys: keyColumns,
      clusterCodes,
      stats: patternStatsOf(col),
      nOmitted,
    };
    return estimate(preparePatternRows(table, options, family, label, 'glm'));
  } finally {
    con.closeSync();
    instance.closeSync();
  }
}
