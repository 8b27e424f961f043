/**
 * Area under the ROC curve of scores against a 0/1 outcome, by ranks: the share of
 * (positive, negative) pairs in which the positive scores higher, a tie counting one half
 * (the Mann–Whitney U / (n₁n₀)). With prior weights, each pair counts w₊·w₋. O(n log n): the two
 * classes are sorted apart and walked once, so millions of households take a second, where the
 * pair count is O(n₁n₀). Returns null when one class is empty (the AUC is not defined).
 * @internal
 */
export function rankAuc(
  scores: ArrayLike<number>,
  outcome: ArrayLike<number>,
  weights: ArrayLike<number> | null = null,
): number | null {
  const n = scores.length;
  let n1 = 0;
  for (let i = 0; i < n; i++) if (outcome[i] === 1 && (!weights || weights[i]! > 0)) n1++;
  let n0 = 0;
  for (let i = 0; i < n; i++) if (outcome[i] === 0 && (!weights || weights[i]! > 0)) n0++;
  if (n1 === 0 || n0 === 0) return null;
  if (!weights) {
    const pos = new Float64Array(n1);
    const neg = new Float64Array(n0);
    let a = 0;
    let b = 0;
    for (let i = 0; i < n; i++) {
      if (outcome[i] === 1) pos[a++] = scores[i]!;
      else if (outcome[i] === 0) neg[b++] = scores[i]!;
    }
    pos.sort();
    neg.sort();
    // For each run of equal positive scores: negatives strictly below, and tied.
    let below = 0;
    let pairs = 0;
    let k = 0;
    for (let i = 0; i < n1; ) {
      const s = pos[i]!;
      let j = i;
      while (j < n1 && pos[j] === s) j++;
      while (k < n0 && neg[k]! < s) k++;
      below = k;
      let t = k;
      while (t < n0 && neg[t] === s) t++;
      pairs += (j - i) * (below + 0.5 * (t - k));
      i = j;
    }
    return pairs / n1 / n0;
  }
  const idx = (cls: number, count: number) => {
    const out = new Uint32Array(count);
    let a = 0;
    for (let i = 0; i < n; i++) if (outcome[i] === cls && weights[i]! > 0) out[a++] = i;
    return out.sort((x, y) => scores[x]! - scores[y]!);
  };
  const pos = idx(1, n1);
  const neg = idx(0, n0);
  let w1 = 0;
  for (const i of pos) w1 += weights[i]!;
  let w0 = 0;
  for (const i of neg) w0 += weights[i]!;
  let below = 0;
  let pairs = 0;
  let k = 0;
  for (let i = 0; i < n1; ) {
    const s = scores[pos[i]!]!;
    let j = i;
    let wRun = 0;
    while (j < n1 && scores[pos[j]!] === s) wRun += weights[pos[j++]!]!;
    while (k < n0 && scores[neg[k]!]! < s) below += weights[neg[k++]!]!;
    let tied = 0;
    for (let t = k; t < n0 && scores[neg[t]!] === s; t++) tied += weights[neg[t]!]!;
    pairs += wRun * (below + 0.5 * tied);
    i = j;
  }
  return pairs / w1 / w0;
}
