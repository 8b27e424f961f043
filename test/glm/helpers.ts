import { createRng } from '../../src/internal/random.js';

/** A seeded stream of uniforms in (0, 1) for the GLM tests' synthetic data. */
export function uniforms(seed: number): () => number {
  const rng = createRng(seed);
  return () => rng.uniformOpen();
}

/** A fixture's spec in the library's current vocabulary: the fixtures' `cluster` is `clusters: [...]` now. */
export function fixtureSpec<T extends object>(spec: T): T {
  const { cluster, ...rest } = spec as T & { cluster?: unknown };
  return (typeof cluster === 'string' ? { ...rest, clusters: [cluster] } : rest) as T;
}
