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
  type CleanedTrajectories,
  type CleaningReport,
  type CleaningRuleCount,
  type CleaningRuleName,
  type CleanTrajectoriesOptions,
  cleanTrajectories,
} from './clean-trajectories.js';
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
  type GeneratedMunicipalities,
  type GeneratedTrajectories,
  type GenerateTrajectoriesOptions,
  generateTrajectories,
  type TrajectoryMessRates,
} from './generate-trajectories.js';
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
export {
  TRAJECTORY_PANEL_COLUMNS,
  type TrajectoryPanel,
  type TrajectoryPanelOptions,
  trajectoryPanel,
} from './trajectory-panel.js';
export { LKS_SCHEMES, type LksScheme, type Trajectory, type TrajectoryRecord } from './types.js';
export {
  type LksPriceInput,
  type LksPriceOptions,
  lksPrice,
  SECTOR_NORMAL_HOURS,
  WML_2019_2024,
  type WmlIndex,
  type WmlIndexOptions,
  type WmlTable,
  wmlIndex,
  wmlTable,
} from './wml.js';
