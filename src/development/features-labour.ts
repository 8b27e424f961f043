import { type DataInput, dataRow } from '../data/frame.js';
import { DataError, SpecError } from '../errors.js';
import { checkOptions, integerIn, numberIn, oneOf } from '../internal/options.js';
import {
  byKeyYear,
  featureTable,
  indicatorColumn,
  keyColumn,
  numberColumn,
  requireEveryYear,
  sortedKeys,
  valuesByKey,
  yearColumn,
} from './features-input.js';

/** OLS of y on x (intercept and slope) and the residual sum of squares; x centred for accuracy. */
function trend(
  x: readonly number[],
  y: readonly number[],
): { slope: number; intercept: number; ssr: number } {
  const n = x.length;
  const mx = x.reduce((a, v) => a + v, 0) / n;
  const my = y.reduce((a, v) => a + v, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i]! - mx) ** 2;
    sxy += (x[i]! - mx) * (y[i]! - my);
  }
  const slope = sxy / sxx;
  let ssr = 0;
  for (let i = 0; i < n; i++) ssr += (y[i]! - my - slope * (x[i]! - mx)) ** 2;
  return { slope, intercept: my - slope * mx, ssr };
}

/** Per sector, the yearly job counts in year order (checked: one row per sector and year, same years for all). */
function sectorSeries(
  data: DataInput,
  o: { readonly sector: string; readonly year: string; readonly jobs: string },
  where: string,
  minYears: number,
): { sectors: string[]; years: number[]; series: number[][] } {
  const t = featureTable(data, where);
  const { keys, codes } = keyColumn(t, o.sector, 'the sector');
  const year = yearColumn(t, o.year);
  const jobs = numberColumn(t, o.jobs, 'the number of jobs', { min: 0 });
  const { years, count, sums } = byKeyYear(codes, keys.length, year, [jobs]);
  for (let i = 0; i < codes.length; i++) {
    const k = years.indexOf(year[i]!);
    if (count[k]![codes[i]!]! > 1) {
      throw new DataError(
        'duplicate',
        `${where}: sector '${keys[codes[i]!]}' has ${count[k]![codes[i]!]} rows for year ${year[i]} (row ${dataRow(t.frame, i)} is one); give one job count per sector and year`,
        { column: o.year, row: dataRow(t.frame, i) },
      );
    }
  }
  requireEveryYear(t, keys, years, count, 'sector');
  if (years.length < minYears) {
    throw new DataError(
      'too-few-rows',
      `${where}: the data cover ${years.length} year(s) (${years.join(', ')}); a trend needs at least ${minYears}`,
      { column: o.year },
    );
  }
  const { order, sorted } = sortedKeys(keys);
  return { sectors: sorted, years, series: order.map((g) => years.map((_, k) => sums[0]![k]![g]!)) };
}

/** Column names of a national sector panel of job counts. */
export interface SectorPanelOptions {
  /** Sector column (e.g. the 2-digit SBI code). @default 'sector' */
  readonly sector?: string;
  /** Year column. @default 'year' */
  readonly year?: string;
  /** Job-count column. @default 'jobs' */
  readonly jobs?: string;
}

/** Options of {@link cycleSensitivity}. */
export interface CycleSensitivityOptions extends SectorPanelOptions {
  /**
   * Divisor of the residual sum of squares in the RMSE: `'n'` (the root of the mean squared residual, as the
   * name says) or `'n-2'` (the regression's residual standard error). The seed does not say. @default 'n'
   */
  readonly rmse?: 'n' | 'n-2';
}

/** One sector's cycle sensitivity. */
export interface SectorCycleSensitivity {
  readonly sector: string;
  readonly years: number;
  readonly meanJobs: number;
  /** Slope of the OLS trend (jobs per year). */
  readonly slope: number;
  readonly intercept: number;
  /** Root mean square of the residuals around the trend. */
  readonly rmse: number;
  /** rmse / meanJobs ("conjunctuurgevoeligheid"). */
  readonly sensitivity: number;
}

/**
 * Cycle sensitivity ("conjunctuurgevoeligheid") per sector [S1 Annex C; DOMAIN D.5]: fit an OLS trend of the
 * national yearly job count on the year (2004–2020 in S1, from LISA), and divide the RMSE of the residuals by
 * the sector's mean number of jobs. How the availability of work is weighted by it is unstated in the seed;
 * {@link sectorWeightedJobs} takes these sensitivities (or any weights) per sector.
 *
 * @param jobs - One row per sector and year: sector, year, jobs. Every sector needs the same years (≥ 3).
 * @throws {DataError} `unbalanced-panel` when a sector lacks a year others have, `duplicate` for two rows of
 *   one sector and year, `too-few-rows` below 3 years, `out-of-range` for negative jobs, `zero-variance` for a
 *   sector without jobs.
 * @example
 * ```ts
 * import { cycleSensitivity } from 'verdeelmodel/development';
 * const rows = cycleSensitivity({ sector: ['47', '47', '47', '47'], year: [2001, 2002, 2003, 2004], jobs: [10, 12, 11, 15] });
 * rows[0]!.sensitivity; // => sqrt(4.2 / 4) / 12 ≈ 0.0854
 * ```
 */
export function cycleSensitivity(
  jobs: DataInput,
  options: CycleSensitivityOptions = {},
): SectorCycleSensitivity[] {
  const where = 'cycleSensitivity';
  const o = checkOptions(options, ['sector', 'year', 'jobs', 'rmse'], where);
  const rmseRule = oneOf(o.rmse ?? 'n', ['n', 'n-2'], 'rmse', where);
  const names = { sector: o.sector ?? 'sector', year: o.year ?? 'year', jobs: o.jobs ?? 'jobs' };
  const { sectors, years, series } = sectorSeries(jobs, names, where, 3);
  return sectors.map((sector, s) => {
    const y = series[s]!;
    const meanJobs = y.reduce((a, v) => a + v, 0) / y.length;
    if (!(meanJobs > 0)) {
      throw new DataError(
        'zero-variance',
        `${where}: sector '${sector}' has no jobs in any year; its sensitivity is not defined`,
        {
          column: names.jobs,
        },
      );
    }
    const fit = trend(years, y);
    const rmse = Math.sqrt(fit.ssr / (rmseRule === 'n' ? y.length : y.length - 2));
    return {
      sector,
      years: y.length,
      meanJobs,
      slope: fit.slope,
      intercept: fit.intercept,
      rmse,
      sensitivity: rmse / meanJobs,
    };
  });
}

/** Options of {@link growthShrinkSectors}. */
export interface GrowthShrinkOptions extends SectorPanelOptions {
  /** Years in the window, ending with `endYear`. @default 5 */
  readonly window?: number;
  /** Last year of the window. @default the last year of the data */
  readonly endYear?: number;
  /** The margin over (under) the national trend. @default 0.02 */
  readonly threshold?: number;
  /**
   * How "at least 2 % above the national development" is read (the seed does not say): `'points'` compares the
   * growth rates' difference with the threshold (g_s − g_NL ≥ 0.02), `'percent'` compares relative to the
   * national rate (g_s ≥ g_NL + 0.02·|g_NL|). @default 'points'
   */
  readonly thresholdUnit?: 'points' | 'percent';
}

/** One sector's class. */
export interface SectorGrowthClass {
  readonly sector: string;
  /** Mean jobs over the window ("vijfjaarsgemiddelde"). */
  readonly meanJobs: number;
  /** OLS slope of jobs on year over the window. */
  readonly slope: number;
  /** Growth rate g_s = slope / meanJobs (a fraction per year). */
  readonly growth: number;
  /** The national growth rate over the same years (all sectors summed). */
  readonly nationalGrowth: number;
  readonly class: 'growth' | 'shrink' | 'neither';
}

/**
 * Growth and shrink sectors ("groei- en krimpsectoren") [S1 Annex C; DOMAIN D.5]: over a window of years
 * (5 in S1), each sector's development is its OLS trend divided by its window mean, g_s = slope_s / mean_s
 * (our reading of "vijfjaarsgemiddelde … en de ontwikkeling (trend)"), and the national development the same for
 * all sectors' jobs summed. A growth sector has g_s > 0 and at least `threshold` above the national rate, a
 * shrink sector g_s < 0 and at least `threshold` below it; `thresholdUnit` says whether that is percentage
 * points or percent of the national rate.
 *
 * @throws {DataError} `unbalanced-panel` when a sector lacks a year, `invalid-value` when the window reaches
 *   outside the data (naming the years), `duplicate`, `out-of-range` as {@link cycleSensitivity}.
 * @example
 * ```ts
 * import { growthShrinkSectors } from 'verdeelmodel/development';
 * const year = [2016, 2017, 2018, 2019, 2020];
 * growthShrinkSectors({
 *   sector: [...year.map(() => 'A'), ...year.map(() => 'B')],
 *   year: [...year, ...year],
 *   jobs: [100, 104, 108, 112, 116, 100, 99, 98, 97, 96],
 * }).map((s) => s.class); // => ['growth', 'shrink']
 * ```
 */
export function growthShrinkSectors(jobs: DataInput, options: GrowthShrinkOptions = {}): SectorGrowthClass[] {
  const where = 'growthShrinkSectors';
  const o = checkOptions(
    options,
    ['sector', 'year', 'jobs', 'window', 'endYear', 'threshold', 'thresholdUnit'],
    where,
  );
  const window = integerIn(o.window ?? 5, 2, 200, 'window', where);
  const threshold = numberIn(o.threshold ?? 0.02, 0, 10, 'threshold', where);
  const unit = oneOf(o.thresholdUnit ?? 'points', ['points', 'percent'], 'thresholdUnit', where);
  const names = { sector: o.sector ?? 'sector', year: o.year ?? 'year', jobs: o.jobs ?? 'jobs' };
  const { sectors, years, series } = sectorSeries(jobs, names, where, 2);
  const end =
    o.endYear === undefined ? years[years.length - 1]! : integerIn(o.endYear, 1800, 2200, 'endYear', where);
  const wanted = Array.from({ length: window }, (_, k) => end - window + 1 + k);
  const missing = wanted.filter((y) => !years.includes(y));
  if (missing.length > 0) {
    throw new DataError(
      'invalid-value',
      `${where}: the window ${wanted[0]}–${end} needs years ${missing.join(', ')}, which the data (${years.join(', ')}) do not have; change window or endYear`,
      { column: names.year },
    );
  }
  const at = wanted.map((y) => years.indexOf(y));
  const windowed = series.map((y) => at.map((k) => y[k]!));
  const rate = (y: readonly number[]) => {
    const mean = y.reduce((a, v) => a + v, 0) / y.length;
    return { mean, slope: trend(wanted, y).slope };
  };
  const national = rate(wanted.map((_, k) => windowed.reduce((a, y) => a + y[k]!, 0)));
  if (!(national.mean > 0)) {
    throw new DataError('zero-variance', `${where}: there are no jobs in ${wanted[0]}–${end}`, {
      column: names.jobs,
    });
  }
  const gN = national.slope / national.mean;
  const margin = unit === 'points' ? threshold : threshold * Math.abs(gN);
  return sectors.map((sector, s) => {
    const r = rate(windowed[s]!);
    const growth = r.mean > 0 ? r.slope / r.mean : 0;
    const cls =
      growth > 0 && growth - gN >= margin
        ? 'growth'
        : growth < 0 && gN - growth >= margin
          ? 'shrink'
          : 'neither';
    return { sector, meanJobs: r.mean, slope: r.slope, growth, nationalGrowth: gN, class: cls };
  });
}

/** Options of {@link sectorOutflowWeights}. */
export interface SectorOutflowWeightsOptions {
  /** Person column of the outflow jobs. @default 'person' */
  readonly person?: string;
  /** Sector column (both inputs). @default 'sector' */
  readonly sector?: string;
  /** Hours column of the outflow jobs (the job with the most hours counts). @default 'hours' */
  readonly hours?: string;
  /** Job-count column of all jobs. @default 'jobs' */
  readonly jobs?: string;
}

/** One sector's weight. */
export interface SectorOutflowWeight {
  readonly sector: string;
  /** Former bijstand recipients whose (main) job is in the sector. */
  readonly outflowJobs: number;
  readonly jobs: number;
  readonly outflowShare: number;
  readonly jobShare: number;
  /** outflowShare / jobShare. */
  readonly weight: number;
}

/**
 * Sector weights for the availability of work ("beschikbaarheid van werk naar sector") [S1 Annex C; DOMAIN
 * D.5]: `weight_s = share_s(jobs on 1 Jan T of people on bijstand on 1 Jan T−1) / share_s(all jobs on 1 Jan T)`.
 * A person with several jobs counts once, in the sector of the job with the most hours (a tie goes to the
 * first row). Sectors without outflow get weight 0. Apply with {@link sectorWeightedJobs}.
 *
 * @param outflow - Jobs of former recipients: person, sector, hours (one row per job).
 * @param jobs - All jobs: sector and job count (one row per sector).
 * @throws {DataError} `unknown-unit` for an outflow sector that `jobs` lacks, `duplicate` for a sector twice
 *   in `jobs`, `zero-variance` for no jobs at all, and the column checks.
 * @example
 * ```ts
 * import { sectorOutflowWeights } from 'verdeelmodel/development';
 * const w = sectorOutflowWeights(
 *   { person: [1, 1, 2, 3], sector: ['retail', 'care', 'retail', 'care'], hours: [10, 30, 20, 24] },
 *   { sector: ['retail', 'care'], jobs: [600, 400] },
 * );
 * w.map((s) => s.weight); // care: (2/3)/(0.4) ≈ 1.667, retail: (1/3)/0.6 ≈ 0.556
 * ```
 */
export function sectorOutflowWeights(
  outflow: DataInput,
  jobs: DataInput,
  options: SectorOutflowWeightsOptions = {},
): SectorOutflowWeight[] {
  const where = 'sectorOutflowWeights';
  const o = checkOptions(options, ['person', 'sector', 'hours', 'jobs'], where);
  const names = {
    person: o.person ?? 'person',
    sector: o.sector ?? 'sector',
    hours: o.hours ?? 'hours',
    jobs: o.jobs ?? 'jobs',
  };
  const all = featureTable(jobs, `${where} (jobs)`);
  const jobsBySector = valuesByKey(all, names.sector, names.jobs, { key: 'sector', value: 'job count' });
  const totalJobs = [...jobsBySector.values()].reduce((a, v) => a + v, 0);
  if (!(totalJobs > 0))
    throw new DataError('zero-variance', `${where}: jobs holds no jobs`, { column: names.jobs });

  const out = featureTable(outflow, `${where} (outflow)`);
  const persons = keyColumn(out, names.person, 'the person');
  const sectors = keyColumn(out, names.sector, 'the sector');
  const hours = numberColumn(out, names.hours, 'hours worked', { min: 0 });
  const main = new Int32Array(persons.keys.length).fill(-1);
  for (let i = 0; i < hours.length; i++) {
    const p = persons.codes[i]!;
    if (main[p]! < 0 || hours[i]! > hours[main[p]!]!) main[p] = i;
  }
  const outflowBySector = new Map<string, number>();
  for (const i of main) {
    const key = sectors.keys[sectors.codes[i]!]!;
    if (!jobsBySector.has(key)) {
      throw new DataError(
        'unknown-unit',
        `${where}: outflow row ${i + 1} is in sector '${key}', which jobs does not list; give all sectors' job counts`,
        { column: names.sector, row: i + 1 },
      );
    }
    outflowBySector.set(key, (outflowBySector.get(key) ?? 0) + 1);
  }
  const { sorted } = sortedKeys([...jobsBySector.keys()]);
  const persons0 = main.length;
  return sorted.map((sector) => {
    const j = jobsBySector.get(sector)!;
    const f = outflowBySector.get(sector) ?? 0;
    const outflowShare = f / persons0;
    const jobShare = j / totalJobs;
    return {
      sector,
      outflowJobs: f,
      jobs: j,
      outflowShare,
      jobShare,
      weight: jobShare > 0 ? outflowShare / jobShare : 0,
    };
  });
}

/** Options of {@link sectorWeightedJobs}. */
export interface SectorWeightedJobsOptions {
  /** Area column (municipality, pc4, …). @default 'area' */
  readonly area?: string;
  /** Sector column (both inputs). @default 'sector' */
  readonly sector?: string;
  /** Job-count column. @default 'jobs' */
  readonly jobs?: string;
  /** Weight column of the weights. @default 'weight' */
  readonly weight?: string;
}

/** Weighted jobs of one area. */
export interface AreaWeightedJobs {
  readonly area: string;
  readonly jobs: number;
  /** Σ_s weight_s · jobs_{area,s}. */
  readonly weightedJobs: number;
}

/**
 * Jobs per area weighted by sector, Σ_s weight_s · jobs_{area,s}: the job counts that go into the availability
 * of work indicator in place of the plain counts (the indicator's travel-time weighting is unstated in the
 * seeds, so it is left to the caller). The weights can be {@link sectorOutflowWeights}, cycle sensitivities, or
 * 0/1 for growth sectors.
 *
 * @throws {DataError} `unknown-unit` for a sector without a weight, `duplicate` for a sector weighted twice.
 * @example
 * ```ts
 * import { sectorWeightedJobs } from 'verdeelmodel/development';
 * sectorWeightedJobs(
 *   { area: ['GM1', 'GM1', 'GM2'], sector: ['a', 'b', 'a'], jobs: [10, 20, 5] },
 *   { sector: ['a', 'b'], weight: [2, 0.5] },
 * ); // => GM1: 10·2 + 20·0.5 = 30; GM2: 10
 * ```
 */
export function sectorWeightedJobs(
  jobs: DataInput,
  weights: DataInput,
  options: SectorWeightedJobsOptions = {},
): AreaWeightedJobs[] {
  const where = 'sectorWeightedJobs';
  const o = checkOptions(options, ['area', 'sector', 'jobs', 'weight'], where);
  const names = {
    area: o.area ?? 'area',
    sector: o.sector ?? 'sector',
    jobs: o.jobs ?? 'jobs',
    weight: o.weight ?? 'weight',
  };
  const w = featureTable(weights, `${where} (weights)`);
  const weightOf = valuesByKey(w, names.sector, names.weight, { key: 'sector', value: 'weight' });
  const t = featureTable(jobs, `${where} (jobs)`);
  const areas = keyColumn(t, names.area, 'the area');
  const sectors = keyColumn(t, names.sector, 'the sector');
  const count = numberColumn(t, names.jobs, 'the number of jobs', { min: 0 });
  const plain = new Float64Array(areas.keys.length);
  const weighted = new Float64Array(areas.keys.length);
  for (let i = 0; i < count.length; i++) {
    const key = sectors.keys[sectors.codes[i]!]!;
    const wi = weightOf.get(key);
    if (wi === undefined) {
      throw new DataError(
        'unknown-unit',
        `${where}: jobs row ${i + 1} is in sector '${key}', which has no weight; weight every sector`,
        {
          column: names.sector,
          row: i + 1,
        },
      );
    }
    plain[areas.codes[i]!]! += count[i]!;
    weighted[areas.codes[i]!]! += wi * count[i]!;
  }
  const { order, sorted } = sortedKeys(areas.keys);
  return sorted.map((area, k) => ({ area, jobs: plain[order[k]!]!, weightedJobs: weighted[order[k]!]! }));
}

/** Options of {@link jobTypeCounts}. */
export interface JobTypeCountsOptions {
  /** Area column. @default 'area' */
  readonly area?: string;
  /** Contract-type column (text). @default 'contract' */
  readonly contract?: string;
  /** Contract types counted as flexible. @default ['on-call', 'temporary-agency', 'fixed-term'] */
  readonly flexible?: readonly string[];
  /** 0/1 part-time column (the payroll register's "deeltijdbaan"). @default 'partTime' */
  readonly partTime?: string;
  /** Weekly contract hours column. @default 'hours' */
  readonly hours?: string;
  /** A small part-time job is part-time with fewer weekly hours than this. @default 12 */
  readonly smallHours?: number;
}

/** Job counts of one area. */
export interface AreaJobTypes {
  readonly area: string;
  readonly jobs: number;
  /** On-call, temporary-agency or fixed-term jobs. */
  readonly flexible: number;
  readonly partTime: number;
  /** Part-time jobs of fewer than `smallHours` hours a week. */
  readonly smallPartTime: number;
}

/**
 * Job counts per area for the flexible and (small) part-time availability of work [S1 Annex C; DOMAIN D.5]:
 * the standard availability indicator built on these counts instead of all jobs. Flexible = on-call,
 * temporary-agency or fixed-term (the `flexible` contract types); small part-time = part-time and under
 * 12 hours a week. The jobs should be those of the reference date (31 December T−1 in S1); the rows are taken
 * as given.
 *
 * @throws {DataError} for a missing column, a part-time value other than 0/1, negative hours.
 * @example
 * ```ts
 * import { jobTypeCounts } from 'verdeelmodel/development';
 * jobTypeCounts({
 *   area: ['GM1', 'GM1', 'GM1'],
 *   contract: ['permanent', 'on-call', 'fixed-term'],
 *   partTime: [0, 1, 1],
 *   hours: [38, 8, 24],
 * }); // => [{ area: 'GM1', jobs: 3, flexible: 2, partTime: 2, smallPartTime: 1 }]
 * ```
 */
export function jobTypeCounts(jobs: DataInput, options: JobTypeCountsOptions = {}): AreaJobTypes[] {
  const where = 'jobTypeCounts';
  const o = checkOptions(options, ['area', 'contract', 'flexible', 'partTime', 'hours', 'smallHours'], where);
  const flexible = o.flexible ?? ['on-call', 'temporary-agency', 'fixed-term'];
  if (!Array.isArray(flexible) || flexible.some((f) => typeof f !== 'string')) {
    throw new SpecError('invalid-option', `${where}: flexible must be a list of contract types (text)`, {
      option: 'flexible',
    });
  }
  const smallHours = numberIn(o.smallHours ?? 12, 0, 168, 'smallHours', where);
  const t = featureTable(jobs, where);
  const areas = keyColumn(t, o.area ?? 'area', 'the area');
  const contract = keyColumn(t, o.contract ?? 'contract', 'the contract type');
  const partTime = indicatorColumn(t, o.partTime ?? 'partTime', 'part-time 0/1');
  const hours = numberColumn(t, o.hours ?? 'hours', 'weekly hours', { min: 0 });
  const isFlexible = contract.keys.map((k) => flexible.includes(k));
  const n = areas.keys.length;
  const c = {
    jobs: new Float64Array(n),
    flexible: new Float64Array(n),
    partTime: new Float64Array(n),
    small: new Float64Array(n),
  };
  for (let i = 0; i < hours.length; i++) {
    const pt = partTime[i]!;
    const a = areas.codes[i]!;
    c.jobs[a]!++;
    if (isFlexible[contract.codes[i]!]) c.flexible[a]!++;
    if (pt === 1) {
      c.partTime[a]!++;
      if (hours[i]! < smallHours) c.small[a]!++;
    }
  }
  const { order, sorted } = sortedKeys(areas.keys);
  return sorted.map((area, k) => {
    const a = order[k]!;
    return {
      area,
      jobs: c.jobs[a]!,
      flexible: c.flexible[a]!,
      partTime: c.partTime[a]!,
      smallPartTime: c.small[a]!,
    };
  });
}
