// The library's error classes, so every subpath can catch what it throws.
export * from '../errors.js';
export { fitPriceModel, type PriceModel, type PriceModelOptions } from './fit-price-model.js';
export {
  fitSpendingModel,
  SPENDING_FRACTION,
  type SpendingModel,
  type SpendingModelOptions,
} from './fit-spending-model.js';
export {
  type JointMunicipalitySpending,
  type MunicipalitySpending,
  type PredictSpendingOptions,
  predictSpending,
} from './predict-spending.js';
