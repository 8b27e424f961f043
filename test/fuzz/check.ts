/**
 * The one check every fuzz property makes: a call returns finite, correctly shaped output or throws a
 * `VerdeelmodelError` with a non-empty `code`, within a time limit, and `Object.prototype` is unchanged.
 */
import fc from 'fast-check';
import { VerdeelmodelError } from '../../src/errors.js';

/** A call slower than this is a failure (a hang in the making), named by its input. */
export const CALL_LIMIT_MS = 5000;

export interface WalkOptions {
  /** NaN is allowed (the function documents NaN for missing). */
  readonly allowNaN?: boolean;
  /** ±Infinity is allowed (the function documents it, e.g. an unbounded axis). */
  readonly allowInfinity?: boolean;
  /** Paths (dot-joined, `*` for any array index) where non-finite numbers are documented. */
  readonly nonFiniteAt?: readonly RegExp[];
  /** Stop walking arrays/typed arrays after this many elements (large outputs). */
  readonly maxElements?: number;
}

/** Text of an input for a failure message: NaN, ±Infinity, -0, undefined, bigint, Map and typed arrays shown. */
export function show(value: unknown, max = 1500): string {
  const seen = new WeakSet<object>();
  const go = (v: unknown, depth: number): string => {
    if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
    if (typeof v === 'bigint') return `${v}n`;
    if (typeof v === 'string') return JSON.stringify(v);
    if (v === undefined) return 'undefined';
    if (v === null || typeof v !== 'object') return String(v);
    if (seen.has(v) || depth > 6) return '…';
    seen.add(v);
    if (v instanceof Map)
      return `Map{${[...v].map(([k, x]) => `${go(k, depth + 1)} => ${go(x, depth + 1)}`).join(', ')}}`;
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
      return `${v.constructor.name}[${Array.from(v as unknown as ArrayLike<number>, (x) => go(x, depth + 1)).join(', ')}]`;
    }
    if (Array.isArray(v)) return `[${v.map((x) => go(x, depth + 1)).join(', ')}]`;
    const keys = Reflect.ownKeys(v).filter((k): k is string => typeof k === 'string');
    return `{${keys.map((k) => `${JSON.stringify(k)}: ${go((v as Record<string, unknown>)[k], depth + 1)}`).join(', ')}}`;
  };
  const s = go(value, 0);
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/**
 * Walks an output and returns the first problem: a non-finite number (unless allowed), a thrown getter.
 * Functions, Maps and typed arrays are walked too; cycles are followed once.
 */
export function findNonFinite(value: unknown, options: WalkOptions = {}): string | null {
  const seen = new WeakSet<object>();
  const max = options.maxElements ?? 10_000;
  const allowed = (n: number, path: string) =>
    (Number.isNaN(n) && options.allowNaN) ||
    (!Number.isNaN(n) && options.allowInfinity) ||
    (options.nonFiniteAt ?? []).some((re) => re.test(path));
  const go = (v: unknown, path: string): string | null => {
    if (typeof v === 'number') return Number.isFinite(v) || allowed(v, path) ? null : `${path} = ${v}`;
    if (v === null || typeof v !== 'object') return null;
    if (seen.has(v)) return null;
    seen.add(v);
    if (v instanceof Map) {
      let i = 0;
      for (const [k, x] of v) {
        if (i++ >= max) break;
        const p = go(x, `${path}.${String(k)}`) ?? go(k, `${path}.<key>`);
        if (p) return p;
      }
      return null;
    }
    if (v instanceof Set) return null;
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
      const a = v as unknown as ArrayLike<number>;
      for (let i = 0; i < Math.min(a.length, max); i++) {
        const p = go(a[i], `${path}.*`);
        if (p) return p.replace('.*', `[${i}]`);
      }
      return null;
    }
    if (Array.isArray(v)) {
      for (let i = 0; i < Math.min(v.length, max); i++) {
        const p = go(v[i], `${path}.*`);
        if (p) return p.replace(/\.\*(?!.*\.\*)/, `[${i}]`);
      }
      return null;
    }
    for (const k of Object.keys(v)) {
      let x: unknown;
      try {
        x = (v as Record<string, unknown>)[k];
      } catch (e) {
        return `${path}.${k}: getter threw ${String(e)}`;
      }
      const p = go(x, `${path}.${k}`);
      if (p) return p;
    }
    return null;
  };
  return go(value, '$');
}

/** Per label: how many calls returned and how many threw a typed error (reset by each {@link fuzz}). */
const tally = new Map<string, { ok: number; errors: Map<string, number> }>();
const firstMessage = new Map<string, string>();

function count(label: string, code: string | null, message = ''): void {
  if (code !== null && !firstMessage.has(`${label} ${code}`)) firstMessage.set(`${label} ${code}`, message);
  let t = tally.get(label);
  if (!t) {
    t = { ok: 0, errors: new Map() };
    tally.set(label, t);
  }
  if (code === null) t.ok++;
  else t.errors.set(code, (t.errors.get(code) ?? 0) + 1);
}

/** What a call did: returned a value or threw a typed error (anything else fails the property). */
export type Outcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: VerdeelmodelError };

function judgeError(label: string, input: unknown, e: unknown): Outcome<never> {
  if (e instanceof VerdeelmodelError && typeof e.code === 'string' && e.code !== '') {
    count(label, e.code, e.message);
    return { ok: false, error: e };
  }
  const what = e instanceof Error ? `${e.constructor.name}: ${e.message}\n${e.stack ?? ''}` : String(e);
  throw new Error(`${label} threw an untyped error for input ${show(input)}:\n${what}`);
}

function judgeTime(label: string, input: unknown, start: number): void {
  const ms = performance.now() - start;
  if (ms > CALL_LIMIT_MS)
    throw new Error(`${label} took ${ms.toFixed(0)} ms (> ${CALL_LIMIT_MS}) for input ${show(input)}`);
}

function judgeValue(label: string, input: unknown, value: unknown, walk: WalkOptions | false): void {
  if (walk === false) return;
  const bad = findNonFinite(value, walk);
  if (bad) throw new Error(`${label} returned a non-finite number (${bad}) for input ${show(input)}`);
}

/**
 * Calls `fn` and judges it: a typed error is returned as `{ ok: false }`; a value is walked for non-finite
 * numbers (as `walk` allows) and returned as `{ ok: true }` for the caller's shape checks.
 */
export function call<T>(
  label: string,
  input: unknown,
  fn: () => T,
  walk: WalkOptions | false = {},
): Outcome<T> {
  const start = performance.now();
  let value: T;
  try {
    value = fn();
  } catch (e) {
    judgeTime(label, input, start);
    return judgeError(label, input, e);
  }
  judgeTime(label, input, start);
  judgeValue(label, input, value, walk);
  count(label, null);
  return { ok: true, value };
}

/** {@link call} for an async function. */
export async function callAsync<T>(
  label: string,
  input: unknown,
  fn: () => Promise<T>,
  walk: WalkOptions | false = {},
): Promise<Outcome<T>> {
  const start = performance.now();
  let value: T;
  try {
    value = await fn();
  } catch (e) {
    judgeTime(label, input, start);
    return judgeError(label, input, e);
  }
  judgeTime(label, input, start);
  judgeValue(label, input, value, walk);
  count(label, null);
  return { ok: true, value };
}

/** Fails with the input when a shape condition does not hold. */
export function expectShape(condition: boolean, label: string, what: string, input: unknown): void {
  if (!condition) throw new Error(`${label}: ${what}, for input ${show(input)}`);
}

// --- Object.prototype, before and after -------------------------------------------------------------

const PROTOTYPES: readonly [string, object][] = [
  ['Object.prototype', Object.prototype],
  ['Array.prototype', Array.prototype],
  ['Function.prototype', Function.prototype],
  ['String.prototype', String.prototype],
  ['Number.prototype', Number.prototype],
  ['Map.prototype', Map.prototype],
];

/** Own property names and values of the shared prototypes, to compare after a property. */
export function prototypeSnapshot(): Map<string, unknown> {
  const snap = new Map<string, unknown>();
  for (const [label, proto] of PROTOTYPES) {
    for (const key of Reflect.ownKeys(proto)) {
      const d = Object.getOwnPropertyDescriptor(proto, key);
      snap.set(`${label}.${String(key)}`, d && 'value' in d ? d.value : d?.get);
    }
    snap.set(`${label}.<prototype>`, Object.getPrototypeOf(proto));
    snap.set(`${label}.<extensible>`, Object.isExtensible(proto));
  }
  return snap;
}

/** Throws naming every changed prototype entry. */
export function expectPrototypesUnchanged(before: Map<string, unknown>, label: string): void {
  const after = prototypeSnapshot();
  const changed: string[] = [];
  for (const [k, v] of after) if (!before.has(k) || !Object.is(before.get(k), v)) changed.push(k);
  for (const k of before.keys()) if (!after.has(k)) changed.push(`${k} (deleted)`);
  if (changed.length > 0) throw new Error(`${label} changed the shared prototypes: ${changed.join(', ')}`);
  // A key visible on every plain object is pollution even when it was put there some other way.
  const probe: Record<string, unknown> = {};
  for (const k of ['polluted', 'x', 'a', 'y', 'municipality', '0']) {
    if (k in probe) throw new Error(`${label}: every plain object now has a '${k}' property`);
  }
}

// --- Running a property -----------------------------------------------------------------------------

export interface FuzzOptions {
  readonly seed: number;
  readonly numRuns: number;
  /**
   * Labels of calls that must have returned a value at least once (default: the property's label), so a
   * property whose every input is refused at the door does not pass while testing nothing.
   */
  readonly expectSuccess?: readonly string[];
}

function checkTally(label: string, options: FuzzOptions): void {
  if (process.env.FUZZ_TALLY) {
    for (const [k, t] of tally)
      console.log(`${k}: ok ${t.ok}, errors ${JSON.stringify(Object.fromEntries(t.errors))}`);
    if (process.env.FUZZ_TALLY === '2')
      for (const [k, m] of firstMessage) console.log(`  ${k}: ${m.slice(0, 300)}`);
  }
  for (const k of options.expectSuccess ?? [label]) {
    const t = tally.get(k);
    if (!t || t.ok === 0) {
      throw new Error(
        `${k} never returned a value (errors: ${JSON.stringify(Object.fromEntries(t?.errors ?? []))}): the property tests nothing`,
      );
    }
  }
}

/**
 * Runs a sync property with a fixed seed, then checks the prototypes. The property throws (from
 * {@link call} / {@link expectShape}) on failure; fast-check shrinks and reports the input.
 */
export function fuzz<Ts extends [unknown, ...unknown[]]>(
  label: string,
  arbs: { [K in keyof Ts]: fc.Arbitrary<Ts[K]> },
  predicate: (...args: Ts) => void,
  options: FuzzOptions,
): void {
  const before = prototypeSnapshot();
  tally.clear();
  firstMessage.clear();
  const { expectSuccess: _, ...params } = options;
  try {
    fc.assert(fc.property(...arbs, predicate), params);
  } finally {
    expectPrototypesUnchanged(before, label);
  }
  checkTally(label, options);
}

/** {@link fuzz} for an async property. */
export async function fuzzAsync<Ts extends [unknown, ...unknown[]]>(
  label: string,
  arbs: { [K in keyof Ts]: fc.Arbitrary<Ts[K]> },
  predicate: (...args: Ts) => Promise<void>,
  options: FuzzOptions,
): Promise<void> {
  const before = prototypeSnapshot();
  tally.clear();
  firstMessage.clear();
  const { expectSuccess: _, ...params } = options;
  try {
    await fc.assert(fc.asyncProperty(...arbs, predicate), params);
  } finally {
    expectPrototypesUnchanged(before, label);
  }
  checkTally(label, options);
}
