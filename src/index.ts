/**
 * verdeelmodel: the statistical toolkit behind the Dutch social-assistance (bijstand/BUIG)
 * allocation model. Each capability is also available as a subpath export
 * (`verdeelmodel/glm`, `verdeelmodel/synth`, ...); this root re-exports every subpath whole, so
 * the two cannot drift. The error classes come with every subpath that can throw them.
 *
 * @packageDocumentation
 */
export * from './allocation/index.js';
export * from './data/index.js';
export * from './development/index.js';
export * from './errors.js';
export * from './format/index.js';
export * from './generate/index.js';
export * from './glm/index.js';
export * from './inference/index.js';
export * from './lks/index.js';
export * from './outliers/index.js';
export * from './pipeline/index.js';
export * from './price/index.js';
export * from './report/index.js';
// Outliers and synth both export the id type `UnitId` (string | number, the same type); name one.
export type { UnitId } from './synth/index.js';
export * from './synth/index.js';
export * from './volume/index.js';
