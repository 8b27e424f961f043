import { describe, expect, it } from 'vitest';
import { toFrame } from '../../src/data/frame.js';
import { encodeDesign } from '../../src/glm/design.js';
import { getFamily } from '../../src/glm/family.js';
import { type EngineData, type PassRunner, runIrls } from '../../src/glm/irls.js';
import { warmStartFit } from '../../src/glm/kernel.js';
import { buildModelData } from '../../src/glm/model-frame.js';
import { packDesign } from '../../src/glm/packed-design.js';
import { asPassRunner, kernelRunner } from '../../src/glm/parallel.js';
import { resolveSpec } from '../../src/glm/spec.js';
import { uniforms } from './helpers.js';

/** A logit design with dummies, 0/1 indicators and a continuous column, packed for the engine. */
function engineData(n: number, seed: number): EngineData {
  const r = uniforms(seed);
  const cols = { y: [] as number[], g: [] as string[], d: [] as number[], x: [] as number[] };
  for (let i = 0; i < n; i++) {
    const g = ['a', 'b', 'c', 'd'][Math.floor(r() * 4)]!;
    const d = r() < 0.2 ? 1 : 0;
    const x = r() * 2 - 1;
    const eta = -1.5 + (g === 'b' ? 0.4 : g === 'c' ? -0.3 : 0) + 0.9 * d + 0.7 * x;
    cols.g.push(g);
    cols.d.push(d);
    cols.x.push(x);
    cols.y.push(r() < 1 / (1 + Math.exp(-eta)) ? 1 : 0);
  }
  const frame = toFrame(cols);
  const spec = resolveSpec({ family: 'binomial', y: 'y', x: ['g', 'd', 'x'] });
  const md = buildModelData(frame, spec, getFamily('binomial'), 'test');
  const p = md.layout.columnNames.length;
  return {
    design: packDesign(encodeDesign(frame, md.layout, md.keep), null, p),
    y: Float64Array.from(md.y),
    weights: null,
    offset: null,
    p,
  };
}

function maxRelDiff(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let j = 0; j < a.length; j++)
    m = Math.max(m, Math.abs(a[j]! - b[j]!) / Math.max(1e-3, Math.abs(b[j]!)));
  return m;
}

describe('IRLS with a quasi-Newton last step', () => {
  const data = engineData(60_000, 3);
  const family = getFamily('binomial');
  const kernel = kernelRunner(data, 0, null, 0);
  const base = { family, canonical: true, maxIterations: 25, epsilon: 1e-10 } as const;
  const newton = runIrls(data, {
    ...base,
    runner: asPassRunner(kernel),
    speculative: (b) => kernel(b, true),
  });

  it('replaces the second-to-last full pass by a score-only one and ends at the same MLE', () => {
    let fullPasses = 0;
    let scorePasses = 0;
    const counted: PassRunner = (b) => {
      fullPasses++;
      return kernel(b, false);
    };
    const qn = runIrls(data, {
      ...base,
      runner: counted,
      speculative: (b) => {
        fullPasses++;
        return kernel(b, true);
      },
      scoreRunner: (b) => {
        scorePasses++;
        return kernel(b, false, true);
      },
    });
    expect(qn.converged).toBe(true);
    expect(scorePasses).toBe(1);
    expect(qn.final).not.toBeNull();
    // Newton needs one full pass more (the pass the score-only one replaced).
    expect(fullPasses).toBe(newton.iterations);
    expect(maxRelDiff(qn.beta, newton.beta)).toBeLessThan(1e-11);
    expect(qn.deviance).toBeCloseTo(newton.deviance, 8);
    expect(maxRelDiff(qn.xtwx, newton.xtwx)).toBeLessThan(1e-10);
  });

  it("warmStartFit (the worker-thread warm start) reaches the MLE with X'WX at its β", () => {
    const { onesPtr, onesCol, valsPtr, valsCol, valsVal, n } = data.design;
    const r = warmStartFit(0, data.p, n, onesPtr, onesCol, valsPtr, valsCol, valsVal, data.y, null, null, 25);
    expect(r).not.toBeNull();
    const [beta, xtwx, weightSum] = r!;
    expect(weightSum).toBe(n);
    // Loose by design (it stops at a relative step below 1e-5): a starting point, not the estimate.
    expect(maxRelDiff(beta, newton.beta)).toBeLessThan(1e-6);
    expect(maxRelDiff(xtwx, kernel(beta, false).xtwx)).toBeLessThan(1e-12);
  });

  it("warmStartFit gives null for a singular X'WX (an aliased column)", () => {
    // Append column p = 2·x to every row: X'WX is then singular.
    const { onesPtr, onesCol, valsPtr, valsCol, valsVal, n } = data.design;
    const p = data.p + 1;
    const ptr = Int32Array.from(valsPtr, (v) => 2 * v);
    const cols = new Uint16Array(2 * valsPtr[n]!);
    const vals = new Float64Array(2 * valsPtr[n]!);
    for (let a = 0; a < valsPtr[n]!; a++) {
      cols[2 * a] = valsCol[a]!;
      vals[2 * a] = valsVal[a]!;
      cols[2 * a + 1] = data.p;
      vals[2 * a + 1] = 2 * valsVal[a]!;
    }
    const r = warmStartFit(0, p, n, onesPtr, onesCol, ptr, cols, vals, data.y, null, null, 25);
    expect(r).toBeNull();
  });
});
