/**
 * The work the browser test runs twice, in Node (vitest) and in a Chromium page (bundled from
 * this file by esbuild with the browser platform module): a Mroz logit, a budget allocation,
 * a synthetic control and an outlier check. It returns plain JSON, so the two runs compare
 * number for number.
 */
import {
  allocateBudget,
  allocationBySizeClass,
  type MunicipalityBudgetInput,
} from '../../src/allocation/index.js';
import { logit } from '../../src/glm/index.js';
import { flagOutliers } from '../../src/outliers/index.js';
import { placeboInSpaceParallel, simulateSynthPanel, syntheticControl } from '../../src/synth/index.js';

/** What the page gets: the Mroz columns and the logit's regressors (Wooldridge Example 17.1). */
export interface CoreInput {
  readonly mroz: Record<string, number[]>;
  readonly y: string;
  readonly x: readonly string[];
}

/** Twelve municipalities with fixed, made-up figures across the size classes. */
function municipalities(): MunicipalityBudgetInput[] {
  const sizes = [
    4_800, 9_500, 16_000, 22_000, 31_000, 44_000, 58_000, 76_000, 99_000, 140_000, 230_000, 560_000,
  ];
  return sizes.map((inhabitants, i) => ({
    municipality: `GM${String(100 + i * 7).padStart(4, '0')}`,
    inhabitants,
    // Spending per inhabitant rising with size, with a wobble so shares move between years.
    predictedSpending: inhabitants * (180 + 11 * i + (i % 3) * 17.25),
    spendingTwoYearsEarlier: inhabitants * (175 + 12 * i - (i % 4) * 9.5),
  }));
}

const SYNTH_PANEL = {
  units: 12,
  periods: 24,
  treatmentIndex: 16,
  monthly: false,
  effect: 3,
  seed: 7,
} as const;
const SYNTH_OPTIONS = {
  unit: 'unit',
  time: 'time',
  outcome: 'y',
  treated: 'u000',
  treatmentTime: 17,
  predictors: ['x'],
} as const;

/**
 * The placebo-in-space test asking for two threads: worker threads under Node, the one-thread
 * fallback in a page (no worker module there); the placebos must be the same.
 */
export async function runParallelCase() {
  const r = await placeboInSpaceParallel(simulateSynthPanel(SYNTH_PANEL), { ...SYNTH_OPTIONS, threads: 2 });
  return {
    threads: r.run.threads,
    placebos: {
      rank: r.rank,
      n: r.n,
      pValue: r.pValue,
      ranking: r.ranking.map((u) => [u.unit, u.rmspeRatio] as const),
    },
  };
}

export function runCoreCases(input: CoreInput) {
  const fit = logit(input.mroz, { y: input.y, x: [...input.x] });
  const hc1 = fit.tidy({ vcov: 'HC1' });
  // Asking for two threads: Node runs the passes on one (few rows), a page has no worker threads;
  // both must give the same fit.
  const threaded = logit(input.mroz, { y: input.y, x: [...input.x], threads: 2 });

  const allocation = allocateBudget({
    macroBudget: 1_234_567_890.12,
    municipalities: municipalities(),
    inhabitantsCorrection: 'none',
  });

  const panel = simulateSynthPanel({
    units: 12,
    periods: 24,
    treatmentIndex: 16,
    monthly: false,
    effect: 3,
    seed: 7,
  });
  const synth = syntheticControl(panel, {
    unit: 'unit',
    time: 'time',
    outcome: 'y',
    treated: 'u000',
    treatmentTime: 17,
    predictors: ['x'],
  });

  const features = Array.from({ length: 15 }, (_, i) => ({
    municipality: `GM${String(i + 1).padStart(4, '0')}`,
    movingIndex: 100 + ((i * 37) % 11) - 5 + (i === 3 ? 25 : 0),
  }));
  const outliers = flagOutliers(features, {
    indicators: ['movingIndex'],
    group: ['GM0004', 'GM0009'],
    comparison: features.map((f) => f.municipality).filter((m) => m !== 'GM0004' && m !== 'GM0009'),
  });

  return {
    logit: {
      terms: hc1.map((r) => r.term),
      estimates: hc1.map((r) => r.estimate),
      hc1StdErrors: hc1.map((r) => r.stdError),
      pValues: hc1.map((r) => r.pValue),
      deviance: fit.glance().deviance,
      aic: fit.glance().aic,
      iterations: fit.glance().iterations,
      threadedEstimates: threaded.tidy().map((r) => r.estimate),
    },
    allocation: {
      totalCents: allocation.municipalities.map((m) => m.totalCents),
      bySizeClass: allocationBySizeClass(allocation).map((r) => [r.sizeClass, r.totalCents] as const),
    },
    synth: {
      donors: synth.donors,
      weights: synth.weights,
      preRmspe: synth.preRmspe,
      rmspeRatio: synth.rmspeRatio,
    },
    outliers: outliers.flags.map((f) => [f.municipality, f.z, f.direction] as const),
  };
}

export type CoreResult = ReturnType<typeof runCoreCases>;
