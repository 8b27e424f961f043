import { EngineError, SpecError } from '../../errors.js';
import { loadOptional } from '../../internal/optional.js';
import { checkOptions, integerIn } from '../../internal/options.js';
import { loadClickHouse, loadDuckDb } from '../../internal/platform.js';
import { clickhouseDialect, type Dialect, duckdbDialect } from './dialect.js';

/** A row of a query result: column name to value. */
export type SqlRow = Record<string, unknown>;

/**
 * Where {@link fitGlmSql} runs its queries: an executor (SQL text in, rows out) and the dialect
 * it speaks. {@link duckDbSource} and {@link clickHouseSource} make one; any engine with an
 * executor and one of the dialects can be plugged in.
 */
export interface SqlSource {
  readonly dialect: Dialect;
  /** Engine name and where it runs, for error messages (`'clickhouse'`, `'http://127.0.0.1:8123'`). */
  readonly engine: string;
  readonly url: string;
  /** Run one query and return its rows; rejects with an {@link EngineError} (or a DataError) on failure. */
  execute(sql: string): Promise<SqlRow[]>;
  /** Release the connection. */
  close(): Promise<void>;
}

/** Options of {@link duckDbSource}. */
export interface DuckDbSourceConfig {
  /** Database file; the in-memory database when absent. @default ':memory:' */
  readonly database?: string;
  /** DuckDB's memory limit, e.g. `'1GB'` (it spills to disk beyond it). @default DuckDB's default */
  readonly memoryLimit?: string;
  /** DuckDB threads. @default all cores */
  readonly threads?: number;
  /** Longest a query may run before it is interrupted (milliseconds). @default 600000 */
  readonly timeoutMs?: number;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * An embedded DuckDB database as a {@link SqlSource} (needs the optional peer `@duckdb/node-api`).
 * Tables are table names in `database`, Parquet/CSV paths (globs allowed) or a `SELECT`.
 *
 * @example
 * ```ts
 * import { duckDbSource } from 'verdeelmodel/glm';
 * const source = await duckDbSource({ memoryLimit: '1GB', timeoutMs: 60_000 });
 * const rows = await source.execute('SELECT 42 AS answer'); // [{ answer: 42 }]
 * await source.close();
 * ```
 */
export async function duckDbSource(config: DuckDbSourceConfig = {}): Promise<SqlSource> {
  checkOptions(config, ['database', 'memoryLimit', 'threads', 'timeoutMs'], 'duckDbSource');
  const timeoutMs = integerIn(config.timeoutMs ?? 600_000, 1, 86_400_000, 'timeoutMs', 'duckDbSource');
  const duckdb = await loadOptional('@duckdb/node-api', 'duckDbSource', loadDuckDb);
  const url = config.database ?? ':memory:';
  let instance: Awaited<ReturnType<typeof duckdb.DuckDBInstance.create>>;
  try {
    instance = await duckdb.DuckDBInstance.create(url);
  } catch (e) {
    throw new EngineError('engine-unavailable', `DuckDB could not open database '${url}': ${messageOf(e)}`, {
      engine: 'duckdb',
      url,
      cause: e,
    });
  }
  const con = await instance.connect();
  if (config.memoryLimit) await con.run(`SET memory_limit = '${config.memoryLimit.replace(/'/g, '')}'`);
  if (config.threads) await con.run(`SET threads = ${Math.max(1, Math.floor(config.threads))}`);
  return {
    dialect: duckdbDialect,
    engine: 'duckdb',
    url,
    async execute(sql) {
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        con.interrupt();
      }, timeoutMs);
      try {
        const reader = await con.runAndReadAll(sql);
        return reader.getRowObjectsJS() as SqlRow[];
      } catch (e) {
        if (timedOut)
          throw new EngineError(
            'query-timeout',
            `DuckDB (${url}) did not finish a query within ${timeoutMs} ms and it was interrupted; raise timeoutMs or give DuckDB more memory/threads`,
            { engine: 'duckdb', url, cause: e },
          );
        throw new EngineError('query-failed', `DuckDB (${url}) rejected a query: ${messageOf(e)}`, {
          engine: 'duckdb',
          url,
          cause: e,
        });
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      con.closeSync();
      instance.closeSync();
    },
  };
}

/** Options of {@link clickHouseSource}. */
export interface ClickHouseSourceConfig {
  /** HTTP endpoint of the server that receives the queries (for a cluster: any node with the Distributed table). */
  readonly url: string;
  /** @default 'default' */
  readonly database?: string;
  /** @default 'default' */
  readonly username?: string;
  /** @default '' */
  readonly password?: string;
  /** Longest a query may run: the server's max_execution_time and the HTTP request timeout (milliseconds). @default 600000 */
  readonly timeoutMs?: number;
}

/**
 * A ClickHouse server (or cluster, through a Distributed table) as a {@link SqlSource}, over HTTP with
 * the official client (needs the optional peer `@clickhouse/client`). Each IRLS pass is one
 * aggregation that every shard computes on its own rows; only the sums travel.
 *
 * @example
 * ```ts
 * import { clickHouseSource, fitGlmSql } from 'verdeelmodel/glm';
 * declare const url: string; // e.g. 'http://127.0.0.1:8123'
 * const source = await clickHouseSource({ url });
 * const fit = await fitGlmSql(source, { table: 'households', family: 'binomial', y: 'receipt', x: ['age'], clusters: ['municipality'] });
 * await source.close();
 * ```
 */
export async function clickHouseSource(config: ClickHouseSourceConfig): Promise<SqlSource> {
  checkOptions(config, ['url', 'database', 'username', 'password', 'timeoutMs'], 'clickHouseSource');
  if (typeof config.url !== 'string' || config.url === '')
    throw new SpecError(
      'invalid-option',
      'clickHouseSource: url must be the HTTP endpoint, e.g. http://127.0.0.1:8123',
      {
        option: 'url',
      },
    );
  const timeoutMs = integerIn(config.timeoutMs ?? 600_000, 1, 86_400_000, 'timeoutMs', 'clickHouseSource');
  const ch = await loadOptional('@clickhouse/client', 'clickHouseSource', loadClickHouse);
  const url = config.url.replace(/\/+$/, '');
  const client = ch.createClient({
    url,
    database: config.database ?? 'default',
    username: config.username ?? 'default',
    password: config.password ?? '',
    request_timeout: timeoutMs + 1000,
    // Failures reach the caller as EngineErrors; the client's own log would print them twice.
    log: { level: ch.ClickHouseLogLevel.OFF },
    clickhouse_settings: {
      // The pass queries carry the design as SQL text; 18.16's default limit is 256 KiB.
      max_query_size: '16777216',
      max_execution_time: Math.max(1, Math.ceil(timeoutMs / 1000)),
    },
  });
  const fail = (e: unknown): EngineError => {
    const m = messageOf(e);
    const code = (e as { code?: unknown })?.code;
    if (
      code === 'ECONNREFUSED' ||
      code === 'ENOTFOUND' ||
      code === 'EHOSTUNREACH' ||
      code === 'ECONNRESET' ||
      /ECONNREFUSED|ENOTFOUND|socket hang up|connect/i.test(m)
    )
      return new EngineError(
        'engine-unavailable',
        `ClickHouse at ${url} is not reachable (${m}); start the server or check the url`,
        { engine: 'clickhouse', url, cause: e },
      );
    if (/timeout|Code: 159|TIMEOUT_EXCEEDED/i.test(m))
      return new EngineError(
        'query-timeout',
        `ClickHouse at ${url} did not finish a query within ${timeoutMs} ms (${m}); raise timeoutMs`,
        { engine: 'clickhouse', url, cause: e },
      );
    return new EngineError('query-failed', `ClickHouse at ${url} rejected a query: ${m}`, {
      engine: 'clickhouse',
      url,
      cause: e,
    });
  };
  return {
    dialect: clickhouseDialect,
    engine: 'clickhouse',
    url,
    async execute(sql) {
      try {
        const rs = await client.query({ query: sql, format: 'JSONEachRow' });
        return (await rs.json()) as SqlRow[];
      } catch (e) {
        throw fail(e);
      }
    },
    async close() {
      await client.close();
    },
  };
}
