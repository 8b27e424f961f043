/**
 * The row-wise part of the generator: each household's covariates, its regional columns and what
 * the outcome draws take of it (the three linear predictors, P(receipt), P(LKS), its expected
 * spending terms; see {@link outcomeRows}). Every household draws from a stream restarted from its
 * own slot, so the rows of a range of municipalities are the same numbers whoever computes them:
 * ./generate-rows.ts has a worker thread compute some of them into shared memory. This module is
 * what that worker loads: it imports no platform code (which would load the file readers too).
 * @internal
 */
import { sizeClassIndex } from '../allocation/size-classes.js';
import {
  allocateCovariates,
  type CovariateArrays,
  drawCovariatesOf,
  municipalityRowStarts,
} from './draw-covariates.js';
import { allocateOutcomeRows, type OutcomeRows, outcomeRows, type RowModel } from './draw-outcomes.js';
import {
  type FACTOR_COLUMNS,
  HHGROUP_LEVELS,
  HHTYPE_LEVELS,
  MIGRATION_LEVELS,
  REGIONAL_COLUMNS,
  type RegionalColumn,
  SIZE_CLASS_LEVELS,
} from './levels.js';
import type { MunicipalityFrame } from './municipality-frame.js';
import type { HouseholdColumn, HouseholdFactor } from './term-linear-predictor.js';
import type { HouseholdNumericColumns } from './types.js';

/** Every per-household array of the generator, all rows. */
export interface HouseholdRows {
  readonly covariates: CovariateArrays;
  readonly sizeClass: Uint8Array;
  readonly regional: Record<RegionalColumn, Float32Array>;
  readonly fraction: Float32Array;
  readonly benefit: Float64Array;
  /** What the outcome draws take of each row (see {@link outcomeRows}). */
  readonly outcome: OutcomeRows;
}

/** The generated columns: the factors and the numeric columns, in the order `columns()` lists them. */
export function householdColumns(
  frame: MunicipalityFrame,
  rows: HouseholdRows,
): {
  factors: Record<(typeof FACTOR_COLUMNS)[number], HouseholdFactor>;
  numeric: HouseholdNumericColumns;
} {
  const cov = rows.covariates;
  return {
    factors: {
      municipality: { codes: cov.municipality, levels: frame.ids },
      neighbourhood: { codes: cov.neighbourhood, levels: frame.nbIds },
      size_class: { codes: rows.sizeClass, levels: SIZE_CLASS_LEVELS },
      hhtype: { codes: cov.hhtype, levels: HHTYPE_LEVELS },
      hhgroup: { codes: cov.hhgroup, levels: HHGROUP_LEVELS },
      migration: { codes: cov.migration, levels: MIGRATION_LEVELS },
    },
    numeric: {
      ...cov.indicators,
      ...rows.regional,
      cost_sharers: cov.costSharers,
      norm: cov.norm,
      fraction: rows.fraction,
      benefit: rows.benefit,
    },
  };
}

/** All columns as one record (numeric first, then the factors), as `GeneratedHouseholds.columns()`. */
export function columnRecord(frame: MunicipalityFrame, rows: HouseholdRows): Record<string, HouseholdColumn> {
  const { factors, numeric } = householdColumns(frame, rows);
  return { ...numeric, ...factors };
}

/** Zeroed arrays for `n` households, their memory from `buffer`. */
export function allocateRows(
  n: number,
  frame: MunicipalityFrame,
  buffer: (bytes: number) => ArrayBufferLike,
): HouseholdRows {
  return {
    covariates: allocateCovariates(n, frame.nbIds.length, buffer),
    sizeClass: new Uint8Array(buffer(n)),
    regional: Object.fromEntries(REGIONAL_COLUMNS.map((c) => [c, new Float32Array(buffer(4 * n))])) as Record<
      RegionalColumn,
      Float32Array
    >,
    fraction: new Float32Array(buffer(4 * n)),
    benefit: new Float64Array(buffer(8 * n)),
    outcome: allocateOutcomeRows(n, buffer),
  };
}

/** Every array of the rows, in a fixed order (to send their shared memory to a worker and back). */
export function rowArrays(rows: HouseholdRows): ArrayBufferView[] {
  const c = rows.covariates;
  return [
    c.municipality,
    c.neighbourhood,
    c.hhtype,
    c.hhgroup,
    c.migration,
    ...Object.values(c.indicators),
    c.costSharers,
    c.norm,
    rows.sizeClass,
    ...Object.values(rows.regional),
    rows.fraction,
    rows.benefit,
    rows.outcome.volume,
    rows.outcome.lks,
    rows.outcome.price,
    rows.outcome.expectedSpending,
    rows.outcome.featureSpending,
  ];
}

/** The rows over memory another thread allocated (`allocateRows` with these buffers, in `rowArrays` order). */
function rowsOver(n: number, frame: MunicipalityFrame, buffers: readonly SharedArrayBuffer[]): HouseholdRows {
  let k = 0;
  return allocateRows(n, frame, () => buffers[k++]!);
}

/**
 * A function that computes the rows of municipalities [from, to): covariates, size class, regional
 * columns and their outcome rows. What every range shares (row starts, columns, the models' plans)
 * is prepared once, so a thread can take many small ranges.
 */
export function rowFiller(
  frame: MunicipalityFrame,
  perNeighbourhood: Int32Array,
  seed: number,
  models: RowModel,
  rows: HouseholdRows,
): (from: number, to: number) => void {
  const start = municipalityRowStarts(frame, perNeighbourhood);
  const cov = rows.covariates;
  const outcomes = outcomeRows(
    columnRecord(frame, rows),
    models,
    cov.norm.length,
    rows.outcome,
    cov.municipality,
    cov.norm,
  );
  const perMunicipality: [Float32Array, (i: number) => number][] = [
    [rows.regional.work_availability, (i) => frame.workAvailability[i]!],
    [rows.regional.work_not_norm, (i) => frame.workNotNorm[i]!],
    [rows.regional.low_skilled_work, (i) => frame.lowSkilledWork[i]!],
    [rows.regional.inhabitants, (i) => frame.inhabitants[i]!],
    [rows.regional.inhabitants_15_65, (i) => Math.round(frame.inhabitants[i]! * frame.share15to65[i]!)],
    [rows.regional.population_growth, (i) => frame.growth[i]!],
  ];
  return (from, to) => {
    drawCovariatesOf(frame, perNeighbourhood, seed, cov, from, to);
    // Rows are sorted by municipality and neighbourhood: each value fills a run of rows.
    let r = start[from]!;
    for (let i = from; i < to; i++) {
      const a = start[i]!;
      const b = start[i + 1]!;
      rows.sizeClass.fill(sizeClassIndex(frame.inhabitants[i]!), a, b);
      for (const [column, value] of perMunicipality) column.fill(value(i), a, b);
      for (let nb = frame.nbStart[i]!; nb < frame.nbStart[i + 1]!; nb++) {
        const end = r + perNeighbourhood[nb]!;
        rows.regional.nuisance.fill(frame.nbNuisance[nb]!, r, end);
        r = end;
      }
    }
    outcomes(start[from]!, start[to]!);
  };
}

// Worker side of ./generate-rows.ts.

/** Control words: the worker's state (0 running, 1 done, 2 failed), the next chunk, then one done flag per chunk. */
export const STATE = 0;
export const NEXT = 1;
export const FLAGS = 2;

/** What the rows worker gets as its `workerData`. */
export interface RowsWorkerData {
  readonly ctrl: SharedArrayBuffer;
  readonly frame: MunicipalityFrame;
  readonly perNeighbourhood: Int32Array;
  readonly seed: number;
  readonly models: RowModel;
  readonly rows: number;
  /** Chunk c is municipalities [bounds[c], bounds[c + 1]). */
  readonly bounds: Int32Array;
  readonly buffers: readonly SharedArrayBuffer[];
  readonly fault: 'throw' | 'hang' | null;
}

/** Take the next chunk (−1 when none is left). */
export function claim(ctrl: Int32Array, chunks: number): number {
  const c = Atomics.add(ctrl, NEXT, 1);
  return c < chunks ? c : -1;
}

/**
 * Worker side: compute chunks into the shared rows while any is left, mark each done, then mark the
 * worker done (or failed) and wake the main thread.
 * @internal
 */
export function serveGenerateRows(d: RowsWorkerData): void {
  const ctrl = new Int32Array(d.ctrl);
  const chunks = d.bounds.length - 1;
  try {
    if (d.fault === 'throw') throw new Error('injected generator worker failure');
    if (d.fault === 'hang') for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
    const fill = rowFiller(
      d.frame,
      d.perNeighbourhood,
      d.seed,
      d.models,
      rowsOver(d.rows, d.frame, d.buffers),
    );
    for (let c = claim(ctrl, chunks); c >= 0; c = claim(ctrl, chunks)) {
      fill(d.bounds[c]!, d.bounds[c + 1]!);
      Atomics.store(ctrl, FLAGS + c, 1);
    }
    Atomics.store(ctrl, STATE, 1);
  } catch {
    Atomics.store(ctrl, STATE, 2);
  }
  Atomics.notify(ctrl, STATE);
}
