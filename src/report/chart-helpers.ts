import { DataError, SpecError } from '../errors.js';
import { checkOptions, numberIn, oneOf } from '../internal/options.js';
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

/** The option keys every chart function accepts (those of {@link ChartOptions}). @internal */
export const CHART_OPTION_KEYS = ['title', 'subtitle', 'width', 'height'] as const;

/** Checked common chart options: title and subtitle text, width and height in pixels. @internal */
export interface CommonChartOptions {
  readonly title: string | undefined;
  readonly subtitle: string | undefined;
  readonly width: number | undefined;
  readonly height: number | undefined;
}

/**
 * Checks a chart function's options once: unknown keys (`wdth`) are a SpecError naming the allowed ones,
 * and the common options ({@link ChartOptions}) are checked here; `extra` lists the function's own keys,
 * which the caller checks with {@link booleanOption} and friends. @internal
 */
export function resolveChartOptions<T extends ChartOptions>(
  options: T | undefined | null,
  extra: readonly string[],
  where: string,
): { readonly options: T; readonly common: CommonChartOptions } {
  const o = checkOptions(options, [...CHART_OPTION_KEYS, ...extra], where);
  const pixels = (name: 'width' | 'height') =>
    o[name] === undefined ? undefined : numberIn(o[name], 50, 10_000, `${name} (pixels)`, where);
  return {
    options: o,
    common: {
      title: textOption(o.title, 'title', where),
      subtitle: textOption(o.subtitle, 'subtitle', where),
      width: pixels('width'),
      height: pixels('height'),
    },
  };
}

/** A string option (or undefined). @internal */
export function textOption(value: unknown, option: string, where: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new SpecError('invalid-option', `${where}: ${option} must be a string; got ${typeof value}`, {
      option,
    });
  }
  return value;
}

/** A true/false option (or its default). @internal */
export function booleanOption(value: unknown, fallback: boolean, option: string, where: string): boolean {
  return value === undefined ? fallback : oneOf(value, [true, false], option, where);
}

/** An option that lists distinct non-empty names (terms, size classes, groups), or undefined. @internal */
export function namesOption(value: unknown, option: string, where: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    throw new SpecError('invalid-option', `${where}: ${option} must be an array of names`, { option });
  }
  const seen = new Set<string>();
  value.forEach((v, i) => {
    if (typeof v !== 'string' || v.length === 0) {
      throw new SpecError(
        'invalid-option',
        `${where}: ${option}[${i}] must be a non-empty string; got ${typeof v === 'string' ? "''" : String(v)}`,
        { option },
      );
    }
    if (seen.has(v)) {
      throw new SpecError('invalid-option', `${where}: ${option} names '${v}' twice`, { option });
    }
    seen.add(v);
  });
  return [...value] as string[];
}

/** Width and height: the ones given, else the defaults. @internal */
export function chartSize(common: CommonChartOptions, height: number): { width: number; height: number } {
  return { width: common.width ?? 560, height: common.height ?? height };
}

/** Title block with an optional subtitle. @internal */
export function titleBlock(
  common: CommonChartOptions,
  title: string,
  subtitle?: string,
): Record<string, unknown> {
  const sub = common.subtitle ?? subtitle;
  return sub ? { text: common.title ?? title, subtitle: sub } : { text: common.title ?? title };
}

/** A complete top-level spec with schema and theme. @internal */
export function topLevel(body: Record<string, unknown>): VegaLiteSpec {
  return { $schema: VEGA_LITE_SCHEMA, config: THEME, ...body };
}

/** The chart's input object (not null, not an array), or a DataError naming what to pass. @internal */
export function requireInput(input: unknown, what: string, fields: string): Record<string, unknown> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new DataError(
      'invalid-value',
      `${what}: the input must be an object with ${fields}; got ${input === null ? 'null' : Array.isArray(input) ? 'an array' : typeof input}`,
    );
  }
  return input as Record<string, unknown>;
}

/**
 * A field of an input object or row, read as an own property only: a field name is never looked up on
 * `Object.prototype` (a row without `constructor` has no constructor field). @internal
 */
export function own(obj: object, key: string): unknown {
  return Object.hasOwn(obj, key) ? (obj as Record<string, unknown>)[key] : undefined;
}

/** A non-empty array of row objects, or a DataError naming `what` (and the row that is not an object). @internal */
export function requireRows(rows: unknown, what: string): readonly object[] {
  if (!Array.isArray(rows)) {
    throw new DataError(
      'invalid-value',
      `${what} takes an array of rows; got ${rows === null ? 'null' : typeof rows}`,
    );
  }
  if (rows.length === 0)
    throw new DataError('empty', `${what}: the rows are empty: there is nothing to plot`);
  rows.forEach((r, i) => {
    if (r === null || typeof r !== 'object' || Array.isArray(r)) {
      throw new DataError('invalid-value', `${what} row ${i + 1} must be an object with the row's fields`, {
        row: i + 1,
      });
    }
  });
  return rows as readonly object[];
}

/**
 * A finite number, or a DataError naming the field and row. `row` is the 0-based index in the array; the
 * message and `DataError.row` give it 1-based, as everywhere in the library. @internal
 */
export function requireFinite(value: unknown, field: string, row: number, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new DataError(
      value === null || value === undefined || Number.isNaN(value) ? 'missing-value' : 'invalid-value',
      `${what} row ${row + 1}: '${field}' must be a finite number, got ${describeValue(value)}`,
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

/**
 * A non-empty string (finite numbers are turned into strings), or a DataError. `row` is the 0-based index
 * in the array; the message and `DataError.row` give it 1-based. @internal
 */
export function requireLabel(value: unknown, field: string, row: number, what: string): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string' || value.length === 0) {
    throw new DataError(
      value === null || value === undefined ? 'missing-value' : 'invalid-value',
      `${what} row ${row + 1}: '${field}' must be a non-empty string, got ${describeValue(value)}`,
      { column: field, row: row + 1 },
    );
  }
  return value;
}

/** A value for a message: strings quoted, objects named. @internal */
export function describeValue(v: unknown): string {
  if (typeof v === 'string') return v.length === 0 ? "''" : `'${v.length > 40 ? `${v.slice(0, 40)}…` : v}'`;
  if (Array.isArray(v)) return 'an array';
  if (v !== null && typeof v === 'object') return 'an object';
  return String(v);
}

/** A DataError('duplicate') when `key` was seen before (rows are 0-based indices). @internal */
export function noDuplicate(
  seen: Map<string, number>,
  key: string,
  field: string,
  row: number,
  what: string,
): void {
  const first = seen.get(key);
  if (first !== undefined) {
    throw new DataError(
      'duplicate',
      `${what} rows ${first + 1} and ${row + 1} both have ${field} '${key}': give each one row`,
      { column: field, row: row + 1 },
    );
  }
  seen.set(key, row);
}

/** How the time axis of a chart is drawn (from {@link timeAxis}). @internal */
export interface TimeAxis {
  readonly type: 'quantitative' | 'ordinal';
  readonly axis: Record<string, unknown>;
  readonly scale?: Record<string, unknown>;
}

/**
 * The `times` of a time chart: a non-empty array of distinct values, all finite numbers (years) or all
 * non-empty strings (labels such as '2022-01'); numbers are plotted on a linear axis without separators.
 * @internal
 */
export function timeAxis(times: unknown, what: string): TimeAxis {
  if (!Array.isArray(times)) {
    throw new DataError(
      'invalid-value',
      `${what}: 'times' must be an array of time points; got ${describeValue(times)}`,
      {
        column: 'times',
      },
    );
  }
  if (times.length === 0) throw new DataError('empty', `${what}: times is empty`, { column: 'times' });
  const seen = new Map<unknown, number>();
  times.forEach((t, i) => {
    const first = seen.get(t);
    if (first !== undefined) {
      throw new DataError(
        'duplicate',
        `${what}: times ${first + 1} and ${i + 1} are both ${describeValue(t)}; each time point must appear once`,
        { column: 'times', row: i + 1 },
      );
    }
    seen.set(t, i);
  });
  if (times.every((t) => typeof t === 'number' && Number.isFinite(t))) {
    const integers = (times as number[]).every((t) => Number.isInteger(t));
    return {
      type: 'quantitative',
      axis: integers ? { format: 'd', tickMinStep: 1 } : {},
      scale: { zero: false, nice: false },
    };
  }
  if (times.every((t) => typeof t === 'string' && t.length > 0)) {
    // Label about a dozen ticks: every January for monthly labels ('2022-01'), else every k-th.
    const labels = times as string[];
    const monthly = labels.every((t) => /^\d{4}-\d{2}$/.test(t));
    const step = Math.max(1, Math.ceil(labels.length / 12));
    const values = monthly
      ? labels.filter((t) => t.endsWith('-01'))
      : labels.filter((_, i) => i % step === 0);
    // Vega looks axis values up in a plain object, so a label such as 'constructor' among them breaks the
    // drawing: then let Vega thin the labels itself.
    if (values.some((v) => v in PLAIN))
      return { type: 'ordinal', axis: { labelAngle: 0, labelOverlap: true } };
    return { type: 'ordinal', axis: { labelAngle: 0, values } };
  }
  const bad = times.findIndex(
    (t) => !(typeof t === 'number' && Number.isFinite(t)) && !(typeof t === 'string' && t.length > 0),
  );
  throw new DataError(
    'invalid-value',
    bad >= 0
      ? `${what}: times ${bad + 1} is ${describeValue(times[bad])}; times must be all finite numbers (such as years) or all non-empty strings`
      : `${what}: times mixes numbers and strings; give all numbers (such as years) or all strings`,
    { column: 'times', ...(bad >= 0 ? { row: bad + 1 } : {}) },
  );
}

/**
 * The treatment time of a time chart: one of the string `times`, or a number within the range of the
 * numeric ones (a line outside the data would stretch the axis, or add a category, silently). @internal
 */
export function treatmentTimeOf(
  value: unknown,
  times: readonly unknown[],
  time: TimeAxis,
  what: string,
): number | string {
  if (time.type === 'ordinal') {
    if (typeof value === 'string' && times.includes(value)) return value;
  } else if (typeof value === 'number' && Number.isFinite(value)) {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const t of times as number[]) {
      if (t < lo) lo = t;
      if (t > hi) hi = t;
    }
    if (value >= lo && value <= hi) return value;
  }
  throw new DataError(
    'invalid-value',
    time.type === 'ordinal'
      ? `${what}: treatmentTime ${describeValue(value)} is not one of the times; give the label of the first treated time`
      : `${what}: treatmentTime ${describeValue(value)} must be a number within the times (the first treated time)`,
    { column: 'treatmentTime' },
  );
}

/** A series as long as `times` (an array or a typed array), or a DataError naming it. @internal */
export function requireLength(values: unknown, n: number, field: string, what: string): ArrayLike<unknown> {
  if (!Array.isArray(values) && !(ArrayBuffer.isView(values) && !(values instanceof DataView))) {
    throw new DataError(
      'invalid-value',
      `${what}: '${field}' must be an array; got ${describeValue(values)}`,
      {
        column: field,
      },
    );
  }
  const a = values as unknown as ArrayLike<unknown>;
  if (a.length !== n) {
    throw new DataError('length-mismatch', `${what}: '${field}' has ${a.length} values but times has ${n}`, {
      column: field,
    });
  }
  return a;
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

/** An optional text field of an input object, or its default. @internal */
export function textOrDefault(value: unknown, field: string, fallback: string, what: string): string {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'string' && value.length > 0) return value;
  throw new DataError(
    'invalid-value',
    `${what}: '${field}' must be a non-empty string; got ${describeValue(value)}`,
    {
      column: field,
    },
  );
}

/**
 * A label (or labels) as a literal of Vega's expression language: JSON with every character outside printable
 * ASCII escaped, so that any label (line breaks, U+2028, quotes, emoji) is read back exactly. A label that
 * names a property of plain objects (`constructor`, `toString`, `__proto__`) is written as a sum of
 * one-character strings: Vega looks string literals of an expression up in a plain object, and such a
 * literal breaks the drawing ("Operator not defined"). @internal
 */
export function expressionLiteral(labels: string | readonly string[]): string {
  const one = (label: string) => {
    const json = (t: string) =>
      JSON.stringify(t).replace(
        /[^\x20-\x7e]/g,
        (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
      );
    if (!(label in PLAIN)) return json(label);
    return `(${[...label].map(json).join(' + ')})`;
  };
  return typeof labels === 'string' ? one(labels) : `[${labels.map(one).join(',')}]`;
}

/** An empty plain object: its inherited names (`constructor`, `toString`...) are the ones to avoid. */
const PLAIN: Record<string, unknown> = {};
