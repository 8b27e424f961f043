import { DEFAULT_SIZE_CLASSES } from '../allocation/size-classes.js';
/**
 * Level lists, column names and default model terms of the synthetic household data. Term names
 * follow the GLM engine: `'(Intercept)'`, a numeric or 0/1 column by its name, a factor dummy as
 * `'column[level]'` and an interaction as `'a:b'`.
 */

/**
 * Household types ("huishoudtypen", DOMAIN A.3 item 1): the 13 listed types plus the single-person
 * household ("alleenstaande"), the reference. Single mothers/fathers are split by the age of the
 * youngest child (<5, 5-12, 12-18, 18+); couples by youngest child <18, 18+ or no children.
 */
export const HHTYPE_LEVELS = [
  'single',
  'single_mother_lt5',
  'single_mother_5_12',
  'single_mother_12_18',
  'single_mother_18p',
  'single_father_lt5',
  'single_father_5_12',
  'single_father_12_18',
  'single_father_18p',
  'couple_children_lt18',
  'couple_children_18p',
  'couple_no_children',
  'adult_child_at_home',
  'other',
] as const;

/** A household type level. */
export type HouseholdType = (typeof HHTYPE_LEVELS)[number];

/**
 * Migration background of the household ("migratieachtergrond", DOMAIN A.3 item 4): `'dutch'`
 * (the reference) and the 17 groups of the model.
 */
export const MIGRATION_LEVELS = [
  'dutch',
  'turkish',
  'surinamese',
  'antillean',
  'moroccan',
  'ghanaian',
  'somali_eritrean',
  'other_african',
  'afghan',
  'iraqi',
  'syrian',
  'iranian',
  'chinese',
  'indian',
  'other_non_western',
  'former_yugoslav',
  'former_soviet',
  'other_western',
] as const;

/** A migration-background level. */
export type MigrationBackground = (typeof MIGRATION_LEVELS)[number];

/** Migration groups counted as non-Western (CBS classification before 2022); used by the interactions. */
export const NON_WESTERN_LEVELS: readonly MigrationBackground[] = MIGRATION_LEVELS.slice(1, 15);

/**
 * Household types merged to coarser groups for the price model (S2: "features are merged to coarser
 * levels so that each weight rests on enough bijstand households").
 */
export const HHGROUP_LEVELS = ['single', 'single_parent', 'couple', 'other'] as const;

/** Size classes ("grootteklassen") of S0, labelled as the allocation module labels them. */
export const SIZE_CLASS_LEVELS = DEFAULT_SIZE_CLASSES.labels;

/**
 * Reference levels of the volume model's factors, to pass as its `reference` option (the GLM engine
 * rejects references for factors that are not in the model, so the price model has its own).
 */
export const volumeReference: Readonly<Record<'hhtype' | 'migration', string>> = {
  hhtype: 'single',
  migration: 'dutch',
};

/** Reference level of the price model's factor (the merged household group). */
export const priceReference: Readonly<Record<'hhgroup', string>> = { hhgroup: 'single' };

/** All reference levels of the categorical columns: {@link volumeReference} and {@link priceReference}. */
export const referenceLevels: Readonly<Record<'hhtype' | 'migration' | 'hhgroup', string>> = {
  ...volumeReference,
  ...priceReference,
};

/** Member-in-band age indicators (DOMAIN A.3 item 2; overlapping, baseline = no member in a listed band). */
export const AGE_COLUMNS = ['age_20_25', 'age_25_30', 'age_30_40', 'age_40_50', 'age_50_aow'] as const;

/**
 * Education and care-use indicators, in model order: one list for the volume terms and the indicator
 * columns, so that a new one cannot be added to one and forgotten in the other.
 */
const EDUCATION_CARE_COLUMNS = [
  'low_hci',
  'mid_high_hci',
  'special_education',
  'care_costs_high',
  'ggz',
  'med_psych',
  'med_groups_4_6',
  'med_groups_6_8',
  'med_groups_8p',
] as const;

/** Not-entitled and other-income indicators, in model order (volume terms and indicator columns alike). */
export const INCOME_COLUMNS = [
  'wealth_above_limit',
  'home_equity',
  'student',
  'ww',
  'ao_15_80',
  'ao_80_100',
  'anw',
  'other_benefit',
] as const;

/**
 * Default terms of the volume model (logit of `receipt`), in DOMAIN A.3 order: household type, age bands,
 * housing, migration background, education, care use, the three interactions ("stapeling"), the
 * not-entitled / other-income indicators and the regional variables. With the intercept this is 62
 * coefficients.
 */
export const volumeTerms: readonly string[] = [
  'hhtype',
  ...AGE_COLUMNS,
  'corporation_dwelling',
  'caravan_pitch',
  'migration',
  ...EDUCATION_CARE_COLUMNS,
  'non_western:age_50_aow',
  'non_western:health_problems',
  'low_hci:health_problems',
  ...INCOME_COLUMNS,
  'pension',
  'work_availability',
  'work_not_norm',
  'nuisance',
];

/**
 * Default terms of the price model (fractional logit of `fraction` on recipients): merged household
 * groups and a few features, plus the price-only LKS indicator and availability of low-skilled work
 * (DOMAIN B.2). With the intercept this is 16 coefficients.
 */
export const priceTerms: readonly string[] = [
  'hhgroup',
  'age_20_25',
  'age_50_aow',
  'non_western',
  'low_hci',
  'mid_high_hci',
  'health_problems',
  'benefit_any',
  'student',
  'lks',
  'corporation_dwelling',
  'work_availability',
  'low_skilled_work',
];

/**
 * Default terms of the joint spending model (`fitSpendingModel`: benefit / norm on every household):
 * the volume terms plus the price terms that are household features and not yet among them. The
 * price model's `hhgroup` and `non_western` are left out (coarsenings of `hhtype` and `migration`,
 * so collinear with them), and so is `lks` (an outcome: only recipients can have a wage-cost subsidy).
 */
export const spendingTerms: readonly string[] = [
  ...volumeTerms,
  ...priceTerms.filter((t) => !['hhgroup', 'non_western', 'lks'].includes(t) && !volumeTerms.includes(t)),
];

/** Terms of the (logit) model that draws LKS receipt among recipients. */
export const lksTerms: readonly string[] = [
  'age_20_25',
  'age_25_30',
  'special_education',
  'health_problems',
  'low_hci',
  'work_availability',
];

/** The 0/1 indicator columns (stored as `Uint8Array`). */
export const INDICATOR_COLUMNS = [
  ...AGE_COLUMNS,
  'corporation_dwelling',
  'caravan_pitch',
  'non_western',
  ...EDUCATION_CARE_COLUMNS,
  'health_problems',
  ...INCOME_COLUMNS,
  'benefit_any',
  'pension',
  'receipt',
  'lks',
] as const;

/** Name of a 0/1 indicator column. */
export type IndicatorColumn = (typeof INDICATOR_COLUMNS)[number];

/** Regional and municipal numeric columns attached to every household (stored as `Float32Array`). */
export const REGIONAL_COLUMNS = [
  'work_availability',
  'work_not_norm',
  'nuisance',
  'low_skilled_work',
  'inhabitants',
  'inhabitants_15_65',
  'population_growth',
] as const;

/** Name of a regional numeric column. */
export type RegionalColumn = (typeof REGIONAL_COLUMNS)[number];

/** Names of the factor (categorical) columns. */
export const FACTOR_COLUMNS = [
  'municipality',
  'neighbourhood',
  'size_class',
  'hhtype',
  'hhgroup',
  'migration',
] as const;

/** Name of a factor column. */
export type FactorColumnName = (typeof FACTOR_COLUMNS)[number];
