import { DataError, SpecError } from '../errors.js';

/** A period: a year (`1989`), or a string that sorts chronologically such as a month `'2022-01'`. */
export type SynthTime = number | string;

/** The subset of an arquero table read here (duck-typed: arquero stays in `src/data`). */
interface TableLike {
  numRows(): number;
  columnNames(): string[];
  array(name: string): ArrayLike<unknown>;
}

/** Panel input: a record of equally long columns, an array of row objects, or an arquero table. */
export type PanelInput =
  | { readonly [column: string]: ArrayLike<unknown> }
  | readonly Readonly<Record<string, unknown>>[]
  | TableLike;

/**
 * A balanced unit × time panel. Units are sorted (as strings) and times chronologically, so the
 * layout never depends on row order. `column(name)` returns a units × times matrix (unit-major,
 * `[u * nTimes + t]`) with NaN for a missing value.
 */
export interface Panel {
  readonly units: readonly string[];
  readonly times: readonly SynthTime[];
  readonly unitIndex: ReadonlyMap<string, number>;
  column(name: string): Float64Array;
}

function isTableLike(x: unknown): x is TableLike {
  const t = x as TableLike;
  return (
    typeof t?.numRows === 'function' && typeof t.columnNames === 'function' && typeof t.array === 'function'
  );
}

/** Raw access to a column of any accepted input. */
function rawColumns(data: PanelInput): { nrows: number; get(name: string): ArrayLike<unknown> | undefined } {
  if (data == null || typeof data !== 'object') {
    throw new DataError(
      'invalid-value',
      'panel must be a column object, an array of row objects or an arquero table',
    );
  }
  if (isTableLike(data)) {
    const names = new Set(data.columnNames());
    return { nrows: data.numRows(), get: (n) => (names.has(n) ? data.array(n) : undefined) };
  }
  if (Array.isArray(data)) {
    const rows = data as readonly Readonly<Record<string, unknown>>[];
    return {
      nrows: rows.length,
      get: (n) => (rows.some((r) => r != null && Object.hasOwn(r, n)) ? rows.map((r) => r?.[n]) : undefined),
    };
  }
  const rec = data as { readonly [column: string]: ArrayLike<unknown> };
  const names = Object.keys(rec);
  const nrows = names.length > 0 ? (rec[names[0]!]?.length ?? 0) : 0;
  return { nrows, get: (n) => (Object.hasOwn(rec, n) ? rec[n] : undefined) };
}

/** Chronological comparison of two times of the same kind. */
export function compareTime(a: SynthTime, b: SynthTime): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** Check that an option's time is of the same kind (year number or string) as the panel's times. */
export function checkTimeKind(panel: Panel, value: SynthTime, what: string): void {
  const kind = typeof panel.times[0];
  if (typeof value !== kind) {
    throw new SpecError(
      'invalid-time',
      `${what} is ${JSON.stringify(value)} (a ${typeof value}) but the panel's times are ${kind}s such as ${JSON.stringify(panel.times[0])}`,
    );
  }
}

/**
 * Read a long-format panel (one row per unit and time) into a balanced matrix layout.
 *
 * @throws DataError `missing-column` for an absent unit/time column, `missing-value` for a missing
 *   unit or time, `duplicate` for two rows with the same unit and time, `unbalanced-panel` when a
 *   unit lacks a time that others have, `invalid-value` for times mixing numbers and strings.
 */
export function readPanel(data: PanelInput, unit: string, time: string): Panel {
  const raw = rawColumns(data);
  const uCol = raw.get(unit);
  const tCol = raw.get(time);
  if (!uCol)
    throw new DataError('missing-column', `unit column '${unit}' is not in the panel`, { column: unit });
  if (!tCol)
    throw new DataError('missing-column', `time column '${time}' is not in the panel`, { column: time });
  const n = raw.nrows;
  if (n === 0) throw new DataError('empty', 'the panel has no rows');
  const unitOf: string[] = new Array(n);
  const timeOf: SynthTime[] = new Array(n);
  let sawNumber = false;
  let sawString = false;
  for (let i = 0; i < n; i++) {
    const u = uCol[i];
    const t = tCol[i];
    if (u === null || u === undefined || u === '') {
      throw new DataError('missing-value', `row ${i} has no unit in column '${unit}'`, {
        column: unit,
        row: i,
      });
    }
    if (t === null || t === undefined || (typeof t === 'number' && !Number.isFinite(t)) || t === '') {
      throw new DataError('missing-value', `row ${i} (unit '${String(u)}') has no time in column '${time}'`, {
        column: time,
        row: i,
      });
    }
    if (typeof t === 'number') sawNumber = true;
    else if (typeof t === 'string') sawString = true;
    else {
      throw new DataError('invalid-value', `row ${i}: time ${String(t)} is neither a number nor a string`, {
        column: time,
        row: i,
      });
    }
    unitOf[i] = String(u);
    timeOf[i] = t as SynthTime;
  }
  if (sawNumber && sawString) {
    throw new DataError('invalid-value', `time column '${time}' mixes numbers and strings; use one kind`, {
      column: time,
    });
  }
  const units = [...new Set(unitOf)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const times = [...new Set(timeOf)].sort(compareTime);
  const unitIndex = new Map(units.map((u, k) => [u, k]));
  const timeIndex = new Map<SynthTime, number>(times.map((t, k) => [t, k]));
  const nT = times.length;
  const cellRow = new Int32Array(units.length * nT).fill(-1);
  for (let i = 0; i < n; i++) {
    const cell = unitIndex.get(unitOf[i]!)! * nT + timeIndex.get(timeOf[i]!)!;
    if (cellRow[cell]! >= 0) {
      throw new DataError(
        'duplicate',
        `unit '${unitOf[i]}' has two rows for time ${JSON.stringify(timeOf[i])} (rows ${cellRow[cell]} and ${i}); keep one row per unit and time`,
        { column: time, row: i },
      );
    }
    cellRow[cell] = i;
  }
  for (let u = 0; u < units.length; u++) {
    const missing: SynthTime[] = [];
    for (let t = 0; t < nT; t++) if (cellRow[u * nT + t]! < 0) missing.push(times[t]!);
    if (missing.length > 0) {
      const shown = missing.slice(0, 5).map((m) => JSON.stringify(m));
      throw new DataError(
        'unbalanced-panel',
        `unit '${units[u]}' has no row for time ${shown.join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}; the panel must be balanced (drop the unit or fill the rows)`,
        { column: time },
      );
    }
  }
  const cache = new Map<string, Float64Array>();
  return {
    units,
    times,
    unitIndex,
    column(name: string): Float64Array {
      const hit = cache.get(name);
      if (hit) return hit;
      const col = raw.get(name);
      if (!col)
        throw new DataError('missing-column', `column '${name}' is not in the panel`, { column: name });
      const out = new Float64Array(cellRow.length);
      for (let c = 0; c < cellRow.length; c++) {
        const row = cellRow[c]!;
        const v = col[row];
        if (v === null || v === undefined || v === '') out[c] = Number.NaN;
        else if (typeof v === 'number' && !Number.isFinite(v) && !Number.isNaN(v)) {
          throw new DataError('invalid-value', `column '${name}' row ${row} is ${v}; use finite numbers`, {
            column: name,
            row,
          });
        } else if (typeof v === 'number') out[c] = v;
        else if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) out[c] = Number(v);
        else {
          throw new DataError(
            'invalid-value',
            `column '${name}' row ${row} holds ${JSON.stringify(v)}, not a number`,
            {
              column: name,
              row,
            },
          );
        }
      }
      cache.set(name, out);
      return out;
    },
  };
}
