import { DataError, SpecError } from '../errors.js';

/** A hierarchical clustering in R's `hclust` format. */
export interface WardTree {
  readonly method: 'ward.D' | 'ward.D2';
  readonly n: number;
  /** merge[s] = [a, b]: negative = observation −a (1-based), positive = cluster formed at step a. */
  readonly merge: readonly (readonly [number, number])[];
  /** Height of each merge (for ward.D2 on the original distance scale). */
  readonly height: readonly number[];
}

/**
 * Ward hierarchical clustering of a dissimilarity matrix, as R `hclust(d, method = "ward.D")`
 * (Lance–Williams update on the dissimilarities as given) or `"ward.D2"` (on squared
 * dissimilarities, heights reported as square roots: Ward's criterion proper). The S4 study does
 * not say which it used, so both are offered. Ties go to the first pair in index order.
 *
 * @param distances - n × n symmetric matrix, row-major
 * @example
 * ```ts
 * import { cutTree, type DistanceMatrix, wardClustering } from 'verdeelmodel/synth';
 * declare const d: DistanceMatrix; // from dynamicHammingDistance
 * const tree = wardClustering(d.distances, d.n, 'ward.D2');
 * cutTree(tree, 7); // => Int32Array of cluster numbers 1..7
 * ```
 */
export function wardClustering(
  distances: ArrayLike<number>,
  n: number,
  method: 'ward.D' | 'ward.D2' = 'ward.D2',
): WardTree {
  if (n < 2) throw new DataError('too-few-rows', 'clustering needs at least two units');
  if (distances.length !== n * n)
    throw new DataError('length-mismatch', `distance matrix must have ${n * n} entries`);
  const d = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) {
    const v = distances[i]!;
    if (!(v >= 0) || !Number.isFinite(v))
      throw new DataError('invalid-value', `distance entry ${i} is ${v}`, { row: i });
    d[i] = method === 'ward.D2' ? v * v : v;
  }
  const size = new Float64Array(n).fill(1);
  const active = new Uint8Array(n).fill(1);
  const label = Array.from({ length: n }, (_, i) => -(i + 1));
  const merge: [number, number][] = [];
  const height: number[] = [];
  for (let step = 1; step < n; step++) {
    let bi = -1;
    let bj = -1;
    let best = Number.POSITIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      if (!active[i]) continue;
      for (let j = i + 1; j < n; j++) {
        if (active[j] && d[i * n + j]! < best) {
          best = d[i * n + j]!;
          bi = i;
          bj = j;
        }
      }
    }
    const a = label[bi]!;
    const b = label[bj]!;
    // R's order: singletons first (by observation), then clusters by step.
    const pair: [number, number] =
      a < 0 && b < 0 ? (a > b ? [a, b] : [b, a]) : a < 0 ? [a, b] : b < 0 ? [b, a] : a < b ? [a, b] : [b, a];
    merge.push(pair);
    height.push(method === 'ward.D2' ? Math.sqrt(best) : best);
    const ni = size[bi]!;
    const nj = size[bj]!;
    for (let k = 0; k < n; k++) {
      if (!active[k] || k === bi || k === bj) continue;
      const nk = size[k]!;
      const v = ((ni + nk) * d[bi * n + k]! + (nj + nk) * d[bj * n + k]! - nk * best) / (ni + nj + nk);
      d[bi * n + k] = v;
      d[k * n + bi] = v;
    }
    size[bi] = ni + nj;
    active[bj] = 0;
    label[bi] = step;
  }
  return { method, n, merge, height };
}

/**
 * Cut a tree into k clusters, numbered as R's `cutree`: by order of first appearance of the
 * observations (observation 1 is in cluster 1).
 *
 * @example
 * ```ts
 * import { cutTree, wardClustering } from 'verdeelmodel/synth';
 * // 4 points, distances row by row: two close pairs, far apart
 * const d = [0, 1, 5, 6, 1, 0, 4, 5, 5, 4, 0, 1, 6, 5, 1, 0];
 * cutTree(wardClustering(d, 4), 2); // => Int32Array [1, 1, 2, 2]
 * ```
 */
export function cutTree(tree: WardTree, k: number): Int32Array {
  const n = tree.n;
  if (!(Number.isInteger(k) && k >= 1 && k <= n))
    throw new SpecError(
      'invalid-k',
      `cutTree: k must be an integer in 1..${n} (the number of leaves), got ${k}`,
      {
        option: 'k',
      },
    );
  // Union of the first n − k merges.
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (x: number): number => {
    let r = x;
    while (parent[r] !== r) r = parent[r]!;
    parent[x] = r;
    return r;
  };
  const rep: number[] = [];
  for (let s = 0; s < n - k; s++) {
    const [a, b] = tree.merge[s]!;
    const ra = a < 0 ? find(-a - 1) : find(rep[a - 1]!);
    const rb = b < 0 ? find(-b - 1) : find(rep[b - 1]!);
    parent[rb] = ra;
    rep.push(ra);
  }
  const out = new Int32Array(n);
  const number = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const r = find(i);
    if (!number.has(r)) number.set(r, number.size + 1);
    out[i] = number.get(r)!;
  }
  return out;
}
