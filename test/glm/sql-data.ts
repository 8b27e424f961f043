import { uniforms } from './helpers.js';

/** Synthetic households for the SQL-IRLS tests: continuous covariates (every pattern unique), a 14-level factor, clusters. */
export interface SqlTestData {
  readonly n: number;
  readonly y: Float64Array;
  readonly x1: Float64Array;
  readonly x2: Float64Array;
  readonly x3: Float64Array;
  readonly g: string[];
  readonly cl: Int32Array;
  readonly region: Int32Array;
  readonly w: Float64Array;
}

export const LEVELS = 'abcdefghijklmn'.split('');

export function sqlTestData(n: number, seed = 15): SqlTestData {
  const u = uniforms(seed);
  const y = new Float64Array(n);
  const x1 = new Float64Array(n);
  const x2 = new Float64Array(n);
  const x3 = new Float64Array(n);
  const g: string[] = [];
  const cl = new Int32Array(n);
  const region = new Int32Array(n);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x1[i] = 40 + 30 * u();
    x2[i] = 1000 * u() * u();
    x3[i] = u() - 0.5;
    const k = Math.floor(14 * u());
    g.push(LEVELS[k]!);
    cl[i] = Math.floor(300 * u());
    region[i] = cl[i]! % 12;
    w[i] = 1 + Math.floor(3 * u());
    const eta = -2.5 + 0.04 * x1[i]! - 0.0008 * x2[i]! + 0.7 * x3[i]! + 0.08 * k + 0.1 * Math.sin(cl[i]!);
    y[i] = u() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
  }
  return { n, y, x1, x2, x3, g, cl, region, w };
}

/** Rows as objects, for inserting into an engine. */
export function rowsOf(d: SqlTestData, from = 0, to = d.n, keep: (i: number) => boolean = () => true) {
  const out: Record<string, number | string>[] = [];
  for (let i = from; i < to; i++) {
    if (!keep(i)) continue;
    out.push({
      y: d.y[i]!,
      x1: d.x1[i]!,
      x2: d.x2[i]!,
      x3: d.x3[i]!,
      g: d.g[i]!,
      cl: d.cl[i]!,
      region: d.region[i]!,
      w: d.w[i]!,
    });
  }
  return out;
}

/** Largest relative difference of estimates and of standard errors between two tidy tables. */
export function maxRelDiff(
  a: readonly { term: string; estimate: number; stdError: number }[],
  b: readonly { term: string; estimate: number; stdError: number }[],
): { estimate: number; stdError: number } {
  if (a.length !== b.length) throw new Error(`term counts differ: ${a.length} vs ${b.length}`);
  let est = 0;
  let se = 0;
  a.forEach((r, j) => {
    const s = b[j]!;
    if (r.term !== s.term) throw new Error(`term ${j}: ${r.term} vs ${s.term}`);
    est = Math.max(est, Math.abs(r.estimate - s.estimate) / Math.abs(r.estimate));
    se = Math.max(se, Math.abs(r.stdError - s.stdError) / r.stdError);
  });
  return { estimate: est, stdError: se };
}
