/**
 * The true parameters of the synthetic households. Values are invented but plausible (signs and
 * rough sizes as in the published model tables), chosen so that the aggregates hit DOMAIN 6b:
 * about 5 % of households on bijstand, concentrated in the big cities, and a mean benefit of about
 * €15,500 per recipient household.
 */

/** True coefficients keyed by GLM term name (`'(Intercept)'`, `'col'`, `'col[level]'`, `'a:b'`). */
export type TrueCoefficients = Readonly<Record<string, number>>;

/** True volume model: `logit P(receipt) = x'β + u_municipality`. */
export const TRUE_VOLUME: TrueCoefficients = {
  '(Intercept)': -4.41,
  'hhtype[single_mother_lt5]': 2.2,
  'hhtype[single_mother_5_12]': 1.9,
  'hhtype[single_mother_12_18]': 1.5,
  'hhtype[single_mother_18p]': 0.6,
  'hhtype[single_father_lt5]': 1.3,
  'hhtype[single_father_5_12]': 1.1,
  'hhtype[single_father_12_18]': 0.9,
  'hhtype[single_father_18p]': 0.3,
  'hhtype[couple_children_lt18]': -0.6,
  'hhtype[couple_children_18p]': -1.3,
  'hhtype[couple_no_children]': -1.2,
  'hhtype[adult_child_at_home]': -0.4,
  'hhtype[other]': 0.2,
  age_20_25: 0.3,
  age_25_30: 0.35,
  age_30_40: 0.3,
  age_40_50: 0.35,
  age_50_aow: 0.5,
  corporation_dwelling: 1.1,
  caravan_pitch: 0.8,
  'migration[turkish]': 0.7,
  'migration[surinamese]': 0.8,
  'migration[antillean]': 1.1,
  'migration[moroccan]': 0.9,
  'migration[ghanaian]': 0.6,
  'migration[somali_eritrean]': 2.0,
  'migration[other_african]': 1.0,
  'migration[afghan]': 1.4,
  'migration[iraqi]': 1.5,
  'migration[syrian]': 2.2,
  'migration[iranian]': 0.9,
  'migration[chinese]': -0.1,
  'migration[indian]': -0.6,
  'migration[other_non_western]': 0.8,
  'migration[former_yugoslav]': 0.5,
  'migration[former_soviet]': 0.3,
  'migration[other_western]': 0.1,
  low_hci: 0.8,
  mid_high_hci: -0.7,
  special_education: 1.0,
  care_costs_high: 0.4,
  ggz: 0.7,
  med_psych: 0.6,
  med_groups_4_6: 0.3,
  med_groups_6_8: 0.45,
  med_groups_8p: 0.6,
  'non_western:age_50_aow': 0.3,
  'non_western:health_problems': -0.2,
  'low_hci:health_problems': 0.25,
  wealth_above_limit: -2.2,
  home_equity: -1.5,
  student: -0.8,
  ww: -0.9,
  ao_15_80: -0.6,
  ao_80_100: -1.4,
  anw: -0.5,
  other_benefit: -0.6,
  pension: -2.0,
  work_availability: -0.15,
  work_not_norm: 1.5,
  nuisance: 0.8,
};

/**
 * True price model: the mean fraction of the norm paid, `E[f] = logistic(x'γ + v_municipality)`.
 * Fractions are drawn as a mixture whose mean is exactly this.
 */
export const TRUE_PRICE: TrueCoefficients = {
  '(Intercept)': 2.3,
  'hhgroup[single_parent]': -0.3,
  'hhgroup[couple]': -0.5,
  'hhgroup[other]': -0.2,
  age_20_25: -0.3,
  age_50_aow: 0.3,
  non_western: 0.1,
  low_hci: 0.2,
  mid_high_hci: -0.3,
  health_problems: 0.3,
  benefit_any: -1.2,
  student: -0.4,
  lks: -0.6,
  corporation_dwelling: 0.1,
  work_availability: -0.05,
  low_skilled_work: -0.1,
};

/** True logit of LKS (wage-cost subsidy) receipt among recipients. */
export const TRUE_LKS: TrueCoefficients = {
  '(Intercept)': -3.6,
  age_20_25: 0.7,
  age_25_30: 0.4,
  special_education: 1.5,
  health_problems: 0.3,
  low_hci: 0.3,
  work_availability: 0.2,
};
