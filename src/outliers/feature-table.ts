/**
 * Municipality feature tables for the comparison analyses: one row per municipality, one column per
 * indicator. Internal to `src/outliers`.
 */
import { SpecError } from '../errors.js';
import { OutlierInputError } from './errors.js';
import {
  idKey,
  type MemberLike,
  mean,
  memberId,
  type RecordsInput,
  readId,
  readNumber,
  sampleSd,
  showId,
  toRows,
  type UnitId,
} from './records.js';

/** Rows indexed by municipality id. */
export interface FeatureTable {
  readonly rows: readonly Readonly<Record<string, unknown>>[];
  readonly idColumn: string;
  readonly index: ReadonlyMap<string, number>;
}

/** Index the rows by municipality; a municipality may appear once. */
export function featureTable(data: RecordsInput, idColumn: string, fn: string): FeatureTable {
  const rows = toRows(data, fn);
  if (rows.length === 0) throw new OutlierInputError('empty', `${fn} requires at least one row`);
  const index = new Map<string, number>();
  rows.forEach((row, i) => {
    const id = readId(row, idColumn, i);
    const earlier = index.get(idKey(id));
    if (earlier !== undefined) {
      throw new OutlierInputError(
        'duplicate',
        `${fn}: municipality ${showId(id)} appears twice (rows ${earlier} and ${i}); give one row per municipality`,
        { municipality: id, row: i, column: idColumn },
      );
    }
    index.set(idKey(id), i);
  });
  return { rows, idColumn, index };
}

/** Resolve group members to ids, checking that each is in the table and in no earlier group. */
export function resolveGroup(
  table: FeatureTable,
  members: readonly MemberLike[],
  label: string,
  fn: string,
  taken: Map<string, string>,
): UnitId[] {
  const ids: UnitId[] = [];
  for (const member of members) {
    const id = memberId(member);
    if (!table.index.has(idKey(id))) {
      throw new OutlierInputError(
        'unknown-unit',
        `${fn}: ${label} municipality ${showId(id)} is not in the data (column '${table.idColumn}')`,
        { municipality: id },
      );
    }
    const earlier = taken.get(idKey(id));
    if (earlier !== undefined) {
      throw new OutlierInputError(
        'duplicate',
        earlier === label
          ? `${fn}: municipality ${showId(id)} is listed twice in the ${label} group`
          : `${fn}: municipality ${showId(id)} is in the ${earlier} group and in the ${label} group`,
        { municipality: id },
      );
    }
    taken.set(idKey(id), label);
    ids.push(id);
  }
  return ids;
}

/** The values of one indicator for the given municipalities. */
export function indicatorValues(
  table: FeatureTable,
  ids: readonly UnitId[],
  indicator: string,
): Float64Array {
  const out = new Float64Array(ids.length);
  ids.forEach((id, k) => {
    const row = table.index.get(idKey(id))!;
    out[k] = readNumber(table.rows[row], indicator, { row, municipality: id, indicator });
  });
  return out;
}

/** Mean and SD (n − 1) of an indicator in the comparison group, checked to be usable for z-scores. */
export function comparisonMoments(
  values: Float64Array,
  indicator: string,
  fn: string,
): { mean: number; sd: number } {
  if (values.length < 2) {
    throw new OutlierInputError(
      'too-few-rows',
      `${fn}: the comparison group has ${values.length} member(s); indicator '${indicator}' needs at least 2 for an SD`,
      { indicator },
    );
  }
  const m = mean(values);
  const sd = sampleSd(values);
  let scale = 0;
  for (const v of values) scale = Math.max(scale, Math.abs(v));
  if (values.every((v) => v === values[0]) || sd <= 1e-12 * scale) {
    throw new OutlierInputError(
      'zero-variance',
      `${fn}: indicator '${indicator}' has no variance in the comparison group (all ${values[0]}), so it cannot be standardised`,
      { indicator },
    );
  }
  return { mean: m, sd };
}

/** Check an indicator list: non-empty, no duplicates. */
export function checkIndicators(indicators: readonly string[], fn: string): void {
  if (!Array.isArray(indicators) || indicators.length === 0) {
    throw new SpecError('invalid-option', `${fn}: indicators must list at least one column`);
  }
  const seen = new Set<string>();
  for (const name of indicators) {
    if (typeof name !== 'string' || name.length === 0)
      throw new SpecError('invalid-option', `${fn}: indicator names must be strings`);
    if (seen.has(name)) throw new SpecError('invalid-option', `${fn}: indicator '${name}' is listed twice`);
    seen.add(name);
  }
}
