import { DataError, SpecError } from '../errors.js';
import type { ChartOptions, VegaLiteSpec } from './types.js';

/** The Vega-Lite schema the specs are written against. @internal */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Colours used across the charts (colour-blind safe pairs). @internal */
export const COLORS = {
  treated: '#1b3a6b',
  synthetic: '#d95f02',
  placebo: '#b8b8b8',
  deficit: '#c0392b',
  surplus: '#2471a3',
  reference: '#555555',
  point: '#1b3a6b',
} as const;

/** A quiet theme: white background, light grid, left-aligned titles. @internal */
export const THEME = {
  background: 'white',
  padding: 12,
  font: 'sans-serif',
  title: {
    anchor: 'start',
    fontSize: 15,
    fontWeight: 'bold',
    subtitleFontSize: 12,
    subtitleColor: '#555555',
    offset: 10,
  },
  axis: {
    labelFontSize: 11,
    titleFontSize: 12,
    titleFontWeight: 'normal',
    titleColor: '#333333',
    labelColor: '#333333',
    gridColor: '#e6e6e6',
    domainColor: '#888888',
    tickColor: '#888888',
    labelSeparation: 6,
  },
  legend: {
    labelFontSize: 11,
    titleFontSize: 12,
    titleFontWeight: 'normal',
    orient: 'bottom',
    direction: 'horizontal',
    labelLimit: 0,
  },
  view: { stroke: null },
} as const;

/** Check common chart options. @internal */
export function resolveSize(options: ChartOptions, height: number): { width: number; height: number } {
  const width = options.width ?? 560;
  const h = options.height ?? height;
  for (const [name, v] of [
    ['width', width],
    ['height', h],
  ] as const) {
    if (!Number.isFinite(v) || v < 50 || v > 10_000) {
      throw new SpecError(
        'invalid-option',
        `${name} must be a number of pixels between 50 and 10000, got ${v}`,
      );
    }
  }
  return { width, height: h };
}

/** Title block with an optional subtitle. @internal */
export function titleBlock(options: ChartOptions, title: string, subtitle?: string): Record<string, unknown> {
  const sub = options.subtitle ?? subtitle;
  return sub ? { text: options.title ?? title, subtitle: sub } : { text: options.title ?? title };
}

/** A complete top-level spec with schema and theme. @internal */
export function topLevel(body: Record<string, unknown>): VegaLiteSpec {
  return { $schema: VEGA_LITE_SCHEMA, config: THEME, ...body };
}

/** A non-empty array input, or a DataError naming `what`. @internal */
export function requireRows<T>(rows: readonly T[] | null | undefined, what: string): readonly T[] {
  if (!Array.isArray(rows)) throw new DataError('invalid-value', `${what} must be an array of rows`);
  if (rows.length === 0) throw new DataError('empty', `${what} is empty: there is nothing to plot`);
  return rows;
}

/** A finite number, or a DataError naming the field and row. @internal */
export function requireFinite(value: unknown, field: string, row: number, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new DataError(
      value === null || value === undefined || Number.isNaN(value) ? 'missing-value' : 'invalid-value',
      `${what} row ${row + 1}: '${field}' must be a finite number, got ${String(value)}`,
      { column: field, row: row + 1 },
    );
  }
  return value;
}

/** A finite number or null (null, undefined and NaN become null: a gap in a line). @internal */
export function finiteOrNull(value: unknown, field: string, row: number, what: string): number | null {
  if (value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value)))
    return null;
  return requireFinite(value, field, row, what);
}

/** A non-empty string (numbers are turned into strings), or a DataError. @internal */
export function requireLabel(value: unknown, field: string, row: number, what: string): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string' || value.length === 0) {
    throw new DataError('invalid-value', `${what} row ${row + 1}: '${field}' must be a non-empty string`, {
      column: field,
      row: row + 1,
    });
  }
  return value;
}

/** How the time axis of a chart is drawn (from {@link timeAxis}). @internal */
export interface TimeAxis {
  readonly type: 'quantitative' | 'ordinal';
  readonly axis: Record<string, unknown>;
  readonly scale?: Record<string, unknown>;
}

/** Time values: all numbers (years) or all strings; numbers are plotted on a linear axis without separators. @internal */
export function timeAxis(times: readonly unknown[], what: string): TimeAxis {
  if (times.length === 0) throw new DataError('empty', `${what}: times is empty`);
  if (times.every((t) => typeof t === 'number' && Number.isFinite(t))) {
    const integers = (times as number[]).every((t) => Number.isInteger(t));
    return {
      type: 'quantitative',
      axis: integers ? { format: 'd', tickMinStep: 1 } : {},
      scale: { zero: false, nice: false },
    };
  }
  if (times.every((t) => typeof t === 'string')) {
    // Label about a dozen ticks: every January for monthly labels ('2022-01'), else every k-th.
    const labels = times as string[];
    const monthly = labels.every((t) => /^\d{4}-\d{2}$/.test(t));
    const step = Math.max(1, Math.ceil(labels.length / 12));
    const values = monthly
      ? labels.filter((t) => t.endsWith('-01'))
      : labels.filter((_, i) => i % step === 0);
    return { type: 'ordinal', axis: { labelAngle: 0, values } };
  }
  throw new DataError('invalid-value', `${what}: times must be all numbers (such as years) or all strings`);
}

/** Check that series are as long as `times`. @internal */
export function requireLength(
  values: readonly unknown[] | null | undefined,
  n: number,
  field: string,
  what: string,
): void {
  if (!values || typeof values.length !== 'number') {
    throw new DataError('invalid-value', `${what}: '${field}' must be an array`, { column: field });
  }
  if (values.length !== n) {
    throw new DataError(
      'length-mismatch',
      `${what}: '${field}' has ${values.length} values but times has ${n}`,
      {
        column: field,
      },
    );
  }
}

/** A reference line at zero across the chart (`axis` 'x': vertical, 'y': horizontal). @internal */
export function zeroLine(axis: 'x' | 'y', mark: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    data: { values: [{ zero: 0 }] },
    mark: { type: 'rule', color: COLORS.reference, ...mark },
    encoding: { [axis]: { field: 'zero', type: 'quantitative' } },
  };
}

/** The x encoding of a time axis: field `time`, no title (the times speak for themselves). @internal */
export function timeEncoding(time: TimeAxis): Record<string, unknown> {
  return {
    field: 'time',
    type: time.type,
    title: null,
    axis: time.axis,
    ...(time.scale ? { scale: time.scale } : {}),
  };
}

/** The dashed vertical line at the treatment time (a layer over data with a `time` field). @internal */
export function treatmentRule(type: TimeAxis['type']): Record<string, unknown> {
  return {
    mark: { type: 'rule', strokeDash: [4, 4], color: COLORS.reference },
    encoding: { x: { field: 'time', type } },
  };
}

/**
 * Groups in the order asked for (those present in the data), then the other present ones in their default
 * order; without `asked`, the default order. @internal
 */
export function orderGroups(present: readonly string[], asked: readonly string[] | undefined): string[] {
  if (!asked) return [...present];
  const has = new Set(present);
  return [...asked.filter((g) => has.has(g)), ...present.filter((g) => !asked.includes(g))];
}
