/**
 * verdeelmodel: the statistical toolkit behind the Dutch social-assistance (bijstand/BUIG)
 * allocation model. Each capability is also available as a subpath export
 * (`verdeelmodel/glm`, `verdeelmodel/synth`, ...).
 *
 * @packageDocumentation
 */

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

// data

// glm

// generate

// volume

// price

// allocation

// synth

// outliers

// report
