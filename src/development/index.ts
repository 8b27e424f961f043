/**
 * Model development: assessing candidate features (the assessment framework, "afwegingskader"),
 * explaining each year's budget-share changes, and constructing the municipal features of
 * seed 001 Annex C.
 *
 * @packageDocumentation
 */
// The library's error classes, so every subpath can catch what it throws.
export * from '../errors.js';
