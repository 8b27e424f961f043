import { type DataInput, dataRow, type Frame, toFrame } from '../data/frame.js';
import { groupCodes } from '../data/select.js';
import { DataError, SpecError } from '../errors.js';
import { getFamily } from '../glm/family.js';
import { planFit } from '../glm/predict.js';
import { PREDICT_BLOCK, planLinearPredictor, startPredictWorker } from '../glm/predict-kernel.js';
import { resolveThreads } from '../glm/run-engine.js';
import { checkOptions, integerIn } from '../internal/options.js';
import type { VolumeModel } from '../volume/fit-volume-model.js';
import type { PriceModel } from './fit-price-model.js';
import type { SpendingModel } from './fit-spending-model.js';

/** Per-municipality predicted and (when present) actual recipients and spending. */
export interface MunicipalitySpending {
  readonly municipality: string;
  readonly households: number;
  /** N̂ᵢ = Σ p̂_h. */
  readonly expectedRecipients: number;
  /**
   * PBᵢ = Σ p̂_h × f̂_h × norm_h (DOMAIN B.3), in the norm's unit (yearly euros); with the joint
   * spending model Σ ŝ_h × norm_h.
   */
  readonly expectedSpending: number;
  readonly actualRecipients: number | null;
  /**
   * Σ receipt_h × benefit_h, when the data hold both columns (with the joint spending model: Σ
   * benefit_h, when the data hold the benefit column).
   */
  readonly actualSpending: number | null;
}

/** Per-municipality predictions of the joint spending model: no receipt is predicted. */
export interface JointMunicipalitySpending
  extends Omit<MunicipalitySpending, 'expectedRecipients' | 'actualRecipients'> {
  readonly expectedRecipients: null;
  readonly actualRecipients: null;
}

/** Options of {@link predictSpending}: the two-part model (`volume` and `price`) or the joint `spending` model. */
export interface PredictSpendingOptions {
  /** The volume model (with `price`). */
  readonly volume?: VolumeModel;
  /** The price model (with `volume`). */
  readonly price?: PriceModel;
  /** The joint spending model (`fitSpendingModel`), in place of `volume` and `price`. */
  readonly spending?: SpendingModel;
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
  /**
   * Threads for the predictions: `'auto'` uses two (one worker thread) from 200,000 households, as
   * the fits do; the result is the same number for any value. @default 'auto'
   */
  readonly threads?: number | 'auto';
}

/**
 * Expected recipients and expected spending per municipality: Σ_h P(receipt) × predicted
 * fraction × norm (DOMAIN B.3), the model value the objective budget shares are made of. With
 * `{ spending }` (a joint model from `fitSpendingModel`) in place of `{ volume, price }`: Σ_h ŝ_h ×
 * norm_h, and no recipients (null).
 *
 * @throws {SpecError} for both or neither model kinds, or a volume model without a price model
 * @throws {DataError} for a norm that is not positive and finite, or an unknown municipality
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
export function predictSpending(
  options: PredictSpendingOptions & { readonly spending: SpendingModel },
): JointMunicipalitySpending[];
export function predictSpending(
  options: PredictSpendingOptions & { readonly volume: VolumeModel; readonly price: PriceModel },
): MunicipalitySpending[];
export function predictSpending(
  options: PredictSpendingOptions,
): MunicipalitySpending[] | JointMunicipalitySpending[] {
  checkOptions(
    options,
    ['volume', 'price', 'spending', 'households', 'benefit', 'municipalities', 'threads'],
    'predictSpending',
  );
  const threadsOption = options.threads ?? 'auto';
  if (threadsOption !== 'auto') integerIn(threadsOption, 1, 256, 'threads', 'predictSpending');
  const { volume, price, spending: joint } = options;
  const twoPart = volume !== undefined || price !== undefined;
  if (joint !== undefined ? twoPart : !(volume && price)) {
    throw new SpecError(
      'invalid-option',
      joint !== undefined
        ? 'predictSpending: give either { spending } (the joint model) or { volume, price }, not both'
        : `predictSpending: give both a volume and a price model (or one joint spending model); ${volume ? 'price' : 'volume'} is missing`,
      { option: joint !== undefined ? 'spending' : volume ? 'price' : 'volume' },
    );
  }
  const frame = toFrame(options.households);
  if (joint) return predictJoint(joint, frame, options, threadsOption);
  return predictTwoPart(volume!, price!, frame, options, threadsOption);
}

/** The norm column, which must be numeric (yearly euros). */
function normColumn(frame: Frame, name: string) {
  const norm = frame.column(name);
  if (norm.kind !== 'numeric') {
    throw new DataError('invalid-value', `norm column '${name}' must be numeric (yearly euros)`, {
      column: name,
    });
  }
  return norm;
}

/** A household's norm amount, which must be positive and finite (else an error naming the row). */
function checkedNorm(nv: number, frame: Frame, name: string, i: number): number {
  if (!(nv > 0 && nv < Number.POSITIVE_INFINITY)) {
    throw new DataError(
      Number.isNaN(nv) ? 'missing-value' : 'out-of-range',
      `norm amount '${name}' is ${nv} at row ${dataRow(frame, i)}; every household needs a positive, finite normbedrag`,
      { column: name, row: dataRow(frame, i) },
    );
  }
  return nv;
}

/** {@link predictSpending} with the volume and price models. */
function predictTwoPart(
  volume: VolumeModel,
  price: PriceModel,
  frame: Frame,
  options: PredictSpendingOptions,
  threadsOption: number | 'auto',
): MunicipalitySpending[] {
  const n = frame.nrows;
  const normName = price.options.norm;
  const norm = normColumn(frame, normName);
  // η of both models straight from the columns, one block of rows at a time: no full-length
  // arrays of p̂, f̂ or benefits, and each household's terms are read while they are in cache.
  const volumeFit = planFit(volume.fit);
  const priceFit = planFit(price.fit);
  const volumePlan = planLinearPredictor(volumeFit, frame, null);
  const pricePlan = planLinearPredictor(priceFit, frame, null);
  const volumeInv = getFamily(volume.fit.family).linkinv;
  const priceInv = getFamily(price.fit.family).linkinv;
  const munName = volume.options.municipality;
  const groups = municipalityGroups(frame, munName, options.municipalities ?? null);
  const yName = volume.options.y;
  const bName = options.benefit ?? 'benefit';
  const y = frame.has(yName) ? frame.column(yName) : null;
  const b = frame.has(bName) ? frame.column(bName) : null;
  const yValues = y?.kind === 'numeric' ? y.values : null;
  const bValues = yValues && b?.kind === 'numeric' ? b.values : null;
  const size = groups.size;
  const count = new Float64Array(size);
  const recipients = new Float64Array(size);
  const spending = new Float64Array(size);
  const actualRec = new Float64Array(size);
  const actualSpend = new Float64Array(size);
  const etaV = new Float64Array(PREDICT_BLOCK);
  const etaP = new Float64Array(PREDICT_BLOCK);
  const normValues = norm.values;
  // The linear probability model's p̂ clipped to [0, 1] only when the volume model asked for it (`clip: true`).
  const clip = volume.options.clip === true;
  const add = (i: number, p0: number, fraction: number) => {
    const p = clip ? Math.min(1, Math.max(0, p0)) : p0;
    const k = groups.of(i);
    const nv = checkedNorm(normValues[i]!, frame, normName, i);
    const benefit = fraction * nv;
    count[k]!++;
    recipients[k]! += p;
    spending[k]! += p * benefit;
    if (yValues) {
      const yi = yValues[i]!;
      actualRec[k]! += yi;
      if (bValues && yi === 1) actualSpend[k]! += bValues[i]!;
    }
  };
  // The last rows' p̂ and f̂ on a worker thread (when threads allow); rows are summed in order either way.
  const helper = startPredictWorker(
    frame,
    null,
    [
      { fit: volumeFit, family: volume.fit.family, response: true },
      { fit: priceFit, family: price.fit.family, response: true },
    ],
    resolveThreads(threadsOption, n),
  );
  const split = helper ? helper.split : n;
  try {
    for (let b0 = 0; b0 < split; b0 += PREDICT_BLOCK) {
      const b1 = Math.min(split, b0 + PREDICT_BLOCK);
      volumePlan.block(b0, b1, etaV);
      pricePlan.block(b0, b1, etaP);
      for (let i = b0; i < b1; i++) add(i, volumeInv(etaV[i - b0]!), priceInv(etaP[i - b0]!));
    }
  } catch (e) {
    helper?.cancel();
    throw e;
  }
  if (helper) {
    const [p, f] = helper.collect() as [Float64Array, Float64Array];
    for (let i = split; i < n; i++) add(i, p[i - split]!, f[i - split]!);
  }
  return groups.keys.map((municipality, k) => ({
    municipality,
    households: count[k]!,
    expectedRecipients: recipients[k]!,
    expectedSpending: spending[k]!,
    actualRecipients: yValues ? actualRec[k]! : null,
    actualSpending: bValues ? actualSpend[k]! : null,
  }));
}

/**
 * {@link predictSpending} with the joint spending model: PB_i = Σ_h ŝ_h × norm_h, ŝ_h the predicted
 * expected benefit / norm. No receipt is predicted (expected and actual recipients are null); the
 * actual spending is Σ benefit_h when the data hold the benefit column.
 */
function predictJoint(
  model: SpendingModel,
  frame: Frame,
  options: PredictSpendingOptions,
  threadsOption: number | 'auto',
): JointMunicipalitySpending[] {
  const n = frame.nrows;
  const normName = model.options.norm;
  const norm = normColumn(frame, normName);
  const fit = planFit(model.fit);
  const plan = planLinearPredictor(fit, frame, null);
  const inv = getFamily(model.fit.family).linkinv;
  const groups = municipalityGroups(frame, model.options.municipality, options.municipalities ?? null);
  const bName = options.benefit ?? model.options.benefit;
  const b = frame.has(bName) ? frame.column(bName) : null;
  const bValues = b?.kind === 'numeric' ? b.values : null;
  const count = new Float64Array(groups.size);
  const spending = new Float64Array(groups.size);
  const actual = new Float64Array(groups.size);
  const normValues = norm.values;
  const add = (i: number, s: number) => {
    const k = groups.of(i);
    const nv = checkedNorm(normValues[i]!, frame, normName, i);
    count[k]!++;
    spending[k]! += s * nv;
    if (bValues) actual[k]! += bValues[i]!;
  };
  const helper = startPredictWorker(
    frame,
    null,
    [{ fit, family: model.fit.family, response: true }],
    resolveThreads(threadsOption, n),
  );
  const split = helper ? helper.split : n;
  const eta = new Float64Array(PREDICT_BLOCK);
  try {
    for (let b0 = 0; b0 < split; b0 += PREDICT_BLOCK) {
      const b1 = Math.min(split, b0 + PREDICT_BLOCK);
      plan.block(b0, b1, eta);
      for (let i = b0; i < b1; i++) add(i, inv(eta[i - b0]!));
    }
  } catch (e) {
    helper?.cancel();
    throw e;
  }
  if (helper) {
    const [s] = helper.collect() as [Float64Array];
    for (let i = split; i < n; i++) add(i, s[i - split]!);
  }
  return groups.keys.map((municipality, k) => ({
    municipality,
    households: count[k]!,
    expectedRecipients: null,
    expectedSpending: spending[k]!,
    actualRecipients: null,
    actualSpending: bValues ? actual[k]! : null,
  }));
}

/** Municipality of each row as a group number, groups in order of first appearance (as {@link groupCodes}). */
interface MunicipalityGroups {
  /** Upper bound of the group numbers. */
  readonly size: number;
  /** The group keys, filled in as rows are seen. */
  readonly keys: string[];
  /** Group of row i (rows asked in increasing order); a missing or unknown municipality throws. */
  of(i: number): number;
}

/**
 * Groups read from a factor column's codes as rows are visited (no n-long code array), checked
 * against the known municipalities at first sight; other columns go through {@link groupCodes}.
 */
function municipalityGroups(
  frame: Frame,
  column: string,
  municipalities: readonly string[] | null,
): MunicipalityGroups {
  const known = municipalities ? new Set(municipalities) : null;
  const check = (key: string, i: number) => {
    if (known && !known.has(key)) {
      throw new DataError(
        'unknown-unit',
        `household row ${i + 1} is in municipality '${key}', which is not among the ${known.size} known municipalities; map it to the current classification first`,
        { column, row: i + 1 },
      );
    }
  };
  const col = frame.column(column);
  if (col.kind === 'factor') {
    const codes = col.codes;
    const map = new Int32Array(col.levels.length).fill(-1);
    const keys: string[] = [];
    return {
      size: col.levels.length,
      keys,
      of(i) {
        const c = codes[i]!;
        if (c < 0) {
          throw new DataError('missing-value', `column '${column}' is missing at row ${i + 1}`, {
            column,
            row: i + 1,
          });
        }
        const g = map[c]!;
        if (g >= 0) return g;
        check(col.levels[c]!, i);
        map[c] = keys.length;
        keys.push(col.levels[c]!);
        return keys.length - 1;
      },
    };
  }
  const { keys, codes } = groupCodes(frame, column);
  const seen = new Uint8Array(keys.length);
  return {
    size: keys.length,
    keys,
    of(i) {
      const g = codes[i]!;
      if (seen[g] === 0) {
        check(keys[g]!, i);
        seen[g] = 1;
      }
      return g;
    },
  };
}
