import { DataError } from '../errors.js';
import {
  booleanOption,
  COLORS,
  chartSize,
  describeValue,
  expressionLiteral,
  finiteOrNull,
  own,
  requireInput,
  requireLength,
  resolveChartOptions,
  textOption,
  textOrDefault,
  timeAxis,
  timeEncoding,
  titleBlock,
  topLevel,
  treatmentRule,
  treatmentTimeOf,
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
 * @throws {DataError} when the input is not an object, `times` is not an array of distinct numbers or
 *   strings, a series is not as long as `times` or holds a non-number or ±Infinity, the treatment time is not
 *   within the times, or a gap (treated − synthetic) overflows
 * @throws {SpecError} for an unknown option or a bad option value
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
  const { common, showGap, treatmentLabel } = resolveSynthPlotOptions(options);
  const inp = requireInput(
    input,
    what,
    'times, treatedSeries, syntheticSeries and treatmentTime (a syntheticControl() result)',
  );
  const times = own(inp, 'times');
  const time = timeAxis(times, what);
  const ts = times as readonly (number | string)[];
  const treatmentTime = treatmentTimeOf(own(inp, 'treatmentTime'), ts, time, what);
  const treatedSeries = requireLength(own(inp, 'treatedSeries'), ts.length, 'treatedSeries', what);
  const syntheticSeries = requireLength(own(inp, 'syntheticSeries'), ts.length, 'syntheticSeries', what);
  const treated = own(inp, 'treated');
  const treatedName = treatedNameOf(treated, what);
  const syntheticName = `synthetic ${treatedName}`;
  const outcome = textOrDefault(own(inp, 'outcome'), 'outcome', 'outcome', what);
  const { width, height } = chartSize(common, 300);
  const series: Record<string, unknown>[] = [];
  const gaps: Record<string, unknown>[] = [];
  ts.forEach((t, i) => {
    const y1 = finiteOrNull(treatedSeries[i], 'treatedSeries', i, what);
    const y0 = finiteOrNull(syntheticSeries[i], 'syntheticSeries', i, what);
    const gap = y1 === null || y0 === null ? null : y1 - y0;
    if (gap !== null && !Number.isFinite(gap)) {
      throw new DataError(
        'not-finite',
        `${what}: at times ${i + 1} (${String(t)}) the gap ${y1} − ${y0} overflows; rescale the outcome`,
        { column: 'treatedSeries', row: i + 1 },
      );
    }
    series.push({ time: t, series: 'treated', name: treatedName, value: y1 });
    series.push({ time: t, series: 'synthetic', name: syntheticName, value: y0 });
    gaps.push({ time: t, gap });
  });
  const x = timeEncoding(time);
  const treatment = {
    data: { values: [{ time: treatmentTime, label: treatmentLabel }] },
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
        // The series field holds fixed keys and the legend shows the names: Vega keys its merged legend by
        // value in a plain object, where a unit named 'constructor' or 'toString' breaks the drawing.
        encoding: {
          x,
          y: { field: 'value', type: 'quantitative', title: outcome, scale: { zero: false } },
          color: {
            field: 'series',
            type: 'nominal',
            title: null,
            scale: { domain: ['treated', 'synthetic'], range: [COLORS.treated, COLORS.synthetic] },
            legend: {
              orient: 'bottom-left',
              direction: 'vertical',
              fillColor: 'white',
              padding: 6,
              labelExpr: `datum.value === 'treated' ? ${expressionLiteral(treatedName)} : ${expressionLiteral(syntheticName)}`,
            },
          },
          strokeDash: {
            field: 'series',
            type: 'nominal',
            title: null,
            // Same field and title as colour: Vega-Lite merges both into one legend with dashed symbols.
            scale: {
              domain: ['treated', 'synthetic'],
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
    common,
    `${treatedName} and its synthetic control`,
    `${outcome} over time; after the treatment the gap estimates its effect`,
  );
  if (!showGap) return topLevel({ title, ...top });
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

/** The legend name of the treated unit(s): a name, up to three names, or 'mean of k treated units'. */
function treatedNameOf(treated: unknown, what: string): string {
  if (treated === undefined || treated === null) return 'treated';
  if (typeof treated === 'string' && treated.length > 0) return treated;
  if (Array.isArray(treated) && treated.every((t) => typeof t === 'string' && t.length > 0)) {
    if (treated.length === 0) return 'treated';
    return treated.length > 3 ? `mean of ${treated.length} treated units` : treated.join(', ');
  }
  throw new DataError(
    'invalid-value',
    `${what}: 'treated' must be the treated unit's name or an array of names; got ${describeValue(treated)}`,
    { column: 'treated' },
  );
}

/** The one check of {@link SynthPlotOptions}, with defaults. @internal */
export function resolveSynthPlotOptions(options: SynthPlotOptions | undefined) {
  const what = 'synthPlot';
  const { common, options: o } = resolveChartOptions(options, ['gap', 'treatmentLabel'], what);
  return {
    common,
    showGap: booleanOption(o.gap, true, 'gap', what),
    treatmentLabel: textOption(o.treatmentLabel, 'treatmentLabel', what) ?? 'treatment',
  };
}
