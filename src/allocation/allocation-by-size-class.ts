import { formatFixed, formatPercent } from '../format/numbers.js';
import { labelledColumns, renderTextTable } from '../format/text-table.js';
import type { BudgetAllocation } from './allocate-budget.js';
import { compensatedSum } from './sums.js';

/** One size class (or the national total, `sizeClass: 'all'`) of an allocation. */
export interface SizeClassAllocation {
  readonly sizeClass: string;
  /** Number of municipalities in the class. */
  readonly municipalities: number;
  readonly inhabitants: number;
  /** Share of all inhabitants. */
  readonly inhabitantsShare: number;
  /** Mean objective weight (unweighted); not defined for an empty class (`null`). */
  readonly meanObjectiveWeight: number | null;
  readonly objectiveCents: number;
  readonly historicalCents: number;
  readonly dtiCents: number;
  readonly lksCents: number;
  readonly totalCents: number;
  /** Share of the regular budget (Σ of the members' budget shares). */
  readonly budgetShare: number;
}

/**
 * Tidy rows of an allocation by size class (one row per class, in class order, empty classes included),
 * followed by a national row with `sizeClass: 'all'`. Cents add up exactly across the rows.
 *
 * @param allocation - A result of allocateBudget.
 * @returns Rows for tables and charts (e.g. S0 Fig 3.1: G4 budget share vs share of inhabitants).
 * @example
 * ```ts
 * import { type AllocateBudgetInput, allocateBudget, allocationBySizeClass } from 'verdeelmodel/allocation';
 * declare const input: AllocateBudgetInput; // see allocateBudget
 * allocationBySizeClass(allocateBudget(input)).at(-1)?.totalCents; // => the macro budget in cents
 * ```
 */
export function allocationBySizeClass(allocation: BudgetAllocation): SizeClassAllocation[] {
  const { labels } = allocation.options.sizeClasses;
  const all = allocation.municipalities;
  const totalInhabitants = compensatedSum(all.map((m) => m.inhabitants));
  const row = (sizeClass: string, members: typeof all): SizeClassAllocation => {
    const sumCents = (key: 'objectiveCents' | 'historicalCents' | 'dtiCents' | 'lksCents' | 'totalCents') =>
      members.reduce((s, m) => s + m[key], 0);
    const inhabitants = compensatedSum(members.map((m) => m.inhabitants));
    return {
      sizeClass,
      municipalities: members.length,
      inhabitants,
      inhabitantsShare: inhabitants / totalInhabitants,
      meanObjectiveWeight:
        members.length > 0 ? compensatedSum(members.map((m) => m.objectiveWeight)) / members.length : null,
      objectiveCents: sumCents('objectiveCents'),
      historicalCents: sumCents('historicalCents'),
      dtiCents: sumCents('dtiCents'),
      lksCents: sumCents('lksCents'),
      totalCents: sumCents('totalCents'),
      budgetShare: compensatedSum(members.map((m) => m.budgetShare)),
    };
  };
  return [
    ...labels.map((label) =>
      row(
        label,
        all.filter((m) => m.sizeClass === label),
      ),
    ),
    row('all', all),
  ];
}

/**
 * A plain-text table of an allocation by size class: municipalities, inhabitants share, the four parts, the
 * total and the budget share. Amounts are in € million when the macro budget is at least €10 million, else in
 * euros.
 *
 * @param allocation - A result of allocateBudget.
 * @returns The table, lines separated by `\n`.
 * @example
 * ```ts
 * import { type AllocateBudgetInput, allocateBudget, summarizeAllocation } from 'verdeelmodel/allocation';
 * declare const input: AllocateBudgetInput; // see allocateBudget
 * console.log(summarizeAllocation(allocateBudget(input)));
 * ```
 */
export function summarizeAllocation(allocation: BudgetAllocation): string {
  const rows = allocationBySizeClass(allocation);
  const millions = allocation.totals.macroBudget >= 1e7;
  const money = (c: number) =>
    millions
      ? formatFixed(c / 1e8, { decimals: 1, groupMark: ',' })
      : formatFixed(c / 100, { decimals: 2, groupMark: ',' });
  const pct = (x: number) => formatPercent(x);
  const unit = millions ? '€ m' : '€';
  const header = [
    'size class',
    'n',
    'pop share',
    `objective ${unit}`,
    `historical ${unit}`,
    `DTI ${unit}`,
    `LKS ${unit}`,
    `total ${unit}`,
    'budget share',
  ];
  const body = rows.map((r) => [
    r.sizeClass,
    String(r.municipalities),
    pct(r.inhabitantsShare),
    money(r.objectiveCents),
    money(r.historicalCents),
    money(r.dtiCents),
    money(r.lksCents),
    money(r.totalCents),
    pct(r.budgetShare),
  ]);
  const o = allocation.options;
  return [
    `Budget allocation by size class: macro budget ${unit} ${money(allocation.totals.macroBudgetCents)} ` +
      `(LKS ${money(allocation.totals.lksCents)}, DTI ${money(allocation.totals.dtiCents)}); ` +
      `objective weight ${o.objectiveWeight.lower}-${o.objectiveWeight.upper} inhabitants, ` +
      `inhabitants correction '${o.inhabitantsCorrection}', pool split '${o.poolSplit}'`,
    // The national row ('all') is the total, under a rule.
    renderTextTable({
      columns: labelledColumns(header),
      rows: body.slice(0, -1),
      total: body.at(-1),
      headerRule: false,
    }),
  ].join('\n');
}
