import { withView } from '../internal/with-summary.js';

/** Format a number for text tables: fixed decimals, or exponent notation when tiny or huge. */
export function fmt(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 10 ** -digits || a >= 1e9)) return x.toExponential(2);
  return x.toFixed(digits);
}

/** Render rows as a plain-text table with right-aligned numeric columns. */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Attach a `summary()` text view as a non-enumerable method, so the data still serialises cleanly. */
export function withSummary<T extends object>(
  result: T,
  summary: (r: T) => string,
): T & { summary(): string } {
  return withView(result, 'summary', () => summary(result));
}
