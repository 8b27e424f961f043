import {
  COLORS,
  finiteOrNull,
  requireLength,
  resolveSize,
  timeAxis,
  timeEncoding,
  titleBlock,
  topLevel,
  treatmentRule,
  zeroLine,
} from './chart-helpers.js';
import type { ChartOptions, VegaLiteSpec } from './types.js';

/**
 * What {@link synthPlot} draws; a `syntheticControl()` result has these fields.
 */
export interface SynthPlotInput {
  /** Time points (years as numbers, or labels). */
  readonly times: readonly (number | string)[];
  /** Outcome of the treated unit per time (NaN or null: a gap in the line). */
  readonly treatedSeries: readonly (number | null)[];
  /** Outcome of the synthetic control per time. */
  readonly syntheticSeries: readonly (number | null)[];
  /** First treated time; a dashed vertical line marks it. */
  readonly treatmentTime: number | string;
  /** Outcome name, for the axis. @default 'outcome' */
  readonly outcome?: string;
  /** Treated unit name(s), for the legend. @default 'treated' */
  readonly treated?: string | readonly string[];
}

/** Options of {@link synthPlot}. */
export interface SynthPlotOptions extends ChartOptions {
  /** Draw the gap (treated − synthetic) in a second panel below. @default true */
  readonly gap?: boolean;
  /** Label of the treatment line. @default 'treatment' */
  readonly treatmentLabel?: string;
}

/**
 * Synthetic-control chart: the treated unit against its synthetic control over time, with the treatment
 * time marked, and below it the gap (treated − synthetic), the estimated effect after the treatment.
 *
 * @param input - a `syntheticControl()` result, or any object with the fields of {@link SynthPlotInput}
 * @returns a Vega-Lite spec; render it with {@link renderSvg} or {@link renderPng}
 * @throws {DataError} when a series is not as long as `times` or holds a non-number
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * import { renderPng, synthPlot } from 'verdeelmodel/report';
 * import { simulateSynthPanel, syntheticControl } from 'verdeelmodel/synth';
 * const panel = simulateSynthPanel({ units: 20, effect: 5, seed: 3 }); // u000 treated from 2022-01
 * const result = syntheticControl(panel, {
 *   unit: 'unit', time: 'time', outcome: 'y', treated: 'u000', treatmentTime: '2022-01', predictors: ['x'],
 * });
 * await writeFile('synth.png', await renderPng(synthPlot(result)));
 * ```
 */
export function synthPlot(input: SynthPlotInput, options: SynthPlotOptions = {}): VegaLiteSpec {
  const what = 'synthPlot';
  const { times } = input;
  const time = timeAxis(times, what);
  requireLength(input.treatedSeries, times.length, 'treatedSeries', what);
  requireLength(input.syntheticSeries, times.length, 'syntheticSeries', what);
  const treatedName =
    typeof input.treated === 'string'
      ? input.treated
      : input.treated && input.treated.length > 3
        ? `mean of ${input.treated.length} treated units`
        : input.treated && input.treated.length > 0
          ? input.treated.join(', ')
          : 'treated';
  const syntheticName = `synthetic ${treatedName}`;
  const outcome = input.outcome ?? 'outcome';
  const { width, height } = resolveSize(options, 300);
  const series: Record<string, unknown>[] = [];
  const gaps: Record<string, unknown>[] = [];
  times.forEach((t, i) => {
    const y1 = finiteOrNull(input.treatedSeries[i], 'treatedSeries', i, what);
    const y0 = finiteOrNull(input.syntheticSeries[i], 'syntheticSeries', i, what);
    series.push({ time: t, series: treatedName, value: y1 });
    series.push({ time: t, series: syntheticName, value: y0 });
    gaps.push({ time: t, gap: y1 === null || y0 === null ? null : y1 - y0 });
  });
  const x = timeEncoding(time);
  const treatment = {
    data: { values: [{ time: input.treatmentTime, label: options.treatmentLabel ?? 'treatment' }] },
    layer: [
      treatmentRule(time.type),
      {
        mark: {
          type: 'text',
          align: 'left',
          baseline: 'top',
          dx: 4,
          dy: 2,
          color: COLORS.reference,
          fontSize: 11,
        },
        encoding: { x: { field: 'time', type: time.type }, y: { value: 0 }, text: { field: 'label' } },
      },
    ],
  };
  const top = {
    width,
    height,
    layer: [
      {
        data: { values: series },
        mark: { type: 'line', strokeWidth: 2.2 },
        encoding: {
          x,
          y: { field: 'value', type: 'quantitative', title: outcome, scale: { zero: false } },
          color: {
            field: 'series',
            type: 'nominal',
            title: null,
            scale: { domain: [treatedName, syntheticName], range: [COLORS.treated, COLORS.synthetic] },
            legend: { orient: 'bottom-left', direction: 'vertical', fillColor: 'white', padding: 6 },
          },
          strokeDash: {
            field: 'series',
            type: 'nominal',
            title: null,
            // Same field and title as colour: Vega-Lite merges both into one legend with dashed symbols.
            scale: {
              domain: [treatedName, syntheticName],
              range: [
                [1, 0],
                [6, 4],
              ],
            },
          },
        },
      },
      treatment,
    ],
  };
  const title = titleBlock(
    options,
    `${treatedName} and its synthetic control`,
    `${outcome} over time; after the treatment the gap estimates its effect`,
  );
  if (options.gap === false) return topLevel({ title, ...top });
  const bottom = {
    width,
    height: Math.round(height * 0.45),
    layer: [
      zeroLine('y'),
      {
        data: { values: gaps },
        mark: { type: 'line', strokeWidth: 2.2, color: COLORS.treated },
        encoding: { x, y: { field: 'gap', type: 'quantitative', title: 'gap (treated − synthetic)' } },
      },
      treatment,
    ],
  };
  return topLevel({ title, vconcat: [top, bottom], spacing: 18, resolve: { scale: { x: 'shared' } } });
}
