import type { TextFactor } from './types.js';

/** Sorted as the model frame sorts levels (UTF-16 code units), so codes mean the same in both. @internal */
export function compareLevels(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Codes numbered as first seen (`seen[c]` is level c) → codes into the sorted levels, in place, one pass.
 * @internal
 */
export function sortFactor(codes: Int32Array, seen: readonly string[]): TextFactor {
  const order = seen.map((_, k) => k).sort((a, b) => compareLevels(seen[a]!, seen[b]!));
  const levels = order.map((k) => seen[k]!);
  // remap[first-seen code + 1] = sorted code; slot 0 keeps a missing -1.
  const remap = new Int32Array(seen.length + 1);
  remap[0] = -1;
  order.forEach((k, sorted) => {
    remap[k + 1] = sorted;
  });
  for (let i = 0; i < codes.length; i++) codes[i] = remap[codes[i]! + 1]!;
  return { codes, levels };
}

/**
 * A text column (null = missing) as a {@link TextFactor}: one pass with a Map, then a remap to the sorted
 * levels. For the readers whose text is not dictionary-coded already (JSON, plain pages). @internal
 */
export function encodeText(column: readonly (string | null)[]): TextFactor {
  const n = column.length;
  const index = new Map<string, number>();
  const seen: string[] = [];
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = column[i];
    if (v === null || v === undefined) {
      codes[i] = -1;
      continue;
    }
    let c = index.get(v);
    if (c === undefined) {
      c = seen.length;
      index.set(v, c);
      seen.push(v);
    }
    codes[i] = c;
  }
  return sortFactor(codes, seen);
}
