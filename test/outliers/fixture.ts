/** Loads the R reference values made by test/fixtures/outliers/make-fixtures.R. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface CoefficientRef {
  estimate: number;
  stdError: number;
  statistic: number;
  pValue: number;
  stars: string;
}

export interface OutliersFixture {
  meta: { R: string; packages: Record<string, string>; seed: number };
  panel: Record<'municipality' | 'year' | 'budget' | 'spending' | 'population', (string | number)[]>;
  selection: {
    municipalities: {
      municipality: string[];
      population: number[];
      meanBalance: number[];
      sumAbsoluteBalance: number[];
      cumulativeBalance: number[];
      cumulativeAmount: number[];
    };
    excluded: string[];
    deficit: string[];
    surplus: string[];
    deficitCumulative: string[];
    surplusCumulative: string[];
    comparison: string[];
    classes: {
      sizeClass: string;
      deficit: number;
      surplus: number;
      comparison: number;
      candidates: number;
    }[];
  };
  // The columns the tests name, then any others the R script adds.
  features: Record<'municipality' | 'movingIndex' | 'rkp', (string | number)[]> &
    Record<string, (string | number)[]>;
  groups: { deficit: string[]; surplus: string[]; comparison: string[] };
  comparisons: {
    indicator: string;
    controls: string[];
    vcov: 'model' | 'HC0' | 'HC1';
    comparisonMean: number;
    comparisonSd: number;
    nobs: number;
    dfResidual: number;
    deficit: CoefficientRef;
    surplus: CoefficientRef;
    difference: {
      estimate: number;
      stdError: number;
      statistic: number;
      df1: number;
      df2: number;
      pValue: number;
      stars: string;
    };
  }[];
  outliers: { indicator: string; municipality: string; z: number; outlier: boolean }[];
  explained: {
    data: { municipality: string[]; year: number[]; volume: number[]; inflow: (number | null)[] };
    yearly: {
      year: number;
      n: number;
      r2: number;
      deficitMean: number;
      surplusMean: number;
      nDeficit: number;
      nSurplus: number;
    }[];
    period: { n: number; r2: number; deficitMean: number; surplusMean: number };
    pooled: { n: number; r2: number };
  };
  segregation: { group: number[]; other: number[]; si: number; vi: number }[];
}

export const fixture: OutliersFixture = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../fixtures/outliers/outliers.json'), 'utf8'),
);

/** Relative closeness with an absolute floor for values near zero. */
export function expectClose(actual: number, expected: number, rel: number, label = ''): void {
  const tol = rel * Math.max(1, Math.abs(expected));
  if (!(Math.abs(actual - expected) <= tol)) {
    throw new Error(`${label}: ${actual} differs from R ${expected} by more than ${tol}`);
  }
}
