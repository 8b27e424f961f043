import { SpecError } from '../errors.js';
import { checkOptions, integerIn, numberIn, oneOf, seedOption } from '../internal/options.js';
import { createRng } from '../internal/random.js';

/** Options of {@link simulateSynthPanel}. */
export interface SimulateSynthPanelOptions {
  /** Number of units. @default 40 */
  readonly units?: number;
  /** Number of periods. @default 72 (monthly 2019–2024) */
  readonly periods?: number;
  /** Index of the first treated period. @default periods / 2 */
  readonly treatmentIndex?: number;
  /** Units treated (the first ones, `u000`, `u001`, ...). @default 1 */
  readonly treated?: number;
  /** Effect added to treated units from the treatment on. @default 0 */
  readonly effect?: number;
  /** Number of latent factors driving the outcomes. @default 2 */
  readonly factors?: number;
  /** SD of the idiosyncratic noise. @default 0.5 */
  readonly noise?: number;
  /** Monthly times `'2019-01'`… instead of integers 1, 2, …. @default true */
  readonly monthly?: boolean;
  /** Seed. @default 1 */
  readonly seed?: number;
}

/**
 * A seeded factor-model panel with a known effect, for tests and benchmarks:
 * y_it = 20 + μ_i + λ_i'f_t + ε_it (+ effect for treated units after the treatment), plus a
 * covariate x_it = μ_i + noise. The treated units' loadings lie inside the donors' range so a
 * synthetic control can fit them.
 *
 * @example
 * ```ts
 * import { simulateSynthPanel } from 'verdeelmodel/synth';
 * const rows = simulateSynthPanel({ units: 30, effect: 5, seed: 3 });
 * rows[0]; // => { unit: 'u000', time: '2019-01', y: 21.3, x: 0.4, inhabitants: 52000 }
 * ```
 */
export function simulateSynthPanel(
  options: SimulateSynthPanelOptions = {},
): { unit: string; time: string | number; y: number; x: number; inhabitants: number }[] {
  const where = 'simulateSynthPanel';
  checkOptions(
    options,
    ['units', 'periods', 'treatmentIndex', 'treated', 'effect', 'factors', 'noise', 'monthly', 'seed'],
    where,
  );
  for (const key of ['units', 'periods', 'treatmentIndex', 'treated', 'factors'] as const) {
    if (options[key] !== undefined) integerIn(options[key], 0, 1e7, key, where);
  }
  if (options.effect !== undefined)
    numberIn(options.effect, -Number.MAX_VALUE, Number.MAX_VALUE, 'effect', where);
  if (options.noise !== undefined) numberIn(options.noise, 0, Number.MAX_VALUE, 'noise', where);
  if (options.monthly !== undefined) oneOf(options.monthly, [true, false], 'monthly', where);
  if (options.seed !== undefined) seedOption(options.seed, where);
  const N = options.units ?? 40;
  const T = options.periods ?? 72;
  const T0 = options.treatmentIndex ?? Math.floor(T / 2);
  const nTreated = options.treated ?? 1;
  const effect = options.effect ?? 0;
  const F = options.factors ?? 2;
  const noise = options.noise ?? 0.5;
  if (!(N >= 3 && T >= 4 && T0 >= 1 && T0 < T && nTreated >= 1 && nTreated < N - 1)) {
    throw new SpecError(
      'invalid-option',
      'simulateSynthPanel: need units ≥ 3, 1 ≤ treatmentIndex < periods, treated < units − 1',
    );
  }
  const rng = createRng(options.seed ?? 1);
  const f = Array.from({ length: T }, () => new Array<number>(F).fill(0));
  for (let k = 0; k < F; k++) {
    let level = 0;
    for (let t = 0; t < T; t++) {
      level = 0.8 * level + rng.normal();
      f[t]![k] = level + 0.05 * t * (k === 0 ? 1 : 0);
    }
  }
  const rows: { unit: string; time: string | number; y: number; x: number; inhabitants: number }[] = [];
  for (let i = 0; i < N; i++) {
    const isTreated = i < nTreated;
    // Treated loadings in the middle of the donor distribution (inside the hull).
    const mu = isTreated ? 0.3 * rng.normal() : 2 * rng.normal();
    const lambda = Array.from({ length: F }, () => (isTreated ? 1 + 0.2 * rng.normal() : 1 + rng.normal()));
    const inhabitants = isTreated
      ? 40000 + Math.round(100000 * rng.uniform())
      : Math.round(5000 + 30000 * rng.uniform());
    for (let t = 0; t < T; t++) {
      let y = 20 + mu + noise * rng.normal();
      for (let k = 0; k < F; k++) y += lambda[k]! * f[t]![k]!;
      if (isTreated && t >= T0) y += effect;
      const time =
        options.monthly === false
          ? t + 1
          : `${2019 + Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
      rows.push({ unit: `u${String(i).padStart(3, '0')}`, time, y, x: mu + 0.1 * rng.normal(), inhabitants });
    }
  }
  return rows;
}
