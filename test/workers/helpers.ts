/** Seeded logit data as typed columns: two numerics and an eight-level factor. */
export function logitData(n: number, seed = 7) {
  let s = seed;
  const r = () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
  const y = new Float64Array(n);
  const x1 = new Float64Array(n);
  const x2 = new Float64Array(n);
  const g = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    x1[i] = r() - 0.5;
    x2[i] = r();
    g[i] = Math.floor(r() * 8);
    const eta = -1 + 0.5 * x1[i]! - x2[i]! + 0.1 * g[i]!;
    y[i] = r() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
  }
  return { y, x1, x2, g: { codes: g, levels: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'] } };
}

export const LOGIT_SPEC = { y: 'y', x: ['x1', 'x2', 'g'] } as const;

/** Largest |a − b| relative to 1 + |a|. */
export function maxRelDiff(a: readonly number[], b: readonly number[]): number {
  let m = 0;
  a.forEach((v, j) => {
    m = Math.max(m, Math.abs(v - b[j]!) / (1 + Math.abs(v)));
  });
  return m;
}
