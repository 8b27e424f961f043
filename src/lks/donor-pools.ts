import { DataError, SpecError } from '../errors.js';
import { formatDecimals } from '../format/numbers.js';
import { labelledColumns, renderTextTable } from '../format/text-table.js';
import { checkOptions, numberIn } from '../internal/options.js';
import { treatmentIndexOf } from '../synth/context.js';
import { withSummary } from '../synth/format.js';
import { type LksDonorPool, lksDonorPool } from '../synth/lks-donor-pool.js';
import { type Panel, type PanelInput, readPanel, type SynthTime } from '../synth/read-panel.js';
import {
  isPanel,
  type PlaceboGroupsOptions,
  type PlaceboGroupsParallelOptions,
  type PlaceboGroupsResult,
  placeboGroupsParallel,
} from './placebo-groups.js';

/** One donor-pool variant: a name and the share of the medium class (smallest first) added to the small municipalities. */
export interface LksPoolVariant {
  readonly name: string;
  readonly mediumShare: number;
}

/** The three pools of S4 §4.3 and fn 62: main (small + smallest 20 % medium), small only, small + smallest 35 % medium. */
export const LKS_POOLS: readonly LksPoolVariant[] = [
  { name: 'small + 20% medium', mediumShare: 0.2 },
  { name: 'small only', mediumShare: 0 },
  { name: 'small + 35% medium', mediumShare: 0.35 },
];

/** Options of {@link lksPlaceboPools}. */
export interface LksPlaceboPoolsOptions extends Omit<PlaceboGroupsParallelOptions, 'treated' | 'donors'> {
  /** Inhabitants column (per unit and month) that sets the size classes. */
  readonly inhabitants: string;
  /** The pool variants. @default {@link LKS_POOLS} */
  readonly pools?: readonly LksPoolVariant[];
  /** Small below this many inhabitants. @default 15000 */
  readonly smallBelow?: number;
  /** Large (treated) from this many inhabitants. @default 40000 */
  readonly largeFrom?: number;
}

/** The inference under one pool. */
export interface LksPoolResult {
  readonly name: string;
  readonly mediumShare: number;
  readonly pool: LksDonorPool;
  readonly result: PlaceboGroupsResult;
}

/** One post-treatment month under one pool: the table of {@link LksPlaceboPoolsResult.table}. */
export interface LksPoolRow {
  readonly pool: string;
  readonly time: SynthTime;
  readonly treated: number;
  readonly synthetic: number;
  readonly gap: number;
  readonly pValue: number;
  readonly significant5: boolean;
  readonly significant10: boolean;
}

/** Result of {@link lksPlaceboPools}: plain data plus `summary()`. */
export interface LksPlaceboPoolsResult {
  readonly pools: readonly LksPoolResult[];
  /** Units whose size class changes within the panel: neither treated nor donor (S4 Annex I.3, fn 73). */
  readonly switchedClass: readonly string[];
  /** Every pool's post-treatment months, one row each. */
  readonly table: readonly LksPoolRow[];
  summary(): string;
}

const POOL_KEYS = ['inhabitants', 'pools', 'smallBelow', 'largeFrom'] as const;

/**
 * The LKS effect and its placebo-group inference under the three donor pools of S4 in one call
 * (main: small + the smallest 20 % of the medium class; small only; small + 35 %): the treated
 * group is every large municipality, each pool is built by {@link lksDonorPool} from the
 * inhabitants at the treatment month, and each is run through {@link placeboGroupsParallel}
 * with the same options and seed. A municipality whose size class changes within the panel is
 * neither treated nor a donor (S4 Annex I.3, fn 73) and is listed in `switchedClass`.
 *
 * @throws SpecError `invalid-option` for bad options (also those of {@link placeboGroups}) or no
 *   pools; DataError `missing-column` for the inhabitants column, `missing-value` for a unit
 *   without inhabitants in a month (naming unit and month)
 * @example
 * ```ts
 * import { lksPlaceboPools } from 'verdeelmodel/lks';
 * import { simulateSynthPanel } from 'verdeelmodel/synth';
 * const rows = simulateSynthPanel({ units: 40, treated: 8, effect: 2, seed: 4 });
 * const res = await lksPlaceboPools(rows, { unit: 'unit', time: 'time', outcome: 'y',
 *   inhabitants: 'inhabitants', treatmentTime: '2022-01', groups: 19, threads: 1 });
 * res.pools.map((p) => p.name); // => ['small + 20% medium', 'small only', 'small + 35% medium']
 * ```
 */
export async function lksPlaceboPools(
  panel: PanelInput | Panel,
  options: LksPlaceboPoolsOptions,
): Promise<LksPlaceboPoolsResult> {
  const where = 'lksPlaceboPools';
  if (options === undefined || options === null || typeof options !== 'object') {
    throw new SpecError(
      'invalid-option',
      `${where}: options are required (unit, time, outcome, inhabitants, treatmentTime)`,
    );
  }
  const { inhabitants, pools: asked, smallBelow, largeFrom, ...rest } = options;
  checkOptions(options, [...POOL_KEYS, ...Object.keys(rest)], where);
  if (Object.hasOwn(options, 'treated') || Object.hasOwn(options, 'donors')) {
    throw new SpecError(
      'invalid-option',
      `${where}: treated and donors follow from the size classes; use placeboGroups to choose them`,
      { option: Object.hasOwn(options, 'treated') ? 'treated' : 'donors' },
    );
  }
  if (typeof inhabitants !== 'string' || inhabitants === '') {
    throw new SpecError('invalid-option', `${where}: inhabitants must name a column of the panel`, {
      option: 'inhabitants',
    });
  }
  const pools = asked ?? LKS_POOLS;
  if (!Array.isArray(pools) || pools.length === 0) {
    throw new SpecError(
      'invalid-option',
      `${where}: pools must be a non-empty list of { name, mediumShare }`,
      {
        option: 'pools',
      },
    );
  }
  for (const v of pools) {
    checkOptions(v, ['name', 'mediumShare'], `${where} pools`);
    if (typeof v.name !== 'string' || v.name === '') {
      throw new SpecError('invalid-option', `${where}: every pool needs a name`, { option: 'pools' });
    }
    numberIn(v.mediumShare, 0, 1, `pools '${v.name}' mediumShare`, where);
  }
  const small =
    smallBelow === undefined ? 15000 : numberIn(smallBelow, 0, Number.MAX_VALUE, 'smallBelow', where);
  const large =
    largeFrom === undefined ? 40000 : numberIn(largeFrom, 0, Number.MAX_VALUE, 'largeFrom', where);
  if (typeof rest.unit !== 'string' || typeof rest.time !== 'string') {
    throw new SpecError('invalid-option', `${where}: unit and time must name columns of the panel`, {
      option: typeof rest.unit !== 'string' ? 'unit' : 'time',
    });
  }
  const read = isPanel(panel) ? panel : readPanel(panel, rest.unit, rest.time);
  const T0 = treatmentIndexOf(read, rest.treatmentTime);
  const inh = read.column(inhabitants);
  const nT = read.times.length;
  const cls = (n: number) => (n < small ? 0 : n >= large ? 2 : 1);
  const kept: string[] = [];
  const sizes: number[] = [];
  const switched: string[] = [];
  read.units.forEach((u, i) => {
    let first = -1;
    let changes = false;
    for (let t = 0; t < nT; t++) {
      const n = inh[i * nT + t]!;
      if (!(n >= 0) || !Number.isFinite(n)) {
        throw new DataError(
          Number.isNaN(n) ? 'missing-value' : 'invalid-value',
          `${where}: municipality '${u}' has inhabitants ${n} in ${JSON.stringify(read.times[t])}; give a count ≥ 0 for every month`,
          { column: inhabitants },
        );
      }
      if (first < 0) first = cls(n);
      else if (cls(n) !== first) changes = true;
    }
    if (changes) switched.push(u);
    else {
      kept.push(u);
      sizes.push(inh[i * nT + T0]!);
    }
  });
  const out: LksPoolResult[] = [];
  for (const v of pools) {
    const pool = lksDonorPool(kept, sizes, {
      smallBelow: small,
      largeFrom: large,
      mediumShare: v.mediumShare,
    });
    const result = await placeboGroupsParallel(read, {
      ...(rest as Omit<PlaceboGroupsOptions, 'treated'>),
      treated: pool.treated,
      donors: pool.donors,
    });
    out.push({ name: v.name, mediumShare: v.mediumShare, pool, result });
  }
  const table: LksPoolRow[] = out.flatMap((p) => {
    const f = p.result.treatedFit;
    return p.result.periodPValues.map((m, k) => ({
      pool: p.name,
      time: m.time,
      treated: f.treatedSeries[T0 + k]!,
      synthetic: f.syntheticSeries[T0 + k]!,
      gap: m.gap,
      pValue: m.pValue,
      significant5: m.significant5,
      significant10: m.significant10,
    }));
  });
  return withSummary({ pools: out, switchedClass: switched, table }, summarize) as LksPlaceboPoolsResult;
}

function summarize(r: Omit<LksPlaceboPoolsResult, 'summary'>): string {
  const lines = [
    renderTextTable({
      columns: labelledColumns([
        'Pool',
        'Donors',
        'Group',
        'Mean gap',
        'Months p<.05',
        'Months p<.10',
        'RMSPE-ratio p',
      ]),
      rows: r.pools.map((p) => {
        const g = p.result.periodPValues;
        const mean = g.reduce((a, b) => a + b.gap, 0) / g.length;
        return [
          p.name,
          String(p.pool.donors.length),
          String(p.result.groupSize),
          formatDecimals(mean, { decimals: 3 }),
          `${p.result.monthsSignificant5} of ${g.length}`,
          `${p.result.monthsSignificant10} of ${g.length}`,
          formatDecimals(p.result.pValue, { decimals: 3 }),
        ];
      }),
    }),
  ];
  if (r.switchedClass.length > 0) {
    lines.push(
      `Left out (size class changes): ${r.switchedClass.slice(0, 10).join(', ')}${r.switchedClass.length > 10 ? ', ...' : ''}`,
    );
  }
  return lines.join('\n');
}
