/**
 * Tail probabilities and quantiles of the reference distributions used for inference.
 * Upper tails are computed directly (not as 1 − cdf) so tiny p-values keep their digits,
 * as R's pnorm/pt/pchisq/pf with lower.tail = FALSE do.
 *
 * Written here rather than taken from a package: the five functions the library needs (erfc, the
 * regularized incomplete beta and gamma functions, and the normal and t quantiles) came from
 * @stdlib packages that install 26 MB. Checked against R in test/inference/distributions.test.ts
 * (values from test/fixtures/inference/make-distributions-reference.R).
 */
import { ConvergenceError } from '../errors.js';

const LN_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const EPS = 1e-15;
const TINY = 1e-300;

// erfc: FreeBSD msun s_erf.c, ported to TypeScript (relative error below one ulp). Its notice:
//   Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
//   Developed at SunPro, a Sun Microsystems, Inc. business.
//   Permission to use, copy, modify, and distribute this software is freely granted,
//   provided that this notice is preserved.
const ERX = 0.8450629115104675;
const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
const LOW = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;

/** `x` with the low 32 bits of its mantissa cleared (s_erf.c's SET_LOW_WORD(z, 0)). */
function highWordOnly(x: number): number {
  F64[0] = x;
  U32[LOW] = 0;
  return F64[0];
}

/** Complementary error function erfc(x) = 1 − erf(x), accurate in the upper tail. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x === Number.POSITIVE_INFINITY) return 0;
  if (x === Number.NEGATIVE_INFINITY) return 2;
  const ax = Math.abs(x);
  if (ax < 0.84375) {
    if (ax < 1.3877787807814457e-17) return 1 - x;
    const z = x * x;
    const r =
      0.12837916709551256 +
      z *
        (-0.3250421072470015 +
          z * (-0.02848174957559851 + z * (-0.005770270296489442 + z * -2.3763016656650163e-5)));
    const s =
      1 +
      z *
        (0.39791722395915535 +
          z *
            (0.0650222499887673 +
              z * (0.005081306281875766 + z * (1.3249473800432164e-4 + z * -3.960228278775368e-6))));
    const y = r / s;
    if (x < 0.25) return 1 - (x + x * y);
    return 0.5 - (x * y + (x - 0.5));
  }
  if (ax < 1.25) {
    const s = ax - 1;
    const p =
      -0.0023621185607526594 +
      s *
        (0.41485611868374833 +
          s *
            (-0.3722078760357013 +
              s *
                (0.31834661990116175 +
                  s * (-0.11089469428239668 + s * (0.035478304325618236 + s * -0.002166375594868791)))));
    const q =
      1 +
      s *
        (0.10642088040084423 +
          s *
            (0.540397917702171 +
              s *
                (0.07182865441419627 +
                  s * (0.12617121980876164 + s * (0.01363708391202905 + s * 0.011984499846799107)))));
    return x < 0 ? 1 + ERX + p / q : 1 - ERX - p / q;
  }
  if (ax >= 28) return x < 0 ? 2 : 0;
  const s = 1 / (ax * ax);
  let r: number;
  let t: number;
  if (ax < 1 / 0.35) {
    r =
      -0.009864944034847148 +
      s *
        (-0.6938585727071818 +
          s *
            (-10.558626225323291 +
              s *
                (-62.375332450326006 +
                  s *
                    (-162.39666946257347 +
                      s * (-184.60509290671104 + s * (-81.2874355063066 + s * -9.814329344169145))))));
    t =
      1 +
      s *
        (19.651271667439257 +
          s *
            (137.65775414351904 +
              s *
                (434.56587747522923 +
                  s *
                    (645.3872717332679 +
                      s *
                        (429.00814002756783 +
                          s * (108.63500554177944 + s * (6.570249770319282 + s * -0.0604244152148581)))))));
  } else {
    if (x < -6) return 2;
    r =
      -0.0098649429247001 +
      s *
        (-0.799283237680523 +
          s *
            (-17.757954917754752 +
              s *
                (-160.63638485582192 +
                  s * (-637.5664433683896 + s * (-1025.0951316110772 + s * -483.5191916086514)))));
    t =
      1 +
      s *
        (30.33806074348246 +
          s *
            (325.7925129965739 +
              s *
                (1536.729586084437 +
                  s *
                    (3199.8582195085955 +
                      s * (2553.0504064331644 + s * (474.52854120695537 + s * -22.44095244658582))))));
  }
  const z = highWordOnly(ax);
  const e = (Math.exp(-z * z - 0.5625) * Math.exp((z - ax) * (z + ax) + r / t)) / ax;
  return x < 0 ? 2 - e : e;
}

/**
 * δ(z) = lnΓ(z) − [(z − ½) ln z − z + ½ ln 2π], the remainder of Stirling's formula, for z > 0.
 * Kept apart so the large terms of lnΓ can cancel exactly where a, b or df are large.
 */
function stirlingError(z: number): number {
  if (z >= 10) {
    const r = 1 / z;
    const r2 = r * r;
    return (
      r *
      (1 / 12 -
        r2 * (1 / 360 - r2 * (1 / 1260 - r2 * (1 / 1680 - r2 * (1 / 1188 - r2 * (691 / 360360 - r2 / 156))))))
    );
  }
  // lnΓ(z) = lnΓ(z + n) − ln(z (z + 1) … (z + n − 1)), with z + n ≥ 10 where the series holds.
  let w = z;
  let product = 1;
  while (w < 10) {
    product *= w;
    w += 1;
  }
  const lnGammaW = (w - 0.5) * Math.log(w) - w + LN_SQRT_2PI + stirlingError(w);
  return lnGammaW - Math.log(product) - ((z - 0.5) * Math.log(z) - z + LN_SQRT_2PI);
}

/** lnΓ(z) for z > 0 through Stirling's formula and its remainder. */
function lnGamma(z: number): number {
  return (z - 0.5) * Math.log(z) - z + LN_SQRT_2PI + stirlingError(z);
}

/** a · ln(r), where r = 1 + u: through log1p where r is near 1, so neither tiny r nor r ≈ 1 loses digits. */
function aLog(a: number, r: number, u: number): number {
  return Math.abs(u) < 0.5 ? a * Math.log1p(u) : a * Math.log(r);
}

/** ln(ln(1 + u) − u)-free form: ln(1 + u) − u, by its series near 0 (where the difference cancels). */
function log1pMinus(u: number, r: number): number {
  if (Math.abs(u) >= 0.25) return Math.log(r) - u;
  let term = u;
  let sum = 0;
  for (let k = 2; k < 60; k++) {
    term *= -u;
    const add = term / k;
    sum += add;
    if (Math.abs(add) <= EPS * Math.abs(sum)) break;
  }
  return sum;
}

/** ln of x^a y^b / B(a, b) (y = 1 − x), with the large terms of ln B cancelled analytically. */
function lnBetaFront(x: number, y: number, a: number, b: number): number {
  const c = a + b;
  const d = x * b - y * a; // x·c − a = −(y·c − b)
  return (
    aLog(a, (x * c) / a, d / a) +
    aLog(b, (y * c) / b, -d / b) +
    0.5 * Math.log((a * b) / c) -
    LN_SQRT_2PI -
    stirlingError(a) -
    stirlingError(b) +
    stirlingError(c)
  );
}

function notConverged(what: string, iterations: number, lastChange: number): ConvergenceError {
  return new ConvergenceError('no-convergence', `${what} did not converge in ${iterations} iterations`, {
    iterations,
    lastChange,
  });
}

/** The continued fraction of I_x(a, b) (modified Lentz), for x < (a + 1) / (a + b + 2). */
function betaFraction(x: number, a: number, b: number): number {
  const limit = 1000 + Math.ceil(20 * Math.sqrt(Math.max(a, b)));
  const qab = a + b;
  let c = 1;
  let d = 1 - (qab * x) / (a + 1);
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= limit; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a - 1 + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (a + 1 + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) <= EPS) return h;
  }
  throw notConverged(`the incomplete beta function at x = ${x}, a = ${a}, b = ${b}`, limit, Number.NaN);
}

/**
 * Regularized incomplete beta [I_x(a, b), 1 − I_x(a, b)], with y = 1 − x passed in (computed by the
 * caller without cancellation) so that whichever tail is small keeps its digits.
 */
export function betaRegularized(x: number, y: number, a: number, b: number): [number, number] {
  if (Number.isNaN(x) || Number.isNaN(y) || !(a > 0) || !(b > 0)) return [Number.NaN, Number.NaN];
  if (x <= 0) return [0, 1];
  if (y <= 0) return [1, 0];
  const front = Math.exp(lnBetaFront(x, y, a, b));
  if (front === 0) return x < a / (a + b) ? [0, 1] : [1, 0];
  if (x < (a + 1) / (a + b + 2)) {
    const lower = (front * betaFraction(x, a, b)) / a;
    return [lower, 1 - lower];
  }
  const upper = (front * betaFraction(y, b, a)) / b;
  return [1 - upper, upper];
}

/** Regularized incomplete gamma [P(a, x), Q(a, x)] (series below a + 1, continued fraction above). */
export function gammaRegularized(a: number, x: number): [number, number] {
  if (Number.isNaN(x) || !(a > 0)) return [Number.NaN, Number.NaN];
  if (x <= 0) return [0, 1];
  if (x === Number.POSITIVE_INFINITY) return [1, 0];
  // ln(x^a e^−x / Γ(a)) = a·(ln(1 + u) − u) + ½ ln(a / 2π) − δ(a), u = (x − a) / a
  const u = (x - a) / a;
  const front = Math.exp(a * log1pMinus(u, x / a) + 0.5 * Math.log(a) - LN_SQRT_2PI - stirlingError(a));
  const limit = 1000 + Math.ceil(20 * Math.sqrt(Math.max(a, x)));
  if (x < a + 1) {
    let ap = a;
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n <= limit; n++) {
      ap += 1;
      term *= x / ap;
      sum += term;
      if (Math.abs(term) <= EPS * Math.abs(sum)) {
        const lower = front * sum;
        return [lower, 1 - lower];
      }
    }
    throw notConverged(`the incomplete gamma series at a = ${a}, x = ${x}`, limit, Number.NaN);
  }
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i <= limit; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) <= EPS) {
      const upper = front * h;
      return [1 - upper, upper];
    }
  }
  throw notConverged(`the incomplete gamma continued fraction at a = ${a}, x = ${x}`, limit, Number.NaN);
}

/**
 * The t ≥ 0 where a decreasing upper tail `upper` (upper(0) = ½) equals q ∈ (0, ½): Newton's method on
 * ln upper(t), kept inside the bracket it narrows (bisection, geometric when the bracket is wide).
 */
function invertUpperTail(
  q: number,
  upper: (t: number) => number,
  density: (t: number) => number,
  start: number,
) {
  // A quantile beyond the largest double (t with df near 0) is +Infinity, not the last bracket tried.
  if (upper(Number.MAX_VALUE) > q) return Number.POSITIVE_INFINITY;
  const lnQ = Math.log(q);
  let lo = 0;
  let hi = Number.POSITIVE_INFINITY;
  let t = start > 0 && Number.isFinite(start) ? start : 1;
  for (let i = 0; i < 400; i++) {
    const u = upper(t);
    if (u === q) return t;
    if (u > q) lo = t;
    else hi = t;
    let next = t + ((Math.log(u) - lnQ) * u) / density(t);
    if (!(next > lo && next < hi)) {
      if (hi === Number.POSITIVE_INFINITY) next = t < 2 ? 2 * t + 1 : t * t;
      else next = lo > 0 && hi > 4 * lo ? Math.sqrt(lo * hi) : 0.5 * (lo + hi);
    }
    const close = Math.abs(next - t) <= 4 * Number.EPSILON * Math.abs(next);
    if (close || (hi < Number.POSITIVE_INFINITY && hi - lo <= 4 * Number.EPSILON * hi)) return next;
    t = next;
  }
  return t;
}

/** P(Z > z) for a standard normal Z. */
export function normalUpper(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/** Two-sided p-value P(|Z| > |z|). */
export function normalTwoSided(z: number): number {
  return erfc(Math.abs(z) / Math.SQRT2);
}

/** Standard normal density. */
export function normalDensity(z: number): number {
  return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
}

/** Standard normal quantile. */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (p === 0.5) return 0;
  // 1 − p is exact for p ≥ ½, so both tails keep their digits.
  const q = p < 0.5 ? p : 1 - p;
  // Start: Abramowitz & Stegun 26.2.23 (absolute error < 4.5e-4).
  const w = Math.sqrt(-2 * Math.log(q));
  const start =
    w - (2.515517 + w * (0.802853 + w * 0.010328)) / (1 + w * (1.432788 + w * (0.189269 + w * 0.001308)));
  const z = invertUpperTail(q, normalUpper, normalDensity, start);
  return p < 0.5 ? -z : z;
}

/** Two-sided p-value P(|T| > |t|) for Student's t with `df` degrees of freedom. */
export function tTwoSided(t: number, df: number): number {
  if (Number.isNaN(t) || Number.isNaN(df) || !(df > 0)) return Number.NaN;
  if (!Number.isFinite(df)) return normalTwoSided(t);
  const a = df / 2;
  // A df so small that df / 2 underflows: the limit of P(|T| > t) as df → 0 is 1 for every finite t.
  if (a === 0) return Number.isFinite(t) ? 1 : 0;
  const t2 = t * t;
  if (t2 < 1e300) {
    // x = df / (df + t²) and y = t² / (df + t²), each without cancellation.
    const s = df + t2;
    const x = df / s;
    if (x > 1e-290) return betaRegularized(x, t2 / s, a, 0.5)[0];
  }
  // Huge |t|: x underflows, and I_x(a, ½) is the first term of its series, x^a / (a B(a, ½)), in logs.
  const at = Math.abs(t);
  const lnX = Math.log(df) - 2 * Math.log(at) - Math.log1p(df / at / at);
  return Math.exp(a * lnX - Math.log(a) - (lnGamma(a) + lnGamma(0.5) - lnGamma(a + 0.5)));
}

/** Student's t quantile. */
export function tQuantileAt(p: number, df: number): number {
  if (Number.isNaN(df) || !(df > 0)) return Number.NaN;
  if (!Number.isFinite(df)) return normalQuantile(p);
  if (Number.isNaN(p) || p < 0 || p > 1) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (p === 0.5) return 0;
  const q = p < 0.5 ? p : 1 - p;
  let t: number;
  if (df === 1) t = 1 / Math.tan(Math.PI * q);
  else if (df === 2) t = (1 - 2 * q) / Math.sqrt(2 * q * (1 - q));
  else {
    const lnNorm = lnGamma((df + 1) / 2) - lnGamma(df / 2) - 0.5 * Math.log(df * Math.PI);
    const density = (x: number) => Math.exp(lnNorm - ((df + 1) / 2) * Math.log1p((x * x) / df));
    const upper = (x: number) => 0.5 * tTwoSided(x, df);
    // Start: the normal quantile with the first two Cornish–Fisher terms.
    const z = -normalQuantile(q);
    const z3 = z * z * z;
    const start = z + (z3 + z) / (4 * df) + (5 * z3 * z * z + 16 * z3 + 3 * z) / (96 * df * df);
    t = invertUpperTail(q, upper, density, start);
  }
  return p < 0.5 ? -t : t;
}

/** P(X > x) for chi-square with `df` degrees of freedom. */
export function chiSquareUpper(x: number, df: number): number {
  if (x <= 0) return 1;
  return gammaRegularized(df / 2, x / 2)[1];
}

/** P(F > f) for the F distribution with (df1, df2) degrees of freedom. */
export function fUpper(f: number, df1: number, df2: number): number {
  if (f <= 0) return 1;
  if (f === Number.POSITIVE_INFINITY) return 0;
  const s = df2 + df1 * f;
  return betaRegularized(df2 / s, (df1 * f) / s, df2 / 2, df1 / 2)[0];
}

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** log Γ(x) for x > 0 (Lanczos, g = 7; relative error ~1e-15). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** log of the binomial coefficient C(n, k). */
export function logChoose(n: number, k: number): number {
  if (k === 0 || k === n) return 0;
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
}
