import { DataError, SpecError } from '../errors.js';
import { listIds, MunicipalityError } from './errors.js';
import {
  type MunicipalClassification,
  mapMunicipalityCode,
  type Successor,
} from './municipal-classification.js';
import { compareIds, duplicateKeys } from './municipality-values.js';

/** Options of {@link aggregateToClassification}: which columns to read and how to combine them. */
export interface AggregateToClassificationOptions {
  /**
   * Column with the municipality code.
   * @default 'id'
   */
  readonly id?: string;
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
   * Share or rate columns (e.g. a low-literacy share): population-weighted re-allocation [S1; DOMAIN §6], the
   * mean of the sources weighted by `weight × fraction`.
   * @default []
   */
  readonly weightedMean?: readonly string[];
  /**
   * Weight column for `weightedMean` (usually population); required when `weightedMean` is not empty. It is
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
  readonly options: Required<Omit<AggregateToClassificationOptions, 'year' | 'weight'>> & {
    readonly year: string | null;
    readonly weight: string | null;
  };
}

/**
 * Put a per-municipality(-year) table on a target municipal classification: every row's code is mapped to
 * its successors, amounts are summed and shares/rates re-allocated with population weights. Nothing is
 * dropped silently: unknown codes, duplicate (code, year) rows and missing values throw, naming them.
 *
 * @param rows - Row objects with an id column, optionally a year column, and numeric columns.
 * @param classification - From municipalClassification.
 * @param options - Which columns to sum and which to average.
 * @returns The aggregated rows, the sources of each output code and the resolved options.
 * @throws {MunicipalityError} `unknown-unit` naming unknown codes, `duplicate` naming repeated (code, year)
 *   rows, `missing-value` naming codes with a missing or NaN value, `out-of-range` for negative weights.
 * @example
 * ```ts
 * const c = municipalClassification([{ from: 'A', to: 'C' }, { from: 'B', to: 'C' }]);
 * aggregateToClassification(
 *   [{ id: 'A', spending: 10, population: 100, share: 0.1 }, { id: 'B', spending: 5, population: 300, share: 0.3 }],
 *   c,
 *   { sum: ['spending'], weightedMean: ['share'], weight: 'population' },
 * ).rows;
 * // => [{ id: 'C', spending: 15, population: 400, share: 0.25 }]
 * ```
 */
export function aggregateToClassification(
  rows: readonly Readonly<Record<string, unknown>>[],
  classification: MunicipalClassification,
  options: AggregateToClassificationOptions = {},
): ClassificationAggregate {
  const o = {
    id: options.id ?? 'id',
    year: options.year ?? null,
    sum: [...(options.sum ?? [])],
    weightedMean: [...(options.weightedMean ?? [])],
    weight: options.weight ?? null,
    mergers: options.mergers ?? 'sum',
  };
  if (o.mergers !== 'sum' && o.mergers !== 'drop') {
    throw new SpecError(
      'invalid-option',
      `aggregateToClassification: mergers must be 'sum' or 'drop', got '${o.mergers}'`,
    );
  }
  if (o.weightedMean.length > 0 && o.weight === null) {
    throw new SpecError(
      'invalid-option',
      'aggregateToClassification: weightedMean columns need a weight column (e.g. population)',
    );
  }
  const summed = o.weight !== null && !o.sum.includes(o.weight) ? [...o.sum, o.weight] : o.sum;
  const both = o.weightedMean.filter((c) => summed.includes(c));
  if (both.length > 0) {
    throw new SpecError(
      'invalid-option',
      `aggregateToClassification: columns ${both.join(', ')} cannot be both summed and averaged`,
    );
  }
  const numeric = [...new Set([...summed, ...o.weightedMean])];

  // Validate everything first, so each error names all offenders.
  const codes = rows.map((r, i) => {
    const code = r[o.id];
    if (typeof code !== 'string' || code === '') {
      throw new DataError(
        'missing-value',
        `aggregateToClassification: row ${i} has no string code in '${o.id}'`,
        { column: o.id, row: i },
      );
    }
    return code;
  });
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
      `aggregateToClassification: codes ${listIds(ids)} are not in the classification; add them to the mapping (from = to for unchanged municipalities) or targetCodes`,
      ids,
      { column: o.id },
    );
  }
  const keyOf = (i: number) => (o.year === null ? '' : String(rows[i][o.year]));
  const ids = duplicateKeys(codes.map((code, i) => (o.year === null ? code : `${code} (${keyOf(i)})`)));
  if (ids.length > 0) {
    throw new MunicipalityError(
      'duplicate',
      `aggregateToClassification: codes ${listIds(ids)} occur more than once${o.year === null ? '' : ' in the same year'}`,
      ids,
      { column: o.id },
    );
  }
  for (const column of [...numeric, ...(o.year === null ? [] : [o.year])]) {
    const bad = codes.filter((_, i) => {
      const v = rows[i][column];
      return column === o.year
        ? v === undefined || v === null || v === ''
        : typeof v !== 'number' || !Number.isFinite(v);
    });
    if (bad.length > 0) {
      throw new MunicipalityError(
        'missing-value',
        `aggregateToClassification: column '${column}' is missing or not a finite number for codes ${listIds(bad)}`,
        bad,
        { column },
      );
    }
  }
  if (o.weight !== null) {
    const w = o.weight;
    const negative = codes.filter((_, i) => (rows[i][w] as number) < 0);
    if (negative.length > 0) {
      throw new MunicipalityError(
        'out-of-range',
        `aggregateToClassification: weight '${w}' is negative for codes ${listIds(negative)}`,
        negative,
        { column: w },
      );
    }
  }

  interface Group {
    code: string;
    year: unknown;
    sums: Map<string, number>;
    weighted: Map<string, number>;
    weightTotal: number;
    sources: Set<string>;
  }
  const groups = new Map<string, Group>();
  const sources = new Map<string, Set<string>>();
  rows.forEach((row, i) => {
    for (const s of mapped[i] as Successor[]) {
      const key = `${s.code}\u0000${keyOf(i)}`;
      let g = groups.get(key);
      if (!g) {
        g = {
          code: s.code,
          year: o.year === null ? undefined : row[o.year],
          sums: new Map(),
          weighted: new Map(),
          weightTotal: 0,
          sources: new Set(),
        };
        groups.set(key, g);
      }
      for (const c of summed) g.sums.set(c, (g.sums.get(c) ?? 0) + s.fraction * (row[c] as number));
      const w = o.weight === null ? 0 : s.fraction * (row[o.weight] as number);
      g.weightTotal += w;
      for (const c of o.weightedMean) g.weighted.set(c, (g.weighted.get(c) ?? 0) + w * (row[c] as number));
      const src = sources.get(s.code) ?? new Set<string>();
      src.add(codes[i]);
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
      `aggregateToClassification: the total weight '${o.weight}' is 0 for codes ${listIds(zeroWeight)}, so their weighted means are not defined`,
      zeroWeight,
      { column: o.weight ?? undefined },
    );
  }
  const out = kept.map((g) => {
    const r: Record<string, string | number> = { [o.id]: g.code };
    if (o.year !== null) r[o.year] = g.year as string | number;
    for (const c of summed) r[c] = g.sums.get(c)!;
    for (const c of o.weightedMean) r[c] = g.weighted.get(c)! / g.weightTotal;
    return r;
  });
  const sourceRecord: Record<string, string[]> = {};
  for (const code of [...sources.keys()].filter((c) => !droppedSet.has(c)).sort(compareIds)) {
    sourceRecord[code] = [...sources.get(code)!].sort(compareIds);
  }
  return { rows: out, sources: sourceRecord, dropped, options: o };
}

function compareYears(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return compareIds(String(a), String(b));
}
