import { SpecError } from '../errors.js';
import { checkOptions, integerIn, numberIn, seedOption } from '../internal/options.js';
import { createRng } from '../internal/random.js';
import { lksDonorPool } from '../synth/lks-donor-pool.js';
import { placeboGroups } from './placebo-groups.js';

/** Options of {@link simulateGroupPanel}. */
export interface SimulateGroupPanelOptions {
  /** Large municipalities (≥ 40,000 inhabitants, the treated group). @default 130 */
  readonly large?: number;
  /** Medium municipalities (15,000–40,000). @default 160 */
  readonly medium?: number;
  /** Small municipalities (< 15,000). @default 45 */
  readonly small?: number;
  /** Months (from 2019-01). @default 72 */
  readonly periods?: number;
  /** Index of the first treated month. @default 36 (2022-01) */
  readonly treatmentIndex?: number;
  /** Mean rate per 10,000 aged 15–65 (sets the count noise). @default 6 (low-LW trajectories) */
  readonly level?: number;
  /** Effect added to every large municipality's rate from the treatment on. @default 0 */
  readonly effect?: number;
  /** Monthly persistence of the municipal noise (AR(1); a running stock changes slowly). @default 0.8 */
  readonly persistence?: number;
  /** Seed. @default 1 */
  readonly seed?: number;
}

/** One municipality-month of {@link simulateGroupPanel}. */
export type GroupPanelRow = {
  readonly unit: string;
  readonly time: string;
  readonly y: number;
  readonly inhabitants: number;
};

/**
 * A seeded municipal panel shaped like the LKS evaluation's, for the placebo-group calibration:
 * rate_it = level · (1 + 0.25 a_i) + level · 0.15 · (λ_i'f_t) + ε_it (+ effect for large units
 * from the treatment on), with two common AR(1) factors plus a trend, loadings λ_i ~ 1 + 0.5 N(0,1)
 * for every unit alike (so the large municipalities' mean lies inside the donors' range, as a
 * synthetic control needs), and municipal noise ε_it an AR(1) whose stationary SD is the Poisson
 * SD of a rate: sqrt(level / (0.65 · inhabitants / 10,000)). Small municipalities are therefore
 * noisier than large ones, and an average of 130 large ones is far less noisy than any donor:
 * the situation {@link placeboGroups} is for.
 * @internal
 */
export function simulateGroupPanel(options: SimulateGroupPanelOptions = {}): GroupPanelRow[] {
  const where = 'simulateGroupPanel';
  checkOptions(
    options,
    ['large', 'medium', 'small', 'periods', 'treatmentIndex', 'level', 'effect', 'persistence', 'seed'],
    where,
  );
  const large = integerIn(options.large ?? 130, 1, 1e5, 'large', where);
  const medium = integerIn(options.medium ?? 160, 0, 1e5, 'medium', where);
  const small = integerIn(options.small ?? 45, 0, 1e5, 'small', where);
  const T = integerIn(options.periods ?? 72, 4, 1200, 'periods', where);
  const T0 = integerIn(options.treatmentIndex ?? 36, 1, T - 1, 'treatmentIndex', where);
  const level = numberIn(options.level ?? 6, 0, 1e6, 'level', where, { min: true });
  const effect = numberIn(options.effect ?? 0, -1e6, 1e6, 'effect', where);
  const rho = numberIn(options.persistence ?? 0.8, 0, 1, 'persistence', where, { max: true });
  const rng = createRng(options.seed === undefined ? 1 : seedOption(options.seed, where));
  if (small + medium < 3)
    throw new SpecError('invalid-option', `${where}: need at least 3 small + medium units`);
  const F = 2;
  const f = Array.from({ length: T }, () => new Array<number>(F).fill(0));
  for (let k = 0; k < F; k++) {
    let x = 0;
    for (let t = 0; t < T; t++) {
      x = 0.8 * x + rng.normal();
      f[t]![k] = x + (k === 0 ? (t - T / 2) / 12 : 0);
    }
  }
  const rows: GroupPanelRow[] = [];
  const classes: [string, number, number, number][] = [
    ['L', large, 40000, 300000],
    ['M', medium, 15000, 40000],
    ['S', small, 3000, 15000],
  ];
  for (const [tag, count, lo, hi] of classes) {
    for (let i = 0; i < count; i++) {
      // Log-uniform sizes within the class.
      const inhabitants = Math.round(lo * (hi / lo) ** rng.uniform());
      const a = rng.normal();
      const lambda = [1 + 0.5 * rng.normal(), 1 + 0.5 * rng.normal()];
      const sd = Math.sqrt(level / ((0.65 * inhabitants) / 10000));
      const innov = sd * Math.sqrt(1 - rho * rho);
      let e = sd * rng.normal();
      const unit = `${tag}${String(i).padStart(3, '0')}`;
      for (let t = 0; t < T; t++) {
        if (t > 0) e = rho * e + innov * rng.normal();
        let common = 0;
        for (let k = 0; k < F; k++) common += lambda[k]! * f[t]![k]!;
        let y = level * (1 + 0.25 * a) + level * 0.15 * common + e;
        if (tag === 'L' && t >= T0) y += effect;
        const time = `${2019 + Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
        rows.push({ unit, time, y, inhabitants });
      }
    }
  }
  return rows;
}

/** Options of {@link calibratePlaceboGroups}. */
export interface CalibrationOptions {
  /** Seeded draws of the data (seeds 1, 2, …). */
  readonly draws: number;
  /** Placebo groups per draw. */
  readonly groups: number;
  /** Medium share of the donor pool (0.2 main, 0 small only, 0.35). */
  readonly mediumShare: number;
  /** `holdout` passed to placeboGroups (undefined: its default). */
  readonly holdout?: number;
  /** Planted effect. @default 0 */
  readonly effect?: number;
  /** Extra options of the data draw. */
  readonly panel?: Omit<SimulateGroupPanelOptions, 'seed' | 'effect'>;
}

/** Shares of draws with p < 0.05 (the months' share for `pooled*`). */
export interface CalibrationShares {
  readonly ratio: number;
  readonly firstMonth: number;
  readonly lastMonth: number;
  readonly pooled: number;
  readonly firstMonthRaw: number;
  readonly lastMonthRaw: number;
  readonly pooledRaw: number;
  /** Months whose standardised p-value was null (exact pre-period fits), counted as not rejected. */
  readonly nullMonths: number;
  readonly donors: number;
  readonly groupSize: number;
}

/**
 * The calibration of {@link placeboGroups} (issue 13): `draws` panels of {@link simulateGroupPanel}
 * with seeds 1…draws (fresh data each time, not only fresh placebo groups), each run with the
 * LKS pool rule and the options a user would give; returns the share of draws with p < 0.05 for
 * the RMSPE ratio, the first and the last post month (standardised and raw), and the share of
 * all post months (pooled). Under no effect each should be near 0.05.
 * @internal
 */
export function calibratePlaceboGroups(options: CalibrationOptions): CalibrationShares {
  const n = {
    ratio: 0,
    first: 0,
    last: 0,
    pooled: 0,
    firstRaw: 0,
    lastRaw: 0,
    pooledRaw: 0,
    months: 0,
    nul: 0,
  };
  let donors = 0;
  let groupSize = 0;
  for (let s = 1; s <= options.draws; s++) {
    const rows = simulateGroupPanel({ ...options.panel, seed: s, effect: options.effect ?? 0 });
    const units = [...new Set(rows.map((r) => r.unit))];
    const inh = new Map(rows.map((r) => [r.unit, r.inhabitants]));
    const pool = lksDonorPool(
      units,
      units.map((u) => inh.get(u)!),
      { mediumShare: options.mediumShare },
    );
    const res = placeboGroups(rows, {
      unit: 'unit',
      time: 'time',
      outcome: 'y',
      treated: pool.treated,
      donors: pool.donors,
      treatmentTime: rows[options.panel?.treatmentIndex ?? 36]!.time,
      groups: options.groups,
      seed: s,
      ...(options.holdout === undefined ? {} : { holdout: options.holdout }),
    });
    donors = pool.donors.length;
    groupSize = res.groupSize;
    const p = res.periodPValues;
    const std = (x: (typeof p)[number]) => x.pValueStandardized !== null && x.pValueStandardized < 0.05;
    if (res.pValue < 0.05) n.ratio++;
    if (std(p[0]!)) n.first++;
    if (std(p.at(-1)!)) n.last++;
    if (p[0]!.pValueRaw < 0.05) n.firstRaw++;
    if (p.at(-1)!.pValueRaw < 0.05) n.lastRaw++;
    for (const x of p) {
      n.months++;
      if (x.pValueStandardized === null) n.nul++;
      if (std(x)) n.pooled++;
      if (x.pValueRaw < 0.05) n.pooledRaw++;
    }
  }
  const d = options.draws;
  return {
    ratio: n.ratio / d,
    firstMonth: n.first / d,
    lastMonth: n.last / d,
    pooled: n.pooled / n.months,
    firstMonthRaw: n.firstRaw / d,
    lastMonthRaw: n.lastRaw / d,
    pooledRaw: n.pooledRaw / n.months,
    nullMonths: n.nul,
    donors,
    groupSize,
  };
}
