export type { SynthContext, SyntheticControlOptions, UnitId } from './context.js';
export type { BalanceRow, SynthDiagnostic, SynthFit, VSearchReport } from './fit-synth.js';
export {
  type PeriodPValue,
  type PlaceboInSpaceOptions,
  type PlaceboInSpaceParallelOptions,
  type PlaceboInSpaceResult,
  type PlaceboRun,
  placeboInSpace,
  placeboInSpaceParallel,
} from './placebo-in-space.js';
export type { MissingPredictorValue, PredictorSpec, SynthPredictor } from './predictors.js';
export type { Panel, PanelInput, SynthTime } from './read-panel.js';
export type { RunInfo } from './run-fits.js';
export {
  type SimplexLeastSquaresOptions,
  type SimplexLeastSquaresResult,
  simplexLeastSquares,
} from './simplex-least-squares.js';
export { type SyntheticControlResult, summarizeSynth, syntheticControl } from './synthetic-control.js';
export type { VSearchStart, VStarts } from './v-search.js';
