// The library's error classes, so every subpath can catch what it throws.
export * from '../errors.js';
export {
  type AllocationPipelineOptions,
  type AllocationPipelineResult,
  type BudgetYearRun,
  runAllocationPipeline,
} from './run-allocation-pipeline.js';
