import type { GroupComparison } from './compare-groups.js';

const VCOV_LABEL = { model: 'classical OLS', HC0: 'robust HC0', HC1: 'robust HC1' } as const;

/** Text view of a group comparison, shaped like S1 Tab 4.2-4.3. Internal to `src/outliers`. */
export function formatComparison(
  result: Pick<GroupComparison, 'options' | 'groups' | 'table' | 'skipped'>,
  onlySystematic: boolean,
): string {
  const shown = result.table.filter((r) => !onlySystematic || r.systematic);
  // Numbers right-aligned, stars in a fixed slot after them, as the study prints "0.93 ***".
  const numberWidth = Math.max(
    4,
    ...shown.flatMap((r) => [r.deficitEstimate.toFixed(2).length, r.surplusEstimate.toFixed(2).length]),
  );
  const coef = (estimate: number, stars: string) =>
    `${estimate.toFixed(2).padStart(numberWidth)} ${stars.padEnd(3)}`;
  const body = shown.map((r) => [
    r.indicator,
    coef(r.deficitEstimate, r.deficitStars),
    coef(r.surplusEstimate, r.surplusStars),
    r.differenceStars || '-',
    r.systematic ? 'yes' : 'no',
  ]);
  const dash = `${'-'.padStart(numberWidth)}    `;
  for (const s of result.skipped) body.push([s.indicator, dash, dash, '-', '(control)']);
  const header = ['Indicator', 'Deficit', 'Surplus', 'Difference', 'Systematic'];
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((row) => row[c].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => cell.padEnd(widths[c]))
      .join('  ')
      .trimEnd();
  const { deficit, surplus, comparison } = result.groups;
  const { controls, vcov, alpha } = result.options;
  const hidden = result.table.length - shown.length;
  return [
    'Deficit and surplus municipalities against the comparison group (coefficients in comparison-group SDs)',
    line(header),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...body.map(line),
    `n = ${deficit.length + surplus.length + comparison.length}: ${deficit.length} deficit, ${surplus.length} surplus, ${comparison.length} comparison; controls: ${controls.length ? controls.join(', ') : 'none'}; standard errors: ${VCOV_LABEL[vcov]}`,
    `* p<.10  ** p<.05  *** p<.01; Difference: F test of deficit = surplus; systematic at ${alpha}${hidden ? `; ${hidden} non-systematic indicator(s) not shown` : ''}`,
  ].join('\n');
}
