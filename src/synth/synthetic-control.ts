import { formatDecimals } from '../format/numbers.js';
import { labelledColumns, renderTextTable } from '../format/text-table.js';
import { buildContext, checkSynthOptions, type SyntheticControlOptions } from './context.js';
import { fitSynth, type SynthFit } from './fit-synth.js';
import { withSummary } from './format.js';
import type { Panel, PanelInput } from './read-panel.js';

/** A synthetic-control fit with its resolved options and a `summary()` text view. */
export interface SyntheticControlResult extends SynthFit {
  readonly options: SyntheticControlOptions;
  /** Text report: weights, V, balance table, RMSPE and diagnostics. */
  summary(): string;
}

/**
 * Synthetic control (Abadie & Gardeazabal 2003; Abadie, Diamond & Hainmueller 2010): a convex
 * combination of donor units that reproduces the treated unit before the treatment; after it,
 * the gap between the two estimates the effect.
 *
 * Weights W solve min (X1 − X0 W)'V(X1 − X0 W) over the simplex exactly (active-set QP with a
 * KKT check). The diagonal V is chosen, as in R Synth, to minimise the pre-period MSPE of the
 * outcome, but from many deterministic starting points (equal, regression-based, each predictor
 * emphasised), keeping the best; the result reports the loss and how many starts reached it.
 * Predictors and donors are put in a canonical order first, so the answer never depends on the
 * order they were given in. Predictors are divided by their SD over treated and donors, as R Synth.
 *
 * Several treated units are averaged into one treated series (the LKS evaluation treats the mean
 * of the large municipalities). Without predictors, W matches the pre-period outcome path.
 *
 * @param panel - long panel: one row per unit and time
 * @param options - see {@link SyntheticControlOptions}
 * @returns weights, V, series, gap, RMSPEs, balance table and diagnostics
 * @throws DataError for unbalanced or duplicate rows, unknown units, missing outcomes, predictors
 *   with no value for a unit or without variation; SpecError for fewer than two donors, a treated
 *   unit among the donors, or a treatment time that leaves no pre-period or lies after the data
 * @example
 * ```ts
 * import { type PanelInput, syntheticControl } from 'verdeelmodel/synth';
 * declare const smoking: PanelInput; // Abadie's Proposition 99 panel (R: tidysynth::smoking)
 * const fit = syntheticControl(smoking, {
 *   unit: 'state', time: 'year', outcome: 'cigsale', treated: 'California', treatmentTime: 1989,
 *   predictors: ['lnincome', { column: 'beer', from: 1984, to: 1988 }, { column: 'cigsale', at: 1975 }],
 * });
 * fit.rmspeRatio; // => post/pre RMSPE, e.g. 9.8
 * console.log(fit.summary());
 * ```
 */
export function syntheticControl(
  panel: PanelInput | Panel,
  options: SyntheticControlOptions,
): SyntheticControlResult {
  checkSynthOptions(options, 'syntheticControl');
  const { context, units, panel: p } = buildContext(panel, options);
  const index = new Map(context.units.map((u, i) => [u, i]));
  const treated = units.treated.map((u) => index.get(p.units[u]!)!);
  const donors = units.donors.map((u) => index.get(p.units[u]!)!);
  const fit = fitSynth(context, treated, donors);
  return attachSummary({ ...fit, options });
}

/** Add the `summary()` view to a fit. */
export function attachSummary(fit: SynthFit & { options: SyntheticControlOptions }): SyntheticControlResult {
  return withSummary(fit, summarizeSynth);
}

/** Text report of a synthetic-control fit. */
export function summarizeSynth(fit: SynthFit): string {
  const lines: string[] = [];
  const treated = fit.treated.length === 1 ? fit.treated[0] : `mean of ${fit.treated.length} units`;
  lines.push(`Synthetic control for ${treated}, outcome '${fit.outcome}', treatment at ${fit.treatmentTime}`);
  lines.push(
    `Donors: ${fit.donors.length}; pre-period RMSPE ${formatDecimals(fit.preRmspe, { decimals: 4 })}, post ${formatDecimals(fit.postRmspe, { decimals: 4 })}, ratio ${formatDecimals(fit.rmspeRatio, { decimals: 3 })}`,
  );
  if (fit.vSearch) {
    const s = fit.vSearch;
    lines.push(
      `V search: loss ${formatDecimals(s.loss, { decimals: 6 })}, reached by ${s.startsAtBest} of ${s.starts.length} starts`,
    );
  } else if (fit.vMethod === 'none') lines.push('No predictors: weights match the pre-period outcome path');
  lines.push('');
  const ranked = fit.donors.map((d, j) => [d, fit.weights[j]!] as const).filter(([, w]) => w >= 0.0005);
  ranked.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  lines.push(
    renderTextTable({
      columns: labelledColumns(['Donor', 'Weight']),
      rows: ranked.map(([d, w]) => [d, formatDecimals(w, { decimals: 3 })]),
    }),
  );
  if (fit.predictors.length > 0) {
    lines.push('');
    lines.push(
      renderTextTable({
        columns: labelledColumns(['Predictor', 'V', 'Treated', 'Synthetic', 'Donor mean']),
        rows: fit.balance.map((b, m) => [
          b.predictor,
          fit.v ? formatDecimals(fit.v[m]!, { decimals: 4 }) : '',
          formatDecimals(b.treated, { decimals: 3 }),
          formatDecimals(b.synthetic, { decimals: 3 }),
          formatDecimals(b.donorMean, { decimals: 3 }),
        ]),
      }),
    );
  }
  if (fit.missing.length > 0) {
    lines.push('');
    lines.push(`Skipped missing covariate values: ${fit.missing.length} unit × predictor windows`);
  }
  for (const d of fit.diagnostics) lines.push(`Note (${d.code}): ${d.message}`);
  return lines.join('\n');
}
