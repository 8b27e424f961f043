import type { DataInput } from '../data/frame.js';
import { apportionCents } from './apportion-cents.js';
import {
  type AllocateBudgetInput,
  type ResolvedAllocateBudgetOptions,
  readMunicipalityColumns,
  resolveAllocateBudgetOptions,
} from './budget-input.js';
import { listIds, MunicipalityError } from './errors.js';
import { correctedShares } from './historical-shares.js';
import { compareIds } from './municipality-values.js';
import { objectiveWeight } from './objective-weight.js';
import { sizeClassIndex } from './size-classes.js';
import { compensatedSum, requireFiniteTotal } from './sums.js';

const WHERE = 'allocateBudget';

/** One municipality's budget. Euro amounts are unrounded; the `…Cents` fields are the integer cents paid. */
export interface MunicipalityAllocation {
  /** The municipality code. */
  readonly municipality: string;
  readonly inhabitants: number;
  /** Size-class label (see the `sizeClasses` option). */
  readonly sizeClass: string;
  /** Objective weight w_i in [0, 1] (0: fully historical, 1: fully objective). */
  readonly objectiveWeight: number;
  /** Growth factor of the inhabitants inh^{t−1}/inh^{t−2} applied to spending (1 without correction). */
  readonly inhabitantsGrowth: number;
  /** Historical share h_i: corrected spending t−2 over its national total. */
  readonly historicalShare: number;
  /** Objective share o_i = PB_i / Σ_j PB_j (before weighting). */
  readonly objectiveShare: number;
  /** Objective part ("objectief deelbudget") in euros. */
  readonly objective: number;
  /** Historical part ("historisch deelbudget") in euros. */
  readonly historical: number;
  /** DTI part in euros. */
  readonly dti: number;
  /** LKS part in euros. */
  readonly lks: number;
  /** Regular budget ("regulier budget") = objective + historical + DTI + LKS, in euros. */
  readonly total: number;
  readonly objectiveCents: number;
  readonly historicalCents: number;
  readonly dtiCents: number;
  readonly lksCents: number;
  /** Sum of the four rounded parts (so it can differ from `total` by at most a few cents). */
  readonly totalCents: number;
  /** Budget share ("budgetaandeel") of the regular budget: total / Σ total. */
  readonly budgetShare: number;
}

/** National totals of an allocation, in euros (unrounded) and cents (exact). */
export interface AllocationTotals {
  readonly macroBudget: number;
  /** Benefits budget M_b = macro − LKS − DTI. */
  readonly benefits: number;
  readonly objective: number;
  readonly historical: number;
  readonly dti: number;
  readonly lks: number;
  /** The macro budget in cents (a whole number of cents by input check); Σ totalCents equals it exactly. */
  readonly macroBudgetCents: number;
  readonly benefitsCents: number;
  readonly objectiveCents: number;
  readonly historicalCents: number;
  readonly dtiCents: number;
  readonly lksCents: number;
}

/** Result of {@link allocateBudget}: plain data, JSON-serialisable. */
export interface BudgetAllocation {
  /** One row per municipality, in input order. */
  readonly municipalities: readonly MunicipalityAllocation[];
  readonly totals: AllocationTotals;
  readonly options: ResolvedAllocateBudgetOptions;
}

/**
 * Allocate the macro budget over municipalities the way the Dutch BUIG allocation does [S0 ch.2; DOMAIN C]:
 *
 * 1. LKS part: `lksBudget` by shares of LKS spending in t−1 (or t−2, option).
 * 2. DTI part: `dtiBudget` by (inhabitants-corrected) shares of DTI spending.
 * 3. Benefits budget M_b = macro − LKS − DTI, mixed by size class with weights
 *    `w_i = clip((inh_i − 15000)/25000, 0, 1)`: historical shares
 *    `h_i = X_i^{t−2}·g_i / Σ_j X_j^{t−2}·g_j` (g = inh^{t−1}/inh^{t−2}), `hist_i = M_b·(1 − w_i)·h_i`,
 *    objective pool `M_obj = M_b − Σ hist_i` and `obj_i = M_obj·w_i·PB_i / Σ_j w_j·PB_j`.
 *
 * Everything is computed in floating point (sums compensated and in municipality-code order, so the result
 * does not depend on the input order) and then rounded to cents: the macro, LKS and DTI budgets must be whole
 * cents (a sub-cent budget is an error, not rounded; euros are converted to cents exactly through their decimal
 * text, up to 2^53 − 1 cents, and `macroBudgetCents` & co. take integer cents directly), the benefits budget macro − LKS − DTI is then exact in
 * cents, its cents are split into the objective and historical pools, and each pool
 * is distributed with the largest-remainder (Hamilton) rule ({@link apportionCents}; ties go to the larger
 * remainder, then the smaller municipality code). So each part adds up to its pool to the cent, each
 * municipality's parts add up to its `totalCents`, and Σ totalCents equals the macro budget in cents exactly.
 *
 * @param input - The municipalities and the options (see {@link AllocateBudgetOptions}).
 * @returns Per-municipality parts, totals, shares and the resolved options.
 * @throws {MunicipalityError} for duplicate codes, missing/NaN/infinite values, non-positive inhabitants,
 *   negative spending, or a distribution basis that is 0 for every municipality that should
 *   receive from it: corrected t−2 spending over all municipalities with w < 1, predicted spending over all
 *   with w > 0 (whenever the benefits budget is positive, for either `poolSplit`), LKS or DTI spending when
 *   that budget is positive (message and `ids` name the municipalities).
 * @throws {DataError} `out-of-range` for a non-positive macro budget, LKS + DTI budgets above it or a budget
 *   above 2^53 − 1 cents, `invalid-value` for a budget that is not a whole number of cents, `missing-column` /
 *   `empty` for no municipality codes or no municipalities.
 * @throws {SpecError} `unknown-option` / `invalid-option` for an unknown option or value.
 * @example
 * ```ts
 * import { allocateBudget } from 'verdeelmodel/allocation';
 * const a = allocateBudget({
 *   macroBudget: 1000,
 *   municipalities: [
 *     { municipality: 'A', inhabitants: 10_000, predictedSpending: 50, spendingTwoYearsEarlier: 100 },
 *     { municipality: 'B', inhabitants: 60_000, predictedSpending: 300, spendingTwoYearsEarlier: 300 },
 *   ],
 *   inhabitantsCorrection: 'none',
 * });
 * a.municipalities.map((m) => m.totalCents); // => [25000, 75000]
 * ```
 */
export function allocateBudget(input: AllocateBudgetInput): BudgetAllocation {
  const options = resolveAllocateBudgetOptions(input);
  const { ids, column } = readMunicipalityColumns(input.municipalities as DataInput, options);
  const n = ids.length;
  const order = ids.map((_, i) => i).sort((i, j) => compareIds(ids[i]!, ids[j]!));
  const sumOf = (values: readonly number[]) => compensatedSum(order.map((i) => values[i]!));

  const inhabitants = column('inhabitants');
  const predicted = column('predictedSpending');
  const weights = inhabitants.map((inh) => objectiveWeight(inh, options.objectiveWeight));
  let growth: number[] | undefined;
  if (options.inhabitantsCorrection === 'ratio') {
    const before = column('inhabitantsTwoYearsEarlier');
    const after = column('inhabitantsPreviousYear');
    growth = after.map((p, i) => p / before[i]!);
  }
  const h = correctedShares(
    column('spendingTwoYearsEarlier'),
    growth,
    order,
    'spendingTwoYearsEarlier',
    WHERE,
  ).shares;
  const predictedTotal = requireFiniteTotal(sumOf(predicted), 'predictedSpending', WHERE);
  const o = predicted.map((pb) => (predictedTotal > 0 ? pb / predictedTotal : 0));

  // The budgets are whole cents (checked when resolving the options), so the benefits budget is exact too.
  const M = options.macroBudget;
  const macroCents = options.macroBudgetCents;
  const lksCents = options.lksBudgetCents;
  const dtiCents = options.dtiBudgetCents;
  const benefitsCents = macroCents - lksCents - dtiCents;
  const benefits = benefitsCents / 100;

  // Benefits pools. Zero pools are set exactly (not by subtraction) so no stray cent is left to distribute.
  const histWeight = h.map((hi, i) => (1 - weights[i]!) * hi);
  const objWeight = o.map((oi, i) => weights[i]! * oi);
  const histBasis = sumOf(histWeight);
  const objBasis = sumOf(objWeight);
  let histPool: number;
  let objPool: number;
  if (options.poolSplit === 'historical') {
    const anyObjective = weights.some((w) => w > 0);
    histPool = anyObjective ? Math.min(benefits, benefits * histBasis) : benefits;
    objPool = anyObjective ? benefits - histPool : 0;
  } else {
    const anyHistorical = weights.some((w) => w < 1);
    objPool = anyHistorical ? Math.min(benefits, benefits * objBasis) : benefits;
    histPool = anyHistorical ? benefits - objPool : 0;
  }
  const check = { benefits, weights, ids, poolSplit: options.poolSplit };
  requireBasis(check, histBasis, (w) => w < 1, 'spendingTwoYearsEarlier', 'historical', 'w < 1');
  requireBasis(check, objBasis, (w) => w > 0, 'predictedSpending', 'objective', 'w > 0');
  const histParts = distribute(histPool, histWeight, histBasis);
  const objParts = distribute(objPool, objWeight, objBasis);

  const lksParts = sharedPart(
    options.lksBudget,
    options.lksSpendingYear === 'previous-year' ? 'lksSpendingPreviousYear' : 'lksSpendingTwoYearsEarlier',
  );
  const dtiParts = sharedPart(options.dtiBudget, 'dtiSpending');
  function sharedPart(
    pool: number,
    field: 'lksSpendingPreviousYear' | 'lksSpendingTwoYearsEarlier' | 'dtiSpending',
  ) {
    if (pool === 0) return new Array<number>(n).fill(0);
    const corrected = field === 'dtiSpending' && options.dtiRule === 'historical-share' ? growth : undefined;
    const { shares, total } = correctedShares(column(field), corrected, order, field, WHERE);
    if (!(total > 0)) {
      throw new MunicipalityError(
        'invalid-value',
        `allocateBudget: ${field} is 0 for every municipality, so the ${pool} euro pool cannot be distributed`,
        ids,
        { column: field },
      );
    }
    return shares.map((s) => pool * s);
  }

  // Cents: pools first (LKS and DTI as given, the benefits cents split in proportion to the float pools), then
  // each pool over municipalities by largest remainder.
  const poolCents = apportionCents([objPool, histPool], benefitsCents);
  const objPoolCents = poolCents[0]!;
  const histPoolCents = poolCents[1]!;
  const objectiveCents = apportionCents(objParts, objPoolCents, { ids });
  const historicalCents = apportionCents(histParts, histPoolCents, { ids });
  const lksPartCents = apportionCents(lksParts, lksCents, { ids });
  const dtiPartCents = apportionCents(dtiParts, dtiCents, { ids });

  const totals = ids.map((_, i) => objParts[i]! + histParts[i]! + dtiParts[i]! + lksParts[i]!);
  const grandTotal = sumOf(totals);
  const classes = options.sizeClasses;
  const municipalities = ids.map(
    (id, i): MunicipalityAllocation => ({
      municipality: id,
      inhabitants: inhabitants[i]!,
      sizeClass: classes.labels[sizeClassIndex(inhabitants[i]!, classes)]!,
      objectiveWeight: weights[i]!,
      inhabitantsGrowth: growth ? growth[i]! : 1,
      historicalShare: h[i]!,
      objectiveShare: o[i]!,
      objective: objParts[i]!,
      historical: histParts[i]!,
      dti: dtiParts[i]!,
      lks: lksParts[i]!,
      total: totals[i]!,
      objectiveCents: objectiveCents[i]!,
      historicalCents: historicalCents[i]!,
      dtiCents: dtiPartCents[i]!,
      lksCents: lksPartCents[i]!,
      totalCents: objectiveCents[i]! + historicalCents[i]! + dtiPartCents[i]! + lksPartCents[i]!,
      budgetShare: totals[i]! / grandTotal,
    }),
  );
  return {
    municipalities,
    totals: {
      macroBudget: M,
      benefits,
      objective: objPool,
      historical: histPool,
      dti: options.dtiBudget,
      lks: options.lksBudget,
      macroBudgetCents: macroCents,
      benefitsCents,
      objectiveCents: objPoolCents,
      historicalCents: histPoolCents,
      dtiCents,
      lksCents,
    },
    options,
  };
}

/** Parts pool·v_i/Σv (all 0 for an empty pool). */
function distribute(pool: number, values: readonly number[], sum: number): number[] {
  return values.map((v) => (pool > 0 && sum > 0 ? (pool * v) / sum : 0));
}

/**
 * Municipalities with a historical (w < 1) or objective (w > 0) part need a positive basis for it
 * (Σ(1 − w_i)·h_i, resp. Σ w_i·PB_i). Otherwise that pool is 0 or cannot be distributed, whichever pool the
 * split sizes first, and those municipalities would silently get no benefits budget: name them instead.
 */
function requireBasis(
  c: {
    readonly benefits: number;
    readonly weights: readonly number[];
    readonly ids: readonly string[];
    readonly poolSplit: string;
  },
  basis: number,
  receives: (w: number) => boolean,
  field: string,
  part: string,
  condition: string,
) {
  if (!(c.benefits > 0) || basis > 0) return;
  const affected = c.ids.filter((_, i) => receives(c.weights[i]!));
  if (affected.length === 0) return;
  throw new MunicipalityError(
    'invalid-value',
    `allocateBudget: ${field} is 0 for every municipality with a ${part} part (${condition}: ` +
      `${listIds(affected)}), so the ${part} part of the ${c.benefits} euro benefits budget cannot be ` +
      `distributed (poolSplit '${c.poolSplit}') and they would get nothing; check ${field} for these municipalities`,
    affected,
    { column: field },
  );
}
