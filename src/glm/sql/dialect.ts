/**
 * SQL dialects of the SQL-IRLS fit: quoting, type classes, function names, and how one pass over the
 * rows is written as a single aggregate query. DuckDB nests the per-row quantities in subqueries;
 * ClickHouse 18.16 loses aliases and subqueries when it sends a query to the shards of a Distributed
 * table (the shards would ship rows, not sums), so its queries are one flat SELECT with the per-row
 * quantities inlined and the p × p cross-products gathered by one `sumForEach` over an array.
 */

/** Engine type families a column can have. */
export type TypeClass = 'float' | 'integer' | 'text' | 'boolean' | 'other';

/** A per-row quantity: its name and SQL, written with `ref` for the quantities before it. */
export interface RowValue {
  readonly name: string;
  readonly sql: (ref: (name: string) => string) => string;
}

/** What one pass sums: cross-products d_i·d_j·weight, vectors d_j·weight, and scalars, optionally per group. */
export interface PassAggregates {
  /** Design column names (row values) in order: d[0] … d[p−1]. */
  readonly design: readonly string[];
  /** Pairs (i, j) of design columns and the row value weighting each cross-product sum. */
  readonly pairs: {
    readonly i: readonly number[];
    readonly j: readonly number[];
    readonly weight: string;
  } | null;
  /** Row values w whose vectors Σ w·d_j (every j) are summed. */
  readonly vectors: readonly string[];
  /** Row values summed as they are. */
  readonly scalars: readonly string[];
  /** Row values (text) to group by; none = one total row. */
  readonly groupBy: readonly string[];
}

/** The sums of one pass, read back in the order asked. */
export interface PassResult {
  readonly keys: readonly string[];
  readonly pairs: Float64Array;
  readonly vectors: readonly Float64Array[];
  readonly scalars: Float64Array;
}

export interface RenderedQuery {
  readonly sql: string;
  read(row: Record<string, unknown>): PassResult;
}

export interface Dialect {
  readonly name: 'duckdb' | 'clickhouse';
  ident(name: string): string;
  text(value: string): string;
  /** A double literal that parses back to exactly `x` (the shortest round-trip exponent form). */
  num(x: number): string;
  /** The FROM target for a table name (or, on DuckDB, a Parquet/CSV path). */
  from(table: string): string;
  describe(from: string): string;
  /** Column name and type from a row of {@link describe}. */
  describedColumn(row: Record<string, unknown>): { name: string; type: string };
  typeClass(type: string): TypeClass;
  toDouble(expr: string): string;
  toText(expr: string): string;
  isNaN(expr: string): string;
  isInf(expr: string): string;
  /** CASE WHEN … THEN … ELSE … END. */
  ifElse(cond: string, then: string, otherwise: string): string;
  countAsDouble(expr?: string): string;
  sum(expr: string): string;
  avg(expr: string): string;
  stddev(expr: string): string;
  approxDistinct(expr: string): string;
  lgamma(expr: string): string;
  /** One pass: the row values (in order) over `from` where `where`, and the sums of `agg`. */
  pass(from: string, where: string, rows: readonly RowValue[], agg: PassAggregates): RenderedQuery;
  /** Whether an engine error message says that the table does not exist. */
  isMissingTable(message: string): boolean;
}

/** Shortest exponent form: `toExponential()` without digits round-trips; both engines read it as a double. */
function doubleLiteral(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  return x.toExponential();
}

function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string') {
    if (v === 'inf' || v === '+inf') return Number.POSITIVE_INFINITY;
    if (v === '-inf') return Number.NEGATIVE_INFINITY;
    if (v === 'nan' || v === '-nan') return Number.NaN;
    return Number(v);
  }
  if (v === null || v === undefined) return 0;
  return Number(v);
}

function keyText(v: unknown): string {
  return v === null || v === undefined ? '' : String(v);
}

export const duckdbDialect: Dialect = {
  name: 'duckdb',
  ident: (name) => `"${name.replace(/"/g, '""')}"`,
  text: (value) => `'${value.replace(/'/g, "''")}'`,
  num: doubleLiteral,
  from(table) {
    const s = table.trim();
    if (/^select\s/i.test(s) || /^with\s/i.test(s)) return `(${s})`;
    const literal = `'${s.replace(/'/g, "''")}'`;
    if (/\.parquet$/i.test(s) || s.includes('*')) return `read_parquet(${literal})`;
    if (/\.(csv|tsv)(\.gz)?$/i.test(s)) return `read_csv_auto(${literal})`;
    return s
      .split('.')
      .map((p) => `"${p.replace(/"/g, '""')}"`)
      .join('.');
  },
  describe: (from) => `DESCRIBE SELECT * FROM ${from}`,
  describedColumn: (row) => ({ name: String(row.column_name), type: String(row.column_type) }),
  typeClass(type) {
    const t = type.toUpperCase();
    if (/^(DOUBLE|FLOAT|REAL|FLOAT4|FLOAT8|DECIMAL|NUMERIC)/.test(t)) return 'float';
    if (/^(U?TINYINT|U?SMALLINT|U?INTEGER|U?BIGINT|U?HUGEINT|INT\d*|UINT\d*)/.test(t)) return 'integer';
    if (/^(VARCHAR|TEXT|STRING|ENUM)/.test(t)) return 'text';
    if (t === 'BOOLEAN' || t === 'BOOL') return 'boolean';
    return 'other';
  },
  toDouble: (e) => `CAST(${e} AS DOUBLE)`,
  toText: (e) => `CAST(${e} AS VARCHAR)`,
  isNaN: (e) => `isnan(${e})`,
  isInf: (e) => `isinf(${e})`,
  ifElse: (c, a, b) => `CASE WHEN ${c} THEN ${a} ELSE ${b} END`,
  countAsDouble: (e) => (e ? `CAST(COUNT(${e}) AS DOUBLE)` : 'CAST(COUNT(*) AS DOUBLE)'),
  // Kahan-compensated sums: the result does not depend on the order DuckDB's threads add rows in.
  sum: (e) => `fsum(${e})`,
  avg: (e) => `avg(${e})`,
  stddev: (e) => `stddev_pop(${e})`,
  approxDistinct: (e) => `CAST(approx_count_distinct(${e}) AS DOUBLE)`,
  lgamma: (e) => `lgamma(${e})`,
  pass(from, where, rows, agg) {
    const names = new Map<string, string>();
    rows.forEach((r, k) => {
      names.set(r.name, `_v${k}`);
    });
    const ref = (name: string) => {
      const n = names.get(name);
      if (n === undefined) throw new Error(`internal: unknown row value ${name}`);
      return n;
    };
    // One nesting level per row value: each may use the ones before it.
    let inner = `SELECT * FROM ${from} WHERE ${where}`;
    for (const r of rows) inner = `SELECT *, ${r.sql(ref)} AS ${ref(r.name)} FROM (${inner})`;
    const select: string[] = agg.groupBy.map((g, k) => `${ref(g)} AS k${k}`);
    const d = agg.design.map(ref);
    const np = agg.pairs ? agg.pairs.i.length : 0;
    if (agg.pairs) {
      const w = ref(agg.pairs.weight);
      for (let k = 0; k < np; k++)
        select.push(`fsum(${w} * ${d[agg.pairs.i[k]!]} * ${d[agg.pairs.j[k]!]}) AS p${k}`);
    }
    agg.vectors.forEach((v, m) => {
      const w = ref(v);
      d.forEach((dj, j) => {
        select.push(`fsum(${w} * ${dj}) AS v${m}_${j}`);
      });
    });
    agg.scalars.forEach((s, k) => {
      select.push(`fsum(${ref(s)}) AS s${k}`);
    });
    const group = agg.groupBy.length ? ` GROUP BY ${agg.groupBy.map((_, k) => `k${k}`).join(', ')}` : '';
    const sql = `SELECT ${select.join(', ')} FROM (${inner})${group}`;
    return {
      sql,
      read(row) {
        return {
          keys: agg.groupBy.map((_, k) => keyText(row[`k${k}`])),
          pairs: Float64Array.from({ length: np }, (_, k) => toNumber(row[`p${k}`])),
          vectors: agg.vectors.map((_, m) => Float64Array.from(d, (_, j) => toNumber(row[`v${m}_${j}`]))),
          scalars: Float64Array.from(agg.scalars, (_, k) => toNumber(row[`s${k}`])),
        };
      },
    };
  },
  isMissingTable: (m) =>
    /Catalog Error: Table|does not exist|No files found|Table with name .* does not exist/i.test(m),
};

function unwrapClickHouse(type: string): string {
  let t = type.trim();
  for (;;) {
    const m = /^(Nullable|LowCardinality)\((.*)\)$/.exec(t);
    if (!m) return t;
    t = m[2]!;
  }
}

export const clickhouseDialect: Dialect = {
  name: 'clickhouse',
  ident: (name) => `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``,
  text: (value) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`,
  num: doubleLiteral,
  from: (table) =>
    table
      .trim()
      .split('.')
      .map((p) => `\`${p.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``)
      .join('.'),
  describe: (from) => `DESCRIBE TABLE ${from}`,
  describedColumn: (row) => ({ name: String(row.name), type: String(row.type) }),
  typeClass(type) {
    const t = unwrapClickHouse(type);
    if (/^(Float32|Float64|Decimal)/.test(t)) return 'float';
    if (/^U?Int(8|16|32|64)$/.test(t)) return 'integer';
    if (/^(String|FixedString|Enum8|Enum16|Enum)/.test(t)) return 'text';
    if (t === 'Bool') return 'boolean';
    return 'other';
  },
  toDouble: (e) => `toFloat64(${e})`,
  toText: (e) => `toString(${e})`,
  isNaN: (e) => `isNaN(${e})`,
  isInf: (e) => `isInfinite(${e})`,
  ifElse: (c, a, b) => `if(${c}, ${a}, ${b})`,
  countAsDouble: (e) => (e ? `toFloat64(count(${e}))` : 'toFloat64(count())'),
  // Plain sums: sumKahan's state crashes a 18.16 server when merged across shards.
  sum: (e) => `sum(${e})`,
  avg: (e) => `avg(${e})`,
  stddev: (e) => `stddevPop(${e})`,
  approxDistinct: (e) => `toFloat64(uniq(${e}))`,
  lgamma: (e) => `lgamma(${e})`,
  pass(from, where, rows, agg) {
    // Values up to η are written inline; those after it (μ, weights, deviance, …) in one lambda
    // whose parameters are the values it reads, so η's text appears once in the query (18.16
    // analyses a query in time superlinear in its size, and lambdas inside aggregates cannot
    // capture columns).
    const outer = new Map<string, string>();
    const refOuter = (name: string) => {
      const s = outer.get(name);
      if (s === undefined) throw new Error(`internal: unknown row value ${name}`);
      return s;
    };
    // Constant values are written bare: 18.16 names a constant array differently on the shards
    // ('array(1.)') and the initiator ('[1.]'), so none may reach a lambda as an argument.
    const literal = /^-?[0-9.]+(e[-+]?[0-9]+)?$/i;
    const constant = new Set<string>();
    let k = 0;
    for (; k < rows.length; k++) {
      const r = rows[k]!;
      const text = r.sql(refOuter);
      if (literal.test(text)) constant.add(r.name);
      outer.set(r.name, literal.test(text) ? text : `(${text})`);
      if (r.name === 'eta') {
        k++;
        break;
      }
    }
    const params: string[] = [];
    const paramOf = new Map<string, string>();
    const inner = new Map<string, string>();
    const refInner = (name: string) => {
      const i = inner.get(name);
      if (i !== undefined) return i;
      if (!outer.has(name)) throw new Error(`internal: unknown row value ${name}`);
      if (constant.has(name)) return outer.get(name)!;
      let q = paramOf.get(name);
      if (q === undefined) {
        q = `p${params.length}`;
        params.push(name);
        paramOf.set(name, q);
      }
      return q;
    };
    for (; k < rows.length; k++) inner.set(rows[k]!.name, `(${rows[k]!.sql(refInner)})`);
    const needed = [...(agg.pairs ? [agg.pairs.weight] : []), ...agg.vectors, ...agg.scalars];
    const slot = new Map<string, number>();
    const body: string[] = [];
    for (const n of needed) {
      if (slot.has(n)) continue;
      slot.set(n, body.length + 1);
      body.push(`toFloat64(${refInner(n)})`);
    }
    const V =
      params.length === 0
        ? `[${body.join(', ')}]`
        : `arrayMap((${params.map((_, i) => `p${i}`).join(', ')}) -> [${body.join(', ')}], ${params.map((n) => `[${outer.get(n)}]`).join(', ')})[1]`;
    const d = agg.design.map(refOuter);
    const A: string[] = [];
    const B: string[] = [];
    const M: number[] = [];
    const np = agg.pairs ? agg.pairs.i.length : 0;
    if (agg.pairs) {
      const m = slot.get(agg.pairs.weight)!;
      for (let q = 0; q < np; q++) {
        A.push(d[agg.pairs.i[q]!]!);
        B.push(d[agg.pairs.j[q]!]!);
        M.push(m);
      }
    }
    for (const v of agg.vectors) {
      const m = slot.get(v)!;
      for (const dj of d) {
        A.push(dj);
        B.push('1e0');
        M.push(m);
      }
    }
    for (const sc of agg.scalars) {
      A.push('1e0');
      B.push('1e0');
      M.push(slot.get(sc)!);
    }
    const select: string[] = agg.groupBy.map((g, q) => `${refOuter(g)} AS k${q}`);
    // One array of sums; sent as text, since a non-finite sum would be a bare inf/nan in JSON.
    select.push(
      `arrayMap(s -> toString(s), sumForEach(arrayMap((a, b, m, v) -> a * b * v[m], [${A.join(', ')}], [${B.join(', ')}], [${M.join(', ')}], replicate(${V}, [${M.join(', ')}])))) AS sums`,
    );
    const group = agg.groupBy.length ? ` GROUP BY ${agg.groupBy.map((g) => refOuter(g)).join(', ')}` : '';
    const sql = `SELECT ${select.join(', ')} FROM ${from} WHERE ${where}${group}`;
    const nv = d.length;
    return {
      sql,
      read(row) {
        const all = Array.isArray(row.sums) ? row.sums : [];
        const at = (q: number) => toNumber(all[q]);
        let o = 0;
        const pairs = Float64Array.from({ length: np }, (_, q) => at(o + q));
        o += np;
        const vectors = agg.vectors.map((_, m) =>
          Float64Array.from({ length: nv }, (_, j) => at(o + m * nv + j)),
        );
        o += agg.vectors.length * nv;
        const scalars = Float64Array.from(agg.scalars, (_, q) => at(o + q));
        return { keys: agg.groupBy.map((_, q) => keyText(row[`k${q}`])), pairs, vectors, scalars };
      },
    };
  },
  isMissingTable: (m) => /Code: 60|UNKNOWN_TABLE|Table .* doesn't exist|Code: 81|UNKNOWN_DATABASE/i.test(m),
};
