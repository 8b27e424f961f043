import { allocateBudget } from '../allocation/allocate-budget.js';
import type { AllocateBudgetOptions, MunicipalityBudgetInput } from '../allocation/budget-input.js';
import {
  compareIds,
  readMunicipalityCodes,
  readMunicipalityNumbers,
} from '../allocation/municipality-values.js';
import { resolveSizeClasses, sizeClassIndex } from '../allocation/size-classes.js';
import { type DataInput, type Frame, toFrame } from '../data/frame.js';
import { DataError, SpecError } from '../errors.js';
import { formatTable } from '../format/format-table.js';
import { checkOptions, integerIn, oneOf } from '../internal/options.js';
import { withView } from '../internal/with-summary.js';
import type { PriceModel } from '../price/fit-price-model.js';
import type { VolumeModel } from '../volume/fit-volume-model.js';
import {
  type FeatureGroup,
  MAX_SHAPLEY_GROUPS,
  resolveFeatureGroups,
  SYNTHETIC_FEATURE_GROUPS,
} from './share-changes-groups.js';
import {
  type Coefficients,
  groupShifts,
  type HouseholdYear,
  linearPredictors,
  readHouseholdYear,
  spendingOf,
} from './share-changes-objective.js';

const WHERE = 'explainShareChanges';

/** One budget year as {@link explainShareChanges} needs it: the models, the actualisation data and the budget inputs. */
export interface ShareChangeYear {
  /** The budget year (B); the current year must be the previous one plus 1. */
  readonly budgetYear: number;
  /** The volume model of this budget year (estimated on its estimation data). */
  readonly volume: VolumeModel;
  /** The price model of this budget year. */
  readonly price: PriceModel;
  /** The households the budget year was actualised to (data of B − 2), with the models' columns and the norm. */
  readonly households: DataInput | Frame;
  /**
   * One row per municipality (row objects, a column record or an arquero table): `municipality` and the fields
   * of allocateBudget's municipality input except `predictedSpending`, which is predicted here
   * (`inhabitants`, `spendingTwoYearsEarlier`, `inhabitantsTwoYearsEarlier`, `inhabitantsPreviousYear`,
   * `lksSpendingPreviousYear` or `lksSpendingTwoYearsEarlier`, `dtiSpending`, as the allocation options need
   * them), plus an optional `householdWeight`: the households one household of `households` stands for (a
   * sample's weight; 1 when absent).
   */
  readonly municipalities: DataInput;
  /** The macro budget in euros (whole cents), LKS and DTI included. */
  readonly macroBudget: number | string;
  /** The LKS part of the macro budget. @default 0 */
  readonly lksBudget?: number | string;
  /** The DTI part of the macro budget. @default 0 */
  readonly dtiBudget?: number | string;
}

/** The allocation rules both years are allocated with (the options of allocateBudget other than the budgets). */
export type ShareChangeAllocationOptions = Pick<
  AllocateBudgetOptions,
  'objectiveWeight' | 'inhabitantsCorrection' | 'poolSplit' | 'lksSpendingYear' | 'dtiRule' | 'sizeClasses'
>;

/** Options of {@link explainShareChanges}. */
export interface ExplainShareChangesOptions {
  /**
   * Feature groups by term name (the terms of the volume and price models, as in their `x`). Terms of the fits
   * that no group names form the group `'other terms'`; a term no fit has is an error.
   * @default SYNTHETIC_FEATURE_GROUPS (the eight groups of S0 ch.3 for the built-in synthetic data's terms; there
   *   terms the fits lack are left out)
   */
  readonly groups?: readonly FeatureGroup[];
  /**
   * How the actualisation is split over the groups: `'sequential'` moves them to the new year one at a time in
   * the order given (each group's part depends on the order), `'shapley'` averages each group's part over all
   * orders (exact, 2^k re-predictions; at most 8 groups, the automatic `'other terms'` included).
   * @default 'sequential'
   */
  readonly method?: 'sequential' | 'shapley';
  /** Allocation rules for both years. @default those of allocateBudget */
  readonly allocation?: ShareChangeAllocationOptions;
  /** Municipalities listed in the summary table and by {@link largestChangers}. @default 10 */
  readonly top?: number;
}

/** What a part of the change stands for. */
export type ShareChangePartKind =
  | 'reestimation'
  | 'actualisation'
  | 'households'
  | 'interaction'
  | 'size-class-mix'
  | 'historical'
  | 'lks'
  | 'dti'
  | 'macro-totals';

/** One part of the decomposition. */
export interface ShareChangePart {
  /** Display name: `'re-estimation'`, a group name, `'households'`, … */
  readonly name: string;
  readonly kind: ShareChangePartKind;
  /** The feature group of an actualisation part, else null. */
  readonly group: string | null;
}

/** One municipality's change in budget share and its parts. */
export interface MunicipalityShareExplanation {
  readonly municipality: string;
  /** Size class of the current year's inhabitants. */
  readonly sizeClass: string;
  readonly previousShare: number;
  readonly currentShare: number;
  /** currentShare − previousShare (in share units: 0.001 = 0.1 percentage point of the national budget). */
  readonly change: number;
  /** change / previousShare, the budgetmutatie of S0 ch.3. */
  readonly relativeChange: number;
  /** The parts of `change`, in the order of `parts`; they add up to `change`. */
  readonly parts: readonly number[];
}

/** The parts summed over the municipalities of one size class. */
export interface SizeClassShareExplanation {
  readonly sizeClass: string;
  readonly municipalities: number;
  readonly previousShare: number;
  readonly currentShare: number;
  readonly change: number;
  readonly parts: readonly number[];
}

/** Result of {@link explainShareChanges}: plain data, plus `summary()` and `tidy()` views. */
export interface ShareChangeExplanation {
  readonly previousYear: number;
  readonly currentYear: number;
  /** The parts, in the fixed order of the decomposition. */
  readonly parts: readonly ShareChangePart[];
  /** The feature groups used (the automatic `'other terms'` included). */
  readonly groups: readonly FeatureGroup[];
  /** Per municipality, in code order. */
  readonly municipalities: readonly MunicipalityShareExplanation[];
  /** Per size class, smallest first. */
  readonly bySizeClass: readonly SizeClassShareExplanation[];
  /** MAPC: mean |relativeChange| over the municipalities. */
  readonly meanAbsoluteChange: number;
  /** Per part, the mean over municipalities of |part / previousShare| (in the order of `parts`). */
  readonly meanAbsoluteByPart: readonly number[];
  /** Largest |Σ parts − change| over municipalities and size classes (rounding only; ≤ 1e-12 by test). */
  readonly maxResidual: number;
  readonly options: {
    readonly method: 'sequential' | 'shapley';
    readonly top: number;
    readonly allocation: ShareChangeAllocationOptions;
  };
}

/** One row of {@link ShareChangeExplanation} `tidy()`: one municipality and part. */
export interface ShareChangeTidyRow {
  readonly municipality: string;
  readonly sizeClass: string;
  readonly part: string;
  readonly kind: ShareChangePartKind;
  readonly change: number;
  readonly relativeChange: number;
}

/** The views attached to the result (not enumerable: the result stays plain data). */
export interface ShareChangeExplanationViews {
  /** Text table by size class, then the largest changers, each with its parts (in % points of the national budget). */
  summary(): string;
  /** Long form: one row per municipality and part. */
  tidy(): ShareChangeTidyRow[];
}

/** Municipal budget inputs swapped from the previous to the current year by each of parts (c) and (d). */
const FIELD_SETS = {
  inhabitants: ['inhabitants'],
  historical: ['spendingTwoYearsEarlier', 'inhabitantsTwoYearsEarlier', 'inhabitantsPreviousYear'],
  lks: ['lksSpendingPreviousYear', 'lksSpendingTwoYearsEarlier'],
  dti: ['dtiSpending'],
} as const;
type FieldSet = keyof typeof FIELD_SETS;
type Field = (typeof FIELD_SETS)[FieldSet][number];
const FIELDS: readonly Field[] = Object.values(FIELD_SETS).flat();

const YEAR_KEYS = [
  'budgetYear',
  'volume',
  'price',
  'households',
  'municipalities',
  'macroBudget',
  'lksBudget',
  'dtiBudget',
] as const;

const ALLOCATION_KEYS = [
  'objectiveWeight',
  'inhabitantsCorrection',
  'poolSplit',
  'lksSpendingYear',
  'dtiRule',
  'sizeClasses',
] as const;

/** A year's municipal table: the values of each budget field by municipality (in the explanation's code order). */
interface MunicipalYear {
  readonly fields: ReadonlyMap<Field, Float64Array>;
  readonly weight: Float64Array;
}

function readYear(year: unknown, name: string): ShareChangeYear {
  if (year === null || typeof year !== 'object' || Array.isArray(year)) {
    throw new SpecError(
      'missing-input',
      `${WHERE} needs ${name} as an object (budgetYear, volume, price, …)`,
      {
        option: name,
      },
    );
  }
  const y = checkOptions(year as ShareChangeYear, YEAR_KEYS, `${WHERE} (${name})`);
  for (const key of [
    'budgetYear',
    'volume',
    'price',
    'households',
    'municipalities',
    'macroBudget',
  ] as const) {
    if (y[key] === undefined) {
      throw new SpecError('missing-input', `${WHERE}: ${name}.${key} is required`, {
        option: `${name}.${key}`,
      });
    }
  }
  integerIn(y.budgetYear, 1900, 2200, `${name}.budgetYear`, WHERE);
  return y;
}

/** The codes of a year's municipal table and its numeric fields (absent columns left out; allocateBudget names them if needed). */
function readMunicipalTable(
  rows: DataInput,
  name: string,
): { ids: string[]; values: Map<string, Float64Array>; weight: Float64Array } {
  const frame = toFrame(rows);
  if (frame.nrows === 0) {
    throw new DataError('empty', `${WHERE}: ${name}.municipalities has no rows`, { column: 'municipality' });
  }
  const label = `${WHERE} (${name}.municipalities)`;
  const ids = readMunicipalityCodes(frame, 'municipality', label);
  const values = new Map<string, Float64Array>();
  for (const field of FIELDS) {
    if (!frame.has(field)) continue;
    const v = readMunicipalityNumbers(frame, field, ids, label, {
      min: 0,
      exclusive: field.startsWith('inhabitants'),
    });
    values.set(field, Float64Array.from(v));
  }
  const weight = frame.has('householdWeight')
    ? Float64Array.from(
        readMunicipalityNumbers(frame, 'householdWeight', ids, label, { min: 0, exclusive: true }),
      )
    : new Float64Array(ids.length).fill(1);
  return { ids, values, weight };
}

/** Both years' municipalities must be one set (one classification); names the odd ones. */
function sameCodes(a: readonly string[], b: readonly string[]): void {
  const inA = new Set(a);
  const inB = new Set(b);
  const onlyA = a.filter((id) => !inB.has(id)).sort(compareIds);
  const onlyB = b.filter((id) => !inA.has(id)).sort(compareIds);
  if (onlyA.length > 0 || onlyB.length > 0) {
    const list = (ids: string[]) =>
      ids.length === 0
        ? 'none'
        : `${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ` and ${ids.length - 5} more` : ''}`;
    throw new DataError(
      'unknown-unit',
      `${WHERE}: the municipalities of the two years differ (only previous: ${list(onlyA)}; only current: ${list(onlyB)}); map both years to one classification first (aggregateToClassification)`,
      { column: 'municipality' },
    );
  }
}

/** In code order: a year's table as field arrays aligned to `ids`. */
function align(
  table: { ids: string[]; values: Map<string, Float64Array>; weight: Float64Array },
  ids: readonly string[],
): MunicipalYear {
  const pos = new Map(table.ids.map((id, i) => [id, i]));
  const order = ids.map((id) => pos.get(id)!);
  const pick = (v: Float64Array) => Float64Array.from(order, (i) => v[i]!);
  const fields = new Map<Field, Float64Array>();
  for (const [k, v] of table.values) fields.set(k as Field, pick(v));
  return { fields, weight: pick(table.weight) };
}

/**
 * Explain each municipality's change in budget share between two budget years [S0 ch.3] by re-allocating
 * with one ingredient at a time moved from the previous to the current year. The parts, in this fixed order:
 *
 * (a) **re-estimation**: the current year's coefficients on the previous year's households (all else
 * previous); (b) **actualisation** with the previous coefficients, split by feature group: group g is moved by
 * shifting every household's linear predictor (volume and price model) by the change in the municipality's
 * mean contribution of g's terms, δ_{g,i} = mean_{new}(x_g'β) − mean_{old}(x_g'β), one group at a time in the
 * order given (or the Shapley average over orders), then **households** = the rest of the data update
 * (number of households, norms, household weights, and how features are spread within municipalities);
 * **interaction** of re-estimation and actualisation (the coefficients' effect on the new data minus that on
 * the old); (c) the **size-class mix** (inhabitants, hence objective weights) and the **historical** part
 * (spending t−2 and its inhabitants correction); (d) **LKS** and **DTI** spending, and the **macro totals**
 * (macro, LKS and DTI budgets). Every step is a full allocation (allocateBudget, unrounded shares), so for every
 * municipality the parts add up to currentShare − previousShare (rounding only), and so they do per size class.
 *
 * The mean shift is our choice (the sources do not say how groups are moved): two years' households are
 * different draws, not linked households, so a group cannot be swapped household by household. For features
 * that are one value per municipality (the regional group) the shift equals swapping them exactly.
 *
 * @param previous - Budget year B − 1.
 * @param current - Budget year B.
 * @param options - Groups, method, allocation rules.
 * @throws {SpecError} `unknown-term` for a group naming a term no fit has, `invalid-option` for a term in two
 *   groups, duplicate names, more than 8 groups with `method: 'shapley'`, `unknown-option` / `missing-input`.
 * @throws {DataError} `invalid-value` when the current budget year is not the previous one plus 1 (`budgetYear`),
 *   `unknown-unit` when the years' municipalities differ or a household is in no listed municipality, and the
 *   allocation's own errors for missing or bad budget inputs.
 * @example
 * ```ts
 * import { explainShareChanges } from 'verdeelmodel/development';
 * import { generateHouseholds } from 'verdeelmodel/generate';
 * import { fitPriceModel } from 'verdeelmodel/price';
 * import { fitVolumeModel } from 'verdeelmodel/volume';
 * const year = (y: number, seed: number) => {
 *   const g = generateHouseholds({ households: 20_000, seed, year: y, municipalities: 40 });
 *   const m = g.municipalities;
 *   const households = g.columns();
 *   return {
 *     budgetYear: y + 2,
 *     volume: fitVolumeModel(households),
 *     price: fitPriceModel(households),
 *     households,
 *     municipalities: m.id.map((municipality, i) => ({
 *       municipality,
 *       inhabitants: m.inhabitantsPreviousYear[i]!,
 *       spendingTwoYearsEarlier: m.spendingTwoYearsBefore[i]!,
 *       inhabitantsTwoYearsEarlier: m.inhabitantsTwoYearsBefore[i]!,
 *       inhabitantsPreviousYear: m.inhabitantsPreviousYear[i]!,
 *       householdWeight: m.householdWeight[i]!,
 *     })),
 *     macroBudget: 6e9,
 *   };
 * };
 * const why = explainShareChanges(year(2021, 1), year(2022, 1));
 * why.parts.map((p) => p.name); // ['re-estimation', 'household type', …, 'macro totals']
 * console.log(why.summary());
 * ```
 */
export function explainShareChanges(
  previous: ShareChangeYear,
  current: ShareChangeYear,
  options: ExplainShareChangesOptions = {},
): ShareChangeExplanation & ShareChangeExplanationViews {
  const o = checkOptions(options, ['groups', 'method', 'allocation', 'top'], WHERE);
  const prev = readYear(previous, 'previous');
  const cur = readYear(current, 'current');
  if (cur.budgetYear !== prev.budgetYear + 1) {
    throw new DataError(
      'invalid-value',
      `${WHERE}: the current budget year (${cur.budgetYear}) must follow the previous one (${prev.budgetYear}); pass two consecutive budget years, the earlier as previous`,
      { column: 'budgetYear' },
    );
  }
  const method = oneOf(o.method ?? 'sequential', ['sequential', 'shapley'], 'method', WHERE);
  const top = integerIn(o.top ?? 10, 0, 10_000, 'top', WHERE);
  const allocation = checkOptions(o.allocation, ALLOCATION_KEYS, `${WHERE} (allocation)`);
  const fits = [
    { name: 'the previous volume model', fit: prev.volume.fit },
    { name: 'the previous price model', fit: prev.price.fit },
    { name: 'the current volume model', fit: cur.volume.fit },
    { name: 'the current price model', fit: cur.price.fit },
  ];
  const groups = resolveFeatureGroups(
    o.groups ?? SYNTHETIC_FEATURE_GROUPS,
    fits,
    o.groups === undefined,
    WHERE,
  );
  if (method === 'shapley' && groups.length > MAX_SHAPLEY_GROUPS) {
    throw new SpecError(
      'invalid-option',
      `${WHERE}: method 'shapley' takes at most ${MAX_SHAPLEY_GROUPS} groups, got ${groups.length} (${groups.map((g) => g.name).join(', ')}); merge groups or use method 'sequential'`,
      { option: 'method' },
    );
  }

  // Municipalities: one set in both years, in code order.
  const prevTable = readMunicipalTable(prev.municipalities, 'previous');
  const curTable = readMunicipalTable(cur.municipalities, 'current');
  sameCodes(prevTable.ids, curTable.ids);
  const ids = [...prevTable.ids].sort(compareIds);
  const index = new Map(ids.map((id, i) => [id, i]));
  const muni = { previous: align(prevTable, ids), current: align(curTable, ids) };

  const households = (y: ShareChangeYear, label: string): HouseholdYear =>
    readHouseholdYear(
      toFrame(y.households),
      `the ${label} year's households`,
      y.volume.options.municipality,
      y.price.options.norm,
      index,
      WHERE,
    );
  const d0 = households(prev, 'previous');
  const d1 = households(cur, 'current');
  const b0: Coefficients = { volume: prev.volume.fit, price: prev.price.fit };
  const b1: Coefficients = { volume: cur.volume.fit, price: cur.price.fit };
  const w0 = muni.previous.weight;
  const w1 = muni.current.weight;

  // Predicted spending under (coefficients, data): 00 = previous, previous; 10 = current coefficients, previous data …
  const eta00 = linearPredictors(b0, d0);
  const pb00 = spendingOf(b0, d0, eta00, w0, null, null);
  const pb10 = spendingOf(b1, d0, linearPredictors(b1, d0), w0, null, null);
  const pb01 = spendingOf(b0, d1, linearPredictors(b0, d1), w1, null, null);
  const pb11 = spendingOf(b1, d1, linearPredictors(b1, d1), w1, null, null);
  const shifts = groupShifts(b0, groups, d0, d1, ids.length);

  type Year = 'previous' | 'current';
  const sharesOf = (
    pb: Float64Array,
    fields: Readonly<Record<FieldSet, Year>>,
    totals: Year,
  ): Float64Array => {
    const rows: MunicipalityBudgetInput[] = ids.map((municipality, i) => {
      const row: Record<string, number | string> = { municipality, predictedSpending: pb[i]! };
      for (const set of Object.keys(FIELD_SETS) as FieldSet[]) {
        for (const field of FIELD_SETS[set]) {
          const v = muni[fields[set]].fields.get(field);
          if (v) row[field] = v[i]!;
        }
      }
      return row as unknown as MunicipalityBudgetInput;
    });
    const t = totals === 'previous' ? prev : cur;
    const a = allocateBudget({
      ...allocation,
      municipalities: rows,
      macroBudget: t.macroBudget,
      ...(t.lksBudget === undefined ? {} : { lksBudget: t.lksBudget }),
      ...(t.dtiBudget === undefined ? {} : { dtiBudget: t.dtiBudget }),
    });
    return Float64Array.from(a.municipalities, (m) => m.budgetShare);
  };
  const allPrevious = {
    inhabitants: 'previous',
    historical: 'previous',
    lks: 'previous',
    dti: 'previous',
  } as const;
  const s00 = sharesOf(pb00, allPrevious, 'previous');
  const s10 = sharesOf(pb10, allPrevious, 'previous');
  const s01 = sharesOf(pb01, allPrevious, 'previous');
  const s11 = sharesOf(pb11, allPrevious, 'previous');

  // Actualisation by group: v(S) = shares with the groups in S moved (previous coefficients and households).
  const cache = new Map<number, Float64Array>();
  const value = (mask: number): Float64Array => {
    const hit = cache.get(mask);
    if (hit) return hit;
    let v: Float64Array;
    if (mask === 0) v = s00;
    else {
      const sv = new Float64Array(ids.length);
      const sp = new Float64Array(ids.length);
      groups.forEach((_, g) => {
        if (!(mask & (1 << g))) return;
        for (let i = 0; i < ids.length; i++) {
          sv[i]! += shifts.volume[g]![i]!;
          sp[i]! += shifts.price[g]![i]!;
        }
      });
      v = sharesOf(spendingOf(b0, d0, eta00, w0, sv, sp), allPrevious, 'previous');
    }
    cache.set(mask, v);
    return v;
  };
  const k = groups.length;
  const diff = (a: Float64Array, b: Float64Array) => Float64Array.from(a, (x, i) => x - b[i]!);
  const groupParts: Float64Array[] = [];
  if (method === 'sequential') {
    for (let g = 0; g < k; g++) groupParts.push(diff(value((1 << (g + 1)) - 1), value((1 << g) - 1)));
  } else {
    const fact = [1];
    for (let j = 1; j <= k; j++) fact.push(fact[j - 1]! * j);
    for (let g = 0; g < k; g++) {
      const phi = new Float64Array(ids.length);
      for (let mask = 0; mask < 1 << k; mask++) {
        if (mask & (1 << g)) continue;
        let size = 0;
        for (let j = 0; j < k; j++) if (mask & (1 << j)) size++;
        const weight = (fact[size]! * fact[k - size - 1]!) / fact[k]!;
        const a = value(mask | (1 << g));
        const b = value(mask);
        for (let i = 0; i < ids.length; i++) phi[i]! += weight * (a[i]! - b[i]!);
      }
      groupParts.push(phi);
    }
  }
  const allGroups = value((1 << k) - 1);

  // (c), (d): municipal inputs and totals moved after the objective side.
  const c1 = { ...allPrevious, inhabitants: 'current' } as const;
  const c2 = { ...c1, historical: 'current' } as const;
  const d1f = { ...c2, lks: 'current' } as const;
  const d2f = { ...d1f, dti: 'current' } as const;
  const sInh = sharesOf(pb11, c1, 'previous');
  const sHist = sharesOf(pb11, c2, 'previous');
  const sLks = sharesOf(pb11, d1f, 'previous');
  const sDti = sharesOf(pb11, d2f, 'previous');
  const sCur = sharesOf(pb11, d2f, 'current');

  const parts: ShareChangePart[] = [
    { name: 're-estimation', kind: 'reestimation', group: null },
    ...groups.map((g) => ({ name: g.name, kind: 'actualisation' as const, group: g.name })),
    { name: 'households', kind: 'households', group: null },
    { name: 'interaction', kind: 'interaction', group: null },
    { name: 'size-class mix', kind: 'size-class-mix', group: null },
    { name: 'historical', kind: 'historical', group: null },
    { name: 'LKS', kind: 'lks', group: null },
    { name: 'DTI', kind: 'dti', group: null },
    { name: 'macro totals', kind: 'macro-totals', group: null },
  ];
  const interaction = Float64Array.from(s11, (x, i) => x - s01[i]! - (s10[i]! - s00[i]!));
  const values: Float64Array[] = [
    diff(s10, s00),
    ...groupParts,
    diff(s01, allGroups),
    interaction,
    diff(sInh, s11),
    diff(sHist, sInh),
    diff(sLks, sHist),
    diff(sDti, sLks),
    diff(sCur, sDti),
  ];

  // Size classes of the current inhabitants (the allocation's classes).
  const classes = resolveSizeClasses(allocation.sizeClasses);
  const labels = classes.labels;
  const currentInhabitants = muni.current.fields.get('inhabitants');
  const classOf = ids.map((_, i) =>
    currentInhabitants ? labels[sizeClassIndex(currentInhabitants[i]!, classes)]! : labels[0]!,
  );

  let maxResidual = 0;
  const municipalities = ids.map((municipality, i): MunicipalityShareExplanation => {
    const change = sCur[i]! - s00[i]!;
    const p = values.map((v) => v[i]!);
    maxResidual = Math.max(maxResidual, Math.abs(p.reduce((a, x) => a + x, 0) - change));
    return {
      municipality,
      sizeClass: classOf[i]!,
      previousShare: s00[i]!,
      currentShare: sCur[i]!,
      change,
      relativeChange: change / s00[i]!,
      parts: p,
    };
  });
  const bySizeClass = labels.flatMap((sizeClass): SizeClassShareExplanation[] => {
    const members = municipalities.filter((m) => m.sizeClass === sizeClass);
    if (members.length === 0) return [];
    const sum = (f: (m: MunicipalityShareExplanation) => number) => members.reduce((a, m) => a + f(m), 0);
    const change = sum((m) => m.change);
    const classParts = parts.map((_, j) => sum((m) => m.parts[j]!));
    maxResidual = Math.max(maxResidual, Math.abs(classParts.reduce((a, x) => a + x, 0) - change));
    return [
      {
        sizeClass,
        municipalities: members.length,
        previousShare: sum((m) => m.previousShare),
        currentShare: sum((m) => m.currentShare),
        change,
        parts: classParts,
      },
    ];
  });
  const mean = (f: (m: MunicipalityShareExplanation) => number) =>
    municipalities.reduce((a, m) => a + Math.abs(f(m)), 0) / municipalities.length;
  const result: ShareChangeExplanation = {
    previousYear: prev.budgetYear,
    currentYear: cur.budgetYear,
    parts,
    groups,
    municipalities,
    bySizeClass,
    meanAbsoluteChange: mean((m) => m.relativeChange),
    meanAbsoluteByPart: parts.map((_, j) => mean((m) => m.parts[j]! / m.previousShare)),
    maxResidual,
    options: { method, top, allocation },
  };
  const withSummary = withView(result, 'summary', () => summaryText(result));
  return withView(withSummary, 'tidy', () => tidyRows(result));
}

/**
 * The `top` municipalities with the largest |relative change| in budget share, largest first (ties by code):
 * the rows the summary lists and shareChangePartsPlot draws.
 *
 * @example
 * ```ts
 * import { explainShareChanges, largestChangers } from 'verdeelmodel/development';
 * declare const why: ReturnType<typeof explainShareChanges>;
 * largestChangers(why, 5).map((m) => m.municipality);
 * ```
 */
export function largestChangers(
  explanation: Pick<ShareChangeExplanation, 'municipalities'>,
  top: number,
): MunicipalityShareExplanation[] {
  return [...explanation.municipalities]
    .sort(
      (a, b) =>
        Math.abs(b.relativeChange) - Math.abs(a.relativeChange) || compareIds(a.municipality, b.municipality),
    )
    .slice(0, top);
}

function tidyRows(r: ShareChangeExplanation): ShareChangeTidyRow[] {
  return r.municipalities.flatMap((m) =>
    r.parts.map((p, j) => ({
      municipality: m.municipality,
      sizeClass: m.sizeClass,
      part: p.name,
      kind: p.kind,
      change: m.parts[j]!,
      relativeChange: m.parts[j]! / m.previousShare,
    })),
  );
}

function summaryText(r: ShareChangeExplanation): string {
  const partColumns = r.parts.map((p, j) => ({
    key: `p${j}`,
    label: p.name,
    as: 'percent' as const,
    digits: 3,
  }));
  const row = (
    label: string,
    n: number | null,
    change: number,
    parts: readonly number[],
    relative: number,
  ) => {
    const out: Record<string, unknown> = Object.create(null);
    out.unit = label;
    out.n = n;
    out.relative = relative;
    out.change = change;
    parts.forEach((v, j) => {
      out[`p${j}`] = v;
    });
    return out;
  };
  const classRows = r.bySizeClass.map((c) =>
    row(c.sizeClass, c.municipalities, c.change, c.parts, c.change / c.previousShare),
  );
  const topRows = largestChangers(r, r.options.top).map((m) =>
    row(m.municipality, null, m.change, m.parts, m.relativeChange),
  );
  const columns = [
    { key: 'unit', label: 'size class / municipality' },
    { key: 'n', label: 'n' },
    { key: 'relative', label: 'rel. change', as: 'percent' as const, digits: 1 },
    { key: 'change', label: 'change', as: 'percent' as const, digits: 3 },
    ...partColumns,
  ];
  return formatTable([...classRows, ...topRows], {
    columns,
    missing: '',
    title: `Budget-share changes ${r.previousYear} → ${r.currentYear}, by part (${r.options.method}); change and parts in % points of the national budget`,
    footers: [
      `MAPC ${(100 * r.meanAbsoluteChange).toFixed(2)}% over ${r.municipalities.length} municipalities; the ${topRows.length} largest changers follow the size classes`,
      `parts add up to the change to within ${r.maxResidual.toExponential(1)}`,
    ],
  });
}
