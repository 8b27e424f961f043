import { DataError } from '../errors.js';
import { createRng, mixSeed } from '../internal/random.js';
import {
  ADULT_CHILD_AGE,
  cumulative,
  HAS_ADULT_CHILD,
  HEAD_AGE,
  HHGROUP_OF_TYPE,
  HHTYPE_DISADVANTAGE,
  HHTYPE_KIND,
  HHTYPE_PROFILE,
  MIGRATION_PROFILE,
  NON_WESTERN_FLAG,
  PARENT_AGE,
} from './household-profiles.js';
import { INDICATOR_COLUMNS, type IndicatorColumn } from './levels.js';
import { BASE_YEAR, type MunicipalityFrame, STREAM } from './municipality-frame.js';

/** Gross yearly couple norm ("bruto normbedrag gehuwden") in the base year, euros; indexed 3 % a year. */
export const COUPLE_NORM_BASE = 24_000;

/** Yearly indexation of the norm amounts. */
export const NORM_INDEXATION = 0.03;

/** The household covariates, one typed array per column, rows sorted by municipality and neighbourhood. */
export interface CovariateArrays {
  readonly municipality: Uint16Array;
  readonly neighbourhood: Uint16Array | Uint32Array;
  readonly hhtype: Uint8Array;
  readonly hhgroup: Uint8Array;
  readonly migration: Uint8Array;
  readonly indicators: Record<IndicatorColumn, Uint8Array>;
  readonly costSharers: Uint8Array;
  readonly norm: Float64Array;
}

/**
 * The kostendelersnorm: the yearly norm of a benefit unit of `claimants` persons (1 single, 2 couple)
 * living with `A` cost-sharers (adults 21+ incl. the claimants) is `claimants · (40 + 30A)/(100A)`
 * times the couple norm; A = 1 gives the single norm 70 %, a couple alone gets 100 %.
 *
 * @example
 * ```ts
 * import { costSharerNorm } from 'verdeelmodel/generate';
 * costSharerNorm(24_000, 1, 1); // => 16800 (single person alone: 70 %)
 * costSharerNorm(24_000, 1, 3); // => 10400 (single person with two other adults)
 * ```
 */
export function costSharerNorm(coupleNorm: number, claimants: number, costSharers: number): number {
  // Checked here, as a public function: 0 claimants gave 0/0 = NaN, a NaN norm a NaN benefit.
  if (
    !(typeof coupleNorm === 'number' && Number.isFinite(coupleNorm) && coupleNorm >= 0) ||
    (claimants !== 1 && claimants !== 2) ||
    !(Number.isInteger(costSharers) && costSharers >= 0)
  ) {
    throw new DataError(
      'invalid-value',
      `costSharerNorm needs a finite norm >= 0, 1 or 2 claimants and a whole number of cost-sharers, got (${coupleNorm}, ${claimants}, ${costSharers})`,
    );
  }
  const a = Math.max(costSharers, claimants);
  const norm = (claimants * (40 + 30 * a) * coupleNorm) / (100 * a);
  if (!Number.isFinite(norm)) {
    throw new DataError(
      'invalid-value',
      `costSharerNorm: the norm of ${coupleNorm} overflows; give it in euros`,
    );
  }
  return norm;
}

/**
 * Share of households replaced in a year (moved out of the municipality, split up, died): about
 * one in twenty (EXTERNAL order of magnitude). Each household slot is renewed once every
 * 1 / PANEL_RENEWAL = 20 years, in a year set by the slot's own phase, so exactly this share of the
 * slots is renewed each year; the others keep their random draws from one year to the next, so a
 * municipality's households in consecutive data years are mostly the same households, as in the
 * registers the model is actualised on.
 */
export const PANEL_RENEWAL = 0.05;

const PANEL_YEARS = Math.round(1 / PANEL_RENEWAL);

/** The murmur3 32-bit finaliser: a fast, well-mixed hash of an integer. */
function fmix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * The generation of household slot `slot` (a hash of the seed, neighbourhood and place in it) in
 * `year`: the last year ≤ `year` in which the slot was renewed (every PANEL_YEARS years from the
 * slot's phase), so the same household occupies the slot until then. O(1), years before 0 too.
 */
function panelGeneration(slot: number, year: number): number {
  const phase = (slot >>> 0) % PANEL_YEARS;
  return year - ((((year + phase) % PANEL_YEARS) + PANEL_YEARS) % PANEL_YEARS);
}

/** Hash of the panel key, a neighbourhood and a place in it. */
function slotHash(key: number, neighbourhood: number, place: number): number {
  return fmix32(fmix32(key ^ Math.imul(neighbourhood + 1, 0x9e3779b1)) ^ Math.imul(place + 1, 0x85ebca6b));
}

function pick(cdf: Float64Array | readonly number[], offset: number, size: number, u: number): number {
  for (let k = 0; k < size - 1; k++) if (u < cdf[offset + k]!) return k;
  return size - 1;
}

const AGE_CDF: readonly Float64Array[] = HEAD_AGE.map(cumulative);
const CHILD_CDF = cumulative(ADULT_CHILD_AGE);
const PARENT_CDF = cumulative(PARENT_AGE);

/** New zeroed covariate arrays for `n` households; `buffer` gives the memory (shared for threads). */
export function allocateCovariates(
  n: number,
  neighbourhoods: number,
  buffer: (bytes: number) => ArrayBufferLike = (bytes) => new ArrayBuffer(bytes),
): CovariateArrays {
  const u8 = () => new Uint8Array(buffer(n));
  return {
    municipality: new Uint16Array(buffer(2 * n)),
    neighbourhood: neighbourhoods <= 65536 ? new Uint16Array(buffer(2 * n)) : new Uint32Array(buffer(4 * n)),
    hhtype: u8(),
    hhgroup: u8(),
    migration: u8(),
    indicators: Object.fromEntries(INDICATOR_COLUMNS.map((c) => [c, u8()])) as Record<
      IndicatorColumn,
      Uint8Array
    >,
    costSharers: u8(),
    norm: new Float64Array(buffer(8 * n)),
  };
}

/** First row of each municipality (and the total at the end): rows are sorted by municipality. */
export function municipalityRowStarts(frame: MunicipalityFrame, perNeighbourhood: Int32Array): Float64Array {
  const start = new Float64Array(frame.count + 1);
  let r = 0;
  for (let i = 0; i < frame.count; i++) {
    start[i] = r;
    for (let b = frame.nbStart[i]!; b < frame.nbStart[i + 1]!; b++) r += perNeighbourhood[b]!;
  }
  start[frame.count] = r;
  return start;
}

/**
 * Draw all household covariates. `perNeighbourhood[b]` households are drawn in neighbourhood b.
 * Written as one hand-rolled loop over households (no row objects), with the neighbourhood's
 * composition probabilities computed once per neighbourhood.
 */
export function drawCovariates(
  frame: MunicipalityFrame,
  perNeighbourhood: Int32Array,
  seed: number,
): CovariateArrays {
  const n = perNeighbourhood.reduce((a, b) => a + b, 0);
  const out = allocateCovariates(n, frame.nbIds.length);
  drawCovariatesOf(frame, perNeighbourhood, seed, out, 0, frame.count);
  return out;
}

/**
 * Draw the covariates of the households of municipalities [from, to) into their rows of `out`.
 * Every household restarts the random stream from its own slot, so a range gives the same rows
 * as the whole population does: two threads can draw two ranges.
 */
export function drawCovariatesOf(
  frame: MunicipalityFrame,
  perNeighbourhood: Int32Array,
  seed: number,
  out: CovariateArrays,
  from: number,
  to: number,
): void {
  // One stream, restarted for every household from its slot and generation (a panel, see PANEL_RENEWAL).
  const rng = createRng(seed, STREAM.households);
  const panelKey = mixSeed(seed, STREAM.panel);
  const { municipality, neighbourhood, hhtype, hhgroup, migration, costSharers, norm } = out;
  const ind = out.indicators;
  const coupleNorm = COUPLE_NORM_BASE * (1 + NORM_INDEXATION) ** (frame.year - BASE_YEAR);
  const nTypes = HHTYPE_PROFILE.length;
  const nMig = MIGRATION_PROFILE.length;
  const typeCdf = new Float64Array(nTypes);
  const migCdf = new Float64Array(nMig);
  const bands = new Uint8Array(8);
  const syrianBoost = Math.exp(0.08 * (frame.year - BASE_YEAR));
  // Local copies: module-level bindings and record properties are slower to read in the hot loop.
  const groupOf = Int8Array.from(HHGROUP_OF_TYPE);
  const nonWestern = Int8Array.from(NON_WESTERN_FLAG);
  const kindOf = Int8Array.from(HHTYPE_KIND);
  const disadvantage = Float64Array.from(HHTYPE_DISADVANTAGE);
  const adultChild = Int8Array.from(HAS_ADULT_CHILD, Number);
  const ageCdf = AGE_CDF;
  const childCdf = CHILD_CDF;
  const parentCdf = PARENT_CDF;
  // Checked once here (finite, >= 0): each household's norm is then a finite fraction of it.
  costSharerNorm(coupleNorm, 1, 1);
  let r = municipalityRowStarts(frame, perNeighbourhood)[from]!;
  for (let i = from; i < to; i++) {
    const u0 = frame.urbanity[i]! - 0.5;
    for (let b = frame.nbStart[i]!; b < frame.nbStart[i + 1]!; b++) {
      const d = frame.nbDeprivation[b]!;
      let acc = 0;
      for (let k = 0; k < nTypes; k++) {
        const p = HHTYPE_PROFILE[k]!;
        acc += p.share * Math.exp(p.urban * u0 + p.deprived * d);
        typeCdf[k] = acc;
      }
      for (let k = 0; k < nTypes; k++) typeCdf[k]! /= acc;
      acc = 0;
      for (let k = 0; k < nMig; k++) {
        const p = MIGRATION_PROFILE[k]!;
        // Recent refugee groups grow over the years (actualised data look slightly different).
        const boost = k === 6 || k === 10 ? syrianBoost : 1;
        acc += boost * p.share * Math.exp(p.urban * u0 + p.deprived * d);
        migCdf[k] = acc;
      }
      for (let k = 0; k < nMig; k++) migCdf[k]! /= acc;
      const end = r + perNeighbourhood[b]!;
      for (let place = 0; r < end; r++, place++) {
        const slot = slotHash(panelKey, b, place);
        rng.reseed(fmix32(slot ^ Math.imul(panelGeneration(slot, frame.year), 0x165667b1)));
        municipality[r] = i;
        neighbourhood[r] = b;
        const t = pick(typeCdf, 0, nTypes, rng.uniform());
        const g = pick(migCdf, 0, nMig, rng.uniform());
        hhtype[r] = t;
        hhgroup[r] = groupOf[t]!;
        migration[r] = g;
        const nw = nonWestern[g]!;
        ind.non_western[r] = nw;
        const kind = kindOf[t]!;
        const z = 0.7 * d + 0.5 * nw + disadvantage[t]! + 0.8 * rng.normal();
        // Age bands of the adults present (0 = 18-20 … 5 = 50-AOW, 6 = AOW age+).
        bands.fill(0);
        const head = pick(ageCdf[t]!, 0, 7, rng.uniform());
        bands[head] = 1;
        let adults = head >= 1 ? 1 : 0;
        let claimants = 1;
        if (kind === 2) {
          const v = rng.uniform();
          const partner = Math.min(6, Math.max(1, head + (v < 0.7 ? 0 : v < 0.85 ? -1 : 1)));
          bands[partner] = 1;
          adults = (head >= 1 ? 1 : 0) + 1;
          claimants = 2;
        }
        if (adultChild[t]) {
          const c = pick(childCdf, 0, 7, rng.uniform());
          bands[c] = 1;
          if (c >= 1) adults++;
        } else if (kind === 3) {
          const parents = rng.uniform() < 0.35 ? 1 : 2;
          for (let k = 0; k < parents; k++) bands[pick(parentCdf, 0, 7, rng.uniform())] = 1;
          adults = 1 + parents;
        } else if (kind === 4) {
          const others = rng.uniform() < 0.7 ? 1 : 2;
          for (let k = 0; k < others; k++) bands[pick(ageCdf[0]!, 0, 7, rng.uniform())] = 1;
          adults = 1 + others;
        }
        adults = Math.max(adults, claimants);
        costSharers[r] = adults;
        // costSharerNorm's formula without its checks (claimants is 1 or 2, adults >= claimants).
        norm[r] = (claimants * (40 + 30 * adults) * coupleNorm) / (100 * adults);
        ind.age_20_25[r] = bands[1]!;
        ind.age_25_30[r] = bands[2]!;
        ind.age_30_40[r] = bands[3]!;
        ind.age_40_50[r] = bands[4]!;
        ind.age_50_aow[r] = bands[5]!;
        const elderly = bands[6]!;
        const young = bands[0]! | bands[1]!;
        // Education ("HCI"): unobserved for many older households, as in the real data.
        // Every column of the row is written (0 where not drawn), so drawing a range again overwrites it whole.
        let low = 0;
        let midHigh = 0;
        if (!(elderly && rng.uniform() < 0.6)) {
          low = rng.uniform() < 1 / (1 + Math.exp(1.3 - 0.9 * z - 0.4 * nw)) ? 1 : 0;
          if (!(low && adults <= 1)) {
            midHigh = rng.uniform() < 1 / (1 + Math.exp(-0.9 + 0.9 * z + 0.3 * nw)) ? 1 : 0;
          }
        }
        ind.low_hci[r] = low;
        ind.mid_high_hci[r] = midHigh;
        ind.special_education[r] = rng.uniform() < 1 / (1 + Math.exp(4.2 - 0.7 * z - 0.8 * young)) ? 1 : 0;
        // Care use from a latent health score.
        const hl = 0.35 * z + 0.5 * elderly + rng.normal();
        const ggz = rng.uniform() < 1 / (1 + Math.exp(3 - 0.9 * hl)) ? 1 : 0;
        const psych = rng.uniform() < 1 / (1 + Math.exp(2.8 - 0.9 * hl)) ? 1 : 0;
        const care = rng.uniform() < 1 / (1 + Math.exp(4.5 - 0.8 * hl - 0.6 * elderly)) ? 1 : 0;
        const um = rng.uniform();
        const m = 0.9 * hl + 1.0 * elderly;
        const g8 = um < 1 / (1 + Math.exp(3.8 - m)) ? 1 : 0;
        const g6 = !g8 && um < 1 / (1 + Math.exp(2.8 - m)) ? 1 : 0;
        const g4 = !g8 && !g6 && um < 1 / (1 + Math.exp(1.8 - m)) ? 1 : 0;
        ind.ggz[r] = ggz;
        ind.med_psych[r] = psych;
        ind.care_costs_high[r] = care;
        ind.med_groups_8p[r] = g8;
        ind.med_groups_6_8[r] = g6;
        ind.med_groups_4_6[r] = g4;
        ind.health_problems[r] = ggz | psych | care | g8 | g6 | g4;
        // Housing, wealth and other income.
        const alone = kind <= 1 ? 0.3 : 0;
        const corp = rng.uniform() < 1 / (1 + Math.exp(1.5 - 0.9 * z - 1.0 * u0 - alone)) ? 1 : 0;
        ind.corporation_dwelling[r] = corp;
        ind.caravan_pitch[r] = rng.uniform() < 1 / (1 + Math.exp(6 - 0.5 * z)) ? 1 : 0;
        const couple = kind === 2 ? 0.3 : 0;
        const wealth =
          rng.uniform() < 1 / (1 + Math.exp(-0.3 + 0.8 * z + 1.2 * corp - 0.8 * elderly - couple)) ? 1 : 0;
        ind.wealth_above_limit[r] = wealth;
        ind.home_equity[r] = wealth
          ? 0
          : rng.uniform() < 1 / (1 + Math.exp(1.0 + 0.5 * z + 2.0 * corp - 0.5 * elderly))
            ? 1
            : 0;
        ind.student[r] = rng.uniform() < 1 / (1 + Math.exp(4 - 2.5 * young + 0.3 * z)) ? 1 : 0;
        const ww = rng.uniform() < 1 / (1 + Math.exp(3.6 - 0.3 * z + 2 * elderly)) ? 1 : 0;
        const ao1 = rng.uniform() < 1 / (1 + Math.exp(3.6 - 0.3 * hl + 2 * elderly)) ? 1 : 0;
        const ao2 = rng.uniform() < 1 / (1 + Math.exp(3.4 - 0.5 * hl - 0.2 * z + 2 * elderly)) ? 1 : 0;
        const anw = rng.uniform() < 1 / (1 + Math.exp(5.5 - 0.3 * bands[5]!)) ? 1 : 0;
        const other = rng.uniform() < 1 / (1 + Math.exp(3.5 - 0.2 * z)) ? 1 : 0;
        ind.ww[r] = ww;
        ind.ao_15_80[r] = ao1;
        ind.ao_80_100[r] = ao2;
        ind.anw[r] = anw;
        ind.other_benefit[r] = other;
        ind.benefit_any[r] = ww | ao1 | ao2 | anw | other;
        ind.pension[r] = elderly
          ? rng.uniform() < 0.98
            ? 1
            : 0
          : rng.uniform() < 0.03 + 0.04 * bands[5]!
            ? 1
            : 0;
      }
    }
  }
}
