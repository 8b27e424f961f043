import { SpecError } from '../errors.js';
import type { VegaLiteSpec } from './types.js';

/** Vega-Lite's marks: the primitive ones and the composite boxplot, errorbar, errorband. @internal */
export const MARKS = [
  'arc',
  'area',
  'bar',
  'image',
  'line',
  'point',
  'rect',
  'rule',
  'text',
  'tick',
  'trail',
  'circle',
  'square',
  'geoshape',
  'boxplot',
  'errorbar',
  'errorband',
] as const;

/** Vega-Lite's field types. @internal */
export const FIELD_TYPES = ['quantitative', 'ordinal', 'temporal', 'nominal', 'geojson'] as const;

/** Keys that make a (sub)spec a chart: a mark, or a composition of charts. */
const VIEW_KEYS = ['mark', 'layer', 'vconcat', 'hconcat', 'concat', 'facet', 'repeat'] as const;
const ARRAY_KEYS = ['layer', 'vconcat', 'hconcat', 'concat'] as const;

function quoted(v: unknown): string {
  if (typeof v === 'string') return `'${v}'`;
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : String(v);
}

/**
 * Checks what Vega-Lite would otherwise reject with an internal message ("Cannot read properties of
 * undefined (reading 'filled')" for an unknown mark): the spec is an object that holds a chart, every `mark`
 * is one of {@link MARKS}, every encoding `type` one of {@link FIELD_TYPES}. The message names the place in
 * the spec (`layer[1].mark`) and the allowed values. @internal
 */
export function checkChartSpec(spec: unknown, where: string): VegaLiteSpec {
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
    throw new SpecError(
      'invalid-chart',
      `${where}: a chart spec must be a Vega-Lite object; got ${quoted(spec)}`,
    );
  }
  // The charts being checked, outermost first: one object may appear twice (a shared layer), not inside itself.
  const open = new Set<object>();
  const fail = (path: string, what: string) => {
    throw new SpecError('invalid-chart', `${where}: ${path}: ${what}`);
  };
  const checkEncoding = (encoding: unknown, path: string) => {
    if (encoding === undefined) return;
    if (encoding === null || typeof encoding !== 'object' || Array.isArray(encoding)) {
      fail(path, `encoding must be an object of channels; got ${quoted(encoding)}`);
    }
    for (const channel of Object.keys(encoding as object)) {
      const def = (encoding as Record<string, unknown>)[channel];
      const defs = Array.isArray(def) ? def : [def];
      defs.forEach((d, k) => {
        if (d === null || typeof d !== 'object' || !Object.hasOwn(d, 'type')) return;
        const type = (d as Record<string, unknown>).type;
        // An absent type (undefined drops out of JSON too) is inferred by Vega-Lite.
        if (type !== undefined && !(FIELD_TYPES as readonly unknown[]).includes(type)) {
          const at = `${path}.${channel}${Array.isArray(def) ? `[${k}]` : ''}.type`;
          fail(at, `unknown field type ${quoted(type)}; the types are ${FIELD_TYPES.join(', ')}`);
        }
      });
    }
  };
  const checkView = (node: unknown, path: string, depth: number) => {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) {
      fail(path, `must be a chart (an object with a mark or a composition); got ${quoted(node)}`);
    }
    const o = node as Record<string, unknown>;
    if (open.has(o)) fail(path, 'the spec holds itself (a cycle); a chart spec must be plain JSON');
    open.add(o);
    if (depth > 64) fail(path, 'charts nested more than 64 deep');
    if (!VIEW_KEYS.some((k) => Object.hasOwn(o, k))) {
      fail(path, `a chart needs one of ${VIEW_KEYS.join(', ')}`);
    }
    if (Object.hasOwn(o, 'mark')) {
      const mark = o.mark;
      const type =
        mark !== null && typeof mark === 'object' && !Array.isArray(mark)
          ? (mark as { type?: unknown }).type
          : mark;
      if (!(MARKS as readonly unknown[]).includes(type)) {
        fail(
          typeof mark === 'object' && mark !== null ? `${path}.mark.type` : `${path}.mark`,
          `unknown mark ${quoted(type)}; the marks are ${MARKS.join(', ')}`,
        );
      }
      checkEncoding(o.encoding, `${path}.encoding`);
    }
    for (const key of ARRAY_KEYS) {
      if (!Object.hasOwn(o, key)) continue;
      const list = o[key];
      if (!Array.isArray(list)) fail(`${path}.${key}`, `must be an array of charts; got ${quoted(list)}`);
      for (const [i, child] of (list as unknown[]).entries())
        checkView(child, `${path}.${key}[${i}]`, depth + 1);
    }
    if ((Object.hasOwn(o, 'facet') || Object.hasOwn(o, 'repeat')) && Object.hasOwn(o, 'spec')) {
      checkView(o.spec, `${path}.spec`, depth + 1);
    }
    open.delete(o);
  };
  checkView(spec, 'spec', 0);
  return spec as VegaLiteSpec;
}
