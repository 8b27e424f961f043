import { SpecError } from '../errors.js';
import { checkOptions, integerIn, oneOf } from '../internal/options.js';
import {
  type BalanceTable,
  type MunicipalityBalance,
  resolveYears,
  summarize,
  type YearlyBalance,
} from './balances.js';
import { OutlierInputError } from './errors.js';
import { yearsOption } from './options.js';
import { idKey, type UnitId } from './records.js';

/** Options of {@link selectExtremes}. */
export interface SelectExtremesOptions {
  /** Size of each group (S1: the 15 largest deficits and the 15 largest surpluses). @default 15 */
  readonly n?: number;
  /**
   * Ranking measure: `'average'` = mean of the yearly balance ratios (S1 Tab 2.1, DOMAIN D.2 default);
   * `'cumulative'` = amount-based `(Σ budget − Σ spending) / Σ budget`. @default 'average'
   */
  readonly by?: 'average' | 'cumulative';
  /** Sub-window of the balance table's years to rank on. @default all years of the balance table */
  readonly years?: readonly number[];
}

/** One selected municipality. */
export interface ExtremeMember {
  readonly municipality: UnitId;
  /** 1 = largest deficit (or surplus). */
  readonly rank: number;
  /** The ranking value (a fraction; negative for deficits). */
  readonly value: number;
  /** Inhabitants in the balance table's `inhabitantsYear` (null without an inhabitants column). */
  readonly inhabitants: number | null;
}

/** Result of {@link selectExtremes}. */
export interface ExtremeSelection {
  readonly options: {
    readonly n: number;
    readonly by: 'average' | 'cumulative';
    readonly years: readonly number[];
  };
  /** The ranking window (also used by {@link comparisonGroup} by default). */
  readonly years: readonly number[];
  /** The `n` largest deficits ("tekortgemeenten"), most negative first. */
  readonly deficit: readonly ExtremeMember[];
  /** The `n` largest surpluses ("overschotgemeenten"), largest first. */
  readonly surplus: readonly ExtremeMember[];
}

/**
 * Select the deficit group and the surplus group: the `n` municipalities with the largest multi-year
 * deficit and the `n` with the largest surplus (S1 §2.1, Tab 2.1; DOMAIN D.2). Ties are broken by the
 * municipality id so the selection is reproducible.
 *
 * @param table - output of {@link balances} (already restricted to the municipalities of interest)
 * @param options - group size, ranking measure and window
 * @returns both groups with their ranking values
 * @throws {OutlierInputError} `out-of-range` for a year outside the table, `too-few-rows` when fewer than
 *   `n` municipalities have a deficit (or a surplus)
 * @example
 * ```ts
 * import { balances, type RecordsInput, selectExtremes } from 'verdeelmodel/outliers';
 * declare const rows: RecordsInput; // one row per municipality and year (see balances)
 * const sel = selectExtremes(balances(rows, { minInhabitants: 40_000 }), { n: 15 });
 * sel.deficit[0]?.municipality; // => the municipality with the largest mean deficit
 * ```
 */
export function selectExtremes(table: BalanceTable, options: SelectExtremesOptions = {}): ExtremeSelection {
  const { n, by, years: requested } = resolveSelectExtremesOptions(options);
  checkBalanceTable(table, 'selectExtremes');
  const years = resolveYears(requested, new Set(table.years));
  const units = summariesFor(table, years);
  const value = (u: MunicipalityBalance) => (by === 'average' ? u.meanBalance : u.cumulativeBalance);
  const ranked = units.map((u) => ({ unit: u, value: value(u) }));
  const byId = (a: { unit: MunicipalityBalance }, b: { unit: MunicipalityBalance }) =>
    idKey(a.unit.municipality) < idKey(b.unit.municipality) ? -1 : 1;
  const deficits = ranked.filter((r) => r.value < 0).sort((a, b) => a.value - b.value || byId(a, b));
  const surpluses = ranked.filter((r) => r.value > 0).sort((a, b) => b.value - a.value || byId(a, b));
  for (const [label, list] of [
    ['deficit', deficits],
    ['surplus', surpluses],
  ] as const) {
    if (list.length < n) {
      throw new OutlierInputError(
        'too-few-rows',
        `selectExtremes: only ${list.length} of ${units.length} municipalities have a ${label} over ${years.join(', ')} (by '${by}'); ask for n <= ${list.length}`,
      );
    }
  }
  const take = (list: typeof ranked) =>
    list.slice(0, n).map((r, k) => ({
      municipality: r.unit.municipality,
      rank: k + 1,
      value: r.value,
      inhabitants: r.unit.inhabitants,
    }));
  return { options: { n, by, years }, years, deficit: take(deficits), surplus: take(surpluses) };
}

/** Per-municipality summaries over `years` (re-computed when it is a sub-window of the table). */
export function summariesFor(table: BalanceTable, years: readonly number[]): readonly MunicipalityBalance[] {
  if (years.length === table.years.length) return table.municipalities;
  const wanted = new Set(years);
  const rowsById = new Map<string, YearlyBalance[]>();
  for (const row of table.yearly) {
    if (!wanted.has(row.year)) continue;
    const list = rowsById.get(idKey(row.municipality));
    if (list) list.push(row);
    else rowsById.set(idKey(row.municipality), [row]);
  }
  return table.municipalities.map((u) =>
    summarize(
      u.municipality,
      u.inhabitants,
      rowsById.get(idKey(u.municipality)) ?? [],
      'selectExtremes',
      table.options.budget,
    ),
  );
}

/** Check the options of {@link selectExtremes} once. */
export function resolveSelectExtremesOptions(options: SelectExtremesOptions): {
  readonly n: number;
  readonly by: 'average' | 'cumulative';
  readonly years: readonly number[] | undefined;
} {
  const fn = 'selectExtremes';
  const o = checkOptions(options, ['n', 'by', 'years'], fn);
  return {
    n: o.n === undefined ? 15 : integerIn(o.n, 1, Number.MAX_SAFE_INTEGER, 'n', fn),
    by: o.by === undefined ? 'average' : oneOf(o.by, ['average', 'cumulative'], 'by', fn),
    years: yearsOption(o.years, fn),
  };
}

/** A balance table must come from {@link balances} (a plain object with its fields is fine). */
export function checkBalanceTable(table: BalanceTable, fn: string): void {
  if (
    table === null ||
    typeof table !== 'object' ||
    !Array.isArray(table.years) ||
    !Array.isArray(table.yearly) ||
    !Array.isArray(table.municipalities)
  ) {
    throw new SpecError('invalid-option', `${fn}: the first argument must be the result of balances()`, {
      option: 'table',
    });
  }
}
