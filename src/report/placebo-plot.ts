import { DataError } from '../errors.js';
import {
  COLORS,
  finiteOrNull,
  requireLabel,
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

/** One unit's gap series (outcome − synthetic outcome) in a placebo study. */
export interface PlaceboSeries {
  readonly unit: string;
  /** Gap per time, aligned with {@link PlaceboPlotInput.times} (NaN or null: a gap in the line). */
  readonly gap: readonly (number | null)[];
}

/** What {@link placeboPlot} draws. */
export interface PlaceboPlotInput {
  readonly times: readonly (number | string)[];
  /** First treated time; a dashed vertical line marks it. */
  readonly treatmentTime: number | string;
  /** The treated unit's gap: a `syntheticControl()` result's `{ unit: treated[0], gap }`. */
  readonly treated: PlaceboSeries;
  /** One gap series per placebo (each donor in turn refitted as if it had been treated). */
  readonly placebos: readonly PlaceboSeries[];
  /** Outcome name, for the axis title. @default 'outcome' */
  readonly outcome?: string;
}

/** Options of {@link placeboPlot}. */
export interface PlaceboPlotOptions extends ChartOptions {
  /**
   * Leave out placebos whose pre-treatment MSPE is more than this many times the treated unit's, as Abadie,
   * Diamond & Hainmueller (2010, Fig. 5–7) do with 20, 5 and 2 (the same rule as `placeboInSpace`'s
   * `maxPreMspeRatio`): a placebo that its donors cannot reproduce before the treatment says nothing about the
   * effect after it.
   * @default Infinity (keep every placebo)
   */
  readonly maxPreMspeRatio?: number;
}

function preMspe(
  gap: readonly (number | null)[],
  times: readonly (number | string)[],
  t0: number | string,
): number {
  let sum = 0;
  let n = 0;
  times.forEach((t, i) => {
    const g = gap[i];
    if (t < t0 && typeof g === 'number' && Number.isFinite(g)) {
      sum += g * g;
      n++;
    }
  });
  return n > 0 ? sum / n : Number.NaN;
}

/**
 * Placebo ("spaghetti") chart of a synthetic-control study: the gap of every placebo unit in light grey, the
 * treated unit's gap in a dark line on top. A treated line that leaves the grey band after the treatment is
 * an effect larger than chance would give.
 *
 * @throws {DataError} when a series is not as long as `times` or holds a non-number
 * @example
 * ```ts
 * import { placeboPlot } from 'verdeelmodel/report';
 * import { type PanelInput, type SyntheticControlOptions, syntheticControl } from 'verdeelmodel/synth';
 * declare const panel: PanelInput; // Abadie's Proposition 99 panel (R: tidysynth::panel)
 * declare const options: SyntheticControlOptions; // treated: 'California', treatmentTime: 1989, ...
 * declare const donors: readonly string[];
 * const result = syntheticControl(panel, options);
 * const placebos = donors.map((unit) => {
 *   const fit = syntheticControl(panel, { ...options, treated: unit, donors: donors.filter((d) => d !== unit) });
 *   return { unit, gap: fit.gap };
 * });
 * placeboPlot({ times: result.times, treatmentTime: 1989, treated: { unit: 'California', gap: result.gap }, placebos },
 *   { maxPreMspeRatio: 5 });
 * ```
 */
export function placeboPlot(input: PlaceboPlotInput, options: PlaceboPlotOptions = {}): VegaLiteSpec {
  const what = 'placeboPlot';
  const { times, treatmentTime } = input;
  const time = timeAxis(times, what);
  const ratio = options.maxPreMspeRatio ?? Number.POSITIVE_INFINITY;
  if (!(ratio > 0)) {
    throw new DataError('out-of-range', `${what}: maxPreMspeRatio must be positive, got ${ratio}`);
  }
  if (!input.treated || !Array.isArray(input.placebos)) {
    throw new DataError(
      'invalid-value',
      `${what}: give treated: { unit, gap } and placebos: [{ unit, gap }, ...]`,
    );
  }
  const treatedUnit = requireLabel(input.treated.unit, 'unit', 0, `${what} treated`);
  requireLength(input.treated.gap, times.length, 'treated.gap', what);
  const treatedMspe = preMspe(input.treated.gap, times, treatmentTime);
  const rows: Record<string, unknown>[] = [];
  let kept = 0;
  input.placebos.forEach((p, k) => {
    const unit = requireLabel(p?.unit, 'unit', k, `${what} placebos`);
    requireLength(p.gap, times.length, `placebos[${k}].gap`, what);
    const gaps = times.map((_, i) => finiteOrNull(p.gap[i], `placebos[${k}].gap`, i, what));
    if (Number.isFinite(ratio) && !(preMspe(p.gap, times, treatmentTime) <= ratio * treatedMspe)) return;
    kept++;
    times.forEach((t, i) => {
      rows.push({ unit, time: t, gap: gaps[i] });
    });
  });
  const treatedRows = times.map((t, i) => ({
    unit: treatedUnit,
    time: t,
    gap: finiteOrNull(input.treated.gap[i], 'treated.gap', i, what),
  }));
  const dropped = input.placebos.length - kept;
  const { width, height } = resolveSize(options, 320);
  const x = timeEncoding(time);
  const y = {
    field: 'gap',
    type: 'quantitative',
    title: `gap in ${input.outcome ?? 'outcome'} (unit − synthetic)`,
  };
  const legendRows = [
    { series: treatedUnit, color: COLORS.treated },
    { series: `placebos (${kept})`, color: COLORS.placebo },
  ];
  const subtitle =
    dropped > 0
      ? `${kept} placebos; ${dropped} left out whose pre-treatment MSPE exceeds ${ratio}× ${treatedUnit}'s`
      : `${kept} placebos: each donor in turn refitted as if it had been treated`;
  return topLevel({
    title: titleBlock(options, `${treatedUnit} against placebo gaps`, subtitle),
    width,
    height,
    layer: [
      zeroLine('y'),
      {
        data: { values: rows },
        mark: { type: 'line', strokeWidth: 1, color: COLORS.placebo, opacity: 0.9 },
        encoding: { x, y, detail: { field: 'unit', type: 'nominal' } },
      },
      {
        data: { values: [{ time: treatmentTime }] },
        ...treatmentRule(time.type),
      },
      {
        data: { values: treatedRows },
        mark: { type: 'line', strokeWidth: 2.6, color: COLORS.treated },
        encoding: { x, y },
      },
      {
        // A legend for the two kinds of line (their colours are fixed, so build it from data).
        data: { values: legendRows },
        mark: { type: 'point', opacity: 0 },
        encoding: {
          color: {
            field: 'series',
            type: 'nominal',
            title: null,
            scale: { domain: legendRows.map((r) => r.series), range: legendRows.map((r) => r.color) },
            legend: {
              orient: 'bottom-left',
              direction: 'vertical',
              symbolType: 'stroke',
              symbolStrokeWidth: 3,
              symbolOpacity: 1,
              fillColor: 'white',
              padding: 6,
            },
          },
        },
      },
    ],
  });
}
