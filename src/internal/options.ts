import { SpecError } from '../errors.js';

/**
 * The one place options objects are checked: every public function resolves its options through
 * these helpers, so an unknown key (`clustr`) or an unknown value (`estimator: 'probit'`) is a
 * {@link SpecError} naming it and the allowed ones, never silently ignored.
 * @internal
 */
export function checkOptions<T extends object>(
  options: T | undefined | null,
  allowed: readonly string[],
  where: string,
): T {
  if (options === undefined || options === null) return {} as T;
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new SpecError('invalid-option', `${where}: options must be an object, not ${describe(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      const near = nearest(key, allowed);
      throw new SpecError(
        'unknown-option',
        `${where}: unknown option '${key}'${near ? ` (did you mean '${near}'?)` : ''}; the options are ${allowed.join(', ')}`,
        { option: key },
      );
    }
  }
  return options;
}

/** A value that must be one of a fixed list. @internal */
export function oneOf<const T extends string | number | boolean>(
  value: unknown,
  allowed: readonly T[],
  option: string,
  where: string,
): T {
  if (!allowed.includes(value as T)) {
    throw new SpecError(
      'invalid-option',
      `${where}: ${option} must be ${allowed.map(describe).join(', ')}; got ${describe(value)}`,
      { option },
    );
  }
  return value as T;
}

/** An integer within [min, max] (both inclusive). @internal */
export function integerIn(value: unknown, min: number, max: number, option: string, where: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new SpecError(
      'invalid-option',
      `${where}: ${option} must be an integer from ${min} to ${max}; got ${describe(value)}`,
      { option },
    );
  }
  return value;
}

/** A finite number within [min, max] (both inclusive unless `open` says otherwise). @internal */
export function numberIn(
  value: unknown,
  min: number,
  max: number,
  option: string,
  where: string,
  open: { readonly min?: boolean; readonly max?: boolean } = {},
): number {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (open.min ? value > min : value >= min) &&
    (open.max ? value < max : value <= max);
  if (!ok) {
    const lo = open.min ? '(' : '[';
    const hi = open.max ? ')' : ']';
    throw new SpecError(
      'invalid-option',
      `${where}: ${option} must be a finite number in ${lo}${min}, ${max}${hi}; got ${describe(value)}`,
      { option },
    );
  }
  return value;
}

/** A seed for the library's random generators: a safe integer. @internal */
export function seedOption(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new SpecError(
      'invalid-option',
      `${where}: seed must be an integer (a safe integer, |seed| < 2^53); got ${describe(value)}`,
      { option: 'seed' },
    );
  }
  return value;
}

function describe(v: unknown): string {
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'object' && v !== null) return Array.isArray(v) ? 'an array' : 'an object';
  return String(v);
}

/** The allowed key closest to a misspelt one (edit distance ≤ 2), for the error message. */
function nearest(key: string, allowed: readonly string[]): string | null {
  let best: string | null = null;
  let bestD = 3;
  for (const a of allowed) {
    const d = editDistance(key.toLowerCase(), a.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = a;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] as number;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] as number;
      prev[j] = Math.min(up + 1, (prev[j - 1] as number) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length] as number;
}
