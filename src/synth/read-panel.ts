import { type Column, type DataInput, type FactorColumn, type Frame, toFrame } from '../data/frame.js';
import { parseDecimal, parseDecimalStrict } from '../data/parse-number.js';
import { DataError, SpecError } from '../errors.js';

/** A period: a year (`1989`), or a string that sorts chronologically such as a month `'2022-01'`. */
export type SynthTime = number | string;

/** The subset of an arquero table read here (duck-typed: arquero stays in `src/data`). */
interface TableLike {
  numRows(): number;
  columnNames(): string[];
  array(name: string): ArrayLike<unknown>;
}

/**
 * Panel input: a record of equally long columns, an array of row objects, an arquero table, or a
 * {@link Frame} from `src/data` (every shape goes through `toFrame`, the one data boundary).
 */
export type PanelInput =
  | { readonly [column: string]: ArrayLike<unknown> }
  | readonly Readonly<Record<string, unknown>>[]
  | TableLike
  | Frame;

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
 * Read a long-format panel (one row per unit and time) into a balanced matrix layout. The input goes
 * through `toFrame` (src/data) once; text cells of value columns are parsed only by the strict
 * decimal parser (`parseDecimal`), so a blank cell is a missing value (never 0) and `0x10` is an
 * error (never 16). Missing values (null, NaN, a blank cell) stay NaN in `column(name)`: the caller
 * decides whether a gap is allowed there (window means skip them, outcomes may not have any).
 *
 * Row numbers in messages and in `DataError.row` are 1-based data rows.
 *
 * @throws DataError `missing-column` for an absent unit/time/value column, `missing-value` for a
 *   missing unit or time, `not-finite` for an infinite unit, time or value, `duplicate` for two rows
 *   with the same unit and time, `unbalanced-panel` when a unit lacks a time that others have,
 *   `invalid-value` for times mixing numbers and strings, boolean times and text that is not a
 *   decimal number, `lossy-value` for an integer a double cannot hold; every message names the
 *   unit, time and column at fault.
 * @example
 * ```ts
 * import { readPanel } from './read-panel.js';
 * const panel = readPanel({ state: ['A', 'A', 'B', 'B'], year: [1, 2, 1, 2], y: ['1.5', '', '2', '3'] }, 'state', 'year');
 * panel.column('y'); // => Float64Array [1.5, NaN, 2, 3] (blank = missing)
 * ```
 */
export function readPanel(data: PanelInput, unit: string, time: string): Panel {
  const frame = toFrame(data as DataInput | Frame);
  if (!frame.has(unit))
    throw new DataError('missing-column', `unit column '${unit}' is not in the panel`, { column: unit });
  if (!frame.has(time))
    throw new DataError('missing-column', `time column '${time}' is not in the panel`, { column: time });
  const n = frame.nrows;
  if (n === 0) throw new DataError('empty', 'the panel has no rows');
  const unitOf = unitValues(frame.column(unit), n);
  const timeOf = timeValues(frame.column(time), n, unitOf);
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
        `unit '${unitOf[i]}' has two rows for time ${JSON.stringify(timeOf[i])} (rows ${cellRow[cell]! + 1} and ${i + 1}); keep one row per unit and time`,
        { column: time, row: i + 1 },
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
  const where = (name: string, c: number, row: number) =>
    `column '${name}' for unit '${units[Math.floor(c / nT)]}' at time ${JSON.stringify(times[c % nT])} (row ${row + 1})`;
  return {
    units,
    times,
    unitIndex,
    column(name: string): Float64Array {
      const hit = cache.get(name);
      if (hit) return hit;
      if (!frame.has(name))
        throw new DataError('missing-column', `column '${name}' is not in the panel`, { column: name });
      const out = cellValues(frame.column(name), cellRow, (c, row) => where(name, c, row));
      cache.set(name, out);
      return out;
    },
  };
}

/** The text of a factor cell; null where it is missing or blank. */
function factorText(col: FactorColumn, i: number): string | null {
  const code = col.codes[i]!;
  const text = code >= 0 ? col.levels[code]! : null;
  return text !== null && text.trim() === '' ? null : text;
}

/** Unit ids as strings; a missing or infinite id is an error naming the row. */
function unitValues(col: Column, n: number): string[] {
  const out: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    let id: string | null;
    if (col.kind === 'factor') id = factorText(col, i);
    else {
      const v = col.values[i]!;
      if (Number.isNaN(v)) id = null;
      else if (!Number.isFinite(v)) {
        throw new DataError(
          'not-finite',
          `row ${i + 1} has the unit ${v} in column '${col.name}'; unit ids must be names or finite numbers`,
          { column: col.name, row: i + 1 },
        );
      } else id = String(v);
    }
    if (id === null) {
      throw new DataError('missing-value', `row ${i + 1} has no unit in column '${col.name}'`, {
        column: col.name,
        row: i + 1,
      });
    }
    out[i] = id;
  }
  return out;
}

/** Times as numbers (years) or strings (such as months); missing, infinite or boolean times are errors. */
function timeValues(col: Column, n: number, unitOf: readonly string[]): SynthTime[] {
  const out: SynthTime[] = new Array(n);
  const name = col.name;
  if (col.kind === 'numeric' && col.logical) {
    throw new DataError(
      'invalid-value',
      `time column '${name}' holds booleans; use year numbers or strings that sort chronologically`,
      { column: name },
    );
  }
  for (let i = 0; i < n; i++) {
    let t: SynthTime | null;
    if (col.kind === 'factor') t = factorText(col, i);
    else {
      const v = col.values[i]!;
      if (!Number.isNaN(v) && !Number.isFinite(v)) {
        throw new DataError(
          'not-finite',
          `row ${i + 1} (unit '${unitOf[i]}') has the time ${v} in column '${name}'; use finite years`,
          { column: name, row: i + 1 },
        );
      }
      t = Number.isNaN(v) ? null : v;
    }
    if (t === null) {
      throw new DataError(
        'missing-value',
        `row ${i + 1} (unit '${unitOf[i]}') has no time in column '${name}'`,
        {
          column: name,
          row: i + 1,
        },
      );
    }
    out[i] = t;
  }
  return out;
}

/**
 * The value of every cell (unit-major) of one column; NaN where the value is missing. Text is
 * parsed by the strict decimal parser, each distinct text once.
 */
function cellValues(
  col: Column,
  cellRow: Int32Array,
  where: (cell: number, row: number) => string,
): Float64Array {
  const out = new Float64Array(cellRow.length);
  if (col.kind === 'numeric') {
    for (let c = 0; c < cellRow.length; c++) {
      const row = cellRow[c]!;
      const v = col.values[row]!;
      if (!Number.isNaN(v) && !Number.isFinite(v)) {
        throw new DataError(
          'not-finite',
          `${where(c, row)} is ${v}; use finite numbers or leave the value missing`,
          {
            column: col.name,
            row: row + 1,
          },
        );
      }
      out[c] = v;
    }
    return out;
  }
  // Text cells: blank = missing; anything else must be a plain decimal number.
  const parsed = col.levels.map((text) => (text.trim() === '' ? Number.NaN : parseDecimal(text)));
  const blank = col.levels.map((text) => text.trim() === '');
  for (let c = 0; c < cellRow.length; c++) {
    const row = cellRow[c]!;
    const code = col.codes[row]!;
    if (code < 0 || blank[code]) {
      out[c] = Number.NaN;
      continue;
    }
    const v = parsed[code]!;
    if (Number.isNaN(v)) {
      // Throws the typed error (invalid-value, or lossy-value for an inexact integer).
      parseDecimalStrict(col.levels[code]!, { what: where(c, row), column: col.name, row: row + 1 });
    }
    out[c] = v;
  }
  return out;
}
