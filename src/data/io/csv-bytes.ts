/**
 * The byte-level CSV parser: one byte range of a file straight into typed columns, without a JS string per
 * numeric cell. The record syntax is exactly that of {@link csvRecords} (the contract): `"` quotes, `""` in
 * quotes is one quote, LF or CRLF line ends (CR-only files too), text after a closing quote is an error, a
 * blank line is skipped except in a one-column file. Numbers go into `Float64Array` (missing = NaN) through
 * an exact fast path for short decimals (at most 15 digits and a power of ten up to 22, where one correctly
 * rounded multiplication or division gives the same double as `Number()`); every other cell falls back to
 * {@link parseNumberCell}, so values and errors are those of the string reader. Text goes into factor codes
 * (`Int32Array`, -1 = missing) over a dictionary keyed by the cell's bytes, each distinct value decoded once.
 * Everything here is synchronous and serialisable, so a worker thread can run it on its own range.
 * @internal
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { DecimalMark } from '../parse-number.js';
import { parseBooleanCell, parseNumberCell, unescapeSpreadsheet } from './cells.js';

const QUOTE = 34;
const CR = 13;
const LF = 10;

/** Scanner outcomes. @internal */
export const OK = 0;
export const INCOMPLETE = 1;
export const UNCLOSED = 2;
export const AFTER_QUOTE = 3;

/** Kinds of slot (one per output column, or shared by outputs of one file column and type). */
export type SlotKind = 'number' | 'boolean' | 'string';

/** What a range parse needs to know: everything is plain data, so it crosses to a worker as it is. @internal */
export interface CsvPlan {
  readonly delimiter: number;
  /** The line-end byte: LF (CRLF files too) or CR (CR-only files). */
  readonly newline: number;
  /** Fields per record (from the header). */
  readonly width: number;
  /** Per file field: the slot it is read into, or -1. */
  readonly slotOf: readonly number[];
  readonly kinds: readonly SlotKind[];
  /** Per slot: a quoted text cell is an error (the type was inferred from a sample without one). */
  readonly quotedIsError: readonly boolean[];
  readonly decimal: DecimalMark;
  /** The `na` tokens, as written (compared as UTF-8 bytes). */
  readonly na: readonly string[];
  readonly undoSafe: boolean;
}

/** The first cell of a slot that does not fit its type, by its 1-based row in the range. @internal */
export interface BadCell {
  readonly row: number;
  readonly cell: string;
  /** A quoted text cell in a column inferred as number/boolean. */
  readonly quoted: boolean;
}

/** A record-level error (the whole read stops there), by 1-based data row in the range. @internal */
export interface RecordError {
  readonly kind: 'unclosed' | 'after-quote' | 'ragged';
  readonly row: number;
  readonly fields: number;
}

/** One range parsed: per slot its values (first `rows` entries) and local levels. @internal */
export interface RangeResult {
  /** File offset where parsing stopped: the start of the first record at or after the range's stop. */
  readonly end: number;
  readonly rows: number;
  readonly error: RecordError | null;
  readonly values: (Float64Array | Int32Array)[];
  /** Per string slot its local levels (code order); null for other slots. */
  readonly levels: (string[] | null)[];
  readonly bad: (BadCell | null)[];
}

/** Field boundaries of the record just scanned. @internal */
export class RecordScan {
  starts: Int32Array;
  ends: Int32Array;
  /** 0 unquoted, 1 quoted, 2 quoted with `""` inside. */
  flags: Uint8Array;
  fields = 0;
  next = 0;
  blank = false;
  constructor(width: number) {
    this.starts = new Int32Array(width + 1);
    this.ends = new Int32Array(width + 1);
    this.flags = new Uint8Array(width + 1);
  }
  private push(s: number, e: number, flag: number): void {
    const f = this.fields++;
    if (f < this.starts.length) {
      this.starts[f] = s;
      this.ends[f] = e;
      this.flags[f] = flag;
    }
  }

  /** Scan one record from `i` in `b[0, n)`; OK sets `next` (the start of the following record). */
  scan(b: Uint8Array, i: number, n: number, eof: boolean, delim: number, nl: number): number {
    this.fields = 0;
    this.blank = false;
    const start = i;
    for (;;) {
      if (i < n && b[i] === QUOTE) {
        let j = i + 1;
        let escaped = false;
        let k: number;
        for (;;) {
          k = b.indexOf(QUOTE, j);
          if (k < 0 || k >= n) return eof ? UNCLOSED : INCOMPLETE;
          if (k + 1 >= n && !eof) return INCOMPLETE;
          if (k + 1 < n && b[k + 1] === QUOTE) {
            escaped = true;
            j = k + 2;
            continue;
          }
          break;
        }
        this.push(i + 1, k, escaped ? 2 : 1);
        i = k + 1;
        if (i >= n) {
          if (!eof) return INCOMPLETE;
          break;
        }
        const c = b[i];
        if (c === delim) {
          i++;
          continue;
        }
        if (c === nl) {
          i++;
          break;
        }
        if (c === CR && nl === LF) {
          if (i + 1 >= n && !eof) return INCOMPLETE;
          if (i + 1 >= n || b[i + 1] === LF) {
            i += 2;
            break;
          }
        }
        return AFTER_QUOTE;
      }
      let p = i;
      while (p < n) {
        const c = b[p]!;
        if (c === delim || c === nl) break;
        p++;
      }
      if (p < n && b[p] === delim) {
        this.push(i, p, 0);
        i = p + 1;
        continue;
      }
      if (p >= n && !eof) return INCOMPLETE;
      let stop = p;
      if (nl === LF && stop > i && b[stop - 1] === CR) stop--;
      this.push(i, stop, 0);
      this.blank = stop === start;
      i = p + 1;
      break;
    }
    this.next = Math.min(i, n);
    return OK;
  }
}

/** Decode a cell's bytes; `""` becomes `"` in a quoted cell that has them. @internal */
export function cellText(b: Buffer, s: number, e: number, flag: number): string {
  const text = b.toString('utf8', s, e);
  return flag === 2 ? text.replaceAll('""', '"') : text;
}

const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
  1e20, 1e21, 1e22,
];

/** Set by {@link fastDecimal}: the cell was of the plain form but too long for the exact fast path. @internal */
export const longDecimal = { seen: false };

/**
 * The double of a plain decimal cell `[+-]digits[.digits][e[+-]digits]` of at most 15 digits whose power
 * of ten is within ±22: then the digits and the power are exact doubles and one rounding gives the
 * correctly rounded value, which is what `Number()` returns. NaN means "not this easy form": the caller
 * then uses the exact string path. @internal
 */
export function fastDecimal(b: Uint8Array, s: number, e: number, mark: number): number {
  let p = s;
  let neg = false;
  let c = b[p];
  if (c === 45) {
    neg = true;
    p++;
  } else if (c === 43) p++;
  let m = 0;
  let digits = 0;
  while (p < e) {
    const d = b[p]! - 48;
    if (d < 0 || d > 9) break;
    m = m * 10 + d;
    digits++;
    p++;
  }
  let frac = 0;
  if (p < e && b[p] === mark) {
    p++;
    while (p < e) {
      const d = b[p]! - 48;
      if (d < 0 || d > 9) break;
      m = m * 10 + d;
      digits++;
      frac++;
      p++;
    }
  }
  longDecimal.seen = false;
  if (digits === 0) return Number.NaN;
  let exp = 0;
  if (p < e && (b[p]! | 32) === 101) {
    p++;
    let eneg = false;
    c = b[p];
    if (c === 45) {
      eneg = true;
      p++;
    } else if (c === 43) p++;
    let ed = 0;
    while (p < e) {
      const d = b[p]! - 48;
      if (d < 0 || d > 9 || ed > 4) break;
      exp = exp * 10 + d;
      ed++;
      p++;
    }
    if (ed === 0) return Number.NaN;
    if (eneg) exp = -exp;
  }
  if (p !== e) return Number.NaN;
  if (digits > 15) {
    longDecimal.seen = true;
    return Number.NaN;
  }
  let v: number;
  if (m === 0) v = 0;
  else {
    const e10 = exp - frac;
    if (e10 === 0) v = m;
    else if (e10 > 0 && e10 <= 22) v = m * POW10[e10]!;
    else if (e10 < 0 && e10 >= -22) v = m / POW10[-e10]!;
    else return Number.NaN;
  }
  return neg ? -v : v;
}

const FNV_BASIS = -2128831035;
const FNV_PRIME = 16777619;

/** A dictionary of byte strings: open addressing on an FNV-1a hash, the distinct values in one arena. */
class ByteDict {
  private table = new Int32Array(1024);
  private mask = 1023;
  private hashes = new Int32Array(256);
  private starts = new Int32Array(256);
  private lens = new Int32Array(256);
  private arena = new Uint8Array(4096);
  private used = 0;
  count = 0;

  code(b: Uint8Array, s: number, e: number): number {
    let h = FNV_BASIS;
    for (let p = s; p < e; p++) h = Math.imul(h ^ b[p]!, FNV_PRIME);
    return this.codeHashed(b, s, e, h);
  }

  /** {@link code} with the cell's FNV-1a hash already computed (the fast record path hashes as it scans). */
  codeHashed(b: Uint8Array, s: number, e: number, h: number): number {
    const len = e - s;
    let slot = h & this.mask;
    for (;;) {
      const id1 = this.table[slot]!;
      if (id1 === 0) break;
      const id = id1 - 1;
      if (this.hashes[id] === h && this.lens[id] === len) {
        const a = this.starts[id]!;
        const arena = this.arena;
        let q = 0;
        while (q < len && arena[a + q] === b[s + q]) q++;
        if (q === len) return id;
      }
      slot = (slot + 1) & this.mask;
    }
    return this.add(b, s, e, h, slot);
  }

  private add(b: Uint8Array, s: number, e: number, h: number, slot: number): number {
    const id = this.count++;
    if (id >= this.hashes.length) {
      const grow = (a: Int32Array) => {
        const g = new Int32Array(a.length * 2);
        g.set(a);
        return g;
      };
      this.hashes = grow(this.hashes);
      this.starts = grow(this.starts);
      this.lens = grow(this.lens);
    }
    const len = e - s;
    if (this.used + len > this.arena.length) {
      const g = new Uint8Array(Math.max(this.arena.length * 2, this.used + len));
      g.set(this.arena.subarray(0, this.used));
      this.arena = g;
    }
    this.arena.set(b.subarray(s, e), this.used);
    this.hashes[id] = h;
    this.starts[id] = this.used;
    this.lens[id] = len;
    this.used += len;
    this.table[slot] = id + 1;
    if (this.count * 2 > this.table.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const size = this.table.length * 2;
    const table = new Int32Array(size);
    const mask = size - 1;
    for (let id = 0; id < this.count; id++) {
      let slot = this.hashes[id]! & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = id + 1;
    }
    this.table = table;
    this.mask = mask;
  }

  /** The values as strings, in code order (decoded once each). */
  levels(undoSafe: boolean): string[] {
    const out: string[] = new Array(this.count);
    const buf = Buffer.from(this.arena.buffer, this.arena.byteOffset, this.used);
    for (let id = 0; id < this.count; id++) {
      const a = this.starts[id]!;
      const t = buf.toString('utf8', a, a + this.lens[id]!);
      out[id] = undoSafe ? unescapeSpreadsheet(t) : t;
    }
    return out;
  }
}

/** The `na` tokens as bytes, with a bit mask of their lengths for a quick "cannot be one". */
class NaTokens {
  private readonly tokens: Uint8Array[];
  private readonly lengths: number;
  private readonly long: boolean;
  constructor(na: readonly string[]) {
    this.tokens = na.map((t) => Buffer.from(t, 'utf8'));
    let mask = 0;
    let long = false;
    for (const t of this.tokens) {
      if (t.length < 31) mask |= 1 << t.length;
      else long = true;
    }
    this.lengths = mask;
    this.long = long;
  }
  has(b: Uint8Array, s: number, e: number): boolean {
    const len = e - s;
    if (len < 31 ? ((this.lengths >>> len) & 1) === 0 : !this.long) return false;
    for (const t of this.tokens) {
      if (t.length !== len) continue;
      let q = 0;
      while (q < len && t[q] === b[s + q]) q++;
      if (q === len) return true;
    }
    return false;
  }
}

const BLOCK = 8 << 20;
const PIECE = 1 << 16;

/**
 * The string reader parses each 64 KB piece of the file whole before it looks at the records' widths (or
 * at the header's names), so "text after the closing quote" later in the same piece is the error it
 * reports. Given the end of a record (a file offset), this scans the records after it up to the end of
 * that record's piece: the 1-based count of the record with that error, or 0.
 * @internal
 */
export function afterQuoteInPiece(
  path: string,
  from: number,
  plan: Pick<CsvPlan, 'width' | 'delimiter' | 'newline'>,
): number {
  const pieceEnd = (Math.floor(Math.max(0, from - 1) / PIECE) + 1) * PIECE;
  if (pieceEnd <= from) return 0;
  const fd = openSync(path, 'r');
  let b: Buffer;
  try {
    b = Buffer.allocUnsafe(pieceEnd - from);
    let n = 0;
    while (n < b.length) {
      const got = readSync(fd, b, n, b.length - n, from + n);
      if (got === 0) break;
      n += got;
    }
    b = b.subarray(0, n);
  } finally {
    closeSync(fd);
  }
  const scan = new RecordScan(plan.width);
  let i = 0;
  let count = 0;
  while (i < b.length) {
    const status = scan.scan(b, i, b.length, false, plan.delimiter, plan.newline);
    if (status === AFTER_QUOTE) return count + 1;
    if (status !== OK) return 0;
    i = scan.next;
    if (!(scan.blank && plan.width !== 1)) count++;
  }
  return 0;
}

/**
 * Parse the records that start in `[start, stop)` of the file (the first at `start`, which must be a record
 * start; the last may run past `stop`). `rowsHint` sizes the columns (they grow when it is short).
 * @internal
 */
export function parseCsvRange(
  path: string,
  start: number,
  stop: number,
  plan: CsvPlan,
  rowsHint: number,
): RangeResult {
  const nslots = plan.kinds.length;
  let capacity = Math.max(16, Math.ceil(rowsHint));
  const values: (Float64Array | Int32Array)[] = plan.kinds.map((k) =>
    k === 'string' ? new Int32Array(capacity) : new Float64Array(capacity),
  );
  // The same arrays by kind, so that each store in the fast path sees one element type.
  const EMPTY_F64 = new Float64Array(0);
  const EMPTY_I32 = new Int32Array(0);
  const numbersOf = values.map((v) => (v instanceof Float64Array ? v : EMPTY_F64));
  const codesOf = values.map((v) => (v instanceof Int32Array ? v : EMPTY_I32));
  const dicts = plan.kinds.map((k) => (k === 'string' ? new ByteDict() : null));
  const bad: (BadCell | null)[] = plan.kinds.map(() => null);
  const na = new NaTokens(plan.na);
  const naOneByte = plan.na.some((t) => Buffer.byteLength(t) === 1);
  const { delimiter: delim, newline: nl, width, decimal, undoSafe } = plan;
  const mark = decimal === ',' ? 44 : 46;
  const slotOf = Int32Array.from(plan.slotOf);
  const kindCode = Uint8Array.from(plan.kinds, (k) => (k === 'number' ? 0 : k === 'boolean' ? 1 : 2));
  const quotedIsError = plan.quotedIsError;
  const scan = new RecordScan(width);
  let scratch = new Uint8Array(256);
  // Per slot: the last long decimal cell's bytes and double.
  const cache = plan.kinds.map(() => new Uint8Array(32));
  const cacheLen = new Int32Array(nslots).fill(-1);
  const cacheVal = new Float64Array(nslots);
  // The fast path's cache of the last long decimal per column, keyed by the cell's digits as two exact
  // integers (15 digits each) and its shape (digit count, decimals, sign): equal keys are equal text.
  const keyHigh = new Float64Array(nslots).fill(-1);
  const keyLow = new Float64Array(nslots);
  const keyShape = new Int32Array(nslots);
  const keyVal = new Float64Array(nslots);

  // The fast record path serves files without boolean columns whose na tokens cannot look like a number.
  const naNumeric = plan.na.some((t) => /^[-+]?[0-9]/.test(t) || (t.length > 0 && t.charCodeAt(0) === mark));
  const fastRecords =
    !plan.kinds.includes('boolean') && nl === LF && !(naNumeric && plan.kinds.includes('number'));
  /** A long plain decimal's double (see the general path below), or NaN when only the exact parser will do. */
  const longDecimalValue = (b: Buffer, slot: number, s: number, e: number): number => {
    const len = e - s;
    const cached = cache[slot]!;
    if (len === cacheLen[slot] && len <= cached.length) {
      let q = 0;
      while (q < len && cached[q] === b[s + q]) q++;
      if (q === len) return cacheVal[slot]!;
    }
    if (mark !== 46) return Number.NaN;
    const x = Number(b.toString('latin1', s, e));
    if (!(x > -Number.MAX_SAFE_INTEGER && x < Number.MAX_SAFE_INTEGER)) return Number.NaN;
    if (len <= cached.length) {
      cached.set(b.subarray(s, e));
      cacheLen[slot] = len;
      cacheVal[slot] = x;
    }
    return x;
  };
  /**
   * One record from `i` whose line end is in the buffer, parsed cell by cell as it is scanned: the offset
   * after its line end, or 0 when the record needs the general path (a quoted cell, a number that is not
   * of the plain `-digits[.digits]` form, an empty cell, a CR inside a line, a ragged record).
   */
  const fastRecord = (b: Buffer, i: number, row: number): number => {
    let p = i;
    const last = width - 1;
    for (let f = 0; f < width; f++) {
      const s = p;
      const slot = slotOf[f]!;
      let c = b[p]!;
      if (c === QUOTE) return 0;
      if (slot < 0) {
        while (c !== delim && c !== nl && c !== CR) c = b[++p]!;
      } else if (kindCode[slot] === 2) {
        let h = FNV_BASIS;
        while (c !== delim && c !== nl && c !== CR) {
          h = Math.imul(h ^ c, FNV_PRIME);
          c = b[++p]!;
        }
        codesOf[slot]![row] = na.has(b, s, p) ? -1 : dicts[slot]!.codeHashed(b, s, p, h);
      } else {
        let neg = false;
        if (c === 45) {
          neg = true;
          c = b[++p]!;
        }
        // The first 15 digits in m, the next 15 in m2: both exact integers.
        let m = 0;
        let m2 = 0;
        let digits = 0;
        let d = c - 48;
        while (d >= 0 && d <= 9) {
          if (digits < 15) m = m * 10 + d;
          else m2 = m2 * 10 + d;
          digits++;
          c = b[++p]!;
          d = c - 48;
        }
        if (digits === 0) return 0;
        let frac = 0;
        if (c === mark) {
          c = b[++p]!;
          d = c - 48;
          while (d >= 0 && d <= 9) {
            if (digits < 15) m = m * 10 + d;
            else m2 = m2 * 10 + d;
            digits++;
            frac++;
            c = b[++p]!;
            d = c - 48;
          }
          if (frac === 0) return 0;
        }
        if (c !== delim && c !== nl && c !== CR) return 0;
        let v: number;
        if (digits <= 15) {
          v = frac === 0 ? m : m / POW10[frac]!;
          if (neg) v = -v;
        } else if (digits <= 30) {
          const shape = digits * 64 + frac * 2 + (neg ? 1 : 0);
          if (keyHigh[slot] === m && keyLow[slot] === m2 && keyShape[slot] === shape) v = keyVal[slot]!;
          else {
            v = longDecimalValue(b, slot, s, p);
            if (Number.isNaN(v)) return 0;
            keyHigh[slot] = m;
            keyLow[slot] = m2;
            keyShape[slot] = shape;
            keyVal[slot] = v;
          }
        } else return 0;
        numbersOf[slot]![row] = v;
      }
      if (f < last) {
        if (c !== delim) return 0;
        p++;
      } else {
        if (c === CR) {
          if (b[p + 1] !== nl) return 0;
          p++;
        } else if (c !== nl) return 0;
        return p + 1;
      }
    }
    return 0;
  };

  const fd = openSync(path, 'r');
  let buf = Buffer.allocUnsafe(Math.min(BLOCK, Math.max(1 << 16, stop - start + 4096)));
  let base = start; // file offset of buf[0]
  let n = 0;
  let eof = false;
  let rows = 0;
  let error: RecordError | null = null;
  const fill = () => {
    // Read until the buffer is full or the file ends.
    while (n < buf.length) {
      const got = readSync(fd, buf, n, buf.length - n, base + n);
      if (got === 0) {
        eof = true;
        break;
      }
      n += got;
    }
  };
  const grow = () => {
    capacity *= 2;
    for (let s = 0; s < nslots; s++) {
      const old = values[s]!;
      const g = old instanceof Int32Array ? new Int32Array(capacity) : new Float64Array(capacity);
      g.set(old);
      values[s] = g;
      if (g instanceof Float64Array) numbersOf[s] = g;
      else codesOf[s] = g;
    }
  };

  let lastNl = -1;
  try {
    fill();
    lastNl = buf.lastIndexOf(nl, n - 1);
    let i = 0;
    while (base + i < stop) {
      if (fastRecords) {
        // The common record (no quote at a cell's start, plain numbers, text without a CR) in one pass
        // that parses each cell as it finds its end; anything else goes to the general scan below, which
        // rewrites this row (what was written here is the same values, and text coded here is this
        // record's own cells).
        // A record that starts at or before the buffer's last line end has its own line end in the
        // buffer (found once per fill, not once per record); an empty line goes to the general scan.
        if (i <= lastNl && buf[i] !== nl) {
          if (rows === capacity) grow();
          const next = fastRecord(buf, i, rows);
          if (next > 0) {
            rows++;
            i = next;
            if (i >= n && eof) break;
            continue;
          }
        }
      }
      const status = scan.scan(buf, i, n, eof, delim, nl);
      if (status === INCOMPLETE) {
        // Move the unfinished record to the front and read on; a record longer than the buffer doubles it.
        if (i === 0) {
          const g = Buffer.allocUnsafe(buf.length * 2);
          buf.copy(g, 0, 0, n);
          buf = g;
        } else {
          buf.copy(buf, 0, i, n);
          base += i;
          n -= i;
          i = 0;
        }
        fill();
        lastNl = n > 0 ? buf.lastIndexOf(nl, n - 1) : -1;
        continue;
      }
      if (status !== OK) {
        error = { kind: status === UNCLOSED ? 'unclosed' : 'after-quote', row: rows + 1, fields: 0 };
        break;
      }
      if (scan.blank && width !== 1) {
        i = scan.next;
        continue;
      }
      if (scan.fields !== width) {
        const later = afterQuoteInPiece(path, base + scan.next, plan);
        error =
          later > 0
            ? { kind: 'after-quote', row: rows + 1 + later, fields: 0 }
            : { kind: 'ragged', row: rows + 1, fields: scan.fields };
        break;
      }
      if (rows === capacity) grow();
      const row = rows;
      const starts = scan.starts;
      const ends = scan.ends;
      const flags = scan.flags;
      for (let f = 0; f < width; f++) {
        const slot = slotOf[f]!;
        if (slot < 0) continue;
        const s = starts[f]!;
        const e = ends[f]!;
        const flag = flags[f]!;
        const kind = kindCode[slot]!;
        if (kind === 2) {
          const codes = values[slot] as Int32Array;
          if (flag === 0) {
            codes[row] = na.has(buf, s, e) ? -1 : dicts[slot]!.code(buf, s, e);
          } else if (flag === 1) codes[row] = dicts[slot]!.code(buf, s, e);
          else {
            // `""` inside: the cell's text without the doubled quotes.
            if (scratch.length < e - s) scratch = new Uint8Array(2 * (e - s));
            let len = 0;
            for (let p = s; p < e; p++) {
              scratch[len++] = buf[p]!;
              if (buf[p] === QUOTE) p++;
            }
            codes[row] = dicts[slot]!.code(scratch, 0, len);
          }
          continue;
        }
        const out = values[slot] as Float64Array;
        if (e - s === 1 && kind === 0 && flag === 0 && !naOneByte) {
          // One digit (0/1 indicator columns): the digit, with no na token of one byte to rule out.
          const d = buf[s]! - 48;
          if (d >= 0 && d <= 9) {
            out[row] = d;
            continue;
          }
        }
        if (na.has(buf, s, e) && flag !== 2) {
          out[row] = Number.NaN;
          continue;
        }
        if (flag !== 0 && quotedIsError[slot]) {
          const text = cellText(buf, s, e, flag);
          if (plan.na.includes(text)) {
            out[row] = Number.NaN;
            continue;
          }
          if (bad[slot] === null) bad[slot] = { row: rows + 1, cell: text, quoted: true };
          out[row] = Number.NaN;
          continue;
        }
        const plain = kind === 0 && flag !== 2;
        let v = plain ? fastDecimal(buf, s, e, mark) : Number.NaN;
        if (plain && Number.isNaN(v) && longDecimal.seen) {
          // A long plain decimal (17 significant digits, as doubles are written): the same cell as the
          // last one of this column (a value repeated down the rows) has its double; else Number() of its
          // text, which is what parseDecimal returns for this form within ±2^53 (it checks exactness beyond).
          v = longDecimalValue(buf, slot, s, e);
        }
        if (Number.isNaN(v)) {
          const text = cellText(buf, s, e, flag);
          if (flag === 2 && plan.na.includes(text)) {
            out[row] = Number.NaN;
            continue;
          }
          const parsed = kind === 0 ? parseNumberCell(text, decimal) : parseBooleanCell(text);
          if (parsed === undefined) {
            if (bad[slot] === null) bad[slot] = { row: rows + 1, cell: text, quoted: false };
            v = Number.NaN;
          } else v = parsed;
        }
        out[row] = v;
      }
      rows++;
      i = scan.next;
      if (i >= n && eof) break;
    }
    return {
      end: base + i,
      rows,
      error,
      values,
      levels: dicts.map((d) => (d === null ? null : d.levels(undoSafe))),
      bad,
    };
  } finally {
    closeSync(fd);
  }
}
