import { createRng } from '../../src/internal/random.js';

/** A seeded stream of uniforms in (0, 1) for the GLM tests' synthetic data. */
export function uniforms(seed: number): () => number {
  const rng = createRng(seed);
  return () => rng.uniformOpen();
}
