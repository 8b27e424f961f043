import type { ModelSpec, VcovType } from '../glm/spec.js';

/**
 * The GLM spec of a municipal-allocation model (volume or price): reference levels only for the
 * categorical columns the terms use (the generator's defaults cover both models), and clustering
 * by municipality when the variance type asks for it.
 */
export function municipalModelSpec(o: {
  readonly y: string;
  readonly x: readonly string[];
  readonly reference: Readonly<Record<string, string>>;
  readonly municipality: string;
  readonly vcov: VcovType;
  readonly na?: 'error' | 'omit';
  readonly weights?: string | null;
}): ModelSpec {
  const used = new Set(o.x.flatMap((t) => t.split(':')));
  return {
    y: o.y,
    x: o.x,
    reference: Object.fromEntries(Object.entries(o.reference).filter(([k]) => used.has(k))),
    ...(o.vcov === 'cluster' ? { cluster: o.municipality } : {}),
    vcov: o.vcov,
    ...(o.na ? { na: o.na } : {}),
    ...(o.weights ? { weights: o.weights } : {}),
  };
}
