/** Options of {@link toJson}. */
export interface ToJsonOptions {
  /** Indentation passed to `JSON.stringify`. @default 2 */
  readonly space?: number | string;
}

function plain(_key: string, value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return Number(value);
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return Array.from(value as unknown as ArrayLike<number | bigint>, (v) =>
      typeof v === 'bigint' ? Number(v) : Number.isFinite(v) ? v : null,
    );
  }
  if (value instanceof Map) return Object.fromEntries(value);
  if (value instanceof Set) return [...value];
  return value;
}

/**
 * Serialise a result (a fit, a table, rows) to JSON that other tools read: typed arrays become arrays,
 * NaN and ±Infinity become `null` (JSON has no such numbers), BigInts numbers, Maps objects, Sets arrays;
 * methods such as `tidy()` are left out, as `JSON.stringify` does.
 *
 * @example
 * ```ts
 * import { toJson } from 'verdeelmodel/data';
 * toJson({ estimate: new Float64Array([0.5, Number.NaN]) }, { space: 0 });
 * // => '{"estimate":[0.5,null]}'
 * ```
 */
export function toJson(value: unknown, options: ToJsonOptions = {}): string {
  return JSON.stringify(value, plain, options.space ?? 2);
}
