import { type DataInput, type Frame, toFrame } from '../data/frame.js';
import { SpecError } from '../errors.js';
import { checkOptions, oneOf } from '../internal/options.js';
import { listIds, MunicipalityError } from './errors.js';
import {
  type MunicipalClassification,
  mapMunicipalityCode,
  type Successor,
} from './municipal-classification.js';
import {
  compareIds,
  duplicateKeys,
  readMunicipalityCodes,
  readMunicipalityNumbers,
} from './municipality-values.js';

/** Options of {@link aggregateToClassification}: which columns to read and how to combine them. */
export interface AggregateToClassificationOptions {
  /**
   * Column with the municipality code.
   * @default 'municipality'
   */
  readonly municipality?: string;
  /**
   * Column with the year; rows are combined per (target code, year). Omit for a single cross-section.
   * @default undefined
   */
  readonly year?: string;
  /**
   * Amount columns (spending, budget, households, …): summed; a split municipality contributes
   * `fraction × amount` to each successor.
   * @default []
   */
  readonly sum?: readonly string[];
  /**
   * Share or rate columns (e.g. a low-literacy share): re-allocation weighted by inhabitants [S1; DOMAIN §6], the
   * mean of the sources weighted by `weight × fraction`.
   * @default []
   */
  readonly weightedMean?: readonly string[];
  /**
   * Weight column for `weightedMean` (usually inhabitants); required when `weightedMean` is not empty. It is
   * itself summed into the output.
   * @default undefined
   */
  readonly weight?: string;
  /**
   * `'sum'`: merged municipalities are combined as if they had always been merged (S1). `'drop'`: every target
   * code that any mapping touches is dropped, leaving only unchanged municipalities (S4's balanced panel).
   * @default 'sum'
   */
  readonly mergers?: 'sum' | 'drop';
}

/** Result of {@link aggregateToClassification}. */
export interface ClassificationAggregate {
  /** One row per (target code, year), sorted by code then year, with the id, year and aggregated columns. */
  readonly rows: readonly Readonly<Record<string, string | number>>[];
  /** For each output code, the input codes that went into it (sorted). */
  readonly sources: Readonly<Record<string, readonly string[]>>;
  /** Target codes dropped under `mergers: 'drop'` (sorted). */
  readonly dropped: readonly string[];
  readonly options: {
    readonly municipality: string;
    readonly year: string | null;
    readonly sum: readonly string[];
    readonly weightedMean: readonly string[];
    readonly weight: string | null;
    readonly mergers: 'sum' | 'drop';
  };
}

/**
 * Put a per-municipality(-year) table on a target municipal classification: every row's code is mapped to
 * its successors, amounts are summed and shares/rates re-allocated with inhabitant weights. Nothing is
 * dropped silently: unknown codes, duplicate (code, year) rows and missing values throw, naming them.
 *
 * @param data - Row objects (or a column record / arquero table: anything toFrame takes) with a municipality
 *   code column, optionally a year column, and numeric columns. Column names and codes are data: `__proto__`,
 *   `constructor` or `toString` work like any other.
 * @param classification - From municipalClassification.
 * @param options - Which columns to sum and which to average.
 * @returns The aggregated rows, the sources of each output code and the resolved options.
 * @throws {MunicipalityError} `unknown-unit` naming unknown codes, `duplicate` naming repeated (code, year)
 *   rows, `missing-value` naming codes with a missing or NaN value, `out-of-range` for negative weights.
 * @throws {DataError} `missing-column` for a named column that is not in the data.
 * @throws {SpecError} `unknown-option` / `invalid-option` for a bad option.
 * @example
 * ```ts
 * import { aggregateToClassification, municipalClassification } from 'verdeelmodel/allocation';
 * const c = municipalClassification([{ from: 'A', to: 'C' }, { from: 'B', to: 'C' }]);
 * aggregateToClassification(
 *   [
 *     { municipality: 'A', spending: 10, inhabitants: 100, share: 0.1 },
 *     { municipality: 'B', spending: 5, inhabitants: 300, share: 0.3 },
 *   ],
 *   c,
 *   { sum: ['spending'], weightedMean: ['share'], weight: 'inhabitants' },
 * ).rows;
 * // => [{ municipality: 'C', spending: 15, inhabitants: 400, share: 0.25 }]
 * ```
 */
export function aggregateToClassification(
  data: DataInput,
  classification: MunicipalClassification,
  options: AggregateToClassificationOptions = {},
): ClassificationAggregate {
  const o = resolveAggregateOptions(options);
  const summed = o.weight !== null && !o.sum.includes(o.weight) ? [...o.sum, o.weight] : o.sum;
  const both = o.weightedMean.filter((c) => summed.includes(c));
  if (both.length > 0) {
    throw new SpecError(
      'invalid-option',
      `${WHERE}: columns ${both.join(', ')} cannot be both summed and averaged`,
      { option: 'weightedMean' },
    );
  }
  const numeric = [...new Set([...summed, ...o.weightedMean])];

  // One boundary: the rows become a Frame (names are data there), then every check names all offenders.
  const frame = toFrame(data);
  const codes = readMunicipalityCodes(frame, o.municipality, WHERE, false);
  const unknown: string[] = [];
  const mapped = codes.map((code) => {
    try {
      return mapMunicipalityCode(classification, code);
    } catch (e) {
      if (e instanceof MunicipalityError && e.code === 'unknown-unit') {
        unknown.push(code);
        return [];
      }
      throw e;
    }
  });
  if (unknown.length > 0) {
    const ids = [...new Set(unknown)].sort(compareIds);
    throw new MunicipalityError(
      'unknown-unit',
      `${WHERE}: codes ${listIds(ids)} are not in the classification; add them to the mapping (from = to for unchanged municipalities) or targetCodes`,
      ids,
      { column: o.municipality },
    );
  }
  const years = o.year === null ? null : readYears(frame, o.year, codes);
  const keyOf = (i: number) => (years === null ? '' : String(years[i]));
  const ids = duplicateKeys(codes.map((code, i) => (years === null ? code : `${code} (${keyOf(i)})`)));
  if (ids.length > 0) {
    throw new MunicipalityError(
      'duplicate',
      `${WHERE}: codes ${listIds(ids)} occur more than once${o.year === null ? '' : ' in the same year'}`,
      ids,
      { column: o.municipality },
    );
  }
  const values = new Map<string, number[]>();
  for (const column of numeric) {
    const isWeight = column === o.weight;
    values.set(
      column,
      readMunicipalityNumbers(frame, column, codes, WHERE, {
        min: isWeight ? 0 : Number.NEGATIVE_INFINITY,
        exclusive: false,
      }),
    );
  }
  const numberAt = (column: string, i: number) => (values.get(column) as number[])[i] as number;

  interface Group {
    code: string;
    year: string | number | undefined;
    sums: Map<string, number>;
    weighted: Map<string, number>;
    weightTotal: number;
    sources: Set<string>;
  }
  const groups = new Map<string, Group>();
  const sources = new Map<string, Set<string>>();
  codes.forEach((sourceCode, i) => {
    for (const s of mapped[i] as Successor[]) {
      const key = `${s.code}\u0000${keyOf(i)}`;
      let g = groups.get(key);
      if (!g) {
        g = {
          code: s.code,
          year: years === null ? undefined : years[i],
          sums: new Map(),
          weighted: new Map(),
          weightTotal: 0,
          sources: new Set(),
        };
        groups.set(key, g);
      }
      for (const c of summed) g.sums.set(c, (g.sums.get(c) ?? 0) + s.fraction * numberAt(c, i));
      const w = o.weight === null ? 0 : s.fraction * numberAt(o.weight, i);
      g.weightTotal += w;
      for (const c of o.weightedMean) g.weighted.set(c, (g.weighted.get(c) ?? 0) + w * numberAt(c, i));
      const src = sources.get(s.code) ?? new Set<string>();
      src.add(sourceCode);
      sources.set(s.code, src);
    }
  });
  // A code is involved in a merger when any mapped code (merged or split) ends up in it.
  const involved = new Set(
    Object.values(classification.successors).flatMap((list) => list.map((x) => x.code)),
  );
  const dropped =
    o.mergers === 'drop' ? [...sources.keys()].filter((c) => involved.has(c)).sort(compareIds) : [];
  const droppedSet = new Set(dropped);
  const kept = [...groups.values()]
    .filter((g) => !droppedSet.has(g.code))
    .sort((a, b) => compareIds(a.code, b.code) || compareYears(a.year, b.year));
  const zeroWeight =
    o.weightedMean.length > 0 ? kept.filter((g) => !(g.weightTotal > 0)).map((g) => g.code) : [];
  if (zeroWeight.length > 0) {
    throw new MunicipalityError(
      'invalid-value',
      `${WHERE}: the total weight '${o.weight}' is 0 for codes ${listIds(zeroWeight)}, so their weighted means are not defined`,
      zeroWeight,
      { column: o.weight ?? undefined },
    );
  }
  // Rows and records are built from entries (own properties), so a column or code named '__proto__' is kept.
  const out = kept.map((g) =>
    Object.fromEntries<string | number>([
      [o.municipality, g.code],
      ...(o.year === null ? [] : [[o.year, g.year as string | number] as [string, string | number]]),
      ...summed.map((c): [string, number] => [c, g.sums.get(c) as number]),
      ...o.weightedMean.map((c): [string, number] => [c, (g.weighted.get(c) as number) / g.weightTotal]),
    ]),
  );
  const sourceRecord: Record<string, string[]> = Object.fromEntries(
    [...sources.keys()]
      .filter((c) => !droppedSet.has(c))
      .sort(compareIds)
      .map((code) => [code, [...(sources.get(code) as Set<string>)].sort(compareIds)]),
  );
  return { rows: out, sources: sourceRecord, dropped, options: o };
}

const WHERE = 'aggregateToClassification';

/** Resolve and check the options of {@link aggregateToClassification}. */
function resolveAggregateOptions(options: AggregateToClassificationOptions) {
  const o = checkOptions(
    options,
    ['municipality', 'year', 'sum', 'weightedMean', 'weight', 'mergers'],
    WHERE,
  );
  const name = (value: unknown, option: string): string => {
    if (typeof value !== 'string' || value === '') {
      throw new SpecError('invalid-option', `${WHERE}: ${option} must be a column name`, { option });
    }
    return value;
  };
  const names = (value: unknown, option: string): string[] => {
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      throw new SpecError('invalid-option', `${WHERE}: ${option} must be an array of column names`, {
        option,
      });
    }
    return value.map((v) => name(v, option));
  };
  const resolved = {
    municipality: name(o.municipality ?? 'municipality', 'municipality'),
    year: o.year === undefined ? null : name(o.year, 'year'),
    sum: names(o.sum, 'sum'),
    weightedMean: names(o.weightedMean, 'weightedMean'),
    weight: o.weight === undefined ? null : name(o.weight, 'weight'),
    mergers: oneOf(o.mergers ?? 'sum', ['sum', 'drop'], 'mergers', WHERE),
  };
  if (resolved.weightedMean.length > 0 && resolved.weight === null) {
    throw new SpecError(
      'invalid-option',
      `${WHERE}: weightedMean columns need a weight column (e.g. inhabitants)`,
      { option: 'weight' },
    );
  }
  return resolved;
}

/** The year column: a number or a non-empty text on every row (absent is `missing-column`). */
function readYears(frame: Frame, column: string, codes: readonly string[]): (string | number)[] {
  const col = frame.column(column);
  const years: (string | number | undefined)[] =
    col.kind === 'numeric'
      ? Array.from(col.values, (v) => (Number.isFinite(v) ? v : undefined))
      : Array.from(col.codes, (c) => (c >= 0 && col.levels[c] !== '' ? col.levels[c] : undefined));
  const bad = years.flatMap((y, i) => (y === undefined ? [i] : []));
  if (bad.length > 0) {
    const ids = bad.map((i) => codes[i] as string);
    throw new MunicipalityError(
      'missing-value',
      `${WHERE}: column '${column}' is missing or not a finite number for codes ${listIds(ids)} (first at row ${(bad[0] as number) + 1})`,
      ids,
      { column, row: (bad[0] as number) + 1 },
    );
  }
  return years as (string | number)[];
}

function compareYears(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return compareIds(String(a), String(b));
}
