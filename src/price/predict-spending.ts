import { type DataInput, type Frame, toFrame } from '../data/frame.js';
import { groupCodes } from '../data/select.js';
import { DataError } from '../errors.js';
import { checkOptions } from '../internal/options.js';
import type { VolumeModel } from '../volume/fit-volume-model.js';
import type { PriceModel } from './fit-price-model.js';

/** Per-municipality predicted and (when present) actual recipients and spending. */
export interface MunicipalitySpending {
  readonly municipality: string;
  readonly households: number;
  /** N̂ᵢ = Σ p̂_h. */
  readonly expectedRecipients: number;
  /** PBᵢ = Σ p̂_h × f̂_h × norm_h (DOMAIN B.3), in the norm's unit (yearly euros). */
  readonly expectedSpending: number;
  readonly actualRecipients: number | null;
  /** Σ receipt_h × benefit_h, when the data hold both columns. */
  readonly actualSpending: number | null;
}

/** Options of {@link predictSpending}. */
export interface PredictSpendingOptions {
  readonly volume: VolumeModel;
  readonly price: PriceModel;
  /** The households to predict for (the actualisation year). */
  readonly households: DataInput | Frame;
  /** Benefit-amount column for the actual spending. @default 'benefit' */
  readonly benefit?: string;
  /**
   * The municipality codes the allocation knows (e.g. the classification of the budget year). A
   * household in any other municipality is an error naming the code and the row, never dropped.
   * @default no check
   */
  readonly municipalities?: readonly string[];
}

/**
 * Expected recipients and expected spending per municipality: Σ_h P(receipt) × predicted
 * fraction × norm (DOMAIN B.3), the model value the objective budget shares are made of.
 *
 * @example
 * ```ts
 * import { generateHouseholds } from 'verdeelmodel/generate';
 * import { fitPriceModel, predictSpending } from 'verdeelmodel/price';
 * import { fitVolumeModel } from 'verdeelmodel/volume';
 * const households = generateHouseholds({ households: 20_000, seed: 1 }).columns();
 * const volume = fitVolumeModel(households);
 * const price = fitPriceModel(households);
 * const rows = predictSpending({ volume, price, households });
 * rows[0]; // { municipality: 'GM0363', expectedSpending: 1.2e9, ... }
 * ```
 */
export function predictSpending(options: PredictSpendingOptions): MunicipalitySpending[] {
  checkOptions(options, ['volume', 'price', 'households', 'benefit', 'municipalities'], 'predictSpending');
  const { volume, price } = options;
  const frame = toFrame(options.households);
  const p = volume.predict(frame);
  const benefit = price.predictBenefit(frame);
  const { keys, codes } = groupCodes(frame, volume.options.municipality);
  if (options.municipalities) {
    const known = new Set(options.municipalities);
    const unknown = keys.findIndex((k) => !known.has(k));
    if (unknown >= 0) {
      const row = codes.indexOf(unknown) + 1;
      throw new DataError(
        'unknown-unit',
        `household row ${row} is in municipality '${keys[unknown]}', which is not among the ${known.size} known municipalities; map it to the current classification first`,
        { column: volume.options.municipality, row },
      );
    }
  }
  const g = keys.length;
  const count = new Float64Array(g);
  const recipients = new Float64Array(g);
  const spending = new Float64Array(g);
  const yName = volume.options.y;
  const bName = options.benefit ?? 'benefit';
  const y = frame.has(yName) ? frame.column(yName) : null;
  const b = frame.has(bName) ? frame.column(bName) : null;
  const haveActual = y?.kind === 'numeric';
  const haveSpend = haveActual && b?.kind === 'numeric';
  const actualRec = new Float64Array(g);
  const actualSpend = new Float64Array(g);
  for (let i = 0; i < frame.nrows; i++) {
    const k = codes[i]!;
    count[k]!++;
    recipients[k]! += p[i]!;
    spending[k]! += p[i]! * benefit[i]!;
    if (haveActual && y.kind === 'numeric') {
      const yi = y.values[i]!;
      actualRec[k]! += yi;
      if (haveSpend && b?.kind === 'numeric' && yi === 1) actualSpend[k]! += b.values[i]!;
    }
  }
  return keys.map((municipality, k) => ({
    municipality,
    households: count[k]!,
    expectedRecipients: recipients[k]!,
    expectedSpending: spending[k]!,
    actualRecipients: haveActual ? actualRec[k]! : null,
    actualSpending: haveSpend ? actualSpend[k]! : null,
  }));
}
