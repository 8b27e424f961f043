import { type DataInput, dataRow, type Frame, toFrame } from '../data/frame.js';
import { DataError, SpecError } from '../errors.js';
import { checkOptions, integerIn, oneOf } from '../internal/options.js';
import { numberColumn, type TextColumn, textColumn } from './columns.js';
import {
  firstDayOfMonth,
  formatDay,
  formatMonth,
  lastDayOfMonth,
  monthOfDay,
  monthOption,
  parseDay,
  parseMonth,
  yearOfMonth,
} from './dates.js';
import { LKS_SCHEMES, type Trajectory } from './types.js';

/** The switchable cleaning rules of S4 Annex I.1 (and the LW fill of Annex I.2), in the order they are described. */
export type CleaningRuleName =
  | 'layBackStart'
  | 'endAtLastReport'
  | 'linkRenumbered'
  | 'expandLateReports'
  | 'mergeFlatRate'
  | 'dropAfterEnd'
  | 'fillMissingLw';

/** What one rule changed: trajectories affected (for the linking rules: links made) and months added, dropped or filled. */
export interface CleaningRuleCount {
  readonly trajectories: number;
  readonly months: number;
}

/** Options of {@link cleanTrajectories}. Every rule is on unless switched off with `false`. */
export interface CleanTrajectoriesOptions {
  /** First month of the data; months before it are not created. @default '2019-01' */
  readonly firstMonth?: string;
  /** Last month of the panel: a trajectory last reported at most here, with no end date, ends in its last report month. @default '2024-12' */
  readonly lastMonth?: string;
  /** Months after `lastMonth` the records run on (CBS corrects up to 3 months back). @default 3 */
  readonly correctionMonths?: number;
  /** Months from the start in which flat-rate LKS counts as LW 50 (those months need no LW). @default 6 */
  readonly flatRateMonths?: number;
  /** Rule 1: a start date before the first report lays the trajectory back to its start (off: the first report month is the start). */
  readonly layBackStart?: boolean;
  /** Rule 2: no end date and no report after `lastMonth`: the last report month is the end. */
  readonly endAtLastReport?: boolean;
  /** Rule 3: numbers following each other (same or next month), same reporter, no employer change, are one trajectory. */
  readonly linkRenumbered?: boolean;
  /** Rule 4: a finished trajectory reported only after its end gets its months, LW held constant. */
  readonly expandLateReports?: boolean;
  /** Rule 5: flat-rate or temporary LKS directly followed by Pwet LKS at the same employer is one trajectory. */
  readonly mergeFlatRate?: boolean;
  /** Rule 6: report months after the (newest) end date are dropped. */
  readonly dropAfterEnd?: boolean;
  /** Missing LW in Pwet months (and flat-rate months after the first six) filled with the trajectory's mean reported LW. */
  readonly fillMissingLw?: boolean;
}

/** What {@link cleanTrajectories} did. */
export interface CleaningReport {
  /** Input rows, distinct trajectory numbers, and cleaned trajectories. */
  readonly records: number;
  readonly numbers: number;
  readonly trajectories: number;
  /** Per rule: trajectories affected (links for rules 3 and 5) and months added/dropped/filled. */
  readonly rules: Readonly<Record<CleaningRuleName, CleaningRuleCount>>;
  /** Which rules were on. */
  readonly applied: Readonly<Record<CleaningRuleName, boolean>>;
  /** Months without a report inside a trajectory, filled with the previous report's values. */
  readonly gaps: CleaningRuleCount;
  /** Trajectories that never report an LW where one is needed (no price), and months left without LW. */
  readonly withoutLw: CleaningRuleCount;
  /** One row per rule, for a table. */
  readonly table: readonly {
    readonly rule: CleaningRuleName;
    readonly description: string;
    readonly applied: boolean;
    readonly trajectories: number;
    readonly months: number;
  }[];
}

/** The output of {@link cleanTrajectories}. */
export interface CleanedTrajectories {
  readonly kind: 'cleaned-trajectories';
  /** Cleaned trajectories, sorted by id. */
  readonly trajectories: readonly Trajectory[];
  readonly report: CleaningReport;
  readonly firstMonth: string;
  readonly lastMonth: string;
}

const RULES: readonly [CleaningRuleName, string][] = [
  ['layBackStart', 'start before the first report: laid back to the start date'],
  ['endAtLastReport', 'no end date, no later report: ended in the last report month'],
  ['linkRenumbered', 'renumbered (same reporter and employer, same or next month): linked'],
  ['expandLateReports', 'late one-off report of a finished trajectory: months created, LW constant'],
  ['mergeFlatRate', 'flat-rate/temporary directly followed by Pwet, same employer: one trajectory'],
  ['dropAfterEnd', 'report months after the end date: dropped'],
  ['fillMissingLw', 'missing LW: filled with the trajectory mean'],
];

const PWET = 0;
const FLAT = 1;
const TEMPORARY = 2;

/** One number's part of a trajectory, with its months. */
interface Part {
  number: string;
  person: number;
  municipality: number;
  reporter: number;
  employer: number;
  firstReporter: number;
  firstEmployer: number;
  sector: number;
  startDay: number;
  endDay: number; // NaN: none
  /** Last month with an actual report (after rule 6). */
  lastReport: number;
  mStart: number;
  schemes: number[];
  lw: number[];
  hours: number[];
  age: number[];
  reported: number[];
}

/**
 * Clean SRG LKS records into trajectories with the rules of S4 Annex I.1, each switchable and
 * counted in the report:
 * 1. a start date before the first report month lays the trajectory back to the start date (values
 *    of the first report; months before `firstMonth` are not created);
 * 2. no end date and a last report month at most `lastMonth` (so none in the correction window):
 *    the trajectory ends on the last day of its last report month (`endImputed`);
 * 3. numbers of one person following each other (the second starts in the end month of the first,
 *    or the month after), with the same reporter and employer, are one trajectory;
 * 4. a finished trajectory whose only reports come after its end gets its months from start to end,
 *    with the values (LW) of its newest report held constant;
 * 5. flat-rate or temporary LKS directly followed (same window) by Pwet LKS at the same employer is
 *    one trajectory from the first start: the switch is neither outflow nor inflow;
 * 6. report months after the end date are dropped; the newest report's start and end dates are kept.
 * Then missing LW in Pwet months (and flat-rate months after the first `flatRateMonths`) is filled
 * with the trajectory's mean reported LW; trajectories that never report one are counted and get
 * no price; temporary LKS is not filled (S4 fills Pwet LKS only).
 *
 * Choices where S4 is silent: a merged trajectory keeps the first part's municipality, reporter
 * and employer, and the second part's values in a month both report; a created month's age is the
 * reference report's age shifted by whole calendar years; months inside a trajectory without a
 * report carry the previous report's values (counted as `gaps`).
 *
 * Records: columns `trajectory, person, municipality, reporter, employer, scheme, start, end,
 * month, lw, hours, sector, age` (see {@link TrajectoryRecord}); dates `'YYYY-MM-DD'`, months
 * `'YYYY-MM'`. They go through `toFrame` once.
 *
 * @throws DataError naming the trajectory number and report month for: a missing value in a
 *   required column, an unknown scheme, an invalid date or month, a report month outside
 *   `firstMonth` … `lastMonth` + `correctionMonths` (`out-of-range`), an end before the start, an
 *   LW outside 0–100 (`out-of-range`), hours ≤ 0, a negative age, two rows for one number and month.
 * @example
 * ```ts
 * import { cleanTrajectories } from 'verdeelmodel/lks';
 * const row = { trajectory: 'T1', person: 'P1', municipality: 'GM0001', reporter: 'R1', employer: 'E1',
 *   scheme: 'pwet', start: '2023-01-15', end: null, lw: 40, hours: 32, sector: 'F', age: 30 };
 * const { trajectories, report } = cleanTrajectories([
 *   { ...row, month: '2023-03' }, { ...row, month: '2023-04' },
 * ]);
 * trajectories[0]!.firstMonth; // => '2023-01' (laid back, rule 1)
 * report.rules.layBackStart; // => { trajectories: 1, months: 2 }
 * ```
 */
export function cleanTrajectories(
  records: DataInput | Frame,
  options: CleanTrajectoriesOptions = {},
): CleanedTrajectories {
  const where = 'cleanTrajectories';
  checkOptions(
    options,
    ['firstMonth', 'lastMonth', 'correctionMonths', 'flatRateMonths', ...RULES.map((r) => r[0])],
    where,
  );
  const firstMonth = monthOption(options.firstMonth ?? '2019-01', 'firstMonth', where);
  const lastMonth = monthOption(options.lastMonth ?? '2024-12', 'lastMonth', where);
  if (lastMonth < firstMonth)
    throw new SpecError('invalid-option', `${where}: lastMonth is before firstMonth`, {
      option: 'lastMonth',
    });
  const window =
    options.correctionMonths === undefined
      ? 3
      : integerIn(options.correctionMonths, 0, 120, 'correctionMonths', where);
  const flatRateMonths =
    options.flatRateMonths === undefined
      ? 6
      : integerIn(options.flatRateMonths, 0, 1200, 'flatRateMonths', where);
  const on = Object.create(null) as Record<CleaningRuleName, boolean>;
  for (const [rule] of RULES)
    on[rule] = options[rule] === undefined ? true : oneOf(options[rule], [true, false], rule, where);
  const frame = toFrame(records);
  const n = frame.nrows;
  if (n === 0) throw new DataError('empty', `${where}: there are no records`);
  const text = (name: string) => textColumn(frame, name, where);
  const trajectory = text('trajectory');
  const monthCol = text('month');
  const label = (i: number): string => {
    const t =
      trajectory.codes[i]! >= 0
        ? `trajectory '${trajectory.levels[trajectory.codes[i]!]}'`
        : 'a record without trajectory number';
    const m = monthCol.codes[i]! >= 0 ? ` in report month ${monthCol.levels[monthCol.codes[i]!]}` : '';
    return `${t}${m} (row ${dataRow(frame, i)})`;
  };
  const required = (col: TextColumn, name: string) => {
    for (let i = 0; i < n; i++) {
      if (col.codes[i]! < 0) {
        throw new DataError('missing-value', `${where}: ${label(i)} has no ${name}; every record needs one`, {
          column: name,
          row: dataRow(frame, i),
        });
      }
    }
    return col;
  };
  required(trajectory, 'trajectory');
  required(monthCol, 'month');
  const person = required(text('person'), 'person');
  const municipality = required(text('municipality'), 'municipality');
  const reporter = required(text('reporter'), 'reporter');
  const employer = required(text('employer'), 'employer');
  const sector = required(text('sector'), 'sector');
  const schemeCol = required(text('scheme'), 'scheme');
  const startCol = required(text('start'), 'start');
  const endCol = text('end');
  const lw = numberColumn(frame, 'lw', where);
  const hours = numberColumn(frame, 'hours', where);
  const age = numberColumn(frame, 'age', where);
  // Per-level parses, checked where a row uses them.
  const schemeOf = schemeCol.levels.map((l) => LKS_SCHEMES.indexOf(l.trim() as (typeof LKS_SCHEMES)[number]));
  const monthOf = monthCol.levels.map((l) => parseMonth(l));
  const startOf = startCol.levels.map((l) => parseDay(l));
  const endOf = endCol.levels.map((l) => parseDay(l));
  const month = new Int32Array(n);
  const start = new Float64Array(n);
  const end = new Float64Array(n);
  const scheme = new Uint8Array(n);
  const maxMonth = lastMonth + window;
  for (let i = 0; i < n; i++) {
    const row = dataRow(frame, i);
    const m = monthOf[monthCol.codes[i]!]!;
    if (Number.isNaN(m)) {
      throw new DataError(
        'invalid-value',
        `${where}: ${label(i)}: the report month is not a month 'YYYY-MM'`,
        { column: 'month', row },
      );
    }
    if (m < firstMonth || m > maxMonth) {
      throw new DataError(
        'out-of-range',
        `${where}: ${label(i)}: the report month lies outside the data period ${formatMonth(firstMonth)} … ${formatMonth(maxMonth)} (lastMonth + correctionMonths); drop the record or widen firstMonth/lastMonth`,
        { column: 'month', row },
      );
    }
    month[i] = m;
    const s = schemeOf[schemeCol.codes[i]!]!;
    if (s < 0) {
      throw new DataError(
        'invalid-value',
        `${where}: ${label(i)} has scheme '${schemeCol.levels[schemeCol.codes[i]!]}'; use ${LKS_SCHEMES.map((x) => `'${x}'`).join(', ')}`,
        { column: 'scheme', row },
      );
    }
    scheme[i] = s;
    const sd = startOf[startCol.codes[i]!]!;
    if (Number.isNaN(sd)) {
      throw new DataError(
        'invalid-value',
        `${where}: ${label(i)} has start '${startCol.levels[startCol.codes[i]!]}'; give a day 'YYYY-MM-DD'`,
        {
          column: 'start',
          row,
        },
      );
    }
    start[i] = sd;
    const ec = endCol.codes[i]!;
    const ed = ec < 0 ? Number.NaN : endOf[ec]!;
    if (ec >= 0 && Number.isNaN(ed)) {
      throw new DataError(
        'invalid-value',
        `${where}: ${label(i)} has end '${endCol.levels[ec]}'; give a day 'YYYY-MM-DD' or leave it empty`,
        {
          column: 'end',
          row,
        },
      );
    }
    if (ed < sd) {
      throw new DataError(
        'invalid-value',
        `${where}: ${label(i)} ends (${formatDay(ed)}) before it starts (${formatDay(sd)}); correct the dates`,
        { column: 'end', row },
      );
    }
    end[i] = ed;
    const v = lw[i]!;
    if (!Number.isNaN(v) && !(v >= 0 && v <= 100)) {
      throw new DataError(
        'out-of-range',
        `${where}: ${label(i)} has LW ${v}; the wage value must lie in 0–100 (or be missing)`,
        { column: 'lw', row },
      );
    }
    if (!(hours[i]! > 0 && hours[i]! <= 100)) {
      throw new DataError(
        'out-of-range',
        `${where}: ${label(i)} has ${hours[i]} contract hours; give weekly hours in (0, 100]`,
        { column: 'hours', row },
      );
    }
    if (!(age[i]! >= 0 && age[i]! <= 120)) {
      throw new DataError('out-of-range', `${where}: ${label(i)} has age ${age[i]}; give the age in years`, {
        column: 'age',
        row,
      });
    }
  }
  // Group rows by number (counting sort on the codes), then by month.
  const nLevels = trajectory.levels.length;
  const groupStart = new Int32Array(nLevels + 1);
  for (let i = 0; i < n; i++) groupStart[trajectory.codes[i]! + 1]!++;
  for (let c = 0; c < nLevels; c++) groupStart[c + 1]! += groupStart[c]!;
  const order = new Int32Array(n);
  const fill = groupStart.slice(0, nLevels);
  for (let i = 0; i < n; i++) order[fill[trajectory.codes[i]!]!++] = i;
  const counts = Object.create(null) as Record<CleaningRuleName, { trajectories: number; months: number }>;
  for (const [rule] of RULES) counts[rule] = { trajectories: 0, months: 0 };
  const gaps = { trajectories: 0, months: 0 };
  const parts: Part[] = [];
  let numbers = 0;
  for (let c = 0; c < nLevels; c++) {
    const a = groupStart[c]!;
    const b = groupStart[c + 1]!;
    if (a === b) continue;
    numbers++;
    // Insertion sort by month in place: records usually arrive in month order already.
    for (let k = a + 1; k < b; k++) {
      const r = order[k]!;
      let j = k - 1;
      while (j >= a && month[order[j]!]! > month[r]!) {
        order[j + 1] = order[j]!;
        j--;
      }
      order[j + 1] = r;
    }
    const rows = order.subarray(a, b);
    for (let k = 1; k < rows.length; k++) {
      if (month[rows[k]!] === month[rows[k - 1]!]) {
        throw new DataError(
          'duplicate',
          `${where}: ${label(rows[k]!)} is reported twice in that month (rows ${dataRow(frame, rows[k - 1]!)} and ${dataRow(frame, rows[k]!)}); keep one record per number and month`,
          { column: 'month', row: dataRow(frame, rows[k]!) },
        );
      }
    }
    parts.push(buildPart(rows, c));
  }

  function buildPart(rows: Int32Array, code: number): Part {
    const newest = rows[rows.length - 1]!;
    const firstRow = rows[0]!;
    const startDay = start[newest]!;
    const endDay = end[newest]!;
    const startMonth = monthOfDay(startDay);
    const endMonth = Number.isNaN(endDay) ? Number.NaN : monthOfDay(endDay);
    let kept = rows;
    let expanded = false;
    if (!Number.isNaN(endDay) && month[firstRow]! > endMonth && on.expandLateReports) {
      expanded = true;
      kept = rows.subarray(rows.length - 1);
    } else if (!Number.isNaN(endDay) && on.dropAfterEnd) {
      const before = kept.length;
      // Rows are in month order: the months after the end are a suffix.
      let keep = before;
      while (keep > 0 && month[kept[keep - 1]!]! > endMonth) keep--;
      kept = kept.subarray(0, keep);
      if (kept.length < before) {
        counts.dropAfterEnd.trajectories++;
        counts.dropAfterEnd.months += before - kept.length;
      }
    }
    const part: Part = {
      number: trajectory.levels[code]!,
      person: person.codes[newest]!,
      municipality: municipality.codes[newest]!,
      reporter: reporter.codes[newest]!,
      employer: employer.codes[newest]!,
      firstReporter: reporter.codes[firstRow]!,
      firstEmployer: employer.codes[firstRow]!,
      sector: sector.codes[newest]!,
      startDay,
      endDay,
      lastReport: kept.length > 0 ? month[kept[kept.length - 1]!]! : Number.NaN,
      mStart: 0,
      schemes: [],
      lw: [],
      hours: [],
      age: [],
      reported: [],
    };
    if (kept.length === 0) {
      part.mStart = Math.max(startMonth, firstMonth);
      return part;
    }
    const push = (r: number, m: number, isReport: boolean) => {
      part.schemes.push(scheme[r]!);
      part.lw.push(lw[r]!);
      part.hours.push(hours[r]!);
      part.age.push(age[r]! - (yearOfMonth(month[r]!) - yearOfMonth(m)));
      part.reported.push(isReport ? 1 : 0);
    };
    if (expanded) {
      const from = Math.max(startMonth, firstMonth);
      part.mStart = from;
      for (let m = from; m <= endMonth; m++) push(newest, m, false);
      part.lastReport = endMonth;
      counts.expandLateReports.trajectories++;
      counts.expandLateReports.months += endMonth - from + 1;
      return part;
    }
    const firstReport = month[kept[0]!]!;
    const from = Math.max(startMonth, firstMonth);
    if (from < firstReport) {
      if (on.layBackStart) {
        counts.layBackStart.trajectories++;
        counts.layBackStart.months += firstReport - from;
        part.mStart = from;
        for (let m = from; m < firstReport; m++) push(kept[0]!, m, false);
      } else {
        part.mStart = firstReport;
        part.startDay = firstDayOfMonth(firstReport);
      }
    } else part.mStart = firstReport;
    let gapHere = 0;
    for (let k = 0; k < kept.length; k++) {
      const r = kept[k]!;
      if (k > 0) {
        for (let m = month[kept[k - 1]!]! + 1; m < month[r]!; m++) {
          push(kept[k - 1]!, m, false);
          gapHere++;
        }
      }
      push(r, month[r]!, true);
    }
    if (gapHere > 0) {
      gaps.trajectories++;
      gaps.months += gapHere;
    }
    return part;
  }

  // Link parts of one person (rules 3 and 5), in order of start.
  const byPerson = new Map<number, Part[]>();
  for (const p of parts) {
    let list = byPerson.get(p.person);
    if (!list) {
      list = [];
      byPerson.set(p.person, list);
    }
    list.push(p);
  }
  const chains: Part[][] = [];
  for (const list of byPerson.values()) {
    list.sort((x, y) => x.startDay - y.startDay || (x.number < y.number ? -1 : x.number > y.number ? 1 : 0));
    // A person may hold two trajectories at once (two employers): each part continues the first
    // open chain whose last part it follows, not merely the part before it in start order.
    const open: Part[][] = [];
    for (const q of list) {
      let linked = false;
      for (const chain of open) {
        const link = linkKind(chain[chain.length - 1]!, q);
        if (link) {
          counts[link].trajectories++;
          chain.push(q);
          linked = true;
          break;
        }
      }
      if (!linked) open.push([q]);
    }
    chains.push(...open);
  }

  function linkKind(p: Part, q: Part): 'linkRenumbered' | 'mergeFlatRate' | null {
    const pEnd = !Number.isNaN(p.endDay)
      ? monthOfDay(p.endDay)
      : p.lastReport <= lastMonth
        ? p.lastReport
        : Number.NaN;
    if (Number.isNaN(pEnd) || p.schemes.length === 0 || q.schemes.length === 0) return null;
    const qStart = monthOfDay(q.startDay);
    if (!(qStart === pEnd || qStart === pEnd + 1) || q.startDay <= p.startDay) return null;
    if (q.firstEmployer !== p.employer) return null;
    const pLast = p.schemes[p.schemes.length - 1]!;
    const qFirst = q.schemes[0]!;
    if ((pLast === FLAT || pLast === TEMPORARY) && qFirst === PWET)
      return on.mergeFlatRate ? 'mergeFlatRate' : null;
    if (q.firstReporter === p.reporter) return on.linkRenumbered ? 'linkRenumbered' : null;
    return null;
  }

  const out: Trajectory[] = [];
  const withoutLw = { trajectories: 0, months: 0 };
  for (const chain of chains) {
    const head = chain[0]!;
    const tail = chain[chain.length - 1]!;
    // Months of the chain: each part's values from its own first month on (later parts win).
    const mStart = head.mStart;
    const mEnd = Math.max(...chain.map((p) => p.mStart + p.schemes.length - 1));
    const len = Math.max(0, mEnd - mStart + 1);
    const schemes = new Uint8Array(len);
    const lwOut = new Float64Array(len).fill(Number.NaN);
    const hoursOut = new Float64Array(len);
    const ageOut = new Float64Array(len);
    const reported = new Uint8Array(len);
    const set = new Uint8Array(len);
    for (const p of chain) {
      for (let k = 0; k < p.schemes.length; k++) {
        const at = p.mStart + k - mStart;
        schemes[at] = p.schemes[k]!;
        lwOut[at] = p.lw[k]!;
        hoursOut[at] = p.hours[k]!;
        ageOut[at] = p.age[k]!;
        reported[at] = p.reported[k]!;
        set[at] = 1;
      }
    }
    // Months between two parts without a report carry the previous month's values.
    let gapHere = 0;
    for (let k = 1; k < len; k++) {
      if (set[k]) continue;
      schemes[k] = schemes[k - 1]!;
      lwOut[k] = lwOut[k - 1]!;
      hoursOut[k] = hoursOut[k - 1]!;
      ageOut[k] = ageOut[k - 1]! + (yearOfMonth(mStart + k) - yearOfMonth(mStart + k - 1));
      set[k] = 1;
      gapHere++;
    }
    if (gapHere > 0) {
      gaps.trajectories++;
      gaps.months += gapHere;
    }
    let endDay = tail.endDay;
    let endImputed = false;
    if (Number.isNaN(endDay) && tail.lastReport <= lastMonth && on.endAtLastReport) {
      endDay = lastDayOfMonth(tail.lastReport);
      endImputed = true;
      counts.endAtLastReport.trajectories++;
    }
    // LW: the mean over reported months that need one; fill Pwet and late flat-rate months.
    const startMonth = monthOfDay(head.startDay);
    const needs = (k: number) => {
      const s = schemes[k]!;
      return s === PWET || s === TEMPORARY || (s === FLAT && mStart + k - startMonth >= flatRateMonths);
    };
    let sum = 0;
    let cnt = 0;
    let needed = false;
    for (let k = 0; k < len; k++) {
      if (!needs(k)) continue;
      needed = true;
      if (reported[k] && !Number.isNaN(lwOut[k]!)) {
        sum += lwOut[k]!;
        cnt++;
      }
    }
    if (cnt === 0 && needed) {
      // A held (created) month may still carry an LW: use those.
      for (let k = 0; k < len; k++) {
        if (needs(k) && !Number.isNaN(lwOut[k]!)) {
          sum += lwOut[k]!;
          cnt++;
        }
      }
    }
    if (cnt === 0 && needed) withoutLw.trajectories++;
    let filled = 0;
    for (let k = 0; k < len; k++) {
      if (!needs(k) || !Number.isNaN(lwOut[k]!)) continue;
      if (on.fillMissingLw && cnt > 0 && schemes[k] !== TEMPORARY) {
        lwOut[k] = sum / cnt;
        filled++;
      } else withoutLw.months++;
    }
    if (filled > 0) {
      counts.fillMissingLw.trajectories++;
      counts.fillMissingLw.months += filled;
    }
    out.push({
      id: head.number,
      numbers: chain.map((p) => p.number),
      person: person.levels[head.person]!,
      municipality: municipality.levels[head.municipality]!,
      reporter: reporter.levels[head.reporter]!,
      employer: employer.levels[head.employer]!,
      sector: sector.levels[head.sector]!,
      start: formatDay(head.startDay),
      end: Number.isNaN(endDay) ? null : formatDay(endDay),
      endImputed,
      firstMonth: formatMonth(mStart),
      schemes,
      lw: lwOut,
      hours: hoursOut,
      age: ageOut,
    });
  }
  out.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  const rules = {} as Record<CleaningRuleName, CleaningRuleCount>;
  const applied = {} as Record<CleaningRuleName, boolean>;
  for (const [rule] of RULES) {
    rules[rule] = { trajectories: counts[rule].trajectories, months: counts[rule].months };
    applied[rule] = on[rule];
  }
  return {
    kind: 'cleaned-trajectories',
    trajectories: out,
    report: {
      records: n,
      numbers,
      trajectories: out.length,
      rules,
      applied,
      gaps,
      withoutLw,
      table: RULES.map(([rule, description]) => ({ rule, description, applied: on[rule], ...rules[rule] })),
    },
    firstMonth: formatMonth(firstMonth),
    lastMonth: formatMonth(lastMonth),
  };
}
