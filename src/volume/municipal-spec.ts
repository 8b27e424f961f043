import type { ModelSpec } from '../glm/spec.js';
import type { VcovSpec } from '../inference/types.js';

/**
 * The GLM spec of a municipal-allocation model (volume or price): reference levels only for the
 * categorical columns the terms use (the generator's defaults cover both models), and the
 * municipality as cluster column, so cluster-robust errors are available whatever the default vcov.
 */
export function municipalModelSpec(o: {
  readonly y: string;
  readonly x: readonly string[];
  readonly reference: Readonly<Record<string, string>>;
  readonly municipality: string;
  readonly vcov: VcovSpec;
  readonly na?: 'error' | 'omit';
  readonly weights?: string | null;
}): ModelSpec {
  const used = new Set(o.x.flatMap((t) => t.split(':')));
  return {
    y: o.y,
    x: o.x,
    reference: Object.fromEntries(Object.entries(o.reference).filter(([k]) => used.has(k))),
    // Municipality score sums are always kept, so clustering by municipality can be chosen after the fit.
    clusters: [o.municipality],
    vcov: o.vcov,
    ...(o.na ? { na: o.na } : {}),
    ...(o.weights ? { weights: o.weights } : {}),
  };
}
