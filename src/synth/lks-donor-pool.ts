import { DataError, SpecError } from '../errors.js';
import { checkOptions, numberIn } from '../internal/options.js';

/** Options of {@link lksDonorPool}. */
export interface LksDonorPoolOptions {
  /** Municipalities below this many inhabitants are small. @default 15000 */
  readonly smallBelow?: number;
  /** Municipalities from this many inhabitants up are large (the treated group). @default 40000 */
  readonly largeFrom?: number;
  /**
   * Share of the medium class (smallest first) added to the small municipalities: 0.2 in the main
   * LKS design, 0.35 and 0 (small only) in the sensitivity variants.
   * @default 0.2
   */
  readonly mediumShare?: number;
}

/** The LKS evaluation's split of municipalities by size. */
export interface LksDonorPool {
  /** Large municipalities: the treated group (their mean is the treated series). */
  readonly treated: readonly string[];
  /** Small municipalities plus the smallest `mediumShare` of the medium ones. */
  readonly donors: readonly string[];
  /** Medium municipalities not in the pool. */
  readonly excluded: readonly string[];
  /** Number of medium municipalities added: round(mediumShare × number of medium ones). */
  readonly mediumAdded: number;
}

/**
 * Donor-pool rule of the SEOR (2026) LKS evaluation: treated = large municipalities (≥ 40,000
 * inhabitants), donors = small ones (< 15,000) plus the smallest 20 % of the medium class
 * (variants: small only, 35 %). The number taken is round(share × medium count); ties in
 * inhabitants are broken by unit id so the pool is deterministic. Unit ids are compared as strings.
 *
 * @param units - municipality ids
 * @param inhabitants - inhabitants per municipality (same order)
 * @example
 * ```ts
 * import { lksDonorPool } from 'verdeelmodel/synth';
 * lksDonorPool(['a', 'b', 'c', 'd', 'e'], [9000, 12000, 16000, 30000, 50000], { mediumShare: 0.5 });
 * // => { treated: ['e'], donors: ['a', 'b', 'c'], excluded: ['d'], mediumAdded: 1 }
 * ```
 */
export function lksDonorPool(
  units: readonly (string | number)[],
  inhabitants: ArrayLike<number>,
  options: LksDonorPoolOptions = {},
): LksDonorPool {
  const where = 'lksDonorPool';
  checkOptions(options, ['smallBelow', 'largeFrom', 'mediumShare'], where);
  const smallBelow =
    options.smallBelow === undefined
      ? 15000
      : numberIn(options.smallBelow, 0, Number.MAX_VALUE, 'smallBelow', where);
  const largeFrom =
    options.largeFrom === undefined
      ? 40000
      : numberIn(options.largeFrom, 0, Number.MAX_VALUE, 'largeFrom', where);
  const share =
    options.mediumShare === undefined ? 0.2 : numberIn(options.mediumShare, 0, 1, 'mediumShare', where);
  if (!(share >= 0 && share <= 1)) throw new SpecError('invalid-option', 'mediumShare must lie in [0, 1]');
  if (!(smallBelow <= largeFrom))
    throw new SpecError('invalid-option', 'smallBelow must not exceed largeFrom');
  if (units.length !== inhabitants.length) {
    throw new DataError(
      'length-mismatch',
      `${units.length} units but ${inhabitants.length} inhabitant counts`,
    );
  }
  const seen = new Set<string>();
  const small: string[] = [];
  const medium: { id: string; n: number }[] = [];
  const large: string[] = [];
  units.forEach((u, i) => {
    const id = String(u);
    const n = inhabitants[i]!;
    if (seen.has(id)) throw new DataError('duplicate', `municipality '${id}' is listed twice`, { row: i });
    seen.add(id);
    if (!Number.isFinite(n) || n < 0) {
      throw new DataError('invalid-value', `municipality '${id}' has inhabitants ${n}; give a count ≥ 0`, {
        row: i,
      });
    }
    if (n < smallBelow) small.push(id);
    else if (n >= largeFrom) large.push(id);
    else medium.push({ id, n });
  });
  medium.sort((a, b) => a.n - b.n || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const added = Math.round(share * medium.length);
  const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    treated: large.sort(byId),
    donors: [...small, ...medium.slice(0, added).map((m) => m.id)].sort(byId),
    excluded: medium
      .slice(added)
      .map((m) => m.id)
      .sort(byId),
    mediumAdded: added,
  };
}
