import { SpecError } from '../errors.js';
import type { TidyRow, VcovSpec } from '../glm/index.js';
import { logit } from '../glm/index.js';
import { checkOptions } from '../internal/options.js';

/** Options of {@link clusterLogits}. */
export interface ClusterLogitsOptions {
  /** Binary characteristics of entrants (0/1 columns), one logit each. */
  readonly outcomes: readonly string[];
  /** Column with the cluster of the entrant's municipality. */
  readonly cluster: string;
  /** Reference cluster. @default '1' */
  readonly reference?: string | number;
  /**
   * 0/1 column marking entrants after the change (2022 on). When given, each logit has cluster,
   * post and cluster × post terms, and the interactions answer "did this cluster change more than
   * the reference cluster" (S4 Tab I.2, in effect a difference-in-differences).
   * @default none (Tab I.1: cluster dummies only)
   */
  readonly post?: string;
  /** Variance for the tests. @default 'HC1' */
  readonly vcov?: VcovSpec;
  /** Cluster column for `vcov: 'cluster'` (e.g. the municipality). @default none */
  readonly clusterSe?: string;
}

/** One outcome's cluster terms. */
export interface ClusterLogitTable {
  readonly outcome: string;
  readonly nobs: number;
  /** Rows for the cluster dummies (`cluster[c]`) or, with `post`, the `cluster[c]:post` interactions. */
  readonly terms: readonly TidyRow[];
}

/**
 * Logit per entrant characteristic on the clusters of the sequence analysis (S4 Tab I.1, I.2):
 * `1[characteristic] ~ cluster` (reference cluster 1), or with `post`, `~ cluster + post +
 * cluster:post`, whose interaction z-tests (Wald tests of one coefficient) compare each cluster's
 * change with the reference cluster's. Uses the GLM engine's `logit`.
 *
 * @param data - one row per entrant: outcomes, cluster, post
 * @example
 * ```ts
 * import { clusterLogits } from 'verdeelmodel/synth';
 * declare const entrants: Record<string, ArrayLike<unknown>>; // one row per entrant: under27 (0/1), cluster, post (0/1)
 * clusterLogits(entrants, { outcomes: ['under27'], cluster: 'cluster', post: 'post' })[0]?.terms;
 * // => [{ term: 'cluster[2]:post', estimate: 0.31, pValue: 0.04, ... }, ...]
 * ```
 */
export function clusterLogits(
  data: Readonly<Record<string, ArrayLike<unknown>>>,
  options: ClusterLogitsOptions,
): ClusterLogitTable[] {
  checkOptions(options, ['outcomes', 'cluster', 'reference', 'post', 'vcov', 'clusterSe'], 'clusterLogits');
  // Column names are data: own properties only (a column named 'constructor' or '__proto__' works).
  const column = (name: string) => (Object.hasOwn(data, name) ? data[name] : undefined);
  const clusterCol = column(options.cluster);
  if (!clusterCol)
    throw new SpecError('missing-column', `cluster column '${options.cluster}' is not in the data`);
  if (options.outcomes.length === 0) throw new SpecError('invalid-option', 'give at least one outcome');
  // Cluster numbers become category labels so the GLM makes dummies of them.
  const labels = Array.from(clusterCol as ArrayLike<unknown>, (v) =>
    v === null || v === undefined ? null : String(v),
  );
  const reference = String(options.reference ?? '1');
  if (!labels.includes(reference))
    throw new SpecError('invalid-option', `reference cluster '${reference}' does not occur`);
  const vcov = options.vcov ?? 'HC1';
  return options.outcomes.map((outcome) => {
    const y = column(outcome);
    if (!y) throw new SpecError('missing-column', `outcome column '${outcome}' is not in the data`);
    const frame: Record<string, ArrayLike<unknown>> = Object.create(null);
    frame[outcome] = y;
    frame[options.cluster] = labels;
    const x = [options.cluster];
    if (options.post) {
      const post = column(options.post);
      if (!post) throw new SpecError('missing-column', `post column '${options.post}' is not in the data`);
      frame[options.post] = post;
      x.push(options.post, `${options.cluster}:${options.post}`);
    }
    if (options.clusterSe) {
      const se = column(options.clusterSe);
      if (!se)
        throw new SpecError('missing-column', `clusterSe column '${options.clusterSe}' is not in the data`);
      frame[options.clusterSe] = se;
    }
    const fit = logit(frame as never, {
      y: outcome,
      x,
      reference: { [options.cluster]: reference },
      vcov,
      ...(options.clusterSe ? { clusters: [options.clusterSe] } : {}),
    });
    const rows = fit.tidy({ vcov });
    const prefix = `${options.cluster}[`;
    const keep = rows.filter((r) =>
      options.post
        ? r.term.startsWith(prefix) && r.term.includes(':')
        : r.term.startsWith(prefix) && !r.term.includes(':'),
    );
    return { outcome, nobs: fit.glance().nobs, terms: keep };
  });
}
