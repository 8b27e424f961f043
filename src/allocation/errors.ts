import { DataError, type DataErrorCode, type DataErrorDetails } from '../errors.js';

/** How many offending ids an error message lists before it says "and N more". */
const MAX_LISTED = 10;

/** Format a list of municipality ids for an error message: `'GM0001', 'GM0002' and 3 more`. */
export function listIds(ids: readonly string[]): string {
  const shown = ids.slice(0, MAX_LISTED).map((id) => `'${id}'`);
  const rest = ids.length - shown.length;
  return rest > 0 ? `${shown.join(', ')} and ${rest} more` : shown.join(', ');
}

/**
 * Bad per-municipality input: a duplicate, unknown or missing municipality, a missing or out-of-range
 * value. It is a {@link DataError} (so `catch (e) { if (e instanceof DataError) … }` still works) that
 * also carries the offending municipality codes in `ids`, so a caller can fix or report all of them at once.
 *
 * @example
 * ```ts
 * import { allocateBudget, MunicipalityError } from 'verdeelmodel/allocation';
 * const municipalities = [{ municipality: 'GM0363', inhabitants: 0, predictedSpending: 1, spendingTwoYearsEarlier: 1 }];
 * try { allocateBudget({ municipalities, macroBudget: 6.9e9 }); }
 * catch (e) { if (e instanceof MunicipalityError) console.error(e.code, e.ids); }
 * ```
 */
export class MunicipalityError extends DataError {
  /** The municipality codes at fault (all of them, not only those the message lists). */
  readonly ids: readonly string[];
  constructor(code: DataErrorCode, message: string, ids: readonly string[], where: DataErrorDetails = {}) {
    super(code, message, where);
    this.ids = ids;
  }
}
