import { type Design, maxRowEntries, rowEntries } from './design.js';

/**
 * The design in compressed sparse rows, split by kind of entry: `ones` holds the columns whose
 * value is exactly 1 (intercept, dummies, 0/1 indicators: added by index, no multiplication),
 * `vals` the other non-zeros with their values. Every array is monomorphic (one typed-array
 * type per field), which is what keeps the IRLS kernels fast, and the whole structure can live
 * in shared memory for worker threads.
 */
export interface PackedDesign {
  readonly n: number;
  readonly p: number;
  readonly onesPtr: Int32Array;
  readonly onesCol: Uint16Array;
  readonly valsPtr: Int32Array;
  readonly valsCol: Uint16Array;
  readonly valsVal: Float64Array;
}

/** Allocate a typed array on a SharedArrayBuffer when `shared`, so workers can read it without copies. */
function alloc<T extends Int32Array | Uint16Array | Float64Array>(
  Ctor: { new (buffer: ArrayBufferLike): T; new (length: number): T; BYTES_PER_ELEMENT: number },
  length: number,
  shared: boolean,
): T {
  return shared
    ? new Ctor(new SharedArrayBuffer(Math.max(1, length) * Ctor.BYTES_PER_ELEMENT))
    : new Ctor(length);
}

/**
 * Pack a design (optionally dropping aliased columns through `colMap`) into {@link PackedDesign}.
 * Two passes: count, then fill, so memory is allocated exactly once.
 */
export function packDesign(
  design: Design,
  colMap: Int32Array | null,
  p: number,
  shared = false,
): PackedDesign {
  const n = design.n;
  const cols = new Int32Array(maxRowEntries(design));
  const vals = new Float64Array(cols.length);
  let nOnes = 0;
  let nVals = 0;
  for (let i = 0; i < n; i++) {
    const k = rowEntries(design, i, cols, vals, colMap);
    for (let a = 0; a < k; a++) {
      if (vals[a] === 1) nOnes++;
      else nVals++;
    }
  }
  const onesPtr = alloc(Int32Array, n + 1, shared);
  const valsPtr = alloc(Int32Array, n + 1, shared);
  const onesCol = alloc(Uint16Array, nOnes, shared);
  const valsCol = alloc(Uint16Array, nVals, shared);
  const valsVal = alloc(Float64Array, nVals, shared);
  let o = 0;
  let v = 0;
  for (let i = 0; i < n; i++) {
    onesPtr[i] = o;
    valsPtr[i] = v;
    const k = rowEntries(design, i, cols, vals, colMap);
    for (let a = 0; a < k; a++) {
      if (vals[a] === 1) onesCol[o++] = cols[a]!;
      else {
        valsCol[v] = cols[a]!;
        valsVal[v++] = vals[a]!;
      }
    }
  }
  onesPtr[n] = o;
  valsPtr[n] = v;
  return { n, p, onesPtr, onesCol, valsPtr, valsCol, valsVal };
}

/** Largest number of non-zeros in any packed row. */
export function maxPackedRow(d: PackedDesign): number {
  let m = 0;
  for (let i = 0; i < d.n; i++) {
    const k = d.onesPtr[i + 1]! - d.onesPtr[i]! + d.valsPtr[i + 1]! - d.valsPtr[i]!;
    if (k > m) m = k;
  }
  return m;
}
