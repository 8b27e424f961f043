import { describe, expect, it } from 'vitest';
import { toFrame } from '../../src/data/frame.js';
import { encodeDesign } from '../../src/glm/design.js';
import { getFamily } from '../../src/glm/family.js';
import { fitGlm } from '../../src/glm/fit-glm.js';
import { accumulateBlock } from '../../src/glm/kernel.js';
import { buildModelData } from '../../src/glm/model-frame.js';
import { packDesign } from '../../src/glm/packed-design.js';
import { resolveSpec } from '../../src/glm/spec.js';
import { uniforms } from './helpers.js';

/**
 * A design whose rows fall into few ones patterns (factors, 0/1 indicators, a count that is
 * sometimes exactly 1) plus continuous values and an interaction, with weights, an offset and clusters.
 */
function data(n: number, seed: number) {
  const r = uniforms(seed);
  const cols = {
    y: new Float64Array(n),
    g: [] as string[],
    h: [] as string[],
    d: new Uint8Array(n),
    k: new Float64Array(n),
    x: new Float64Array(n),
    w: new Float64Array(n),
    off: new Float64Array(n),
    cl: [] as string[],
  };
  for (let i = 0; i < n; i++) {
    const g = ['a', 'b', 'c', 'd', 'e'][Math.floor(r() * 5)]!;
    const h = ['p', 'q', 'r'][Math.floor(r() * 3)]!;
    cols.g.push(g);
    cols.h.push(h);
    cols.d[i] = r() < 0.3 ? 1 : 0;
    cols.k[i] = Math.floor(r() * 3); // 0, 1 or 2: a one in some rows, a value in others
    cols.x[i] = r() * 2 - 1;
    cols.w[i] = r() < 0.05 ? 0 : 0.5 + r();
    cols.off[i] = 0.1 * (r() - 0.5);
    cols.cl.push(`c${Math.floor(r() * 40)}`);
    const eta =
      -1 + (g === 'b' ? 0.4 : g === 'e' ? -0.5 : 0) + 0.8 * cols.d[i]! + 0.3 * cols.k[i]! + 0.6 * cols.x[i]!;
    cols.y[i] = r() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
  }
  return cols;
}

describe('ones patterns: the per-pattern kernel gives the row kernel sums', () => {
  const n = 30_000;
  const frame = toFrame(data(n, 11));
  const spec = resolveSpec({
    family: 'binomial',
    y: 'y',
    x: ['g', 'h', 'd', 'k', 'x', 'g:x', 'h:d'],
    weights: 'w',
    offset: 'off',
    clusters: ['cl'],
  });
  const md = buildModelData(frame, spec, getFamily('binomial'), 'test');
  const p = md.layout.columnNames.length;
  const design = packDesign(encodeDesign(frame, md.layout, md.keep), null, p);
  const y = Float64Array.from(md.y);
  const weights = Float64Array.from(md.weights!);
  const offset = Float64Array.from(md.offset!);
  const beta = Float64Array.from({ length: p }, (_, j) => 0.1 * Math.sin(j + 1));

  it('finds few patterns', () => {
    expect(design.patterns).not.toBeNull();
    expect(design.patterns!.count).toBeLessThan(400);
    expect(design.patterns!.valueColumns.length).toBeGreaterThan(0);
  });

  for (const link of [0, 1]) {
    for (const mode of ['start', 'pass', 'score', 'final'] as const) {
      it(`link ${link === 0 ? 'logit' : 'identity'}, ${mode}: the same X'WX, X'Wz, meat, cluster sums and scalars`, () => {
        const G = md.nClusters;
        const run = (patterns: typeof design.patterns) => {
          const o = {
            xtwx: new Float64Array(p * p),
            xtwz: new Float64Array(p),
            out: new Float64Array(2),
            meat: mode === 'final' ? new Float64Array(p * p) : null,
            sums: mode === 'final' ? new Float64Array(G * p) : null,
            fout: mode === 'final' ? new Float64Array(5) : null,
          };
          accumulateBlock(
            link,
            p,
            0,
            n,
            design.onesPtr,
            design.onesCol,
            design.valsPtr,
            design.valsCol,
            design.valsVal,
            y,
            weights,
            offset,
            mode === 'start' ? null : beta,
            o.xtwx,
            o.xtwz,
            o.out,
            md.cluster,
            o.meat,
            o.sums,
            o.fout,
            mode === 'score',
            patterns,
          );
          // Unfolded sums: compare the symmetric totals.
          const fold = (a: Float64Array) =>
            Array.from({ length: p * p }, (_, k) => {
              const i = Math.floor(k / p);
              const j = k % p;
              return i === j ? a[k]! : a[i * p + j]! + a[j * p + i]!;
            });
          return {
            xtwx: fold(o.xtwx),
            xtwz: Array.from(o.xtwz),
            out: Array.from(o.out),
            meat: o.meat ? fold(o.meat) : null,
            sums: o.sums ? Array.from(o.sums) : null,
            fout: o.fout ? Array.from(o.fout) : null,
          };
        };
        const rows = run(null);
        const pats = run(design.patterns);
        const close = (a: number[] | null, b: number[] | null) => {
          expect(a === null).toBe(b === null);
          if (!a || !b) return;
          const scale = Math.max(...b.map(Math.abs), 1e-300);
          for (let k = 0; k < a.length; k++) expect(Math.abs(a[k]! - b[k]!) / scale).toBeLessThan(1e-12);
        };
        close(pats.xtwx, rows.xtwx);
        close(pats.xtwz, rows.xtwz);
        expect(pats.out[1]).toBe(rows.out[1]);
        expect(Math.abs(pats.out[0]! - rows.out[0]!)).toBeLessThanOrEqual(1e-13 * Math.abs(rows.out[0]!));
        close(pats.meat, rows.meat);
        close(pats.sums, rows.sums);
        close(pats.fout, rows.fout);
        if (mode === 'score') expect(rows.xtwx.every((v) => v === 0)).toBe(true);
      });
    }
  }

  it('a fit on two threads with patterns equals the one-thread fit and the fit of the compressed data', () => {
    const raw = data(60_000, 5);
    const s = { family: 'binomial' as const, y: 'y', x: ['g', 'h', 'd', 'k', 'x', 'g:x'], clusters: ['cl'] };
    const one = fitGlm(raw, { ...s, threads: 1, compress: false });
    const two = fitGlm(raw, { ...s, threads: 2, compress: false });
    const packed = fitGlm(raw, { ...s, threads: 1, compress: true });
    expect(one.glance().path).toBe('rows');
    for (const other of [two, packed]) {
      one.coefficients.forEach((b, j) => {
        expect(Math.abs(other.coefficients[j]! - b)).toBeLessThan(1e-9 * Math.max(1, Math.abs(b)));
      });
      const se1 = one.tidy({ vcov: 'cluster' }).map((r) => r.stdError);
      other.tidy({ vcov: 'cluster' }).forEach((r, j) => {
        expect(Math.abs(r.stdError - se1[j]!) / se1[j]!).toBeLessThan(1e-8);
      });
    }
  });
});
