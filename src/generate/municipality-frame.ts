import { createRng, type Rng } from '../internal/random.js';

/** Base year of the municipal frame: sizes and class counts match the 2024 classification there. */
export const BASE_YEAR = 2024;

/** Independent random streams derived from the user's seed. */
export const STREAM = {
  frame: 1,
  growth: 2,
  yearShift: 3,
  households: 4,
  receipt: 5,
  price: 6,
  lks: 7,
  history: 8,
  effects: 9,
  panel: 10,
} as const;

/**
 * The four largest cities with their real names, codes and approximate 2024 inhabitants. Their
 * urbanity and mean neighbourhood deprivation are fixed rather than drawn, so that the G4's weight
 * (DOMAIN 6b) does not depend on the seed; Rotterdam and The Hague are the most deprived, Utrecht
 * the least.
 */
const G4 = [
  { id: 'GM0363', name: 'Amsterdam', inhabitants: 931_000, urbanity: 1, deprivation: 0.55 },
  { id: 'GM0599', name: 'Rotterdam', inhabitants: 664_000, urbanity: 0.97, deprivation: 0.65 },
  { id: 'GM0518', name: "'s-Gravenhage", inhabitants: 566_000, urbanity: 0.95, deprivation: 0.6 },
  { id: 'GM0344', name: 'Utrecht', inhabitants: 374_000, urbanity: 0.9, deprivation: 0.3 },
];

/**
 * Size classes below the G4: how many of the 342 municipalities of 2024 fall in each (S0 for the
 * classes above 40k; the split below 40k is approximate, DOMAIN 6b) and a truncated-Pareto shape
 * for the sizes within the class (negative: density rising towards the upper bound).
 */
const CLASSES = [
  { count: 28, lo: 100_500, hi: 249_500, alpha: 1.1 },
  { count: 102, lo: 40_500, hi: 99_500, alpha: 0.8 },
  { count: 163, lo: 15_500, hi: 39_500, alpha: 0.2 },
  { count: 45, lo: 1_000, hi: 14_500, alpha: -2.5 },
];

/** Inhabitants per neighbourhood ("buurt") used to decide how many neighbourhoods a municipality has. */
const INHABITANTS_PER_NEIGHBOURHOOD = 1500;

/** Deprivation above which a neighbourhood counts as one "where working is not the norm". */
export const WORK_NOT_NORM_THRESHOLD = 1;

/** Internal description of the municipalities and neighbourhoods for one data year. */
export interface MunicipalityFrame {
  readonly count: number;
  readonly year: number;
  readonly ids: readonly string[];
  readonly names: readonly string[];
  /** Inhabitants on 1 January of `year`, `year − 1` and `year − 2`. */
  readonly inhabitants: Float64Array;
  readonly inhabitantsPrev: Float64Array;
  readonly inhabitantsPrev2: Float64Array;
  /** Relative population growth from `year` to `year + 1`. */
  readonly growth: Float64Array;
  readonly share15to65: Float64Array;
  readonly urbanity: Float64Array;
  readonly workAvailability: Float64Array;
  readonly lowSkilledWork: Float64Array;
  readonly workNotNorm: Float64Array;
  /** Standard-normal municipal effects (scaled by the SD options) for volume and price. */
  readonly volumeEffectZ: Float64Array;
  readonly priceEffectZ: Float64Array;
  /** The same effects two years before `year` (what the realised spending of `year − 2` carried). */
  readonly volumeEffectZTwoYearsBefore: Float64Array;
  readonly priceEffectZTwoYearsBefore: Float64Array;
  readonly dtiPropensity: Float64Array;
  /** Neighbourhoods of municipality i are `nbStart[i] .. nbStart[i + 1] − 1`. */
  readonly nbStart: Int32Array;
  readonly nbIds: readonly string[];
  readonly nbWeight: Float64Array;
  readonly nbDeprivation: Float64Array;
  readonly nbNuisance: Float64Array;
}

function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Inverse CDF of a Pareto(alpha) truncated to [lo, hi]; alpha may be negative (rising density). */
function truncatedPareto(q: number, lo: number, hi: number, alpha: number): number {
  const r = (lo / hi) ** alpha;
  return lo * (1 - q * (1 - r)) ** (-1 / alpha);
}

/** Split `total` into integer parts proportional to `weights` (largest remainder, ties to the first). */
export function largestRemainder(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const out = exact.map(Math.floor);
  const order = exact
    .map((x, i) => [x - Math.floor(x), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  let left = total - out.reduce((a, b) => a + b, 0);
  for (let k = 0; left > 0; k++, left--) out[order[k % order.length]![1]]!++;
  return out;
}

function shuffledCodes(rng: Rng, n: number): number[] {
  const reserved = new Set(G4.map((g) => Number(g.id.slice(2))));
  const codes: number[] = [];
  for (let c = 1; codes.length < n; c++) if (!reserved.has(c)) codes.push(c);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [codes[i], codes[j]] = [codes[j]!, codes[i]!];
  }
  return codes;
}

/** Base inhabitants (base year) per municipality, largest first: G4, then the classes by stratified draws. */
function baseSizes(rng: Rng, count: number): number[] {
  const g4 = Math.min(4, count);
  const perClass = largestRemainder(
    count - g4,
    CLASSES.map((c) => c.count),
  );
  const sizes = G4.slice(0, g4).map((g) => g.inhabitants);
  CLASSES.forEach((c, k) => {
    const m = perClass[k]!;
    const drawn: number[] = [];
    for (let j = 0; j < m; j++) {
      // Stratified quantiles keep the class total stable across seeds.
      const q = (j + rng.uniform()) / m;
      drawn.push(Math.round(truncatedPareto(q, c.lo, c.hi, c.alpha)));
    }
    sizes.push(...drawn.sort((a, b) => b - a));
  });
  return sizes;
}

/** Build the municipal frame: base draws depend on the seed only; `year` shifts covariates and population. */
export function buildMunicipalityFrame(seed: number, count: number, year: number): MunicipalityFrame {
  const rng = createRng(seed, STREAM.frame);
  const base = baseSizes(rng, count);
  const g4 = Math.min(G4.length, count);
  const codes = shuffledCodes(rng, count);
  const ids: string[] = [];
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    if (i < 4 && i < G4.length) {
      ids.push(G4[i]!.id);
      names.push(G4[i]!.name);
    } else {
      ids.push(`GM${String(codes[i]).padStart(4, '0')}`);
      names.push(`Gemeente ${String(codes[i]).padStart(3, '0')}`);
    }
  }
  const f = (n = count) => new Float64Array(n);
  const urbanity = f();
  const share15to65 = f();
  const growthBase = f();
  const workAvailability = f();
  const lowSkilledWork = f();
  const deprivationMean = f();
  const volumeEffectZ = f();
  const priceEffectZ = f();
  const dtiPropensity = f();
  const lnLo = Math.log(3000);
  const lnHi = Math.log(G4[0]!.inhabitants);
  for (let i = 0; i < count; i++) {
    const u = (Math.log(base[i]!) - lnLo) / (lnHi - lnLo) + 0.06 * rng.normal();
    urbanity[i] = i < g4 ? G4[i]!.urbanity : Math.min(1, Math.max(0, u));
  }
  for (let i = 0; i < count; i++) {
    const u = urbanity[i]!;
    share15to65[i] = 0.6 + 0.08 * u + 0.015 * rng.normal();
    growthBase[i] = 0.003 + 0.007 * u + 0.004 * rng.normal();
    workAvailability[i] = 0.4 * u + 0.8 * rng.normal();
    lowSkilledWork[i] = 0.2 * u + rng.normal();
    deprivationMean[i] = i < g4 ? G4[i]!.deprivation : 1.1 * (u - 0.45) + 0.3 * rng.normal();
    if (i < g4) rng.normal();
    volumeEffectZ[i] = rng.normal();
    priceEffectZ[i] = rng.normal();
    dtiPropensity[i] = Math.exp(2 * u + 0.4 * rng.normal());
  }
  // Neighbourhoods: more of them, and more segregated ones, in larger and more urban municipalities.
  const nbStart = new Int32Array(count + 1);
  for (let i = 0; i < count; i++) {
    nbStart[i + 1] = nbStart[i]! + Math.max(3, Math.round(base[i]! / INHABITANTS_PER_NEIGHBOURHOOD));
  }
  const nbTotal = nbStart[count];
  const nbIds: string[] = new Array(nbTotal);
  const nbWeight = f(nbTotal);
  const nbDeprivation = f(nbTotal);
  const nbNoise = f(nbTotal);
  for (let i = 0; i < count; i++) {
    let sum = 0;
    const spread = 0.5 + 0.7 * urbanity[i]!;
    for (let b = nbStart[i]!; b < nbStart[i + 1]!; b++) {
      nbIds[b] = `BU${ids[i]!.slice(2)}${String(b - nbStart[i]! + 1).padStart(4, '0')}`;
      nbWeight[b] = rng.gamma(3);
      sum += nbWeight[b]!;
      nbDeprivation[b] = deprivationMean[i]! + spread * rng.normal();
      nbNoise[b] = rng.normal();
    }
    for (let b = nbStart[i]!; b < nbStart[i + 1]!; b++) nbWeight[b]! /= sum;
  }
  shiftCovariates(seed, year, { workAvailability, nbDeprivation });
  const baseEffects = { volume: volumeEffectZ, price: priceEffectZ };
  const effects = effectsOf(seed, year, baseEffects);
  const effects2 = effectsOf(seed, year - 2, baseEffects);
  for (const e of [effects, effects2]) {
    centre(e.volume, g4);
    centre(e.price, g4);
  }
  const workNotNorm = f();
  const nbNuisance = f(nbTotal);
  for (let i = 0; i < count; i++) {
    let share = 0;
    for (let b = nbStart[i]!; b < nbStart[i + 1]!; b++) {
      if (nbDeprivation[b]! > WORK_NOT_NORM_THRESHOLD) share += nbWeight[b]!;
      nbNuisance[b] = logistic(-1.7 + 0.6 * nbDeprivation[b]! + 0.5 * urbanity[i]! + 0.3 * nbNoise[b]!);
    }
    workNotNorm[i] = share;
  }
  const population = populationPath(seed, year, base, growthBase);
  return {
    count,
    year,
    ids,
    names,
    ...population,
    share15to65,
    urbanity,
    workAvailability,
    lowSkilledWork,
    workNotNorm,
    volumeEffectZ: effects.volume,
    priceEffectZ: effects.price,
    volumeEffectZTwoYearsBefore: effects2.volume,
    priceEffectZTwoYearsBefore: effects2.price,
    dtiPropensity,
    nbStart,
    nbIds,
    nbWeight,
    nbDeprivation,
    nbNuisance,
  };
}

/**
 * Centre the first `k` (the G4) effects on zero: each city keeps its own unexplained deviation, but
 * chance does not move the G4 as a group (four draws would shift their budget share by several points).
 */
function centre(z: Float64Array, k: number) {
  if (k < 2) return;
  let mean = 0;
  for (let i = 0; i < k; i++) mean += z[i]! / k;
  for (let i = 0; i < k; i++) z[i]! -= mean;
}

/**
 * ρ, the persistence of the unexplained municipal effects from one year to the next: a stationary
 * AR(1), z_y = ρ·z_{y−1} + √(1 − ρ²)·ε_y, walked year by year from the base year (backwards too: a
 * stationary Gaussian AR(1) is time-reversible), so corr(z_y, z_{y−k}) = ρ^k for any pair of years.
 * 0.9 makes deviations of budget from spending as persistent as S0 Fig 4.3 finds (R² 0.70 between
 * the deviations of two consecutive budget years, which also carry a year's counting noise).
 */
export const EFFECT_PERSISTENCE = 0.9;

/**
 * Move the covariates from the base year to `year` one year's step at a time, so that consecutive
 * years differ by one step wherever they lie: work availability drifts up 0.03 a year plus a
 * municipal random walk (SD 0.05 a year), neighbourhood deprivation follows a random walk (SD 0.05).
 * Step y (from y − 1 to y) is drawn from the stream of y, forwards and backwards alike.
 */
function shiftCovariates(
  seed: number,
  year: number,
  x: { workAvailability: Float64Array; nbDeprivation: Float64Array },
): void {
  const step = (y: number, sign: number) => {
    const rng = createRng(seed, STREAM.yearShift, y);
    for (let i = 0; i < x.workAvailability.length; i++) {
      x.workAvailability[i]! += sign * (0.03 + 0.05 * rng.normal());
    }
    for (let b = 0; b < x.nbDeprivation.length; b++) x.nbDeprivation[b]! += sign * 0.05 * rng.normal();
  };
  for (let y = BASE_YEAR + 1; y <= year; y++) step(y, 1);
  for (let y = BASE_YEAR; y > year; y--) step(y, -1);
}

/**
 * The standard-normal municipal effects of `year`: the base-year draws walked along their AR(1)
 * ({@link EFFECT_PERSISTENCE}) one year at a time, forwards from the base year with the innovation
 * of year y for the step y − 1 → y, backwards with that of y for y → y − 1 (a stationary Gaussian
 * AR(1) is time-reversible, so both directions give corr(z_y, z_{y−k}) = ρ^k).
 */
function effectsOf(seed: number, year: number, base: { volume: Float64Array; price: Float64Array }) {
  const rho = EFFECT_PERSISTENCE;
  const innovation = Math.sqrt(1 - rho * rho);
  const volume = base.volume.slice();
  const price = base.price.slice();
  const step = (y: number) => {
    const rng = createRng(seed, STREAM.effects, y);
    for (let i = 0; i < volume.length; i++) {
      volume[i] = rho * volume[i]! + innovation * rng.normal();
      price[i] = rho * price[i]! + innovation * rng.normal();
    }
  };
  for (let y = BASE_YEAR + 1; y <= year; y++) step(y);
  for (let y = BASE_YEAR; y > year; y--) step(y);
  return { volume, price };
}

/** Yearly growth rates from `fromYear` to `fromYear + 1`: a municipal trend plus a year shock. */
function growthRates(seed: number, fromYear: number, growthBase: Float64Array): Float64Array {
  const rng = createRng(seed, STREAM.growth, fromYear);
  return growthBase.map((g) => g + 0.002 * rng.normal());
}

function populationPath(seed: number, year: number, base: readonly number[], growthBase: Float64Array) {
  const at = (y: number): Float64Array => {
    const pop = Float64Array.from(base);
    for (let k = BASE_YEAR; k < y; k++) {
      const g = growthRates(seed, k, growthBase);
      for (let i = 0; i < pop.length; i++) pop[i]! *= 1 + g[i]!;
    }
    for (let k = BASE_YEAR - 1; k >= y; k--) {
      const g = growthRates(seed, k, growthBase);
      for (let i = 0; i < pop.length; i++) pop[i]! /= 1 + g[i]!;
    }
    return pop.map(Math.round);
  };
  const inhabitants = at(year);
  const next = at(year + 1);
  return {
    inhabitants,
    inhabitantsPrev: at(year - 1),
    inhabitantsPrev2: at(year - 2),
    growth: next.map((x, i) => x / inhabitants[i]! - 1),
  };
}
