import type { ColumnRecord, FactorInput } from '../data/frame.js';
import { toFrame } from '../data/frame.js';
import { DataError } from '../errors.js';
import type { PatternStatistics } from './compress.js';
import { buildLayout, encodeDesign } from './design.js';
import type { PreparedRows } from './estimate.js';
import type { Family } from './family.js';
import { clusterSetsOf } from './model-frame.js';
import type { ResolvedSpec } from './spec.js';

/** Key column values of the patterns (numbers, or codes into `levels` for text; `logical` for booleans). */
export interface PatternKeyColumn {
  readonly name: string;
  readonly values: ArrayLike<number>;
  readonly levels: readonly string[] | null;
  readonly logical: boolean;
}

/** Aggregated covariate patterns from a stream or a database, ready for the engine. */
export interface PatternTable {
  readonly keys: readonly PatternKeyColumn[];
  /** Per cluster column (in `clusters` order), its cluster code per pattern (patterns never span clusters). */
  readonly clusterCodes: readonly Int32Array[];
  readonly stats: Omit<PatternStatistics, 'rows' | 'positions'>;
  readonly nOmitted: number;
}

/**
 * A pattern table's sums from the columns of the SQL pattern query (one value per pattern, named as
 * `fitGlmDuckDb` and `fitGlmSql` name them: n, sw, swy, ... slw). @internal
 */
export function patternStatsOf(col: (name: string) => Float64Array): PatternTable['stats'] {
  return {
    count: col('n'),
    sw: col('sw'),
    swy: col('swy'),
    swy2: col('swy2'),
    sw2: col('sw2'),
    sw2y: col('sw2y'),
    sw2y2: col('sw2y2'),
    swEntropy: col('sent'),
    logChoose: col('lch'),
    sRoundW: col('srw'),
    sRoundWY: col('srwy'),
    sumLogW: col('slw').reduce((a, b) => a + b, 0),
  };
}

/** Columns of the model: the key columns (terms and offset), as in the row-level fit. */
export function keyColumnsOf(spec: ResolvedSpec, names: readonly string[]): string[] {
  const has = new Set(names);
  const out = new Set<string>();
  for (const term of spec.x) for (const c of has.has(term) ? [term] : term.split(':')) out.add(c);
  if (spec.offset) out.add(spec.offset);
  for (const c of out) {
    if (!has.has(c))
      throw new DataError(
        'missing-column',
        `column '${c}' is not in the data (columns: ${names.join(', ')})`,
        { column: c },
      );
  }
  return [...out];
}

/**
 * Turn a pattern table into the engine's prepared rows: one design row per pattern with
 * weight Σw and response Σwy/Σw, and the sums that make every statistic exact.
 */
export function preparePatternRows(
  table: PatternTable,
  options: ResolvedSpec,
  family: Family,
  label: string,
  kind: 'glm' | 'ols',
): PreparedRows {
  const G = table.stats.sw.length;
  if (G === 0) throw new DataError('empty', `${label}: no rows with complete values and positive weight`);
  const columns: Record<string, ColumnRecord[string]> = Object.create(null);
  for (const k of table.keys) {
    if (k.levels) columns[k.name] = { codes: k.values, levels: k.levels } satisfies FactorInput;
    else if (k.logical) columns[k.name] = Array.from(k.values, (v) => v === 1);
    else columns[k.name] = Float64Array.from(k.values);
  }
  const frame = toFrame(columns);
  const layout = buildLayout(frame, options.x, {
    intercept: options.intercept,
    reference: options.reference,
    keep: null,
  });
  const { stats } = table;
  let nobs = 0;
  let sw = 0;
  let swy = 0;
  for (let g = 0; g < G; g++) {
    nobs += stats.count[g]!;
    sw += stats.sw[g]!;
    swy += stats.swy[g]!;
  }
  if (family.link !== 'identity' && (swy === 0 || swy === sw)) {
    throw new DataError(
      'zero-variance',
      `${label}: response '${options.y}' is ${swy === 0 ? 0 : 1} on every row; there is nothing to model`,
      {
        column: options.y,
      },
    );
  }
  const identity = Int32Array.from({ length: G }, (_, g) => g);
  const offsetKey = options.offset ? table.keys.find((k) => k.name === options.offset)! : null;
  return {
    label,
    kind,
    options,
    family,
    layout,
    design: encodeDesign(frame, layout, null),
    y: Float64Array.from(stats.sw, (w, g) => stats.swy[g]! / w),
    weights: Float64Array.from(stats.sw),
    offset: offsetKey ? Float64Array.from(offsetKey.values) : null,
    ...clusterSetsOf(table.clusterCodes, options.clusters, label),
    nobs,
    nOmitted: table.nOmitted,
    patterns: { ...stats, rows: identity, positions: identity },
    evaluation: null,
  };
}
