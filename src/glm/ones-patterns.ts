import { sharedBuffer } from '../internal/platform.js';

/**
 * The rows' patterns of exactly-one entries (intercept, dummies, 0/1 indicators) in a packed
 * design. Models of this kind have few: household type × age band × migration × a few indicators
 * give thousands of patterns over millions of rows. A pass then adds each row's weight to its
 * pattern once, and the pattern's sums are spread over its pairs of columns after the rows, instead
 * of adding the weight to every pair of ones in every row (the bulk of a pass's work).
 */
export interface OnesPatterns {
  /** Pattern of each row (at most {@link MAX_PATTERNS}, so 16 bits). */
  readonly id: Uint16Array;
  readonly count: number;
  /** Ones columns of pattern g: `col[ptr[g] .. ptr[g + 1])`, in column order. */
  readonly ptr: Int32Array;
  readonly col: Uint16Array;
  /** Design columns that hold other values somewhere (the `vals` part), and each column's slot among them (−1: none). */
  readonly valueColumns: Int32Array;
  readonly slotOf: Int32Array;
}

/** At most this many patterns (a pass's per-pattern sums stay small and in cache). */
export const MAX_PATTERNS = 65_535;

/** At most this many (pattern, value column) sums per pass (16 MB a thread), else no patterns. */
const MAX_PATTERN_VALUES = 1 << 21;

/** The largest key space numbered through a direct table (4 bytes an entry). */
export const MAX_PATTERN_KEYS = 1 << 22;

/**
 * Numbers rows by a key that determines their ones pattern (a mixed-radix number of each term's
 * one-valued entry, see packDesign), through a direct table over the key space: no hashing, no
 * comparison of entries, since equal keys mean equal ones. Gives up (then `done()` returns null) as
 * soon as there are more than {@link MAX_PATTERNS} patterns or more than one per 32 rows.
 */
export class PatternNumbering {
  private readonly table: Int32Array;
  private readonly limit: number;
  readonly id: Uint16Array;
  private readonly firstRow: number[] = [];
  private failed = false;

  constructor(
    readonly n: number,
    keys: number,
    private readonly shared: boolean,
  ) {
    this.limit = Math.min(MAX_PATTERNS, Math.floor(n / 32));
    this.failed = this.limit < 2 || keys > MAX_PATTERN_KEYS;
    this.table = new Int32Array(this.failed ? 0 : keys).fill(-1);
    this.id = this.failed ? new Uint16Array(0) : new Uint16Array(alloc(2 * Math.max(1, n), shared));
  }

  get active(): boolean {
    return !this.failed;
  }

  /** Number rows [from, from + m) by their keys. */
  add(from: number, key: Int32Array, m: number): void {
    if (this.failed) return;
    const { table, id, firstRow } = this;
    for (let k = 0; k < m; k++) {
      let g = table[key[k]!]!;
      if (g < 0) {
        if (firstRow.length === this.limit) {
          this.failed = true;
          return;
        }
        g = firstRow.length;
        firstRow.push(from + k);
        table[key[k]!] = g;
      }
      id[from + k] = g;
    }
  }

  /** The patterns with their ones columns (taken from each pattern's first row), or null when given up. */
  done(
    p: number,
    onesPtr: Int32Array,
    onesCol: Uint16Array,
    valsCol: Uint16Array,
    valsEnd: number,
  ): OnesPatterns | null {
    if (this.failed) return null;
    const count = this.firstRow.length;
    const ptr = new Int32Array(alloc(4 * (count + 1), this.shared));
    for (let g = 0; g < count; g++) {
      const r = this.firstRow[g]!;
      ptr[g + 1] = ptr[g]! + onesPtr[r + 1]! - onesPtr[r]!;
    }
    const col = new Uint16Array(alloc(2 * Math.max(1, ptr[count]!), this.shared));
    for (let g = 0; g < count; g++) {
      const r = this.firstRow[g]!;
      col.set(onesCol.subarray(onesPtr[r]!, onesPtr[r + 1]!), ptr[g]!);
    }
    const seen = new Uint8Array(p);
    for (let v = 0; v < valsEnd; v++) seen[valsCol[v]!] = 1;
    const valueColumns: number[] = [];
    const slotOf = new Int32Array(p).fill(-1);
    for (let c = 0; c < p; c++) {
      if (seen[c]) {
        slotOf[c] = valueColumns.length;
        valueColumns.push(c);
      }
    }
    if (count * valueColumns.length > MAX_PATTERN_VALUES) return null;
    return { id: this.id, count, ptr, col, valueColumns: Int32Array.from(valueColumns), slotOf };
  }
}

function alloc(bytes: number, shared: boolean): ArrayBufferLike {
  return shared ? sharedBuffer(bytes) : new ArrayBuffer(bytes);
}
