/**
 * Composition tables behind the synthetic households: base shares of household types and migration
 * backgrounds with their loadings on urbanity and neighbourhood deprivation, and head-of-household
 * age distributions per type. Values are rough public orders of magnitude (DOMAIN 6b, EXTERNAL),
 * tuned so that the G4 carry their published weight; they are not statistics of any real year.
 */
import { HHTYPE_LEVELS, MIGRATION_LEVELS } from './levels.js';

/** Shares and loadings of one category: probability ∝ share · exp(urban · (u − 0.5) + deprived · d). */
interface Profile {
  readonly share: number;
  readonly urban: number;
  readonly deprived: number;
}

/** Household types in {@link HHTYPE_LEVELS} order. */
export const HHTYPE_PROFILE: readonly Profile[] = [
  { share: 0.37, urban: 1.0, deprived: 0.25 },
  { share: 0.01, urban: 0.3, deprived: 0.5 },
  { share: 0.018, urban: 0.3, deprived: 0.5 },
  { share: 0.016, urban: 0.2, deprived: 0.45 },
  { share: 0.024, urban: 0, deprived: 0.35 },
  { share: 0.002, urban: 0.2, deprived: 0.3 },
  { share: 0.004, urban: 0.2, deprived: 0.3 },
  { share: 0.005, urban: 0.1, deprived: 0.25 },
  { share: 0.008, urban: 0, deprived: 0.2 },
  { share: 0.2, urban: -0.6, deprived: -0.25 },
  { share: 0.06, urban: -0.8, deprived: -0.2 },
  { share: 0.25, urban: -0.5, deprived: -0.2 },
  { share: 0.02, urban: -0.3, deprived: 0.2 },
  { share: 0.013, urban: 0.8, deprived: 0.2 },
];

const NW = { urban: 2.0, deprived: 0.6 };
const REFUGEE = { urban: 1.2, deprived: 0.7 };

/** Migration backgrounds in {@link MIGRATION_LEVELS} order. */
export const MIGRATION_PROFILE: readonly Profile[] = [
  { share: 0.76, urban: 0, deprived: 0 },
  { share: 0.01875, ...NW },
  { share: 0.0165, ...NW },
  { share: 0.00675, ...NW },
  { share: 0.0165, ...NW },
  { share: 0.0015, ...NW },
  { share: 0.00225, ...REFUGEE },
  { share: 0.0045, ...NW },
  { share: 0.0015, ...REFUGEE },
  { share: 0.00225, ...REFUGEE },
  { share: 0.0045, ...REFUGEE },
  { share: 0.0015, ...NW },
  { share: 0.004, urban: 1.5, deprived: 0 },
  { share: 0.004, urban: 2, deprived: -0.3 },
  { share: 0.015, ...NW },
  { share: 0.004, urban: 0.6, deprived: 0.2 },
  { share: 0.006, urban: 0.5, deprived: 0.1 },
  { share: 0.1, urban: 1, deprived: -0.1 },
];

/** Household-type contribution to the latent disadvantage that drives education, housing and health. */
export const HHTYPE_DISADVANTAGE: readonly number[] = [
  0.2, 0.5, 0.45, 0.4, 0.3, 0.3, 0.25, 0.2, 0.15, -0.25, -0.2, -0.2, 0.1, 0.2,
];

/**
 * Age band of the head (or, for `adult_child_at_home`, of the adult child) per household type.
 * Bands: 0 = 18-20, 1 = 20-25, 2 = 25-30, 3 = 30-40, 4 = 40-50, 5 = 50 to AOW age, 6 = AOW age and over.
 */
export const HEAD_AGE: readonly (readonly number[])[] = [
  [0.02, 0.08, 0.1, 0.15, 0.12, 0.25, 0.28],
  [0.01, 0.1, 0.22, 0.5, 0.15, 0.02, 0],
  [0, 0.02, 0.08, 0.45, 0.38, 0.07, 0],
  [0, 0, 0.01, 0.2, 0.55, 0.24, 0],
  [0, 0, 0, 0.02, 0.25, 0.6, 0.13],
  [0.01, 0.1, 0.22, 0.5, 0.15, 0.02, 0],
  [0, 0.02, 0.08, 0.45, 0.38, 0.07, 0],
  [0, 0, 0.01, 0.2, 0.55, 0.24, 0],
  [0, 0, 0, 0.02, 0.25, 0.6, 0.13],
  [0, 0.01, 0.05, 0.42, 0.4, 0.12, 0],
  [0, 0, 0, 0.01, 0.2, 0.7, 0.09],
  [0, 0.03, 0.1, 0.1, 0.07, 0.3, 0.4],
  [0.25, 0.45, 0.22, 0.08, 0, 0, 0],
  [0.05, 0.2, 0.2, 0.15, 0.1, 0.15, 0.15],
];

/** Age band of an adult child living at home (household types with youngest child 18+). */
export const ADULT_CHILD_AGE: readonly number[] = [0.25, 0.45, 0.2, 0.1, 0, 0, 0];

/** Age band of the parents of an `adult_child_at_home` household. */
export const PARENT_AGE: readonly number[] = [0, 0, 0, 0, 0.2, 0.75, 0.05];

/** Household structure per type: 0 = single adult, 1 = single parent, 2 = couple, 3 = adult child, 4 = other. */
export const HHTYPE_KIND: readonly number[] = [0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 3, 4];

/** Whether the type has a child aged 18+ at home. */
export const HAS_ADULT_CHILD: readonly boolean[] = HHTYPE_LEVELS.map((t) => t.endsWith('_18p'));

/** Coarse household group for the price model: single, single_parent, couple, other. */
export const HHGROUP_OF_TYPE: readonly number[] = [0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 3, 3];

/** 1 for the non-Western migration levels. */
export const NON_WESTERN_FLAG: readonly number[] = MIGRATION_LEVELS.map((_, g) =>
  g >= 1 && g <= 14 ? 1 : 0,
);

/** Convert a probability row to a cumulative one (last entry exactly 1). */
export function cumulative(p: readonly number[]): Float64Array {
  const out = new Float64Array(p.length);
  const total = p.reduce((a, b) => a + b, 0);
  let acc = 0;
  for (let k = 0; k < p.length; k++) {
    acc += p[k]! / total;
    out[k] = acc;
  }
  out[p.length - 1] = 1;
  return out;
}
