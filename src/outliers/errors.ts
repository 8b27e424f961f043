import { DataError, type DataErrorCode } from '../errors.js';

/** Where an outlier-analysis input went wrong: the municipality, year and/or indicator at fault. */
export interface OutlierInputLocation {
  /** The municipality id at fault. */
  readonly municipality?: string | number;
  /** The year at fault. */
  readonly year?: number;
  /** The indicator (feature column) at fault. */
  readonly indicator?: string;
  /** The input column at fault. */
  readonly column?: string;
  /** The 1-based data row at fault (as a spreadsheet shows it; the first row after a header is row 1). */
  readonly row?: number;
  /** The error this one wraps, forwarded to `Error.cause`. */
  readonly cause?: unknown;
}

/**
 * Bad input to the deficit/surplus ("tekort/overschot") analyses: a municipality missing from one of the
 * inputs, a year outside the data, a comparison group ("vergelijkingsgroep") too small or without
 * variance, a budget of zero. It is a {@link DataError}, so `instanceof DataError` and `err.code` keep
 * working, and it also carries the municipality, year and indicator it is about.
 *
 * @example
 * ```ts
 * import { balances, OutlierInputError, type RecordsInput } from 'verdeelmodel/outliers';
 * declare const rows: RecordsInput; // one row per municipality and year (see balances)
 * try { balances(rows, { years: [2017, 2018, 2019, 2020] }); }
 * catch (e) { if (e instanceof OutlierInputError) console.error(e.code, e.municipality, e.year); }
 * ```
 */
export class OutlierInputError extends DataError {
  /** The municipality at fault, when there is one. */
  readonly municipality: string | number | undefined;
  /** The year at fault, when there is one. */
  readonly year: number | undefined;
  /** The indicator at fault, when there is one. */
  readonly indicator: string | undefined;
  constructor(code: DataErrorCode, message: string, where: OutlierInputLocation = {}) {
    const loc: { column?: string; row?: number; cause?: unknown } = {};
    if (where.column !== undefined) loc.column = where.column;
    if (where.row !== undefined) loc.row = where.row;
    if (where.cause !== undefined) loc.cause = where.cause;
    super(code, message, loc);
    this.municipality = where.municipality;
    this.year = where.year;
    this.indicator = where.indicator;
  }
}
