import { type ArqueroLike, type ColumnRecord, type DataInput, toFrame } from '../data/frame.js';
import { DataError, SpecError } from '../errors.js';
import { checkOptions, oneOf } from '../internal/options.js';
import { checkCents, eurosToCents } from './cents.js';
import type { InhabitantsCorrection } from './historical-shares.js';
import { readMunicipalityCodes, readMunicipalityNumbers } from './municipality-values.js';
import { type ObjectiveWeightOptions, resolveObjectiveWeightOptions } from './objective-weight.js';
import { resolveSizeClasses, type SizeClasses, type SizeClassOptions } from './size-classes.js';

/** One municipality's input to {@link allocateBudget}. All amounts in euros; the time unit cancels in shares. */
export interface MunicipalityBudgetInput {
  /** Municipality code, unique (e.g. `'GM0363'`); ties in cent rounding go to the smaller code. */
  readonly municipality: string;
  /**
   * Inhabitants used for the objective weight and the size class (> 0). The sources do not fix the date;
   * the usual choice is 1 January of the year before the budget year.
   */
  readonly inhabitants: number;
  /** Predicted spending PB_i = Σ_h p̂_h·f̂_h·norm_h from the volume and price models (≥ 0). */
  readonly predictedSpending: number;
  /** Realised net benefit spending two years before the budget year, X^{t−2} (≥ 0). */
  readonly spendingTwoYearsEarlier: number;
  /** Inhabitants at t−2 (> 0); required for `inhabitantsCorrection: 'ratio'`. */
  readonly inhabitantsTwoYearsEarlier?: number;
  /** Inhabitants at t−1 (> 0); required for `inhabitantsCorrection: 'ratio'`. */
  readonly inhabitantsPreviousYear?: number;
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
   * The macro budget ("macrobudget") in euros, LKS and DTI included (> 0; e.g. 6.9e9 for 2024). Give it or
   * `macroBudgetCents`. Like the LKS and DTI budgets it must be a whole number of cents (up to float noise such as
   * 0.30000000000000004): budgets are paid in cents and the benefits budget is macro − LKS − DTI in exact cents,
   * so a sub-cent amount (100.005) is a `DataError` rather than being rounded in a way that would shift money
   * between the parts. Euros are converted to cents exactly, through the number's shortest decimal text
   * (`String(x)`) or the text as given (`'40187085682031.20'`), up to 2^53 − 1 cents (€90,071,992,547,409.91);
   * a larger budget is a `DataError` that says so.
   */
  readonly macroBudget?: number | string;
  /** The macro budget as integer cents (instead of `macroBudget`), at most 2^53 − 1. */
  readonly macroBudgetCents?: number | bigint;
  /**
   * The LKS part of the macro budget in euros (≥ 0, whole cents; €507 m in 2024), distributed by LKS spending
   * shares.
   * @default 0
   */
  readonly lksBudget?: number | string;
  /** The LKS budget as integer cents (instead of `lksBudget`). */
  readonly lksBudgetCents?: number | bigint;
  /**
   * The DTI part of the macro budget in euros (≥ 0, whole cents), distributed by DTI spending shares.
   * @default 0
   */
  readonly dtiBudget?: number | string;
  /** The DTI budget as integer cents (instead of `dtiBudget`). */
  readonly dtiBudgetCents?: number | bigint;
  /**
   * Boundaries of the size-class mixing rule (see objectiveWeight).
   * @default { lower: 15000, upper: 40000 }
   */
  readonly objectiveWeight?: ObjectiveWeightOptions;
  /**
   * Correction of historical (and, with the default `dtiRule`, DTI) spending for the growth in inhabitants
   * t−2 → t−1: `'ratio'` multiplies by inh^{t−1}/inh^{t−2} [S0 fn 2; ratio form inferred], `'none'` uses raw
   * spending.
   * @default 'ratio'
   */
  readonly inhabitantsCorrection?: InhabitantsCorrection;
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
   * rule on DTI spending (with the inhabitants correction chosen above); `'spending-share'` uses raw DTI
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
  /**
   * One row per municipality, in any order (results come back in the same order): row objects, or the same
   * fields as columns (a column record such as `readTable` returns, or an arquero table).
   */
  readonly municipalities: readonly MunicipalityBudgetInput[] | ColumnRecord | ArqueroLike;
}

/** The options as resolved and stored on the result. */
export interface ResolvedAllocateBudgetOptions {
  /** The macro budget as exact cents / 100 (float noise in the input removed). */
  readonly macroBudget: number;
  /** The macro budget in cents, exactly. */
  readonly macroBudgetCents: number;
  /** The LKS budget in cents, exactly. */
  readonly lksBudgetCents: number;
  /** The DTI budget in cents, exactly. */
  readonly dtiBudgetCents: number;
  /** The LKS budget as exact cents / 100. */
  readonly lksBudget: number;
  /** The DTI budget as exact cents / 100. */
  readonly dtiBudget: number;
  readonly objectiveWeight: Required<ObjectiveWeightOptions>;
  readonly inhabitantsCorrection: InhabitantsCorrection;
  readonly poolSplit: 'historical' | 'objective';
  readonly lksSpendingYear: 'previous-year' | 'two-years-earlier';
  readonly dtiRule: 'historical-share' | 'spending-share';
  readonly sizeClasses: SizeClasses;
  /** The rounding rule applied to cents (fixed; stated here so the result documents itself). */
  readonly rounding: 'largest-remainder';
}

const WHERE = 'allocateBudget';

/** Every key {@link allocateBudget} reads from its input (the municipalities and the options). */
const ALLOCATE_BUDGET_KEYS = [
  'municipalities',
  'macroBudget',
  'macroBudgetCents',
  'lksBudget',
  'lksBudgetCents',
  'dtiBudget',
  'dtiBudgetCents',
  'objectiveWeight',
  'inhabitantsCorrection',
  'poolSplit',
  'lksSpendingYear',
  'dtiRule',
  'sizeClasses',
] as const;

/** One budget in cents, from euros (exactly, see eurosToCents) or from cents; exactly one of the two may be given. */
function budgetCents(
  name: 'macroBudget' | 'lksBudget' | 'dtiBudget',
  euros: number | string | undefined,
  cents: number | bigint | undefined,
  positive: boolean,
): number {
  if (euros !== undefined && cents !== undefined) {
    throw new SpecError('invalid-option', `${WHERE}: give ${name} or ${name}Cents, not both`, {
      option: `${name}Cents`,
    });
  }
  if (euros === undefined && cents === undefined && positive) {
    throw new SpecError('invalid-option', `${WHERE}: ${name} (euros) or ${name}Cents is required`, {
      option: name,
    });
  }
  if (typeof euros === 'number' && (Number.isNaN(euros) || (positive ? euros <= 0 : euros < 0))) {
    throw new DataError(
      'out-of-range',
      `${WHERE} requires ${name} to be a finite number ${positive ? '> 0' : '>= 0'}, got ${euros}`,
      { column: name },
    );
  }
  let c: number;
  if (cents !== undefined) c = checkCents(cents, `${name}Cents`);
  else if (euros === undefined) c = 0;
  else if (typeof euros === 'number' || typeof euros === 'string') c = eurosToCents(euros, name);
  else {
    throw new DataError('invalid-value', `${WHERE}: ${name} must be a number of euros, got ${typeof euros}`, {
      column: name,
    });
  }
  if (positive && c === 0) {
    throw new DataError(
      'out-of-range',
      `${WHERE} requires ${name} to be a finite number > 0 of at least one cent, got ${String(euros ?? cents)}`,
      { column: name },
    );
  }
  return c;
}

/** Resolve and check the options of {@link allocateBudget} (unknown keys are a SpecError). @internal */
export function resolveAllocateBudgetOptions(
  input: AllocateBudgetOptions & { readonly municipalities?: unknown },
): ResolvedAllocateBudgetOptions {
  const o = checkOptions(input, ALLOCATE_BUDGET_KEYS, WHERE);
  const macroBudgetCents = budgetCents('macroBudget', o.macroBudget, o.macroBudgetCents, true);
  const lksBudgetCents = budgetCents('lksBudget', o.lksBudget, o.lksBudgetCents, false);
  const dtiBudgetCents = budgetCents('dtiBudget', o.dtiBudget, o.dtiBudgetCents, false);
  // Compared in (exact, integer) cents, the unit the budgets are paid in.
  if (lksBudgetCents + dtiBudgetCents > macroBudgetCents) {
    throw new DataError(
      'out-of-range',
      `${WHERE}: lksBudget (${lksBudgetCents / 100}) plus dtiBudget (${dtiBudgetCents / 100}) exceed macroBudget (${macroBudgetCents / 100})`,
      { column: 'macroBudget' },
    );
  }
  return {
    macroBudget: macroBudgetCents / 100,
    lksBudget: lksBudgetCents / 100,
    dtiBudget: dtiBudgetCents / 100,
    macroBudgetCents,
    lksBudgetCents,
    dtiBudgetCents,
    objectiveWeight: resolveObjectiveWeightOptions(o.objectiveWeight),
    inhabitantsCorrection: oneOf(
      o.inhabitantsCorrection ?? 'ratio',
      ['ratio', 'none'],
      'inhabitantsCorrection',
      WHERE,
    ),
    poolSplit: oneOf(o.poolSplit ?? 'historical', ['historical', 'objective'], 'poolSplit', WHERE),
    lksSpendingYear: oneOf(
      o.lksSpendingYear ?? 'previous-year',
      ['previous-year', 'two-years-earlier'],
      'lksSpendingYear',
      WHERE,
    ),
    dtiRule: oneOf(o.dtiRule ?? 'historical-share', ['historical-share', 'spending-share'], 'dtiRule', WHERE),
    sizeClasses: resolveSizeClasses(o.sizeClasses),
    rounding: 'largest-remainder',
  };
}

type NumericField = Exclude<keyof MunicipalityBudgetInput, 'municipality'>;

/**
 * Read the municipalities through the one data boundary ({@link toFrame}: row objects, a column record or an
 * arquero table) and check them: unique non-empty codes in `municipality`, every required field a finite number
 * in range. Each problem throws once, naming all municipalities (and the first 1-based row) that have it.
 * @internal
 */
export function readMunicipalityColumns(
  rows: DataInput,
  options: ResolvedAllocateBudgetOptions,
): { ids: string[]; column: (field: NumericField) => number[] } {
  if (rows == null || (Array.isArray(rows) && rows.length === 0)) {
    throw new DataError('empty', `${WHERE} requires at least one municipality`, { column: 'municipalities' });
  }
  const frame = toFrame(rows);
  if (frame.nrows === 0) {
    throw new DataError('empty', `${WHERE} requires at least one municipality`, { column: 'municipalities' });
  }
  const ids = readMunicipalityCodes(frame, 'municipality', WHERE);
  const column = (field: NumericField): number[] =>
    readMunicipalityNumbers(frame, field, ids, WHERE, {
      min: 0,
      exclusive: field.startsWith('inhabitants'),
      because: requiredBecause(field, options),
    });
  return { ids, column };
}

function requiredBecause(field: NumericField, o: ResolvedAllocateBudgetOptions): string {
  if (field === 'inhabitantsTwoYearsEarlier' || field === 'inhabitantsPreviousYear')
    return " (needed by inhabitantsCorrection 'ratio'; set it to 'none' to do without)";
  if (field.startsWith('lks'))
    return ` (needed because lksBudget > 0 and lksSpendingYear is '${o.lksSpendingYear}')`;
  if (field === 'dtiSpending') return ' (needed because dtiBudget > 0)';
  return '';
}
