import type { Design, EncodedTerm } from './design.js';

/**
 * The design in compressed sparse rows, split by kind of entry: `ones` holds the columns whose
 * value is exactly 1 (intercept, dummies, 0/1 indicators: added by index, no multiplication),
 * `vals` the other non-zeros with their values. Every array is monomorphic (one typed-array
 * type per field), which is what keeps the IRLS kernels fast, and the whole structure can live
 * in shared memory for worker threads. Within a row, ones and values are each in column order.
 */
export interface PackedDesign {
  readonly n: number;
  readonly p: number;
  readonly onesPtr: Int32Array;
  readonly onesCol: Uint16Array;
  readonly valsPtr: Int32Array;
  readonly valsCol: Uint16Array;
  readonly valsVal: Float64Array;
  /** Largest |x| per column (for scale-free diagnostics). */
  readonly maxAbs: Float64Array;
}

type Ctor<T> = { new (buffer: ArrayBufferLike): T; new (length: number): T; BYTES_PER_ELEMENT: number };

/** Allocate a typed array on a SharedArrayBuffer when `shared`, so workers can read it without copies. */
function alloc<T>(C: Ctor<T>, length: number, shared: boolean): T {
  return shared ? new C(new SharedArrayBuffer(Math.max(1, length) * C.BYTES_PER_ELEMENT)) : new C(length);
}

/** Design column of term `e` in row r after the column map, or −1; the value is read separately. */
function columnOf(e: EncodedTerm, r: number, colMap: Int32Array | null): number {
  const c = e.index ? e.index[r]! : e.firstColumn;
  return c < 0 ? -1 : colMap ? colMap[c]! : c;
}

/**
 * Pack a design (optionally dropping aliased columns through `colMap`) into {@link PackedDesign}.
 * Works term by term (each inner loop runs over one typed array), in two sweeps: count the
 * entries per row, then fill them, so memory is allocated exactly once.
 */
export function packDesign(
  design: Design,
  colMap: Int32Array | null,
  p: number,
  shared = false,
): PackedDesign {
  const n = design.n;
  const onesPtr = alloc(Int32Array, n + 1, shared);
  const valsPtr = alloc(Int32Array, n + 1, shared);
  const intercept = design.layout.intercept && (!colMap || colMap[0]! >= 0);
  // Sweep 1: counts per row (stored shifted by one, then prefix-summed into pointers).
  if (intercept) for (let r = 0; r < n; r++) onesPtr[r + 1] = 1;
  for (const e of design.encoded) {
    const v = e.value;
    for (let r = 0; r < n; r++) {
      if (columnOf(e, r, colMap) < 0) continue;
      const x = v ? v[r]! : 1;
      if (x === 1) onesPtr[r + 1]++;
      else if (x !== 0) valsPtr[r + 1]++;
    }
  }
  for (let r = 0; r < n; r++) {
    onesPtr[r + 1] += onesPtr[r]!;
    valsPtr[r + 1] += valsPtr[r]!;
  }
  const onesCol = alloc(Uint16Array, onesPtr[n]!, shared);
  const valsCol = alloc(Uint16Array, valsPtr[n]!, shared);
  const valsVal = alloc(Float64Array, valsPtr[n]!, shared);
  const maxAbs = new Float64Array(p);
  // Sweep 2: fill, term by term, with per-row cursors.
  const oCur = Int32Array.from(onesPtr.subarray(0, n));
  const vCur = Int32Array.from(valsPtr.subarray(0, n));
  if (intercept) {
    for (let r = 0; r < n; r++) onesCol[oCur[r]!++] = 0;
    if (n > 0) maxAbs[0] = 1;
  }
  for (const e of design.encoded) {
    const v = e.value;
    for (let r = 0; r < n; r++) {
      const c = columnOf(e, r, colMap);
      if (c < 0) continue;
      const x = v ? v[r]! : 1;
      if (x === 1) {
        onesCol[oCur[r]!++] = c;
        if (maxAbs[c]! < 1) maxAbs[c] = 1;
      } else if (x !== 0) {
        valsCol[vCur[r]!] = c;
        valsVal[vCur[r]!++] = x;
        const a = Math.abs(x);
        if (a > maxAbs[c]!) maxAbs[c] = a;
      }
    }
  }
  return { n, p, onesPtr, onesCol, valsPtr, valsCol, valsVal, maxAbs };
}
