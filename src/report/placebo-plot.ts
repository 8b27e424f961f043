import { DataError, SpecError } from '../errors.js';
import {
  COLORS,
  chartSize,
  finiteOrNull,
  noDuplicate,
  own,
  requireInput,
  requireLabel,
  requireLength,
  resolveChartOptions,
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

/**
 * Logarithm of the mean squared gap before the treatment (NaN when there is none, −Infinity for a perfect
 * fit), from gaps already checked finite: in logs, so that gaps near the double range cannot overflow.
 */
function preMspe(
  gap: readonly (number | null)[],
  times: readonly (number | string)[],
  t0: number | string,
): number {
  // Scaled by the largest |gap| so that squares cannot overflow; only ratios of MSPEs are compared.
  let scale = 0;
  times.forEach((t, i) => {
    const g = gap[i];
    if (t < t0 && g !== null && g !== undefined && Math.abs(g) > scale) scale = Math.abs(g);
  });
  let sum = 0;
  let n = 0;
  times.forEach((t, i) => {
    const g = gap[i];
    if (t < t0 && g !== null && g !== undefined) {
      sum += scale > 0 ? (g / scale) ** 2 : 0;
      n++;
    }
  });
  if (n === 0) return Number.NaN;
  return scale > 0 ? Math.log(sum / n) + 2 * Math.log(scale) : Number.NEGATIVE_INFINITY;
}

/**
 * Placebo ("spaghetti") chart of a synthetic-control study: the gap of every placebo unit in light grey, the
 * treated unit's gap in a dark line on top. A treated line that leaves the grey band after the treatment is
 * an effect larger than chance would give.
 *
 * @throws {DataError} when the input is not an object, `times` is not an array of distinct numbers or
 *   strings, a series is not as long as `times` or holds a non-number or ±Infinity, the treatment time is not
 *   within the times, two placebos have one unit name, or `maxPreMspeRatio` is given while the treated unit has
 *   no gap before the treatment
 * @throws {SpecError} for an unknown option or a bad option value
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
  const { common, ratio } = resolvePlaceboPlotOptions(options);
  const inp = requireInput(
    input,
    what,
    'times, treatmentTime, treated: { unit, gap } and placebos: [{ unit, gap }, ...]',
  );
  const times = own(inp, 'times');
  const time = timeAxis(times, what);
  const ts = times as readonly (number | string)[];
  const treatmentTime = treatmentTimeOf(own(inp, 'treatmentTime'), ts, time, what);
  const treated = own(inp, 'treated');
  const placeboList = own(inp, 'placebos');
  if (
    treated === null ||
    typeof treated !== 'object' ||
    Array.isArray(treated) ||
    !Array.isArray(placeboList)
  ) {
    throw new DataError(
      'invalid-value',
      `${what}: give treated: { unit, gap } and placebos: [{ unit, gap }, ...]`,
      {
        column:
          treated === null || typeof treated !== 'object' || Array.isArray(treated) ? 'treated' : 'placebos',
      },
    );
  }
  const outcome = textOrDefault(own(inp, 'outcome'), 'outcome', 'outcome', what);
  const treatedUnit = requireLabel(own(treated, 'unit'), 'unit', 0, `${what} treated`);
  const treatedGapIn = requireLength(own(treated, 'gap'), ts.length, 'treated.gap', what);
  const treatedGap = ts.map((_, i) => finiteOrNull(treatedGapIn[i], 'treated.gap', i, what));
  const treatedLogMspe = preMspe(treatedGap, ts, treatmentTime);
  if (Number.isFinite(ratio) && Number.isNaN(treatedLogMspe)) {
    throw new DataError(
      'missing-value',
      `${what}: maxPreMspeRatio compares with the treated unit's pre-treatment fit, but treated.gap has no value before ${String(treatmentTime)}`,
      { column: 'treated.gap' },
    );
  }
  const rows: Record<string, unknown>[] = [];
  let kept = 0;
  const units = new Map<string, number>();
  placeboList.forEach((p: unknown, k: number) => {
    if (p === null || typeof p !== 'object' || Array.isArray(p)) {
      throw new DataError('invalid-value', `${what} placebos row ${k + 1} must be an object { unit, gap }`, {
        column: 'placebos',
        row: k + 1,
      });
    }
    const unit = requireLabel(own(p, 'unit'), 'unit', k, `${what} placebos`);
    noDuplicate(units, unit, 'unit', k, `${what} placebos`);
    const gapIn = requireLength(own(p, 'gap'), ts.length, `placebos[${k}].gap`, what);
    const gaps = ts.map((_, i) => finiteOrNull(gapIn[i], `placebos[${k}].gap`, i, what));
    if (Number.isFinite(ratio) && !(preMspe(gaps, ts, treatmentTime) <= Math.log(ratio) + treatedLogMspe))
      return;
    kept++;
    ts.forEach((t, i) => {
      rows.push({ unit, time: t, gap: gaps[i] });
    });
  });
  const treatedRows = ts.map((t, i) => ({ unit: treatedUnit, time: t, gap: treatedGap[i] }));
  const dropped = placeboList.length - kept;
  const { width, height } = chartSize(common, 320);
  const x = timeEncoding(time);
  const y = {
    field: 'gap',
    type: 'quantitative',
    title: `gap in ${outcome} (unit − synthetic)`,
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
    title: titleBlock(common, `${treatedUnit} against placebo gaps`, subtitle),
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

/** The one check of {@link PlaceboPlotOptions}, with defaults. @internal */
export function resolvePlaceboPlotOptions(options: PlaceboPlotOptions | undefined) {
  const what = 'placeboPlot';
  const { common, options: o } = resolveChartOptions(options, ['maxPreMspeRatio'], what);
  const ratio = o.maxPreMspeRatio === undefined ? Number.POSITIVE_INFINITY : o.maxPreMspeRatio;
  // Infinity is allowed (the default: keep every placebo), so numberIn's finite check does not fit.
  if (typeof ratio !== 'number' || !(ratio > 0)) {
    throw new SpecError(
      'invalid-option',
      `${what}: maxPreMspeRatio must be a number above 0 (such as 20, 5 or 2) or Infinity; got ${String(ratio)}`,
      { option: 'maxPreMspeRatio' },
    );
  }
  return { common, ratio };
}
