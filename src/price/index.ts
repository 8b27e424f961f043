export { fitPriceModel, type PriceModel, type PriceModelOptions } from './fit-price-model.js';
export {
  type MunicipalitySpending,
  type PredictSpendingOptions,
  predictSpending,
} from './predict-spending.js';
