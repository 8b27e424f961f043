import { type DataInput, dataRow, type Frame, toFrame } from '../data/frame.js';
import { constantResponseError } from '../data/validate.js';
import { DataError } from '../errors.js';
import { sharedBuffer } from '../internal/platform.js';
import { compressPatterns, type PatternStatistics } from './compress.js';
import { encodeDesign } from './design.js';
import { estimate } from './estimate.js';
import { getFamily } from './family.js';
import { buildModelData, type ModelData, patternColumns } from './model-frame.js';
import { type GlmSpec, type ModelSpec, type ResolvedSpec, resolveSpec } from './spec.js';
import type { GlmFit } from './types.js';

/**
 * Fit a generalised linear model by IRLS: the one engine behind {@link logit},
 * {@link fractionalLogit}, {@link ols} and probit. Matches R's `glm` (estimates, deviance, AIC,
 * dispersion) and `sandwich` (HC0, HC1, cluster) — see `verdeelmodel/inference` for the formulas.
 *
 * @example
 * ```ts
 * import type { DataInput } from 'verdeelmodel/data';
 * import { fitGlm } from 'verdeelmodel/glm';
 * declare const rows: DataInput; // MASS::birthwt, with race as text
 * const fit = fitGlm(rows, { family: 'probit', y: 'low', x: ['age', 'race', 'smoke'], reference: { race: 'white' } });
 * fit.tidy({ vcov: 'HC1' });
 * ```
 */
export function fitGlm(data: DataInput | Frame, spec: GlmSpec): GlmFit {
  return fitWith(data, spec, 'glm', 'fitGlm');
}

function fitWith(
  data: DataInput | Frame,
  spec: GlmSpec,
  kind: 'glm' | 'ols',
  label: string,
  binaryResponse = false,
): GlmFit {
  const options = resolveSpec(spec, label);
  const family = getFamily(options.family);
  const frame = toFrame(data);
  const md = buildModelData(frame, options, family, label);
  checkResponse(frame, md, options.y, label, binaryResponse);

  const _names = md.layout.columnNames;
  const patterns = usePatterns(frame, options, md);
  // Row arrays go to shared memory at once, so worker threads read them without another copy.
  const f64 = (a: ArrayLike<number> | null) => {
    if (a === null) return null;
    const out = new Float64Array(sharedBuffer(8 * a.length));
    out.set(a);
    return out;
  };
  const rows = patterns
    ? {
        design: encodeDesign(frame, md.layout, patterns.rows),
        y: Float64Array.from(patterns.sw, (w, g) => patterns.swy[g]! / w),
        weights: patterns.sw,
        offset: md.offset ? Float64Array.from(patterns.positions, (r) => md.offset![r]!) : null,
        cluster: md.cluster ? Int32Array.from(patterns.positions, (r) => md.cluster![r]!) : null,
        clusterSets: md.clusterSets,
      }
    : {
        design: encodeDesign(frame, md.layout, md.keep),
        y: f64(md.y)!,
        weights: f64(md.weights),
        offset: f64(md.offset),
        cluster: md.cluster,
        clusterSets: md.clusterSets,
      };
  return estimate({
    label,
    kind,
    options,
    family,
    layout: md.layout,
    ...rows,
    nClusters: md.nClusters,
    nobs: md.nobs,
    nOmitted: md.nOmitted,
    patterns,
    evaluation: { frame, keep: md.keep },
  });
}

/** Whether a systematic sample of ~20,000 rows is at least 90 % distinct patterns: then compressing all rows cannot pay. */
function nearlyUnique(frame: Frame, options: ResolvedSpec, md: ModelData): boolean {
  const n = md.y.length;
  const step = Math.floor(n / 20_000);
  const pos = Int32Array.from({ length: Math.floor(n / step) }, (_, k) => k * step);
  const pick = <T extends ArrayLike<number>>(a: T | null) =>
    a ? Float64Array.from(pos, (r) => a[r]!) : null;
  const sample = compressPatterns(
    frame,
    patternColumns(options, md.layout),
    Int32Array.from(pos, (r) => (md.keep ? md.keep[r]! : r)),
    pick(md.y)!,
    pick(md.weights),
    md.cluster ? Int32Array.from(pos, (r) => md.cluster![r]!) : null,
    1,
  );
  return sample !== null && sample.rows.length >= 0.9 * pos.length;
}

/**
 * Collapse identical covariate patterns (within cluster) when it pays: always with
 * `compress: true`, never with `false`, and with `'auto'` when the data are large and the
 * patterns number at most half the rows.
 */
function usePatterns(frame: Frame, options: ResolvedSpec, md: ModelData): PatternStatistics | null {
  if (options.compress === false) return null;
  const n = md.y.length;
  if (options.compress === 'auto' && n < 20_000) return null;
  if (options.compress === 'auto' && n >= 200_000 && nearlyUnique(frame, options, md)) return null;
  const maxRatio = options.compress === true ? 1 : 0.5;
  return compressPatterns(
    frame,
    patternColumns(options, md.layout),
    md.keep,
    md.y,
    md.weights,
    md.cluster,
    maxRatio,
  );
}

/** A 0/1 response for logit, and a response that varies (a constant one leaves nothing to model: SEs of 0). */
function checkResponse(
  frame: Frame,
  md: ModelData,
  name: string,
  label: string,
  binaryResponse: boolean,
): void {
  const { y, weights, keep } = md;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < y.length; i++) {
    if (weights && weights[i] === 0) continue;
    const v = y[i]!;
    if (binaryResponse && v !== 0 && v !== 1) {
      const row = dataRow(frame, keep ? keep[i]! : i);
      throw new DataError(
        'out-of-range',
        `${label}: response '${name}' is ${v} at row ${row}; logit needs 0/1 or booleans (use fractionalLogit for fractions)`,
        { column: name, row },
      );
    }
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  // Differences of rounding size only (a growth rate of an exactly exponential series) count as constant.
  if (hi - lo <= 1e-12 * Math.max(Math.abs(lo), Math.abs(hi))) throw constantResponseError(label, name, lo);
}

/**
 * Logistic regression (binomial family, logit link) of a 0/1 or boolean response, as R's
 * `glm(y ~ x, family = binomial)`. Model SEs use the Fisher information; pass `vcov` for robust ones.
 *
 * @example
 * ```ts
 * import { logit } from 'verdeelmodel/glm';
 * const fit = logit({ y: [0, 1, 0, 1, 1, 0], x: [1, 2, 3, 1.5, 2.5, 2] }, { y: 'y', x: ['x'] });
 * fit.tidy(); // rows for '(Intercept)' and 'x'
 * ```
 */
export function logit(data: DataInput | Frame, spec: ModelSpec): GlmFit {
  return fitWith(data, { ...spec, family: 'binomial' }, 'glm', 'logit', true);
}

/**
 * Fractional logit (Papke–Wooldridge quasi-likelihood) for a response in [0, 1], as R's
 * `glm(y ~ x, family = quasibinomial)`. Model SEs scale by the Pearson dispersion as R does;
 * the robust `vcov: 'HC1'` (or `'cluster'`) is what the quasi-likelihood theory supports and
 * what users normally want.
 *
 * @example
 * ```ts
 * import { rowsWhere, selectRows, toFrame } from 'verdeelmodel/data';
 * import { generateHouseholds } from 'verdeelmodel/generate';
 * import { fractionalLogit } from 'verdeelmodel/glm';
 * const households = toFrame(generateHouseholds({ households: 20000, seed: 1 }).columns());
 * const recipients = selectRows(households, rowsWhere(households, 'receipt'));
 * const fit = fractionalLogit(recipients, { y: 'fraction', x: ['hhgroup', 'age_50_aow'], vcov: 'HC1' });
 * ```
 */
export function fractionalLogit(data: DataInput | Frame, spec: ModelSpec): GlmFit {
  return fitWith(data, { ...spec, family: 'quasibinomial' }, 'glm', 'fractionalLogit');
}

/**
 * Ordinary (or weighted) least squares, as R's `lm`, with the same result type. Inference uses
 * t and F with the residual degrees of freedom for every variance type (`lmtest::coeftest`).
 *
 * @example
 * ```ts
 * import { ols } from 'verdeelmodel/glm';
 * const mtcars = { // the first 8 cars of R's mtcars
 *   mpg: [21, 21, 22.8, 21.4, 18.7, 18.1, 14.3, 24.4],
 *   wt: [2.62, 2.875, 2.32, 3.215, 3.44, 3.46, 3.57, 3.19],
 *   hp: [110, 110, 93, 110, 175, 105, 245, 62],
 * };
 * const fit = ols(mtcars, { y: 'mpg', x: ['wt', 'hp'], vcov: 'HC1' });
 * fit.glance().pseudoR2; // R²
 * ```
 */
export function ols(data: DataInput | Frame, spec: ModelSpec): GlmFit {
  return fitWith(data, { ...spec, family: 'gaussian' }, 'ols', 'ols');
}
