import { toFrame } from '../data/frame.js';
import {
  missingValueError,
  negativeWeightError,
  notFiniteError,
  responseRangeError,
} from '../data/validate.js';
import {
  AliasingError,
  ConvergenceError,
  DataError,
  EngineError,
  SeparationError,
  SpecError,
} from '../errors.js';
import { integerIn, oneOf } from '../internal/options.js';
import { choleskyInverse, choleskyScaled, choleskySolve } from '../linalg/symmetric.js';
import { buildLayout, type DesignLayout } from './design.js';
import { defaultClusterCount, estimate, withViews } from './estimate.js';
import { type Family, getFamily } from './family.js';
import { relativeStep } from './irls.js';
import { clusterSetsOf } from './model-frame.js';
import { keyColumnsOf, type PatternKeyColumn, patternStatsOf, preparePatternRows } from './pattern-table.js';
import { type GlmSpec, resolveSpec } from './spec.js';
import type { Dialect, PassAggregates, PassResult, RowValue, TypeClass } from './sql/dialect.js';
import type { SqlSource } from './sql/source.js';
import { clusterMeats } from './statistics.js';
import type { GlmFit, GlmFitData, SqlRunInfo } from './types.js';

/** Options of {@link fitGlmSql} besides the model spec. */
export interface SqlFitOptions {
  /** Table (or view) to fit on; on DuckDB also a Parquet/CSV path (globs allowed) or a `SELECT`. */
  readonly table: string;
  /**
   * `'sql'`: every IRLS pass is one aggregate query (X'WX, X'Wz, deviance), so only p × p numbers
   * leave the engine. `'patterns'`: one GROUP BY over the covariate patterns, then the engine runs on
   * them (pays when the covariates collapse). `'auto'` takes the patterns when their count, bounded
   * from the distinct values of each key column, is at most a quarter of the rows and at most 2,000,000.
   * @default 'auto'
   */
  readonly path?: 'auto' | 'sql' | 'patterns';
  /** Most levels a categorical column may have. @default 10000 */
  readonly maxLevels?: number;
}

const LABEL = 'fitGlmSql';
const BOUNDARY = 1e-8;
const EPS = 2.220446049250313e-16;
/** Most level combinations of the factors the passes group by. */
const MAX_GROUPS = 5000;
const SPEC_KEYS = ['table', 'path', 'maxLevels'] as const;

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A numeric unit of the design: a product of numeric columns (and level indicators of factors that
 * are not grouped), centred and scaled in SQL. Every design column is a unit times the indicator of
 * the levels it needs of the grouped factors.
 */
interface Unit {
  /** SQL of the raw product; '1e0' for the constant. */
  readonly raw: string;
  readonly constant: boolean;
  /** Centred (pure numeric columns of a model with an intercept) or only scaled. */
  readonly centred: boolean;
  centre: number;
  scale: number;
}

interface DesignColumn {
  readonly name: string;
  readonly term: number;
  /** Levels this column needs of the grouped factors (indices into `grouped`). */
  readonly reqs: readonly { readonly f: number; readonly level: string }[];
  readonly unit: number;
  /**
   * The column a centred unit is centred against: the intercept for a numeric term, the column of
   * the same levels for an interaction with factors (x'_j = (x_j − c·x_base)/s spans the same space); −1 = none.
   */
  readonly base: number;
}

/** The design as SQL: the factors the passes group by, the units they sum, and the columns. */
interface SqlDesign {
  readonly grouped: readonly string[];
  readonly units: readonly Unit[];
  readonly cols: readonly DesignColumn[];
}

/** Timed query runner: counts the passes over the table. */
class Runner {
  readonly passSeconds: number[] = [];
  constructor(readonly source: SqlSource) {}
  async rows(sql: string) {
    return this.source.execute(sql);
  }
  async pass(
    from: string,
    where: string,
    rows: readonly RowValue[],
    agg: PassAggregates,
  ): Promise<PassResult[]> {
    const q = this.source.dialect.pass(from, where, rows, agg);
    const t0 = performance.now();
    const out = await this.source.execute(q.sql);
    this.passSeconds.push((performance.now() - t0) / 1000);
    return out.map((r) => q.read(r));
  }
}

/**
 * Fit a GLM where the data live, in a SQL engine: the IRLS loop runs here, and every pass over the
 * rows is one aggregate query that the engine computes (X'WX and X'Wz with the design's dummies and
 * interactions written in SQL, and the deviance), so only p × p numbers leave the engine. The last
 * pass gathers the sandwich meat and, `GROUP BY` the cluster columns, the cluster score sums: the
 * result is the same {@link GlmFit} as the in-memory fit, with the model, HC0/HC1 and one- and
 * two-way cluster variances (HC2/HC3 and Newey–West need per-row leverage or scores and are not
 * kept). Factor levels are read once (`SELECT DISTINCT`); numeric design columns are centred and
 * scaled in SQL for a well-conditioned X'WX, and the estimates are mapped back. Where the covariate
 * patterns collapse (`path: 'auto'`), one `GROUP BY` over the patterns is used instead; `glance()`
 * says which path ran (`path`) and how many passes (`passes`). The queries, and how they read on
 * Spark SQL and Trino, are in docs/sql-irls.md.
 *
 * Families: binomial, quasibinomial and gaussian on the SQL path; probit only on the pattern path.
 * On ClickHouse the same query runs on a `Distributed` table: each shard sums its rows.
 *
 * @example
 * ```ts
 * import { duckDbSource, fitGlmSql } from 'verdeelmodel/glm';
 * const source = await duckDbSource();
 * await source.execute("CREATE TABLE hh AS SELECT (i % 7) / 7.0 AS age, CASE WHEN i % 3 = 0 THEN 'a' ELSE 'b' END AS kind, CAST(hash(i) % 5 < 2 AS INTEGER) AS y, i % 10 AS town FROM range(2000) t(i)");
 * const fit = await fitGlmSql(source, { table: 'hh', family: 'binomial', y: 'y', x: ['age', 'kind'], clusters: ['town'], path: 'sql' });
 * fit.tidy({ vcov: 'cluster' });
 * await source.close();
 * ```
 */
export async function fitGlmSql(source: SqlSource, spec: GlmSpec & SqlFitOptions): Promise<GlmFit> {
  if (source == null || typeof source.execute !== 'function' || source.dialect == null)
    throw new SpecError(
      'invalid-option',
      `${LABEL}: source must be a SQL source (duckDbSource(), clickHouseSource(), or { dialect, execute, … })`,
      { option: 'source' },
    );
  const options = resolveSpec(spec, LABEL, SPEC_KEYS);
  const path = oneOf(spec.path ?? 'auto', ['auto', 'sql', 'patterns'], 'path', LABEL);
  const maxLevels = integerIn(spec.maxLevels ?? 10_000, 1, 10_000_000, 'maxLevels', LABEL);
  if (typeof spec.table !== 'string' || spec.table.trim() === '')
    throw new SpecError('invalid-option', `${LABEL}: table must name the table to fit on`, {
      option: 'table',
    });
  const family = getFamily(options.family);
  const d = source.dialect;
  const runner = new Runner(source);
  const table = spec.table;
  const from = d.from(table);
  const where = `${source.engine} at ${source.url}`;

  // Columns and their types.
  let described: { name: string; type: string }[];
  try {
    described = (await runner.rows(d.describe(from))).map((r) => d.describedColumn(r));
  } catch (e) {
    if (e instanceof EngineError && e.code === 'query-failed' && d.isMissingTable(e.message))
      throw new DataError('missing-table', `${LABEL}: table '${table}' does not exist in ${where}`, {
        cause: e,
      });
    throw e;
  }
  const types = new Map(described.map((c) => [c.name, d.typeClass(c.type)]));
  const rawTypes = new Map(described.map((c) => [c.name, c.type]));
  const names = [...types.keys()];
  const keyNames = (() => {
    try {
      return keyColumnsOf(options, names);
    } catch (e) {
      if (e instanceof DataError && e.code === 'missing-column')
        throw new DataError(
          'missing-column',
          `${LABEL}: column '${e.column}' is not in table '${table}' (${where}; columns: ${names.join(', ')})`,
          { column: e.column! },
        );
      throw e;
    }
  })();
  const used = [
    ...new Set([options.y, ...keyNames, ...(options.weights ? [options.weights] : []), ...options.clusters]),
  ];
  for (const c of used)
    if (!types.has(c))
      throw new DataError(
        'missing-column',
        `${LABEL}: column '${c}' is not in table '${table}' (${where}; columns: ${names.join(', ')})`,
        { column: c },
      );
  const numericType = (t: TypeClass) => t === 'float' || t === 'integer';
  const mustBeNumeric = [options.y, options.weights, options.offset].filter((c): c is string => c !== null);
  for (const c of mustBeNumeric) {
    const t = types.get(c)!;
    if (!numericType(t) && !(c === options.y && t === 'boolean'))
      throw new DataError(
        'invalid-value',
        `${LABEL}: column '${c}' of table '${table}' has type ${rawTypes.get(c)}; the ${c === options.y ? 'response' : c === options.weights ? 'weights' : 'offset'} must be numeric`,
        { column: c },
      );
  }
  for (const c of keyNames)
    if (types.get(c) === 'other')
      throw new DataError(
        'invalid-value',
        `${LABEL}: column '${c}' of table '${table}' has type ${rawTypes.get(c)}; a term must be numeric, text or boolean`,
        { column: c },
      );
  const id = (c: string) => d.ident(c);
  const isFloat = (c: string) => types.get(c) === 'float';

  // Missing values: NULL, and NaN in floating-point columns (as the in-memory fit reads them).
  const present = (c: string) => `${id(c)} IS NOT NULL${isFloat(c) ? ` AND NOT ${d.isNaN(id(c))}` : ''}`;
  const complete = used.map((c) => `(${present(c)})`).join(' AND ');
  const countSql = `SELECT ${d.countAsDouble()} AS n, ${used
    .map((c, j) => `${d.sum(d.ifElse(present(c), '1e0', '0e0'))} AS c${j}`)
    .join(', ')}, ${d.sum(d.ifElse(complete, '1e0', '0e0'))} AS ok FROM ${from}`;
  const counts = (await runner.rows(countSql))[0] ?? {};
  const num = (v: unknown) => (typeof v === 'number' ? v : Number(v ?? 0));
  const total = num(counts.n);
  used.forEach((c, j) => {
    const missing = total - num(counts[`c${j}`]);
    if (missing > 0 && options.na === 'error')
      throw missingValueError({ label: LABEL, column: c, count: missing });
  });
  const nOmitted = total - num(counts.ok);

  const yd = d.toDouble(id(options.y));
  const wd = options.weights ? d.toDouble(id(options.weights)) : '1e0';
  const factorCols = keyNames.filter((c) => !numericType(types.get(c)!));

  // Levels of the categorical columns, read once.
  const levels = new Map<string, string[]>();
  for (const c of factorCols) {
    const rows = await runner.rows(
      `SELECT DISTINCT ${d.toText(id(c))} AS v FROM ${from} WHERE ${complete} LIMIT ${maxLevels + 1}`,
    );
    const lv = rows.map((r) => String(r.v)).sort(compareStrings);
    if (lv.length > maxLevels)
      throw new DataError(
        'too-large',
        `${LABEL}: column '${c}' of table '${table}' has more than ${maxLevels} levels; raise maxLevels or use it as a number`,
        { column: c },
      );
    levels.set(c, lv);
  }
  // The layout (terms, names, references) exactly as the in-memory fit builds it, from a frame
  // holding each level once.
  const len = Math.max(1, ...[...levels.values()].map((l) => l.length));
  const frameColumns: Record<string, unknown> = Object.create(null);
  for (const c of keyNames) {
    const lv = levels.get(c);
    frameColumns[c] = lv
      ? { codes: Int32Array.from({ length: len }, (_, i) => i % Math.max(1, lv.length)), levels: lv }
      : new Float64Array(len);
  }
  const layout = buildLayout(toFrame(frameColumns as never), options.x, {
    intercept: options.intercept,
    reference: options.reference,
    keep: null,
  });
  // Factors the passes GROUP BY (fewest levels first, while their level combinations stay few);
  // any others become indicator columns in SQL.
  const grouped: string[] = [];
  let combos = 1;
  for (const f of Object.keys(layout.factors).sort(
    (a, b) => layout.factors[a]!.levels.length - layout.factors[b]!.levels.length,
  )) {
    const k = layout.factors[f]!.levels.length;
    if (combos * k > MAX_GROUPS) break;
    grouped.push(f);
    combos *= k;
  }
  const design = designOf(layout, grouped, d, id, options.intercept);

  // Checks on the complete rows, the column ranges for centring, and the bound on the patterns.
  const positive = options.weights ? `(${wd}) > 0` : '1 = 1';
  const whenPositive = (e: string) => d.ifElse(positive, e, 'NULL');
  const floatUsed = used.filter(isFloat);
  const yRange = family.link === 'identity' ? '1 = 0' : `(${yd}) < 0 OR (${yd}) > 1`;
  const numericKeys = keyNames.filter((c) => numericType(types.get(c)!));
  const stats: string[] = [
    `${d.sum(d.ifElse(positive, '1e0', '0e0'))} AS nobs`,
    `${d.sum(d.ifElse(`${positive} AND (${yRange})`, '1e0', '0e0'))} AS bad_y`,
    `${d.sum(d.ifElse(`(${wd}) < 0`, '1e0', '0e0'))} AS bad_w`,
    `${d.sum(whenPositive(wd))} AS sw`,
    `${d.sum(whenPositive(`(${wd}) * (${yd})`))} AS swy`,
    ...floatUsed.map((c, j) => `${d.sum(d.ifElse(d.isInf(id(c)), '1e0', '0e0'))} AS inf${j}`),
    ...design.units.flatMap((u, j) =>
      u.constant
        ? []
        : [
            `${d.avg(whenPositive(u.raw))} AS m${j}`,
            `min(${whenPositive(u.raw)}) AS lo${j}`,
            `max(${whenPositive(u.raw)}) AS hi${j}`,
          ],
    ),
    ...numericKeys.map((c, j) => `${d.approxDistinct(id(c))} AS nd${j}`),
    ...options.clusters.map((c, j) => `${d.approxDistinct(d.toText(id(c)))} AS cd${j}`),
  ];
  const st = (await runner.rows(`SELECT ${stats.join(', ')} FROM ${from} WHERE ${complete}`))[0] ?? {};
  floatUsed.forEach((c, j) => {
    const k = num(st[`inf${j}`]);
    if (k > 0) throw notFiniteError({ label: LABEL, column: c, count: k }, '±Infinity');
  });
  if (num(st.bad_y) > 0)
    throw responseRangeError(
      { label: LABEL, column: options.y, count: num(st.bad_y) },
      'a value',
      family.link === 'identity' ? 'finite' : 'in [0, 1]',
    );
  if (num(st.bad_w) > 0)
    throw negativeWeightError({ label: LABEL, column: options.weights!, count: num(st.bad_w) }, 'negative');
  const nobs = num(st.nobs);
  if (nobs === 0)
    throw new DataError(
      'empty',
      `${LABEL}: table '${table}' has no rows with complete values and positive weight`,
    );
  const sw = num(st.sw);
  const swy = num(st.swy);
  if (family.link !== 'identity' && (swy === 0 || swy === sw))
    throw new DataError(
      'zero-variance',
      `${LABEL}: response '${options.y}' is ${swy === 0 ? 0 : 1} on every row; there is nothing to model`,
      { column: options.y },
    );

  // Which path: the patterns when they collapse.
  let bound = 1;
  for (const c of factorCols) bound *= Math.max(1, levels.get(c)!.length);
  numericKeys.forEach((_, j) => {
    bound *= Math.max(1, num(st[`nd${j}`]));
  });
  options.clusters.forEach((_, j) => {
    bound *= Math.max(1, num(st[`cd${j}`]));
  });
  const collapse = bound <= nobs / 4 && bound <= 2_000_000;
  const usePatterns = path === 'patterns' || (path === 'auto' && collapse);
  if (!usePatterns && family.link === 'probit')
    throw new SpecError(
      'invalid-option',
      `${LABEL}: the probit family runs on the pattern path only (SQL engines lack a common normal CDF); pass path: 'patterns' when the covariates collapse, or use family 'binomial'`,
      { option: 'family' },
    );
  if (usePatterns) {
    const fit = await patternFit(runner, from, complete, options, family, keyNames, types, nOmitted);
    return withRunInfo(fit, {
      path: 'patterns',
      engine: source.engine,
      passes: runner.passSeconds.length,
      passSeconds: runner.passSeconds,
    });
  }

  // Centre and scale the units: well-conditioned sums, mapped back exactly after the fit.
  design.units.forEach((u, j) => {
    if (u.constant) return;
    const lo = num(st[`lo${j}`]);
    const hi = num(st[`hi${j}`]);
    const mean = num(st[`m${j}`]);
    if (lo < hi && u.centred) {
      u.centre = mean;
      u.scale = Math.max(Math.abs(hi - mean), Math.abs(lo - mean));
    } else {
      u.centre = 0;
      const m = Math.max(Math.abs(lo), Math.abs(hi));
      u.scale = m > 0 ? m : 1;
    }
  });
  const ctx: PassContext = {
    d,
    runner,
    from,
    where: `${complete} AND ${positive}`,
    family,
    y: yd,
    w: wd,
    offset: options.offset ? d.toDouble(id(options.offset)) : null,
    clusters: options.clusters.map((c) => d.toText(id(c))),
    intercept: options.intercept,
    design,
  };
  const P = layout.columnNames.length;
  const all = Array.from({ length: P }, (_, j) => j);
  if (nobs <= P)
    throw new DataError(
      'too-few-rows',
      `${LABEL}: ${nobs} rows with positive weight for ${P} coefficients; the fit needs more rows than coefficients`,
    );
  // Aliasing from X'WX at the start values, as the in-memory fit checks it.
  const first = await irlsPass(ctx, all, null);
  let active = all;
  let aliased: string[] = [];
  const al = choleskyScaled(first.xtwx, P, 1e-10).aliased;
  if (al.length > 0) {
    aliased = al.map((j) => layout.columnNames[j]!);
    if (options.aliased === 'error') {
      const many = aliased.length > 1;
      throw new AliasingError(
        'aliased',
        `${LABEL}: design column${many ? 's' : ''} ${aliased.map((a) => `'${a}'`).join(', ')} ${many ? 'are' : 'is'} a linear combination of earlier columns (or constant zero); remove ${many ? 'them' : 'it'} from x, or pass aliased: 'drop' to drop ${many ? 'them' : 'it'} as R does`,
        { terms: aliased },
      );
    }
    const drop = new Set(al);
    active = all.filter((j) => !drop.has(j));
  }
  const result = await runIrlsSql(ctx, active, first, options.maxIterations, options.epsilon);
  const p = active.length;
  const terms = active.map((j) => layout.columnNames[j]!);
  if (!result.converged)
    throw new ConvergenceError(
      'no-convergence',
      `${LABEL}: IRLS did not converge in ${result.iterations} iterations (last relative deviance change ${result.lastChange.toExponential(2)}); raise maxIterations or rescale the regressors`,
      { iterations: result.iterations, lastChange: result.lastChange },
    );
  if (family.link !== 'identity' && result.boundaryRows > 0)
    throw new SeparationError(
      'separation',
      `${LABEL}: separation — ${result.boundaryRows} row(s) have fitted probabilities of 0 or 1 at convergence; merge the sparse level(s) with a neighbouring level, or drop the term that predicts them perfectly`,
      { terms: [], perfectlyPredicted: result.boundaryRows },
    );

  // Final pass: meat, Pearson χ², log-likelihood and null deviance; then the cluster score sums.
  const ybar = swy / sw;
  const fin = await finalPass(ctx, active, result.betaScaled, ybar);
  let clusterScores: Float64Array | null = null;
  let clusterCodes: Int32Array[] = [];
  if (options.clusters.length > 0) {
    const cs = await clusterPass(ctx, active, result.betaScaled);
    clusterScores = cs.scores;
    clusterCodes = cs.codes;
  }
  let nullDev = fin.nullDeviance;
  if (options.offset && options.intercept) nullDev = await nullDevianceWithOffset(ctx, ybar);

  // Back to the user's columns: x'_j = (x_j − c_j)/s_j, so β = Mᵀβ', bread = Mᵀ B' M, and the
  // scores s = N s' with N = M⁻¹ (meat N meat' Nᵀ).
  const { M, N } = transformOf(design, active);
  const betaActive = Float64Array.from(active, (j) => result.betaScaled[j]!);
  const beta = mulTv(M, betaActive, p);
  const breadScaled = choleskyInverse(choleskyScaled(sub(result.xtwx, active, P), p, 0));
  const bread = congruence(M, breadScaled, p, true);
  const meat = congruence(N, sub(fin.meat, active, P), p, false);
  if (clusterScores) {
    const G = clusterScores.length / p;
    const tmp = new Float64Array(p);
    for (let g = 0; g < G; g++) {
      for (let a = 0; a < p; a++) {
        let s = 0;
        for (let b = 0; b < p; b++) s += N[a * p + b]! * clusterScores[g * p + b]!;
        tmp[a] = s;
      }
      clusterScores.set(tmp, g * p);
    }
  }
  const sets = clusterSetsOf(clusterCodes, options.clusters, LABEL);
  const dfResidual = nobs - p;
  const dispersion = family.estimatedDispersion ? fin.pearson / dfResidual : 1;
  let logLik: number | null = null;
  if (family.rFamily === 'binomial') logLik = fin.logLik;
  else if (family.rFamily === 'gaussian')
    logLik = -0.5 * nobs * (Math.log((2 * Math.PI * fin.deviance) / nobs) + 1) + 0.5 * fin.sumLogW;
  if (family.link === 'identity' && nullDev > 0 && fin.deviance <= 1e-24 * nullDev)
    throw new DataError(
      'perfect-fit',
      `${LABEL}: response '${options.y}' is an exact linear combination of the terms, so the residuals and standard errors are rounding noise; remove the term that reproduces the response`,
      { column: options.y },
    );
  const fit = {
    kind: 'glm',
    family: options.family,
    link: family.link,
    terms,
    coefficients: Array.from(beta),
    options,
    nobs,
    nOmitted,
    dfResidual,
    deviance: fin.deviance,
    patterns: null,
    threads: 1,
    nullDeviance: nullDev,
    logLik,
    dispersion,
    iterations: result.iterations,
    converged: true,
    aliased,
    nClusters: null as number | null,
    bread: Array.from(bread),
    meat: Array.from(meat),
    meatHC2: null,
    meatHC3: null,
    leverageNote:
      'the SQL path keeps no per-row leverage; fit in memory (or on the pattern path) for HC2/HC3',
    scores: null,
    clusterMeats: clusterMeats(clusterScores, p, sets.clusterSets),
    layout,
    sql: {
      path: 'sql',
      engine: source.engine,
      passes: runner.passSeconds.length,
      passSeconds: runner.passSeconds,
    },
  } satisfies GlmFitData as unknown as GlmFit;
  (fit as { nClusters: number | null }).nClusters = defaultClusterCount(fit);
  return withViews(fit, { label: LABEL, evaluation: null });
}

/** The active rows and columns of a P × P matrix. */
function sub(m: Float64Array, active: readonly number[], P: number): Float64Array {
  const p = active.length;
  const out = new Float64Array(p * p);
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) out[a * p + b] = m[active[a]! * P + active[b]!]!;
  return out;
}

function withRunInfo(fit: GlmFit, info: SqlRunInfo): GlmFit {
  (fit as { sql?: SqlRunInfo }).sql = info;
  return fit;
}

/** Mᵀ v. */
function mulTv(m: Float64Array, v: Float64Array, p: number): Float64Array {
  const out = new Float64Array(p);
  for (let a = 0; a < p; a++) {
    let s = 0;
    for (let b = 0; b < p; b++) s += m[b * p + a]! * v[b]!;
    out[a] = s;
  }
  return out;
}

/** Mᵀ A M (transposeFirst) or M A Mᵀ. */
function congruence(m: Float64Array, a: Float64Array, p: number, transposeFirst: boolean): Float64Array {
  const at = (i: number, j: number) => (transposeFirst ? m[j * p + i]! : m[i * p + j]!);
  const tmp = new Float64Array(p * p);
  for (let i = 0; i < p; i++)
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let k = 0; k < p; k++) s += at(i, k) * a[k * p + j]!;
      tmp[i * p + j] = s;
    }
  const out = new Float64Array(p * p);
  for (let i = 0; i < p; i++)
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let k = 0; k < p; k++) s += tmp[i * p + k]! * at(j, k);
      out[i * p + j] = s;
    }
  for (let i = 0; i < p; i++)
    for (let j = 0; j < i; j++) {
      const s = 0.5 * (out[i * p + j]! + out[j * p + i]!);
      out[i * p + j] = s;
      out[j * p + i] = s;
    }
  return out;
}

/**
 * The design as SQL, column for column in the layout's order (earlier factors vary fastest, as
 * model.matrix): grouped factors become level requirements, everything else a unit.
 */
function designOf(
  layout: DesignLayout,
  grouped: readonly string[],
  d: Dialect,
  id: (c: string) => string,
  intercept: boolean,
): SqlDesign {
  const units: Unit[] = [];
  const unitIndex = new Map<string, number>();
  const unitOf = (parts: readonly string[], centred: boolean) => {
    const raw = parts.length === 0 ? '1e0' : parts.map((s) => `(${s})`).join(' * ');
    const key = `${centred ? 'c' : 's'}|${raw}`;
    let k = unitIndex.get(key);
    if (k === undefined) {
      k = units.length;
      unitIndex.set(key, k);
      units.push({ raw, constant: parts.length === 0, centred, centre: 0, scale: 1 });
    }
    return k;
  };
  const cols: DesignColumn[] = [];
  const pending: { name: string; term: number; reqs: { f: number; level: string }[]; sql: string[] }[] = [];
  if (layout.intercept)
    cols.push({ name: '(Intercept)', term: -1, reqs: [], unit: unitOf([], false), base: -1 });
  const reqKey = (reqs: readonly { f: number; level: string }[]) =>
    reqs
      .map((q) => `${q.f}=${q.level}`)
      .sort()
      .join('\u0000');
  // Columns with a constant unit, by their level requirements: the bases for centring.
  const bases = new Map<string, number>();
  if (layout.intercept) bases.set('', 0);
  layout.terms.forEach((term, t) => {
    type Partial = { name: string; sql: string[]; reqs: { f: number; level: string }[] };
    let parts: Partial[] = [{ name: '', sql: [], reqs: [] }];
    term.parts.forEach((part, k) => {
      const sep = k === 0 ? '' : ':';
      if (part.kind === 'numeric') {
        const s = d.toDouble(id(part.column));
        parts = parts.map((c) => ({ ...c, name: `${c.name}${sep}${part.column}`, sql: [...c.sql, s] }));
        return;
      }
      const f = grouped.indexOf(part.column);
      const next: Partial[] = [];
      for (const lvl of layout.factors[part.column]!.dummies) {
        for (const c of parts) {
          const name = `${c.name}${sep}${part.column}[${lvl}]`;
          if (f >= 0) next.push({ name, sql: c.sql, reqs: [...c.reqs, { f, level: lvl }] });
          else
            next.push({
              name,
              sql: [...c.sql, d.ifElse(`${d.toText(id(part.column))} = ${d.text(lvl)}`, '1e0', '0e0')],
              reqs: c.reqs,
            });
        }
      }
      parts = next;
    });
    parts.forEach((c, k) => {
      if (c.name !== term.columnNames[k])
        throw new Error(`internal: design column ${c.name} ≠ ${term.columnNames[k]}`);
      if (c.sql.length === 0) bases.set(reqKey(c.reqs), cols.length);
      pending.push({ name: c.name, term: t, reqs: c.reqs, sql: c.sql });
      cols.push({ name: c.name, term: t, reqs: c.reqs, unit: -1, base: -1 });
    });
  });
  // A unit is centred when every column using it has a base; otherwise it is only scaled.
  const canCentre = new Map<string, boolean>();
  pending.forEach((c) => {
    if (c.sql.length === 0) return;
    const key = c.sql.join('*');
    const ok = bases.has(reqKey(c.reqs));
    canCentre.set(key, (canCentre.get(key) ?? true) && ok);
  });
  const offset = layout.intercept ? 1 : 0;
  pending.forEach((c, k) => {
    const centred = c.sql.length > 0 && canCentre.get(c.sql.join('*')) === true;
    cols[k + offset] = {
      name: c.name,
      term: c.term,
      reqs: c.reqs,
      unit: unitOf(c.sql, centred),
      base: centred ? bases.get(reqKey(c.reqs))! : -1,
    };
  });
  void intercept;
  return { grouped, units, cols };
}

interface PassContext {
  readonly d: Dialect;
  readonly runner: Runner;
  readonly from: string;
  readonly where: string;
  readonly family: Family;
  readonly y: string;
  readonly w: string;
  readonly offset: string | null;
  readonly clusters: readonly string[];
  readonly intercept: boolean;
  readonly design: SqlDesign;
}

/** Row values shared by every pass: the grouped factors, the scaled units, y, w, offset, η and μ. */
function baseRows(ctx: PassContext, beta: Float64Array | null): RowValue[] {
  const { d, family, design } = ctx;
  const rows: RowValue[] = [
    { name: 'y', sql: () => ctx.y },
    { name: 'w', sql: () => ctx.w },
    { name: 'off', sql: () => ctx.offset ?? '0e0' },
  ];
  ctx.clusters.forEach((c, k) => {
    rows.push({ name: `k${k}`, sql: () => c });
  });
  design.grouped.forEach((f, k) => {
    rows.push({ name: `f${k}`, sql: () => d.toText(d.ident(f)) });
  });
  design.units.forEach((u, m) => {
    const sql =
      u.centre === 0 && u.scale === 1 ? u.raw : `((${u.raw}) - ${d.num(u.centre)}) / ${d.num(u.scale)}`;
    rows.push({ name: `u${m}`, sql: () => sql });
  });
  const logit = family.link === 'logit';
  if (beta === null) {
    // The family's starting values, as R's glm.fit: μ = (wy + 1/2)/(w + 1), or y.
    if (logit) {
      rows.push({ name: 'mu', sql: (r) => `(${r('w')} * ${r('y')} + 5e-1) / (${r('w')} + 1e0)` });
      rows.push({ name: 'eta', sql: (r) => `ln(${r('mu')} / (1e0 - ${r('mu')}))` });
    } else {
      rows.push({ name: 'eta', sql: (r) => r('y') });
      rows.push({ name: 'mu', sql: (r) => r('eta') });
    }
  } else {
    rows.push({ name: 'eta', sql: (r) => etaSql(ctx, beta, r) });
    if (logit) {
      // R's logit linkinv with its clamps at |η| > 30.
      rows.push({
        name: 'mu',
        sql: (r) =>
          d.ifElse(
            `${r('eta')} < -3e1`,
            d.num(EPS / (1 + EPS)),
            d.ifElse(
              `${r('eta')} > 3e1`,
              d.num(1 / EPS / (1 + 1 / EPS)),
              `exp(${r('eta')}) / (1e0 + exp(${r('eta')}))`,
            ),
          ),
      });
    } else rows.push({ name: 'mu', sql: (r) => r('eta') });
  }
  if (logit) {
    rows.push({
      name: 'me',
      sql: (r) =>
        d.ifElse(
          `abs(${r('eta')}) > 3e1`,
          d.num(EPS),
          `exp(${r('eta')}) / ((1e0 + exp(${r('eta')})) * (1e0 + exp(${r('eta')})))`,
        ),
    });
    rows.push({ name: 'v', sql: (r) => `${r('mu')} * (1e0 - ${r('mu')})` });
  } else {
    rows.push({ name: 'me', sql: () => '1e0' });
    rows.push({ name: 'v', sql: () => '1e0' });
  }
  rows.push({
    name: 'dev',
    sql: (r) =>
      logit
        ? `2e0 * ${r('w')} * (${d.ifElse(`${r('y')} > 0e0`, `${r('y')} * ln(${r('y')} / ${r('mu')})`, '0e0')} + ${d.ifElse(`${r('y')} < 1e0`, `(1e0 - ${r('y')}) * ln((1e0 - ${r('y')}) / (1e0 - ${r('mu')}))`, '0e0')})`
        : `${r('w')} * (${r('y')} - ${r('mu')}) * (${r('y')} - ${r('mu')})`,
  });
  return rows;
}

/** η = offset + Σ β'_j d_j: per unit and grouped-factor set, one CASE over the levels. */
function etaSql(ctx: PassContext, beta: Float64Array, r: (n: string) => string): string {
  const { d, design } = ctx;
  const parts: string[] = [r('off')];
  const byUnit = new Map<string, { unit: number; cases: { cond: string; b: number }[] }>();
  design.cols.forEach((c, j) => {
    const b = beta[j]!;
    if (b === 0) return;
    if (c.reqs.length === 0) {
      parts.push(design.units[c.unit]!.constant ? d.num(b) : `${d.num(b)} * ${r(`u${c.unit}`)}`);
      return;
    }
    const key = `${c.unit}|${c.reqs.map((q) => q.f).join(',')}`;
    let e = byUnit.get(key);
    if (!e) {
      e = { unit: c.unit, cases: [] };
      byUnit.set(key, e);
    }
    e.cases.push({ cond: c.reqs.map((q) => `${r(`f${q.f}`)} = ${d.text(q.level)}`).join(' AND '), b });
  });
  for (const e of byUnit.values()) {
    // CASE WHEN … THEN β … ELSE 0: one level per row matches.
    let expr = '0e0';
    for (let k = e.cases.length - 1; k >= 0; k--)
      expr = d.ifElse(e.cases[k]!.cond, d.num(e.cases[k]!.b), expr);
    parts.push(design.units[e.unit]!.constant ? `(${expr})` : `(${expr}) * ${r(`u${e.unit}`)}`);
  }
  return parts.join(' + ');
}

/** All pairs (a ≤ b) of units. */
function unitPairs(nu: number) {
  const i: number[] = [];
  const j: number[] = [];
  for (let a = 0; a < nu; a++)
    for (let b = 0; b <= a; b++) {
      i.push(a);
      j.push(b);
    }
  return { i, j };
}

/** Design columns present in a group of the grouped factors' levels. */
function columnsIn(design: SqlDesign, levels: readonly string[]): number[] {
  const out: number[] = [];
  design.cols.forEach((c, j) => {
    if (c.reqs.every((q) => levels[q.f] === q.level)) out.push(j);
  });
  return out;
}

/**
 * Run one pass grouped by the grouped factors (and `extraGroups`) and expand the unit sums of each
 * group into the design: Σ w·d_a·d_b = Σ_groups [a, b present] Σ w·u_a·u_b.
 */
async function groupedPass(
  ctx: PassContext,
  rows: RowValue[],
  pairWeight: string | null,
  vector: string | null,
  scalars: readonly string[],
  extraGroups: readonly string[],
): Promise<
  {
    keys: readonly string[];
    present: number[];
    pairs: Float64Array;
    vector: Float64Array | null;
    scalars: Float64Array;
  }[]
> {
  const { design } = ctx;
  const nu = design.units.length;
  const pairs = unitPairs(nu);
  const res = await ctx.runner.pass(ctx.from, ctx.where, rows, {
    design: design.units.map((_, m) => `u${m}`),
    pairs: pairWeight ? { ...pairs, weight: pairWeight } : null,
    vectors: vector ? [vector] : [],
    scalars,
    groupBy: [...design.grouped.map((_, k) => `f${k}`), ...extraGroups],
  });
  const cache = new Map<string, number[]>();
  const G = design.grouped.length;
  return res.map((r) => {
    const levels = r.keys.slice(0, G);
    const key = levels.join('\u0000');
    let present = cache.get(key);
    if (!present) {
      present = columnsIn(design, levels);
      cache.set(key, present);
    }
    let full: Float64Array = new Float64Array(0);
    if (pairWeight) {
      full = new Float64Array(nu * nu);
      pairs.i.forEach((a, k) => {
        const b = pairs.j[k]!;
        full[a * nu + b] = r.pairs[k]!;
        full[b * nu + a] = r.pairs[k]!;
      });
    }
    return { keys: r.keys.slice(G), present, pairs: full, vector: r.vectors[0] ?? null, scalars: r.scalars };
  });
}

interface SqlPass {
  readonly deviance: number;
  /** Full P × P (all design columns, dropped ones included). */
  readonly xtwx: Float64Array;
  readonly xtwz: Float64Array;
  readonly boundaryRows: number;
}

/** Sum unit cross-products of the groups into a P × P matrix (and unit vectors into a P vector). */
function expand(
  design: SqlDesign,
  groups: readonly { present: number[]; pairs: Float64Array; vector: Float64Array | null }[],
  withPairs: boolean,
): { m: Float64Array; v: Float64Array } {
  const P = design.cols.length;
  const nu = design.units.length;
  const m = new Float64Array(withPairs ? P * P : 0);
  const v = new Float64Array(P);
  for (const g of groups) {
    for (const a of g.present) {
      const ua = design.cols[a]!.unit;
      if (g.vector) v[a] = v[a]! + g.vector[ua]!;
      if (!withPairs) continue;
      for (const b of g.present) m[a * P + b] = m[a * P + b]! + g.pairs[ua * nu + design.cols[b]!.unit]!;
    }
  }
  return { m, v };
}

async function irlsPass(
  ctx: PassContext,
  active: readonly number[],
  beta: Float64Array | null,
): Promise<SqlPass> {
  const rows = baseRows(ctx, beta);
  const binomialLike = ctx.family.link !== 'identity';
  rows.push({ name: 'W', sql: (r) => `${r('w')} * ${r('me')} * ${r('me')} / ${r('v')}` });
  rows.push({
    name: 'Wz',
    sql: (r) => `${r('W')} * (${r('eta')} - ${r('off')} + (${r('y')} - ${r('mu')}) / ${r('me')})`,
  });
  rows.push({
    name: 'bnd',
    sql: (r) =>
      binomialLike
        ? ctx.d.ifElse(
            `(${r('mu')} < ${ctx.d.num(BOUNDARY)} AND ${r('y')} = 0e0) OR (${r('mu')} > ${ctx.d.num(1 - BOUNDARY)} AND ${r('y')} = 1e0)`,
            '1e0',
            '0e0',
          )
        : '0e0',
  });
  void active;
  const groups = await groupedPass(ctx, rows, 'W', 'Wz', ['dev', 'bnd'], []);
  const { m, v } = expand(ctx.design, groups, true);
  let deviance = 0;
  let bnd = 0;
  for (const g of groups) {
    deviance += g.scalars[0]!;
    bnd += g.scalars[1]!;
  }
  return { deviance, xtwx: m, xtwz: v, boundaryRows: bnd };
}

interface SqlIrlsResult {
  /** Full-length (P) coefficients on the scaled columns, 0 for dropped ones. */
  readonly betaScaled: Float64Array;
  readonly xtwx: Float64Array;
  readonly iterations: number;
  readonly converged: boolean;
  readonly lastChange: number;
  readonly boundaryRows: number;
}

/**
 * The map from the user's design columns to the scaled ones over the active columns: x' = M x with
 * x'_j = (x_j − c_j·x_base(j))/s_j, and its inverse N.
 */
function transformOf(design: SqlDesign, active: readonly number[]): { M: Float64Array; N: Float64Array } {
  const p = active.length;
  const M = new Float64Array(p * p);
  const N = new Float64Array(p * p);
  const pos = new Map(active.map((j, a) => [j, a]));
  active.forEach((j, a) => {
    const col = design.cols[j]!;
    const u = design.units[col.unit]!;
    M[a * p + a] = 1 / u.scale;
    N[a * p + a] = u.scale;
    const b = col.base >= 0 ? pos.get(col.base) : undefined;
    if (b !== undefined && u.centre !== 0) {
      M[a * p + b] = -u.centre / u.scale;
      N[a * p + b] = u.centre;
    }
  });
  return { M, N };
}

/** Active coefficients on the user's scale (for the engine's relative-step rule): β = Mᵀβ'. */
function unscaled(design: SqlDesign, active: readonly number[], b: Float64Array): Float64Array {
  const { M } = transformOf(design, active);
  return mulTv(
    M,
    Float64Array.from(active, (j) => b[j]!),
    active.length,
  );
}

/**
 * Fisher scoring with one aggregate query per pass, and the in-memory engine's rules: start from
 * μ-start, halve the step while the deviance is not finite or rises, stop when the relative
 * deviance change is below epsilon and the relative coefficient step below the tolerance
 * (0.1·√epsilon, as the engine uses for the canonical links logit and identity).
 */
async function runIrlsSql(
  ctx: PassContext,
  active: readonly number[],
  firstPass: SqlPass,
  maxIterations: number,
  epsilon: number,
): Promise<SqlIrlsResult> {
  const P = ctx.design.cols.length;
  const p = active.length;
  let pass = firstPass;
  let beta: Float64Array | null = null;
  let devOld = pass.deviance;
  let lastChange = Number.POSITIVE_INFINITY;
  const tol = Math.max(epsilon, Math.sqrt(epsilon) * 0.1);
  const user = (b: Float64Array) => unscaled(ctx.design, active, b);
  const full = (b: Float64Array) => {
    const out = new Float64Array(P);
    active.forEach((j, a) => {
      out[j] = b[a]!;
    });
    return out;
  };
  for (let iter = 1; iter <= maxIterations; iter++) {
    const factor = choleskyScaled(sub(pass.xtwx, active, P), p, 1e-13);
    if (factor.aliased.length > 0)
      throw new ConvergenceError(
        'no-convergence',
        `${LABEL}: IRLS iteration ${iter}: the weighted cross-product matrix became singular (working weights collapsed to 0); check for separation or extreme values`,
        { iterations: iter, lastChange },
      );
    let next = full(
      choleskySolve(
        factor,
        Float64Array.from(active, (j) => pass.xtwz[j]!),
      ),
    );
    let trial = await irlsPass(ctx, active, next);
    let halvings = 0;
    while (beta && (!Number.isFinite(trial.deviance) || trial.deviance > devOld * (1 + 1e-12) + 1e-12)) {
      if (++halvings > 30) break;
      const prev: Float64Array = beta;
      next = next.map((b, j) => 0.5 * (b + prev[j]!));
      trial = await irlsPass(ctx, active, next);
    }
    if (!Number.isFinite(trial.deviance))
      throw new ConvergenceError(
        'no-convergence',
        `${LABEL}: IRLS iteration ${iter}: the deviance is not finite even after step halving`,
        { iterations: iter, lastChange },
      );
    const step = beta ? relativeStep(user(next), user(beta)) : Number.POSITIVE_INFINITY;
    beta = next;
    pass = trial;
    lastChange = Math.abs(trial.deviance - devOld) / (Math.abs(trial.deviance) + 0.1);
    devOld = trial.deviance;
    if (lastChange < epsilon && step < tol) {
      // One more Newton step from the converged pass: a pass costs the same whatever β, and the
      // step squares the error left, so coefficients near 0 also agree with the MLE to ~1e-11.
      const factorEnd = choleskyScaled(sub(pass.xtwx, active, P), p, 1e-13);
      if (factorEnd.aliased.length === 0) {
        const last = full(
          choleskySolve(
            factorEnd,
            Float64Array.from(active, (j) => pass.xtwz[j]!),
          ),
        );
        const polished = await irlsPass(ctx, active, last);
        if (Number.isFinite(polished.deviance) && polished.deviance <= devOld * (1 + 1e-12) + 1e-12) {
          beta = last;
          pass = polished;
        }
      }
      return {
        betaScaled: beta,
        xtwx: pass.xtwx,
        iterations: iter,
        converged: true,
        lastChange,
        boundaryRows: pass.boundaryRows,
      };
    }
  }
  return {
    betaScaled: beta ?? new Float64Array(P),
    xtwx: pass.xtwx,
    iterations: maxIterations,
    converged: false,
    lastChange,
    boundaryRows: pass.boundaryRows,
  };
}

interface FinalSums {
  readonly meat: Float64Array;
  readonly pearson: number;
  readonly deviance: number;
  readonly logLik: number;
  readonly nullDeviance: number;
  readonly sumLogW: number;
}

async function finalPass(
  ctx: PassContext,
  active: readonly number[],
  beta: Float64Array,
  ybar: number,
): Promise<FinalSums> {
  const { d, family } = ctx;
  const rows = baseRows(ctx, beta);
  const logit = family.link === 'logit';
  rows.push({ name: 'r', sql: (r) => `${r('y')} - ${r('mu')}` });
  rows.push({ name: 's', sql: (r) => `${r('me')} / ${r('v')} * ${r('w')} * ${r('r')}` });
  rows.push({ name: 'm2', sql: (r) => `${r('s')} * ${r('s')}` });
  rows.push({ name: 'pearson', sql: (r) => `${r('w')} * ${r('r')} * ${r('r')} / ${r('v')}` });
  rows.push({ name: 'rw', sql: (r) => `round(${r('w')})` });
  rows.push({ name: 'rwy', sql: (r) => `round(${r('w')} * ${r('y')})` });
  rows.push({
    name: 'll',
    sql: (r) =>
      logit
        ? `${d.lgamma(`${r('rw')} + 1e0`)} - ${d.lgamma(`${r('rwy')} + 1e0`)} - ${d.lgamma(`${r('rw')} - ${r('rwy')} + 1e0`)} + ${d.ifElse(`${r('rwy')} > 0e0`, `${r('rwy')} * ln(${r('mu')})`, '0e0')} + ${d.ifElse(`${r('rw')} - ${r('rwy')} > 0e0`, `(${r('rw')} - ${r('rwy')}) * ln(1e0 - ${r('mu')})`, '0e0')}`
        : '0e0',
  });
  rows.push({ name: 'lw', sql: (r) => `ln(${r('w')})` });
  // Null deviance at μ = ȳ (intercept, no offset) or μ = linkinv(offset) (no intercept).
  const mu0 = (r: (n: string) => string) =>
    ctx.intercept ? d.num(ybar) : logit ? `exp(${r('off')}) / (1e0 + exp(${r('off')}))` : r('off');
  rows.push({
    name: 'nd',
    sql: (r) =>
      logit
        ? `2e0 * ${r('w')} * (${d.ifElse(`${r('y')} > 0e0`, `${r('y')} * ln(${r('y')} / (${mu0(r)}))`, '0e0')} + ${d.ifElse(`${r('y')} < 1e0`, `(1e0 - ${r('y')}) * ln((1e0 - ${r('y')}) / (1e0 - (${mu0(r)})))`, '0e0')})`
        : `${r('w')} * (${r('y')} - (${mu0(r)})) * (${r('y')} - (${mu0(r)}))`,
  });
  void active;
  const groups = await groupedPass(ctx, rows, 'm2', null, ['pearson', 'dev', 'll', 'nd', 'lw'], []);
  const { m } = expand(ctx.design, groups, true);
  const tot = new Float64Array(5);
  for (const g of groups) for (let k = 0; k < 5; k++) tot[k] = tot[k]! + g.scalars[k]!;
  return {
    meat: m,
    pearson: tot[0]!,
    deviance: tot[1]!,
    logLik: tot[2]!,
    nullDeviance: tot[3]!,
    sumLogW: tot[4]!,
  };
}

/** Score sums per joint cluster (active columns, scaled), and each cluster column's codes. */
async function clusterPass(
  ctx: PassContext,
  active: readonly number[],
  beta: Float64Array,
): Promise<{ scores: Float64Array; codes: Int32Array[] }> {
  const rows = baseRows(ctx, beta);
  rows.push({ name: 's', sql: (r) => `${r('me')} / ${r('v')} * ${r('w')} * (${r('y')} - ${r('mu')})` });
  const groups = await groupedPass(
    ctx,
    rows,
    null,
    's',
    [],
    ctx.clusters.map((_, k) => `k${k}`),
  );
  // Joint clusters in sorted key order, so the codes do not depend on the engine's group order.
  const joint = new Map<string, string[]>();
  for (const g of groups) joint.set(g.keys.join('\u0000'), [...g.keys]);
  const order = [...joint.keys()].sort(compareStrings);
  const index = new Map(order.map((k, i) => [k, i]));
  const P = ctx.design.cols.length;
  const p = active.length;
  const pos = new Int32Array(P).fill(-1);
  active.forEach((j, a) => {
    pos[j] = a;
  });
  const scores = new Float64Array(order.length * p);
  for (const g of groups) {
    const c = index.get(g.keys.join('\u0000'))!;
    for (const j of g.present) {
      const a = pos[j]!;
      if (a < 0) continue;
      scores[c * p + a] = scores[c * p + a]! + g.vector![ctx.design.cols[j]!.unit]!;
    }
  }
  const dicts = ctx.clusters.map(() => new Map<string, number>());
  const codes = ctx.clusters.map((_, k) =>
    Int32Array.from(order, (key) => {
      const v = joint.get(key)![k]!;
      const dict = dicts[k]!;
      const code = dict.get(v) ?? dict.size;
      dict.set(v, code);
      return code;
    }),
  );
  return { scores, codes };
}

/** The intercept-only model with the offset, by Fisher scoring (as R), then its deviance. */
async function nullDevianceWithOffset(ctx: PassContext, ybar: number): Promise<number> {
  const { family } = ctx;
  let b = family.link === 'identity' ? ybar : family.linkfun(Math.min(Math.max(ybar, 1e-6), 1 - 1e-6));
  const only: SqlDesign = {
    grouped: [],
    units: [{ raw: '1e0', constant: true, centred: false, centre: 0, scale: 1 }],
    cols: [{ name: '(Intercept)', term: -1, reqs: [], unit: 0, base: -1 }],
  };
  const c = { ...ctx, design: only, clusters: [] };
  for (let iter = 0; iter < 100; iter++) {
    const pass = await irlsPass(c, [0], Float64Array.of(b));
    const step = (pass.xtwz[0]! - pass.xtwx[0]! * b) / pass.xtwx[0]!;
    b += step;
    if (Math.abs(step) < 1e-12 * (1 + Math.abs(b))) break;
  }
  return (await irlsPass(c, [0], Float64Array.of(b))).deviance;
}

/** The pattern path: one GROUP BY over the covariate patterns (within clusters), then the engine. */
async function patternFit(
  runner: Runner,
  from: string,
  complete: string,
  options: ReturnType<typeof resolveSpec>,
  family: Family,
  keyNames: readonly string[],
  types: ReadonlyMap<string, TypeClass>,
  nOmitted: number,
): Promise<GlmFit> {
  const d = runner.source.dialect;
  const id = (c: string) => d.ident(c);
  const yd = d.toDouble(id(options.y));
  const wd = options.weights ? d.toDouble(id(options.weights)) : '1e0';
  const numeric = (c: string) => types.get(c) === 'float' || types.get(c) === 'integer';
  const keySql = keyNames.map((k) => (numeric(k) ? d.toDouble(id(k)) : d.toText(id(k))));
  const clusterSql = options.clusters.map((c) => d.toText(id(c)));
  const groups = [...keySql, ...clusterSql];
  const y = `(${yd})`;
  const w = `(${wd})`;
  const s = d.sum;
  const xlogx = (e: string) => d.ifElse(`${e} > 0e0`, `${e} * ln(${e})`, '0e0');
  const rw = `round(${w})`;
  const rwy = `round(${w} * ${y})`;
  const sums = [
    `${d.countAsDouble()} AS n`,
    `${s(w)} AS sw`,
    `${s(`${w} * ${y}`)} AS swy`,
    `${s(`${w} * ${y} * ${y}`)} AS swy2`,
    `${s(`${w} * ${w}`)} AS sw2`,
    `${s(`${w} * ${w} * ${y}`)} AS sw2y`,
    `${s(`${w} * ${w} * ${y} * ${y}`)} AS sw2y2`,
    `${s(`${w} * (${xlogx(y)} + ${xlogx(`(1e0 - ${y})`)})`)} AS sent`,
    `${s(`${d.lgamma(`${rw} + 1e0`)} - ${d.lgamma(`${rwy} + 1e0`)} - ${d.lgamma(`${rw} - ${rwy} + 1e0`)}`)} AS lch`,
    `${s(rw)} AS srw`,
    `${s(rwy)} AS srwy`,
    `${s(`ln(${w})`)} AS slw`,
  ];
  const positive = options.weights ? `${w} > 0e0` : '1 = 1';
  const sql = `SELECT ${[...groups.map((g, j) => `${g} AS g${j}`), ...sums].join(', ')} FROM ${from} WHERE ${complete} AND ${positive}${groups.length ? ` GROUP BY ${groups.join(', ')}` : ''}`;
  const t0 = performance.now();
  const rows = await runner.source.execute(sql);
  runner.passSeconds.push((performance.now() - t0) / 1000);
  // Order the patterns by their keys, so the fit does not depend on the engine's group order.
  const keyOf = (r: Record<string, unknown>) => groups.map((_, j) => r[`g${j}`]);
  rows.sort((a, b) => {
    const ka = keyOf(a);
    const kb = keyOf(b);
    for (let j = 0; j < ka.length; j++) {
      const x = ka[j];
      const z = kb[j];
      if (typeof x === 'number' && typeof z === 'number') {
        if (x !== z) return x - z;
      } else {
        const c = compareStrings(String(x), String(z));
        if (c !== 0) return c;
      }
    }
    return 0;
  });
  const num = (v: unknown) => (typeof v === 'number' ? v : Number(v));
  const keys: PatternKeyColumn[] = keyNames.map((k, j) => {
    if (numeric(k))
      return {
        name: k,
        values: Float64Array.from(rows, (r) => num(r[`g${j}`])),
        levels: null,
        logical: false,
      };
    const vals = rows.map((r) => String(r[`g${j}`]));
    const levels = [...new Set(vals)].sort(compareStrings);
    const index = new Map(levels.map((l, i) => [l, i]));
    return { name: k, values: Int32Array.from(vals, (v) => index.get(v)!), levels, logical: false };
  });
  const clusterCodes = options.clusters.map((_, c) => {
    const ids = new Map<string, number>();
    return Int32Array.from(rows, (r) => {
      const v = String(r[`g${keyNames.length + c}`]);
      const code = ids.get(v) ?? ids.size;
      ids.set(v, code);
      return code;
    });
  });
  const col = (name: string) => Float64Array.from(rows, (r) => num(r[name]));
  const table = {
    keys,
    clusterCodes,
    stats: patternStatsOf(col),
    nOmitted,
  };
  return estimate(preparePatternRows(table, options, family, LABEL, 'glm'));
}
