import { checkOptions } from '../internal/options.js';
import { OutlierInputError } from './errors.js';
import { movingIndex } from './moving-index.js';
import { checkCounts } from './neighbourhood-counts.js';
import { columnOption } from './options.js';
import {
  idKey,
  numberAt,
  type RecordsInput,
  readFrame,
  readIds,
  readNumbers,
  readYears,
  type UnitId,
} from './records.js';
import { segregationIndex } from './segregation-index.js';
import { stableMean } from './stable.js';

/** Options of {@link neighbourhoodIndices}. */
export interface NeighbourhoodIndicesOptions {
  /** Column with the municipality id. @default 'municipality' */
  readonly municipality?: string;
  /** Column with the year; when given, indices are per municipality-year and also averaged. @default undefined */
  readonly year?: string;
  /** Column with the group's households in the neighbourhood (A_b). @default 'group' */
  readonly group?: string;
  /** Column with the other households in the neighbourhood (O_b). @default 'other' */
  readonly other?: string;
}

/** Indices of one municipality (in one year). */
export interface NeighbourhoodIndexRow {
  readonly municipality: UnitId;
  /** The year, or null without a year column. */
  readonly year: number | null;
  readonly neighbourhoods: number;
  /** `p = A_g / (A_g + O_g)`, the group's share of all households. */
  readonly groupShare: number;
  readonly segregationIndex: number;
  readonly movingIndex: number;
}

/** Mean indices of one municipality over its years (S1 uses 2017-2020 means). */
export interface NeighbourhoodIndexMean {
  readonly municipality: UnitId;
  readonly years: number;
  readonly segregationIndex: number;
  readonly movingIndex: number;
}

/** Result of {@link neighbourhoodIndices}. */
export interface NeighbourhoodIndices {
  readonly options: {
    readonly municipality: string;
    readonly year: string | null;
    readonly group: string;
    readonly other: string;
  };
  /** One row per municipality (-year), in first-appearance order. */
  readonly rows: readonly NeighbourhoodIndexRow[];
  /** One row per municipality: the unweighted mean over its years (equal to `rows` without a year column). */
  readonly means: readonly NeighbourhoodIndexMean[];
}

/**
 * Segregation and moving indices ({@link segregationIndex}, {@link movingIndex}) for every municipality
 * (and year) of a table of neighbourhood counts, plus their mean over the years (S1 Annex C).
 *
 * @param rows - one row per neighbourhood (and year) with municipality, group and other counts
 * @param options - column names
 * @returns per-municipality(-year) indices and their means
 * @throws {OutlierInputError} as the index functions, plus `missing-value`, `not-finite`, `missing-column`;
 *   messages name the municipality and year
 * @throws {SpecError} `unknown-option`, `invalid-option`
 * @example
 * ```ts
 * import { neighbourhoodIndices } from 'verdeelmodel/outliers';
 * const res = neighbourhoodIndices([
 *   { municipality: 'A', group: 10, other: 0 },
 *   { municipality: 'A', group: 0, other: 10 },
 * ]);
 * res.rows[0]?.segregationIndex; // => 1
 * ```
 */
export function neighbourhoodIndices(
  rows: RecordsInput,
  options: NeighbourhoodIndicesOptions = {},
): NeighbourhoodIndices {
  const fn = 'neighbourhoodIndices';
  const col = resolveNeighbourhoodIndicesOptions(options);
  const frame = readFrame(rows, fn);
  const ids = readIds(frame, col.municipality, fn);
  const years = col.year === null ? null : readYears(frame, col.year, ids, fn);
  const groupCounts = readNumbers(frame, col.group, fn, 'household counts');
  const otherCounts = readNumbers(frame, col.other, fn, 'household counts');
  const cells = new Map<string, { id: UnitId; year: number | null; group: number[]; other: number[] }>();
  for (let i = 0; i < frame.nrows; i++) {
    const id = ids[i] as UnitId;
    const year = years === null ? null : (years[i] as number);
    const at = { index: i, municipality: id, ...(year === null ? {} : { year }) };
    const a = numberAt(groupCounts, col.group, fn, at);
    const o = numberAt(otherCounts, col.other, fn, at);
    const key = `${idKey(id)}\u0000${year ?? ''}`;
    let cell = cells.get(key);
    if (!cell) {
      cell = { id, year, group: [], other: [] };
      cells.set(key, cell);
    }
    cell.group.push(a);
    cell.other.push(o);
  }

  const out: NeighbourhoodIndexRow[] = [];
  const perUnit = new Map<string, { id: UnitId; si: number[]; vi: number[] }>();
  for (const cell of cells.values()) {
    const at = `municipality '${cell.id}'${cell.year === null ? '' : `, year ${cell.year}`}`;
    let si: number;
    let vi: number;
    try {
      si = segregationIndex(cell.group, cell.other);
      vi = movingIndex(cell.group, cell.other);
    } catch (e) {
      if (!(e instanceof OutlierInputError)) throw e;
      throw new OutlierInputError(e.code, `${fn}: ${at}: ${e.message}`, {
        municipality: cell.id,
        ...(cell.year === null ? {} : { year: cell.year }),
        cause: e,
      });
    }
    const totals = checkCounts(cell.group, cell.other, fn);
    out.push({
      municipality: cell.id,
      year: cell.year,
      neighbourhoods: cell.group.length,
      groupShare: totals.group / (totals.group + totals.other),
      segregationIndex: si,
      movingIndex: vi,
    });
    const unit = perUnit.get(idKey(cell.id)) ?? { id: cell.id, si: [], vi: [] };
    unit.si.push(si);
    unit.vi.push(vi);
    perUnit.set(idKey(cell.id), unit);
  }
  const means = [...perUnit.values()].map((u) => ({
    municipality: u.id,
    years: u.si.length,
    segregationIndex: stableMean(u.si),
    movingIndex: stableMean(u.vi),
  }));
  return { options: col, rows: out, means };
}

/** Check the options of {@link neighbourhoodIndices} once. */
export function resolveNeighbourhoodIndicesOptions(
  options: NeighbourhoodIndicesOptions,
): NeighbourhoodIndices['options'] {
  const fn = 'neighbourhoodIndices';
  const o = checkOptions(options, ['municipality', 'year', 'group', 'other'], fn);
  return {
    municipality: columnOption(o.municipality, 'municipality', 'municipality', fn),
    year: o.year === undefined ? null : columnOption(o.year, '', 'year', fn),
    group: columnOption(o.group, 'group', 'group', fn),
    other: columnOption(o.other, 'other', 'other', fn),
  };
}
