import { DataError } from '../errors.js';

/**
 * The one validation vocabulary of the data boundary: every path that reads model data (in
 * memory, streamed files, DuckDB) reports each problem with the same error and message. A place
 * is a column and a 1-based data row, or a count of rows when a database only reports how many.
 * @internal
 */
export interface Place {
  /** The function reporting, e.g. `'logit'`. */
  readonly label: string;
  readonly column: string;
  /** What the column is for (`'response'`, `"term 'age'"`, `'weights'`). */
  readonly role?: string;
  /** 1-based data row, when known. */
  readonly row?: number;
  /** Rows affected, when the row itself is not known (DuckDB counts). */
  readonly count?: number;
}

const at = (p: Place) =>
  p.row !== undefined ? `at row ${p.row}` : `on ${p.count ?? 'some'} row${p.count === 1 ? '' : 's'}`;
const named = (p: Place) => `column '${p.column}'${p.role ? ` (${p.role})` : ''}`;
const where = (p: Place) => ({ column: p.column, ...(p.row === undefined ? {} : { row: p.row }) });

/** Largest magnitude a column may reach: beyond it, sums of squares in X'WX overflow or underflow. */
export const MAX_MAGNITUDE = 1e100;

/** A value is missing (NaN, null, empty). */
export function missingValueError(p: Place): DataError {
  return new DataError(
    'missing-value',
    `${p.label}: ${named(p)} is missing ${at(p)}; fill it, drop the row, or pass na: 'omit'`,
    where(p),
  );
}

/** A number is ±Infinity. */
export function notFiniteError(p: Place, value: number | string): DataError {
  return new DataError(
    'not-finite',
    `${p.label}: ${named(p)} is ${value} ${at(p)}; values must be finite`,
    where(p),
  );
}

/** A number is so large or small in magnitude that the fit's sums would overflow or underflow. */
export function magnitudeError(p: Place, value: number): DataError {
  return new DataError(
    'out-of-range',
    `${p.label}: ${named(p)} is ${value} ${at(p)}; magnitudes beyond 1e100 (or below 1e-100) overflow the fit's sums of squares — rescale the column (divide or multiply it by a power of ten)`,
    where(p),
  );
}

/** A response outside the family's range. */
export function responseRangeError(p: Place, value: number | string, range: string): DataError {
  return new DataError(
    'out-of-range',
    `${p.label}: response '${p.column}' is ${value} ${at(p)}; it must be ${range}`,
    where(p),
  );
}

/** A negative prior weight. */
export function negativeWeightError(p: Place, value: number | string): DataError {
  return new DataError(
    'out-of-range',
    `${p.label}: weight column '${p.column}' is ${value} ${at(p)}; prior weights must be ≥ 0`,
    where(p),
  );
}

/** Every prior weight is 0. */
export function zeroWeightsError(label: string, column: string): DataError {
  return new DataError(
    'zero-variance',
    `${label}: weight column '${column}' is 0 on every row; at least some rows need a positive weight`,
    { column },
  );
}

/** The response has one value on every row. */
export function constantResponseError(label: string, column: string, value: number): DataError {
  return new DataError(
    'zero-variance',
    `${label}: response '${column}' is ${value} on every row; there is nothing to model`,
    { column },
  );
}

/**
 * Check one numeric value of a column the fit uses: finite, and of a magnitude whose squares a
 * double holds. Returns nothing; throws the one error for the problem.
 */
export function checkMagnitude(p: Place, v: number, options: { readonly tiny?: boolean } = {}): void {
  if (!Number.isFinite(v)) throw notFiniteError(p, v);
  const a = Math.abs(v);
  if (a > MAX_MAGNITUDE || (options.tiny !== false && a !== 0 && a < 1 / MAX_MAGNITUDE))
    throw magnitudeError(p, v);
}
