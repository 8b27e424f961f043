import { SpecError } from '../errors.js';
import { cumulativeBalance } from './cumulative-balance.js';
import { OutlierInputError } from './errors.js';
import { meanYearlyBalance } from './mean-yearly-balance.js';
import { indexPanel, requireRow } from './panel.js';
import { idKey, type RecordsInput, readNumber, showId, toRows, type UnitId } from './records.js';
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
  /** Column with the number of inhabitants (needed for `minPopulation` and for size classes). @default 'population' */
  readonly population?: string;
  /** The window of years; every municipality must have a row for each. @default every year in the rows */
  readonly years?: readonly number[];
  /**
   * Keep only municipalities with strictly more inhabitants than this in `populationYear`; S1 uses 40,000
   * (the fully objectively budgeted municipalities). @default undefined (no restriction)
   */
  readonly minPopulation?: number;
  /** The year whose population is used (S1: 2020, the last year). @default the last year of the window */
  readonly populationYear?: number;
}

/** Resolved options, as stored on the result. */
export interface ResolvedBalancesOptions {
  readonly municipality: string;
  readonly year: string;
  readonly budget: string;
  readonly spending: string;
  readonly population: string;
  readonly years: readonly number[];
  readonly minPopulation: number | null;
  readonly populationYear: number;
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
  /** Inhabitants in `populationYear`, or null when the rows have no population column. */
  readonly population: number | null;
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
  /** Municipalities dropped by `minPopulation`, with their population. */
  readonly excluded: readonly { readonly municipality: UnitId; readonly population: number }[];
}

/**
 * Budget balances ("saldi") per municipality and year, with their multi-year summaries (DOMAIN D.1-D.2).
 * `balance = (budget − net spending) / budget`: positive is a surplus, negative a deficit. The panel must
 * be balanced over the window; municipalities at or below `minPopulation` are dropped (S1 keeps only the
 * fully objectively budgeted municipalities above 40,000 inhabitants).
 *
 * @param rows - one row per municipality-year (row objects or a column object)
 * @param options - column names, window and population restriction
 * @returns yearly balances and per-municipality summaries
 * @throws {OutlierInputError} `out-of-range` (a window year absent from the data), `unbalanced-panel`
 *   (a municipality without a window year), `duplicate`, `invalid-value` (a budget ≤ 0), `missing-value`
 * @example
 * ```ts
 * const b = balances([
 *   { municipality: 'A', year: 2019, budget: 100, spending: 110 },
 *   { municipality: 'A', year: 2020, budget: 100, spending: 90 },
 * ]);
 * b.municipalities[0].meanBalance; // => 0
 * b.municipalities[0].sumAbsoluteBalance; // => 0.2
 * ```
 */
export function balances(rows: RecordsInput, options: BalancesOptions = {}): BalanceTable {
  const records = toRows(rows, 'balances');
  const col = {
    municipality: options.municipality ?? 'municipality',
    year: options.year ?? 'year',
    budget: options.budget ?? 'budget',
    spending: options.spending ?? 'spending',
    population: options.population ?? 'population',
  };

  const panel = indexPanel(records, col.municipality, col.year, 'balances');
  const dataYears = panel.years;
  const years = resolveYears(options.years, dataYears);
  const populationYear = options.populationYear ?? years[years.length - 1];
  if (!dataYears.has(populationYear)) {
    throw new OutlierInputError(
      'out-of-range',
      `populationYear ${populationYear} is not in the data (years ${[...dataYears].sort((a, b) => a - b).join(', ')})`,
      { year: populationYear },
    );
  }
  const minPopulation = options.minPopulation ?? null;
  if (minPopulation !== null && !Number.isFinite(minPopulation)) {
    throw new SpecError(
      'invalid-option',
      `balances: minPopulation must be a finite number, got ${minPopulation}`,
    );
  }
  const hasPopulation = records.some((r) => r[col.population] !== undefined);
  if (minPopulation !== null && !hasPopulation) {
    throw new OutlierInputError(
      'missing-column',
      `minPopulation needs a population column '${col.population}'`,
      {
        column: col.population,
      },
    );
  }

  const yearly: YearlyBalance[] = [];
  const municipalities: MunicipalityBalance[] = [];
  const excluded: { municipality: UnitId; population: number }[] = [];
  for (const id of panel.ids) {
    const unitYears = panel.rows.get(idKey(id))!;
    let population: number | null = null;
    const popRow = unitYears.get(populationYear);
    if (hasPopulation && popRow !== undefined) {
      population = readNumber(records[popRow], col.population, {
        row: popRow,
        municipality: id,
        year: populationYear,
      });
    } else if (hasPopulation) {
      throw new OutlierInputError(
        'unbalanced-panel',
        `municipality ${showId(id)} has no row for populationYear ${populationYear}`,
        { municipality: id, year: populationYear },
      );
    }
    if (minPopulation !== null && population !== null && !(population > minPopulation)) {
      excluded.push({ municipality: id, population });
      continue;
    }
    const unitRows: YearlyBalance[] = [];
    for (const year of years) {
      const i = requireRow(panel, id, year, years, 'balances');
      const where = { row: i, municipality: id, year };
      const budget = readNumber(records[i], col.budget, where);
      const spending = readNumber(records[i], col.spending, where);
      if (!(budget > 0)) {
        throw new OutlierInputError(
          'invalid-value',
          `municipality ${showId(id)}, year ${year}: budget is ${budget}; a balance needs a positive budget`,
          { ...where, column: col.budget },
        );
      }
      unitRows.push({ municipality: id, year, budget, spending, balance: (budget - spending) / budget });
    }
    yearly.push(...unitRows);
    municipalities.push(summarize(id, population, unitRows));
  }
  return {
    options: { ...col, years, minPopulation, populationYear },
    years,
    yearly,
    municipalities,
    excluded,
  };
}

/** The multi-year summaries of one municipality's yearly rows. */
export function summarize(
  municipality: UnitId,
  population: number | null,
  rows: readonly YearlyBalance[],
): MunicipalityBalance {
  const ratios = rows.map((r) => r.balance);
  const cumulative = cumulativeBalance(
    rows.map((r) => r.budget),
    rows.map((r) => r.spending),
  );
  return {
    municipality,
    population,
    meanBalance: meanYearlyBalance(ratios),
    sumAbsoluteBalance: sumAbsoluteBalance(ratios),
    cumulativeBalance: cumulative.ratio,
    cumulativeAmount: cumulative.amount,
  };
}

/** Check a requested window against the years in the data; default to all of them. */
export function resolveYears(
  requested: readonly number[] | undefined,
  available: ReadonlySet<number>,
): number[] {
  const sorted = [...available].sort((a, b) => a - b);
  if (requested === undefined) return sorted;
  if (requested.length === 0) throw new SpecError('invalid-option', 'years must list at least one year');
  const seen = new Set<number>();
  for (const year of requested) {
    if (seen.has(year)) throw new SpecError('invalid-option', `years lists ${year} twice`);
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
