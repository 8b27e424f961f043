import { SpecError } from '../errors.js';
import { checkOptions, seedOption } from '../internal/options.js';
import { drawOutcomes } from './draw-outcomes.js';
import { generateRows } from './generate-rows.js';
import { householdColumns } from './household-rows.js';
import {
  lksTerms,
  priceReference,
  priceTerms,
  referenceLevels,
  volumeReference,
  volumeTerms,
} from './levels.js';
import {
  buildMunicipalityFrame,
  largestRemainder,
  type MunicipalityFrame,
  WORK_NOT_NORM_THRESHOLD,
} from './municipality-frame.js';
import { buildMunicipalityTable } from './municipality-table.js';
import type { HouseholdColumn } from './term-linear-predictor.js';
import { TRUE_LKS, TRUE_PRICE, TRUE_VOLUME } from './truth.js';
import type {
  GeneratedHouseholds,
  GenerateHouseholdsOptions,
  ResolvedGenerateHouseholdsOptions,
} from './types.js';

const GENERATE_OPTIONS = [
  'households',
  'seed',
  'municipalities',
  'year',
  'minHouseholdsPerMunicipality',
  'volumeEffectSd',
  'priceEffectSd',
  'fullBenefitWeight',
  'fractionPrecision',
  'nationalHouseholds',
] as const;

function resolveOptions(options: GenerateHouseholdsOptions): ResolvedGenerateHouseholdsOptions {
  if (options === null || typeof options !== 'object')
    throw new SpecError('invalid-option', 'generateHouseholds: give the options { households, seed }');
  checkOptions(options, GENERATE_OPTIONS, 'generateHouseholds');
  // A seed is an integer: 1.5 would silently equal seed 1 in the generator's integer hash.
  seedOption(options.seed, 'generateHouseholds');
  const o: ResolvedGenerateHouseholdsOptions = {
    households: options.households,
    seed: options.seed,
    municipalities: options.municipalities ?? 342,
    year: options.year ?? 2024,
    minHouseholdsPerMunicipality: options.minHouseholdsPerMunicipality ?? 10,
    volumeEffectSd: options.volumeEffectSd ?? 0.14,
    priceEffectSd: options.priceEffectSd ?? 0.08,
    fullBenefitWeight: options.fullBenefitWeight ?? 0.65,
    fractionPrecision: options.fractionPrecision ?? 3,
    nationalHouseholds: options.nationalHouseholds ?? 8_200_000,
  };
  const int = (name: keyof ResolvedGenerateHouseholdsOptions, lo: number, hi: number) => {
    const v = o[name];
    if (!Number.isInteger(v) || v < lo || v > hi) {
      throw new SpecError(
        'invalid-option',
        `generateHouseholds: option '${name}' must be an integer in [${lo}, ${hi}], got ${v}`,
      );
    }
  };
  int('municipalities', 1, 65_535);
  int('minHouseholdsPerMunicipality', 1, 1_000_000);
  int('households', o.municipalities * o.minHouseholdsPerMunicipality, 2 ** 31 - 1);
  int('year', 1900, 2200);
  const nonNegative = (name: keyof ResolvedGenerateHouseholdsOptions, strict: boolean, below?: number) => {
    const v = o[name] as number;
    if (!Number.isFinite(v) || v < 0 || (strict && v === 0) || (below !== undefined && v >= below)) {
      throw new SpecError(
        'invalid-option',
        `generateHouseholds: option '${name}' must be ${strict ? '> 0' : '>= 0'}${below === undefined ? '' : ` and < ${below}`}, got ${v}`,
      );
    }
  };
  // Effects are multiplicative on the log scale: beyond 10 SDs exp() overflows for some municipality.
  nonNegative('volumeEffectSd', false, 10);
  nonNegative('priceEffectSd', false, 10);
  nonNegative('fullBenefitWeight', false, 1);
  nonNegative('fractionPrecision', true);
  nonNegative('nationalHouseholds', true);
  return o;
}

/**
 * Households per municipality proportional to inhabitants, but at least `min` each: municipalities
 * whose quota falls below the minimum get the minimum and the rest is shared by the others.
 */
function householdsPerMunicipality(total: number, inhabitants: Float64Array, min: number): Int32Array {
  const n = inhabitants.length;
  const fixed = new Uint8Array(n);
  for (let changed = true; changed; ) {
    changed = false;
    let free = 0;
    let nFixed = 0;
    for (let i = 0; i < n; i++) {
      if (fixed[i]) nFixed++;
      else free += inhabitants[i]!;
    }
    const remaining = total - nFixed * min;
    for (let i = 0; i < n; i++) {
      if (!fixed[i] && (remaining * inhabitants[i]!) / free < min) {
        fixed[i] = 1;
        changed = true;
      }
    }
  }
  const free: number[] = [];
  let nFixed = 0;
  for (let i = 0; i < n; i++) {
    if (fixed[i]) nFixed++;
    else free.push(inhabitants[i]!);
  }
  const shares = largestRemainder(total - nFixed * min, free);
  const out = new Int32Array(n);
  for (let i = 0, k = 0; i < n; i++) out[i] = fixed[i] ? min : shares[k++]!;
  return out;
}

function perNeighbourhood(frame: MunicipalityFrame, households: Int32Array): Int32Array {
  const out = new Int32Array(frame.nbIds.length);
  for (let i = 0; i < frame.count; i++) {
    const from = frame.nbStart[i]!;
    const weights = Array.from(frame.nbWeight.subarray(from, frame.nbStart[i + 1]));
    largestRemainder(households[i]!, weights).forEach((c, k) => {
      out[from + k] = c;
    });
  }
  return out;
}

/**
 * Generate a Dutch-like population of households with known true parameters (DOMAIN A, B, 6b):
 * ~342 municipalities with the 2024 size-class counts, neighbourhoods, regional variables, household
 * features as compact typed columns, receipt of bijstand from a known logit, LKS among recipients
 * from a known logit and the benefit as a fraction of the norm (incl. kostendelersnorm) from a
 * known fractional model. Households per municipality are proportional to inhabitants.
 *
 * Calibration at default options: ≈5 % of households on assistance, the G4 (14 % of the
 * population) carry over a quarter of the spending, mean benefit ≈ €15,500 a year per recipient,
 * ≈6 % of recipients with LKS. The same seed and options give identical data; another `year` with
 * the same seed keeps the municipalities and the truth and draws new, slightly shifted households.
 *
 * @param options - size, seed, year and the knobs of the truth; see {@link GenerateHouseholdsOptions}
 * @returns columns, municipal and neighbourhood tables and the truth
 * @throws {SpecError} for a non-integer or too small size, a bad year or a negative SD
 * @example
 * ```ts
 * import { generateHouseholds } from 'verdeelmodel/generate';
 * const hh = generateHouseholds({ households: 100_000, seed: 1 });
 * hh.municipalities.id.length; // => 342
 * const cols = hh.columns(); // Record<string, TypedArray | { codes, levels }>
 * // volume model: logit(cols, { y: 'receipt', x: volumeTerms, reference: volumeReference })
 * ```
 */
export function generateHouseholds(options: GenerateHouseholdsOptions): GeneratedHouseholds {
  const o = resolveOptions(options);
  const frame = buildMunicipalityFrame(o.seed, o.municipalities, o.year);
  const perMunicipality = householdsPerMunicipality(
    o.households,
    frame.inhabitants,
    o.minHouseholdsPerMunicipality,
  );
  const volumeEffects = frame.volumeEffectZ.map((z) => z * o.volumeEffectSd);
  const priceEffects = frame.priceEffectZ.map((z) => z * o.priceEffectSd);
  const generated = generateRows(frame, perNeighbourhood(frame, perMunicipality), o.seed, {
    volume: TRUE_VOLUME,
    lks: TRUE_LKS,
    price: TRUE_PRICE,
    volumeEffects,
    priceEffects,
  });
  const cov = generated.covariates;
  const rows = cov.norm.length;
  const { factors, numeric } = householdColumns(frame, generated);
  const columns = (): Record<string, HouseholdColumn> => ({ ...numeric, ...factors });
  const volumeEffectsTwoYearsBefore = frame.volumeEffectZTwoYearsBefore.map((z) => z * o.volumeEffectSd);
  const priceEffectsTwoYearsBefore = frame.priceEffectZTwoYearsBefore.map((z) => z * o.priceEffectSd);
  const sums = drawOutcomes(
    columns(),
    {
      municipality: cov.municipality,
      norm: cov.norm,
      receipt: numeric.receipt,
      lks: numeric.lks,
      fraction: numeric.fraction,
      benefit: numeric.benefit,
    },
    {
      volume: TRUE_VOLUME,
      price: TRUE_PRICE,
      lks: TRUE_LKS,
      volumeEffects,
      priceEffects,
      fullBenefitWeight: o.fullBenefitWeight,
      precision: o.fractionPrecision,
    },
    frame.count,
    o.seed,
    o.year,
    generated.outcome,
  );
  const nbMunicipality = new Uint16Array(frame.nbIds.length);
  for (let i = 0; i < frame.count; i++) nbMunicipality.fill(i, frame.nbStart[i], frame.nbStart[i + 1]);
  return {
    options: o,
    year: o.year,
    rows,
    factors,
    numeric,
    municipalities: buildMunicipalityTable(frame, perMunicipality, sums, o.nationalHouseholds, o.seed, {
      volume: volumeEffects,
      price: priceEffects,
      volumeTwoYearsBefore: volumeEffectsTwoYearsBefore,
      priceTwoYearsBefore: priceEffectsTwoYearsBefore,
    }),
    neighbourhoods: {
      id: frame.nbIds,
      municipality: nbMunicipality,
      nuisance: frame.nbNuisance,
      workNotNorm: Uint8Array.from(frame.nbDeprivation, (d) => (d > WORK_NOT_NORM_THRESHOLD ? 1 : 0)),
    },
    truth: {
      reference: referenceLevels,
      volume: {
        terms: volumeTerms,
        reference: volumeReference,
        coefficients: TRUE_VOLUME,
        municipalityEffectSd: o.volumeEffectSd,
        municipalityEffects: Array.from(volumeEffects),
      },
      price: {
        terms: priceTerms,
        reference: priceReference,
        coefficients: TRUE_PRICE,
        municipalityEffectSd: o.priceEffectSd,
        municipalityEffects: Array.from(priceEffects),
        fullBenefitWeight: o.fullBenefitWeight,
        precision: o.fractionPrecision,
      },
      lks: { terms: lksTerms, reference: {}, coefficients: TRUE_LKS },
    },
    columns,
  };
}
