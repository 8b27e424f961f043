/**
 * Column names are data: a file or a caller may name a column `__proto__`, `constructor` or `toString`.
 * These helpers read and write such names as own properties only, never through the prototype.
 */

/** Set `obj[key]` as an own, enumerable property, even for `__proto__` (a plain assignment would set the prototype). @internal */
export function setOwn<T>(obj: { [key: string]: T }, key: string, value: T): void {
  Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
}

/** `obj[key]` when `key` is an own property of `obj`, else undefined (`({}).constructor` is not a column). @internal */
export function ownValue<T>(obj: { readonly [key: string]: T } | undefined, key: string): T | undefined {
  return obj !== undefined && obj !== null && Object.hasOwn(obj, key) ? obj[key] : undefined;
}
