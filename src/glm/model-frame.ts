import type { Column, Frame } from '../data/frame.js';
import { DataError } from '../errors.js';
import { buildLayout, type DesignLayout } from './design.js';
import type { Family } from './family.js';
import type { ResolvedSpec } from './spec.js';

/** Everything the engine and the inference need, taken from the data once. */
export interface ModelData {
  readonly layout: DesignLayout;
  /** Rows kept after NA omission (indices into the input), or null when all rows are used. */
  readonly keep: Int32Array | null;
  readonly nOmitted: number;
  readonly y: ArrayLike<number>;
  readonly weights: ArrayLike<number> | null;
  readonly offset: ArrayLike<number> | null;
  /** Cluster index 0..G−1 per used row. */
  readonly cluster: Int32Array | null;
  readonly nClusters: number;
  /** Rows with positive prior weight (R's nobs). */
  readonly nobs: number;
}

function isMissing(col: Column, i: number): boolean {
  return col.kind === 'numeric' ? Number.isNaN(col.values[i]!) : col.codes[i]! < 0;
}

/** Integer typed arrays hold no NaN or infinity, and unsigned codes no −1: nothing to scan. */
function cannotBeMissing(col: Column): boolean {
  const a = col.kind === 'numeric' ? col.values : col.codes;
  const unsigned = a instanceof Uint8Array || a instanceof Uint16Array || a instanceof Uint32Array;
  if (col.kind === 'factor') return unsigned && allBelow(a, col.levels.length);
  return unsigned || a instanceof Int8Array || a instanceof Int16Array || a instanceof Int32Array;
}

/** Factor codes must index a level; checked once here so later passes can trust them. */
function allBelow(a: ArrayLike<number>, limit: number): boolean {
  for (let i = 0; i < a.length; i++) if (a[i]! >= limit) return false;
  return true;
}

function usedColumns(spec: ResolvedSpec, frame: Frame): { role: string; name: string }[] {
  const out: { role: string; name: string }[] = [{ role: 'response', name: spec.y }];
  for (const term of spec.x) {
    const names = frame.has(term) ? [term] : term.split(':');
    for (const name of names) out.push({ role: `term '${term}'`, name });
  }
  if (spec.weights) out.push({ role: 'weights', name: spec.weights });
  if (spec.offset) out.push({ role: 'offset', name: spec.offset });
  if (spec.cluster) out.push({ role: 'cluster', name: spec.cluster });
  return out;
}

/** Numeric values of a column restricted to `keep`, checked finite. */
function numericColumn(frame: Frame, name: string, role: string, keep: Int32Array | null): ArrayLike<number> {
  const col = frame.column(name);
  if (col.kind !== 'numeric') {
    throw new DataError('invalid-value', `the ${role} column '${name}' holds text; it must be numeric`, {
      column: name,
    });
  }
  const v = col.values;
  if (!keep) return v;
  const out = new Float64Array(keep.length);
  for (let r = 0; r < keep.length; r++) out[r] = v[keep[r]!]!;
  return out;
}

/** Columns that identify a covariate pattern: every column a term uses, plus the offset. */
export function patternColumns(spec: ResolvedSpec, layout: DesignLayout): string[] {
  const cols = new Set<string>();
  for (const t of layout.terms) for (const p of t.parts) cols.add(p.column);
  if (spec.offset) cols.add(spec.offset);
  return [...cols];
}

/**
 * Resolve the data for a spec: find missing values (throw, or omit and count), check
 * value ranges, work out the design layout and the cluster index.
 */
export function buildModelData(frame: Frame, spec: ResolvedSpec, family: Family, label: string): ModelData {
  const n = frame.nrows;
  if (n === 0) throw new DataError('empty', `${label}: the data has no rows`);
  const cols = usedColumns(spec, frame).map((u) => ({ ...u, col: frame.column(u.name) }));
  const missing = new Uint8Array(n);
  let nOmitted = 0;
  for (const { col, name, role } of cols) {
    if (cannotBeMissing(col)) continue;
    for (let i = 0; i < n; i++) {
      if (isMissing(col, i)) {
        if (spec.na === 'error') {
          throw new DataError(
            'missing-value',
            `${label}: column '${name}' (${role}) is missing at row ${i + 1}; fill it, drop the row, or pass na: 'omit'`,
            { column: name, row: i + 1 },
          );
        }
        if (!missing[i]) {
          missing[i] = 1;
          nOmitted++;
        }
      } else if (col.kind === 'numeric' && !Number.isFinite(col.values[i]!)) {
        throw new DataError(
          'invalid-value',
          `${label}: column '${name}' (${role}) is ${col.values[i]} at row ${i + 1}; values must be finite`,
          {
            column: name,
            row: i + 1,
          },
        );
      }
    }
  }
  let keep: Int32Array | null = null;
  if (nOmitted > 0) {
    if (nOmitted === n)
      throw new DataError('empty', `${label}: every row has a missing value; nothing is left to fit`);
    keep = new Int32Array(n - nOmitted);
    let r = 0;
    for (let i = 0; i < n; i++) if (!missing[i]) keep[r++] = i;
  }
  const rowOf = (r: number) => (keep ? keep[r]! : r);
  /** The 1-based data row of model row r, for messages. */
  const rowNumber = (r: number) => rowOf(r) + 1;
  const y = numericColumn(frame, spec.y, 'response', keep);
  for (let r = 0; r < y.length; r++) {
    if (!family.validY(y[r]!)) {
      const range = family.link === 'identity' ? 'finite' : 'in [0, 1]';
      throw new DataError(
        'out-of-range',
        `${label}: response '${spec.y}' is ${y[r]} at row ${rowNumber(r)}; it must be ${range}`,
        {
          column: spec.y,
          row: rowNumber(r),
        },
      );
    }
  }
  const weights = spec.weights ? numericColumn(frame, spec.weights, 'weights', keep) : null;
  let nobs = y.length;
  if (weights) {
    nobs = 0;
    for (let r = 0; r < weights.length; r++) {
      const w = weights[r]!;
      if (w < 0) {
        throw new DataError(
          'out-of-range',
          `${label}: weight column '${spec.weights}' is ${w} at row ${rowNumber(r)}; prior weights must be ≥ 0`,
          {
            column: spec.weights!,
            row: rowNumber(r),
          },
        );
      }
      if (w > 0) nobs++;
    }
  }
  const offset = spec.offset ? numericColumn(frame, spec.offset, 'offset', keep) : null;
  let cluster: Int32Array | null = null;
  let nClusters = 0;
  if (spec.cluster) {
    const col = frame.column(spec.cluster);
    const ids = new Map<number, number>();
    // In shared memory, so worker threads read it without a copy.
    cluster = new Int32Array(new SharedArrayBuffer(4 * y.length));
    for (let r = 0; r < y.length; r++) {
      const i = rowOf(r);
      const key = col.kind === 'factor' ? col.codes[i]! : col.values[i]!;
      let g = ids.get(key);
      if (g === undefined) {
        g = ids.size;
        ids.set(key, g);
      }
      cluster[r] = g;
    }
    nClusters = ids.size;
    if (nClusters < 2) {
      throw new DataError(
        'too-few-rows',
        `${label}: cluster column '${spec.cluster}' has a single cluster; cluster-robust errors need at least 2 (and many more to be reliable)`,
        {
          column: spec.cluster,
        },
      );
    }
  }
  const layout = buildLayout(frame, spec.x, { intercept: spec.intercept, reference: spec.reference, keep });
  return { layout, keep, nOmitted, y, weights, offset, cluster, nClusters, nobs };
}
