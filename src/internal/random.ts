/**
 * Seeded, reproducible pseudo-random numbers for everything in the library that draws at random
 * (synthetic data, placebos, bootstraps). `Math.random` is never used in `src/`.
 *
 * The generator is xoshiro128** (Blackman & Vigna 2018): 128 bits of state, period 2^128 − 1,
 * fast in JavaScript because it needs only 32-bit integer operations. The state is seeded with
 * splitmix32, so any seed (including 0 and nearby integers) gives well-mixed, independent streams.
 */

/** A seeded random-number stream. */
export interface Rng {
  /** The next raw 32-bit unsigned integer. */
  uint32(): number;
  /** A uniform number in [0, 1) with 32 bits of resolution. */
  uniform(): number;
  /** A uniform number in (0, 1): never exactly 0, safe to pass to `Math.log`. */
  uniformOpen(): number;
  /** A standard normal draw (Box–Muller, the second value of each pair is kept for the next call). */
  normal(): number;
  /** A uniform integer in 0, 1, …, n − 1 (`n` a positive integer below 2^32). */
  int(n: number): number;
  /** A Gamma(shape, 1) draw (Marsaglia & Tsang 2000; shape < 1 via the boost u^(1/shape)). */
  gamma(shape: number): number;
  /** A Beta(a, b) draw as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b). */
  beta(a: number, b: number): number;
  /**
   * Restart this stream from a 32-bit seed (as {@link createRng} would, without allocating): for
   * draws keyed by a unit, e.g. one household of a panel, in a hot loop.
   */
  reseed(seed32: number): void;
}

const TWO_POW_32 = 4294967296;

/** The splitmix32 output function of one state (as a signed 32-bit integer). */
function mix32(state: number): number {
  let z = state;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return z ^ (z >>> 16);
}

function splitmix32(state: number): [number, number] {
  state = (state + 0x9e3779b9) | 0;
  let z = state;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return [state, z >>> 0];
}

/**
 * Mix a seed and optional stream labels into one 32-bit value, so that `(seed, 1)` and `(seed, 2)`
 * give unrelated streams. Seeds may be any finite number; the integer part up to 2^53 is used.
 */
export function mixSeed(seed: number, ...streams: readonly number[]): number {
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  const whole = Math.trunc(seed);
  const lo = whole >>> 0;
  const hi = Math.floor(Math.abs(whole) / TWO_POW_32) >>> 0;
  let h = 0x243f6a88 ^ (whole < 0 ? 0x5bd1e995 : 0);
  for (const part of [lo, hi, ...streams.map((s) => Math.trunc(s) >>> 0)]) {
    let [, z] = splitmix32(h ^ part);
    z = Math.imul(z ^ (z >>> 15), 0x2c1b3c6d);
    h = (z ^ (z >>> 12)) >>> 0;
  }
  return h;
}

class Xoshiro128 implements Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare = 0;
  private hasSpare = false;

  constructor(seed32: number) {
    this.a = this.b = this.c = this.d = 0;
    this.reseed(seed32);
  }

  reseed(seed32: number): void {
    this.hasSpare = false;
    // splitmix32 four times, inlined (no tuples): this runs once per household in the generator.
    let s = seed32 | 0;
    s = (s + 0x9e3779b9) | 0;
    this.a = mix32(s);
    s = (s + 0x9e3779b9) | 0;
    this.b = mix32(s);
    s = (s + 0x9e3779b9) | 0;
    this.c = mix32(s);
    s = (s + 0x9e3779b9) | 0;
    this.d = mix32(s);
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  uint32(): number {
    const b = this.b;
    const m = Math.imul(b, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = b << 9;
    this.c ^= this.a;
    this.d ^= b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = (this.d << 11) | (this.d >>> 21);
    return result;
  }

  uniform(): number {
    return this.uint32() / TWO_POW_32;
  }

  uniformOpen(): number {
    return (this.uint32() + 0.5) / TWO_POW_32;
  }

  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    const r = Math.sqrt(-2 * Math.log(this.uniformOpen()));
    const theta = 2 * Math.PI * this.uniform();
    this.spare = r * Math.sin(theta);
    this.hasSpare = true;
    return r * Math.cos(theta);
  }

  int(n: number): number {
    if (!(n >= 1 && n <= TWO_POW_32) || !Number.isInteger(n)) {
      throw new RangeError(`int(n) needs a positive integer n up to 2^32, got ${n}`);
    }
    // Rejection sampling removes the modulo bias.
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    let x = this.uint32();
    while (x >= limit) x = this.uint32();
    return x % n;
  }

  gamma(shape: number): number {
    if (!(shape > 0) || !Number.isFinite(shape))
      throw new RangeError(`gamma shape must be > 0, got ${shape}`);
    if (shape < 1) return this.gamma(shape + 1) * this.uniformOpen() ** (1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.uniformOpen();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  beta(a: number, b: number): number {
    const x = this.gamma(a);
    const y = this.gamma(b);
    return x / (x + y);
  }
}

/**
 * Create a seeded random stream. The same `seed` and `streams` always give the same sequence;
 * different stream labels give independent sequences from one user seed.
 *
 * @param seed - any finite number (the integer part is used)
 * @param streams - optional integer labels that select an independent sub-stream
 * @returns a {@link Rng}
 * @throws {RangeError} when the seed is not finite
 * @example
 * ```ts
 * import { createRng } from './random.js';
 * const rng = createRng(42);
 * rng.uniform(); // => a number in [0, 1), the same on every run
 * createRng(42, 7).normal(); // an independent stream for the same user seed
 * ```
 */
export function createRng(seed: number, ...streams: readonly number[]): Rng {
  return new Xoshiro128(mixSeed(seed, ...streams));
}
