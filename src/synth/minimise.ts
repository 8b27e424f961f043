/** Result of a local minimisation. */
export interface LocalMinimum {
  readonly x: Float64Array;
  readonly value: number;
  readonly iterations: number;
  readonly evaluations: number;
}

/** Objective with gradient: returns the value and writes the gradient into `grad`. */
export type ObjectiveWithGradient = (x: Float64Array, grad: Float64Array) => number;

/**
 * BFGS with a backtracking (Armijo) line search and curvature-safe updates. Deterministic.
 * Stops when the relative decrease over an iteration falls below `tolerance` three times in a row,
 * when the gradient vanishes, or after `maxIterations`. Used for the outer V search, whose loss
 * is smooth inside each active-set region of the inner problem and merely continuous across them:
 * when a step fails, the inverse-Hessian estimate is reset to the identity before giving up.
 */
export function bfgs(
  f: ObjectiveWithGradient,
  x0: ArrayLike<number>,
  options: { maxIterations?: number; tolerance?: number; maxStep?: number } = {},
): LocalMinimum {
  const maxIterations = options.maxIterations ?? 200;
  const tol = options.tolerance ?? 1e-10;
  const maxStep = options.maxStep ?? 5;
  const n = x0.length;
  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let fx = f(x, g);
  let evaluations = 1;
  let Hinv = identity(n);
  let small = 0;
  let iterations = 0;
  const d = new Float64Array(n);
  let xNew = new Float64Array(n);
  let gNew = new Float64Array(n);
  let justReset = true;
  for (; iterations < maxIterations; iterations++) {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s -= Hinv[i * n + j]! * g[j]!;
      d[i] = s;
    }
    let slope = 0;
    for (let i = 0; i < n; i++) slope += d[i]! * g[i]!;
    if (!(slope < 0)) {
      if (justReset) break;
      Hinv = identity(n);
      justReset = true;
      iterations--;
      continue;
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm = Math.max(norm, Math.abs(d[i]!));
    let t = norm > maxStep ? maxStep / norm : 1;
    let fNew = Number.POSITIVE_INFINITY;
    let accepted = false;
    for (let ls = 0; ls < 40; ls++) {
      for (let i = 0; i < n; i++) xNew[i] = x[i]! + t * d[i]!;
      fNew = f(xNew, gNew);
      evaluations++;
      if (fNew <= fx + 1e-4 * t * slope) {
        accepted = true;
        break;
      }
      t *= 0.5;
    }
    if (!accepted) {
      if (justReset) break;
      Hinv = identity(n);
      justReset = true;
      continue;
    }
    // BFGS update of the inverse Hessian, skipped when the curvature condition fails.
    let sy = 0;
    for (let i = 0; i < n; i++) sy += t * d[i]! * (gNew[i]! - g[i]!);
    if (sy > 1e-12 * Math.abs(fx)) {
      const s = new Float64Array(n);
      const y = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        s[i] = t * d[i]!;
        y[i] = gNew[i]! - g[i]!;
      }
      bfgsUpdate(Hinv, s, y, sy, n);
      justReset = false;
    }
    const rel = (fx - fNew) / Math.max(Math.abs(fx), 1e-300);
    [x, xNew] = [xNew, x];
    [g, gNew] = [gNew, g];
    fx = fNew;
    if (rel < tol) {
      small++;
      if (small >= 3) break;
    } else small = 0;
    let gmax = 0;
    for (let i = 0; i < n; i++) gmax = Math.max(gmax, Math.abs(g[i]!));
    if (gmax === 0) break;
  }
  return { x, value: fx, iterations, evaluations };
}

function identity(n: number): Float64Array {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) m[i * n + i] = 1;
  return m;
}

function bfgsUpdate(H: Float64Array, s: Float64Array, y: Float64Array, sy: number, n: number): void {
  const Hy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let acc = 0;
    for (let j = 0; j < n; j++) acc += H[i * n + j]! * y[j]!;
    Hy[i] = acc;
  }
  let yHy = 0;
  for (let i = 0; i < n; i++) yHy += y[i]! * Hy[i]!;
  const rho = 1 / sy;
  const c = (1 + rho * yHy) * rho;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      H[i * n + j] = H[i * n + j]! + c * s[i]! * s[j]! - rho * (Hy[i]! * s[j]! + s[i]! * Hy[j]!);
    }
  }
}

/**
 * Nelder–Mead simplex search (standard coefficients 1, 2, 0.5, 0.5), deterministic initial simplex
 * of step `step` along each axis. Used to polish the best BFGS point across active-set kinks.
 */
export function nelderMead(
  f: (x: Float64Array) => number,
  x0: ArrayLike<number>,
  options: { maxEvaluations?: number; step?: number; tolerance?: number } = {},
): LocalMinimum {
  const n = x0.length;
  const maxEvaluations = options.maxEvaluations ?? 200 * n;
  const step = options.step ?? 0.5;
  const tol = options.tolerance ?? 1e-10;
  const pts: Float64Array[] = [Float64Array.from(x0)];
  for (let i = 0; i < n; i++) {
    const p = Float64Array.from(x0);
    p[i] = p[i]! + step;
    pts.push(p);
  }
  const vals = pts.map((p) => f(p));
  let evaluations = n + 1;
  let iterations = 0;
  const centroid = new Float64Array(n);
  const trial = (a: Float64Array, coef: number): Float64Array => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = centroid[i]! + coef * (a[i]! - centroid[i]!);
    return out;
  };
  while (evaluations < maxEvaluations) {
    iterations++;
    const order = vals.map((_, i) => i).sort((a, b) => vals[a]! - vals[b]! || a - b);
    const sortedPts = order.map((i) => pts[i]!);
    const sortedVals = order.map((i) => vals[i]!);
    for (let i = 0; i <= n; i++) {
      pts[i] = sortedPts[i]!;
      vals[i] = sortedVals[i]!;
    }
    const spread = Math.abs(vals[n]! - vals[0]!);
    if (spread <= tol * Math.max(Math.abs(vals[0]!), 1e-300)) break;
    centroid.fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j] = centroid[j]! + pts[i]![j]! / n;
    const worst = pts[n]!;
    const xr = trial(worst, -1);
    const fr = f(xr);
    evaluations++;
    if (fr < vals[0]!) {
      const xe = trial(worst, -2);
      const fe = f(xe);
      evaluations++;
      if (fe < fr) {
        pts[n] = xe;
        vals[n] = fe;
      } else {
        pts[n] = xr;
        vals[n] = fr;
      }
    } else if (fr < vals[n - 1]!) {
      pts[n] = xr;
      vals[n] = fr;
    } else {
      const outside = fr < vals[n]!;
      const xc = trial(outside ? xr : worst, 0.5);
      const fc = f(xc);
      evaluations++;
      if (fc < (outside ? fr : vals[n]!)) {
        pts[n] = xc;
        vals[n] = fc;
      } else {
        for (let i = 1; i <= n; i++) {
          const p = new Float64Array(n);
          for (let j = 0; j < n; j++) p[j] = pts[0]![j]! + 0.5 * (pts[i]![j]! - pts[0]![j]!);
          pts[i] = p;
          vals[i] = f(p);
          evaluations++;
        }
      }
    }
  }
  let best = 0;
  for (let i = 1; i <= n; i++) if (vals[i]! < vals[best]!) best = i;
  return { x: pts[best]!, value: vals[best]!, iterations, evaluations };
}
