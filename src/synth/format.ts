import { withView } from '../internal/with-summary.js';

/** Attach a `summary()` text view as a non-enumerable method, so the data still serialises cleanly. */
export function withSummary<T extends object>(
  result: T,
  summary: (r: T) => string,
): T & { summary(): string } {
  return withView(result, 'summary', () => summary(result));
}
