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
  planTermLinearPredictor(columns, coefficients, n)(0, n, eta, 0);
  return eta;
}

/**
 * {@link termLinearPredictor} in two steps, for the generator's threads: the terms are checked and
 * planned here (every error about names and coefficients is thrown now), and the returned function
 * writes η of rows [from, to) into `out` from `at` on (row r at `at + r − from`), the same numbers
 * whatever the range; it throws the DataError of the first row in the range whose η is not finite.
 * @internal
 */
export function planTermLinearPredictor(
  columns: Readonly<Record<string, HouseholdColumn>>,
  coefficients: Readonly<Record<string, number>>,
  n: number,
): (from: number, to: number, out: Float64Array, at: number) => void {
  // Terms are read first (every error about names and coefficients before any arithmetic), then
  // added in row blocks that keep η's block in cache; within a row the sum runs in term order as
  // before, with the dummies of each factor added last through one per-level lookup.
  const ops: ((from: number, to: number) => void)[] = [];
  // Consecutive terms of one byte column each (the generator's indicators) are added in one loop,
  // four at a time: fewer passes over the block, and per row still one addition per term in order.
  let bytes: { beta: number; v: Uint8Array }[] = [];
  const flushBytes = () => {
    for (let k = 0; k < bytes.length; k += 4) ops.push(byteTermsOp(block, bytes.slice(k, k + 4)));
    bytes = [];
  };
  // The block's η, rows [from, to) at [0, to − from).
  const block = new Float64Array(BLOCK);
  const byFactor = new Map<ArrayLike<number>, Float64Array>();
  for (const [term, beta] of Object.entries(coefficients)) {
    if (!Number.isFinite(beta))
      throw new SpecError('invalid-option', `coefficient of term '${term}' is not a finite number`);
    if (term === '(Intercept)') {
      flushBytes();
      ops.push((from, to) => addConstant(block, from, to, beta));
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
      if (only.values instanceof Uint8Array) bytes.push({ beta, v: only.values });
      else {
        flushBytes();
        ops.push(scaledOp(block, beta, only.values));
      }
    } else if (parts.length === 2) {
      flushBytes();
      ops.push(pairOp(block, beta, parts[0]!, parts[1]!));
    } else {
      flushBytes();
      ops.push((from, to) => {
        for (let r = from; r < to; r++) {
          let x = beta;
          for (const p of parts) x *= p.kind === 'numeric' ? p.values[r]! : p.codes[r] === p.code ? 1 : 0;
          block[r - from]! += x;
        }
      });
    }
  }
  flushBytes();
  for (const [codes, lookup] of byFactor) {
    ops.push(
      codes instanceof Uint8Array
        ? (from, to) => addLookupU8(block, from, to, lookup, codes)
        : (from, to) => {
            for (let r = from; r < to; r++) block[r - from]! += lookup[codes[r]!]!;
          },
    );
  }
  return (start, end, out, at) => {
    for (let from = start; from < end; from += BLOCK) {
      const to = Math.min(end, from + BLOCK);
      block.fill(0);
      for (const op of ops) op(from, to);
      // η is only stored, never summed in place: two threads computing the same rows write the same numbers.
      out.set(block.subarray(0, to - from), at + from - start);
      // Blocks run in row order, so the first bad row found is the first bad row of the range.
      for (let r = from; r < to; r++) {
        if (!Number.isFinite(block[r - from]!)) {
          throw new DataError(
            'invalid-value',
            `row ${r} has a missing, non-finite or out-of-range value in a model column`,
            {
              row: r,
            },
          );
        }
      }
    }
  };
}

/** Rows per block: η's block (32 KB) stays in L1 cache while every term is added to it. */
const BLOCK = 4096;

// Hot loops of the generator (three predictors over every household), each adding one term to the
// block's η (`eta[r − from]`), one per storage type so that each sees a single typed-array type.
// Each does exactly the operations of the general loop, in its
// order (x = β, then x *= each part, then η += x), so η is the same number to the bit; a dummy is
// multiplied in as 1 or 0, so a NaN beside a 0 dummy still makes η NaN (and the row an error).

type Op = (from: number, to: number) => void;

function addConstant(eta: Float64Array, from: number, to: number, beta: number): void {
  for (let r = from; r < to; r++) eta[r - from]! += beta;
}

function scaledOp(eta: Float64Array, beta: number, v: ArrayLike<number>): Op {
  if (v instanceof Uint8Array) return (from, to) => addScaledU8(eta, from, to, beta, v);
  if (v instanceof Float32Array) return (from, to) => addScaledF32(eta, from, to, beta, v);
  if (v instanceof Float64Array) return (from, to) => addScaledF64(eta, from, to, beta, v);
  return (from, to) => {
    for (let r = from; r < to; r++) eta[r - from]! += beta * v[r]!;
  };
}

/** One to four byte-column terms in one loop: per row η += β₀v₀, then += β₁v₁, … (the order of the terms). */
function byteTermsOp(eta: Float64Array, terms: readonly { beta: number; v: Uint8Array }[]): Op {
  const [t0, t1, t2, t3] = terms;
  if (t3) {
    return (from, to) =>
      addU8x4(eta, from, to, t0!.beta, t0!.v, t1!.beta, t1!.v, t2!.beta, t2!.v, t3.beta, t3.v);
  }
  if (t2) return (from, to) => addU8x3(eta, from, to, t0!.beta, t0!.v, t1!.beta, t1!.v, t2.beta, t2.v);
  if (t1) return (from, to) => addU8x2(eta, from, to, t0!.beta, t0!.v, t1.beta, t1.v);
  return (from, to) => addScaledU8(eta, from, to, t0!.beta, t0!.v);
}

function addU8x4(
  eta: Float64Array,
  from: number,
  to: number,
  b0: number,
  v0: Uint8Array,
  b1: number,
  v1: Uint8Array,
  b2: number,
  v2: Uint8Array,
  b3: number,
  v3: Uint8Array,
): void {
  for (let r = from; r < to; r++) {
    let x = eta[r - from]!;
    x += b0 * v0[r]!;
    x += b1 * v1[r]!;
    x += b2 * v2[r]!;
    x += b3 * v3[r]!;
    eta[r - from] = x;
  }
}

function addU8x3(
  eta: Float64Array,
  from: number,
  to: number,
  b0: number,
  v0: Uint8Array,
  b1: number,
  v1: Uint8Array,
  b2: number,
  v2: Uint8Array,
): void {
  for (let r = from; r < to; r++) {
    let x = eta[r - from]!;
    x += b0 * v0[r]!;
    x += b1 * v1[r]!;
    x += b2 * v2[r]!;
    eta[r - from] = x;
  }
}

function addU8x2(
  eta: Float64Array,
  from: number,
  to: number,
  b0: number,
  v0: Uint8Array,
  b1: number,
  v1: Uint8Array,
): void {
  for (let r = from; r < to; r++) {
    let x = eta[r - from]!;
    x += b0 * v0[r]!;
    x += b1 * v1[r]!;
    eta[r - from] = x;
  }
}

function addScaledU8(eta: Float64Array, from: number, to: number, beta: number, v: Uint8Array): void {
  for (let r = from; r < to; r++) eta[r - from]! += beta * v[r]!;
}

function addScaledF32(eta: Float64Array, from: number, to: number, beta: number, v: Float32Array): void {
  for (let r = from; r < to; r++) eta[r - from]! += beta * v[r]!;
}

function addScaledF64(eta: Float64Array, from: number, to: number, beta: number, v: Float64Array): void {
  for (let r = from; r < to; r++) eta[r - from]! += beta * v[r]!;
}

/** A two-part interaction (numeric or dummy each): β · part0 · part1, multiplied left to right. */
function pairOp(eta: Float64Array, beta: number, p0: Part, p1: Part): Op {
  if (p0.kind === 'numeric' && p1.kind === 'numeric') {
    const a = p0.values;
    const b = p1.values;
    if (a instanceof Uint8Array && b instanceof Uint8Array) {
      return (from, to) => addNumNumU8(eta, from, to, beta, a, b);
    }
    return (from, to) => addNumNum(eta, from, to, beta, a, b);
  }
  if (p0.kind === 'numeric' && p1.kind === 'dummy') {
    return (from, to) => addNumDummy(eta, from, to, beta, p0.values, p1.codes, p1.code);
  }
  if (p0.kind === 'dummy' && p1.kind === 'numeric') {
    return (from, to) => addDummyNum(eta, from, to, beta, p0.codes, p0.code, p1.values);
  }
  const d0 = p0 as Extract<Part, { kind: 'dummy' }>;
  const d1 = p1 as Extract<Part, { kind: 'dummy' }>;
  return (from, to) => addDummyDummy(eta, from, to, beta, d0.codes, d0.code, d1.codes, d1.code);
}

function addNumNumU8(
  eta: Float64Array,
  from: number,
  to: number,
  beta: number,
  a: Uint8Array,
  b: Uint8Array,
): void {
  for (let r = from; r < to; r++) {
    let x = beta;
    x *= a[r]!;
    x *= b[r]!;
    eta[r - from]! += x;
  }
}

function addNumNum(
  eta: Float64Array,
  from: number,
  to: number,
  beta: number,
  a: ArrayLike<number>,
  b: ArrayLike<number>,
): void {
  for (let r = from; r < to; r++) {
    let x = beta;
    x *= a[r]!;
    x *= b[r]!;
    eta[r - from]! += x;
  }
}

function addNumDummy(
  eta: Float64Array,
  from: number,
  to: number,
  beta: number,
  a: ArrayLike<number>,
  codes: ArrayLike<number>,
  code: number,
): void {
  for (let r = from; r < to; r++) {
    let x = beta;
    x *= a[r]!;
    x *= codes[r] === code ? 1 : 0;
    eta[r - from]! += x;
  }
}

function addDummyNum(
  eta: Float64Array,
  from: number,
  to: number,
  beta: number,
  codes: ArrayLike<number>,
  code: number,
  b: ArrayLike<number>,
): void {
  for (let r = from; r < to; r++) {
    let x = beta;
    x *= codes[r] === code ? 1 : 0;
    x *= b[r]!;
    eta[r - from]! += x;
  }
}

function addDummyDummy(
  eta: Float64Array,
  from: number,
  to: number,
  beta: number,
  codes0: ArrayLike<number>,
  code0: number,
  codes1: ArrayLike<number>,
  code1: number,
): void {
  for (let r = from; r < to; r++) {
    let x = beta;
    x *= codes0[r] === code0 ? 1 : 0;
    x *= codes1[r] === code1 ? 1 : 0;
    eta[r - from]! += x;
  }
}

function addLookupU8(
  eta: Float64Array,
  from: number,
  to: number,
  lookup: Float64Array,
  codes: Uint8Array,
): void {
  for (let r = from; r < to; r++) eta[r - from]! += lookup[codes[r]!]!;
}

/**
 * Whether a term of `coefficients` reads column `name` (alone, as a factor level or in a product),
 * naming terms as {@link termLinearPredictor} reads them.
 * @internal
 */
export function readsColumn(
  columns: Readonly<Record<string, HouseholdColumn>>,
  coefficients: Readonly<Record<string, number>>,
  name: string,
): boolean {
  for (const term of Object.keys(coefficients)) {
    if (term === '(Intercept)') continue;
    for (const part of Object.hasOwn(columns, term) ? [term] : term.split(':')) {
      const m = /^([^[\]]+)\[(.*)\]$/.exec(part);
      if ((m ? m[1] : part) === name) return true;
    }
  }
  return false;
}
