/**
 * verdeelmodel: the statistical toolkit behind the Dutch social-assistance (bijstand/BUIG)
 * allocation model. Each capability is also available as a subpath export
 * (`verdeelmodel/glm`, `verdeelmodel/synth`, ...).
 *
 * @packageDocumentation
 */

// data
export {
  type ArqueroLike,
  type ColumnInput,
  type ColumnRecord,
  type DataInput,
  type FactorInput,
  type Frame,
  toFrame,
} from './data/index.js';
// errors
export {
  AliasingError,
  ConvergenceError,
  DataError,
  type DataErrorCode,
  SeparationError,
  SpecError,
  VerdeelmodelError,
} from './errors.js';

// glm
export {
  type FamilyName,
  fitGlm,
  fractionalLogit,
  type Glance,
  type GlmFit,
  type GlmSpec,
  type LinearHypothesis,
  logit,
  type ModelSpec,
  ols,
  type Prediction,
  type PredictOptions,
  parseHypothesis,
  stars,
  type TidyOptions,
  type TidyRow,
  type VcovType,
  type WaldTestResult,
  waldTest,
} from './glm/index.js';

// generate

// volume

// price

// allocation

// synth

// outliers

// report
