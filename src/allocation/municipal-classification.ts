import { DataError, SpecError } from '../errors.js';
import { checkOptions, oneOf } from '../internal/options.js';
import { listIds, MunicipalityError } from './errors.js';
import { compareIds } from './municipality-values.js';

/** One row of an old → new code table ("herindeling"). */
export interface CodeMapping {
  /** The old municipality code. */
  readonly from: string;
  /** The code it became part of. A row with `from === to` marks an unchanged municipality. */
  readonly to: string;
  /** Year the change took effect (1 January); rows without a year always apply. */
  readonly year?: number;
  /**
   * For a municipality split over several successors: the fraction that goes to `to` (e.g. its population
   * share). Required on every row of a split; the fractions of one `from` must add up to 1.
   * @default 1
   */
  readonly fraction?: number;
}

/** Options of {@link municipalClassification}. */
export interface MunicipalClassificationOptions {
  /**
   * Build the classification of this year: apply only rows with `year <= targetYear` (and rows without a year).
   * @default every row applies
   */
  readonly targetYear?: number;
  /**
   * Codes of the target classification that no mapping row mentions (unchanged municipalities), so that they
   * are known rather than unknown.
   * @default []
   */
  readonly targetCodes?: readonly string[];
  /**
   * A code that is neither mapped nor a target code: `'error'` throws naming it, `'keep'` passes it through
   * unchanged (for mapping tables that list only the mergers).
   * @default 'error'
   */
  readonly unknownCodes?: 'error' | 'keep';
}

/** A successor code with the fraction of the old municipality that goes to it. */
export interface Successor {
  readonly code: string;
  readonly fraction: number;
}

/** A resolved classification: plain data, JSON-serialisable. */
export interface MunicipalClassification {
  /** Every mapped old code with its successors in the target classification (chains resolved; fractions sum to 1). */
  readonly successors: Readonly<Record<string, readonly Successor[]>>;
  /** The codes of the target classification (sorted). */
  readonly targetCodes: readonly string[];
  readonly options: {
    readonly targetYear: number | null;
    readonly unknownCodes: 'error' | 'keep';
  };
}

const FRACTION_TOLERANCE = 1e-9;
const WHERE = 'municipalClassification';

/**
 * Build a municipal classification from an old → new code table, so that data from several years can be put
 * on one classification year ("gemeentelijke indeling") as the evaluations do [DOMAIN §6]: S1 sums merged
 * municipalities as if they had always been merged, S0 uses the 2023 classification.
 *
 * Chains are resolved (A→B in 2019 and B→C in 2021 give A→C), splits are followed with their fractions
 * (A→B 0.6, A→C 0.4; fractions multiply along a chain), and rows with `from === to` mark unchanged codes.
 *
 * @param mapping - The code table.
 * @param options - Target year, extra target codes, handling of unknown codes.
 * @returns The resolved successors per old code and the target codes.
 * @throws {MunicipalityError} `invalid-value` for a cycle (naming its codes), a split without fractions or
 *   whose fractions do not add up to 1, a code that is both unchanged and mapped, a NaN or infinite row year;
 *   `duplicate` for a repeated row.
 * @throws {SpecError} `invalid-option` for a `targetYear` that is not a finite number or a bad `unknownCodes` /
 *   `targetCodes`, `unknown-option` for an unknown option.
 * @example
 * ```ts
 * import { municipalClassification } from 'verdeelmodel/allocation';
 * const c = municipalClassification([
 *   { from: 'GM0001', to: 'GM0002', year: 2019 },
 *   { from: 'GM0002', to: 'GM0003', year: 2021 },
 * ]);
 * c.successors.GM0001; // => [{ code: 'GM0003', fraction: 1 }]
 * ```
 */
export function municipalClassification(
  mapping: readonly CodeMapping[],
  options: MunicipalClassificationOptions = {},
): MunicipalClassification {
  const o = checkOptions(options, ['targetYear', 'targetCodes', 'unknownCodes'], WHERE);
  const targetYear = o.targetYear ?? null;
  const unknownCodes = oneOf(o.unknownCodes ?? 'error', ['error', 'keep'], 'unknownCodes', WHERE);
  if (targetYear !== null && (typeof targetYear !== 'number' || !Number.isFinite(targetYear))) {
    // A NaN target year would compare false against every row year and silently apply all rows.
    throw new SpecError('invalid-option', `${WHERE}: targetYear must be a finite year, got ${targetYear}`, {
      option: 'targetYear',
    });
  }
  const targetCodes = o.targetCodes ?? [];
  if (!Array.isArray(targetCodes) || targetCodes.some((c) => typeof c !== 'string' || c === '')) {
    throw new SpecError('invalid-option', `${WHERE}: targetCodes must be an array of non-empty codes`, {
      option: 'targetCodes',
    });
  }
  if (!Array.isArray(mapping)) {
    throw new DataError('invalid-value', `${WHERE}: the mapping must be an array of { from, to } rows`);
  }
  const edges = new Map<string, { to: string; fraction: number | undefined; row: number }[]>();
  const unchanged = new Set<string>();
  mapping.forEach((m, index) => {
    const row = index + 1; // 1-based, as a spreadsheet of the code table shows it
    if (
      m === null ||
      typeof m !== 'object' ||
      typeof m.from !== 'string' ||
      typeof m.to !== 'string' ||
      m.from === '' ||
      m.to === ''
    ) {
      throw new DataError(
        'invalid-value',
        `municipalClassification: row ${row} needs string codes 'from' and 'to'`,
        { row, column: typeof m?.from === 'string' && m.from !== '' ? 'to' : 'from' },
      );
    }
    if (m.fraction !== undefined && !(typeof m.fraction === 'number' && m.fraction > 0 && m.fraction <= 1)) {
      throw new MunicipalityError(
        'invalid-value',
        `municipalClassification: row ${row} (${m.from} → ${m.to}) has fraction ${m.fraction}; it must be in (0, 1]`,
        [m.from],
        { column: 'fraction', row },
      );
    }
    if (m.year !== undefined && (typeof m.year !== 'number' || !Number.isFinite(m.year))) {
      throw new MunicipalityError(
        'invalid-value',
        `municipalClassification: row ${row} (${m.from} → ${m.to}) has year ${m.year}; give a finite year or none`,
        [m.from],
        { column: 'year', row },
      );
    }
    if (targetYear !== null && m.year !== undefined && m.year > targetYear) return;
    if (m.from === m.to) {
      unchanged.add(m.from);
      return;
    }
    const list = edges.get(m.from) ?? [];
    if (list.some((e) => e.to === m.to)) {
      throw new MunicipalityError(
        'duplicate',
        `municipalClassification: ${m.from} → ${m.to} appears twice (row ${row})`,
        [m.from],
        { row },
      );
    }
    list.push({ to: m.to, fraction: m.fraction, row });
    edges.set(m.from, list);
  });
  const conflicting = [...unchanged].filter((c) => edges.has(c)).sort(compareIds);
  if (conflicting.length > 0) {
    throw new MunicipalityError(
      'invalid-value',
      `municipalClassification: codes ${listIds(conflicting)} are marked unchanged (from = to) and also mapped to another code`,
      conflicting,
    );
  }
  for (const [from, list] of edges) {
    if (list.length === 1 && list[0]!.fraction === undefined) continue;
    if (list.some((e) => e.fraction === undefined)) {
      throw new MunicipalityError(
        'invalid-value',
        `municipalClassification: ${from} is split over ${list.map((e) => e.to).join(', ')}; give a fraction on each of these rows`,
        [from],
      );
    }
    const total = list.reduce((s, e) => s + e.fraction!, 0);
    if (Math.abs(total - 1) > FRACTION_TOLERANCE) {
      throw new MunicipalityError(
        'invalid-value',
        `municipalClassification: the fractions of ${from} add up to ${total}, not 1`,
        [from],
      );
    }
  }

  const resolved = new Map<string, Successor[]>();
  const visiting: string[] = [];
  const resolve = (code: string): Successor[] => {
    const done = resolved.get(code);
    if (done) return done;
    const list = edges.get(code);
    if (!list) return [{ code, fraction: 1 }];
    const at = visiting.indexOf(code);
    if (at >= 0) {
      const cycle = [...visiting.slice(at), code];
      throw new MunicipalityError(
        'invalid-value',
        `municipalClassification: the mapping has a cycle ${cycle.join(' → ')}; a merged code cannot map back`,
        cycle.slice(0, -1),
      );
    }
    visiting.push(code);
    const merged = new Map<string, number>();
    for (const e of list) {
      for (const s of resolve(e.to))
        merged.set(s.code, (merged.get(s.code) ?? 0) + (e.fraction ?? 1) * s.fraction);
    }
    visiting.pop();
    const result = [...merged]
      .sort(([a], [b]) => compareIds(a, b))
      .map(([c, fraction]) => ({ code: c, fraction }));
    resolved.set(code, result);
    return result;
  };
  // fromEntries defines own properties: a code such as '__proto__' or 'constructor' is a key like any other.
  const successors: Record<string, readonly Successor[]> = Object.fromEntries(
    [...edges.keys()].sort(compareIds).map((from) => [from, resolve(from)]),
  );

  const targets = new Set<string>([...unchanged, ...targetCodes]);
  for (const list of Object.values(successors)) for (const s of list) targets.add(s.code);
  const mappedTargets = [...targets].filter((c) => edges.has(c)).sort(compareIds);
  if (mappedTargets.length > 0) {
    throw new MunicipalityError(
      'invalid-value',
      `municipalClassification: targetCodes ${listIds(mappedTargets)} no longer exist in the target classification (they are mapped)`,
      mappedTargets,
    );
  }
  return { successors, targetCodes: [...targets].sort(compareIds), options: { targetYear, unknownCodes } };
}

/**
 * The successors of one code in a classification: itself for a target code, the resolved successors for a
 * mapped code.
 *
 * @throws {MunicipalityError} `unknown-unit` for a code the classification does not know (unless it was built
 *   with `unknownCodes: 'keep'`).
 * @example
 * ```ts
 * import { mapMunicipalityCode, municipalClassification } from 'verdeelmodel/allocation';
 * const c = municipalClassification([{ from: 'GM0001', to: 'GM0003', year: 2021 }]);
 * mapMunicipalityCode(c, 'GM0001'); // => [{ code: 'GM0003', fraction: 1 }]
 * ```
 */
export function mapMunicipalityCode(
  classification: MunicipalClassification,
  code: string,
): readonly Successor[] {
  const mapped = Object.hasOwn(classification.successors, code) ? classification.successors[code] : undefined;
  if (mapped) return mapped;
  if (classification.options.unknownCodes === 'error' && !isTargetCode(classification, code)) {
    throw new MunicipalityError(
      'unknown-unit',
      `municipality code '${code}' is neither in the mapping nor a target code; add it (from = to, or targetCodes) or use unknownCodes: 'keep'`,
      [code],
    );
  }
  return [{ code, fraction: 1 }];
}

function isTargetCode(classification: MunicipalClassification, code: string): boolean {
  // targetCodes is sorted in code order: binary search.
  const codes = classification.targetCodes;
  let lo = 0;
  let hi = codes.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = compareIds(codes[mid]!, code);
    if (c === 0) return true;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
