/**
 * The one input boundary of `src/outliers`: every table goes through `toFrame` (src/data) once, and
 * its columns are checked here, with one message per problem (missing column, text where numbers are
 * needed, a missing value, a non-finite value, a bad id or year). Rows are 1-based in messages and in
 * `row`, as a spreadsheet shows them. Internal to `src/outliers`.
 */
import { type Column, type DataInput, type Frame, toFrame } from '../data/frame.js';
import { OutlierInputError } from './errors.js';

/** A municipality id: a CBS code such as `'GM0363'` or `363`, or a name. */
export type UnitId = string | number;

/**
 * Tabular input: an array of row objects, a column object (`{ municipality: [...], year: [...] }`)
 * whose columns all have the same length, an arquero table, or a `Frame` from `verdeelmodel/data`.
 */
export type RecordsInput = DataInput | Frame;

/** A group member given as its id or as an object carrying it (such as a selection entry). */
export type MemberLike = UnitId | { readonly municipality: UnitId };

/** Normalise the input to a {@link Frame} (no row objects are built) and require at least one row. */
export function readFrame(data: RecordsInput, fn: string): Frame {
  if (data === null || typeof data !== 'object') {
    throw new OutlierInputError(
      'invalid-value',
      `${fn}: data must be an array of row objects, an object of columns or an arquero table`,
    );
  }
  const frame = toFrame(data);
  if (frame.nrows === 0) throw new OutlierInputError('empty', `${fn} requires at least one row`);
  return frame;
}

/** A column that must be present. */
export function frameColumn(frame: Frame, name: string, fn: string): Column {
  if (!frame.has(name)) {
    const hint = frame.names.length <= 20 ? ` (columns: ${frame.names.join(', ')})` : '';
    throw new OutlierInputError('missing-column', `${fn}: column '${name}' is not in the data${hint}`, {
      column: name,
    });
  }
  return frame.column(name);
}

/** Quote an id for a message: `'GM0363'`. */
export function showId(id: UnitId): string {
  return `'${id}'`;
}

/** The id of a group member given as an id or an object with `municipality`. */
export function memberId(member: MemberLike): UnitId {
  return typeof member === 'object' && member !== null ? member.municipality : member;
}

/** Map key for an id, so 363 and '363' are the same municipality. */
export function idKey(id: UnitId): string {
  return String(id);
}

/** The first row (0-based) holding text in a factor column, for messages. */
function firstText(col: Column): number {
  if (col.kind !== 'factor') return -1;
  for (let i = 0; i < col.codes.length; i++) if (col.codes[i] !== -1) return i;
  return -1;
}

function textInNumbers(col: Column, what: string, fn: string): OutlierInputError {
  const i = firstText(col);
  const at =
    i >= 0 && col.kind === 'factor' ? ` ('${col.levels[col.codes[i] as number]}' in row ${i + 1})` : '';
  return new OutlierInputError(
    'invalid-value',
    `${fn}: column '${col.name}' holds text${at}; ${what} must be numbers (parse text with parseDecimal from verdeelmodel/data)`,
    i >= 0 ? { column: col.name, row: i + 1 } : { column: col.name },
  );
}

/** The municipality id of every row, checked: present, a non-empty string or a finite number. */
export function readIds(frame: Frame, column: string, fn: string): UnitId[] {
  const col = frameColumn(frame, column, fn);
  const ids = new Array<UnitId>(frame.nrows);
  const missing = (i: number) =>
    new OutlierInputError(
      'missing-value',
      `${fn}: row ${i + 1} has no municipality id in column '${column}'`,
      {
        column,
        row: i + 1,
      },
    );
  const bad = (i: number, value: unknown) =>
    new OutlierInputError(
      'invalid-value',
      `${fn}: row ${i + 1}: municipality id in column '${column}' must be a non-empty string or a finite number, got ${String(value)}`,
      { column, row: i + 1 },
    );
  if (col.kind === 'factor') {
    for (let i = 0; i < frame.nrows; i++) {
      const code = col.codes[i] as number;
      if (code === -1) throw missing(i);
      if (!Number.isInteger(code) || code < 0 || code >= col.levels.length) {
        throw new OutlierInputError(
          'invalid-value',
          `${fn}: row ${i + 1}: factor code ${code} of column '${column}' is not an integer in 0..${col.levels.length - 1}`,
          { column, row: i + 1 },
        );
      }
      const id = col.levels[code] as string;
      if (id.length === 0) throw bad(i, "''");
      ids[i] = id;
    }
    return ids;
  }
  if (col.logical) throw bad(firstFinite(col.values), 'a boolean');
  for (let i = 0; i < frame.nrows; i++) {
    const v = col.values[i] as number;
    if (Number.isNaN(v)) throw missing(i);
    if (!Number.isFinite(v)) throw bad(i, v);
    ids[i] = v;
  }
  return ids;
}

function firstFinite(values: ArrayLike<number>): number {
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) return i;
  return 0;
}

/** The integer year of every row, checked; messages name the row's municipality. */
export function readYears(frame: Frame, column: string, ids: readonly UnitId[], fn: string): Float64Array {
  const col = frameColumn(frame, column, fn);
  if (col.kind === 'factor') throw textInNumbers(col, 'years', fn);
  const years = new Float64Array(frame.nrows);
  for (let i = 0; i < frame.nrows; i++) {
    const v = col.values[i] as number;
    if (col.logical || !Number.isInteger(v)) {
      const municipality = ids[i] as UnitId;
      throw new OutlierInputError(
        Number.isNaN(v) ? 'missing-value' : 'invalid-value',
        `${fn}: row ${i + 1} (municipality ${showId(municipality)}): year in column '${column}' must be an integer, got ${col.logical ? String(v === 1) : String(v)}`,
        { column, row: i + 1, municipality },
      );
    }
    years[i] = v;
  }
  return years;
}

/**
 * A numeric column, checked to hold numbers (not text; booleans only where `logical` allows 0/1
 * indicators). The values themselves are checked where they are used ({@link numberAt}), so that a
 * hole in a row that an analysis does not use stays harmless.
 */
export function readNumbers(
  frame: Frame,
  column: string,
  fn: string,
  what = 'values',
  logical = false,
): ArrayLike<number> {
  const col = frameColumn(frame, column, fn);
  if (col.kind === 'factor') throw textInNumbers(col, what, fn);
  if (col.logical && !logical) {
    throw new OutlierInputError(
      'invalid-value',
      `${fn}: column '${column}' holds true/false; ${what} must be numbers`,
      { column },
    );
  }
  return col.values;
}

/** Where a value is used, for messages: 0-based row index and the unit it belongs to. */
export interface ValueSite {
  /** 0-based row index into the frame (reported 1-based). */
  readonly index: number;
  readonly municipality: UnitId;
  readonly year?: number;
  readonly indicator?: string;
}

/** One value of a numeric column that must be finite: a missing (NaN) or infinite value throws. */
export function numberAt(values: ArrayLike<number>, column: string, fn: string, at: ValueSite): number {
  const value = values[at.index] as number;
  if (Number.isFinite(value)) return value;
  const yearText = at.year === undefined ? '' : `, year ${at.year}`;
  const missing = Number.isNaN(value);
  throw new OutlierInputError(
    missing ? 'missing-value' : 'not-finite',
    `${fn}: municipality ${showId(at.municipality)}${yearText}: ${missing ? 'no value (missing or NaN)' : `value ${value} is not a finite number`} in column '${column}' (row ${at.index + 1})`,
    {
      column,
      row: at.index + 1,
      municipality: at.municipality,
      year: at.year,
      indicator: at.indicator,
    },
  );
}

/**
 * Resolve group members to the ids as the data spell them, checking once that each is known
 * (`unknown-unit`) and in no earlier group, nor twice in this one (`duplicate`). `taken` carries the
 * groups resolved so far (key → group label); `source` says where the ids were looked up.
 */
export function resolveMembers(
  known: (key: string) => UnitId | undefined,
  members: readonly MemberLike[],
  label: string,
  fn: string,
  taken: Map<string, string>,
  source: string,
): UnitId[] {
  const ids: UnitId[] = [];
  for (const member of members) {
    const given = memberId(member);
    const key = idKey(given);
    const id = known(key);
    if (id === undefined) {
      throw new OutlierInputError(
        'unknown-unit',
        `${fn}: ${label} municipality ${showId(given)} is not in ${source}`,
        { municipality: given },
      );
    }
    const earlier = taken.get(key);
    if (earlier !== undefined) {
      throw new OutlierInputError(
        'duplicate',
        earlier === label
          ? `${fn}: municipality ${showId(id)} is listed twice in the ${label} group`
          : `${fn}: municipality ${showId(id)} is in the ${earlier} group and in the ${label} group`,
        { municipality: id },
      );
    }
    taken.set(key, label);
    ids.push(id);
  }
  return ids;
}
