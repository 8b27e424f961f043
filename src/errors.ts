/**
 * One family of errors. Every error the library throws on purpose extends
 * {@link VerdeelmodelError} and carries a stable `code`, so callers can branch on
 * `err.code` (or `instanceof`) without parsing messages. Messages name the column,
 * row, unit or term at fault and say what to do.
 *
 * @example
 * ```ts
 * try { logit(data, { y: 'recv', x: ['age'] }); }
 * catch (e) { if (e instanceof DataError && e.code === 'missing-column') console.error(e.message); }
 * ```
 */
export class VerdeelmodelError extends Error {
  /** Stable machine-readable code, e.g. `'missing-column'`. */
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** Codes used by {@link DataError}. */
export type DataErrorCode =
  | 'missing-column'
  | 'missing-value'
  | 'invalid-value'
  | 'out-of-range'
  | 'length-mismatch'
  | 'empty'
  | 'duplicate'
  | 'unknown-unit'
  | 'too-few-rows'
  | 'unbalanced-panel'
  | 'zero-variance';

/** Bad input data: a missing column, a NaN or null, a value outside its range, a duplicate or unknown id. */
export class DataError extends VerdeelmodelError {
  declare readonly code: DataErrorCode;
  /** The column at fault, when there is one. */
  readonly column: string | undefined;
  /** The 0-based row at fault, when there is one. */
  readonly row: number | undefined;
  constructor(code: DataErrorCode, message: string, where: { column?: string; row?: number } = {}) {
    super(code, message);
    this.column = where.column;
    this.row = where.row;
  }
}

/** A bad option or model specification (unknown family, malformed term, bad hypothesis). */
export class SpecError extends VerdeelmodelError {
  constructor(message: string, code = 'invalid-spec') {
    super(code, message);
  }
}

/** Design columns that are exact linear combinations of others (R reports these as `NA` coefficients). */
export class AliasingError extends VerdeelmodelError {
  /** Names of the aliased design columns. */
  readonly terms: readonly string[];
  constructor(terms: readonly string[], message: string) {
    super('aliased', message);
    this.terms = terms;
  }
}

/** Perfect or quasi-complete separation in a binomial model. */
export class SeparationError extends VerdeelmodelError {
  /** Terms whose coefficients diverge. */
  readonly terms: readonly string[];
  /** Number of rows whose fitted probability is numerically 0 or 1. */
  readonly perfectlyPredicted: number;
  constructor(terms: readonly string[], perfectlyPredicted: number, message: string) {
    super('separation', message);
    this.terms = terms;
    this.perfectlyPredicted = perfectlyPredicted;
  }
}

/** IRLS (or another iterative solver) did not converge. */
export class ConvergenceError extends VerdeelmodelError {
  readonly iterations: number;
  /** Last relative change in deviance (or objective). */
  readonly lastChange: number;
  constructor(iterations: number, lastChange: number, message: string) {
    super('no-convergence', message);
    this.iterations = iterations;
    this.lastChange = lastChange;
  }
}
