import { type Column, dataRow, type Frame } from '../data/frame.js';
import {
  checkMagnitude,
  MAX_MAGNITUDE,
  missingValueError,
  negativeWeightError,
  responseRangeError,
  zeroWeightsError,
} from '../data/validate.js';
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
  /**
   * Joint cluster index 0..G−1 per used row: the cell of all cluster columns together (with one
   * column, its clusters). The engine sums scores per joint cluster; every column's and every
   * intersection's cluster sums follow from those by {@link ClusterSet.ofJoint}.
   */
  readonly cluster: Int32Array | null;
  readonly nClusters: number;
  /** For each cluster column and each pair of them: which of its clusters each joint cluster is in. */
  readonly clusterSets: readonly ClusterSet[];
  /** Rows with positive prior weight (R's nobs). */
  readonly nobs: number;
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

/**
 * The first row at or after `from` whose value is NaN, not finite, beyond {@link MAX_MAGNITUDE}
 * or non-zero below `tiny` in magnitude (n when none): the caller looks closer only there. Typed
 * arrays get their own loops, so each loop reads one element type.
 */
function scanNumeric(values: ArrayLike<number>, tiny: number, n: number, from = 0): number {
  if (values instanceof Float64Array) return scanF64(values, tiny, n, from);
  if (values instanceof Float32Array) return scanF32(values, tiny, n, from);
  for (let i = from; i < n; i++) {
    const a = Math.abs(values[i]!);
    if (!(a <= MAX_MAGNITUDE) || (a < tiny && a !== 0)) return i;
  }
  return n;
}

function scanF64(values: Float64Array, tiny: number, n: number, from: number): number {
  for (let i = from; i < n; i++) {
    const a = Math.abs(values[i]!);
    if (!(a <= MAX_MAGNITUDE) || (a < tiny && a !== 0)) return i;
  }
  return n;
}

function scanF32(values: Float32Array, tiny: number, n: number, from: number): number {
  for (let i = from; i < n; i++) {
    const a = Math.abs(values[i]!);
    if (!(a <= MAX_MAGNITUDE) || (a < tiny && a !== 0)) return i;
  }
  return n;
}

function usedColumns(spec: ResolvedSpec, frame: Frame): { role: string; name: string }[] {
  const out: { role: string; name: string }[] = [{ role: 'response', name: spec.y }];
  for (const term of spec.x) {
    const names = frame.has(term) ? [term] : term.split(':');
    for (const name of names) out.push({ role: `term '${term}'`, name });
  }
  if (spec.weights) out.push({ role: 'weights', name: spec.weights });
  if (spec.offset) out.push({ role: 'offset', name: spec.offset });
  for (const c of spec.clusters) out.push({ role: 'cluster', name: c });
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
    const place = (i: number) => ({ label, column: name, role, row: dataRow(frame, i) });
    // One typed loop per column; the place of a problem is built only when there is one.
    const onMissing = (i: number) => {
      if (spec.na === 'error') throw missingValueError(place(i));
      if (!missing[i]) {
        missing[i] = 1;
        nOmitted++;
      }
    };
    if (col.kind === 'factor') {
      const codes = col.codes;
      for (let i = 0; i < n; i++) if (codes[i]! < 0) onMissing(i);
      continue;
    }
    // A tiny response is fine (it is not squared into X'WX); tiny regressors and weights are not.
    const tiny = role !== 'response' && role !== 'cluster' && role !== 'offset';
    const bad = scanNumeric(col.values, tiny ? 1 / MAX_MAGNITUDE : 0, n);
    for (let i = bad; i < n; i = scanNumeric(col.values, tiny ? 1 / MAX_MAGNITUDE : 0, n, i + 1)) {
      const v = col.values[i]!;
      if (Number.isNaN(v)) onMissing(i);
      else checkMagnitude(place(i), v, { tiny });
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
  const rowNumber = (r: number) => dataRow(frame, rowOf(r));
  const y = numericColumn(frame, spec.y, 'response', keep);
  for (let r = 0; r < y.length; r++) {
    if (!family.validY(y[r]!)) {
      const range = family.link === 'identity' ? 'finite' : 'in [0, 1]';
      throw responseRangeError({ label, column: spec.y, row: rowNumber(r) }, y[r]!, range);
    }
  }
  const weights = spec.weights ? numericColumn(frame, spec.weights, 'weights', keep) : null;
  let nobs = y.length;
  if (weights) {
    nobs = 0;
    for (let r = 0; r < weights.length; r++) {
      const w = weights[r]!;
      if (w < 0) throw negativeWeightError({ label, column: spec.weights!, row: rowNumber(r) }, w);
      if (w > 0) nobs++;
    }
  }
  if (weights && nobs === 0) throw zeroWeightsError(label, spec.weights!);
  const offset = spec.offset ? numericColumn(frame, spec.offset, 'offset', keep) : null;
  const { cluster, nClusters, clusterSets } = clusterIndex(frame, spec.clusters, y.length, rowOf, label);
  const layout = buildLayout(frame, spec.x, { intercept: spec.intercept, reference: spec.reference, keep });
  return { layout, keep, nOmitted, y, weights, offset, cluster, nClusters, clusterSets, nobs };
}

/** One set of cluster columns (a column, or an intersection) as a map from joint clusters to its clusters. */
export interface ClusterSet {
  readonly variables: readonly string[];
  readonly groups: number;
  /** Cluster of this set for each joint cluster. */
  readonly ofJoint: Int32Array;
}

/** Joint cluster ids per used row, and each column's and each pair's clusters as maps from them. */
export function clusterIndex(
  frame: Frame,
  columns: readonly string[],
  n: number,
  rowOf: (r: number) => number,
  label: string,
): { cluster: Int32Array | null; nClusters: number; clusterSets: ClusterSet[] } {
  if (columns.length === 0) return { cluster: null, nClusters: 0, clusterSets: [] };
  const ids = columns.map((name) => {
    const col = frame.column(name);
    const out = new Int32Array(n);
    if (col.kind === 'factor') {
      // Codes index a level (checked above): a table lookup instead of a Map per row.
      const codes = col.codes;
      const first = new Int32Array(col.levels.length + 1).fill(-1);
      let groups = 0;
      for (let r = 0; r < n; r++) {
        const k = codes[rowOf(r)]! + 1;
        let g = first[k]!;
        if (g < 0) {
          g = groups++;
          first[k] = g;
        }
        out[r] = g;
      }
      return out;
    }
    const m = new Map<number, number>();
    for (let r = 0; r < n; r++) {
      const i = rowOf(r);
      const key = col.values[i]!;
      let g = m.get(key);
      if (g === undefined) {
        g = m.size;
        m.set(key, g);
      }
      out[r] = g;
    }
    return out;
  });
  return clusterSetsOf(ids, columns, label);
}

/**
 * From cluster codes per row (or per pattern) of each cluster column: the joint cluster per row, in
 * shared memory for the workers, and each column's and each pair's clusters as maps from the joint ones.
 */
export function clusterSetsOf(
  ids: readonly Int32Array[],
  columns: readonly string[],
  label: string,
): { cluster: Int32Array | null; nClusters: number; clusterSets: ClusterSet[] } {
  if (columns.length === 0) return { cluster: null, nClusters: 0, clusterSets: [] };
  const n = ids[0]!.length;
  const cluster = new Int32Array(new SharedArrayBuffer(4 * n));
  const jointFirst: number[] = [];
  let nClusters: number;
  if (ids.length === 1) {
    // One column: its clusters are the joint ones (no key building on the hot path).
    const only = ids[0]!;
    cluster.set(only);
    let groups = 0;
    for (let r = 0; r < n; r++) if (only[r]! >= groups) groups = only[r]! + 1;
    const first = new Int32Array(groups).fill(-1);
    for (let r = 0; r < n; r++) if (first[only[r]!] === -1) first[only[r]!] = r;
    for (let g = 0; g < groups; g++) jointFirst.push(first[g]!);
    nClusters = groups;
  } else {
    // Several columns: a numeric key per cell (mixed radix of the per-column codes).
    const radix = ids.map((a) => {
      let m = 0;
      for (let r = 0; r < n; r++) if (a[r]! > m) m = a[r]!;
      return m + 1;
    });
    // Exact while the product of the radices stays below 2^53; beyond it, text keys.
    const exact = radix.reduce((a, b) => a * b, 1) < Number.MAX_SAFE_INTEGER;
    const joint = new Map<number | string, number>();
    for (let r = 0; r < n; r++) {
      let key: number | string = 0;
      if (exact) for (let c = 0; c < ids.length; c++) key = key * radix[c]! + ids[c]![r]!;
      else key = ids.map((a) => a[r]).join(',');
      let g = joint.get(key);
      if (g === undefined) {
        g = joint.size;
        joint.set(key, g);
        jointFirst.push(r);
      }
      cluster[r] = g;
    }
    nClusters = joint.size;
  }
  const setOf = (members: number[]): ClusterSet => {
    const map = new Map<string, number>();
    const ofJoint = new Int32Array(nClusters);
    for (let g = 0; g < nClusters; g++) {
      const r = jointFirst[g]!;
      const key = members.map((c) => ids[c]![r]).join(',');
      let k = map.get(key);
      if (k === undefined) {
        k = map.size;
        map.set(key, k);
      }
      ofJoint[g] = k;
    }
    return { variables: members.map((c) => columns[c]!), groups: map.size, ofJoint };
  };
  const sets: ClusterSet[] = [];
  for (let c = 0; c < columns.length; c++) {
    const set = setOf([c]);
    if (set.groups < 2) {
      throw new DataError(
        'too-few-rows',
        `${label}: cluster column '${columns[c]}' has a single cluster; cluster-robust errors need at least 2 (and many more to be reliable)`,
        { column: columns[c]! },
      );
    }
    sets.push(set);
  }
  for (let a = 0; a < columns.length; a++)
    for (let b = a + 1; b < columns.length; b++) sets.push(setOf([a, b]));
  return { cluster, nClusters, clusterSets: sets };
}
