/**
 * The one home of the size classes ("grootteklassen"): breakpoints in inhabitants, labels, and the class of a
 * municipality. Allocation, evaluation, outliers and the household generator all import it, so the classes mean
 * the same everywhere. Stable API: {@link DEFAULT_SIZE_CLASSES}, {@link resolveSizeClasses},
 * {@link sizeClassIndex} and the types {@link SizeClassOptions} / {@link SizeClasses}.
 * @module
 */
import { DataError, SpecError } from '../errors.js';
import { checkOptions } from '../internal/options.js';

/** Options that define the size classes ("grootteklassen") used in summaries and evaluation statistics. */
export interface SizeClassOptions {
  /**
   * Increasing inhabitant counts that separate the classes; class k holds municipalities with
   * `breakpoints[k-1] <= inhabitants < breakpoints[k]` (so 15,000 belongs to the 15k-40k class and 40,000 to
   * 40k-100k, as S4's "≥ 40,000").
   * @default [15000, 40000, 100000, 250000]
   */
  readonly breakpoints?: readonly number[];
  /**
   * One label per class (`breakpoints.length + 1` of them).
   * @default ['<15k', '15k-40k', '40k-100k', '100k-250k', '>=250k (G4)'] for the default breakpoints,
   * otherwise generated from the breakpoints in the same style
   */
  readonly labels?: readonly string[];
}

/** Resolved size classes, as stored on results. */
export interface SizeClasses {
  readonly breakpoints: readonly number[];
  readonly labels: readonly string[];
}

/** The classes of the S0 report (Fig 3.2, 4.1): <15k, 15-40k, 40-100k, 100-250k and the G4 (all >250k). */
export const DEFAULT_SIZE_CLASSES: SizeClasses = {
  breakpoints: [15_000, 40_000, 100_000, 250_000],
  labels: ['<15k', '15k-40k', '40k-100k', '100k-250k', '>=250k (G4)'],
};

function shortNumber(n: number): string {
  return n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : String(n);
}

/**
 * Resolve size-class options: check the breakpoints and fill in labels.
 *
 * @throws {SpecError} when breakpoints are not finite and strictly increasing or the labels do not match.
 * @example
 * ```ts
 * import { resolveSizeClasses } from 'verdeelmodel/allocation';
 * resolveSizeClasses({ breakpoints: [20000] }).labels; // => ['<20k', '>=20k']
 * ```
 */
export function resolveSizeClasses(options: SizeClassOptions = {}): SizeClasses {
  checkOptions(options, ['breakpoints', 'labels'], 'sizeClasses');
  if (options.breakpoints === undefined && options.labels === undefined) return DEFAULT_SIZE_CLASSES;
  if (options.breakpoints !== undefined && !Array.isArray(options.breakpoints)) {
    throw new SpecError('invalid-option', 'sizeClasses: breakpoints must be an array of inhabitant counts', {
      option: 'breakpoints',
    });
  }
  const breakpoints = [...(options.breakpoints ?? DEFAULT_SIZE_CLASSES.breakpoints)];
  for (let k = 0; k < breakpoints.length; k++) {
    if (
      typeof breakpoints[k] !== 'number' ||
      !Number.isFinite(breakpoints[k]) ||
      (k > 0 && breakpoints[k] <= breakpoints[k - 1])
    ) {
      throw new SpecError(
        'invalid-option',
        `size-class breakpoints must be finite and strictly increasing, got [${breakpoints}]`,
      );
    }
  }
  const defaultBreakpoints =
    options.breakpoints === undefined ||
    (breakpoints.length === DEFAULT_SIZE_CLASSES.breakpoints.length &&
      breakpoints.every((b, k) => b === DEFAULT_SIZE_CLASSES.breakpoints[k]));
  const labels = options.labels
    ? [...options.labels]
    : defaultBreakpoints
      ? [...DEFAULT_SIZE_CLASSES.labels]
      : generatedLabels(breakpoints);
  if (labels.some((l) => typeof l !== 'string') || new Set(labels).size !== labels.length) {
    throw new SpecError('invalid-option', `size-class labels must be distinct strings, got [${labels}]`, {
      option: 'labels',
    });
  }
  if (labels.length !== breakpoints.length + 1) {
    throw new SpecError(
      'invalid-option',
      `size classes need ${breakpoints.length + 1} labels for ${breakpoints.length} breakpoints, got ${labels.length}`,
    );
  }
  return { breakpoints, labels };
}

function generatedLabels(breakpoints: readonly number[]): string[] {
  if (breakpoints.length === 0) return ['all'];
  const labels = [`<${shortNumber(breakpoints[0]!)}`];
  for (let k = 1; k < breakpoints.length; k++) {
    labels.push(`${shortNumber(breakpoints[k - 1]!)}-${shortNumber(breakpoints[k]!)}`);
  }
  labels.push(`>=${shortNumber(breakpoints[breakpoints.length - 1]!)}`);
  return labels;
}

/**
 * Index of the size class of a municipality (0 = smallest class).
 *
 * @param inhabitants - Number of inhabitants (a finite number > 0).
 * @param classes - Resolved size classes (see {@link resolveSizeClasses}).
 * @returns The class index, in 0 … `classes.breakpoints.length`.
 * @throws {DataError} `out-of-range` when `inhabitants` is NaN, infinite, zero or negative (it would otherwise
 *   land silently in the smallest class).
 * @example
 * ```ts
 * import { DEFAULT_SIZE_CLASSES, sizeClassIndex } from 'verdeelmodel/allocation';
 * sizeClassIndex(40_000, DEFAULT_SIZE_CLASSES); // => 2   ('40k-100k')
 * ```
 */
export function sizeClassIndex(inhabitants: number, classes: SizeClasses = DEFAULT_SIZE_CLASSES): number {
  if (typeof inhabitants !== 'number' || !Number.isFinite(inhabitants) || inhabitants <= 0) {
    throw new DataError(
      'out-of-range',
      `sizeClassIndex requires a positive finite number of inhabitants, got ${inhabitants}`,
      { column: 'inhabitants' },
    );
  }
  let k = 0;
  while (k < classes.breakpoints.length && inhabitants >= classes.breakpoints[k]!) k++;
  return k;
}
