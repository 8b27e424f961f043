import type { FactorColumnName, IndicatorColumn, RegionalColumn } from './levels.js';
import type { HouseholdColumn, HouseholdFactor } from './term-linear-predictor.js';
import type { TrueCoefficients } from './truth.js';

/** Options of {@link generateHouseholds}. */
export interface GenerateHouseholdsOptions {
  /** Number of households to generate; 8,200,000 is the Dutch total. */
  readonly households: number;
  /** Seed of the random streams; the same seed (and options) gives the same data. */
  readonly seed: number;
  /**
   * Number of municipalities. The default is the 2024 classification; other values keep the G4
   * and scale the other size classes proportionally.
   * @default 342
   */
  readonly municipalities?: number;
  /**
   * Data year. The municipal frame (sizes, names, regional base values) depends on the seed only;
   * other years get grown populations, slightly shifted covariates and new household draws under
   * the same true coefficients ("actualising").
   * @default 2024
   */
  readonly year?: number;
  /**
   * Fewest households generated in any municipality, so small runs keep every municipality.
   * @default 10
   */
  readonly minHouseholdsPerMunicipality?: number;
  /**
   * SD of the unexplained municipal effect on the logit of receipt: stationary AR(1) over the years
   * with ρ = `EFFECT_PERSISTENCE` = 0.9, so corr(u_y, u_{y−k}) = 0.9^k.
   * @default 0.14
   */
  readonly volumeEffectSd?: number;
  /**
   * SD of the unexplained municipal effect on the logit of the mean fraction of the norm (the same
   * AR(1) as the volume effect, independent innovations).
   * @default 0.08
   */
  readonly priceEffectSd?: number;
  /**
   * κ in P(fraction = 1) = κ·μ: the weight of full benefits (no other income) in the fraction.
   * @default 0.65
   */
  readonly fullBenefitWeight?: number;
  /**
   * φ, the precision of the Beta part of the fraction (smaller = wider tail of partial benefits).
   * @default 3
   */
  readonly fractionPrecision?: number;
  /**
   * Households of the whole country, used to weight municipal euro totals to national scale.
   * @default 8200000
   */
  readonly nationalHouseholds?: number;
}

/** {@link GenerateHouseholdsOptions} with every default filled in. */
export type ResolvedGenerateHouseholdsOptions = Required<GenerateHouseholdsOptions>;

/**
 * One row per municipality, columnar. Euro amounts are at national scale: the sample sums times
 * `householdWeight` (national households represented by one generated household).
 */
export interface MunicipalityTable {
  /** CBS-style code, `'GM0363'` (the G4 carry their real codes, the others synthetic ones). */
  readonly id: readonly string[];
  /** Name: the G4 by their real names, the others `'Gemeente 123'`. */
  readonly name: readonly string[];
  /** Size class of the data year's inhabitants, labelled as in the allocation module. */
  readonly sizeClass: readonly string[];
  /** Inhabitants on 1 January of the data year, the year before and two years before. */
  readonly inhabitants: Float64Array;
  readonly inhabitantsPreviousYear: Float64Array;
  readonly inhabitantsTwoYearsBefore: Float64Array;
  /** Inhabitants aged 15-65 (the denominator of LKS rates, DOMAIN E.1). */
  readonly inhabitants15to65: Float64Array;
  /** Relative population growth from the data year to the next. */
  readonly populationGrowth: Float64Array;
  /** Urbanity score in [0, 1] that drives the composition (not a model feature). */
  readonly urbanity: Float64Array;
  /** Availability of work (index, mean ≈ 0.2, SD ≈ 0.8). */
  readonly workAvailability: Float64Array;
  /** Share of households living in a neighbourhood where working is not the norm. */
  readonly workNotNorm: Float64Array;
  /** Availability of low-skilled work (index; price model only). */
  readonly lowSkilledWork: Float64Array;
  /** Generated households and the national households each one stands for. */
  readonly households: Int32Array;
  readonly householdWeight: Float64Array;
  /** Generated recipients, LKS recipients and the true expected numbers of both (sample scale). */
  readonly recipients: Int32Array;
  readonly lksRecipients: Int32Array;
  readonly expectedRecipients: Float64Array;
  readonly expectedLksRecipients: Float64Array;
  /**
   * Realised benefit spending of the data year: the generated benefits × `householdWeight` (euros,
   * national scale). Small runs give noisy values, and 0 where no generated household receives.
   */
  readonly spending: Float64Array;
  /** True expected spending Σ P(receipt)·E[fraction]·norm (euros, national scale). */
  readonly expectedSpending: Float64Array;
  /**
   * Expected spending from the features alone (municipal effects set to 0): what a perfectly
   * estimated volume × price model predicts (euros, national scale).
   */
  readonly featureSpending: Float64Array;
  /**
   * Realised benefit spending of the data year at national scale (euros): the true expected spending
   * of the data year's households times that year's realisation noise (counting noise of the whole
   * country's recipients, relative SD 1/√recipients, and a municipal drift of SD 5 %). The noise is
   * keyed by the year, so this is the value the table of two years later reports as
   * `spendingTwoYearsBefore` (up to the households those two tables draw). Never 0.
   */
  readonly realisedSpending: Float64Array;
  /**
   * Realised LKS spending of the data year (euros, national scale): expected LKS recipients × 12 ×
   * €1,025 a month (S4 §3.2.2, indexed 3 % a year from 2024), with counting noise and a drift (SD 10 %).
   */
  readonly realisedLksSpending: Float64Array;
  /**
   * Realised spending two years before the data year (t − 2; euros, national scale) as this year's
   * households tell it: their expected spending moved to the municipal effects of t − 2 (to first
   * order on the logit scale), scaled back by population and 3 % norm indexation a year, times the
   * realisation noise of t − 2 (the same draws
   * as `realisedSpending` of the table of t − 2). Never 0. For an exact multi-year world take
   * `realisedSpending` of the table of year t − 2 (the allocation pipeline does).
   */
  readonly spendingTwoYearsBefore: Float64Array;
  /**
   * Realised LKS spending in the year before the data year (euros, national scale), as this year's
   * households tell it, with the realisation noise of t − 1 (as `realisedLksSpending` of that table).
   */
  readonly lksSpendingPreviousYear: Float64Array;
  /** Realised DTI spending (homeless people, residents of institutions) two years before (euros). */
  readonly dtiSpendingTwoYearsBefore: Float64Array;
}

/** One row per neighbourhood ("buurt"), columnar. */
export interface NeighbourhoodTable {
  /** Code `'BU' + municipality digits + 4-digit number`. */
  readonly id: readonly string[];
  /** Index of the municipality in {@link MunicipalityTable}. */
  readonly municipality: Uint16Array;
  /** Share of residents reporting nuisance ("overlast"). */
  readonly nuisance: Float64Array;
  /** 1 when working is not the norm in the neighbourhood. */
  readonly workNotNorm: Uint8Array;
}

/** The numeric household columns. */
export type HouseholdNumericColumns = Readonly<Record<IndicatorColumn, Uint8Array>> &
  Readonly<Record<RegionalColumn, Float32Array>> & {
    /** Adults (21+, approximated as 20+) in the dwelling, the A of the kostendelersnorm. */
    readonly cost_sharers: Uint8Array;
    /** Gross yearly norm amount of the household's benefit unit (euros). */
    readonly norm: Float64Array;
    /** Benefit as a fraction of the norm; 0 for non-recipients. */
    readonly fraction: Float32Array;
    /** Yearly benefit = fraction × norm (euros); 0 for non-recipients. */
    readonly benefit: Float64Array;
  };

/** The true parameters the data were drawn from. */
export interface HouseholdTruth {
  /** Reference levels of all factors (hhtype, migration, hhgroup). */
  readonly reference: Readonly<Record<string, string>>;
  /** Logit of `receipt`: `x'β + u_municipality`, u ~ N(0, municipalityEffectSd²). */
  readonly volume: {
    readonly terms: readonly string[];
    /** The model's `reference` option: `{ hhtype: 'single', migration: 'dutch' }`. */
    readonly reference: Readonly<Record<string, string>>;
    readonly coefficients: TrueCoefficients;
    readonly municipalityEffectSd: number;
    /** The realised effects u, by municipality index (this year's values). */
    readonly municipalityEffects: readonly number[];
  };
  /** Mean fraction on recipients: `logistic(x'γ + v_municipality)`; the draw is a κ/φ mixture. */
  readonly price: {
    readonly terms: readonly string[];
    /** The model's `reference` option: `{ hhgroup: 'single' }`. */
    readonly reference: Readonly<Record<string, string>>;
    readonly coefficients: TrueCoefficients;
    readonly municipalityEffectSd: number;
    readonly municipalityEffects: readonly number[];
    readonly fullBenefitWeight: number;
    readonly precision: number;
  };
  /** Logit of `lks` among recipients (no municipal effect). */
  readonly lks: {
    readonly terms: readonly string[];
    readonly reference: Readonly<Record<string, string>>;
    readonly coefficients: TrueCoefficients;
  };
}

/** Result of {@link generateHouseholds}: compact columns plus the municipal frame and the truth. */
export interface GeneratedHouseholds {
  readonly options: ResolvedGenerateHouseholdsOptions;
  readonly year: number;
  /** Number of households (rows). */
  readonly rows: number;
  /** Categorical columns as integer codes into levels. */
  readonly factors: Readonly<Record<FactorColumnName, HouseholdFactor>>;
  /** Numeric and 0/1 columns. */
  readonly numeric: HouseholdNumericColumns;
  readonly municipalities: MunicipalityTable;
  readonly neighbourhoods: NeighbourhoodTable;
  readonly truth: HouseholdTruth;
  /** All columns in one record (no copies), ready as GLM / data-layer input. */
  columns(): Record<string, HouseholdColumn>;
}
