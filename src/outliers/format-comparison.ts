import { formatFixed } from '../format/numbers.js';
import { significanceCodesLegend } from '../format/stars.js';
import { renderTextTable } from '../format/text-table.js';
import { vcovShortLabel } from '../inference/registry.js';
import type { GroupComparison } from './compare-groups.js';

/** Text view of a group comparison, shaped like S1 Tab 4.2-4.3. Internal to `src/outliers`. */
export function formatComparison(
  result: Pick<GroupComparison, 'options' | 'groups' | 'table' | 'skipped'>,
  onlySystematic: boolean,
): string {
  const shown = result.table.filter((r) => !onlySystematic || r.systematic);
  // Numbers right-aligned, stars in a fixed slot after them, as the study prints "0.93 ***": one cell, so
  // the header spans both.
  const numberWidth = Math.max(
    4,
    ...shown.flatMap((r) => [formatFixed(r.deficitEstimate).length, formatFixed(r.surplusEstimate).length]),
  );
  const coef = (estimate: number, stars: string) =>
    `${formatFixed(estimate).padStart(numberWidth)} ${stars.padEnd(3)}`;
  const body = shown.map((r) => [
    r.indicator,
    coef(r.deficitEstimate, r.deficitStars),
    coef(r.surplusEstimate, r.surplusStars),
    r.differenceStars || '-',
    r.systematic ? 'yes' : 'no',
  ]);
  const dash = `${'-'.padStart(numberWidth)}    `;
  for (const s of result.skipped) body.push([s.indicator, dash, dash, '-', '(control)']);
  const { deficit, surplus, comparison } = result.groups;
  const { controls, vcov, level } = result.options;
  const alpha = Number((1 - level).toPrecision(15));
  const hidden = result.table.length - shown.length;
  return renderTextTable({
    title:
      'Deficit and surplus municipalities against the comparison group (coefficients in comparison-group SDs)',
    columns: ['Indicator', 'Deficit', 'Surplus', 'Difference', 'Systematic'],
    rows: body,
    footers: [
      `n = ${deficit.length + surplus.length + comparison.length}: ${deficit.length} deficit, ${surplus.length} surplus, ${comparison.length} comparison; controls: ${controls.length ? controls.join(', ') : 'none'}; standard errors: ${vcovShortLabel(vcov, 'ols')}`,
      `${significanceCodesLegend({ style: 'notes' })}; Difference: F test of deficit = surplus; systematic at ${alpha}${hidden ? `; ${hidden} non-systematic indicator(s) not shown` : ''}`,
    ],
  });
}
