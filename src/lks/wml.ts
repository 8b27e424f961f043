import { type DataInput, type Frame, toFrame } from '../data/frame.js';
import { DataError, SpecError } from '../errors.js';
import { checkOptions, integerIn } from '../internal/options.js';
import { numberColumn, textColumn } from './columns.js';
import {
  dayOption,
  firstDayOfMonth,
  formatMonth,
  monthOfDay,
  monthOption,
  parseDay,
  parseMonth,
} from './dates.js';
import { LKS_SCHEMES, type LksScheme } from './types.js';

/**
 * The statutory minimum wage ("wettelijk minimumloon", WML) 2019–2024 as one row per half-year and
 * age: `from` (the day it applies from), `age` (the lowest age the row applies to; the highest
 * row is the adult rate), the full-time `monthly` amount (2019–2023) and the `hourly` amount
 * (2024, when the monthly WML was abolished). Adult amounts are the published ones (Rijksoverheid,
 * half-yearly); youth amounts are the adult amount × the statutory youth percentage, rounded to
 * cents (until July 2019 the adult age was 22, from then on 21). Pass your own table for other
 * years or exact youth amounts.
 *
 * @example
 * ```ts
 * import { WML_2019_2024 } from 'verdeelmodel/lks';
 * WML_2019_2024.from.length; // => 96 (12 half-years × 8 ages)
 * ```
 */
export const WML_2019_2024: {
  readonly from: readonly string[];
  readonly age: readonly number[];
  readonly monthly: readonly (number | null)[];
  readonly hourly: readonly (number | null)[];
} = buildDefaultWml();

function buildDefaultWml() {
  const adult: [string, number | null, number | null][] = [
    ['2019-01-01', 1615.8, null],
    ['2019-07-01', 1635.6, null],
    ['2020-01-01', 1653.6, null],
    ['2020-07-01', 1680.0, null],
    ['2021-01-01', 1684.8, null],
    ['2021-07-01', 1701.0, null],
    ['2022-01-01', 1725.0, null],
    ['2022-07-01', 1756.2, null],
    ['2023-01-01', 1934.4, null],
    ['2023-07-01', 1995.0, null],
    ['2024-01-01', null, 13.27],
    ['2024-07-01', null, 13.68],
  ];
  // Youth percentages by age (15 … adult): before and from 1 July 2019.
  const before: [number, number][] = [
    [15, 30],
    [16, 34.5],
    [17, 39.5],
    [18, 47.5],
    [19, 55],
    [20, 70],
    [21, 85],
    [22, 100],
  ];
  const after: [number, number][] = [
    [15, 30],
    [16, 34.5],
    [17, 39.5],
    [18, 50],
    [19, 60],
    [20, 80],
    [21, 100],
    [22, 100],
  ];
  const from: string[] = [];
  const age: number[] = [];
  const monthly: (number | null)[] = [];
  const hourly: (number | null)[] = [];
  for (const [day, m, h] of adult) {
    const pct = day < '2019-07-01' ? before : after;
    for (const [a, p] of pct) {
      from.push(day);
      age.push(a);
      monthly.push(m === null ? null : Math.round(m * p) / 100);
      hourly.push(h === null ? null : Math.round(h * p) / 100);
    }
  }
  return { from, age, monthly, hourly };
}

/**
 * Normal weekly hours per SBI main sector (A–U) used for the part-time factor and the hourly WML.
 * S4 takes them from a representative CAO or the most frequent duration in the payroll data
 * without publishing them; these defaults (36, 38 or 40) are illustrative — pass `normalHours`
 * with your own.
 *
 * @example
 * ```ts
 * import { SECTOR_NORMAL_HOURS } from 'verdeelmodel/lks';
 * SECTOR_NORMAL_HOURS.Q; // => 36
 * ```
 */
export const SECTOR_NORMAL_HOURS: Readonly<Record<string, number>> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, number>, {
    A: 40,
    B: 40,
    C: 38,
    D: 38,
    E: 38,
    F: 40,
    G: 38,
    H: 40,
    I: 38,
    J: 38,
    K: 36,
    L: 38,
    M: 38,
    N: 38,
    O: 36,
    P: 36,
    Q: 36,
    R: 38,
    S: 38,
    T: 38,
    U: 38,
  }),
);

/** A WML table read once (through `toFrame`), ready for {@link lksPrice} and {@link wmlIndex}. */
export interface WmlTable {
  readonly kind: 'wml-table';
  /** Half-years in date order: the day number they apply from, the ages (ascending) and amounts (NaN = not given). */
  readonly periods: readonly {
    readonly from: number;
    readonly ages: Int32Array;
    readonly monthly: Float64Array;
    readonly hourly: Float64Array;
  }[];
}

/**
 * Read a WML table (columns `from` `'YYYY-MM-DD'`, `age`, `monthly`, `hourly`; one of the two
 * amounts may be missing) through the data boundary once.
 *
 * @throws DataError for a missing column, an invalid date, a non-integer age, two rows for the same
 *   date and age, a row with neither amount, or a negative amount; each names the row.
 * @example
 * ```ts
 * import { wmlTable, WML_2019_2024 } from 'verdeelmodel/lks';
 * wmlTable(WML_2019_2024).periods.length; // => 12
 * ```
 */
export function wmlTable(data: DataInput | Frame | WmlTable): WmlTable {
  if (isWmlTable(data)) return data;
  const what = 'wmlTable';
  const frame = toFrame(data as DataInput | Frame);
  const from = textColumn(frame, 'from', what);
  const age = numberColumn(frame, 'age', what);
  const monthly = frame.has('monthly')
    ? numberColumn(frame, 'monthly', what)
    : new Float64Array(frame.nrows).fill(Number.NaN);
  const hourly = frame.has('hourly')
    ? numberColumn(frame, 'hourly', what)
    : new Float64Array(frame.nrows).fill(Number.NaN);
  const byDay = new Map<number, { age: number; monthly: number; hourly: number }[]>();
  for (let i = 0; i < frame.nrows; i++) {
    const row = i + 1;
    const text = from.codes[i]! >= 0 ? from.levels[from.codes[i]!]! : '';
    const day = parseDay(text);
    if (Number.isNaN(day)) {
      throw new DataError(
        'invalid-value',
        `${what}: row ${row} has from = '${text}'; give the day the amount applies from as 'YYYY-MM-DD'`,
        {
          column: 'from',
          row,
        },
      );
    }
    const a = age[i]!;
    if (!Number.isInteger(a) || a < 0 || a > 120) {
      throw new DataError(
        'invalid-value',
        `${what}: row ${row} (${text}) has age ${a}; give a whole age in years`,
        { column: 'age', row },
      );
    }
    const m = monthly[i]!;
    const h = hourly[i]!;
    if (Number.isNaN(m) && Number.isNaN(h)) {
      throw new DataError(
        'missing-value',
        `${what}: row ${row} (${text}, age ${a}) has neither a monthly nor an hourly amount`,
        { row },
      );
    }
    if (m < 0 || h < 0) {
      throw new DataError('out-of-range', `${what}: row ${row} (${text}, age ${a}) has a negative amount`, {
        row,
      });
    }
    let list = byDay.get(day);
    if (!list) {
      list = [];
      byDay.set(day, list);
    }
    if (list.some((r) => r.age === a)) {
      throw new DataError('duplicate', `${what}: two rows for ${text} and age ${a}; keep one`, {
        column: 'age',
        row,
      });
    }
    list.push({ age: a, monthly: m, hourly: h });
  }
  if (byDay.size === 0) throw new DataError('empty', `${what}: the WML table has no rows`);
  const periods = [...byDay.entries()]
    .sort((x, y) => x[0] - y[0])
    .map(([day, rows]) => {
      rows.sort((x, y) => x.age - y.age);
      return {
        from: day,
        ages: Int32Array.from(rows, (r) => r.age),
        monthly: Float64Array.from(rows, (r) => r.monthly),
        hourly: Float64Array.from(rows, (r) => r.hourly),
      };
    });
  return { kind: 'wml-table', periods };
}

function isWmlTable(x: unknown): x is WmlTable {
  return typeof x === 'object' && x !== null && (x as WmlTable).kind === 'wml-table';
}

/** Normal hours per sector as a Map (user names are data: read with Object.hasOwn). @internal */
export function normalHoursMap(option: unknown, where: string): ReadonlyMap<string, number> {
  const source = option === undefined ? SECTOR_NORMAL_HOURS : option;
  if (source instanceof Map) return checkHours(new Map(source), where);
  if (typeof source !== 'object' || source === null || Array.isArray(source)) {
    throw new SpecError(
      'invalid-option',
      `${where}: normalHours must be an object or Map of sector → weekly hours`,
      {
        option: 'normalHours',
      },
    );
  }
  const map = new Map<string, number>();
  for (const key of Object.keys(source)) {
    if (Object.hasOwn(source, key)) map.set(key, (source as Record<string, number>)[key]!);
  }
  return checkHours(map, where);
}

function checkHours(map: Map<string, number>, where: string): ReadonlyMap<string, number> {
  for (const [sector, h] of map) {
    if (typeof h !== 'number' || !(h > 0 && h <= 80)) {
      throw new SpecError(
        'invalid-option',
        `${where}: normalHours for sector '${sector}' is ${String(h)}; give weekly hours in (0, 80]`,
        {
          option: 'normalHours',
        },
      );
    }
  }
  return map;
}

/** Hourly-to-monthly conversion of the 2024 WML: weekly hours × 52 / 12 ([UNSTATED] in S4, DOMAIN B.4). */
const WEEKS_PER_MONTH = 52 / 12;

/** Where a price or deflator is being computed, for messages. @internal */
export interface PriceSite {
  readonly trajectory?: string;
  readonly month: string;
}

function site(s: PriceSite): string {
  return `${s.trajectory === undefined ? '' : `trajectory '${s.trajectory}' `}in ${s.month}`;
}

/** Index of the WML period in effect on the first day of month `m`; -1 before the table starts. @internal */
export function periodOf(table: WmlTable, m: number): number {
  const day = firstDayOfMonth(m);
  let k = -1;
  for (let p = 0; p < table.periods.length; p++) if (table.periods[p]!.from <= day) k = p;
  return k;
}

/**
 * The monthly full-time WML for a person of `age` in period `p`: the monthly amount, or (from
 * `hourlyFrom`, or when the period has no monthly amount) the hourly amount × normal hours × 52/12.
 * @internal
 */
export function wmlMonthAt(
  table: WmlTable,
  p: number,
  age: number,
  normalHours: number,
  useHourly: boolean,
  s: PriceSite,
): number {
  const period = table.periods[p]!;
  let r = -1;
  for (let k = 0; k < period.ages.length; k++) if (period.ages[k]! <= age) r = k;
  if (r < 0) {
    throw new DataError(
      'out-of-range',
      `${site(s)}: age ${age} is below the youngest age (${period.ages[0]}) of the WML table; give a WML row for that age`,
    );
  }
  const monthly = period.monthly[r]!;
  const hourly = period.hourly[r]!;
  if (!useHourly && !Number.isNaN(monthly)) return monthly;
  if (Number.isNaN(hourly)) {
    throw new DataError(
      'missing-value',
      `${site(s)}: the WML table has no hourly amount for age ${period.ages[r]} in the half-year from ${formatMonth(monthOfPeriod(period.from))}; S4 uses the hourly WML from 2024`,
    );
  }
  return hourly * normalHours * WEEKS_PER_MONTH;
}

const monthOfPeriod = monthOfDay;

/** One trajectory-month as {@link lksPrice} prices it. */
export interface LksPriceInput {
  /** Month `'YYYY-MM'`. */
  readonly month: string;
  /** Wage value 0–100; may be null for a flat-rate month within the first `flatRateMonths`. */
  readonly lw: number | null;
  /** Scheme of the month. @default 'pwet' */
  readonly scheme?: LksScheme;
  /** Months since the trajectory's start month (0 in the start month); flat-rate LKS counts as LW 50 while this is below `flatRateMonths`. @default 0 */
  readonly monthsSinceStart?: number;
  /** Weekly contract hours. */
  readonly hours: number;
  /** SBI main sector, for its normal hours. */
  readonly sector: string;
  /** Age in years, for the youth WML. */
  readonly age: number;
  /** Trajectory number, named in error messages. */
  readonly trajectory?: string;
}

/** Options of {@link lksPrice}. */
export interface LksPriceOptions {
  /** Normal weekly hours per sector. @default SECTOR_NORMAL_HOURS */
  readonly normalHours?: Readonly<Record<string, number>> | ReadonlyMap<string, number>;
  /** First month priced with the hourly WML (S4: 2024). @default '2024-01' */
  readonly hourlyFrom?: string;
  /** Months (from the start month) in which flat-rate LKS counts as LW 50. @default 6 */
  readonly flatRateMonths?: number;
}

/** Resolved price settings. @internal */
export interface PriceSettings {
  readonly hours: ReadonlyMap<string, number>;
  readonly hourlyFrom: number;
  readonly flatRateMonths: number;
}

/** @internal */
export function priceSettings(options: LksPriceOptions, where: string): PriceSettings {
  return {
    hours: normalHoursMap(options.normalHours, where),
    hourlyFrom:
      options.hourlyFrom === undefined
        ? parseMonth('2024-01')
        : monthOption(options.hourlyFrom, 'hourlyFrom', where),
    flatRateMonths:
      options.flatRateMonths === undefined
        ? 6
        : integerIn(options.flatRateMonths, 0, 1200, 'flatRateMonths', where),
  };
}

/** The sector's normal hours; an unknown sector is an error naming the trajectory and month. @internal */
export function sectorHours(settings: PriceSettings, sector: string, s: PriceSite): number {
  const h = settings.hours.get(sector);
  if (h === undefined) {
    throw new DataError(
      'invalid-value',
      `${site(s)}: sector '${sector}' has no normal hours; pass normalHours with an entry for it (the known sectors are ${[...settings.hours.keys()].join(', ')})`,
      { column: 'sector' },
    );
  }
  return h;
}

/**
 * The core of the price, with every input checked: LW (50 in early flat-rate months), WML, DTF.
 * @internal
 */
export function priceOf(
  table: WmlTable,
  settings: PriceSettings,
  m: number,
  lw: number,
  flatEarly: boolean,
  hours: number,
  sector: string,
  age: number,
  s: PriceSite,
): { price: number; lw: number; dtf: number; wml: number } {
  const value = flatEarly ? 50 : lw;
  if (Number.isNaN(value)) {
    throw new DataError(
      'missing-value',
      `${site(s)}: the wage value (LW) is missing; fill it (the trajectory's mean LW) before pricing`,
      {
        column: 'lw',
      },
    );
  }
  if (!(value >= 0 && value <= 100)) {
    throw new DataError('out-of-range', `${site(s)}: the wage value (LW) is ${value}; it must lie in 0–100`, {
      column: 'lw',
    });
  }
  if (!(hours > 0 && hours <= 100)) {
    throw new DataError(
      'out-of-range',
      `${site(s)}: contract hours are ${hours}; give weekly hours in (0, 100]`,
      { column: 'hours' },
    );
  }
  const normal = sectorHours(settings, sector, s);
  const p = periodOf(table, m);
  if (p < 0) {
    throw new DataError(
      'out-of-range',
      `${site(s)}: the WML table starts later; add the WML in effect in ${formatMonth(m)}`,
    );
  }
  const wml = wmlMonthAt(table, p, age, normal, m >= settings.hourlyFrom, s);
  const dtf = hours / normal;
  // S4 Annex I.2: ((100 − LW)/100) × WML incl. 8 % holiday allowance × DTF × 1.25 employer charges.
  return { price: ((100 - value) / 100) * wml * 1.08 * dtf * 1.25, lw: value, dtf, wml };
}

/**
 * The LKS price of one trajectory-month (S4 Annex I.2, DOMAIN B.4):
 * `((100 − LW) / 100) × WML_month × 1.08 × DTF × 1.25`, with DTF = contract hours / the sector's
 * normal hours, WML_month the full-time monthly WML for the person's age (youth rates) in the
 * half-year in effect on the month's first day, and, from `hourlyFrom` (2024), the hourly WML ×
 * normal hours × 52/12. Flat-rate LKS counts as LW 50 in the first `flatRateMonths` (6) months.
 *
 * Where S4 is ambiguous (DOMAIN B.4): the printed formula omits DTF, but step 3 computes it and
 * fn 30 lists it among the price factors, so it is included; the hourly-to-monthly factor 52/12
 * is not stated; a flat-rate month after the sixth is priced on its own LW like a Pwet month.
 *
 * @throws DataError for a missing or out-of-range LW, hours outside (0, 100], an unknown sector,
 *   a month before the WML table or an age below its youngest row, naming the trajectory and month.
 * @example
 * ```ts
 * import { lksPrice, WML_2019_2024 } from 'verdeelmodel/lks';
 * // LW 40, adult WML of July 2023 (€1,995), 32 of 40 hours:
 * lksPrice({ month: '2023-09', lw: 40, hours: 32, sector: 'F', age: 30 }, WML_2019_2024);
 * // => 1292.76 (0.6 × 1995 × 1.08 × 0.8 × 1.25)
 * ```
 */
export function lksPrice(
  month: LksPriceInput,
  wml: DataInput | Frame | WmlTable,
  options: LksPriceOptions = {},
): number {
  const where = 'lksPrice';
  checkOptions(options, ['normalHours', 'hourlyFrom', 'flatRateMonths'], where);
  const settings = priceSettings(options, where);
  const table = wmlTable(wml);
  const m = parseMonth(typeof month.month === 'string' ? month.month : '');
  const s: PriceSite = {
    month: String(month.month),
    ...(month.trajectory === undefined ? {} : { trajectory: month.trajectory }),
  };
  if (Number.isNaN(m)) {
    throw new DataError(
      'invalid-value',
      `lksPrice: month '${String(month.month)}' is not a month 'YYYY-MM'`,
      { column: 'month' },
    );
  }
  const scheme = month.scheme ?? 'pwet';
  if (!LKS_SCHEMES.includes(scheme)) {
    throw new DataError(
      'invalid-value',
      `lksPrice: ${site(s)} has scheme '${String(scheme)}'; use ${LKS_SCHEMES.map((x) => `'${x}'`).join(', ')}`,
      {
        column: 'scheme',
      },
    );
  }
  const since = month.monthsSinceStart ?? 0;
  const lw = month.lw === null || month.lw === undefined ? Number.NaN : month.lw;
  return priceOf(
    table,
    settings,
    m,
    lw,
    scheme === 'flat-rate' && since < settings.flatRateMonths,
    month.hours,
    month.sector,
    month.age,
    s,
  ).price;
}

/** Options of {@link wmlIndex}. */
export interface WmlIndexOptions {
  /** The day the index is 100. @default '2024-01-01' */
  readonly base?: string;
  /** First month of the series. @default '2019-01' */
  readonly from?: string;
  /** Last month of the series. @default '2024-12' */
  readonly to?: string;
  /** Weekly normal hours used to put monthly and hourly amounts on one footing. @default 38 */
  readonly normalHours?: number;
  /** First month of the hourly WML. @default '2024-01' */
  readonly hourlyFrom?: string;
}

/** The WML deflator series of {@link wmlIndex}. */
export interface WmlIndex {
  readonly months: readonly string[];
  /** Adult WML index (base = 100). */
  readonly adult: Float64Array;
  /** Youth WML index: the unweighted mean of the age-specific indices for ages 15–20. */
  readonly youth: Float64Array;
}

/**
 * The WML index used as deflator (S4 Box 3.1): the monthly full-time WML (hourly × normal hours ×
 * 52/12 from 2024) in each month relative to the base day (1 Jan 2024 = 100), with separate adult
 * and youth indices. A price divided by the index of its own age and sector (as
 * {@link trajectoryPanel} does per trajectory-month) is in base-day WML terms. The youth series is
 * the unweighted mean of the age indices 15–20 (S4 does not say how its youth index is averaged).
 *
 * @example
 * ```ts
 * import { wmlIndex, WML_2019_2024 } from 'verdeelmodel/lks';
 * const ix = wmlIndex(WML_2019_2024, { base: '2024-01-01' });
 * ix.adult[ix.months.indexOf('2024-01')]; // => 100
 * ```
 */
export function wmlIndex(table: DataInput | Frame | WmlTable, options: WmlIndexOptions = {}): WmlIndex {
  const where = 'wmlIndex';
  checkOptions(options, ['base', 'from', 'to', 'normalHours', 'hourlyFrom'], where);
  const t = wmlTable(table);
  const baseDay = dayOption(options.base ?? '2024-01-01', 'base', where);
  const from = monthOption(options.from ?? '2019-01', 'from', where);
  const to = monthOption(options.to ?? '2024-12', 'to', where);
  if (to < from)
    throw new SpecError(
      'invalid-option',
      `${where}: to (${formatMonth(to)}) is before from (${formatMonth(from)})`,
    );
  const hours = options.normalHours ?? 38;
  if (typeof hours !== 'number' || !(hours > 0 && hours <= 80)) {
    throw new SpecError(
      'invalid-option',
      `${where}: normalHours must be weekly hours in (0, 80]; got ${String(hours)}`,
      { option: 'normalHours' },
    );
  }
  const hourlyFrom = monthOption(options.hourlyFrom ?? '2024-01', 'hourlyFrom', where);
  let basePeriod = -1;
  for (let p = 0; p < t.periods.length; p++) if (t.periods[p]!.from <= baseDay) basePeriod = p;
  if (basePeriod < 0)
    throw new SpecError(
      'invalid-option',
      `${where}: the WML table starts after the base day ${options.base ?? '2024-01-01'}`,
    );
  const baseMonth = monthOfPeriod(baseDay);
  const months: string[] = [];
  const adult = new Float64Array(to - from + 1);
  const youth = new Float64Array(to - from + 1);
  for (let m = from; m <= to; m++) {
    const s = { month: formatMonth(m) };
    const p = periodOf(t, m);
    if (p < 0)
      throw new DataError('out-of-range', `${where}: the WML table has no amount in effect in ${s.month}`);
    const at = (age: number) =>
      (100 * wmlMonthAt(t, p, age, hours, m >= hourlyFrom, s)) /
      wmlMonthAt(t, basePeriod, age, hours, baseMonth >= hourlyFrom, s);
    months.push(s.month);
    adult[m - from] = at(99);
    let sum = 0;
    for (let a = 15; a <= 20; a++) sum += at(a);
    youth[m - from] = sum / 6;
  }
  return { months, adult, youth };
}
