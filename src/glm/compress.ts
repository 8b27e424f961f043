import type { Column, Frame } from '../data/frame.js';
import { logChoose } from '../internal/distributions.js';

/**
 * Sufficient statistics of rows that share one covariate pattern (and cluster and offset).
 * With them, IRLS on one row per pattern (weight Σw, response Σwy/Σw) gives exactly the
 * estimates, X'WX and score sums of the full data, and the extra sums below give exactly the
 * HC0/HC1 meat, the Pearson χ², the deviance and the log-likelihood.
 */
export interface PatternStatistics {
  /** Representative input row of each pattern. */
  readonly rows: Int32Array;
  /** Position of that row among the used rows (index into y, weights, offset, cluster). */
  readonly positions: Int32Array;
  /** Rows with positive weight in the pattern. */
  readonly count: Float64Array;
  readonly sw: Float64Array;
  readonly swy: Float64Array;
  readonly swy2: Float64Array;
  readonly sw2: Float64Array;
  readonly sw2y: Float64Array;
  readonly sw2y2: Float64Array;
  /** Σ w·[y log y + (1 − y) log(1 − y)] (binomial deviance constant). */
  readonly swEntropy: Float64Array;
  /** Σ log C(round w, round wy), R's binomial log-likelihood constant. */
  readonly logChoose: Float64Array;
  readonly sRoundW: Float64Array;
  readonly sRoundWY: Float64Array;
  readonly sumLogW: number;
}

function xlogx(x: number): number {
  return x > 0 ? x * Math.log(x) : 0;
}

/** Mix 32-bit words (murmur3 finaliser steps). */
function mix(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/**
 * Group rows with identical values in `keyColumns` (plus the cluster index) and accumulate
 * their sufficient statistics. Returns null as soon as the patterns exceed `maxRatio` of the
 * rows, when compression would not pay. Rows with zero weight are left out (they carry no
 * information and R does not count them in nobs).
 */
export function compressPatterns(
  frame: Frame,
  keyColumns: readonly string[],
  keep: Int32Array | null,
  y: ArrayLike<number>,
  weights: ArrayLike<number> | null,
  cluster: Int32Array | null,
  maxRatio: number,
): PatternStatistics | null {
  const n = y.length;
  const cols: Column[] = keyColumns.map((c) => frame.column(c));
  const f64 = new Float64Array(1);
  const u32 = new Uint32Array(f64.buffer);
  const limit = Math.max(16, Math.floor(n * maxRatio));
  let size = 1 << Math.ceil(Math.log2(Math.min(n, limit) * 2 + 16));
  let table = new Int32Array(size).fill(-1);
  const hashes: number[] = [];
  const reps: number[] = [];
  const repPos: number[] = [];
  const groupOf = new Int32Array(n);
  const rowOf = (r: number) => (keep ? keep[r]! : r);

  const hashRow = (i: number, g: number): number => {
    let h = g | 0;
    for (const col of cols) {
      if (col.kind === 'factor') h = mix(h, col.codes[i]!);
      else {
        f64[0] = col.values[i]!;
        h = mix(mix(h, u32[0]!), u32[1]!);
      }
    }
    return h;
  };
  const sameRow = (a: number, b: number): boolean => {
    for (const col of cols) {
      if (col.kind === 'factor' ? col.codes[a] !== col.codes[b] : col.values[a] !== col.values[b])
        return false;
    }
    return true;
  };
  const grow = () => {
    size *= 2;
    table = new Int32Array(size).fill(-1);
    for (let g = 0; g < reps.length; g++) {
      let s = hashes[g]! & (size - 1);
      while (table[s] !== -1) s = (s + 1) & (size - 1);
      table[s] = g;
    }
  };

  for (let r = 0; r < n; r++) {
    if (weights && weights[r] === 0) {
      groupOf[r] = -1;
      continue;
    }
    const i = rowOf(r);
    const cl = cluster ? cluster[r]! : 0;
    const h = hashRow(i, cl);
    let s = h & (size - 1);
    let g = -1;
    while (table[s] !== -1) {
      const cand = table[s]!;
      if (hashes[cand] === h && sameRow(reps[cand]!, i) && (!cluster || cluster[repPos[cand]!] === cl)) {
        g = cand;
        break;
      }
      s = (s + 1) & (size - 1);
    }
    if (g === -1) {
      g = reps.length;
      if (g >= limit) return null;
      reps.push(i);
      repPos.push(r);
      hashes.push(h);
      table[s] = g;
      if (reps.length * 2 > size) grow();
    }
    groupOf[r] = g;
  }

  const G = reps.length;
  const z = () => new Float64Array(G);
  const st = {
    count: z(),
    sw: z(),
    swy: z(),
    swy2: z(),
    sw2: z(),
    sw2y: z(),
    sw2y2: z(),
    swEntropy: z(),
    logChoose: z(),
    sRoundW: z(),
    sRoundWY: z(),
  };
  let sumLogW = 0;
  for (let r = 0; r < n; r++) {
    const g = groupOf[r]!;
    if (g < 0) continue;
    const w = weights ? weights[r]! : 1;
    const yi = y[r]!;
    st.count[g]!++;
    st.sw[g]! += w;
    st.swy[g]! += w * yi;
    st.swy2[g]! += w * yi * yi;
    st.sw2[g]! += w * w;
    st.sw2y[g]! += w * w * yi;
    st.sw2y2[g]! += w * w * yi * yi;
    st.swEntropy[g]! += w * (xlogx(yi) + xlogx(1 - yi));
    const rw = Math.round(w);
    const rwy = Math.round(w * yi);
    if (rw >= 0 && rwy >= 0 && rwy <= rw) st.logChoose[g]! += logChoose(rw, rwy);
    st.sRoundW[g]! += rw;
    st.sRoundWY[g]! += rwy;
    sumLogW += Math.log(w);
  }
  return { rows: Int32Array.from(reps), positions: Int32Array.from(repPos), ...st, sumLogW };
}
