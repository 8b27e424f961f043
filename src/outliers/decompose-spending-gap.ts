import { formatPercent } from '../format/numbers.js';
import { renderTextTable } from '../format/text-table.js';
import { checkOptions, oneOf } from '../internal/options.js';
import { withView } from '../internal/with-summary.js';
import { resolveYears } from './balances.js';
import { OutlierInputError } from './errors.js';
import { columnOption, yearsOption } from './options.js';
import { indexPanel, requireRow } from './panel.js';
import { numberAt, type RecordsInput, readFrame, readNumbers, showId, type UnitId } from './records.js';
import { gapRatio, stableMean } from './stable.js';

/** Options of {@link decomposeSpendingGap}. */
export interface DecomposeSpendingGapOptions {
  /** Column with the municipality id. @default 'municipality' */
  readonly municipality?: string;
  /** Column with the year. @default 'year' */
  readonly year?: string;
  /** Column with the definitive budget. @default 'budget' */
  readonly budget?: string;
  /** Column with net spending. @default 'spending' */
  readonly spending?: string;
  /** Column with the actual number of recipients N. @default 'recipients' */
  readonly recipients?: string;
  /** Column with the predicted number of recipients N̂ (SZW "rekentools"). @default 'predictedRecipients' */
  readonly predictedRecipients?: string;
  /** The window (S3: 2016-2021); every municipality needs every year. @default every year in the rows */
  readonly years?: readonly number[];
  /**
   * Denominator of the volume component, which S3 does not state: `'predicted'` gives
   * `V = (N̂ − N)/N̂` (DOMAIN D.6 default; exact split when budget = N̂ × predicted price), `'actual'` gives
   * `V = (N̂ − N)/N`. @default 'predicted'
   */
  readonly volumeDenominator?: 'predicted' | 'actual';
}

/** One municipality-year of the decomposition (fractions; + = surplus). */
export interface SpendingGapYear {
  readonly municipality: UnitId;
  readonly year: number;
  /** Total balance `B = (budget − spending) / budget`. */
  readonly balance: number;
  /** Volume component `V`: relative gap between predicted and actual recipients (> 0: fewer than predicted). */
  readonly volume: number;
  /** Price component `P = B − V`: everything that is not volume (amount per recipient and the rest). */
  readonly price: number;
}

/** Period values of one municipality: means of the yearly values (not cumulated, S3 fn 11). */
export interface SpendingGapPeriod {
  readonly municipality: UnitId;
  /** Mean of the yearly balances. */
  readonly balance: number;
  /** Mean of the yearly volume components. */
  readonly volume: number;
  /** `balance − volume` (= the mean of the yearly price components). */
  readonly price: number;
  /** The component with the larger absolute value. */
  readonly dominant: 'volume' | 'price';
  /** True when volume and price have the same sign and reinforce each other (S3: G3, G4, G5, ...). */
  readonly reinforcing: boolean;
}

/** Result of {@link decomposeSpendingGap}. */
export interface SpendingGapDecomposition {
  readonly options: Required<Omit<DecomposeSpendingGapOptions, 'years'>> & {
    readonly years: readonly number[];
  };
  readonly years: readonly number[];
  /** By municipality (first-appearance order), then year. */
  readonly yearly: readonly SpendingGapYear[];
  /** One row per municipality, in first-appearance order. */
  readonly period: readonly SpendingGapPeriod[];
  /** Text table of the period values, ordered from the largest deficit to the largest surplus (S3 Fig 5). */
  summary(): string;
}

/**
 * Split the gap between budget and spending into a volume part (recipients) and a price part (amount
 * per recipient), as AEF do (S3 §3.1, Fig 5, fn 11-12; DOMAIN D.6):
 * `B = (budget − spending)/budget`, `V = (N̂ − N)/N̂`, `P = B − V`, so `V + P = B` by construction.
 * If `budget = N̂·p̂` and `spending = N·p` the price part is exactly `(N/N̂)(1 − p/p̂)`.
 * Period values are the means of the yearly values, because predicted volumes cannot be cumulated.
 *
 * @param rows - one row per municipality-year with budget, spending, recipients and predicted recipients
 * @param options - column names, window and the volume denominator
 * @returns yearly and period components
 * @throws {OutlierInputError} `out-of-range` (year outside the data), `unbalanced-panel`, `duplicate`,
 *   `invalid-value` (budget ≤ 0, predicted recipients ≤ 0, negative recipients), `missing-value`,
 *   `not-finite`, `missing-column`, `too-large` (a component beyond the range of doubles)
 * @throws {SpecError} `unknown-option`, `invalid-option`
 * @example
 * ```ts
 * import { decomposeSpendingGap } from 'verdeelmodel/outliers';
 * const res = decomposeSpendingGap([
 *   { municipality: 'A', year: 2020, budget: 1000, spending: 1100, recipients: 110, predictedRecipients: 100 },
 * ]);
 * res.yearly[0]; // => { municipality: 'A', year: 2020, balance: -0.1, volume: -0.1, price: 0 }
 * ```
 */
export function decomposeSpendingGap(
  rows: RecordsInput,
  options: DecomposeSpendingGapOptions = {},
): SpendingGapDecomposition {
  const fn = 'decomposeSpendingGap';
  const opts = resolveDecomposeSpendingGapOptions(options);
  const { volumeDenominator, ...col } = opts;
  const frame = readFrame(rows, fn);
  const panel = indexPanel(frame, col.municipality, col.year, fn);
  const years = resolveYears(opts.years, panel.years);
  const budgets = readNumbers(frame, col.budget, fn, 'budgets');
  const spendings = readNumbers(frame, col.spending, fn, 'spending amounts');
  const recipients = readNumbers(frame, col.recipients, fn, 'recipients');
  const predictions = readNumbers(frame, col.predictedRecipients, fn, 'predicted recipients');

  const yearly: SpendingGapYear[] = [];
  const period: SpendingGapPeriod[] = [];
  for (const id of panel.ids) {
    const balances: number[] = [];
    const volumes: number[] = [];
    for (const year of years) {
      const i = requireRow(panel, id, year, years, fn);
      const at = { index: i, municipality: id, year };
      const budget = numberAt(budgets, col.budget, fn, at);
      const spending = numberAt(spendings, col.spending, fn, at);
      const actual = numberAt(recipients, col.recipients, fn, at);
      const predicted = numberAt(predictions, col.predictedRecipients, fn, at);
      const bad = (code: 'invalid-value' | 'too-large', column: string, what: string) =>
        new OutlierInputError(code, `${fn}: municipality ${showId(id)}, year ${year}: ${what}`, {
          row: i + 1,
          municipality: id,
          year,
          column,
        });
      if (!(budget > 0))
        throw bad('invalid-value', col.budget, `budget is ${budget}; a balance needs a positive budget`);
      if (!(predicted > 0))
        throw bad(
          'invalid-value',
          col.predictedRecipients,
          `predicted recipients ${predicted} must be positive`,
        );
      if (actual < 0) throw bad('invalid-value', col.recipients, `recipients ${actual} must be >= 0`);
      if (volumeDenominator === 'actual' && actual === 0) {
        throw bad(
          'invalid-value',
          col.recipients,
          "recipients are 0; volumeDenominator 'actual' needs a positive count",
        );
      }
      const balance = gapRatio(budget, spending, budget);
      const volume = gapRatio(predicted, actual, volumeDenominator === 'predicted' ? predicted : actual);
      const price = balance - volume;
      if (!Number.isFinite(balance) || !Number.isFinite(volume) || !Number.isFinite(price)) {
        const [column, what] = !Number.isFinite(balance)
          ? [col.budget, `(budget − spending) / budget with budget ${budget} and spending ${spending}`]
          : [col.recipients, `the volume or price component (recipients ${actual}, predicted ${predicted})`];
        throw bad('too-large', column, `${what} is beyond the range of doubles; check the units`);
      }
      yearly.push({ municipality: id, year, balance, volume, price });
      balances.push(balance);
      volumes.push(volume);
    }
    const balance = stableMean(balances);
    const volume = stableMean(volumes);
    const price = balance - volume;
    if (!Number.isFinite(price)) {
      throw new OutlierInputError(
        'too-large',
        `${fn}: municipality ${showId(id)}: the period price component is beyond the range of doubles; check the units`,
        { municipality: id },
      );
    }
    period.push({
      municipality: id,
      balance,
      volume,
      price,
      dominant: Math.abs(volume) >= Math.abs(price) ? 'volume' : 'price',
      reinforcing: volume * price > 0,
    });
  }
  const result = { options: { ...col, volumeDenominator, years }, years, yearly, period };
  return withView(result, 'summary', () => formatPeriod(period, years));
}

/** Check the options of {@link decomposeSpendingGap} once. */
export function resolveDecomposeSpendingGapOptions(options: DecomposeSpendingGapOptions): {
  readonly municipality: string;
  readonly year: string;
  readonly budget: string;
  readonly spending: string;
  readonly recipients: string;
  readonly predictedRecipients: string;
  readonly volumeDenominator: 'predicted' | 'actual';
  readonly years: readonly number[] | undefined;
} {
  const fn = 'decomposeSpendingGap';
  const o = checkOptions(options, DECOMPOSE_OPTIONS, fn);
  return {
    municipality: columnOption(o.municipality, 'municipality', 'municipality', fn),
    year: columnOption(o.year, 'year', 'year', fn),
    budget: columnOption(o.budget, 'budget', 'budget', fn),
    spending: columnOption(o.spending, 'spending', 'spending', fn),
    recipients: columnOption(o.recipients, 'recipients', 'recipients', fn),
    predictedRecipients: columnOption(
      o.predictedRecipients,
      'predictedRecipients',
      'predictedRecipients',
      fn,
    ),
    volumeDenominator:
      o.volumeDenominator === undefined
        ? 'predicted'
        : oneOf(o.volumeDenominator, ['predicted', 'actual'], 'volumeDenominator', fn),
    years: yearsOption(o.years, fn),
  };
}

const DECOMPOSE_OPTIONS = [
  'municipality',
  'year',
  'budget',
  'spending',
  'recipients',
  'predictedRecipients',
  'years',
  'volumeDenominator',
] as const;

function formatPeriod(period: readonly SpendingGapPeriod[], years: readonly number[]): string {
  const pct = (x: number) => formatPercent(x);
  const rows = [...period]
    .sort((a, b) => a.balance - b.balance)
    .map((p) => [
      String(p.municipality),
      pct(p.balance),
      pct(p.volume),
      pct(p.price),
      p.dominant,
      p.reinforcing ? 'yes' : 'no',
    ]);
  const right = (header: string) => ({ header, align: 'right' as const });
  const span = years.length > 1 ? `${years[0]}-${years[years.length - 1]}` : String(years[0]);
  return renderTextTable({
    title: `Volume/price split of the budget balance, mean over ${span} (+ = surplus, - = deficit)`,
    columns: ['Municipality', right('Balance'), right('Volume'), right('Price'), 'Larger', 'Reinforcing'],
    rows,
  });
}
