/**
 * Small dense least squares by Householder QR, for the tall, thin problems of the synthetic-control
 * weight solver (rows = predictors + donors, columns = free donors). QR works on M itself, so the
 * condition number is not squared as it would be in the normal equations.
 */

/**
 * Minimise ‖y − M z‖² by Householder QR. `M` is column-major m × p and is overwritten by the
 * reflectors, `y` by Qᵀy. A column whose remaining norm is at most 1e-14 × max |M| is treated as
 * rank-deficient and gets z = 0 (a basic solution, not the minimum-norm one). `diag` (length p)
 * receives the diagonal of R; `z` (length ≥ p) receives the solution and is returned.
 *
 * @example
 * ```ts
 * import { householderLeastSquares } from './least-squares.js';
 * // y = 1 + 2x at x = 0, 1, 2: columns (1, 1, 1) and (0, 1, 2), column-major
 * const M = Float64Array.of(1, 1, 1, 0, 1, 2);
 * householderLeastSquares(M, Float64Array.of(1, 3, 5), 3, 2, new Float64Array(2), new Float64Array(2));
 * // => Float64Array [1, 2] (to rounding)
 * ```
 */
export function householderLeastSquares(
  M: Float64Array,
  y: Float64Array,
  m: number,
  p: number,
  diag: Float64Array,
  z: Float64Array,
): Float64Array {
  let scale = 0;
  for (let i = 0; i < m * p; i++) scale = Math.max(scale, Math.abs(M[i]!));
  const tiny = 1e-14 * (scale || 1);
  for (let c = 0; c < p; c++) {
    let norm = 0;
    for (let r = c; r < m; r++) norm += M[c * m + r]! ** 2;
    norm = Math.sqrt(norm);
    if (norm <= tiny) {
      diag[c] = 0;
      continue;
    }
    const alpha = M[c * m + c]! > 0 ? -norm : norm;
    // v = x − alpha e1, stored in place; R_cc = alpha.
    M[c * m + c] = M[c * m + c]! - alpha;
    let vnorm2 = 0;
    for (let r = c; r < m; r++) vnorm2 += M[c * m + r]! ** 2;
    diag[c] = alpha;
    if (vnorm2 === 0) continue;
    for (let q = c + 1; q < p; q++) {
      let s = 0;
      for (let r = c; r < m; r++) s += M[c * m + r]! * M[q * m + r]!;
      const f = (2 * s) / vnorm2;
      for (let r = c; r < m; r++) M[q * m + r] = M[q * m + r]! - f * M[c * m + r]!;
    }
    let s = 0;
    for (let r = c; r < m; r++) s += M[c * m + r]! * y[r]!;
    const f = (2 * s) / vnorm2;
    for (let r = c; r < m; r++) y[r] = y[r]! - f * M[c * m + r]!;
  }
  z.fill(0, 0, p);
  for (let c = p - 1; c >= 0; c--) {
    if (diag[c] === 0) continue;
    let s = y[c]!;
    for (let q = c + 1; q < p; q++) s -= M[q * m + c]! * z[q]!;
    z[c] = s / diag[c]!;
  }
  return z;
}
