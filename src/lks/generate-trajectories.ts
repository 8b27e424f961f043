import type { ColumnRecord } from '../data/frame.js';
import { SpecError } from '../errors.js';
import { buildMunicipalityFrame } from '../generate/municipality-frame.js';
import { checkOptions, integerIn, numberIn, seedOption } from '../internal/options.js';
import { createRng, type Rng } from '../internal/random.js';
import type { CleaningRuleCount, CleaningRuleName } from './clean-trajectories.js';
import {
  firstDayOfMonth,
  formatDay,
  formatMonth,
  lastDayOfMonth,
  monthOfDay,
  monthOption,
  parseMonth,
  yearOfMonth,
} from './dates.js';
import { LKS_SCHEMES, type Trajectory } from './types.js';
import { SECTOR_NORMAL_HOURS } from './wml.js';

/** Rates at which {@link generateTrajectories} plants the messes of S4 Annex I.1 (each among the eligible trajectories). */
export interface TrajectoryMessRates {
  /** Start registered 1–3 months late (rule 1). @default 0.08 */
  readonly lateStart?: number;
  /** No end date reported for a trajectory that ended (rule 2). @default 0.25 */
  readonly missingEnd?: number;
  /** A running trajectory continued on a new number (rule 3). @default 0.04 */
  readonly renumbered?: number;
  /** A finished trajectory reported once, 1–3 months after its end (rule 4). @default 0.02 */
  readonly lateOneOff?: number;
  /** Flat-rate or temporary LKS and the Pwet LKS after it on separate numbers (rule 5). @default 0.5 */
  readonly flatRateSplit?: number;
  /** Reports continuing 1–2 months after the end, the end date only in the last one (rule 6). @default 0.1 */
  readonly afterEnd?: number;
  /** Share of Pwet report months with a missing LW. @default 0.05 */
  readonly missingLw?: number;
  /** Share of temporary-LKS report months with a missing LW. @default 0.3 */
  readonly missingLwTemporary?: number;
  /** Share of Pwet-only trajectories that never report an LW. @default 0.005 */
  readonly neverLw?: number;
}

/** Options of {@link generateTrajectories}. */
export interface GenerateTrajectoriesOptions {
  /** Seed. @default 1 */
  readonly seed?: number;
  /** Number of municipalities (size classes of the household generator: the G4 first). @default 342 */
  readonly municipalities?: number;
  /** Multiplies the number of trajectories (0.05 gives a fast test set). @default 1 */
  readonly scale?: number;
  /** Rates of the planted messes; a rate of 0 plants none. */
  readonly messes?: TrajectoryMessRates;
  /**
   * A planted effect on large municipalities (≥ 40,000 inhabitants): extra running trajectories
   * with LW below 50, rising linearly from `from` to `lowLw` per 10,000 aged 15–65 (× scale) in the
   * last month. @default none
   */
  readonly effect?: { readonly lowLw: number; readonly from?: string };
  /** Last month of the panel (records run `correctionMonths` further). @default '2024-12' */
  readonly lastMonth?: string;
}

/** Municipalities of the generated data, with the LKS size class (small < 15k, medium < 40k, large). */
// A type alias (not an interface) so it passes as a column record to `toFrame`.
export type GeneratedMunicipalities = {
  readonly municipality: readonly string[];
  readonly inhabitants: Float64Array;
  readonly inhabitants15to65: Float64Array;
  readonly sizeClass: readonly ('small' | 'medium' | 'large')[];
};

/** The output of {@link generateTrajectories}. */
export interface GeneratedTrajectories {
  /** SRG-like records (one row per trajectory number per report month), as columns for `toFrame`. */
  readonly records: ColumnRecord;
  /** The population table (municipality, inhabitants, inhabitants15to65, sizeClass). */
  readonly population: GeneratedMunicipalities;
  readonly truth: {
    /** The clean trajectories (what a perfect cleaning returns; see the TSDoc for the one exception). */
    readonly trajectories: readonly Trajectory[];
    /** What was planted, in the shape of `cleanTrajectories`' report. */
    readonly planted: Readonly<Record<CleaningRuleName, CleaningRuleCount>>;
    /** Trajectories planted as never reporting an LW (no price). */
    readonly withoutLw: number;
    /** The planted effect: extra low-LW trajectories per large municipality and the mean gap per 10k per month. */
    readonly effect: {
      readonly from: string | null;
      readonly lowLw: number;
      readonly extra: ReadonlyMap<string, number>;
      readonly months: readonly string[];
      readonly gap: Float64Array;
    };
  };
  readonly options: {
    readonly seed: number;
    readonly municipalities: number;
    readonly scale: number;
    readonly lastMonth: string;
    readonly firstMonth: string;
    readonly correctionMonths: number;
  };
}

const FIRST_MONTH = parseMonth('2019-01');
const CORRECTION_MONTHS = 3;
/** Mean duration of a trajectory in months (exponential): about 37 % run longer than two years (S4: 40–50 % of regular ones). */
const MEAN_DURATION = 24;
const DAYS_PER_MONTH = 365.25 / 12;
/** Flat-rate share of new trajectories by start year (S4 fn 43). */
const FLAT_SHARE: Readonly<Record<number, number>> = {
  2019: 0.3,
  2020: 0.32,
  2021: 0.34,
  2022: 0.38,
  2023: 0.41,
  2024: 0.41,
};
const TEMPORARY_SHARE = 0.03;
/** Mean LW of new Pwet trajectories by start year: tuned so the deflated mean price runs ≈ €985 → €1,040 → €1,025. */
const LW_MEAN: Readonly<Record<number, number>> = {
  2018: 60,
  2019: 59.5,
  2020: 58,
  2021: 56,
  2022: 54.5,
  2023: 55,
  2024: 54,
};
const SECTORS: readonly [string, number][] = [
  ['A', 4],
  ['C', 12],
  ['F', 6],
  ['G', 18],
  ['H', 6],
  ['I', 10],
  ['M', 4],
  ['N', 15],
  ['O', 3],
  ['P', 3],
  ['Q', 15],
  ['S', 4],
];

const DEFAULT_MESSES: Required<TrajectoryMessRates> = {
  lateStart: 0.08,
  missingEnd: 0.25,
  renumbered: 0.04,
  lateOneOff: 0.02,
  flatRateSplit: 0.5,
  afterEnd: 0.1,
  missingLw: 0.05,
  missingLwTemporary: 0.3,
  neverLw: 0.005,
};

function poisson(rng: Rng, lambda: number): number {
  if (lambda <= 0) return 0;
  if (lambda > 40) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * rng.normal()));
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = rng.uniform();
  while (p > limit) {
    k++;
    p *= rng.uniform();
  }
  return k;
}

function exponentialDays(rng: Rng, meanMonths: number): number {
  return Math.max(1, Math.ceil(-Math.log(rng.uniformOpen()) * meanMonths * DAYS_PER_MONTH));
}

/**
 * Expected trajectories per 10,000 aged 15–65, t months after January 2019: 18.5 → 38 with slowing
 * growth, so that the running stock (which leaves out start and end months) runs ≈ 20,000 → 40,000
 * (S4 §3.2.1, §3.4.1).
 */
function ratePath(t: number): number {
  return 18.5 + (19.5 * (1 - Math.exp(-t / 40))) / (1 - Math.exp(-72 / 40));
}

/** One truth trajectory while it is being generated. */
interface Draft {
  number: string;
  person: string;
  municipality: string;
  reporter: string;
  employer: string;
  sector: string;
  startDay: number;
  endDay: number; // NaN = open (beyond the data)
  schemes: number[]; // per month from the start month
  lw: number;
  hours: number;
  birthYear: number;
  neverLw: boolean;
}

/**
 * SRG-like LKS records for 2019–2024 (plus the 3-month correction window) with known truth: ~340
 * municipalities with the size classes of the household generator, a running stock rising from
 * ≈ 20,000 to ≈ 40,000 (≈ 17 → 34 per 10,000 aged 15–65, municipal levels and trends varying),
 * exponential durations (mean 24 months), a flat-rate share of new trajectories of 30 % → 41 %, a
 * mean LW that makes the WML-deflated price run ≈ €985 → €1,040 → €1,025, and the messes of S4
 * Annex I.1 planted at known rates (`messes`). Optionally an effect on large municipalities.
 *
 * The truth is what {@link cleanTrajectories} should return: the same trajectories, numbers,
 * dates, monthly schemes, LW (filled values equal the true constant LW of a trajectory), hours and
 * ages. One exception: where no end date was ever reported (rule 2) the true end day is kept,
 * while the cleaning can only know its month. Each trajectory has its own person, so no two
 * trajectories are linked by chance. Ages rise on 1 January (age = year − birth year).
 *
 * @example
 * ```ts
 * import { generateTrajectories } from 'verdeelmodel/lks';
 * const g = generateTrajectories({ municipalities: 20, scale: 0.05, seed: 2 });
 * g.truth.planted.linkRenumbered.trajectories; // => links planted (a count)
 * ```
 */
export function generateTrajectories(options: GenerateTrajectoriesOptions = {}): GeneratedTrajectories {
  const where = 'generateTrajectories';
  checkOptions(options, ['seed', 'municipalities', 'scale', 'messes', 'effect', 'lastMonth'], where);
  const seed = options.seed === undefined ? 1 : seedOption(options.seed, where);
  const count =
    options.municipalities === undefined
      ? 342
      : integerIn(options.municipalities, 5, 2000, 'municipalities', where);
  const scale =
    options.scale === undefined ? 1 : numberIn(options.scale, 0, 100, 'scale', where, { min: true });
  const lastMonth =
    options.lastMonth === undefined
      ? parseMonth('2024-12')
      : monthOption(options.lastMonth, 'lastMonth', where);
  if (lastMonth < FIRST_MONTH + 12)
    throw new SpecError('invalid-option', `${where}: lastMonth must be 2020-01 or later`, {
      option: 'lastMonth',
    });
  const messes = { ...DEFAULT_MESSES };
  if (options.messes !== undefined) {
    checkOptions(options.messes, Object.keys(DEFAULT_MESSES), `${where} messes`);
    for (const key of Object.keys(options.messes) as (keyof TrajectoryMessRates)[]) {
      messes[key] = numberIn(options.messes[key], 0, 1, `messes.${key}`, where);
    }
  }
  let effect: { lowLw: number; from: number } | null = null;
  if (options.effect !== undefined) {
    checkOptions(options.effect, ['lowLw', 'from'], `${where} effect`);
    const from =
      options.effect.from === undefined
        ? parseMonth('2022-01')
        : monthOption(options.effect.from, 'effect.from', where);
    if (from <= FIRST_MONTH || from > lastMonth) {
      throw new SpecError(
        'invalid-option',
        `${where}: effect.from must lie after 2019-01 and not after lastMonth`,
        { option: 'effect.from' },
      );
    }
    effect = { lowLw: numberIn(options.effect.lowLw, 0, 1000, 'effect.lowLw', where), from };
  }
  const dataEnd = lastMonth + CORRECTION_MONTHS;
  const dataEndDay = lastDayOfMonth(dataEnd);
  const frame = buildMunicipalityFrame(seed, count, 2024);
  const rng = createRng(seed, 0x4c4b53); // 'LKS'
  const pop15 = new Float64Array(count);
  const sizeClass: ('small' | 'medium' | 'large')[] = [];
  for (let i = 0; i < count; i++) {
    pop15[i] = Math.round(frame.inhabitants[i]! * frame.share15to65[i]!);
    const n = frame.inhabitants[i]!;
    sizeClass.push(n < 15000 ? 'small' : n < 40000 ? 'medium' : 'large');
  }
  // Municipal level (log-normal, population-weighted mean 1) and trend.
  const level = new Float64Array(count);
  const trend = new Float64Array(count);
  let wsum = 0;
  let psum = 0;
  for (let i = 0; i < count; i++) {
    level[i] = Math.exp(0.35 * rng.normal());
    trend[i] = 0.25 * rng.normal();
    wsum += level[i]! * pop15[i]!;
    psum += pop15[i]!;
  }
  for (let i = 0; i < count; i++) level[i]! *= psum / wsum;
  const sectorTotal = SECTORS.reduce((a, s) => a + s[1], 0);
  const drawSector = (): string => {
    let u = rng.uniform() * sectorTotal;
    for (const [s, w] of SECTORS) {
      u -= w;
      if (u < 0) return s;
    }
    return SECTORS[SECTORS.length - 1]![0];
  };
  const drafts: Draft[] = [];
  let serial = 0;
  const h = 1 / MEAN_DURATION;
  const day0 = firstDayOfMonth(FIRST_MONTH);
  const newDraft = (i: number, startDay: number, endDay: number, lowLw: boolean): Draft => {
    serial++;
    const id = frame.ids[i]!;
    const sm = monthOfDay(startDay);
    const y = Math.min(2024, Math.max(2018, yearOfMonth(sm)));
    const sector = drawSector();
    const months = (Number.isNaN(endDay) ? dataEnd : monthOfDay(endDay)) - sm + 1;
    const schemes = new Array<number>(months).fill(0);
    const u = rng.uniform();
    const flat = FLAT_SHARE[Math.max(2019, y)]!;
    if (!lowLw && u < flat) {
      const f = 3 + rng.int(4);
      for (let k = 0; k < Math.min(f, months); k++) schemes[k] = 1;
    } else if (!lowLw && u < flat + TEMPORARY_SHARE) {
      const tf = rng.uniform() < 0.3 ? 3 + rng.int(10) : months;
      for (let k = 0; k < Math.min(tf, months); k++) schemes[k] = 2;
    }
    const mean = LW_MEAN[y]!;
    const lw = lowLw ? 20 + rng.int(26) : Math.round(Math.min(95, Math.max(5, mean + 17 * rng.normal())));
    const normal = SECTOR_NORMAL_HOURS[sector]!;
    const dtf = Math.min(1, Math.max(0.25, 0.84 - 0.012 * (y - 2019) + 0.17 * rng.normal()));
    const young = rng.uniform() < 0.3 + 0.03 * (Math.max(2019, y) - 2019);
    const ageAtStart = young ? 18 + rng.int(9) : 27 + rng.int(38);
    return {
      number: `T${String(serial).padStart(7, '0')}`,
      person: `P${String(serial).padStart(7, '0')}`,
      municipality: id,
      reporter: `R${id.slice(2)}`,
      employer: `${id}-E${rng.int(Math.max(3, Math.round(pop15[i]! / 2000)))}`,
      sector,
      startDay,
      endDay,
      schemes,
      lw,
      hours: Math.max(1, Math.round(dtf * normal)),
      birthYear: yearOfMonth(sm) - ageAtStart,
      neverLw: false,
    };
  };
  const endOf = (startDay: number, duration: number) => {
    const e = startDay + duration - 1;
    return e > dataEndDay ? Number.NaN : e;
  };
  const spanMonths = lastMonth - FIRST_MONTH;
  for (let i = 0; i < count; i++) {
    const S = (t: number) =>
      (scale *
        ratePath((t * 72) / spanMonths) *
        pop15[i]! *
        level[i]! *
        Math.max(0.2, 1 + (trend[i]! * (t - spanMonths / 2)) / spanMonths)) /
      1e4;
    const initial = poisson(rng, S(0));
    for (let j = 0; j < initial; j++) {
      const start = day0 - exponentialDays(rng, MEAN_DURATION);
      drafts.push(newDraft(i, start, endOf(day0, exponentialDays(rng, MEAN_DURATION) + 0), false));
    }
    for (let m = FIRST_MONTH; m <= dataEnd; m++) {
      const t = m - FIRST_MONTH;
      const lambda = Math.max(0, S(t + 1) - S(t)) + h * S(t + 0.5);
      const n = poisson(rng, lambda);
      const first = firstDayOfMonth(m);
      const days = lastDayOfMonth(m) - first + 1;
      for (let j = 0; j < n; j++) {
        const start = first + rng.int(days);
        drafts.push(newDraft(i, start, endOf(start, exponentialDays(rng, MEAN_DURATION)), false));
      }
    }
  }
  // The planted effect: extra open-ended low-LW trajectories in large municipalities, starts spread evenly.
  const extra = new Map<string, number>();
  const effectMonths: string[] = [];
  const gap = new Float64Array(lastMonth - FIRST_MONTH + 1);
  if (effect) {
    const fromDay = firstDayOfMonth(effect.from);
    const span = lastDayOfMonth(lastMonth) - fromDay + 1;
    let large = 0;
    for (let i = 0; i < count; i++) {
      if (sizeClass[i] !== 'large') continue;
      large++;
      const n = Math.round((effect.lowLw * scale * pop15[i]!) / 1e4);
      extra.set(frame.ids[i]!, n);
      const running = new Float64Array(gap.length);
      for (let j = 0; j < n; j++) {
        const start = fromDay + Math.floor(((j + 0.5) * span) / n);
        drafts.push(newDraft(i, start, Number.NaN, true));
        const sm = monthOfDay(start);
        for (let m = sm + 1; m <= lastMonth; m++) running[m - FIRST_MONTH]!++;
      }
      for (let k = 0; k < gap.length; k++) gap[k]! += (running[k]! / pop15[i]!) * 1e4;
    }
    for (let k = 0; k < gap.length; k++) gap[k]! /= Math.max(1, large);
  }
  for (let m = FIRST_MONTH; m <= lastMonth; m++) effectMonths.push(formatMonth(m));
  const out = emitRecords(drafts, rng, messes, {
    lastMonth,
    dataEnd,
    firstMonth: FIRST_MONTH,
    effectDrafts: effect ? extra : null,
  });
  return {
    records: out.records,
    population: {
      municipality: [...frame.ids],
      inhabitants: Float64Array.from(frame.inhabitants),
      inhabitants15to65: pop15,
      sizeClass,
    },
    truth: {
      trajectories: out.truth,
      planted: out.planted,
      withoutLw: out.withoutLw,
      effect: {
        from: effect ? formatMonth(effect.from) : null,
        lowLw: effect?.lowLw ?? 0,
        extra,
        months: effectMonths,
        gap,
      },
    },
    options: {
      seed,
      municipalities: count,
      scale,
      lastMonth: formatMonth(lastMonth),
      firstMonth: formatMonth(FIRST_MONTH),
      correctionMonths: CORRECTION_MONTHS,
    },
  };
}

/** Growable typed columns of the records. */
const INT_COLUMNS = [
  'trajectory',
  'person',
  'municipality',
  'reporter',
  'employer',
  'scheme',
  'start',
  'end',
  'month',
  'sector',
] as const;
const FLOAT_COLUMNS = ['lw', 'hours', 'age'] as const;
class RecordColumns {
  n = 0;
  private cap: number;
  readonly int: Record<(typeof INT_COLUMNS)[number], Int32Array>;
  readonly float: Record<(typeof FLOAT_COLUMNS)[number], Float64Array>;
  constructor(capacity: number) {
    this.cap = Math.max(1024, capacity);
    this.int = Object.fromEntries(
      INT_COLUMNS.map((k) => [k, new Int32Array(this.cap)]),
    ) as RecordColumns['int'];
    this.float = Object.fromEntries(
      FLOAT_COLUMNS.map((k) => [k, new Float64Array(this.cap)]),
    ) as RecordColumns['float'];
  }
  /** Index of a new row, growing the columns when they are full. */
  row(): number {
    if (this.n === this.cap) {
      this.cap *= 2;
      for (const k of INT_COLUMNS) {
        const next = new Int32Array(this.cap);
        next.set(this.int[k]);
        this.int[k] = next;
      }
      for (const k of FLOAT_COLUMNS) {
        const next = new Float64Array(this.cap);
        next.set(this.float[k]);
        this.float[k] = next;
      }
    }
    return this.n++;
  }
}

/** Interns strings as codes. */
class Levels {
  readonly levels: string[] = [];
  private readonly index = new Map<string, number>();
  code(s: string): number {
    let c = this.index.get(s);
    if (c === undefined) {
      c = this.levels.length;
      this.index.set(s, c);
      this.levels.push(s);
    }
    return c;
  }
}

type Counts = Record<CleaningRuleName, { trajectories: number; months: number }>;

function emptyCounts(): Counts {
  const c = () => ({ trajectories: 0, months: 0 });
  return {
    layBackStart: c(),
    endAtLastReport: c(),
    linkRenumbered: c(),
    expandLateReports: c(),
    mergeFlatRate: c(),
    dropAfterEnd: c(),
    fillMissingLw: c(),
  };
}

/** A part of a truth trajectory as it is reported on one number. */
interface Part {
  number: string;
  startDay: number;
  /** The end date the part reports (NaN: none), and from which report month on it is reported. */
  endDay: number;
  endFrom: number;
  /** Report months (inclusive range). */
  firstReport: number;
  lastReport: number;
  /** Month offset (into the draft's months) from which the part's values are taken. */
  oneOff: boolean;
}

function emitRecords(
  drafts: Draft[],
  rng: Rng,
  messes: Required<TrajectoryMessRates>,
  ctx: {
    lastMonth: number;
    dataEnd: number;
    firstMonth: number;
    effectDrafts: ReadonlyMap<string, number> | null;
  },
): { records: ColumnRecord; truth: Trajectory[]; planted: Counts; withoutLw: number } {
  const { lastMonth, dataEnd, firstMonth } = ctx;
  // Room for every truth month plus the few extra reports the messes add, so the columns rarely grow.
  let expected = 0;
  for (const d of drafts) expected += d.schemes.length + 4;
  const cols = new RecordColumns(expected);
  const personLevels: string[] = [];
  const numberLevels: string[] = [];
  const L = {
    municipality: new Levels(),
    reporter: new Levels(),
    employer: new Levels(),
    sector: new Levels(),
  };
  // Day levels: the days from the earliest start to the end of the data.
  let minDay = Number.POSITIVE_INFINITY;
  for (const d of drafts) if (d.startDay < minDay) minDay = d.startDay;
  const lastDay = lastDayOfMonth(dataEnd);
  const dayLevels: string[] = [];
  for (let d = minDay; d <= lastDay; d++) dayLevels.push(formatDay(d));
  const monthLevels: string[] = [];
  for (let m = firstMonth; m <= dataEnd; m++) monthLevels.push(formatMonth(m));
  const planted = emptyCounts();
  let withoutLw = 0;
  const truth: Trajectory[] = [];
  let serial = drafts.length;
  const nextNumber = () => `T${String(++serial).padStart(7, '0')}`;
  const effectLow =
    drafts.length - (ctx.effectDrafts ? [...ctx.effectDrafts.values()].reduce((a, b) => a + b, 0) : 0);
  drafts.forEach((d, index) => {
    const startMonth = monthOfDay(d.startDay);
    const open = Number.isNaN(d.endDay);
    const endMonth = open ? dataEnd : monthOfDay(d.endDay);
    const mFirst = Math.max(startMonth, firstMonth);
    const mLast = endMonth;
    if (mFirst > mLast) return;
    const nMonths = mLast - mFirst + 1;
    const sch = (m: number) => d.schemes[m - startMonth]!;
    const plain = index >= effectLow; // effect trajectories: no messes
    const endsInPanel = !open && endMonth <= lastMonth;
    // Which messes this trajectory gets.
    let switchAt = -1; // first Pwet month after a flat-rate/temporary phase
    for (let m = mFirst + 1; m <= mLast; m++) if (sch(m) === 0 && sch(m - 1) !== 0) switchAt = m;
    const split = !plain && switchAt > mFirst && rng.uniform() < messes.flatRateSplit;
    let renumberAt = -1;
    if (!plain && !split && nMonths >= 3 && rng.uniform() < messes.renumbered) {
      const k = mFirst + rng.int(nMonths - 1);
      if (sch(k) === sch(k + 1)) renumberAt = k;
    }
    const sameScheme = d.schemes
      .slice(mFirst - startMonth, mLast - startMonth + 1)
      .every((s) => s === d.schemes[mFirst - startMonth]);
    let oneOffAt = -1;
    if (
      !plain &&
      !split &&
      renumberAt < 0 &&
      endsInPanel &&
      sameScheme &&
      rng.uniform() < messes.lateOneOff
    ) {
      oneOffAt = endMonth + 1 + rng.int(3);
    }
    let missingEnd = false;
    let afterEnd = 0;
    if (!plain && oneOffAt < 0 && endsInPanel) {
      const u = rng.uniform();
      if (u < messes.missingEnd) missingEnd = true;
      else if (u < messes.missingEnd + messes.afterEnd) afterEnd = 1 + rng.int(2);
    }
    let lateBy = 0;
    if (!plain && oneOffAt < 0 && startMonth >= firstMonth && rng.uniform() < messes.lateStart) {
      const dl = 1 + rng.int(3);
      const firstPartLast = split ? switchAt - 1 : renumberAt >= 0 ? renumberAt : mLast;
      let same = startMonth + dl <= firstPartLast;
      for (let m = startMonth; same && m <= startMonth + dl; m++) same = sch(m) === sch(startMonth);
      if (same) lateBy = dl;
    }
    const neverLw =
      !plain &&
      oneOffAt < 0 &&
      lateBy === 0 &&
      d.schemes.every((s) => s === 0) &&
      rng.uniform() < messes.neverLw;
    // Truth LW per month, and which months' reported LW is blank.
    const lwTruth = new Float64Array(nMonths);
    const blank = new Uint8Array(nMonths);
    for (let k = 0; k < nMonths; k++) {
      const m = mFirst + k;
      const s = sch(m);
      const protectedMonth = oneOffAt >= 0 || (lateBy > 0 && m <= startMonth + lateBy);
      if (s === 1) {
        lwTruth[k] = Number.NaN; // flat-rate: LW not yet determined (priced as LW 50)
        blank[k] = 1;
      } else if (neverLw) {
        lwTruth[k] = Number.NaN;
        blank[k] = 1;
      } else {
        const p = s === 2 ? messes.missingLwTemporary : messes.missingLw;
        blank[k] = !protectedMonth && rng.uniform() < p ? 1 : 0;
        lwTruth[k] = blank[k] && s === 2 ? Number.NaN : d.lw;
      }
    }
    // A trajectory keeps at least one reported LW unless it is planted as never reporting one.
    if (!neverLw) {
      let reported = false;
      for (let k = 0; k < nMonths && !reported; k++) reported = sch(mFirst + k) !== 1 && blank[k] === 0;
      for (let k = 0; k < nMonths && !reported; k++) {
        if (sch(mFirst + k) !== 1) {
          blank[k] = 0;
          lwTruth[k] = d.lw;
          reported = true;
        }
      }
      let filled = 0;
      for (let k = 0; k < nMonths; k++) if (blank[k] && sch(mFirst + k) === 0) filled++;
      planted.fillMissingLw.months += filled;
      if (filled > 0) planted.fillMissingLw.trajectories++;
    }
    // Parts on numbers.
    const parts: Part[] = [];
    const first: Part = {
      number: d.number,
      startDay: d.startDay,
      endDay: d.endDay,
      endFrom: open ? Number.NaN : endMonth,
      firstReport: mFirst + lateBy,
      lastReport: open ? dataEnd : endMonth,
      oneOff: false,
    };
    if (split) {
      const aEnd = lastDayOfMonth(switchAt - 1);
      parts.push({ ...first, endDay: aEnd, endFrom: switchAt - 1, lastReport: switchAt - 1 });
      parts.push({ ...first, number: nextNumber(), startDay: aEnd + 1, firstReport: switchAt });
      planted.mergeFlatRate.trajectories++;
    } else if (renumberAt >= 0) {
      const e = Math.max(
        d.startDay,
        firstDayOfMonth(renumberAt) + rng.int(lastDayOfMonth(renumberAt) - firstDayOfMonth(renumberAt) + 1),
      );
      parts.push({ ...first, endDay: e, endFrom: renumberAt, lastReport: renumberAt });
      parts.push({ ...first, number: nextNumber(), startDay: e + 1, firstReport: monthOfDay(e + 1) });
      planted.linkRenumbered.trajectories++;
    } else if (oneOffAt >= 0) {
      parts.push({ ...first, firstReport: oneOffAt, lastReport: oneOffAt, endFrom: oneOffAt, oneOff: true });
      planted.expandLateReports.trajectories++;
      planted.expandLateReports.months += nMonths;
    } else parts.push(first);
    const lastPart = parts[parts.length - 1]!;
    if (missingEnd) {
      lastPart.endFrom = Number.NaN;
      planted.endAtLastReport.trajectories++;
    } else if (afterEnd > 0) {
      lastPart.lastReport = endMonth + afterEnd;
      lastPart.endFrom = endMonth + afterEnd;
      planted.dropAfterEnd.trajectories++;
      planted.dropAfterEnd.months += afterEnd;
    }
    if (lateBy > 0) {
      planted.layBackStart.trajectories++;
      planted.layBackStart.months += lateBy;
    }
    // Records.
    // Persons and numbers are unique by construction: no interning map needed.
    const person = personLevels.length;
    personLevels.push(d.person);
    const muni = L.municipality.code(d.municipality);
    const reporter = L.reporter.code(d.reporter);
    const employer = L.employer.code(d.employer);
    const sector = L.sector.code(d.sector);
    for (const part of parts) {
      const number = numberLevels.length;
      numberLevels.push(part.number);
      for (let m = part.firstReport; m <= part.lastReport; m++) {
        const r = cols.row();
        const I = cols.int;
        const F = cols.float;
        const k = Math.min(m, mLast) - mFirst; // values of the month (after the end: the end month's)
        I.trajectory[r] = number;
        I.person[r] = person;
        I.municipality[r] = muni;
        I.reporter[r] = reporter;
        I.employer[r] = employer;
        I.scheme[r] = part.oneOff ? sch(mLast) : sch(Math.min(m, mLast));
        I.start[r] = part.startDay - minDay;
        I.end[r] =
          !Number.isNaN(part.endFrom) && m >= part.endFrom && !Number.isNaN(part.endDay)
            ? part.endDay - minDay
            : -1;
        I.month[r] = m - firstMonth;
        F.lw[r] = part.oneOff ? (sch(mLast) === 1 ? Number.NaN : d.lw) : blank[k] ? Number.NaN : d.lw;
        F.hours[r] = d.hours;
        I.sector[r] = sector;
        F.age[r] = yearOfMonth(m) - d.birthYear;
      }
    }
    if (neverLw) withoutLw++;
    const ages = new Float64Array(nMonths);
    const schemes = new Uint8Array(nMonths);
    for (let k = 0; k < nMonths; k++) {
      ages[k] = yearOfMonth(mFirst + k) - d.birthYear;
      schemes[k] = sch(mFirst + k);
    }
    truth.push({
      id: d.number,
      numbers: parts.map((p) => p.number),
      person: d.person,
      municipality: d.municipality,
      reporter: d.reporter,
      employer: d.employer,
      sector: d.sector,
      start: formatDay(d.startDay),
      end: open ? null : formatDay(d.endDay),
      endImputed: missingEnd,
      firstMonth: formatMonth(mFirst),
      schemes,
      lw: lwTruth,
      hours: new Float64Array(nMonths).fill(d.hours),
      age: ages,
    });
  });
  const n = cols.n;
  const records: ColumnRecord = {
    trajectory: { codes: cols.int.trajectory.subarray(0, n), levels: numberLevels },
    person: { codes: cols.int.person.subarray(0, n), levels: personLevels },
    municipality: { codes: cols.int.municipality.subarray(0, n), levels: L.municipality.levels },
    reporter: { codes: cols.int.reporter.subarray(0, n), levels: L.reporter.levels },
    employer: { codes: cols.int.employer.subarray(0, n), levels: L.employer.levels },
    scheme: { codes: cols.int.scheme.subarray(0, n), levels: [...LKS_SCHEMES] },
    start: { codes: cols.int.start.subarray(0, n), levels: dayLevels },
    end: { codes: cols.int.end.subarray(0, n), levels: dayLevels },
    month: { codes: cols.int.month.subarray(0, n), levels: monthLevels },
    lw: cols.float.lw.subarray(0, n),
    hours: cols.float.hours.subarray(0, n),
    sector: { codes: cols.int.sector.subarray(0, n), levels: L.sector.levels },
    age: cols.float.age.subarray(0, n),
  };
  truth.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { records, truth, planted, withoutLw };
}
