/**
 * Municipality feature tables for the comparison analyses: one row per municipality, one column per
 * indicator. Internal to `src/outliers`.
 */
import type { Frame } from '../data/index.js';
import { OutlierInputError } from './errors.js';
import {
  idKey,
  type MemberLike,
  numberAt,
  type RecordsInput,
  readFrame,
  readIds,
  readNumbers,
  resolveMembers,
  showId,
  type UnitId,
} from './records.js';
import { scaledMoments } from './stable.js';

/** A frame indexed by municipality id (one row per municipality). */
export interface FeatureTable {
  readonly frame: Frame;
  /** The column holding the municipality ids. */
  readonly municipality: string;
  /** Municipality key → 0-based row. */
  readonly index: ReadonlyMap<string, number>;
  /** The municipality id of every row, as in the data. */
  readonly ids: readonly UnitId[];
  readonly fn: string;
}

/** Read the input once and index it by municipality; a municipality may appear once. */
export function featureTable(data: RecordsInput, municipality: string, fn: string): FeatureTable {
  const frame = readFrame(data, fn);
  const ids = readIds(frame, municipality, fn);
  const index = new Map<string, number>();
  ids.forEach((id, i) => {
    const earlier = index.get(idKey(id));
    if (earlier !== undefined) {
      throw new OutlierInputError(
        'duplicate',
        `${fn}: municipality ${showId(id)} appears twice (rows ${earlier + 1} and ${i + 1}); give one row per municipality`,
        { municipality: id, row: i + 1, column: municipality },
      );
    }
    index.set(idKey(id), i);
  });
  return { frame, municipality, index, ids, fn };
}

/** Resolve group members against the table (ids reported as the data spell them, 363 not '363'). */
export function resolveGroup(
  table: FeatureTable,
  members: readonly MemberLike[],
  label: string,
  fn: string,
  taken: Map<string, string>,
): UnitId[] {
  const known = (key: string) => {
    const row = table.index.get(key);
    return row === undefined ? undefined : table.ids[row];
  };
  return resolveMembers(known, members, label, fn, taken, `the data (column '${table.municipality}')`);
}

/** The values of one indicator (or control) for the given municipalities, each checked to be finite. */
export function indicatorValues(
  table: FeatureTable,
  ids: readonly UnitId[],
  indicator: string,
): Float64Array {
  const values = readNumbers(table.frame, indicator, table.fn, 'indicators', true);
  const out = new Float64Array(ids.length);
  ids.forEach((id, k) => {
    const index = table.index.get(idKey(id)) as number;
    out[k] = numberAt(values, indicator, table.fn, { index, municipality: id, indicator });
  });
  return out;
}

/** Comparison-group moments of an indicator, usable for z-scores at any scale. */
export interface Moments {
  readonly mean: number;
  /** SD with denominator n − 1. */
  readonly sd: number;
  /** A power of two that brings the values near 1 (z-scores are formed on scaled values). */
  readonly scale: number;
}

/** Mean and SD (n − 1) of an indicator in the comparison group, checked to be usable for z-scores. */
export function comparisonMoments(values: Float64Array, indicator: string, fn: string): Moments {
  if (values.length < 2) {
    throw new OutlierInputError(
      'too-few-rows',
      `${fn}: the comparison group has ${values.length} member(s); indicator '${indicator}' needs at least 2 for an SD`,
      { indicator },
    );
  }
  const m = scaledMoments(values);
  if (isConstant(values, m)) {
    throw new OutlierInputError(
      'zero-variance',
      `${fn}: indicator '${indicator}' has no variance in the comparison group (all ${values[0]}), so it cannot be standardised`,
      { indicator },
    );
  }
  if (!Number.isFinite(m.sd)) {
    throw new OutlierInputError(
      'too-large',
      `${fn}: the SD of indicator '${indicator}' in the comparison group is beyond the range of doubles; give the indicator in a larger unit`,
      { indicator, column: indicator },
    );
  }
  return m;
}

/** Constant, or varying only by rounding (SD below 1e-12 of the largest |value|). */
export function isConstant(values: ArrayLike<number>, m = scaledMoments(values)): boolean {
  let scale = 0;
  let same = true;
  for (let i = 0; i < values.length; i++) {
    scale = Math.max(scale, Math.abs(values[i] as number));
    if (values[i] !== values[0]) same = false;
  }
  return same || m.sd <= 1e-12 * scale;
}

/**
 * `(value − mean) / sd` on scaled values, so it cannot overflow in between; a z-score that is itself
 * beyond the range of doubles (a value 1e300 SDs away) is a `too-large` error naming the municipality.
 */
export function zScore(
  value: number,
  m: Moments,
  at: { readonly municipality: UnitId; readonly indicator: string; readonly fn: string },
): number {
  const z = (value * m.scale - m.mean * m.scale) / (m.sd * m.scale);
  if (!Number.isFinite(z)) {
    throw new OutlierInputError(
      'too-large',
      `${at.fn}: municipality ${showId(at.municipality)} lies beyond 1.8e308 comparison-group SDs on indicator '${at.indicator}' (value ${value}, SD ${m.sd})`,
      { municipality: at.municipality, indicator: at.indicator, column: at.indicator },
    );
  }
  return z;
}
