import { DataError, SpecError } from '../errors.js';

/** A categorical column as integer codes into `levels`. */
export interface HouseholdFactor {
  readonly codes: ArrayLike<number>;
  readonly levels: readonly string[];
}

/** A column as the data layer accepts it: numbers (typed arrays included) or a factor. */
export type HouseholdColumn = ArrayLike<number> | HouseholdFactor;

function isFactor(c: HouseholdColumn): c is HouseholdFactor {
  return (c as HouseholdFactor).levels !== undefined && (c as HouseholdFactor).codes !== undefined;
}

type Part =
  | { kind: 'numeric'; values: ArrayLike<number> }
  | { kind: 'dummy'; codes: ArrayLike<number>; code: number };

function parsePart(
  text: string,
  term: string,
  columns: Readonly<Record<string, HouseholdColumn>>,
  n: number,
): Part {
  const m = /^([^[\]]+)\[(.*)\]$/.exec(text);
  const name = m ? m[1]! : text;
  // Column names are data: own properties only (a term 'toString' is a missing column, not a method).
  const column = Object.hasOwn(columns, name) ? columns[name] : undefined;
  if (column === undefined) {
    throw new SpecError('unknown-term', `term '${term}' needs column '${name}', which the data do not have`);
  }
  const length = isFactor(column) ? column.codes.length : column.length;
  if (length !== n) {
    throw new DataError(
      'length-mismatch',
      `column '${name}' has ${length} values but the data have ${n} rows`,
      {
        column: name,
      },
    );
  }
  if (m) {
    if (!isFactor(column)) {
      throw new SpecError(
        'unknown-term',
        `term '${term}' names level '${m[2]}' of '${name}', but '${name}' is not a factor`,
      );
    }
    const code = column.levels.indexOf(m[2]!);
    if (code < 0) {
      throw new SpecError(
        'unknown-term',
        `term '${term}': '${m[2]}' is not a level of '${name}' (levels: ${column.levels.join(', ')})`,
      );
    }
    return { kind: 'dummy', codes: column.codes, code };
  }
  if (isFactor(column)) {
    throw new SpecError(
      'unknown-term',
      `term '${term}' uses factor '${name}' without a level; write '${name}[level]'`,
    );
  }
  return { kind: 'numeric', values: column };
}

/**
 * Linear predictor `η = Σ_term β_term · x_term` of a coefficient vector keyed by GLM term names
 * (`'(Intercept)'`, `'col'`, `'factor[level]'`, `'a:b'` for products), evaluated column by column.
 * Used to draw the synthetic outcomes from their true coefficients, and to check that an estimated
 * model names its terms the same way.
 *
 * @param columns - the data, numeric columns and factors (`{ codes, levels }`)
 * @param coefficients - coefficients keyed by term name
 * @param rows - number of rows (taken from the data when omitted)
 * @returns η for every row
 * @throws {SpecError} `'unknown-term'` when a term names a missing column or level
 * @throws {DataError} `'length-mismatch'` for a column of the wrong length, `'invalid-value'` for a row whose η is not finite
 * @example
 * ```ts
 * import { termLinearPredictor } from 'verdeelmodel/generate';
 * const eta = termLinearPredictor(
 *   { x: new Float64Array([1, 2]), g: { codes: new Uint8Array([0, 1]), levels: ['a', 'b'] } },
 *   { '(Intercept)': 1, x: 0.5, 'g[b]': -1 },
 * );
 * // => Float64Array [1.5, 1]
 * ```
 */
export function termLinearPredictor(
  columns: Readonly<Record<string, HouseholdColumn>>,
  coefficients: Readonly<Record<string, number>>,
  rows?: number,
): Float64Array {
  const first = Object.values(columns)[0];
  const n = rows ?? (first === undefined ? 0 : isFactor(first) ? first.codes.length : first.length);
  const eta = new Float64Array(n);
  // Dummies of the same factor are applied in one pass through a per-level lookup.
  const byFactor = new Map<ArrayLike<number>, Float64Array>();
  for (const [term, beta] of Object.entries(coefficients)) {
    if (!Number.isFinite(beta))
      throw new SpecError('invalid-option', `coefficient of term '${term}' is not a finite number`);
    if (term === '(Intercept)') {
      for (let r = 0; r < n; r++) eta[r]! += beta;
      continue;
    }
    const parts = (Object.hasOwn(columns, term) ? [term] : term.split(':')).map((p) =>
      parsePart(p, term, columns, n),
    );
    const only = parts.length === 1 ? parts[0] : undefined;
    if (only?.kind === 'dummy') {
      const { codes, code } = only;
      const levels = (Object.values(columns).find((c) => isFactor(c) && c.codes === codes) as HouseholdFactor)
        .levels;
      let lookup = byFactor.get(codes);
      if (!lookup) {
        lookup = new Float64Array(levels.length);
        byFactor.set(codes, lookup);
      }
      lookup[code]! += beta;
    } else if (only?.kind === 'numeric') {
      const v = only.values;
      for (let r = 0; r < n; r++) eta[r]! += beta * v[r]!;
    } else {
      for (let r = 0; r < n; r++) {
        let x = beta;
        for (const p of parts) x *= p.kind === 'numeric' ? p.values[r]! : p.codes[r] === p.code ? 1 : 0;
        eta[r]! += x;
      }
    }
  }
  for (const [codes, lookup] of byFactor) for (let r = 0; r < n; r++) eta[r]! += lookup[codes[r]!]!;
  for (let r = 0; r < n; r++) {
    if (!Number.isFinite(eta[r])) {
      throw new DataError(
        'invalid-value',
        `row ${r} has a missing, non-finite or out-of-range value in a model column`,
        {
          row: r,
        },
      );
    }
  }
  return eta;
}
