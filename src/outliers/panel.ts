/** Indexing municipality-year panels. Internal to `src/outliers`. */
import { OutlierInputError } from './errors.js';
import { idKey, readId, readYear, showId, type UnitId } from './records.js';

/** Row positions of a municipality-year panel. */
export interface PanelIndex {
  /** Municipalities in first-appearance order. */
  readonly ids: readonly UnitId[];
  /** Municipality key → year → row index. */
  readonly rows: ReadonlyMap<string, ReadonlyMap<number, number>>;
  /** Every year present in the rows. */
  readonly years: ReadonlySet<number>;
}

/** Index rows by municipality and year; a municipality-year may appear once. */
export function indexPanel(
  records: readonly Readonly<Record<string, unknown>>[],
  idColumn: string,
  yearColumn: string,
  fn: string,
): PanelIndex {
  if (records.length === 0) throw new OutlierInputError('empty', `${fn} requires at least one row`);
  const years = new Set<number>();
  const ids: UnitId[] = [];
  const rows = new Map<string, Map<number, number>>();
  records.forEach((row, i) => {
    const id = readId(row, idColumn, i);
    const year = readYear(row, yearColumn, i, id);
    years.add(year);
    let unit = rows.get(idKey(id));
    if (!unit) {
      unit = new Map();
      rows.set(idKey(id), unit);
      ids.push(id);
    }
    const previous = unit.get(year);
    if (previous !== undefined) {
      throw new OutlierInputError(
        'duplicate',
        `${fn}: municipality ${showId(id)} has two rows for year ${year} (rows ${previous} and ${i})`,
        { municipality: id, year, row: i },
      );
    }
    unit.set(year, i);
  });
  return { ids, rows, years };
}

/** The row of a municipality-year that must exist (balanced panel over the window). */
export function requireRow(
  panel: PanelIndex,
  id: UnitId,
  year: number,
  window: readonly number[],
  fn: string,
): number {
  const i = panel.rows.get(idKey(id))?.get(year);
  if (i === undefined) {
    throw new OutlierInputError(
      'unbalanced-panel',
      `${fn}: municipality ${showId(id)} has no row for year ${year}; every year of the window ${window.join(', ')} is needed`,
      { municipality: id, year },
    );
  }
  return i;
}
