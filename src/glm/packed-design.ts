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
  /** Values of the valued entries: Float32 when every source column is single precision or a small integer type (exact), else Float64. */
  readonly valsVal: Float64Array | Float32Array;
  /** Largest |x| per column (for scale-free diagnostics). */
  readonly maxAbs: Float64Array;
}

/** Rows per block in the packing sweeps (counters of a block fit in L1/L2 cache). */
const BLOCK = 4096;

/** Arrays whose every value a float32 holds exactly. */
function isSingleExact(a: ArrayLike<number>): boolean {
  return (
    a instanceof Float32Array ||
    a instanceof Uint8Array ||
    a instanceof Int8Array ||
    a instanceof Uint16Array ||
    a instanceof Int16Array
  );
}

type Ctor<T> = { new (buffer: ArrayBufferLike): T; new (length: number): T; BYTES_PER_ELEMENT: number };

/** Allocate a typed array on a SharedArrayBuffer when `shared`, so workers can read it without copies. */
function alloc<T>(C: Ctor<T>, length: number, shared: boolean): T {
  return shared ? new C(new SharedArrayBuffer(Math.max(1, length) * C.BYTES_PER_ELEMENT)) : new C(length);
}

/** The column of term `e` in row r after the column map, or −1 when the term is zero there. */
type Entry = (r: number) => number;

/**
 * Count one term's entries per row (sweep 1). Each of the three shapes of term gets its own loop:
 * a 0/1 indicator stored as bytes (the common case: one typed-array type, so the loop stays
 * monomorphic), another numeric column with a fixed design column, and a per-row column (dummies
 * and their products with numbers).
 */
function countTerm(
  e: EncodedTerm,
  from: number,
  to: number,
  colMap: Int32Array | null,
  ones: Int32Array,
  vals: Int32Array,
): void {
  const v = e.value;
  if (!e.index) {
    if ((colMap ? colMap[e.firstColumn]! : e.firstColumn) < 0) return;
    if (v instanceof Uint8Array) {
      for (let r = from; r < to; r++) {
        const x = v[r]!;
        if (x === 1) ones[r]++;
        else if (x !== 0) vals[r]++;
      }
      return;
    }
    const values = v as ArrayLike<number>;
    for (let r = from; r < to; r++) {
      const x = values[r]!;
      if (x === 1) ones[r]++;
      else if (x !== 0) vals[r]++;
    }
    return;
  }
  const column = entryOf(e, colMap);
  for (let r = from; r < to; r++) {
    if (column(r) < 0) continue;
    const x = v ? v[r]! : 1;
    if (x === 1) ones[r]++;
    else if (x !== 0) vals[r]++;
  }
}

function entryOf(e: EncodedTerm, colMap: Int32Array | null): Entry {
  const index = e.index!;
  return colMap ? (r) => (index[r]! < 0 ? -1 : colMap[index[r]!]!) : (r) => index[r]!;
}

/** Fill one term's entries at the per-row cursors (sweep 2); same three shapes as {@link countTerm}. */
function fillTerm(
  e: EncodedTerm,
  from: number,
  to: number,
  colMap: Int32Array | null,
  oCur: Int32Array,
  vCur: Int32Array,
  onesCol: Uint16Array,
  valsCol: Uint16Array,
  valsVal: Float64Array | Float32Array,
): void {
  const v = e.value;
  if (!e.index) {
    const c = colMap ? colMap[e.firstColumn]! : e.firstColumn;
    if (c < 0) return;
    if (v instanceof Uint8Array) {
      for (let r = from; r < to; r++) {
        const x = v[r]!;
        if (x === 1) onesCol[oCur[r]!++] = c;
        else if (x !== 0) {
          valsCol[vCur[r]!] = c;
          valsVal[vCur[r]!++] = x;
        }
      }
      return;
    }
    const values = v as ArrayLike<number>;
    for (let r = from; r < to; r++) {
      const x = values[r]!;
      if (x === 1) onesCol[oCur[r]!++] = c;
      else if (x !== 0) {
        valsCol[vCur[r]!] = c;
        valsVal[vCur[r]!++] = x;
      }
    }
    return;
  }
  const column = entryOf(e, colMap);
  for (let r = from; r < to; r++) {
    const c = column(r);
    if (c < 0) continue;
    const x = v ? v[r]! : 1;
    if (x === 1) onesCol[oCur[r]!++] = c;
    else if (x !== 0) {
      valsCol[vCur[r]!] = c;
      valsVal[vCur[r]!++] = x;
    }
  }
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
  // Sweep 1: counts per row (into ptr[r + 1]), then prefix sums into pointers.
  const onesCount = onesPtr.subarray(1);
  const valsCount = valsPtr.subarray(1);
  if (intercept) onesCount.fill(1);
  // Rows go in blocks so the per-row counters and cursors stay in cache across the terms.
  for (let b0 = 0; b0 < n; b0 += BLOCK) {
    const b1 = Math.min(n, b0 + BLOCK);
    for (const e of design.encoded) countTerm(e, b0, b1, colMap, onesCount, valsCount);
  }
  for (let r = 0; r < n; r++) {
    onesPtr[r + 1] += onesPtr[r]!;
    valsPtr[r + 1] += valsPtr[r]!;
  }
  const onesCol = alloc(Uint16Array, onesPtr[n]!, shared);
  const valsCol = alloc(Uint16Array, valsPtr[n]!, shared);
  // Single precision only where it is exact: every valued source already is float32 or a small integer.
  const single = design.encoded.every((e) => e.value === null || isSingleExact(e.value));
  const valsVal = single
    ? alloc(Float32Array, valsPtr[n]!, shared)
    : alloc(Float64Array, valsPtr[n]!, shared);
  // Sweep 2: fill, term by term, with per-row cursors (entries stay in column order).
  const oCur = Int32Array.from(onesPtr.subarray(0, n));
  const vCur = Int32Array.from(valsPtr.subarray(0, n));
  if (intercept) for (let r = 0; r < n; r++) onesCol[oCur[r]!++] = 0;
  const maxAbs = new Float64Array(p);
  for (let b0 = 0; b0 < n; b0 += BLOCK) {
    const b1 = Math.min(n, b0 + BLOCK);
    for (const e of design.encoded) fillTerm(e, b0, b1, colMap, oCur, vCur, onesCol, valsCol, valsVal);
  }
  // Largest |x| per column, for the separation diagnostics.
  if (intercept && n > 0) maxAbs[0] = 1;
  for (let k = 0; k < onesCol.length; k++) maxAbs[onesCol[k]!] = 1;
  for (let k = 0; k < valsCol.length; k++) {
    const a = Math.abs(valsVal[k]!);
    if (a > maxAbs[valsCol[k]!]!) maxAbs[valsCol[k]!] = a;
  }
  return { n, p, onesPtr, onesCol, valsPtr, valsCol, valsVal, maxAbs };
}
