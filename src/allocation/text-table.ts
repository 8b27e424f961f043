/**
 * Render a plain-text table: first column left-aligned, the others right-aligned, two spaces between columns,
 * and a rule of dashes above the last row (the total). Shared by the allocation and evaluation summaries.
 * @internal
 */
export function textTable(header: readonly string[], body: readonly (readonly string[])[]): string {
  const widths = header.map((h, k) => Math.max(h.length, ...body.map((b) => b[k].length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, k) => (k === 0 ? c.padEnd(widths[k]) : c.padStart(widths[k]))).join('  ');
  if (body.length === 0) return line(header);
  return [
    line(header),
    ...body.slice(0, -1).map(line),
    line(widths.map((w) => '-'.repeat(w))),
    line(body[body.length - 1]),
  ].join('\n');
}
