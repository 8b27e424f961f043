import { allocateBudget, type BudgetAllocation } from '../allocation/allocate-budget.js';
import type { MunicipalityBudgetInput } from '../allocation/budget-input.js';
import { type BudgetShareChange, budgetShareChange } from '../allocation/budget-share-change.js';
import {
  type BudgetSpendingDeviation,
  budgetSpendingDeviation,
} from '../allocation/budget-spending-deviation.js';
import { type DeviationPersistence, deviationPersistence } from '../allocation/deviation-persistence.js';
import { type SpendingFit, spendingFit } from '../allocation/spending-fit.js';
import { type Frame, toFrame } from '../data/frame.js';
import { DataError, SpecError } from '../errors.js';
import { generateHouseholds } from '../generate/generate-households.js';
import { priceTerms, spendingTerms, volumeTerms } from '../generate/levels.js';
import type { GeneratedHouseholds } from '../generate/types.js';
import { checkOptions, integerIn, seedOption } from '../internal/options.js';
import { fitPriceModel, type PriceModel } from '../price/fit-price-model.js';
import { fitSpendingModel, type SpendingModel } from '../price/fit-spending-model.js';
import {
  type JointMunicipalitySpending,
  type MunicipalitySpending,
  predictSpending,
} from '../price/predict-spending.js';
import { fitVolumeModel, type VolumeModel } from '../volume/fit-volume-model.js';

/**
 * Options of {@link runAllocationPipeline}. Synthetic data are generated for the data years
 * B − 4 … B (households of B − 4 … B − 2 feed the models; the municipal tables of B − 1 and B
 * hold what is known when budgets B − 1 and B are set).
 */
export interface AllocationPipelineOptions {
  /** Households generated per year. @default 500000 */
  readonly households?: number;
  /**
   * Fewest households generated per municipality. The default is the generator's (10), so that every
   * `households` the pipeline accepts (from 10,000) can be generated; a larger value (e.g. 400, which needs at
   * least 342 × 400 = 136,800 households) keeps the predicted and realised spending of small municipalities
   * from being dominated by sampling noise (the published tables come from integral data). @default 10
   */
  readonly minHouseholdsPerMunicipality?: number;
  /** Seed of the synthetic population. @default 2024 */
  readonly seed?: number;
  /** Budget year B: estimate on B − 3 data, actualise to B − 2 (as model 2024: start 2021 → end 2022). @default 2024 */
  readonly budgetYear?: number;
  /** Macro budget in euros, LKS and DTI included. @default 6.9e9 (2024) */
  readonly macroBudget?: number;
  /** LKS part of the macro budget. @default 507e6 (2024) */
  readonly lksBudget?: number;
  /** DTI part (homeless people, residents of institutions); the sources give no amount. @default 150e6 */
  readonly dtiBudget?: number;
  /**
   * Also fit the joint spending model (`fitSpendingModel`: benefit / norm on every household) for
   * budget year B and compare its municipal totals with the two-part model's. @default false
   */
  readonly jointModel?: boolean;
  /** Called before each step, for progress reporting. @default none */
  readonly onProgress?: (step: string) => void;
}

/** One budget year's run: the models, predicted spending and the allocation. */
export interface BudgetYearRun {
  readonly budgetYear: number;
  readonly estimationYear: number;
  readonly actualisationYear: number;
  readonly volume: VolumeModel;
  readonly price: PriceModel;
  readonly spending: readonly MunicipalitySpending[];
  readonly allocation: BudgetAllocation;
}

/** The joint spending model of budget year B beside the two-part model. */
export interface JointModelComparison {
  readonly model: SpendingModel;
  /** Its predicted spending per municipality on the actualisation data (sample scale). */
  readonly spending: readonly JointMunicipalitySpending[];
  /** National predicted spending of the joint model / that of the two-part model. */
  readonly totalRatio: number;
  /** Mean over municipalities of |joint / two-part − 1| of predicted spending. */
  readonly meanAbsoluteDifference: number;
  /** Largest |joint / two-part − 1|, and where. */
  readonly maxAbsoluteDifference: { readonly municipality: string; readonly difference: number };
  /**
   * Mean over municipalities of |predicted share / realised spending share − 1| (spending of the
   * actualisation year), for each model: how well each model's shares match spending.
   */
  readonly shareDeviation: { readonly twoPart: number; readonly joint: number };
}

/** Everything the demo reports. */
export interface AllocationPipelineResult {
  readonly options: Required<Omit<AllocationPipelineOptions, 'onProgress'>>;
  /** The previous budget year (B − 1) and the budget year (B). */
  readonly previous: BudgetYearRun;
  readonly current: BudgetYearRun;
  /** The estimation data of B, with its true coefficients (for recovery checks). */
  readonly truth: GeneratedHouseholds['truth'];
  /** Mean absolute % change of budget shares B − 1 → B (S0 ch.3: 4.8 % published for 2024). */
  readonly shareChange: BudgetShareChange;
  /** Mean absolute deviation of budget shares from spending shares B − 2 (S0 ch.4: 6.7 %). */
  readonly deviation: BudgetSpendingDeviation;
  /** R² of the deviations of B on those of B − 1 (S0 Fig 4.3: 0.70). */
  readonly persistence: DeviationPersistence;
  /** R² of predicted vs actual spending per municipality, per actualisation year and pooled. */
  readonly spendingFit: SpendingFit;
  /** With `jointModel: true`: the joint model of budget year B and its comparison; else null. */
  readonly joint: JointModelComparison | null;
  /** Wall-clock seconds per step. */
  readonly timings: Readonly<Record<string, number>>;
}

const WHERE = 'runAllocationPipeline';

const termColumns = (terms: readonly string[]) => terms.flatMap((t) => t.split(':'));
/** The columns the default volume and price models read. */
const VOLUME_COLUMNS = [...new Set(['receipt', 'municipality', ...termColumns(volumeTerms)])];
const PRICE_COLUMNS = [
  ...new Set(['fraction', 'receipt', 'municipality', 'norm', ...termColumns(priceTerms)]),
];
const SPENDING_COLUMNS = [...new Set(['benefit', 'norm', 'municipality', ...termColumns(spendingTerms)])];

/**
 * A frame of some columns of `frame`: the same normalised columns (no copies), holding nothing
 * else of `frame`, so what keeps this view alive keeps only these columns alive.
 */
function columnsOf(frame: Frame, names: readonly string[]): Frame {
  const columns = new Map(names.filter((n) => frame.has(n)).map((n) => [n, frame.column(n)]));
  const kept = [...columns.keys()];
  return {
    nrows: frame.nrows,
    names: kept,
    has: (name) => columns.has(name),
    column: (name) => {
      const col = columns.get(name);
      if (!col)
        throw new DataError('missing-column', `column '${name}' is not in the data`, { column: name });
      return col;
    },
  };
}

/** One data year: its municipal table and truth, and its households while a step still needs them. */
interface YearData {
  readonly year: number;
  readonly municipalities: GeneratedHouseholds['municipalities'];
  readonly truth: GeneratedHouseholds['truth'];
  households: Frame | null;
}

/** The generator's default (generateHouseholds), so both have one default: see the option's TSDoc. */
const DEFAULT_MIN_HOUSEHOLDS = 10;

/** Two years' municipality codes must be the same set (one classification), else the error names the odd ones. */
function sameMunicipalities(a: readonly string[], b: readonly string[], aName: string, bName: string): void {
  const inB = new Set(b);
  const inA = new Set(a);
  const onlyA = a.filter((id) => !inB.has(id));
  const onlyB = b.filter((id) => !inA.has(id));
  if (onlyA.length || onlyB.length) {
    throw new DataError(
      'unknown-unit',
      `the municipalities of ${aName} and ${bName} differ (only in ${aName}: ${onlyA.slice(0, 5).join(', ') || 'none'}; only in ${bName}: ${onlyB.slice(0, 5).join(', ') || 'none'}); map both to one classification first`,
    );
  }
}

/**
 * Inputs of budget year B: predicted spending from the actualisation data (B − 2); realised
 * spending of B − 2 from that year's own table (the historical part is the realised spending of two
 * years earlier, S0 fn 2), LKS spending of B − 1 from the table of B − 1, and from the table of B
 * what is known when the budget is set: DTI spending of B − 2, populations of B − 2 and B − 1.
 */
function municipalityInputs(
  act: YearData,
  lastYear: YearData,
  known: YearData,
  spending: readonly MunicipalitySpending[],
): MunicipalityBudgetInput[] {
  const m = known.municipalities;
  sameMunicipalities(act.municipalities.id, m.id, `data year ${act.year}`, `data year ${known.year}`);
  sameMunicipalities(
    lastYear.municipalities.id,
    m.id,
    `data year ${lastYear.year}`,
    `data year ${known.year}`,
  );
  const weight = new Map(act.municipalities.id.map((id, i) => [id, act.municipalities.householdWeight[i]!]));
  const predicted = new Map(
    spending.map((s) => [s.municipality, s.expectedSpending * weight.get(s.municipality)!]),
  );
  const realised = valuesById(act.municipalities.id, act.municipalities.realisedSpending);
  const lks = valuesById(lastYear.municipalities.id, lastYear.municipalities.realisedLksSpending);
  return m.id.map((id, i) => ({
    municipality: id,
    inhabitants: m.inhabitantsPreviousYear[i]!,
    predictedSpending: predicted.get(id) ?? Number.NaN,
    spendingTwoYearsEarlier: realised.get(id)!,
    inhabitantsTwoYearsEarlier: m.inhabitantsTwoYearsBefore[i]!,
    inhabitantsPreviousYear: m.inhabitantsPreviousYear[i]!,
    lksSpendingPreviousYear: lks.get(id)!,
    dtiSpending: m.dtiSpendingTwoYearsBefore[i]!,
  }));
}

/** The joint model's municipal totals beside the two-part model's and the realised spending. */
function compareJoint(
  joint: { model: SpendingModel; spending: readonly JointMunicipalitySpending[] },
  twoPart: readonly MunicipalitySpending[],
  realised: ReadonlyMap<string, number>,
): JointModelComparison {
  const two = new Map(twoPart.map((s) => [s.municipality, s.expectedSpending]));
  const total = (xs: Iterable<number>) => {
    let t = 0;
    for (const x of xs) t += x;
    return t;
  };
  const jointTotal = total(joint.spending.map((s) => s.expectedSpending));
  const twoTotal = total(two.values());
  const realisedTotal = total(realised.values());
  let sum = 0;
  let max = { municipality: '', difference: 0 };
  let devTwo = 0;
  let devJoint = 0;
  for (const s of joint.spending) {
    const t = two.get(s.municipality)!;
    const d = s.expectedSpending / t - 1;
    sum += Math.abs(d);
    if (Math.abs(d) > Math.abs(max.difference)) max = { municipality: s.municipality, difference: d };
    const r = realised.get(s.municipality)! / realisedTotal;
    devTwo += Math.abs(t / twoTotal / r - 1);
    devJoint += Math.abs(s.expectedSpending / jointTotal / r - 1);
  }
  const n = joint.spending.length;
  return {
    ...joint,
    totalRatio: jointTotal / twoTotal,
    meanAbsoluteDifference: sum / n,
    maxAbsoluteDifference: max,
    shareDeviation: { twoPart: devTwo / n, joint: devJoint / n },
  };
}

const valuesById = (ids: readonly string[], values: ArrayLike<number>) =>
  new Map(ids.map((id, i) => [id, values[i]!]));

/**
 * The end-to-end allocation on synthetic households: for budget years B − 1 and B, estimate
 * the volume (logit) and price (fractional logit) models on data three years before, actualise
 * to data two years before, predict spending per municipality, allocate the macro budget to the
 * cent, and compute the evaluation statistics of the budget reports (S0 ch.3–4).
 *
 * @example
 * ```ts
 * import { runAllocationPipeline } from 'verdeelmodel/pipeline';
 * const run = runAllocationPipeline({ households: 200_000 });
 * run.shareChange.meanAbsoluteChange; // mean absolute % change of budget shares
 * ```
 */
export function runAllocationPipeline(options: AllocationPipelineOptions = {}): AllocationPipelineResult {
  const given = checkOptions(
    options,
    [
      'households',
      'minHouseholdsPerMunicipality',
      'seed',
      'budgetYear',
      'macroBudget',
      'lksBudget',
      'dtiBudget',
      'jointModel',
      'onProgress',
    ],
    WHERE,
  );
  if (given.jointModel !== undefined && typeof given.jointModel !== 'boolean') {
    throw new SpecError('invalid-option', `${WHERE}: jointModel must be true or false`, {
      option: 'jointModel',
    });
  }
  const o = {
    households: integerIn(given.households ?? 500_000, 10_000, 2 ** 31 - 1, 'households', WHERE),
    minHouseholdsPerMunicipality: integerIn(
      given.minHouseholdsPerMunicipality ?? DEFAULT_MIN_HOUSEHOLDS,
      1,
      1_000_000,
      'minHouseholdsPerMunicipality',
      WHERE,
    ),
    seed: seedOption(given.seed ?? 2024, WHERE),
    budgetYear: integerIn(given.budgetYear ?? 2024, 1900, 2200, 'budgetYear', WHERE),
    macroBudget: given.macroBudget ?? 6.9e9,
    lksBudget: given.lksBudget ?? 507e6,
    dtiBudget: given.dtiBudget ?? 150e6,
    jointModel: given.jointModel ?? false,
  };
  if (given.onProgress !== undefined && typeof given.onProgress !== 'function') {
    throw new SpecError('invalid-option', `${WHERE}: onProgress must be a function`, {
      option: 'onProgress',
    });
  }
  const progress = options.onProgress ?? (() => {});
  const timings: Record<string, number> = {};
  const timed = <T>(step: string, f: () => T): T => {
    progress(step);
    const t0 = performance.now();
    const r = f();
    timings[step] = (timings[step] ?? 0) + (performance.now() - t0) / 1000;
    return r;
  };
  const B = o.budgetYear;
  // One copy of each year's household columns: the generator's typed columns, wrapped in one Frame
  // that both fits and the prediction read (each column normalised once, no re-encoding per model),
  // and let go as soon as no step needs that year's households any more; the municipal tables stay.
  const data = new Map<number, YearData>();
  const year = (y: number): YearData => {
    let d = data.get(y);
    if (!d) {
      const generated = timed(`generate households ${y}`, () =>
        generateHouseholds({
          households: o.households,
          seed: o.seed,
          year: y,
          minHouseholdsPerMunicipality: o.minHouseholdsPerMunicipality,
        }),
      );
      d = {
        year: y,
        municipalities: generated.municipalities,
        truth: generated.truth,
        households: toFrame(generated.columns()),
      };
      data.set(y, d);
    }
    return d;
  };
  const households = (d: YearData): Frame => {
    if (!d.households) throw new Error(`internal: the households of ${d.year} were released too early`);
    return d.households;
  };
  const predictYear = (budgetYear: number) => {
    // Years are generated as late as the steps need them, and the known year (needed only for its
    // municipal table) before the actualisation year: the fewest households are alive at once.
    const est = year(budgetYear - 3);
    // Each fit gets a frame of the columns it uses only: a fit keeps its rows for predict(), and so
    // keeps only those columns alive, not the whole year.
    const volume = timed(`fit volume model ${budgetYear}`, () =>
      fitVolumeModel(columnsOf(households(est), VOLUME_COLUMNS)),
    );
    const price = timed(`fit price model ${budgetYear}`, () =>
      fitPriceModel(columnsOf(households(est), PRICE_COLUMNS)),
    );
    const joint =
      o.jointModel && budgetYear === B
        ? timed(`fit joint spending model ${budgetYear}`, () =>
            fitSpendingModel(columnsOf(households(est), SPENDING_COLUMNS)),
          )
        : null;
    // No later step reads the estimation year's households (B − 1 estimates on B − 4; B on B − 3,
    // whose prediction for B − 1 is done), beyond the columns the fits keep.
    est.households = null;
    const known = year(budgetYear);
    known.households = null;
    const act = year(budgetYear - 2);
    const spending = timed(`predict spending ${budgetYear}`, () =>
      predictSpending({
        volume,
        price,
        households: households(act),
        municipalities: known.municipalities.id,
      }),
    );
    const jointSpending = joint
      ? timed(`predict joint spending ${budgetYear}`, () =>
          predictSpending({
            spending: joint,
            households: households(act),
            municipalities: known.municipalities.id,
          }),
        )
      : null;
    if (budgetYear === B) for (const d of data.values()) d.households = null;
    return {
      joint: joint && jointSpending ? { model: joint, spending: jointSpending } : null,
      budgetYear,
      estimationYear: budgetYear - 3,
      actualisationYear: budgetYear - 2,
      volume,
      price,
      spending,
    };
  };
  // Allocation reads municipal tables only, so it runs once both years are predicted: budget B − 1
  // needs the table of B − 2 (its LKS year), generated for the prediction of B.
  const allocateYear = (run: ReturnType<typeof predictYear>): BudgetYearRun => {
    const b = run.budgetYear;
    const allocation = timed(`allocate ${b}`, () =>
      allocateBudget({
        municipalities: municipalityInputs(year(b - 2), year(b - 1), year(b), run.spending),
        macroBudget: o.macroBudget,
        lksBudget: o.lksBudget,
        dtiBudget: o.dtiBudget,
      }),
    );
    const { joint: _, ...rest } = run;
    return { ...rest, allocation };
  };
  const predictedPrevious = predictYear(B - 1);
  const predictedCurrent = predictYear(B);
  const previous = allocateYear(predictedPrevious);
  const current = allocateYear(predictedCurrent);
  progress('evaluate');
  const byId = (a: BudgetAllocation, f: (m: BudgetAllocation['municipalities'][number]) => number) =>
    new Map(a.municipalities.map((m) => [m.municipality, f(m)]));
  const inhabitants = byId(current.allocation, (m) => m.inhabitants);
  // Realised spending of year Y at national scale (what is known of it two years later).
  const realised = (y: number) => {
    const m = year(y).municipalities;
    return valuesById(m.id, m.realisedSpending);
  };
  const deviationOf = (run: BudgetYearRun) => {
    const m = year(run.budgetYear).municipalities;
    return budgetSpendingDeviation({
      // The regular budget (S0 ch.4: "het reguliere budgetaandeel"), LKS and DTI included: they follow
      // their own realised spending, not bijstand spending, which is why the fully historically
      // budgeted < 15k class deviates too, if least (S0 Fig 4.1).
      budget: byId(run.allocation, (a) => a.totalCents),
      spending: realised(run.actualisationYear),
      inhabitantsTwoYearsEarlier: new Map(m.id.map((id, i) => [id, m.inhabitantsTwoYearsBefore[i]!])),
      inhabitantsPreviousYear: new Map(m.id.map((id, i) => [id, m.inhabitantsPreviousYear[i]!])),
      inhabitants,
    });
  };
  const devPrev = deviationOf(previous);
  const deviation = deviationOf(current);
  const devValues = (d: BudgetSpendingDeviation) =>
    new Map(d.municipalities.map((m) => [m.municipality, m.deviation]));
  const fitRows = [previous, current].flatMap((run) => {
    const act = year(run.actualisationYear).municipalities;
    const weight = new Map(act.id.map((id, i) => [id, act.householdWeight[i]!]));
    const actual = realised(run.actualisationYear);
    return run.spending.map((s) => ({
      municipality: s.municipality,
      year: run.actualisationYear,
      predicted: s.expectedSpending * weight.get(s.municipality)!,
      actual: actual.get(s.municipality)!,
    }));
  });
  return {
    options: o,
    previous,
    current,
    truth: year(B - 3).truth,
    shareChange: budgetShareChange({
      previous: byId(previous.allocation, (m) => m.totalCents),
      current: byId(current.allocation, (m) => m.totalCents),
      inhabitants,
    }),
    deviation,
    persistence: deviationPersistence({
      previous: devValues(devPrev),
      current: devValues(deviation),
      inhabitants,
    }),
    spendingFit: spendingFit(fitRows),
    joint: predictedCurrent.joint
      ? compareJoint(predictedCurrent.joint, current.spending, realised(current.actualisationYear))
      : null,
    timings,
  };
}
