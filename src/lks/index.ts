/**
 * LKS (loonkostensubsidie, wage-cost subsidy) trajectories: from CBS SRG re-integration records
 * to cleaned trajectories, the LKS price, monthly municipal panels and the inference of the 2026
 * evaluation (seed 004, chapters 3–5 and Annex I).
 *
 * @packageDocumentation
 */
// The library's error classes, so every subpath can catch what it throws.
export * from '../errors.js';
export {
  LKS_POOLS,
  type LksPlaceboPoolsOptions,
  type LksPlaceboPoolsResult,
  type LksPoolResult,
  type LksPoolRow,
  type LksPoolVariant,
  lksPlaceboPools,
} from './donor-pools.js';
export {
  type PlaceboGroupPeriod,
  type PlaceboGroupRun,
  type PlaceboGroupStatistic,
  type PlaceboGroupsOptions,
  type PlaceboGroupsParallelOptions,
  type PlaceboGroupsResult,
  placeboGroups,
  placeboGroupsParallel,
} from './placebo-groups.js';
