import { SpecError } from '../errors.js';
import type { BalanceTable } from './balances.js';
import { resolveYears } from './balances.js';
import { OutlierInputError } from './errors.js';
import { idKey, type MemberLike, memberId, showId, type UnitId } from './records.js';
import { summariesFor } from './select-extremes.js';

/** Options of {@link comparisonGroup}. */
export interface ComparisonGroupOptions {
  /**
   * Increasing inhabitant counts separating the size classes ("grootteklassen"); class k holds
   * `sizeBreaks[k-1] <= population < sizeBreaks[k]`. S1 uses 40-100k, 100-250k and >250k.
   * @default [40000, 100000, 250000]
   */
  readonly sizeBreaks?: readonly number[];
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
  readonly population: number;
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
  readonly options: { readonly sizeBreaks: readonly number[]; readonly years: readonly number[] };
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
 * @param table - output of `balances` (same population restriction as the extreme groups)
 * @param groups - the deficit and surplus groups (ids or selection entries)
 * @param options - size classes and window
 * @returns the members and the per-class counts
 * @throws {OutlierInputError} `unknown-unit` (a group member not in the table), `duplicate` (in both groups),
 *   `missing-value` (no population), `too-few-rows` (a class without enough candidates)
 * @example
 * ```ts
 * const table = balances(rows, { minPopulation: 40_000 });
 * const comparison = comparisonGroup(table, selectExtremes(table));
 * comparison.members.length; // => 30 when the groups hold 15 + 15 municipalities
 * ```
 */
export function comparisonGroup(
  table: BalanceTable,
  groups: ExtremeGroups,
  options: ComparisonGroupOptions = {},
): ComparisonGroup {
  const sizeBreaks = [...(options.sizeBreaks ?? [40_000, 100_000, 250_000])];
  sizeBreaks.forEach((b, k) => {
    if (!Number.isFinite(b) || (k > 0 && b <= sizeBreaks[k - 1])) {
      throw new SpecError(
        'invalid-option',
        `comparisonGroup: sizeBreaks must be finite and strictly increasing, got [${sizeBreaks}]`,
      );
    }
  });
  const labels = sizeLabels(sizeBreaks);
  const years = resolveYears(options.years ?? groups.years ?? table.years, new Set(table.years));
  const summaries = summariesFor(table, years);
  const units = new Map(summaries.map((u) => [idKey(u.municipality), u]));

  const classOf = (id: UnitId): number => {
    const unit = units.get(idKey(id))!;
    if (unit.population === null) {
      throw new OutlierInputError(
        'missing-value',
        `comparisonGroup: municipality ${showId(id)} has no population; give balances() a population column`,
        { municipality: id },
      );
    }
    let k = 0;
    while (k < sizeBreaks.length && unit.population >= sizeBreaks[k]) k++;
    return k;
  };

  const inGroups = new Map<string, 'deficit' | 'surplus'>();
  const need = labels.map(() => ({ deficit: 0, surplus: 0 }));
  for (const label of ['deficit', 'surplus'] as const) {
    for (const member of groups[label]) {
      const id = memberId(member);
      if (!units.has(idKey(id))) {
        throw new OutlierInputError(
          'unknown-unit',
          `comparisonGroup: ${label} municipality ${showId(id)} is not in the balance table (dropped by minPopulation, or a wrong id?)`,
          { municipality: id },
        );
      }
      const earlier = inGroups.get(idKey(id));
      if (earlier) {
        throw new OutlierInputError(
          'duplicate',
          `comparisonGroup: municipality ${showId(id)} is in the ${earlier} group and in the ${label} group`,
          { municipality: id },
        );
      }
      inGroups.set(idKey(id), label);
      need[classOf(id)][label]++;
    }
  }

  const candidates = labels.map(() => [] as { id: UnitId; key: string; sum: number; population: number }[]);
  for (const unit of summaries) {
    const key = idKey(unit.municipality);
    if (inGroups.has(key)) continue;
    const k = classOf(unit.municipality);
    candidates[k].push({
      id: unit.municipality,
      key,
      sum: unit.sumAbsoluteBalance,
      population: unit.population!,
    });
  }

  const members: ComparisonMember[] = [];
  const classes: SizeClassCount[] = labels.map((sizeClass, k) => {
    const wanted = need[k].deficit + need[k].surplus;
    const pool = candidates[k].sort((a, b) => a.sum - b.sum || (a.key < b.key ? -1 : 1));
    if (pool.length < wanted) {
      throw new OutlierInputError(
        'too-few-rows',
        `comparisonGroup: size class ${sizeClass} needs ${wanted} comparison municipalities but has only ${pool.length} candidates`,
      );
    }
    pool.slice(0, wanted).forEach((c, r) => {
      members.push({
        municipality: c.id,
        sizeClass,
        population: c.population,
        sumAbsoluteBalance: c.sum,
        rank: r + 1,
      });
    });
    return { sizeClass, ...need[k], comparison: wanted, candidates: pool.length };
  });
  return { options: { sizeBreaks, years }, members, classes };
}

/** Labels such as `'<40k'`, `'40k-100k'`, `'>=250k'` for the classes defined by `breaks`. */
export function sizeLabels(breaks: readonly number[]): string[] {
  const short = (n: number) => (n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : String(n));
  if (breaks.length === 0) return ['all'];
  const labels = [`<${short(breaks[0])}`];
  for (let k = 1; k < breaks.length; k++) labels.push(`${short(breaks[k - 1])}-${short(breaks[k])}`);
  labels.push(`>=${short(breaks[breaks.length - 1])}`);
  return labels;
}
