/** The LKS scheme of a report month: Participatiewet (art. 10d), flat-rate ("forfaitaire") or temporary (municipal) LKS. */
export type LksScheme = 'pwet' | 'flat-rate' | 'temporary';

/** The schemes in their code order (`Trajectory.schemes` holds these codes). */
export const LKS_SCHEMES: readonly LksScheme[] = ['pwet', 'flat-rate', 'temporary'];

/**
 * The columns of SRG records as {@link cleanTrajectories} reads them: one row per trajectory
 * ("voorziening") per report month ("berichtmaand"). Dates are ISO days `'YYYY-MM-DD'`, the report
 * month is `'YYYY-MM'`; `end` and `lw` may be missing (null, blank). Any input shape `toFrame`
 * accepts will do (row objects, a column record, an arquero table, a Frame).
 */
export interface TrajectoryRecord {
  /** Trajectory number ("voorzieningnummer"). */
  readonly trajectory: string;
  readonly person: string;
  /** The paying municipality. */
  readonly municipality: string;
  /** The reporter ("berichtgever"). */
  readonly reporter: string;
  readonly employer: string;
  readonly scheme: LksScheme;
  /** Reported start date `'YYYY-MM-DD'`. */
  readonly start: string;
  /** Reported end date `'YYYY-MM-DD'`; null or blank when none is reported. */
  readonly end: string | null;
  /** Report month `'YYYY-MM'`. */
  readonly month: string;
  /** Wage value ("loonwaarde") 0–100; null when missing. */
  readonly lw: number | null;
  /** Weekly contract hours. */
  readonly hours: number;
  /** SBI main sector (letter A–U). */
  readonly sector: string;
  /** Age in years in the report month. */
  readonly age: number;
}

/**
 * One cleaned trajectory. Monthly values run from `firstMonth` (index 0) for `schemes.length`
 * months: the months from the start (not before the data's first month) to the end month, or to
 * the last report month while the trajectory is still running.
 */
export interface Trajectory {
  /** The number of its first part. */
  readonly id: string;
  /** Every record number merged into it (renumbering, flat-rate → Pwet), in order. */
  readonly numbers: readonly string[];
  readonly person: string;
  readonly municipality: string;
  readonly reporter: string;
  readonly employer: string;
  readonly sector: string;
  /** Start date `'YYYY-MM-DD'`. */
  readonly start: string;
  /** End date `'YYYY-MM-DD'`; null while the trajectory is still running after the data. */
  readonly end: string | null;
  /** True when `end` is the last day of the last report month (no end date was reported, rule 2). */
  readonly endImputed: boolean;
  /** Month `'YYYY-MM'` of the first monthly value. */
  readonly firstMonth: string;
  /** Scheme code per month (index into {@link LKS_SCHEMES}). */
  readonly schemes: Uint8Array;
  /** Wage value per month (reported, held or filled); NaN where there is none. */
  readonly lw: Float64Array;
  /** Weekly contract hours per month. */
  readonly hours: Float64Array;
  /** Age per month. */
  readonly age: Float64Array;
}
