/**
 * Small dense symmetric-matrix routines for p × p normal equations (p in the tens to
 * low hundreds). Matrices are row-major `Float64Array`s of length p*p.
 */

/** Result of {@link choleskyScaled}: the factor of the equilibrated matrix and which columns are aliased. */
export interface ScaledCholesky {
  readonly p: number;
  /** Lower-triangular factor L of S·A·S (row-major), rows/cols of aliased columns are zero. */
  readonly lower: Float64Array;
  /** Scale factors s_j = 1/sqrt(A_jj). */
  readonly scale: Float64Array;
  /** Indices of columns that are (numerically) linear combinations of earlier ones. */
  readonly aliased: readonly number[];
}

/**
 * Cholesky factorisation of a symmetric positive semi-definite matrix after equilibration
 * (S·A·S with S = diag(1/sqrt(A_jj))), so that the pivot of column j equals 1 − R²_j of that
 * column regressed on the earlier ones. A pivot below `tolerance` marks column j as aliased,
 * the sequential rule R's pivoting QR applies (later columns are the ones reported).
 */
export function choleskyScaled(a: Float64Array, p: number, tolerance = 1e-10): ScaledCholesky {
  const scale = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    const d = a[j * p + j]!;
    scale[j] = d > 0 ? 1 / Math.sqrt(d) : 0;
  }
  const lower = new Float64Array(p * p);
  const aliased: number[] = [];
  for (let j = 0; j < p; j++) {
    if (scale[j] === 0) {
      aliased.push(j);
      continue;
    }
    let d = a[j * p + j]! * scale[j]! * scale[j]!;
    for (let k = 0; k < j; k++) d -= lower[j * p + k]! * lower[j * p + k]!;
    if (!(d > tolerance)) {
      aliased.push(j);
      continue;
    }
    const ljj = Math.sqrt(d);
    lower[j * p + j] = ljj;
    for (let i = j + 1; i < p; i++) {
      if (scale[i] === 0) continue;
      let s = a[i * p + j]! * scale[i]! * scale[j]!;
      for (let k = 0; k < j; k++) s -= lower[i * p + k]! * lower[j * p + k]!;
      lower[i * p + j] = s / ljj;
    }
  }
  return { p, lower, scale, aliased };
}

/** Solve A x = b with a non-aliased {@link ScaledCholesky} factor of A. */
export function choleskySolve(f: ScaledCholesky, b: ArrayLike<number>): Float64Array {
  const { p, lower, scale } = f;
  const y = new Float64Array(p);
  for (let i = 0; i < p; i++) y[i] = b[i]! * scale[i]!;
  triangularSolveInPlace(lower, p, y);
  for (let i = 0; i < p; i++) y[i] = y[i]! * scale[i]!;
  return y;
}

/**
 * Solve L L' x = y in place for a row-major lower-triangular L (n × n): forward substitution with
 * L, then back substitution with L'. The one triangular solve behind {@link choleskySolve} and
 * {@link choleskyFactorSolve}.
 */
export function triangularSolveInPlace(lower: ArrayLike<number>, n: number, y: Float64Array): Float64Array {
  for (let i = 0; i < n; i++) {
    let s = y[i]!;
    for (let k = 0; k < i; k++) s -= lower[i * n + k]! * y[k]!;
    y[i] = s / lower[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < n; k++) s -= lower[k * n + i]! * y[k]!;
    y[i] = s / lower[i * n + i]!;
  }
  return y;
}

/**
 * In-place Cholesky G = L L' of a symmetric positive-definite n × n matrix (row-major; the lower
 * triangle is read and overwritten by L, the strict upper triangle is left as it was). For matrices
 * the caller has already made positive definite (a ridge or jitter on the diagonal): a pivot at or
 * below `pivotFloor` (exact dependence, or rounding) is clamped to it instead of failing, so the
 * factor always exists. Use {@link choleskyScaled} instead to detect aliased columns.
 *
 * @example
 * ```ts
 * import { choleskyFactorSolve, choleskyInPlace } from './symmetric.js';
 * const g = Float64Array.of(4, 2, 2, 3);
 * choleskyInPlace(g, 2); // g's lower triangle is now L = [[2, 0], [1, √2]]
 * choleskyFactorSolve(g, 2, [6, 5]); // => Float64Array [1, 1]
 * ```
 */
export function choleskyInPlace(g: Float64Array, n: number, pivotFloor = 1e-300): Float64Array {
  for (let j = 0; j < n; j++) {
    let d = g[j * n + j]!;
    for (let m = 0; m < j; m++) d -= g[j * n + m]! * g[j * n + m]!;
    const piv = Math.sqrt(Math.max(d, pivotFloor));
    g[j * n + j] = piv;
    for (let i = j + 1; i < n; i++) {
      let s = g[i * n + j]!;
      for (let m = 0; m < j; m++) s -= g[i * n + m]! * g[j * n + m]!;
      g[i * n + j] = s / piv;
    }
  }
  return g;
}

/** Solve G x = rhs with the factor left by {@link choleskyInPlace} (a new array; `rhs` is not changed). */
export function choleskyFactorSolve(
  lower: ArrayLike<number>,
  n: number,
  rhs: ArrayLike<number>,
): Float64Array {
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = rhs[i]!;
  return triangularSolveInPlace(lower, n, y);
}

/** Inverse of A from a non-aliased {@link ScaledCholesky} factor (symmetric, row-major). */
export function choleskyInverse(f: ScaledCholesky): Float64Array {
  const { p } = f;
  const inv = new Float64Array(p * p);
  const e = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    e.fill(0);
    e[j] = 1;
    const col = choleskySolve(f, e);
    for (let i = 0; i < p; i++) inv[i * p + j] = col[i]!;
  }
  // Symmetrise against rounding.
  for (let i = 0; i < p; i++) {
    for (let j = i + 1; j < p; j++) {
      const m = 0.5 * (inv[i * p + j]! + inv[j * p + i]!);
      inv[i * p + j] = m;
      inv[j * p + i] = m;
    }
  }
  return inv;
}

/** B·M·B for symmetric row-major p × p matrices (the sandwich). */
export function sandwichProduct(bread: Float64Array, meat: Float64Array, p: number): Float64Array {
  const tmp = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let k = 0; k < p; k++) {
      const b = bread[i * p + k]!;
      if (b === 0) continue;
      for (let j = 0; j < p; j++) tmp[i * p + j]! += b * meat[k * p + j]!;
    }
  }
  const out = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let k = 0; k < p; k++) {
      const t = tmp[i * p + k]!;
      if (t === 0) continue;
      for (let j = 0; j < p; j++) out[i * p + j]! += t * bread[k * p + j]!;
    }
  }
  return out;
}

/** Invert a symmetric positive-definite matrix; null when singular. */
export function invertSpd(a: Float64Array, p: number): Float64Array | null {
  const f = choleskyScaled(a, p, 1e-14);
  if (f.aliased.length > 0) return null;
  return choleskyInverse(f);
}
