/**
 * Attach a `summary()`-style text view as a non-enumerable method, so the result stays plain data:
 * it serialises, clones (structuredClone, postMessage) and spreads without the view.
 */
export function withView<T extends object, K extends string, F extends (...args: never[]) => unknown>(
  result: T,
  name: K,
  view: F,
): T & { [P in K]: F } {
  Object.defineProperty(result, name, { value: view, enumerable: false });
  return result as T & { [P in K]: F };
}
