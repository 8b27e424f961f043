import { SpecError } from '../errors.js';
import { AGE_COLUMNS, INCOME_COLUMNS } from '../generate/levels.js';
import type { GlmFit } from '../glm/types.js';

/** A feature group ("kenmerkgroep"): a name and the model terms (as in the models' `x`) that belong to it. */
export interface FeatureGroup {
  /** Name shown in results and charts, e.g. `'health'`. */
  readonly name: string;
  /** Term labels of the volume and/or price model: `'hhtype'`, `'age_20_25'`, `'low_hci:health_problems'`. */
  readonly terms: readonly string[];
}

/**
 * The eight feature groups of S0 ch.3 / DOMAIN A.3 for the terms of the built-in synthetic data (the
 * generator's `volumeTerms` and `priceTerms`): household type (with housing and the price model's merged
 * household group), age, migration (with non-Western × age 50+), education, health (with the two
 * health interactions), not-entitled / other income (with the price model's LKS indicator), regional
 * (availability of work, of low-skilled work) and neighbourhood (work not the norm, nuisance). Where a
 * term could go in two groups (the interactions, housing, LKS) this assignment is our choice.
 */
export const SYNTHETIC_FEATURE_GROUPS: readonly FeatureGroup[] = [
  { name: 'household type', terms: ['hhtype', 'hhgroup', 'corporation_dwelling', 'caravan_pitch'] },
  { name: 'age', terms: AGE_COLUMNS },
  { name: 'migration', terms: ['migration', 'non_western', 'non_western:age_50_aow'] },
  { name: 'education', terms: ['low_hci', 'mid_high_hci', 'special_education'] },
  {
    name: 'health',
    terms: [
      'care_costs_high',
      'ggz',
      'med_psych',
      'med_groups_4_6',
      'med_groups_6_8',
      'med_groups_8p',
      'health_problems',
      'non_western:health_problems',
      'low_hci:health_problems',
    ],
  },
  {
    name: 'not entitled',
    terms: [...INCOME_COLUMNS, 'pension', 'benefit_any', 'lks'],
  },
  { name: 'regional', terms: ['work_availability', 'low_skilled_work'] },
  { name: 'neighbourhood', terms: ['work_not_norm', 'nuisance'] },
];

/** Name of the automatic group of the fits' terms that no given group names. */
export const OTHER_TERMS_GROUP = 'other terms';

/** Largest number of groups for the Shapley average over orders (2^8 = 256 re-predictions). */
export const MAX_SHAPLEY_GROUPS = 8;

/** The term labels of a fit (its layout's terms, as written in the model's `x`). @internal */
export function termLabels(fit: GlmFit): string[] {
  return fit.layout.terms.map((t) => t.label);
}

/**
 * Check the feature groups against the terms of the fits: names unique and non-empty, every term a
 * term of at least one fit and in one group only. Terms of the fits that no group names form one more
 * group {@link OTHER_TERMS_GROUP}, so the groups together move every term. With `defaults`, terms no fit
 * has are left out (and groups left empty dropped) instead of being an error. @internal
 */
export function resolveFeatureGroups(
  groups: unknown,
  fits: readonly { readonly name: string; readonly fit: GlmFit }[],
  defaults: boolean,
  where: string,
): FeatureGroup[] {
  const known = new Set<string>();
  for (const { fit } of fits) for (const t of termLabels(fit)) known.add(t);
  if (!Array.isArray(groups)) {
    throw new SpecError('invalid-option', `${where}: groups must be an array of { name, terms }`, {
      option: 'groups',
    });
  }
  const names = new Set<string>();
  const owner = new Map<string, string>();
  const out: FeatureGroup[] = [];
  for (const [k, g] of groups.entries()) {
    const name: unknown = g !== null && typeof g === 'object' ? (g as FeatureGroup).name : undefined;
    const terms: unknown = g !== null && typeof g === 'object' ? (g as FeatureGroup).terms : undefined;
    if (typeof name !== 'string' || name === '' || !Array.isArray(terms)) {
      throw new SpecError(
        'invalid-option',
        `${where}: groups[${k}] must be { name: a non-empty text, terms: an array of term names }`,
        { option: 'groups' },
      );
    }
    if (names.has(name) || name === OTHER_TERMS_GROUP) {
      throw new SpecError(
        'invalid-option',
        `${where}: group name '${name}' is ${name === OTHER_TERMS_GROUP ? 'reserved for the terms no group names' : 'used twice'}; give each group its own name`,
        { option: 'groups' },
      );
    }
    names.add(name);
    const kept: string[] = [];
    for (const term of terms) {
      if (typeof term !== 'string') {
        throw new SpecError('invalid-option', `${where}: group '${name}' has a term that is not text`, {
          option: 'groups',
        });
      }
      if (!known.has(term)) {
        if (defaults) continue;
        const list = [...known];
        throw new SpecError(
          'unknown-term',
          `${where}: group '${name}' names term '${term}', which is not a term of ${fits.map((f) => f.name).join(', ')} ` +
            `(their terms: ${list.slice(0, 12).join(', ')}${list.length > 12 ? `, … ${list.length - 12} more` : ''}); use the terms as written in the models' x`,
          { option: 'groups' },
        );
      }
      const first = owner.get(term);
      if (first !== undefined) {
        throw new SpecError(
          'invalid-option',
          `${where}: term '${term}' is in group '${first}' and in group '${name}'; put each term in one group`,
          { option: 'groups' },
        );
      }
      owner.set(term, name);
      kept.push(term);
    }
    if (kept.length > 0 || !defaults) out.push({ name, terms: kept });
  }
  const rest = [...known].filter((t) => !owner.has(t));
  if (rest.length > 0) out.push({ name: OTHER_TERMS_GROUP, terms: rest });
  return out;
}
