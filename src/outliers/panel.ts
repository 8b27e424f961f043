/** Indexing municipality-year panels read from a Frame. Internal to `src/outliers`. */
import type { Frame } from '../data/index.js';
import { OutlierInputError } from './errors.js';
import { idKey, readIds, readYears, showId, type UnitId } from './records.js';

/** Row positions of a municipality-year panel. */
export interface PanelIndex {
  /** Municipalities in first-appearance order. */
  readonly ids: readonly UnitId[];
  /** Municipality key → year → 0-based row index. */
  readonly rows: ReadonlyMap<string, ReadonlyMap<number, number>>;
  /** Every year present in the rows. */
  readonly years: ReadonlySet<number>;
}

/** Index rows by municipality and year; a municipality-year may appear once. */
export function indexPanel(frame: Frame, municipality: string, year: string, fn: string): PanelIndex {
  const rowIds = readIds(frame, municipality, fn);
  const rowYears = readYears(frame, year, rowIds, fn);
  const years = new Set<number>();
  const ids: UnitId[] = [];
  const rows = new Map<string, Map<number, number>>();
  for (let i = 0; i < frame.nrows; i++) {
    const id = rowIds[i] as UnitId;
    const y = rowYears[i] as number;
    years.add(y);
    let unit = rows.get(idKey(id));
    if (!unit) {
      unit = new Map();
      rows.set(idKey(id), unit);
      ids.push(id);
    }
    const previous = unit.get(y);
    if (previous !== undefined) {
      throw new OutlierInputError(
        'duplicate',
        `${fn}: municipality ${showId(id)} has two rows for year ${y} (rows ${previous + 1} and ${i + 1}); give one row per municipality-year`,
        { municipality: id, year: y, row: i + 1 },
      );
    }
    unit.set(y, i);
  }
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
