import { SpecError } from '../errors.js';
import { checkOptions, integerIn, numberIn } from '../internal/options.js';
import { cumulativeBalance } from './cumulative-balance.js';
import { OutlierInputError } from './errors.js';
import { meanYearlyBalance } from './mean-yearly-balance.js';
import { columnOption, yearsOption } from './options.js';
import { indexPanel, requireRow } from './panel.js';
import {
  idKey,
  numberAt,
  type RecordsInput,
  readFrame,
  readNumbers,
  showId,
  type UnitId,
} from './records.js';
import { gapRatio } from './stable.js';
import { sumAbsoluteBalance } from './sum-absolute-balance.js';

/** Options of {@link balances}. */
export interface BalancesOptions {
  /** Column with the municipality id. @default 'municipality' */
  readonly municipality?: string;
  /** Column with the (integer) year. @default 'year' */
  readonly year?: string;
  /** Column with the definitive budget. @default 'budget' */
  readonly budget?: string;
  /** Column with net spending (expenditure minus receipts, "bestedingen minus baten"). @default 'spending' */
  readonly spending?: string;
  /** Column with the number of inhabitants (needed for `minInhabitants` and for size classes). @default 'inhabitants' */
  readonly inhabitants?: string;
  /** The window of years; every municipality must have a row for each. @default every year in the rows */
  readonly years?: readonly number[];
  /**
   * Keep only municipalities with strictly more inhabitants than this in `inhabitantsYear`; S1 uses 40,000
   * (the fully objectively budgeted municipalities). @default undefined (no restriction)
   */
  readonly minInhabitants?: number;
  /** The year whose inhabitants are used (S1: 2020, the last year). @default the last year of the window */
  readonly inhabitantsYear?: number;
}

/** Resolved options, as stored on the result. */
export interface ResolvedBalancesOptions {
  readonly municipality: string;
  readonly year: string;
  readonly budget: string;
  readonly spending: string;
  readonly inhabitants: string;
  readonly years: readonly number[];
  readonly minInhabitants: number | null;
  readonly inhabitantsYear: number;
}

/** One municipality-year. */
export interface YearlyBalance {
  readonly municipality: UnitId;
  readonly year: number;
  readonly budget: number;
  readonly spending: number;
  /** `(budget − spending) / budget` (+ = surplus "overschot", − = deficit "tekort"). */
  readonly balance: number;
}

/** The multi-year summaries of one municipality over the window (kept distinct, DOMAIN §6). */
export interface MunicipalityBalance {
  readonly municipality: UnitId;
  /** Inhabitants in `inhabitantsYear`, or null when the rows have no inhabitants column. */
  readonly inhabitants: number | null;
  /** Mean of the yearly ratios (S1 Tab 2.1 "gemiddeld tekort/overschot"). */
  readonly meanBalance: number;
  /** Sum of the absolute yearly ratios (S1 comparison-group criterion). */
  readonly sumAbsoluteBalance: number;
  /** Amount-based `(Σ budget − Σ spending) / Σ budget` (S4 fn 58). */
  readonly cumulativeBalance: number;
  /** `Σ budget − Σ spending`, in the currency of the input. */
  readonly cumulativeAmount: number;
}

/** Result of {@link balances}. */
export interface BalanceTable {
  readonly options: ResolvedBalancesOptions;
  /** The window, ascending. */
  readonly years: readonly number[];
  /** Municipality-years in the window, by municipality (first-appearance order), then year. */
  readonly yearly: readonly YearlyBalance[];
  /** One entry per retained municipality, in first-appearance order. */
  readonly municipalities: readonly MunicipalityBalance[];
  /** Municipalities dropped by `minInhabitants`, with their inhabitants. */
  readonly excluded: readonly { readonly municipality: UnitId; readonly inhabitants: number }[];
}

/**
 * Budget balances ("saldi") per municipality and year, with their multi-year summaries (DOMAIN D.1-D.2).
 * `balance = (budget − net spending) / budget`: positive is a surplus, negative a deficit. The panel must
 * be balanced over the window; municipalities at or below `minInhabitants` are dropped (S1 keeps only the
 * fully objectively budgeted municipalities above 40,000 inhabitants). Budgets up to the largest double
 * (1.7e308) give finite balances and summaries; an answer that is itself beyond the range of doubles is
 * a `too-large` error naming the municipality.
 *
 * @param rows - one row per municipality-year (row objects, a column object, an arquero table or a Frame)
 * @param options - column names, window and inhabitants restriction
 * @returns yearly balances and per-municipality summaries
 * @throws {OutlierInputError} `out-of-range` (a window year absent from the data), `unbalanced-panel`
 *   (a municipality without a window year), `duplicate`, `invalid-value` (a budget ≤ 0, text in a number
 *   column), `missing-value`, `not-finite`, `missing-column`, `too-large`
 * @throws {SpecError} `unknown-option`, `invalid-option`
 * @example
 * ```ts
 * import { balances } from 'verdeelmodel/outliers';
 * const b = balances([
 *   { municipality: 'A', year: 2019, budget: 100, spending: 110 },
 *   { municipality: 'A', year: 2020, budget: 100, spending: 90 },
 * ]);
 * b.municipalities[0]?.meanBalance; // => 0
 * b.municipalities[0]?.sumAbsoluteBalance; // => 0.2
 * ```
 */
export function balances(rows: RecordsInput, options: BalancesOptions = {}): BalanceTable {
  const fn = 'balances';
  const opts = resolveBalancesOptions(options);
  const frame = readFrame(rows, fn);
  const panel = indexPanel(frame, opts.municipality, opts.year, fn);
  const dataYears = panel.years;
  const years = resolveYears(opts.years, dataYears);
  const inhabitantsYear = opts.inhabitantsYear ?? (years[years.length - 1] as number);
  if (!dataYears.has(inhabitantsYear)) {
    throw new OutlierInputError(
      'out-of-range',
      `${fn}: inhabitantsYear ${inhabitantsYear} is not in the data (years ${[...dataYears].sort((a, b) => a - b).join(', ')})`,
      { year: inhabitantsYear },
    );
  }
  const { minInhabitants } = opts;
  const hasInhabitants = frame.has(opts.inhabitants);
  if (minInhabitants !== null && !hasInhabitants) {
    throw new OutlierInputError(
      'missing-column',
      `${fn}: minInhabitants needs an inhabitants column '${opts.inhabitants}'`,
      { column: opts.inhabitants },
    );
  }
  const budgetValues = readNumbers(frame, opts.budget, fn, 'budgets');
  const spendingValues = readNumbers(frame, opts.spending, fn, 'spending amounts');
  const inhabitantValues = hasInhabitants ? readNumbers(frame, opts.inhabitants, fn, 'inhabitants') : null;

  const yearly: YearlyBalance[] = [];
  const municipalities: MunicipalityBalance[] = [];
  const excluded: { municipality: UnitId; inhabitants: number }[] = [];
  for (const id of panel.ids) {
    let inhabitants: number | null = null;
    if (inhabitantValues !== null) {
      const row = panel.rows.get(idKey(id))?.get(inhabitantsYear);
      if (row === undefined) {
        throw new OutlierInputError(
          'unbalanced-panel',
          `${fn}: municipality ${showId(id)} has no row for inhabitantsYear ${inhabitantsYear}, so its inhabitants are unknown`,
          { municipality: id, year: inhabitantsYear },
        );
      }
      inhabitants = numberAt(inhabitantValues, opts.inhabitants, fn, {
        index: row,
        municipality: id,
        year: inhabitantsYear,
      });
    }
    if (minInhabitants !== null && inhabitants !== null && !(inhabitants > minInhabitants)) {
      excluded.push({ municipality: id, inhabitants });
      continue;
    }
    const unitRows: YearlyBalance[] = [];
    for (const year of years) {
      const i = requireRow(panel, id, year, years, fn);
      const at = { index: i, municipality: id, year };
      const budget = numberAt(budgetValues, opts.budget, fn, at);
      const spending = numberAt(spendingValues, opts.spending, fn, at);
      const where = { row: i + 1, municipality: id, year, column: opts.budget };
      if (!(budget > 0)) {
        throw new OutlierInputError(
          'invalid-value',
          `${fn}: municipality ${showId(id)}, year ${year}: budget is ${budget}; a balance needs a positive budget`,
          where,
        );
      }
      const balance = gapRatio(budget, spending, budget);
      if (!Number.isFinite(balance)) {
        throw new OutlierInputError(
          'too-large',
          `${fn}: municipality ${showId(id)}, year ${year}: (budget − spending) / budget is beyond the range of doubles (budget ${budget}, spending ${spending}); check the budget's unit`,
          where,
        );
      }
      unitRows.push({ municipality: id, year, budget, spending, balance });
    }
    yearly.push(...unitRows);
    municipalities.push(summarize(id, inhabitants, unitRows, fn, opts.budget));
  }
  return {
    options: { ...opts, years, inhabitantsYear },
    years,
    yearly,
    municipalities,
    excluded,
  };
}

/** Check the options of {@link balances} once: known keys, column names, the window, the restriction. */
export function resolveBalancesOptions(options: BalancesOptions): Omit<
  ResolvedBalancesOptions,
  'years' | 'inhabitantsYear'
> & {
  readonly years: readonly number[] | undefined;
  readonly inhabitantsYear: number | undefined;
} {
  const fn = 'balances';
  const o = checkOptions(options, BALANCES_OPTIONS, fn);
  return {
    municipality: columnOption(o.municipality, 'municipality', 'municipality', fn),
    year: columnOption(o.year, 'year', 'year', fn),
    budget: columnOption(o.budget, 'budget', 'budget', fn),
    spending: columnOption(o.spending, 'spending', 'spending', fn),
    inhabitants: columnOption(o.inhabitants, 'inhabitants', 'inhabitants', fn),
    years: yearsOption(o.years, fn),
    minInhabitants:
      o.minInhabitants === undefined
        ? null
        : numberIn(
            o.minInhabitants,
            Number.NEGATIVE_INFINITY,
            Number.POSITIVE_INFINITY,
            'minInhabitants',
            fn,
          ),
    inhabitantsYear:
      o.inhabitantsYear === undefined
        ? undefined
        : integerIn(
            o.inhabitantsYear,
            Number.MIN_SAFE_INTEGER,
            Number.MAX_SAFE_INTEGER,
            'inhabitantsYear',
            fn,
          ),
  };
}

const BALANCES_OPTIONS = [
  'municipality',
  'year',
  'budget',
  'spending',
  'inhabitants',
  'years',
  'minInhabitants',
  'inhabitantsYear',
] as const;

/** The multi-year summaries of one municipality's yearly rows; errors name the municipality. */
export function summarize(
  municipality: UnitId,
  inhabitants: number | null,
  rows: readonly YearlyBalance[],
  fn: string,
  budgetColumn: string,
): MunicipalityBalance {
  const ratios = rows.map((r) => r.balance);
  try {
    const cumulative = cumulativeBalance(
      rows.map((r) => r.budget),
      rows.map((r) => r.spending),
    );
    return {
      municipality,
      inhabitants,
      meanBalance: meanYearlyBalance(ratios),
      sumAbsoluteBalance: sumAbsoluteBalance(ratios),
      cumulativeBalance: cumulative.ratio,
      cumulativeAmount: cumulative.amount,
    };
  } catch (e) {
    if (!(e instanceof OutlierInputError)) throw e;
    throw new OutlierInputError(e.code, `${fn}: municipality ${showId(municipality)}: ${e.message}`, {
      municipality,
      column: e.column ?? budgetColumn,
      cause: e,
    });
  }
}

/** Check a requested window against the years in the data; default to all of them. */
export function resolveYears(
  requested: readonly number[] | undefined,
  available: ReadonlySet<number>,
): number[] {
  const sorted = [...available].sort((a, b) => a - b);
  if (requested === undefined) return sorted;
  if (requested.length === 0)
    throw new SpecError('invalid-option', 'years must list at least one year', { option: 'years' });
  const seen = new Set<number>();
  for (const year of requested) {
    if (seen.has(year))
      throw new SpecError('invalid-option', `years lists ${year} twice`, { option: 'years' });
    seen.add(year);
    if (!available.has(year)) {
      throw new OutlierInputError(
        'out-of-range',
        `year ${year} is outside the data (years ${sorted.join(', ')})`,
        { year },
      );
    }
  }
  return [...requested].sort((a, b) => a - b);
}
