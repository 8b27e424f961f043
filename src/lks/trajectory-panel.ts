import { type DataInput, dataRow, type Frame, toFrame } from '../data/frame.js';
import { DataError, SpecError } from '../errors.js';
import { checkOptions, numberIn, oneOf } from '../internal/options.js';
import type { CleanedTrajectories } from './clean-trajectories.js';
import { numberColumn, textColumn } from './columns.js';
import {
  dayOption,
  formatMonth,
  monthOfDay,
  monthOption,
  parseDay,
  parseMonth,
  yearOfMonth,
} from './dates.js';
import { LKS_SCHEMES, type LksScheme, type Trajectory } from './types.js';
import {
  type LksPriceOptions,
  type PriceSite,
  priceOf,
  priceSettings,
  sectorHours,
  WML_2019_2024,
  type WmlTable,
  wmlMonthAt,
  wmlTable,
} from './wml.js';

/** Options of {@link trajectoryPanel}. */
export interface TrajectoryPanelOptions extends LksPriceOptions {
  /**
   * Inhabitants aged 15–65 per municipality: columns `municipality`, `inhabitants15to65` and
   * optionally `year` (then one row per municipality and panel year). Every municipality of the
   * trajectories must be in it; the panel has one row per municipality in it and month.
   */
  readonly population: DataInput | Frame;
  /** First panel month. @default '2019-01' */
  readonly from?: string;
  /** Last panel month. @default '2024-12' */
  readonly to?: string;
  /** The WML table (see {@link wmlTable}). @default WML_2019_2024 */
  readonly wml?: DataInput | Frame | WmlTable;
  /** Deflate prices and spending by the WML index of each trajectory-month's age and sector (S4 Box 3.1). @default true */
  readonly deflate?: boolean;
  /** Day the deflator is 100. @default '2024-01-01' */
  readonly base?: string;
  /**
   * Trajectories counted: those with a month in one of these schemes (S4 counts Pwet LKS, flat-rate
   * included, and analyses temporary LKS separately; a temporary → Pwet trajectory counts whole).
   * @default ['pwet', 'flat-rate']
   */
  readonly schemes?: readonly LksScheme[];
  /** LW below which a running trajectory counts as low-LW. @default 50 */
  readonly lowLwBelow?: number;
}

/** Column names of the panel (and, without `municipality` and `inhabitants15to65`, of the national series). */
export const TRAJECTORY_PANEL_COLUMNS = [
  'municipality',
  'month',
  'inhabitants15to65',
  'running',
  'inflow',
  'outflow',
  'runningRate',
  'inflowRate',
  'outflowRate',
  'priced',
  'meanPrice',
  'meanLw',
  'meanPartTime',
  'lowLw',
  'lowLwRate',
  'flatRate',
  'inflowFlatRate',
  'spending',
  'spendingRate',
] as const;

/** The output of {@link trajectoryPanel}. */
export interface TrajectoryPanel {
  /**
   * Municipality × month (municipalities sorted, months in order): running stock ("lopend
   * bestand"), inflow, outflow, their rates per 10,000 aged 15–65, trajectories with a price, mean
   * price, LW and part-time factor over those, low-LW count and rate, running in a flat-rate month,
   * inflow starting as flat-rate, spending (Σ price over the running stock) and its rate. Means are
   * NaN in a cell without a priced running trajectory.
   */
  readonly panel: Frame;
  /** The same per month for the whole country (sums; means over all priced running trajectories). */
  readonly national: Frame;
  readonly months: readonly string[];
  readonly municipalities: readonly string[];
  /** Running trajectory-months without a price (no LW, or no monthly values), over the whole panel. */
  readonly unpriced: number;
  readonly deflated: boolean;
}

/**
 * Monthly municipal outcomes of S4 Annex I.2 and §3.1–3.4 from cleaned trajectories. A trajectory
 * is in the running stock of month m when it is active on the first and the last day of m and does
 * not start or end in m (S4: months in which a trajectory starts or ends do not count, so a start
 * on the 1st or an end on the last day still excludes the month). Inflow counts in the start
 * month, outflow in the end month (the imputed end for rule 2); a merged flat-rate → Pwet switch
 * is neither. The price is {@link lksPrice} of the trajectory-month, deflated (by default) to the
 * WML of the base day for the same age and sector; spending = Σ price over the running stock
 * (S4 fn 30).
 *
 * @throws DataError `unknown-unit` for a trajectory's municipality missing from the population
 *   table (naming it and the month), `missing-value`/`out-of-range` for a population row, and the
 *   price errors of {@link lksPrice} naming the trajectory and month.
 * @example
 * ```ts
 * import { cleanTrajectories, generateTrajectories, trajectoryPanel } from 'verdeelmodel/lks';
 * const g = generateTrajectories({ municipalities: 10, scale: 0.05 });
 * const { panel } = trajectoryPanel(cleanTrajectories(g.records), { population: g.population });
 * panel.nrows; // => 720 (10 municipalities × 72 months)
 * ```
 */
export function trajectoryPanel(
  cleaned: CleanedTrajectories | readonly Trajectory[],
  options: TrajectoryPanelOptions,
): TrajectoryPanel {
  const where = 'trajectoryPanel';
  checkOptions(
    options,
    [
      'population',
      'from',
      'to',
      'wml',
      'deflate',
      'base',
      'schemes',
      'lowLwBelow',
      'normalHours',
      'hourlyFrom',
      'flatRateMonths',
    ],
    where,
  );
  if (options === undefined || options.population === undefined) {
    throw new SpecError(
      'missing-input',
      `${where}: pass population (municipality, inhabitants15to65) for the rates per 10,000`,
      {
        option: 'population',
      },
    );
  }
  const from = monthOption(options.from ?? '2019-01', 'from', where);
  const to = monthOption(options.to ?? '2024-12', 'to', where);
  if (to < from) throw new SpecError('invalid-option', `${where}: to is before from`, { option: 'to' });
  const settings = priceSettings(options, where);
  const table = wmlTable(options.wml ?? WML_2019_2024);
  const deflate =
    options.deflate === undefined ? true : oneOf(options.deflate, [true, false], 'deflate', where);
  const baseDay = dayOption(options.base ?? '2024-01-01', 'base', where);
  const lowBelow =
    options.lowLwBelow === undefined ? 50 : numberIn(options.lowLwBelow, 0, 100, 'lowLwBelow', where);
  const schemes = options.schemes ?? ['pwet', 'flat-rate'];
  if (!Array.isArray(schemes) || schemes.length === 0) {
    throw new SpecError(
      'invalid-option',
      `${where}: schemes must be a non-empty list of ${LKS_SCHEMES.join(', ')}`,
      { option: 'schemes' },
    );
  }
  const counted = new Uint8Array(LKS_SCHEMES.length);
  for (const s of schemes) counted[LKS_SCHEMES.indexOf(oneOf(s, LKS_SCHEMES, 'schemes', where))] = 1;
  const trajectories: readonly Trajectory[] = Array.isArray(cleaned)
    ? (cleaned as readonly Trajectory[])
    : (cleaned as CleanedTrajectories).trajectories;
  const nT = to - from + 1;
  const pop = readPopulation(options.population, from, to, where);
  const U = pop.municipalities.length;
  const cells = U * nT;
  const col = () => new Float64Array(cells);
  const running = col();
  const inflow = col();
  const outflow = col();
  const priced = col();
  const priceSum = col();
  const lwSum = col();
  const dtfSum = col();
  const lowLw = col();
  const flatRate = col();
  const inflowFlat = col();
  let unpriced = 0;
  let basePeriod = -1;
  for (let p = 0; p < table.periods.length; p++) if (table.periods[p]!.from <= baseDay) basePeriod = p;
  if (deflate && basePeriod < 0) {
    throw new SpecError(
      'invalid-option',
      `${where}: the WML table starts after the base day ${options.base ?? '2024-01-01'}`,
      { option: 'base' },
    );
  }
  const baseMonth = monthOfDay(baseDay);
  for (const tr of trajectories) {
    let include = false;
    for (let k = 0; k < tr.schemes.length && !include; k++) include = counted[tr.schemes[k]!] === 1;
    if (!include) continue;
    const u = pop.index.get(tr.municipality);
    const { startMonth, endMonth, m0 } = checkTrajectory(tr, where);
    const touches = startMonth <= to && endMonth >= from;
    if (u === undefined) {
      if (!touches) continue;
      throw new DataError(
        'unknown-unit',
        `${where}: trajectory '${tr.id}' belongs to municipality '${tr.municipality}', which is not in the population table (month ${formatMonth(Math.max(from, startMonth))}); add its inhabitants aged 15–65`,
        { column: 'municipality' },
      );
    }
    const base = u * nT;
    if (startMonth >= from && startMonth <= to) {
      inflow[base + startMonth - from]!++;
      if (tr.schemes.length > 0 && parseMonth(tr.firstMonth) === startMonth && tr.schemes[0] === 1)
        inflowFlat[base + startMonth - from]!++;
    }
    if (endMonth >= from && endMonth <= to) outflow[base + endMonth - from]!++;
    const first = Math.max(from, startMonth + 1);
    const last = Math.min(to, endMonth - 1);
    for (let m = first; m <= last; m++) {
      const c = base + m - from;
      running[c]!++;
      const k = m - m0;
      if (k < 0 || k >= tr.schemes.length) {
        unpriced++;
        continue;
      }
      const scheme = tr.schemes[k]!;
      if (scheme === 1) flatRate[c]!++;
      const flatEarly = scheme === 1 && m - startMonth < settings.flatRateMonths;
      const lw = tr.lw[k]!;
      if (!flatEarly && Number.isNaN(lw)) {
        unpriced++;
        continue;
      }
      const s: PriceSite = { trajectory: tr.id, month: formatMonth(m) };
      const p = priceOf(table, settings, m, lw, flatEarly, tr.hours[k]!, tr.sector, tr.age[k]!, s);
      let price = p.price;
      if (deflate) {
        const normal = sectorHours(settings, tr.sector, s);
        price *=
          wmlMonthAt(table, basePeriod, tr.age[k]!, normal, baseMonth >= settings.hourlyFrom, s) / p.wml;
      }
      priced[c]!++;
      priceSum[c]! += price;
      lwSum[c]! += p.lw;
      dtfSum[c]! += p.dtf;
      if (p.lw < lowBelow) lowLw[c]!++;
    }
  }
  // Assemble the municipal panel.
  const popCell = col();
  for (let u = 0; u < U; u++) for (let t = 0; t < nT; t++) popCell[u * nT + t] = pop.value(u, from + t);
  const rate = (x: Float64Array) => x.map((v, c) => (v / popCell[c]!) * 1e4);
  const mean = (sum: Float64Array, n: Float64Array) =>
    sum.map((v, c) => (n[c]! > 0 ? v / n[c]! : Number.NaN));
  const monthLevels = Array.from({ length: nT }, (_, t) => formatMonth(from + t));
  const unitCodes = new Int32Array(cells);
  const monthCodes = new Int32Array(cells);
  for (let c = 0; c < cells; c++) {
    unitCodes[c] = Math.floor(c / nT);
    monthCodes[c] = c % nT;
  }
  const panel = toFrame({
    municipality: { codes: unitCodes, levels: [...pop.municipalities] },
    month: { codes: monthCodes, levels: monthLevels },
    inhabitants15to65: popCell,
    running,
    inflow,
    outflow,
    runningRate: rate(running),
    inflowRate: rate(inflow),
    outflowRate: rate(outflow),
    priced,
    meanPrice: mean(priceSum, priced),
    meanLw: mean(lwSum, priced),
    meanPartTime: mean(dtfSum, priced),
    lowLw,
    lowLwRate: rate(lowLw),
    flatRate,
    inflowFlatRate: inflowFlat,
    spending: priceSum,
    spendingRate: rate(priceSum),
  });
  // National series: sums over municipalities.
  const nat = (x: Float64Array) => {
    const out = new Float64Array(nT);
    for (let c = 0; c < cells; c++) out[c % nT]! += x[c]!;
    return out;
  };
  const nPop = nat(popCell);
  const nRunning = nat(running);
  const nPriced = nat(priced);
  const nPrice = nat(priceSum);
  const nLow = nat(lowLw);
  const nRate = (x: Float64Array) => x.map((v, t) => (v / nPop[t]!) * 1e4);
  const national = toFrame({
    month: { codes: Int32Array.from({ length: nT }, (_, t) => t), levels: monthLevels },
    inhabitants15to65: nPop,
    running: nRunning,
    inflow: nat(inflow),
    outflow: nat(outflow),
    runningRate: nRate(nRunning),
    inflowRate: nRate(nat(inflow)),
    outflowRate: nRate(nat(outflow)),
    priced: nPriced,
    meanPrice: mean(nPrice, nPriced),
    meanLw: mean(nat(lwSum), nPriced),
    meanPartTime: mean(nat(dtfSum), nPriced),
    lowLw: nLow,
    lowLwRate: nRate(nLow),
    flatRate: nat(flatRate),
    inflowFlatRate: nat(inflowFlat),
    spending: nPrice,
    spendingRate: nRate(nPrice),
  });
  return {
    panel,
    national,
    months: monthLevels,
    municipalities: pop.municipalities,
    unpriced,
    deflated: deflate,
  };
}

/**
 * The dates of a trajectory as months, checked: trajectories may be built by hand, and a bad date
 * must not become a NaN that silently drops the trajectory from every count.
 */
function checkTrajectory(
  tr: Trajectory,
  where: string,
): { startMonth: number; endMonth: number; m0: number } {
  const id = typeof tr.id === 'string' ? tr.id : String(tr.id);
  const bad = (what: string) => new DataError('invalid-value', `${where}: trajectory '${id}' ${what}`, {});
  const startDay = typeof tr.start === 'string' ? parseDay(tr.start) : Number.NaN;
  if (Number.isNaN(startDay)) throw bad(`has start ${JSON.stringify(tr.start)}; give a day 'YYYY-MM-DD'`);
  let endMonth = Number.POSITIVE_INFINITY;
  if (tr.end !== null) {
    const endDay = typeof tr.end === 'string' ? parseDay(tr.end) : Number.NaN;
    if (Number.isNaN(endDay)) throw bad(`has end ${JSON.stringify(tr.end)}; give a day 'YYYY-MM-DD' or null`);
    if (endDay < startDay)
      throw bad(`ends (${tr.end}) before it starts (${tr.start}) (month ${tr.end.slice(0, 7)})`);
    endMonth = monthOfDay(endDay);
  }
  const m0 = typeof tr.firstMonth === 'string' ? parseMonth(tr.firstMonth) : Number.NaN;
  if (Number.isNaN(m0)) throw bad(`has firstMonth ${JSON.stringify(tr.firstMonth)}; give a month 'YYYY-MM'`);
  const n = tr.schemes?.length;
  if (!(n >= 0) || tr.lw?.length !== n || tr.hours?.length !== n || tr.age?.length !== n) {
    throw bad('has monthly arrays (schemes, lw, hours, age) of different lengths');
  }
  for (let k = 0; k < n; k++) {
    if (!(tr.schemes[k]! < LKS_SCHEMES.length)) {
      throw bad(`has scheme code ${tr.schemes[k]} in ${formatMonth(m0 + k)}; codes index LKS_SCHEMES`);
    }
  }
  return { startMonth: monthOfDay(startDay), endMonth, m0 };
}

/** The population table: inhabitants aged 15–65 per municipality (and year). */
function readPopulation(
  data: DataInput | Frame,
  from: number,
  to: number,
  where: string,
): {
  municipalities: readonly string[];
  index: ReadonlyMap<string, number>;
  value(u: number, month: number): number;
} {
  const frame = toFrame(data);
  const what = `${where} population`;
  const muni = textColumn(frame, 'municipality', what);
  const inh = numberColumn(frame, 'inhabitants15to65', what);
  const year = frame.has('year') ? numberColumn(frame, 'year', what) : null;
  const names = new Set<string>();
  for (let i = 0; i < frame.nrows; i++) {
    const c = muni.codes[i]!;
    if (c < 0)
      throw new DataError('missing-value', `${what}: row ${dataRow(frame, i)} has no municipality`, {
        column: 'municipality',
        row: dataRow(frame, i),
      });
    names.add(muni.levels[c]!);
  }
  const municipalities = [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const index = new Map(municipalities.map((m, k) => [m, k]));
  const y0 = yearOfMonth(from);
  const nY = yearOfMonth(to) - y0 + 1;
  const values = new Float64Array(municipalities.length * nY).fill(Number.NaN);
  for (let i = 0; i < frame.nrows; i++) {
    const u = index.get(muni.levels[muni.codes[i]!]!)!;
    const v = inh[i]!;
    const row = dataRow(frame, i);
    if (!(v > 0)) {
      throw new DataError(
        Number.isNaN(v) ? 'missing-value' : 'out-of-range',
        `${what}: municipality '${municipalities[u]}' (row ${row}) has inhabitants15to65 ${v}; give a positive count`,
        { column: 'inhabitants15to65', row },
      );
    }
    if (year === null) {
      if (!Number.isNaN(values[u * nY]!)) {
        throw new DataError(
          'duplicate',
          `${what}: municipality '${municipalities[u]}' is listed twice (row ${row}); add a year column or keep one row`,
          {
            column: 'municipality',
            row,
          },
        );
      }
      values.fill(v, u * nY, (u + 1) * nY);
      continue;
    }
    const y = year[i]!;
    if (!Number.isInteger(y))
      throw new DataError('invalid-value', `${what}: row ${row} has year ${y}`, { column: 'year', row });
    if (y < y0 || y >= y0 + nY) continue;
    if (!Number.isNaN(values[u * nY + y - y0]!)) {
      throw new DataError('duplicate', `${what}: municipality '${municipalities[u]}' has two rows for ${y}`, {
        column: 'year',
        row,
      });
    }
    values[u * nY + y - y0] = v;
  }
  for (let u = 0; u < municipalities.length; u++) {
    for (let k = 0; k < nY; k++) {
      if (Number.isNaN(values[u * nY + k]!)) {
        throw new DataError(
          'unknown-unit',
          `${what}: municipality '${municipalities[u]}' has no inhabitants15to65 for ${y0 + k} (month ${formatMonth(Math.max(from, (y0 + k) * 12))}); add the row`,
          { column: 'inhabitants15to65' },
        );
      }
    }
  }
  return { municipalities, index, value: (u, month) => values[u * nY + yearOfMonth(month) - y0]! };
}
