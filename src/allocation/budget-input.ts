import { DataError, SpecError } from '../errors.js';
import { listIds, MunicipalityError } from './errors.js';
import type { PopulationCorrection } from './historical-shares.js';
import { duplicateKeys } from './municipality-values.js';
import { type ObjectiveWeightOptions, resolveObjectiveWeightOptions } from './objective-weight.js';
import { resolveSizeClasses, type SizeClasses, type SizeClassOptions } from './size-classes.js';

/** One municipality's input to {@link allocateBudget}. All amounts in euros; the time unit cancels in shares. */
export interface MunicipalityBudgetInput {
  /** Municipality code, unique (e.g. `'GM0363'`); ties in cent rounding go to the smaller code. */
  readonly id: string;
  /**
   * Inhabitants used for the objective weight and the size class (> 0). The sources do not fix the date;
   * the usual choice is 1 January of the year before the budget year.
   */
  readonly inhabitants: number;
  /** Predicted spending PB_i = Σ_h p̂_h·f̂_h·norm_h from the volume and price models (≥ 0). */
  readonly predictedSpending: number;
  /** Realised net benefit spending two years before the budget year, X^{t−2} (≥ 0). */
  readonly spendingTwoYearsEarlier: number;
  /** Population at t−2 (> 0); required for `populationCorrection: 'ratio'`. */
  readonly populationTwoYearsEarlier?: number;
  /** Population at t−1 (> 0); required for `populationCorrection: 'ratio'`. */
  readonly populationPreviousYear?: number;
  /** LKS (wage-cost subsidy) spending in t−1 (≥ 0); required when `lksBudget > 0` and `lksSpendingYear` is `'previous-year'`. */
  readonly lksSpendingPreviousYear?: number;
  /** LKS spending in t−2 (≥ 0); required when `lksBudget > 0` and `lksSpendingYear` is `'two-years-earlier'`. */
  readonly lksSpendingTwoYearsEarlier?: number;
  /** Realised DTI spending (homeless people and residents of institutions; ≥ 0, usually t−2); required when `dtiBudget > 0`. */
  readonly dtiSpending?: number;
}

/** Options of {@link allocateBudget} (everything but the municipalities); echoed, resolved, on the result. */
export interface AllocateBudgetOptions {
  /**
   * The macro budget ("macrobudget") in euros, LKS and DTI included (> 0; e.g. 6.9e9 for 2024). Like the LKS and
   * DTI budgets it must be a whole number of cents (up to float noise such as 0.30000000000000004): budgets are
   * paid in cents and the benefits budget is macro − LKS − DTI in exact cents, so a sub-cent amount (100.005) is
   * a `DataError` rather than being rounded in a way that would shift money between the parts.
   */
  readonly macroBudget: number;
  /**
   * The LKS part of the macro budget in euros (≥ 0, whole cents; €507 m in 2024), distributed by LKS spending
   * shares.
   * @default 0
   */
  readonly lksBudget?: number;
  /**
   * The DTI part of the macro budget in euros (≥ 0, whole cents), distributed by DTI spending shares.
   * @default 0
   */
  readonly dtiBudget?: number;
  /**
   * Boundaries of the size-class mixing rule (see objectiveWeight).
   * @default { lower: 15000, upper: 40000 }
   */
  readonly objectiveWeight?: ObjectiveWeightOptions;
  /**
   * Correction of historical (and, with the default `dtiRule`, DTI) spending for population growth t−2 → t−1:
   * `'ratio'` multiplies by pop^{t−1}/pop^{t−2} [S0 fn 2; ratio form inferred], `'none'` uses raw spending.
   * @default 'ratio'
   */
  readonly populationCorrection?: PopulationCorrection;
  /**
   * How the benefits budget is split into an objective and a historical pool (DOMAIN C.4, unstated in the
   * sources). `'historical'`: the historical pool is M_b·Σ(1−w_i)·h_i and the objective pool the rest, each
   * municipality's objective part being its share of Σ w_j·PB_j [inferred default]. `'objective'`: the mirror
   * image, the objective pool is M_b·Σ w_i·o_i with o_i = PB_i/Σ PB_j and the historical pool the rest.
   * Both conserve the benefits total M_b.
   * @default 'historical'
   */
  readonly poolSplit?: 'historical' | 'objective';
  /**
   * Which LKS spending year distributes the LKS budget: `'previous-year'` (t−1, the definitive budget
   * [S4 §2.2.2; S0 ch.2]) or `'two-years-earlier'` (t−2, the provisional budget [inferred]).
   * @default 'previous-year'
   */
  readonly lksSpendingYear?: 'previous-year' | 'two-years-earlier';
  /**
   * How the DTI budget is distributed (unstated in the sources): `'historical-share'` uses the historical-share
   * rule on DTI spending (with the population correction chosen above); `'spending-share'` uses raw DTI
   * spending shares.
   * @default 'historical-share'
   */
  readonly dtiRule?: 'historical-share' | 'spending-share';
  /**
   * Size classes for each municipality's `sizeClass` and for allocationBySizeClass / summarizeAllocation.
   * @default the S0 classes <15k, 15k-40k, 40k-100k, 100k-250k, >=250k (G4)
   */
  readonly sizeClasses?: SizeClassOptions;
}

/** Input of {@link allocateBudget}: the municipalities plus the options. */
export interface AllocateBudgetInput extends AllocateBudgetOptions {
  /** One row per municipality, in any order (results come back in the same order). */
  readonly municipalities: readonly MunicipalityBudgetInput[];
}

/** The options as resolved and stored on the result. */
export interface ResolvedAllocateBudgetOptions {
  /** The macro budget as exact cents / 100 (float noise in the input removed). */
  readonly macroBudget: number;
  /** The LKS budget as exact cents / 100. */
  readonly lksBudget: number;
  /** The DTI budget as exact cents / 100. */
  readonly dtiBudget: number;
  readonly objectiveWeight: Required<ObjectiveWeightOptions>;
  readonly populationCorrection: PopulationCorrection;
  readonly poolSplit: 'historical' | 'objective';
  readonly lksSpendingYear: 'previous-year' | 'two-years-earlier';
  readonly dtiRule: 'historical-share' | 'spending-share';
  readonly sizeClasses: SizeClasses;
  /** The rounding rule applied to cents (fixed; stated here so the result documents itself). */
  readonly rounding: 'largest-remainder';
}

function oneOf<T extends string>(name: string, value: T | undefined, allowed: readonly T[], fallback: T): T {
  const v = value ?? fallback;
  if (!allowed.includes(v)) {
    throw new SpecError(
      'invalid-option',
      `allocateBudget: ${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got '${v}'`,
    );
  }
  return v;
}

/**
 * How far `100·v` may lie from a whole number and still count as whole cents: binary floating point cannot
 * store most decimal amounts exactly (0.1 + 0.2 = 0.30000000000000004), and a budget summed from many amounts
 * carries a few hundred ulps of such noise. Anything farther off is a real sub-cent amount and rejected: from
 * 0.001 cent for small budgets, from 0.07 cent for a €6.9 bn macro budget (100.005 is 0.5 cent off).
 */
const CENT_TOLERANCE = { absolute: 1e-3, relative: 1e-13 };

/**
 * Check a budget and return it as whole cents over 100 (`0.1 + 0.2` → `0.3`), so that the euro amount
 * echoed on the result, the cents paid and every pool computed from them agree exactly.
 */
function budgetAmount(name: string, value: number | undefined, positive: boolean): number {
  const v = value ?? 0;
  if (typeof v !== 'number' || !Number.isFinite(v) || (positive ? v <= 0 : v < 0)) {
    throw new DataError(
      'out-of-range',
      `allocateBudget requires ${name} to be a finite number ${positive ? '> 0' : '>= 0'}, got ${v}`,
      { column: name },
    );
  }
  const scaled = v * 100;
  const cents = Math.round(scaled);
  if (!Number.isSafeInteger(cents)) {
    throw new DataError(
      'out-of-range',
      `allocateBudget: ${name} of ${v} euros is too large to count exactly in cents`,
      { column: name },
    );
  }
  if (Math.abs(scaled - cents) > Math.max(CENT_TOLERANCE.absolute, CENT_TOLERANCE.relative * cents)) {
    throw new DataError(
      'invalid-value',
      `allocateBudget: ${name} must be a whole number of cents (budgets are paid in cents, and rounding ` +
        `macro, LKS and DTI budgets separately would change their split), got ${v} euros; round it to cents first`,
      { column: name },
    );
  }
  if (positive && cents === 0) {
    throw new DataError('out-of-range', `allocateBudget requires ${name} of at least one cent, got ${v}`, {
      column: name,
    });
  }
  return cents / 100;
}

/** Resolve and check the options of {@link allocateBudget}. @internal */
export function resolveAllocateBudgetOptions(options: AllocateBudgetOptions): ResolvedAllocateBudgetOptions {
  const macroBudget = budgetAmount('macroBudget', options.macroBudget, true);
  const lksBudget = budgetAmount('lksBudget', options.lksBudget, false);
  const dtiBudget = budgetAmount('dtiBudget', options.dtiBudget, false);
  // Compared in (exact, integer) cents, the unit the budgets are paid in.
  if (Math.round(lksBudget * 100) + Math.round(dtiBudget * 100) > Math.round(macroBudget * 100)) {
    throw new DataError(
      'out-of-range',
      `allocateBudget: lksBudget (${lksBudget}) plus dtiBudget (${dtiBudget}) exceed macroBudget (${macroBudget})`,
      { column: 'macroBudget' },
    );
  }
  return {
    macroBudget,
    lksBudget,
    dtiBudget,
    objectiveWeight: resolveObjectiveWeightOptions(options.objectiveWeight),
    populationCorrection: oneOf(
      'populationCorrection',
      options.populationCorrection,
      ['ratio', 'none'],
      'ratio',
    ),
    poolSplit: oneOf('poolSplit', options.poolSplit, ['historical', 'objective'], 'historical'),
    lksSpendingYear: oneOf(
      'lksSpendingYear',
      options.lksSpendingYear,
      ['previous-year', 'two-years-earlier'],
      'previous-year',
    ),
    dtiRule: oneOf('dtiRule', options.dtiRule, ['historical-share', 'spending-share'], 'historical-share'),
    sizeClasses: resolveSizeClasses(options.sizeClasses),
    rounding: 'largest-remainder',
  };
}

type NumericField = Exclude<keyof MunicipalityBudgetInput, 'id'>;

/**
 * Check the municipality rows and read them into columns: unique non-empty ids, every required field a finite
 * number in range. Each problem throws once, naming all municipalities that have it. @internal
 */
export function readMunicipalityColumns(
  rows: readonly MunicipalityBudgetInput[],
  options: ResolvedAllocateBudgetOptions,
): { ids: string[]; column: (field: NumericField) => number[] } {
  if (!Array.isArray(rows) || rows.length === 0) {
    throw new DataError('empty', 'allocateBudget requires at least one municipality', {
      column: 'municipalities',
    });
  }
  const badId = rows.flatMap((r, i) => (typeof r?.id === 'string' && r.id !== '' ? [] : [i]));
  if (badId.length > 0) {
    throw new DataError(
      'invalid-value',
      `allocateBudget: municipalities at rows ${badId.slice(0, 10).join(', ')} have no string id`,
      {
        column: 'id',
        row: badId[0],
      },
    );
  }
  const ids = rows.map((r) => r.id);
  const duplicates = duplicateKeys(ids);
  if (duplicates.length > 0) {
    throw new MunicipalityError(
      'duplicate',
      `allocateBudget: duplicate municipality ids ${listIds(duplicates)}`,
      duplicates,
      {
        column: 'id',
      },
    );
  }
  const column = (field: NumericField): number[] => {
    const values = rows.map((r) => r[field]);
    const missing = ids.filter((_, i) => typeof values[i] !== 'number' || !Number.isFinite(values[i]));
    if (missing.length > 0) {
      throw new MunicipalityError(
        'missing-value',
        `allocateBudget: ${field} is missing, NaN or infinite for municipalities ${listIds(missing)}${requiredBecause(field, options)}`,
        missing,
        { column: field },
      );
    }
    const strict = field === 'inhabitants' || field.startsWith('population');
    const outOfRange = ids.filter((_, i) => (strict ? values[i]! <= 0 : values[i]! < 0));
    if (outOfRange.length > 0) {
      throw new MunicipalityError(
        'out-of-range',
        `allocateBudget: ${field} must be ${strict ? '> 0' : '>= 0'}; municipalities ${listIds(outOfRange)} are not`,
        outOfRange,
        { column: field },
      );
    }
    return values as number[];
  };
  return { ids, column };
}

function requiredBecause(field: NumericField, o: ResolvedAllocateBudgetOptions): string {
  if (field.startsWith('population'))
    return " (needed by populationCorrection 'ratio'; set it to 'none' to do without)";
  if (field.startsWith('lks'))
    return ` (needed because lksBudget > 0 and lksSpendingYear is '${o.lksSpendingYear}')`;
  if (field === 'dtiSpending') return ' (needed because dtiBudget > 0)';
  return '';
}
