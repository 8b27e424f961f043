export {
  type AllocationPipelineOptions,
  type AllocationPipelineResult,
  type BudgetYearRun,
  runAllocationPipeline,
} from './run-allocation-pipeline.js';
