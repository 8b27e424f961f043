import { formatFixed, formatPercent } from '../format/numbers.js';
import { labelledColumns, renderTextTable } from '../format/text-table.js';
import type { BudgetShareChange } from './budget-share-change.js';
import type { BudgetSpendingDeviation } from './budget-spending-deviation.js';
import type { DeviationPersistence } from './deviation-persistence.js';
import type { SizeClassStatistic } from './group-statistics.js';

/** The evaluation statistics of one size class (or `'all'`); null where not computed or not defined. */
export interface SizeClassEvaluation {
  readonly sizeClass: string;
  /** Number of municipalities (from the first statistic given). */
  readonly n: number;
  /** MAPC, mean absolute budget-share change. */
  readonly meanAbsoluteChange: number | null;
  /** MAD, mean absolute deviation of budget share from spending share. */
  readonly meanAbsoluteDeviation: number | null;
  /** R² of this year's deviations on last year's. */
  readonly persistenceRSquared: number | null;
}

/** The statistics to combine; any may be left out. */
export interface EvaluationStatistics {
  readonly shareChange?: BudgetShareChange;
  readonly deviation?: BudgetSpendingDeviation;
  readonly persistence?: DeviationPersistence;
}

/**
 * Combine the evaluation statistics into one tidy table by size class, with a final `'all'` row, as in S0
 * Fig 3.2 and 4.1. The statistics must use the same size classes (they do by default).
 *
 * @param stats - Results of budgetShareChange, budgetSpendingDeviation and deviationPersistence.
 * @returns One row per size class, then the national row.
 * @example
 * ```ts
 * import type { BudgetShareChange, BudgetSpendingDeviation, DeviationPersistence } from 'verdeelmodel/allocation';
 * import { evaluationBySizeClass } from 'verdeelmodel/allocation';
 * declare const shareChange: BudgetShareChange; // budgetShareChange(...)
 * declare const deviation: BudgetSpendingDeviation; // budgetSpendingDeviation(...)
 * declare const persistence: DeviationPersistence; // deviationPersistence(...)
 * evaluationBySizeClass({ shareChange, deviation, persistence }).at(-1);
 * // => { sizeClass: 'all', n: 342, meanAbsoluteChange: 0.048, meanAbsoluteDeviation: 0.067, persistenceRSquared: 0.7 }
 * ```
 */
export function evaluationBySizeClass(stats: EvaluationStatistics): SizeClassEvaluation[] {
  const { shareChange, deviation, persistence } = stats;
  const first = shareChange ?? deviation ?? persistence;
  if (!first) return [];
  const find = (list: readonly SizeClassStatistic[] | undefined, label: string) =>
    list?.find((s) => s.sizeClass === label);
  const labels = first.options.sizeClasses.labels;
  const rows: SizeClassEvaluation[] = labels.map((label) => {
    const c = find(shareChange?.bySizeClass, label);
    const d = find(deviation?.bySizeClass, label);
    const p = find(persistence?.bySizeClass, label);
    return {
      sizeClass: label,
      n: (c ?? d ?? p)?.n ?? 0,
      meanAbsoluteChange: c?.value ?? null,
      meanAbsoluteDeviation: d?.value ?? null,
      persistenceRSquared: p?.value ?? null,
    };
  });
  rows.push({
    sizeClass: 'all',
    n: shareChange?.municipalities.length ?? deviation?.municipalities.length ?? persistence?.overall.n ?? 0,
    meanAbsoluteChange: shareChange?.meanAbsoluteChange ?? null,
    meanAbsoluteDeviation: deviation?.meanAbsoluteDeviation ?? null,
    persistenceRSquared: persistence?.overall.rSquared ?? null,
  });
  return rows;
}

/**
 * The evaluation table as plain text: MAPC and MAD in percent, R² with two decimals, `-` where not defined.
 *
 * @param stats - Results of the evaluation statistics.
 * @returns The table, lines separated by `\n`.
 * @example
 * ```ts
 * import type { BudgetShareChange, BudgetSpendingDeviation, DeviationPersistence } from 'verdeelmodel/allocation';
 * import { summarizeEvaluation } from 'verdeelmodel/allocation';
 * declare const shareChange: BudgetShareChange;
 * declare const deviation: BudgetSpendingDeviation;
 * declare const persistence: DeviationPersistence;
 * console.log(summarizeEvaluation({ shareChange, deviation, persistence }));
 * ```
 */
export function summarizeEvaluation(stats: EvaluationStatistics): string {
  const rows = evaluationBySizeClass(stats);
  const pct = (x: number | null) => (x === null ? '-' : formatPercent(x));
  const header = ['size class', 'n', 'share change (MAPC)', 'deviation (MAD)', 'R² deviations'];
  const body = rows.map((r) => [
    r.sizeClass,
    String(r.n),
    pct(r.meanAbsoluteChange),
    pct(r.meanAbsoluteDeviation),
    r.persistenceRSquared === null ? '-' : formatFixed(r.persistenceRSquared),
  ]);
  // The national row ('all') is the total, under a rule.
  return renderTextTable({
    columns: labelledColumns(header),
    rows: body.slice(0, -1),
    total: body.at(-1),
    headerRule: false,
  });
}
