import {
  resolveSizeClasses,
  type SizeClasses,
  type SizeClassOptions,
  sizeClassIndex,
} from '../allocation/size-classes.js';
import { DataError, SpecError } from '../errors.js';
import { checkOptions } from '../internal/options.js';
import type { BalanceTable, MunicipalityBalance } from './balances.js';
import { resolveYears } from './balances.js';
import { OutlierInputError } from './errors.js';
import { membersOption, yearsOption } from './options.js';
import { idKey, type MemberLike, resolveMembers, showId, type UnitId } from './records.js';
import { checkBalanceTable, summariesFor } from './select-extremes.js';

/** Options of {@link comparisonGroup}. */
export interface ComparisonGroupOptions {
  /**
   * The size classes ("grootteklassen"), as everywhere in the library (`src/allocation/size-classes.ts`):
   * increasing `breakpoints` of inhabitants, class k holding `breakpoints[k-1] <= inhabitants <
   * breakpoints[k]`, and optional `labels`. S1 uses 40-100k, 100-250k and >250k.
   * @default { breakpoints: [40000, 100000, 250000] } (labels '<40k', '40k-100k', '100k-250k', '>=250k')
   */
  readonly sizeClasses?: SizeClassOptions;
  /** Years over which `Σ_t |balance_t|` is summed. @default `groups.years` if given, else the table's years */
  readonly years?: readonly number[];
}

/** The deficit and surplus groups, e.g. the output of `selectExtremes`. */
export interface ExtremeGroups {
  readonly deficit: readonly MemberLike[];
  readonly surplus: readonly MemberLike[];
  /** The selection window, used as the default `years`. */
  readonly years?: readonly number[];
}

/** One comparison municipality. */
export interface ComparisonMember {
  readonly municipality: UnitId;
  readonly sizeClass: string;
  readonly inhabitants: number;
  /** `Σ_t |balance_t|` over the window (the selection criterion: smaller is closer to balance). */
  readonly sumAbsoluteBalance: number;
  /** 1 = closest to balance within its size class. */
  readonly rank: number;
}

/** Counts per size class, as in S1 Tab 2.2. */
export interface SizeClassCount {
  readonly sizeClass: string;
  readonly deficit: number;
  readonly surplus: number;
  readonly comparison: number;
  /** Municipalities of the class available for the comparison group. */
  readonly candidates: number;
}

/** Result of {@link comparisonGroup}. */
export interface ComparisonGroup {
  readonly options: { readonly sizeClasses: SizeClasses; readonly years: readonly number[] };
  /** Comparison municipalities, by size class (smallest first) and rank. */
  readonly members: readonly ComparisonMember[];
  /** Every size class of the breaks, with its group counts. */
  readonly classes: readonly SizeClassCount[];
}

/**
 * The comparison group ("vergelijkingsgroep"): within each size class, as many municipalities as the
 * deficit and surplus groups have there together, picked from the rest of the table by the smallest
 * `Σ_t |balance_t|` (a stable balance near zero; S1 §2.1, Tab 2.2; DOMAIN D.2). Ties go to the lower id.
 *
 * @param table - output of `balances` (same inhabitants restriction as the extreme groups)
 * @param groups - the deficit and surplus groups (ids or selection entries)
 * @param options - size classes and window
 * @returns the members and the per-class counts
 * @throws {OutlierInputError} `unknown-unit` (a group member not in the table), `duplicate` (in both groups),
 *   `missing-value` (no inhabitants), `out-of-range` (inhabitants ≤ 0), `too-few-rows` (a class without
 *   enough candidates)
 * @throws {SpecError} `unknown-option`, `invalid-option` (bad size classes or years)
 * @example
 * ```ts
 * import { balances, comparisonGroup, type RecordsInput, selectExtremes } from 'verdeelmodel/outliers';
 * declare const rows: RecordsInput; // one row per municipality and year (see balances)
 * const table = balances(rows, { minInhabitants: 40_000 });
 * const comparison = comparisonGroup(table, selectExtremes(table));
 * comparison.members.length; // => 30 when the groups hold 15 + 15 municipalities
 * ```
 */
export function comparisonGroup(
  table: BalanceTable,
  groups: ExtremeGroups,
  options: ComparisonGroupOptions = {},
): ComparisonGroup {
  const fn = 'comparisonGroup';
  const opts = resolveComparisonGroupOptions(options);
  checkBalanceTable(table, fn);
  if (groups === null || typeof groups !== 'object') {
    throw new SpecError(
      'invalid-option',
      `${fn}: groups must be { deficit, surplus } (e.g. from selectExtremes)`,
      {
        option: 'groups',
      },
    );
  }
  const deficitMembers = membersOption<MemberLike>(groups.deficit, 'deficit', fn);
  const surplusMembers = membersOption<MemberLike>(groups.surplus, 'surplus', fn);
  const sizeClasses = opts.sizeClasses;
  const labels = sizeClasses.labels;
  const years = resolveYears(
    opts.years ?? yearsOption(groups.years, fn) ?? table.years,
    new Set(table.years),
  );
  const summaries = summariesFor(table, years);
  const units = new Map(summaries.map((u) => [idKey(u.municipality), u]));

  const inhabitantsOf = (id: UnitId): number => {
    const unit = units.get(idKey(id)) as MunicipalityBalance;
    if (unit.inhabitants === null) {
      throw new OutlierInputError(
        'missing-value',
        `${fn}: municipality ${showId(id)} has no inhabitants; give balances() an inhabitants column`,
        { municipality: id },
      );
    }
    return unit.inhabitants;
  };
  const classOf = (id: UnitId): number => {
    const inhabitants = inhabitantsOf(id);
    try {
      return sizeClassIndex(inhabitants, sizeClasses);
    } catch (e) {
      if (!(e instanceof DataError)) throw e;
      throw new OutlierInputError(
        e.code,
        `${fn}: municipality ${showId(id)} has ${inhabitants} inhabitants; a size class needs a positive number`,
        { municipality: id, column: 'inhabitants', cause: e },
      );
    }
  };

  const inGroups = new Map<string, string>();
  const need = labels.map(() => ({ deficit: 0, surplus: 0 }));
  const known = (key: string) => units.get(key)?.municipality;
  const source = 'the balance table (dropped by minInhabitants, or a wrong id?)';
  for (const [label, members] of [
    ['deficit', deficitMembers],
    ['surplus', surplusMembers],
  ] as const) {
    for (const id of resolveMembers(known, members, label, fn, inGroups, source)) {
      (need[classOf(id)] as { deficit: number; surplus: number })[label]++;
    }
  }

  const candidates = labels.map(() => [] as { id: UnitId; key: string; sum: number; inhabitants: number }[]);
  for (const unit of summaries) {
    const key = idKey(unit.municipality);
    if (inGroups.has(key)) continue;
    const k = classOf(unit.municipality);
    candidates[k]?.push({
      id: unit.municipality,
      key,
      sum: unit.sumAbsoluteBalance,
      inhabitants: inhabitantsOf(unit.municipality),
    });
  }

  const members: ComparisonMember[] = [];
  const classes: SizeClassCount[] = labels.map((sizeClass, k) => {
    const counts = need[k] as { deficit: number; surplus: number };
    const wanted = counts.deficit + counts.surplus;
    const pool = (candidates[k] ?? []).sort((a, b) => a.sum - b.sum || (a.key < b.key ? -1 : 1));
    if (pool.length < wanted) {
      throw new OutlierInputError(
        'too-few-rows',
        `${fn}: size class ${sizeClass} needs ${wanted} comparison municipalities but has only ${pool.length} candidates`,
      );
    }
    pool.slice(0, wanted).forEach((c, r) => {
      members.push({
        municipality: c.id,
        sizeClass,
        inhabitants: c.inhabitants,
        sumAbsoluteBalance: c.sum,
        rank: r + 1,
      });
    });
    return { sizeClass, ...counts, comparison: wanted, candidates: pool.length };
  });
  return { options: { sizeClasses, years }, members, classes };
}

/** S1's size classes: 40-100k, 100-250k and >250k (with an empty class below 40k). */
const S1_BREAKPOINTS = [40_000, 100_000, 250_000] as const;

/** Check the options of {@link comparisonGroup} once; size classes through the one size-class module. */
export function resolveComparisonGroupOptions(options: ComparisonGroupOptions): {
  readonly sizeClasses: SizeClasses;
  readonly years: readonly number[] | undefined;
} {
  const fn = 'comparisonGroup';
  const o = checkOptions(options, ['sizeClasses', 'years'], fn);
  let sizeClasses: SizeClasses;
  if (o.sizeClasses === undefined) {
    sizeClasses = resolveSizeClasses({ breakpoints: S1_BREAKPOINTS });
  } else {
    const given = checkOptions(o.sizeClasses, ['breakpoints', 'labels'], `${fn}: sizeClasses`);
    const list = (v: unknown, kind: string) => {
      if (v !== undefined && (!Array.isArray(v) || v.some((x) => typeof x !== kind))) {
        throw new SpecError('invalid-option', `${fn}: sizeClasses must have ${kind} arrays`, {
          option: 'sizeClasses',
        });
      }
    };
    list(given.breakpoints, 'number');
    list(given.labels, 'string');
    try {
      sizeClasses = resolveSizeClasses({
        breakpoints: given.breakpoints ?? S1_BREAKPOINTS,
        ...(given.labels === undefined ? {} : { labels: given.labels }),
      });
    } catch (e) {
      if (!(e instanceof SpecError)) throw e;
      throw new SpecError(e.code, `${fn}: ${e.message}`, { option: 'sizeClasses', cause: e });
    }
  }
  return { sizeClasses, years: yearsOption(o.years, fn) };
}
