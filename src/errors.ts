/**
 * One family of errors. Every error the library throws on purpose extends
 * {@link VerdeelmodelError} and carries a stable `code`, so callers can branch on
 * `err.code` (or `instanceof`) without parsing messages. Messages name the column,
 * row, unit or term at fault and say what to do.
 *
 * Every class takes its arguments in the same order: `(code, message, details?)`, where
 * `details` holds the class's own fields and an optional `cause` that is forwarded to `Error`.
 * Row numbers, in messages and in `row`, are 1-based data rows (as a spreadsheet shows them,
 * not counting a header).
 *
 * @example
 * ```ts
 * import { DataError, logit } from 'verdeelmodel';
 * try { logit({ recv: [0, 1] }, { y: 'recv', x: ['age'] }); }
 * catch (e) { if (e instanceof DataError && e.code === 'missing-column') console.error(e.message); }
 * ```
 */
export class VerdeelmodelError extends Error {
  /** Stable machine-readable code, e.g. `'missing-column'`. */
  readonly code: string;
  constructor(code: string, message: string, details: { readonly cause?: unknown } = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.name = new.target.name;
  }
}

/** Codes used by {@link DataError} (and its subclasses). */
export const DATA_ERROR_CODES = [
  'missing-column',
  'missing-value',
  'invalid-value',
  'out-of-range',
  'length-mismatch',
  'empty',
  'duplicate',
  'unknown-unit',
  'too-few-rows',
  'unbalanced-panel',
  'zero-variance',
  'not-finite',
  'too-large',
  'file-not-found',
  'unreadable-file',
  'lossy-value',
  'perfect-fit',
  'different-rows',
  'missing-table',
] as const;
export type DataErrorCode = (typeof DATA_ERROR_CODES)[number];

/** Where a data problem is: the column, the 1-based data row, and the unit (municipality, state) at fault. */
export interface DataErrorDetails {
  readonly column?: string;
  /** 1-based data row (the first row after a header is row 1). */
  readonly row?: number;
  readonly cause?: unknown;
}

/** Bad input data: a missing column, a NaN or null, a value outside its range, a duplicate or unknown id. */
export class DataError extends VerdeelmodelError {
  declare readonly code: DataErrorCode;
  /** The column at fault, when there is one. */
  readonly column: string | undefined;
  /** The 1-based data row at fault, when there is one. */
  readonly row: number | undefined;
  constructor(code: DataErrorCode, message: string, details: DataErrorDetails = {}) {
    super(code, message, details);
    this.column = details.column;
    this.row = details.row;
  }
}

/** Codes used by {@link SpecError}. */
export const SPEC_ERROR_CODES = [
  'invalid-option',
  'unknown-option',
  'unknown-vcov',
  'unknown-family',
  'no-cluster',
  'invalid-hypothesis',
  'unknown-term',
  'invalid-term',
  'duplicate-predictor',
  'invalid-predictor',
  'invalid-chart',
  'unknown-format',
  'invalid-k',
  'invalid-mapping',
  'invalid-v',
  'missing-column',
  'no-preperiod',
  'no-treated',
  'missing-dependency',
  'node-only',
  'no-leverage',
  'missing-input',
  'invalid-reference',
  'no-rows',
  'treated-in-donors',
  'too-few-donors',
  'time-outside-data',
  'invalid-preperiod',
  'invalid-time',
  'invalid-placebo-time',
  'invalid-break',
  'not-nested',
] as const;
export type SpecErrorCode = (typeof SPEC_ERROR_CODES)[number];

/** A bad option or model specification (unknown family, malformed term, bad hypothesis, unknown option key). */
export class SpecError extends VerdeelmodelError {
  declare readonly code: SpecErrorCode;
  /** The option at fault, when there is one. */
  readonly option: string | undefined;
  constructor(
    code: SpecErrorCode,
    message: string,
    details: { readonly option?: string; readonly cause?: unknown } = {},
  ) {
    super(code, message, details);
    this.option = details.option;
  }
}

/** Design columns that are exact linear combinations of others (R reports these as `NA` coefficients). */
export class AliasingError extends VerdeelmodelError {
  declare readonly code: 'aliased';
  /** Names of the aliased design columns. */
  readonly terms: readonly string[];
  constructor(
    code: 'aliased',
    message: string,
    details: { readonly terms: readonly string[]; readonly cause?: unknown },
  ) {
    super(code, message, details);
    this.terms = details.terms;
  }
}

/** Perfect or quasi-complete separation in a binomial model. */
export class SeparationError extends VerdeelmodelError {
  declare readonly code: 'separation';
  /** Terms whose coefficients diverge. */
  readonly terms: readonly string[];
  /** Number of rows whose fitted probability is numerically 0 or 1. */
  readonly perfectlyPredicted: number;
  constructor(
    code: 'separation',
    message: string,
    details: {
      readonly terms: readonly string[];
      readonly perfectlyPredicted: number;
      readonly cause?: unknown;
    },
  ) {
    super(code, message, details);
    this.terms = details.terms;
    this.perfectlyPredicted = details.perfectlyPredicted;
  }
}

/** IRLS (or another iterative solver) did not converge, or its numbers left the range of doubles. */
export class ConvergenceError extends VerdeelmodelError {
  declare readonly code: 'no-convergence';
  readonly iterations: number;
  /** Last relative change in deviance (or objective). */
  readonly lastChange: number;
  constructor(
    code: 'no-convergence',
    message: string,
    details: { readonly iterations: number; readonly lastChange: number; readonly cause?: unknown },
  ) {
    super(code, message, details);
    this.iterations = details.iterations;
    this.lastChange = details.lastChange;
  }
}

/** Codes used by {@link EngineError}. */
export const ENGINE_ERROR_CODES = ['engine-unavailable', 'query-timeout', 'query-failed'] as const;
export type EngineErrorCode = (typeof ENGINE_ERROR_CODES)[number];

/**
 * A database engine behind a SQL fit (DuckDB, ClickHouse) could not be reached, did not answer within
 * the timeout, or rejected a query. The message names the engine and its URL (or database file).
 */
export class EngineError extends VerdeelmodelError {
  declare readonly code: EngineErrorCode;
  /** Engine name, e.g. `'clickhouse'`. */
  readonly engine: string;
  /** Where the engine was asked: a URL, or a DuckDB database file (`':memory:'`). */
  readonly url: string;
  constructor(
    code: EngineErrorCode,
    message: string,
    details: { readonly engine: string; readonly url: string; readonly cause?: unknown },
  ) {
    super(code, message, details);
    this.engine = details.engine;
    this.url = details.url;
  }
}
