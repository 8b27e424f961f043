// The library's error classes, so every subpath can catch what it throws.
export * from '../errors.js';
export { type ClusterLogitsOptions, type ClusterLogitTable, clusterLogits } from './cluster-logits.js';
export type { SynthContext, SyntheticControlOptions, UnitId } from './context.js';
export { type DispersionOptions, type DispersionRow, dispersion, quantileType7 } from './dispersion.js';
export type { BalanceRow, SynthDiagnostic, SynthFit, VSearchReport } from './fit-synth.js';
export { type LksDonorPool, type LksDonorPoolOptions, lksDonorPool } from './lks-donor-pool.js';
export {
  type PeriodPValue,
  type PlaceboInSpaceDiagnostic,
  type PlaceboInSpaceOptions,
  type PlaceboInSpaceParallelOptions,
  type PlaceboInSpaceResult,
  type PlaceboPool,
  type PlaceboRun,
  placeboInSpace,
  placeboInSpaceParallel,
} from './placebo-in-space.js';
export type { MissingPredictorValue, PredictorSpec, SynthPredictor } from './predictors.js';
export { type MovingAverageOptions, movingAverage, ratePer10k } from './rates.js';
export type { Panel, PanelInput, SynthTime } from './read-panel.js';
export {
  type LeaveOneOutResult,
  type LeaveOneOutRun,
  leaveOneOut,
  type PlaceboInTimeOptions,
  placeboInTime,
} from './robustness.js';
export type { RunInfo } from './run-fits.js';
export {
  type ClusterProfile,
  type SequenceClustersOptions,
  type SequenceClustersResult,
  sequenceClusters,
} from './sequence-clusters.js';
export {
  type DistanceMatrix,
  type DynamicHammingOptions,
  dynamicHammingDistance,
  SEQUENCE_STATES,
  type SequenceStatesOptions,
  type StateSequences,
  sequenceStates,
} from './sequences.js';
export {
  type SimplexLeastSquaresOptions,
  type SimplexLeastSquaresResult,
  simplexLeastSquares,
} from './simplex-least-squares.js';
export { type SimulateSynthPanelOptions, simulateSynthPanel } from './simulate-panel.js';
export { type SyntheticControlResult, summarizeSynth, syntheticControl } from './synthetic-control.js';
export { type TrendBreakOptions, type TrendBreakResult, trendBreakTest } from './trend-break.js';
export type { VSearchStart, VStarts } from './v-search.js';
export { cutTree, type WardTree, wardClustering } from './ward.js';
