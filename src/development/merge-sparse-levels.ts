import {
  type Column,
  type DataInput,
  dataRow,
  type FactorColumn,
  type Frame,
  toFrame,
} from '../data/frame.js';
import { DataError, SpecError } from '../errors.js';
import { checkOptions, integerIn, oneOf } from '../internal/options.js';

/** Options of {@link mergeSparseLevels}. */
export interface MergeSparseLevelsOptions {
  /** Each merged level must rest on at least this many households (rows, or the sum of `count`). */
  readonly minCount: number;
  /**
   * A column summed per level instead of counting rows: `'receipt'` counts recipient households
   * when the frame holds every household; a weight column counts weighted households. Values must
   * be finite and ≥ 0. @default every row counts 1
   */
  readonly count?: string | null;
  /**
   * The levels in their natural order (age bands, child-age bands, numbers of medication groups):
   * neighbours in this order are "nearest" under `rule: 'adjacent'`, and it breaks ties under
   * `rule: 'outcome'`. Must list every level of the column once. @default the column's level order
   */
  readonly order?: readonly string[];
  /**
   * Which level a sparse level joins. `'adjacent'`: the neighbouring group in `order` with the
   * smaller count (the one before on a tie), so groups stay runs of consecutive levels, as bands do.
   * `'outcome'`: the group whose mean of the `outcome` column is closest (then the smaller count,
   * then the earlier in `order`), for unordered categories such as migration groups.
   * @default 'adjacent'
   */
  readonly rule?: 'adjacent' | 'outcome';
  /** Numeric column whose (count-weighted) mean per level defines "closest" for `rule: 'outcome'`. */
  readonly outcome?: string;
  /** Name of the merged column in the returned frame. @default `column` (replaced) */
  readonly as?: string;
  /** Text between the member levels in a merged label. @default '+' */
  readonly separator?: string;
}

/** One level of the merged column. */
export interface MergedLevel {
  /** The merged level's label: its members joined by `separator` (a level that was not merged keeps its own). */
  readonly label: string;
  /** The original levels it holds, in `order`. */
  readonly members: readonly string[];
  /** Households (rows, or Σ count) it rests on. */
  readonly count: number;
}

/** One merge step, in the order they were made. */
export interface MergeStep {
  /** The sparse group merged away (its label before the step). */
  readonly level: string;
  readonly count: number;
  /** The group it joined (its label before the step). */
  readonly into: string;
}

/** Result of {@link mergeSparseLevels}. */
export interface MergeSparseLevels {
  /** The data with the merged column (`as`), all other columns as they were. */
  readonly frame: Frame;
  /** Original level → merged label, for every level of the column in `order` (a `Map`, so any level name is safe). */
  readonly mapping: ReadonlyMap<string, string>;
  /** The merged levels, in `order` of their first member. */
  readonly levels: readonly MergedLevel[];
  /** The merges, in the order made. */
  readonly steps: readonly MergeStep[];
  readonly options: {
    readonly column: string;
    readonly as: string;
    readonly minCount: number;
    readonly count: string | null;
    readonly order: readonly string[];
    readonly rule: 'adjacent' | 'outcome';
    readonly outcome: string | null;
    readonly separator: string;
  };
}

const WHERE = 'mergeSparseLevels';

/**
 * Merge sparse levels of a categorical feature into coarser ones, so that each estimated weight
 * rests on at least `minCount` households (S2: in the price component "a number of features are
 * merged to a higher level of aggregation to ensure that the weights are based on enough
 * households in bijstand"; DOMAIN B.2).
 *
 * The rule, repeated until every group reaches `minCount`: take the group with the smallest count
 * (the earlier in `order` on a tie) and merge it into its nearest group — under `rule: 'adjacent'`
 * the neighbour in `order` with the smaller count (the preceding one on a tie), under
 * `rule: 'outcome'` the group with the closest mean outcome. A level with no households counts 0
 * and is merged like any other, so every level of the column has a place in `mapping`. Missing
 * values stay missing. Van der Klaauw's advice (S2) to merge cautiously is why every step is
 * reported: check the merged model against the full one with {@link compareModels}.
 *
 * @param data - Households (the estimation sample: recipients for the price model).
 * @param column - A categorical (text) column.
 * @param options - `minCount` and the rule.
 * @returns The data with the merged column, the mapping, the merged levels and the steps.
 * @throws {DataError} `too-few-rows` when all households together are fewer than `minCount` (no merge can
 *   reach it), `invalid-value` for a numeric column or a negative/non-finite count, `missing-column`.
 * @throws {SpecError} for an unknown option, an `order` that does not list the levels, or `rule: 'outcome'` without `outcome`.
 * @example
 * ```ts
 * import { mergeSparseLevels } from 'verdeelmodel/development';
 * const data = { band: ['<5', '<5', '5-12', '12-18', '12-18', '12-18', '18+'], y: [1, 0, 1, 0, 1, 1, 0] };
 * const merged = mergeSparseLevels(data, 'band', { minCount: 2, order: ['<5', '5-12', '12-18', '18+'] });
 * merged.mapping.get('5-12'); // => '<5+5-12'
 * merged.levels.map((l) => l.label); // => ['<5+5-12', '12-18+18+']
 * ```
 */
export function mergeSparseLevels(
  data: DataInput | Frame,
  column: string,
  options: MergeSparseLevelsOptions,
): MergeSparseLevels {
  if (options === null || typeof options !== 'object')
    throw new SpecError('missing-input', `${WHERE}: options with minCount are required`, {
      option: 'minCount',
    });
  const o = checkOptions(
    options,
    ['minCount', 'count', 'order', 'rule', 'outcome', 'as', 'separator'],
    WHERE,
  );
  const minCount = integerIn(o.minCount, 1, 2 ** 31 - 1, 'minCount', WHERE);
  const rule = oneOf(o.rule ?? 'adjacent', ['adjacent', 'outcome'], 'rule', WHERE);
  const separator = o.separator ?? '+';
  if (typeof separator !== 'string' || separator === '')
    throw new SpecError('invalid-option', `${WHERE}: separator must be a non-empty string`, {
      option: 'separator',
    });
  const frame = toFrame(data);
  if (typeof column !== 'string' || !frame.has(column)) {
    throw new DataError('missing-column', `${WHERE}: there is no column '${String(column)}' to merge`, {
      column: String(column),
    });
  }
  const col = frame.column(column);
  if (col.kind !== 'factor') {
    throw new DataError(
      'invalid-value',
      `${WHERE}: column '${column}' is numeric; merging levels needs a categorical (text) column — read it as text`,
      { column },
    );
  }
  const as = o.as ?? column;
  if (typeof as !== 'string' || as === '')
    throw new SpecError('invalid-option', `${WHERE}: as must name the merged column`, { option: 'as' });
  const order = resolveOrder(col, o.order);
  const counts = readCounts(frame, col, o.count ?? null);
  const outcome = rule === 'outcome' ? readOutcome(frame, col, o.outcome, o.count ?? null) : null;
  if (rule === 'adjacent' && o.outcome !== undefined)
    throw new SpecError('invalid-option', `${WHERE}: outcome is used only with rule: 'outcome'`, {
      option: 'outcome',
    });

  const total = counts.reduce((s, c) => s + c, 0);
  if (total < minCount) {
    throw new DataError(
      'too-few-rows',
      `${WHERE}: column '${column}' has ${total} households${o.count ? ` (Σ ${o.count})` : ''} in all, fewer than minCount = ${minCount}; no merge of its levels can reach it — lower minCount or use more data`,
      { column },
    );
  }

  // Groups in `order` position; each holds original level indices.
  interface Group {
    members: number[];
    count: number;
    /** Σ count·outcome, for the mean outcome. */
    sum: number;
    first: number;
  }
  const position = new Int32Array(col.levels.length);
  order.forEach((level, k) => {
    position[col.levels.indexOf(level)] = k;
  });
  let groups: Group[] = order.map((level, k) => {
    const l = col.levels.indexOf(level);
    return { members: [l], count: counts[l]!, sum: outcome ? outcome[l]! : 0, first: k };
  });
  const label = (g: Group) =>
    [...g.members]
      .sort((a, b) => position[a]! - position[b]!)
      .map((l) => col.levels[l]!)
      .join(separator);
  const steps: MergeStep[] = [];
  while (groups.length > 1) {
    let s = -1;
    for (let k = 0; k < groups.length; k++) {
      const g = groups[k]!;
      if (g.count < minCount && (s < 0 || g.count < groups[s]!.count)) s = k;
    }
    if (s < 0) break;
    const sparse = groups[s]!;
    let t: number;
    if (rule === 'adjacent') {
      const before = s > 0 ? s - 1 : -1;
      const after = s + 1 < groups.length ? s + 1 : -1;
      t =
        before < 0
          ? after
          : after < 0
            ? before
            : groups[after]!.count < groups[before]!.count
              ? after
              : before;
    } else {
      const mean = (g: Group) => (g.count > 0 ? g.sum / g.count : Number.NaN);
      const m = mean(sparse);
      t = -1;
      let best = Number.POSITIVE_INFINITY;
      for (let k = 0; k < groups.length; k++) {
        if (k === s) continue;
        const g = groups[k]!;
        // A group without households has no mean: every other group is equally near (distance 0 is
        // not claimed), so the count and order decide.
        const d = Number.isNaN(m) || Number.isNaN(mean(g)) ? Number.MAX_VALUE : Math.abs(mean(g) - m);
        if (t < 0 || d < best || (d === best && g.count < groups[t]!.count)) {
          t = k;
          best = d;
        }
      }
    }
    const into = groups[t]!;
    steps.push({ level: label(sparse), count: sparse.count, into: label(into) });
    const merged: Group = {
      members: [...into.members, ...sparse.members],
      count: into.count + sparse.count,
      sum: into.sum + sparse.sum,
      first: Math.min(into.first, sparse.first),
    };
    groups = groups.filter((_, k) => k !== s && k !== t);
    groups.push(merged);
    groups.sort((a, b) => a.first - b.first);
  }

  const labels = groups.map(label);
  const groupOf = new Int32Array(col.levels.length);
  groups.forEach((g, k) => {
    for (const l of g.members) groupOf[l] = k;
  });
  const mapping = new Map<string, string>(
    order.map((level) => [level, labels[groupOf[col.levels.indexOf(level)]!]!]),
  );
  const codes = new Int32Array(frame.nrows);
  for (let i = 0; i < frame.nrows; i++) {
    const c = col.codes[i]!;
    codes[i] = c < 0 ? -1 : groupOf[c]!;
  }
  const mergedColumn: FactorColumn = { kind: 'factor', name: as, codes, levels: labels };
  return {
    frame: withColumn(frame, mergedColumn),
    mapping,
    levels: groups.map((g, k) => ({
      label: labels[k]!,
      members: [...g.members].sort((a, b) => position[a]! - position[b]!).map((l) => col.levels[l]!),
      count: g.count,
    })),
    steps,
    options: {
      column,
      as,
      minCount,
      count: o.count ?? null,
      order,
      rule,
      outcome: outcome ? (o.outcome ?? null) : null,
      separator,
    },
  };
}

/** The level order: the column's own, or the user's, which must list every level once. */
function resolveOrder(col: FactorColumn, order: unknown): readonly string[] {
  if (order === undefined) return col.levels;
  if (!Array.isArray(order) || !order.every((v) => typeof v === 'string'))
    throw new SpecError('invalid-option', `${WHERE}: order must be an array of the levels of '${col.name}'`, {
      option: 'order',
    });
  const known = new Set(col.levels);
  const seen = new Set<string>();
  for (const level of order as string[]) {
    if (!known.has(level))
      throw new SpecError(
        'invalid-option',
        `${WHERE}: order names '${level}', which is not a level of '${col.name}' (levels: ${col.levels.join(', ')})`,
        { option: 'order' },
      );
    if (seen.has(level))
      throw new SpecError('invalid-option', `${WHERE}: order names '${level}' twice`, { option: 'order' });
    seen.add(level);
  }
  const missing = col.levels.filter((l) => !seen.has(l));
  if (missing.length)
    throw new SpecError(
      'invalid-option',
      `${WHERE}: order leaves out level${missing.length > 1 ? 's' : ''} ${missing.map((l) => `'${l}'`).join(', ')} of '${col.name}'; list every level once`,
      { option: 'order' },
    );
  return order as string[];
}

/** A numeric column's values, each finite and ≥ 0 (a count), or finite (an outcome). */
function numericValues(frame: Frame, name: unknown, role: string, nonNegative: boolean): ArrayLike<number> {
  if (typeof name !== 'string' || !frame.has(name))
    throw new DataError('missing-column', `${WHERE}: there is no ${role} column '${String(name)}'`, {
      column: String(name),
    });
  const c: Column = frame.column(name);
  if (c.kind !== 'numeric')
    throw new DataError('invalid-value', `${WHERE}: the ${role} column '${name}' must be numeric`, {
      column: name,
    });
  const v = c.values;
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (!Number.isFinite(x) || (nonNegative && x < 0)) {
      const row = dataRow(frame, i);
      throw new DataError(
        Number.isNaN(x) ? 'missing-value' : 'out-of-range',
        `${WHERE}: the ${role} column '${name}' is ${x} at row ${row}; it must be a finite number${nonNegative ? ' ≥ 0' : ''}`,
        { column: name, row },
      );
    }
  }
  return v;
}

/** Households per level: rows, or Σ count. */
function readCounts(frame: Frame, col: FactorColumn, count: string | null): Float64Array {
  const out = new Float64Array(col.levels.length);
  const w = count === null ? null : numericValues(frame, count, 'count', true);
  for (let i = 0; i < frame.nrows; i++) {
    const c = col.codes[i]!;
    if (c >= 0) out[c]! += w ? w[i]! : 1;
  }
  return out;
}

/** Σ count·outcome per level. */
function readOutcome(frame: Frame, col: FactorColumn, outcome: unknown, count: string | null): Float64Array {
  if (outcome === undefined)
    throw new SpecError(
      'invalid-option',
      `${WHERE}: rule: 'outcome' needs outcome, the column to compare means of`,
      {
        option: 'outcome',
      },
    );
  const y = numericValues(frame, outcome, 'outcome', false);
  const w = count === null ? null : numericValues(frame, count, 'count', true);
  const out = new Float64Array(col.levels.length);
  for (let i = 0; i < frame.nrows; i++) {
    const c = col.codes[i]!;
    if (c >= 0) out[c]! += (w ? w[i]! : 1) * y[i]!;
  }
  return out;
}

/** The frame with one column added or replaced; the others are read from `frame` as they are. */
function withColumn(frame: Frame, column: FactorColumn): Frame {
  const names = frame.has(column.name) ? frame.names : [...frame.names, column.name];
  return {
    nrows: frame.nrows,
    names,
    has: (name) => name === column.name || frame.has(name),
    column: (name) => (name === column.name ? column : frame.column(name)),
    sourceRow: (i) => dataRow(frame, i),
  };
}
