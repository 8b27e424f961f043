export type { SynthContext, SyntheticControlOptions, UnitId } from './context.js';
export type { BalanceRow, SynthDiagnostic, SynthFit, VSearchReport } from './fit-synth.js';
export type { MissingPredictorValue, PredictorSpec, SynthPredictor } from './predictors.js';
export type { Panel, PanelInput, SynthTime } from './read-panel.js';
export {
  type SimplexLeastSquaresOptions,
  type SimplexLeastSquaresResult,
  simplexLeastSquares,
} from './simplex-least-squares.js';
export { type SyntheticControlResult, summarizeSynth, syntheticControl } from './synthetic-control.js';
export type { VSearchStart, VStarts } from './v-search.js';
