import type { DataInput } from '../data/frame.js';
import { dataRow } from '../data/frame.js';
import { DataError, SpecError } from '../errors.js';
import { checkOptions, integerIn, numberIn, oneOf } from '../internal/options.js';
import {
  byKeyYear,
  featureTable,
  indicatorColumn,
  keyColumn,
  meanOverYears,
  meanYearlyShare,
  numberColumn,
  requireEveryYear,
  sortedKeys,
  yearColumn,
} from './features-input.js';

/** The five urbanity classes ("stedelijkheid") by mean address density, CBS code 1 (most urban) to 5. */
export const URBANITY_CLASSES = [
  { code: 1, label: 'very strongly urban', dutch: 'zeer sterk stedelijk', from: 2500 },
  { code: 2, label: 'strongly urban', dutch: 'sterk stedelijk', from: 1500 },
  { code: 3, label: 'moderately urban', dutch: 'matig stedelijk', from: 1000 },
  { code: 4, label: 'hardly urban', dutch: 'weinig stedelijk', from: 500 },
  { code: 5, label: 'not urban', dutch: 'niet stedelijk', from: 0 },
] as const;

/** One urbanity class. */
export type UrbanityClass = (typeof URBANITY_CLASSES)[number];

/**
 * The urbanity class of a mean address density ("omgevingsadressendichtheid", oad, addresses per km²)
 * [S1 Annex C; DOMAIN D.5]: < 500 not urban, 500–1000 hardly, 1000–1500 moderately, 1500–2500 strongly,
 * ≥ 2500 very strongly urban. A boundary value belongs to the class above it (500 is "hardly urban"), as the
 * seed's "2500 of meer" says for the top class.
 *
 * @throws {DataError} `out-of-range` for a negative or non-finite density.
 * @example
 * ```ts
 * import { urbanityClass } from 'verdeelmodel/development';
 * urbanityClass(1500).code; // => 2
 * urbanityClass(499.9).label; // => 'not urban'
 * ```
 */
export function urbanityClass(oad: number): UrbanityClass {
  if (typeof oad !== 'number' || !Number.isFinite(oad) || oad < 0) {
    throw new DataError(
      'out-of-range',
      `urbanityClass: the address density must be a finite number >= 0, got ${String(oad)}`,
    );
  }
  return URBANITY_CLASSES.find((c) => oad >= c.from)!;
}

/** Options of {@link urbanityClasses}. */
export interface UrbanityClassesOptions {
  /** @default 'municipality' */
  readonly municipality?: string;
  /** Year column; every municipality needs the same years. @default 'year' */
  readonly year?: string;
  /** Mean address density column. @default 'oad' */
  readonly oad?: string;
}

/** One municipality's urbanity. */
export interface MunicipalityUrbanity {
  readonly municipality: string;
  readonly years: number;
  /** Mean of the yearly densities. */
  readonly oad: number;
  readonly code: UrbanityClass['code'];
  readonly label: UrbanityClass['label'];
}

/**
 * Urbanity per municipality [S1 Annex C]: the mean address density over the years (2017–2020 in S1), then
 * its class ({@link urbanityClass}).
 *
 * @throws {DataError} `unbalanced-panel` when a municipality lacks a year others have, `duplicate` for two rows
 *   of one municipality and year, and the column checks.
 * @example
 * ```ts
 * import { urbanityClasses } from 'verdeelmodel/development';
 * urbanityClasses({ municipality: ['A', 'A'], year: [2019, 2020], oad: [2400, 2700] })[0]!.code; // => 1
 * ```
 */
export function urbanityClasses(
  data: DataInput,
  options: UrbanityClassesOptions = {},
): MunicipalityUrbanity[] {
  const where = 'urbanityClasses';
  const o = checkOptions(options, ['municipality', 'year', 'oad'], where);
  const t = featureTable(data, where);
  const m = keyColumn(t, o.municipality ?? 'municipality', 'the municipality');
  const year = yearColumn(t, o.year ?? 'year');
  const oad = numberColumn(t, o.oad ?? 'oad', 'the address density', { min: 0 });
  const { years, count, sums } = byKeyYear(m.codes, m.keys.length, year, [oad]);
  oneRowPerYear(t, m, year, years, count, o.year ?? 'year');
  requireEveryYear(t, m.keys, years, count, 'municipality');
  const { order, sorted } = sortedKeys(m.keys);
  return sorted.map((municipality, k) => {
    const { mean, years: n } = meanOverYears(sums[0]!, count, order[k]!);
    const c = urbanityClass(mean);
    return { municipality, years: n, oad: mean, code: c.code, label: c.label };
  });
}

/** At most one row per key and year. */
function oneRowPerYear(
  t: ReturnType<typeof featureTable>,
  m: { keys: string[]; codes: Int32Array },
  year: Int32Array,
  years: readonly number[],
  count: readonly Float64Array[],
  column: string,
): void {
  for (let i = 0; i < year.length; i++) {
    if (count[years.indexOf(year[i]!)]![m.codes[i]!]! > 1) {
      throw new DataError(
        'duplicate',
        `${t.where}: '${m.keys[m.codes[i]!]}' has more than one row for year ${year[i]} (row ${dataRow(t.frame, i)} is one); give one value per year`,
        { column, row: dataRow(t.frame, i) },
      );
    }
  }
}

/** The liberalisation limits ("liberalisatiegrens", monthly rent in euros) of S1 Annex C. */
export const LIBERALISATION_LIMITS: ReadonlyMap<number, number> = new Map([
  [2017, 710.68],
  [2018, 710.68],
  [2019, 720.42],
  [2020, 737.53],
]);

/** Options of {@link cheapRentalShares}. */
export interface CheapRentalSharesOptions {
  /** @default 'municipality' */
  readonly municipality?: string;
  /** @default 'year' */
  readonly year?: string;
  /** Net monthly rent ("kale huur") column. @default 'rent' */
  readonly rent?: string;
  /** Liberalisation limit per year (a Map or an object keyed by year). @default LIBERALISATION_LIMITS (2017–2020) */
  readonly limits?: ReadonlyMap<number, number> | Readonly<Record<string, number>>;
  /** Fractions of the limit to count below. @default [1, 0.75, 0.5] */
  readonly fractions?: readonly number[];
}

/** Result of {@link cheapRentalShares}. */
export interface CheapRentalShares {
  readonly fractions: readonly number[];
  readonly municipalities: readonly {
    readonly municipality: string;
    readonly years: number;
    /** Sampled renters, all years. */
    readonly renters: number;
    /** Per fraction (in the order of `fractions`): the mean over years of the share of rents below fraction × limit. */
    readonly shares: readonly number[];
  }[];
}

function readLimits(limits: unknown, where: string): Map<number, number> {
  if (limits === null || typeof limits !== 'object') {
    throw new SpecError(
      'invalid-option',
      `${where}: limits must be a Map or an object of limits keyed by year`,
      {
        option: 'limits',
      },
    );
  }
  const entries: [unknown, unknown][] = limits instanceof Map ? [...limits] : Object.entries(limits);
  const out = new Map<number, number>();
  for (const [k, v] of entries) {
    const year = typeof k === 'number' ? k : Number(k);
    if (!Number.isInteger(year) || typeof v !== 'number' || !(v > 0 && Number.isFinite(v))) {
      throw new SpecError(
        'invalid-option',
        `${where}: limits must map whole years to positive rents; got ${String(k)} → ${String(v)}`,
        {
          option: 'limits',
        },
      );
    }
    out.set(year, v);
  }
  return out;
}

/**
 * Shares of cheap rentals ("goedkope huurwoningen") per municipality [S1 Annex C; DOMAIN D.5]: per year the
 * share of sampled renters whose net rent is below the liberalisation limit of that year (and below 75 % and
 * 50 % of it), then the mean over the years. "Below" is strict (a rent equal to the limit is not below it).
 * The limits are €710.68 (2017, 2018), €720.42 (2019) and €737.53 (2020) by default; other years need
 * `limits`. The data are a sample (about 400k renters a year in S1), so small municipalities are noisy.
 *
 * @throws {DataError} `invalid-value` for a year without a limit (naming the year and the row), and the column
 *   checks (negative rent).
 * @example
 * ```ts
 * import { cheapRentalShares } from 'verdeelmodel/development';
 * const r = cheapRentalShares({ municipality: ['A', 'A', 'A', 'A'], year: [2019, 2019, 2020, 2020], rent: [300, 700, 500, 800] });
 * r.municipalities[0]!.shares; // => [(2/2 + 1/2)/2, (1/2 + 1/2)/2, (1/2 + 0/2)/2] = [0.75, 0.5, 0.25]
 * ```
 */
export function cheapRentalShares(
  rents: DataInput,
  options: CheapRentalSharesOptions = {},
): CheapRentalShares {
  const where = 'cheapRentalShares';
  const o = checkOptions(options, ['municipality', 'year', 'rent', 'limits', 'fractions'], where);
  const limits = readLimits(o.limits ?? LIBERALISATION_LIMITS, where);
  const fractions = o.fractions ?? [1, 0.75, 0.5];
  if (!Array.isArray(fractions) || fractions.length === 0) {
    throw new SpecError(
      'invalid-option',
      `${where}: fractions must be a non-empty list of numbers in (0, 10]`,
      {
        option: 'fractions',
      },
    );
  }
  for (const f of fractions) numberIn(f, 0, 10, 'fractions', where, { min: true });
  const t = featureTable(rents, where);
  const m = keyColumn(t, o.municipality ?? 'municipality', 'the municipality');
  const year = yearColumn(t, o.year ?? 'year');
  const rent = numberColumn(t, o.rent ?? 'rent', 'the monthly rent', { min: 0 });
  const below = fractions.map(() => new Uint8Array(rent.length));
  for (let i = 0; i < rent.length; i++) {
    const limit = limits.get(year[i]!);
    if (limit === undefined) {
      throw new DataError(
        'invalid-value',
        `${where}: year ${year[i]} (row ${dataRow(t.frame, i)}) has no liberalisation limit (limits are given for ${[...limits.keys()].join(', ')}); pass the limit of every year in the data as limits`,
        { column: o.year ?? 'year', row: dataRow(t.frame, i) },
      );
    }
    fractions.forEach((f, j) => {
      below[j]![i] = rent[i]! < f * limit ? 1 : 0;
    });
  }
  const { count, sums } = byKeyYear(m.codes, m.keys.length, year, below);
  const { order, sorted } = sortedKeys(m.keys);
  return {
    fractions: [...fractions],
    municipalities: sorted.map((municipality, k) => {
      const g = order[k]!;
      const shares = fractions.map((_, j) => meanYearlyShare(sums[j]!, count, g));
      return {
        municipality,
        years: meanOverYears(count, count, g).years,
        renters: count.reduce((a, c) => a + c[g]!, 0),
        shares,
      };
    }),
  };
}

/** Options of {@link longTermBijstandShares}. */
export interface LongTermBijstandOptions {
  /** @default 'municipality' */
  readonly municipality?: string;
  /** @default 'year' */
  readonly year?: string;
  /** Years the household has received bijstand at the reference date (ultimo the year). @default 'duration' */
  readonly duration?: string;
  /** Largest k: shares for more than 1, 2, …, maxYears years. @default 10 */
  readonly maxYears?: number;
}

/** Result of {@link longTermBijstandShares}. */
export interface LongTermBijstandShares {
  /** k = 1 … maxYears. */
  readonly thresholds: readonly number[];
  readonly municipalities: readonly {
    readonly municipality: string;
    readonly years: number;
    /** Bijstand households, all years. */
    readonly households: number;
    /** Per k: the mean over years of the share of bijstand households on bijstand for more than k years. */
    readonly shares: readonly number[];
  }[];
}

/**
 * Long-term bijstand ("langdurig in de bijstand") per municipality [S1 Annex C; DOMAIN D.5]: per year the share
 * of bijstand households that have received bijstand for more than k years (k = 1 … 10; "more than" is strict,
 * so a duration of exactly 2 years counts for k = 1 only), then the mean over the years (2017–2020 in S1). The
 * rows are the bijstand households of each year.
 *
 * @throws {DataError} for a missing column, a negative or non-finite duration, a year that is not whole.
 * @example
 * ```ts
 * import { longTermBijstandShares } from 'verdeelmodel/development';
 * const r = longTermBijstandShares({ municipality: ['A', 'A', 'A', 'A'], year: [2020, 2020, 2020, 2020], duration: [0.5, 1.5, 3, 12] }, { maxYears: 3 });
 * r.municipalities[0]!.shares; // => [3/4, 2/4, 1/4]
 * ```
 */
export function longTermBijstandShares(
  households: DataInput,
  options: LongTermBijstandOptions = {},
): LongTermBijstandShares {
  const where = 'longTermBijstandShares';
  const o = checkOptions(options, ['municipality', 'year', 'duration', 'maxYears'], where);
  const maxYears = integerIn(o.maxYears ?? 10, 1, 100, 'maxYears', where);
  const t = featureTable(households, where);
  const m = keyColumn(t, o.municipality ?? 'municipality', 'the municipality');
  const year = yearColumn(t, o.year ?? 'year');
  const duration = numberColumn(t, o.duration ?? 'duration', 'years on bijstand', { min: 0 });
  const thresholds = Array.from({ length: maxYears }, (_, k) => k + 1);
  const over = thresholds.map((k) => Uint8Array.from(duration, (d) => (d > k ? 1 : 0)));
  const { count, sums } = byKeyYear(m.codes, m.keys.length, year, over);
  const { order, sorted } = sortedKeys(m.keys);
  return {
    thresholds,
    municipalities: sorted.map((municipality, k) => {
      const g = order[k]!;
      const shares = thresholds.map((_, j) => meanYearlyShare(sums[j]!, count, g));
      return {
        municipality,
        years: meanOverYears(count, count, g).years,
        households: count.reduce((a, c) => a + c[g]!, 0),
        shares,
      };
    }),
  };
}

/** Options of {@link multiProblemShares}. */
export interface MultiProblemOptions {
  /** @default 'municipality' */
  readonly municipality?: string;
  /** @default 'year' */
  readonly year?: string;
  /** 0/1: a household member is a crime suspect (or: the household has problematic debt). @default 'problem' */
  readonly problem?: string;
  /** 0/1: a household member has health problems (DOMAIN A.3 item 7). @default 'health' */
  readonly health?: string;
  /**
   * `'product'`: share with the problem × share with health problems, as S1 writes it; `'joint'`: the share of
   * households with both. @default 'product'
   */
  readonly method?: 'product' | 'joint';
}

/** One municipality's multi-problem feature. */
export interface MunicipalityMultiProblem {
  readonly municipality: string;
  readonly years: number;
  readonly households: number;
  /** Mean over years of the share of households with the problem. */
  readonly problemShare: number;
  /** Mean over years of the share of households with health problems. */
  readonly healthShare: number;
  /** Mean over years of the yearly product (or joint share). */
  readonly value: number;
}

/**
 * Multi-problem features ("multiproblematiek") per municipality [S1 Annex C; DOMAIN D.5]: per year the share
 * of households with at least one crime suspect (or with problematic debt, narrow definition) times the share
 * with at least one person with health problems, then the mean over the years. As written this is a product
 * of two municipal shares, not the share of households with both; `method: 'joint'` gives the joint share.
 * The health indicator is the caller's (S1 replaces the 2020 care costs by those of 2019 when building it).
 *
 * @throws {DataError} for a missing column, an indicator other than 0/1.
 * @example
 * ```ts
 * import { multiProblemShares } from 'verdeelmodel/development';
 * const hh = { municipality: ['A', 'A', 'A', 'A'], year: [2020, 2020, 2020, 2020], problem: [1, 1, 0, 0], health: [1, 0, 0, 0] };
 * multiProblemShares(hh)[0]!.value; // => 2/4 × 1/4 = 0.125
 * multiProblemShares(hh, { method: 'joint' })[0]!.value; // => 1/4
 * ```
 */
export function multiProblemShares(
  households: DataInput,
  options: MultiProblemOptions = {},
): MunicipalityMultiProblem[] {
  const where = 'multiProblemShares';
  const o = checkOptions(options, ['municipality', 'year', 'problem', 'health', 'method'], where);
  const method = oneOf(o.method ?? 'product', ['product', 'joint'], 'method', where);
  const t = featureTable(households, where);
  const m = keyColumn(t, o.municipality ?? 'municipality', 'the municipality');
  const year = yearColumn(t, o.year ?? 'year');
  const problem = indicatorColumn(t, o.problem ?? 'problem', 'the problem indicator');
  const health = indicatorColumn(t, o.health ?? 'health', 'the health-problem indicator');
  const both = Uint8Array.from(problem, (p, i) => p & health[i]!);
  const { years, count, sums } = byKeyYear(m.codes, m.keys.length, year, [problem, health, both]);
  const share = (j: number) =>
    years.map((_, y) => Float64Array.from(sums[j]![y]!, (s, g) => s / count[y]![g]!));
  const p = share(0);
  const h = share(1);
  const joint = share(2);
  const yearly =
    method === 'joint' ? joint : years.map((_, y) => Float64Array.from(p[y]!, (v, g) => v * h[y]![g]!));
  const { order, sorted } = sortedKeys(m.keys);
  return sorted.map((municipality, k) => {
    const g = order[k]!;
    return {
      municipality,
      years: meanOverYears(count, count, g).years,
      households: count.reduce((a, c) => a + c[g]!, 0),
      problemShare: meanOverYears(p, count, g).mean,
      healthShare: meanOverYears(h, count, g).mean,
      value: meanOverYears(yearly, count, g).mean,
    };
  });
}

/** Options of {@link rkpTimesHealth}. */
export interface RkpTimesHealthOptions {
  /** Municipality column of both inputs. @default 'municipality' */
  readonly municipality?: string;
  /** Year column of both inputs. @default 'year' */
  readonly year?: string;
  /** Regional customer potential column of `rkp`. @default 'rkp' */
  readonly rkp?: string;
  /** 0/1 health-problem column of `households`. @default 'health' */
  readonly health?: string;
}

/** One municipality's RKP × health. */
export interface MunicipalityRkpHealth {
  readonly municipality: string;
  readonly years: number;
  /** Mean over years of rkp_t × healthShare_t. */
  readonly value: number;
}

/**
 * Central-place function × health ("regionaal klantenpotentieel × gezondheidsproblemen") [S1 Annex C; DOMAIN
 * D.5]: per municipality and year the regional customer potential (RKP, CBS) times the share of households
 * with at least one person with health problems, then the mean over the years (2017–2020 in S1). Every
 * municipality-year of the households needs an RKP value and the other way round.
 *
 * @throws {DataError} `unbalanced-panel` when the years (or municipalities) of the two inputs do not match,
 *   `duplicate` for two RKP values of one municipality and year, and the column checks.
 * @example
 * ```ts
 * import { rkpTimesHealth } from 'verdeelmodel/development';
 * rkpTimesHealth(
 *   { municipality: ['A', 'A'], year: [2019, 2020], rkp: [1.2, 1.4] },
 *   { municipality: ['A', 'A', 'A'], year: [2019, 2019, 2020], health: [1, 0, 1] },
 * )[0]!.value; // => (1.2 × 1/2 + 1.4 × 1)/2 = 1.0
 * ```
 */
export function rkpTimesHealth(
  rkp: DataInput,
  households: DataInput,
  options: RkpTimesHealthOptions = {},
): MunicipalityRkpHealth[] {
  const where = 'rkpTimesHealth';
  const o = checkOptions(options, ['municipality', 'year', 'rkp', 'health'], where);
  const mName = o.municipality ?? 'municipality';
  const yName = o.year ?? 'year';
  const r = featureTable(rkp, `${where} (rkp)`);
  const rm = keyColumn(r, mName, 'the municipality');
  const ry = yearColumn(r, yName);
  const rv = numberColumn(r, o.rkp ?? 'rkp', 'the regional customer potential', { min: 0 });
  const rkpOf = new Map<string, number>();
  const key = (m: string, y: number) => `${y}\u0000${m}`;
  for (let i = 0; i < rv.length; i++) {
    const k = key(rm.keys[rm.codes[i]!]!, ry[i]!);
    if (rkpOf.has(k)) {
      throw new DataError(
        'duplicate',
        `${r.where}: municipality '${rm.keys[rm.codes[i]!]}' has two RKP values for ${ry[i]} (row ${dataRow(r.frame, i)})`,
        {
          column: yName,
          row: dataRow(r.frame, i),
        },
      );
    }
    rkpOf.set(k, rv[i]!);
  }
  const t = featureTable(households, `${where} (households)`);
  const m = keyColumn(t, mName, 'the municipality');
  const year = yearColumn(t, yName);
  const health = indicatorColumn(t, o.health ?? 'health', 'the health-problem indicator');
  const { years, count, sums } = byKeyYear(m.codes, m.keys.length, year, [health]);
  const used = new Set<string>();
  const { order, sorted } = sortedKeys(m.keys);
  const out = sorted.map((municipality, k) => {
    const g = order[k]!;
    let s = 0;
    let n = 0;
    years.forEach((y, yi) => {
      const c = count[yi]![g]!;
      if (c === 0) return;
      const value = rkpOf.get(key(municipality, y));
      if (value === undefined) {
        throw new DataError(
          'unbalanced-panel',
          `${where}: the households have municipality '${municipality}' in ${y}, but rkp has no value for it in that year; give RKP for every municipality and year of the households`,
          { column: yName },
        );
      }
      used.add(key(municipality, y));
      s += (value * sums[0]![yi]![g]!) / c;
      n++;
    });
    return { municipality, years: n, value: s / n };
  });
  for (const k of rkpOf.keys()) {
    if (!used.has(k)) {
      const [y, mun] = k.split('\u0000');
      throw new DataError(
        'unbalanced-panel',
        `${where}: rkp has municipality '${mun}' in ${y}, but the households have none there; the years and municipalities of the two inputs must match`,
        { column: yName },
      );
    }
  }
  return out;
}

/** Options of {@link healthProblems}: column names of the person rows and the two thresholds. */
export interface HealthProblemsOptions {
  /** Household column (the persons are summed to households). @default 'household' */
  readonly household?: string;
  /** 0/1 columns of medication against addiction (excl. nicotine), chronic mood disorder, psychosis/bipolar disorder. @default ['medAddiction', 'medMood', 'medPsychosis'] */
  readonly medication?: readonly string[];
  /** Number of main medication groups used. @default 'medicationGroups' */
  readonly medicationGroups?: string;
  /** Fewest main groups that count. @default 4 */
  readonly minGroups?: number;
  /** Yearly care costs in euros (S1 uses 2019 costs for 2020). @default 'careCosts' */
  readonly careCosts?: string;
  /** Care costs above this count. @default 50000 */
  readonly careCostLimit?: number;
  /** 0/1 mental-health care (ggz) use. @default 'ggz' */
  readonly ggz?: string;
}

/**
 * Households with at least one person with health problems [S1 Annex C; DOMAIN A.3 item 7]: a person has health
 * problems who uses medication against addiction (excluding nicotine), chronic mood disorder, psychosis or
 * bipolar disorder, **or** medication from at least 4 main groups, **or** has care costs above €50,000, **or**
 * uses mental-health care (ggz). The result feeds multiProblemShares and rkpTimesHealth as their `health`
 * column. Which year's care costs to use (S1: 2019 for 2020) is the caller's choice of input.
 *
 * @param persons - One row per person: household, the medication indicators, medication groups, care costs, ggz.
 * @returns One row per household (in code order) with `health` 0/1.
 * @throws {DataError} for a missing column, an indicator other than 0/1, negative groups or costs.
 * @example
 * ```ts
 * import { healthProblems } from 'verdeelmodel/development';
 * healthProblems({
 *   household: ['h1', 'h1', 'h2'],
 *   medAddiction: [0, 0, 0], medMood: [0, 0, 0], medPsychosis: [0, 0, 0],
 *   medicationGroups: [1, 4, 3], careCosts: [100, 200, 50_000], ggz: [0, 0, 0],
 * }); // => [{ household: 'h1', health: 1 }, { household: 'h2', health: 0 }]
 * ```
 */
export function healthProblems(
  persons: DataInput,
  options: HealthProblemsOptions = {},
): { household: string; health: 0 | 1 }[] {
  const where = 'healthProblems';
  const o = checkOptions(
    options,
    ['household', 'medication', 'medicationGroups', 'minGroups', 'careCosts', 'careCostLimit', 'ggz'],
    where,
  );
  const medication = o.medication ?? ['medAddiction', 'medMood', 'medPsychosis'];
  if (!Array.isArray(medication) || medication.some((m) => typeof m !== 'string')) {
    throw new SpecError('invalid-option', `${where}: medication must be a list of column names`, {
      option: 'medication',
    });
  }
  const minGroups = integerIn(o.minGroups ?? 4, 1, 100, 'minGroups', where);
  const careCostLimit = numberIn(o.careCostLimit ?? 50_000, 0, 1e12, 'careCostLimit', where);
  const t = featureTable(persons, where);
  const hh = keyColumn(t, o.household ?? 'household', 'the household');
  const meds = medication.map((c) => indicatorColumn(t, c, 'a medication indicator'));
  const groups = numberColumn(t, o.medicationGroups ?? 'medicationGroups', 'main medication groups', {
    min: 0,
  });
  const costs = numberColumn(t, o.careCosts ?? 'careCosts', 'care costs', { min: 0 });
  const ggz = indicatorColumn(t, o.ggz ?? 'ggz', 'mental-health care');
  const health = new Uint8Array(hh.keys.length);
  for (let i = 0; i < ggz.length; i++) {
    const problem =
      meds.some((m) => m[i] === 1) || groups[i]! >= minGroups || costs[i]! > careCostLimit || ggz[i] === 1;
    if (problem) health[hh.codes[i]!] = 1;
  }
  const { order, sorted } = sortedKeys(hh.keys);
  return sorted.map((household, k) => ({ household, health: health[order[k]!] as 0 | 1 }));
}
