import { sharedBuffer } from '../internal/platform.js';
import type { Design, EncodedTerm } from './design.js';
import { MAX_PATTERN_KEYS, type OnesPatterns, PatternNumbering } from './ones-patterns.js';

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
  /** The rows' ones patterns when they are few (the kernel then sums per pattern), else null. */
  readonly patterns: OnesPatterns | null;
}

/**
 * Row `i`'s non-zero entries into `cols`/`vals` (ones first, then values, each in column order);
 * returns how many. The generic passes (probit, final statistics, leverage) read rows through it;
 * the hot logit/identity kernel inlines the same loop.
 */
export function packedRowEntries(d: PackedDesign, i: number, cols: Int32Array, vals: Float64Array): number {
  let k = 0;
  const o1 = d.onesPtr[i + 1]!;
  for (let o = d.onesPtr[i]!; o < o1; o++) {
    cols[k] = d.onesCol[o]!;
    vals[k++] = 1;
  }
  const v1 = d.valsPtr[i + 1]!;
  for (let v = d.valsPtr[i]!; v < v1; v++) {
    cols[k] = d.valsCol[v]!;
    vals[k++] = d.valsVal[v]!;
  }
  return k;
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
  return shared ? new C(sharedBuffer(Math.max(1, length) * C.BYTES_PER_ELEMENT)) : new C(length);
}

/**
 * Append one term's entries for rows [from, to) at the per-row cursors `oCur[r − from]` and
 * `vCur[r − from]`. Each shape of term gets its own loop, and each loop reads one typed-array type
 * (so it stays monomorphic): a numeric column with a fixed design column (bytes, doubles, singles,
 * anything else), a factor's dummy by index, and a per-row column with values (products with numbers).
 */
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
    if (v instanceof Uint8Array) fixedBytes(v, c, from, to, oCur, vCur, onesCol, valsCol, valsVal);
    else if (v instanceof Float64Array) fixedF64(v, c, from, to, oCur, vCur, onesCol, valsCol, valsVal);
    else if (v instanceof Float32Array) fixedF32(v, c, from, to, oCur, vCur, onesCol, valsCol, valsVal);
    else fixedAny(v!, c, from, to, oCur, vCur, onesCol, valsCol, valsVal);
    return;
  }
  const index = e.index;
  if (!v) {
    if (colMap) {
      for (let r = from; r < to; r++) {
        const k = index[r]!;
        if (k < 0) continue;
        const c = colMap[k]!;
        if (c >= 0) onesCol[oCur[r - from]!++] = c;
      }
    } else {
      for (let r = from; r < to; r++) {
        const c = index[r]!;
        if (c >= 0) onesCol[oCur[r - from]!++] = c;
      }
    }
    return;
  }
  for (let r = from; r < to; r++) {
    const k = index[r]!;
    if (k < 0) continue;
    const c = colMap ? colMap[k]! : k;
    if (c < 0) continue;
    const x = v[r]!;
    if (x === 1) onesCol[oCur[r - from]!++] = c;
    else if (x !== 0) {
      valsCol[vCur[r - from]!] = c;
      valsVal[vCur[r - from]!++] = x;
    }
  }
}

function fixedBytes(
  v: Uint8Array,
  c: number,
  from: number,
  to: number,
  oCur: Int32Array,
  vCur: Int32Array,
  onesCol: Uint16Array,
  valsCol: Uint16Array,
  valsVal: Float64Array | Float32Array,
): void {
  for (let r = from; r < to; r++) {
    const x = v[r]!;
    if (x === 1) onesCol[oCur[r - from]!++] = c;
    else if (x !== 0) {
      valsCol[vCur[r - from]!] = c;
      valsVal[vCur[r - from]!++] = x;
    }
  }
}

function fixedF64(
  v: Float64Array,
  c: number,
  from: number,
  to: number,
  oCur: Int32Array,
  vCur: Int32Array,
  onesCol: Uint16Array,
  valsCol: Uint16Array,
  valsVal: Float64Array | Float32Array,
): void {
  for (let r = from; r < to; r++) {
    const x = v[r]!;
    if (x === 1) onesCol[oCur[r - from]!++] = c;
    else if (x !== 0) {
      valsCol[vCur[r - from]!] = c;
      valsVal[vCur[r - from]!++] = x;
    }
  }
}

function fixedF32(
  v: Float32Array,
  c: number,
  from: number,
  to: number,
  oCur: Int32Array,
  vCur: Int32Array,
  onesCol: Uint16Array,
  valsCol: Uint16Array,
  valsVal: Float64Array | Float32Array,
): void {
  for (let r = from; r < to; r++) {
    const x = v[r]!;
    if (x === 1) onesCol[oCur[r - from]!++] = c;
    else if (x !== 0) {
      valsCol[vCur[r - from]!] = c;
      valsVal[vCur[r - from]!++] = x;
    }
  }
}

function fixedAny(
  v: ArrayLike<number>,
  c: number,
  from: number,
  to: number,
  oCur: Int32Array,
  vCur: Int32Array,
  onesCol: Uint16Array,
  valsCol: Uint16Array,
  valsVal: Float64Array | Float32Array,
): void {
  for (let r = from; r < to; r++) {
    const x = v[r]!;
    if (x === 1) onesCol[oCur[r - from]!++] = c;
    else if (x !== 0) {
      valsCol[vCur[r - from]!] = c;
      valsVal[vCur[r - from]!++] = x;
    }
  }
}

/** A growable typed array for the packed entries (the final size is known only at the end). */
function grow<T extends Uint16Array | Float32Array | Float64Array>(a: T, need: number, shared: boolean): T {
  if (need <= a.length) return a;
  const C = a.constructor as Ctor<T>;
  const b = alloc(C, Math.max(need, Math.ceil(a.length * 1.25)), shared);
  (b as Uint16Array).set(a as Uint16Array);
  return b;
}

/**
 * Pack a design (optionally dropping aliased columns through `colMap`) into {@link PackedDesign}.
 * One sweep over the rows in blocks: each term's entries go into a small block buffer with a
 * fixed number of slots per row (a term gives at most one entry per row), which stays in cache,
 * and each block is then appended to the packed arrays without gaps.
 */
export function packDesign(
  design: Design,
  colMap: Int32Array | null,
  p: number,
  shared = false,
): PackedDesign {
  const n = design.n;
  const terms = design.encoded;
  const onesPtr = alloc(Int32Array, n + 1, shared);
  const valsPtr = alloc(Int32Array, n + 1, shared);
  const intercept = design.layout.intercept && (!colMap || colMap[0]! >= 0);
  const oSlots = terms.length + (intercept ? 1 : 0);
  const vSlots = Math.max(1, terms.filter((e) => e.value !== null).length);
  // Single precision only where it is exact: every valued source already is float32 or a small integer.
  const single = terms.every((e) => e.value === null || isSingleExact(e.value));
  const localOnes = new Uint16Array(BLOCK * oSlots);
  const localCol = new Uint16Array(BLOCK * vSlots);
  const localVal = single ? new Float32Array(BLOCK * vSlots) : new Float64Array(BLOCK * vSlots);
  const oCur = new Int32Array(BLOCK);
  const vCur = new Int32Array(BLOCK);
  let onesCol = alloc(Uint16Array, 0, shared);
  let valsCol = alloc(Uint16Array, 0, shared);
  let valsVal: Float32Array | Float64Array = single
    ? alloc(Float32Array, 0, shared)
    : alloc(Float64Array, 0, shared);
  const maxAbs = new Float64Array(p);
  // The ones pattern of a row is fixed by a mixed-radix key: per term, which of its columns holds a
  // one (0 for none). A term has at most one entry per row, so the key is the sum over the row's ones
  // of a per-column contribution, added while the ones are copied. Numbered when the key space is
  // small (see PatternNumbering).
  const contribution = new Int32Array(p);
  let keys = 1;
  for (let t = terms.length - 1; t >= 0; t--) {
    const e = terms[t]!;
    const width = e.index ? design.layout.terms[t]!.columnNames.length : 1;
    for (let j = 0; j < width; j++) {
      const c = colMap ? colMap[e.firstColumn + j]! : e.firstColumn + j;
      if (c >= 0) contribution[c] = (j + 1) * keys;
    }
    keys *= width + 1;
    if (keys > MAX_PATTERN_KEYS) break;
  }
  const numbering = new PatternNumbering(n, keys, shared);
  const key = new Int32Array(BLOCK);
  let no = 0;
  let nv = 0;
  for (let b0 = 0; b0 < n; b0 += BLOCK) {
    const b1 = Math.min(n, b0 + BLOCK);
    const m = b1 - b0;
    for (let k = 0; k < m; k++) {
      oCur[k] = k * oSlots;
      vCur[k] = k * vSlots;
    }
    if (intercept) for (let k = 0; k < m; k++) localOnes[oCur[k]!++] = 0;
    for (const e of terms) fillTerm(e, b0, b1, colMap, oCur, vCur, localOnes, localCol, localVal);

    // Room for this block, sized on the first block's density so the arrays grow rarely.
    let addO = 0;
    let addV = 0;
    for (let k = 0; k < m; k++) {
      addO += oCur[k]! - k * oSlots;
      addV += vCur[k]! - k * vSlots;
    }
    if (no + addO > onesCol.length)
      onesCol = grow(onesCol, Math.ceil((((no + addO) * n) / b1) * 1.02), shared);
    if (nv + addV > valsCol.length) {
      const need = Math.ceil((((nv + addV) * n) / b1) * 1.02);
      valsCol = grow(valsCol, need, shared);
      valsVal = grow(valsVal, need, shared);
    }
    for (let k = 0; k < m; k++) {
      onesPtr[b0 + k] = no;
      let rowKey = 0;
      for (let a = k * oSlots, a1 = oCur[k]!; a < a1; a++) {
        const c = localOnes[a]!;
        onesCol[no++] = c;
        maxAbs[c] = 1;
        rowKey += contribution[c]!;
      }
      key[k] = rowKey;
      valsPtr[b0 + k] = nv;
      for (let a = k * vSlots, a1 = vCur[k]!; a < a1; a++) {
        const c = localCol[a]!;
        const x = localVal[a]!;
        valsCol[nv] = c;
        valsVal[nv++] = x;
        const ax = Math.abs(x);
        if (ax > maxAbs[c]!) maxAbs[c] = ax;
      }
    }
    numbering.add(b0, key, m);
  }
  onesPtr[n] = no;
  valsPtr[n] = nv;
  const patterns = numbering.done(p, onesPtr, onesCol, valsCol, nv);
  return { n, p, onesPtr, onesCol, valsPtr, valsCol, valsVal, maxAbs, patterns };
}
