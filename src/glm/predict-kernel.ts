import type { Column, FactorColumn, Frame } from '../data/frame.js';
import { DataError } from '../errors.js';
import { endWorker, parentPort, startWorker, workerStopped } from '../internal/platform.js';
import type { DesignLayout } from './design.js';
import { getFamily } from './family.js';

/**
 * The linear predictor η = Xβ + offset straight from a frame's columns, in row blocks, without
 * encoding the design (no per-term n-long index arrays, no per-row entry lists): each term adds
 * its coefficient, looked up by factor code, times its numeric value to a block of η. The sum
 * per row runs in the same order as {@link rowEntries} does (offset, intercept, then the terms
 * in order), so η is the same number as the encoded path's.
 *
 * A plan holds only views of the frame's columns and small tables (code → coefficient), so it can
 * be rebuilt in a worker thread from the same columns in shared memory ({@link PlanSource}).
 * @internal
 */

/** Rows per block: the block's η and scratch stay in L1/L2 cache. */
export const PREDICT_BLOCK = 4096;

/** One factor part of a term: its codes and the code → dummy position table (shifted by one: slot 0 is code −1). */
interface FactorPart {
  readonly column: string;
  readonly codes: ArrayLike<number>;
  readonly levels: readonly string[];
  /** pos[code + 1]: dummy position, −1 the reference level, −2 a level (or missing code) the model does not know. */
  readonly pos: Int32Array;
  readonly stride: number;
}

/** One term, ready to add to η. */
interface TermPlan {
  readonly numeric: readonly ArrayLike<number>[];
  readonly factors: readonly FactorPart[];
  /** A term without factors: its coefficient (0 when dropped as aliased). */
  readonly coef: number;
  /** A term with one factor: coefficient by code + 1 (0 for the reference or an aliased dummy, NaN for an unknown level). */
  readonly byCode: Float64Array | null;
  /** A term with several factors: coefficient by combined dummy index (0 when aliased). */
  readonly byIndex: Float64Array | null;
}

/** What {@link planLinearPredictor} needs of a fit. */
export interface PlanFit {
  readonly layout: DesignLayout;
  /** Estimated coefficients (aliased columns left out). */
  readonly coefficients: ArrayLike<number>;
  /** Names of design columns dropped as aliased. */
  readonly aliased: readonly string[];
  readonly offset: string | null;
}

/** A linear predictor over the rows of a frame (optionally a selection `keep` of them). */
export interface EtaPlan {
  readonly n: number;
  /** η for rows [from, to) into out[0 .. to − from). Throws a DataError for a missing value or unknown level. */
  block(from: number, to: number, out: Float64Array): void;
}

function isTyped(a: ArrayLike<number>): a is Float64Array {
  return ArrayBuffer.isView(a);
}

/** Copy values [from, to) (or rows keep[from..to)) of `src` into `dst` (native typed-array conversion where it can). */
function gather(
  src: ArrayLike<number>,
  from: number,
  to: number,
  keep: Int32Array | null,
  dst: Float64Array | Int32Array,
): void {
  if (!keep && isTyped(src)) {
    dst.set(src.subarray(from, to));
    return;
  }
  for (let r = from; r < to; r++) dst[r - from] = src[keep ? keep[r]! : r]!;
}

function asFactor(col: Column): FactorColumn | null {
  if (col.kind === 'factor') return col;
  if (!col.logical) return null;
  const n = col.values.length;
  const codes = new Int8Array(n);
  for (let i = 0; i < n; i++) {
    const v = col.values[i]!;
    codes[i] = Number.isNaN(v) ? -1 : v ? 1 : 0;
  }
  return { kind: 'factor', name: col.name, codes, levels: ['false', 'true'] };
}

/** Full coefficient vector over the layout's columns (0 where a column was dropped as aliased). */
function fullCoefficients(fit: PlanFit): Float64Array {
  const names = fit.layout.columnNames;
  const full = new Float64Array(names.length);
  const dropped = new Set(fit.aliased);
  let k = 0;
  for (let c = 0; c < names.length; c++) if (!dropped.has(names[c]!)) full[c] = fit.coefficients[k++]!;
  return full;
}

/**
 * Plan η = Xβ + offset for the rows of `frame` (or its rows `keep`) under a fit's layout. Checks
 * column kinds here (a numeric column must still be numeric, a factor still a factor); values are
 * checked per block as η is computed (a non-finite η sends the block through {@link diagnose}).
 */
export function planLinearPredictor(fit: PlanFit, frame: Frame, keep: Int32Array | null): EtaPlan {
  const layout = fit.layout;
  const beta = fullCoefficients(fit);
  const intercept = layout.intercept ? beta[0]! : 0;
  const terms: TermPlan[] = layout.terms.map((term) => {
    const numeric: ArrayLike<number>[] = [];
    const factors: FactorPart[] = [];
    let stride = 1;
    for (const part of term.parts) {
      const col = frame.column(part.column);
      if (part.kind === 'numeric') {
        if (col.kind !== 'numeric') {
          throw new DataError(
            'invalid-value',
            `column '${part.column}' must be numeric, as it was when the model was fit`,
            { column: part.column },
          );
        }
        numeric.push(col.values);
        continue;
      }
      const f = asFactor(col);
      if (!f) {
        throw new DataError(
          'invalid-value',
          `column '${part.column}' must be categorical, as it was when the model was fit`,
          { column: part.column },
        );
      }
      const coding = layout.factors[part.column]!;
      const dummy = new Map(coding.dummies.map((l, k) => [l, k]));
      const pos = new Int32Array(f.levels.length + 1).fill(-2);
      f.levels.forEach((lvl, code) => {
        if (lvl === coding.reference) pos[code + 1] = -1;
        else if (dummy.has(lvl)) pos[code + 1] = dummy.get(lvl)!;
      });
      factors.push({ column: part.column, codes: f.codes, levels: f.levels, pos, stride });
      stride *= coding.dummies.length;
    }
    const first = term.firstColumn;
    let byCode: Float64Array | null = null;
    let byIndex: Float64Array | null = null;
    if (factors.length === 1) {
      const pos = factors[0]!.pos;
      byCode = Float64Array.from(pos, (p) => (p === -2 ? Number.NaN : p === -1 ? 0 : beta[first + p]!));
    } else if (factors.length > 1) {
      byIndex = beta.slice(first, first + stride);
    }
    return { numeric, factors, coef: factors.length === 0 ? beta[first]! : 0, byCode, byIndex };
  });
  let offset: ArrayLike<number> | null = null;
  if (fit.offset) {
    const col = frame.column(fit.offset);
    if (col.kind !== 'numeric')
      throw new DataError('invalid-value', `offset column '${fit.offset}' must be numeric`, {
        column: fit.offset,
      });
    offset = col.values;
  }
  const values = new Float64Array(PREDICT_BLOCK);
  const scratch = new Float64Array(PREDICT_BLOCK);
  const codes = new Int32Array(PREDICT_BLOCK);
  const index = new Int32Array(PREDICT_BLOCK);
  const n = keep ? keep.length : frame.nrows;

  /** Product of a term's numeric parts into `values` (left to right, as the encoded design multiplies). */
  const numericProduct = (t: TermPlan, from: number, to: number): Float64Array | null => {
    if (t.numeric.length === 0) return null;
    gather(t.numeric[0]!, from, to, keep, values);
    const m = to - from;
    for (let k = 1; k < t.numeric.length; k++) {
      gather(t.numeric[k]!, from, to, keep, scratch);
      for (let j = 0; j < m; j++) values[j] = values[j]! * scratch[j]!;
    }
    return values;
  };

  const block = (from: number, to: number, out: Float64Array): void => {
    const m = to - from;
    // As the encoded path sums a row: the offset (or 0), then 1 × the intercept, then the terms.
    if (offset) {
      gather(offset, from, to, keep, scratch);
      for (let j = 0; j < m; j++) out[j] = scratch[j]! + intercept;
    } else {
      for (let j = 0; j < m; j++) out[j] = 0 + intercept;
    }
    for (let t = 0; t < terms.length; t++) {
      const term = terms[t]!;
      if (term.factors.length === 0 && term.numeric.length === 1 && !keep) {
        // The common term: one numeric column (a 0/1 indicator, a regional share), read in place.
        addNumeric(term.numeric[0]!, from, m, term.coef, out);
        continue;
      }
      const v = numericProduct(term, from, to);
      if (term.byCode) {
        const table = term.byCode;
        const src = term.factors[0]!.codes;
        if (!v && !keep && src instanceof Uint8Array) addByCodeU8(src, from, m, table, out);
        else if (!v && !keep && src instanceof Int16Array) addByCodeI16(src, from, m, table, out);
        else {
          gather(src, from, to, keep, codes);
          if (v) for (let j = 0; j < m; j++) out[j] = out[j]! + table[codes[j]! + 1]! * v[j]!;
          else for (let j = 0; j < m; j++) out[j] = out[j]! + table[codes[j]! + 1]!;
        }
      } else if (term.byIndex) {
        index.fill(0, 0, m);
        for (const f of term.factors) {
          gather(f.codes, from, to, keep, codes);
          const pos = f.pos;
          const stride = f.stride;
          for (let j = 0; j < m; j++) {
            const p = pos[codes[j]! + 1]!;
            const i = index[j]!;
            // −1: a reference level already (stays); −3: unknown level seen (stays).
            index[j] = i < 0 ? i : p === -2 ? -3 : p === -1 ? -1 : i + p * stride;
          }
        }
        const table = term.byIndex;
        for (let j = 0; j < m; j++) {
          const i = index[j]!;
          if (i === -1) continue;
          const b = i === -3 ? Number.NaN : table[i]!;
          out[j] = out[j]! + (v ? b * v[j]! : b);
        }
      } else if (v) {
        const b = term.coef;
        for (let j = 0; j < m; j++) out[j] = out[j]! + v[j]! * b;
      }
    }
    for (let j = 0; j < m; j++) {
      if (!Number.isFinite(out[j]!)) diagnose(fit, terms, offset, keep, from + j);
    }
  };
  return { n, block };
}

/**
 * Why η of row r (0-based, after `keep`) is not finite: a missing or non-finite value or a level
 * the model does not know is a DataError naming the column and the 1-based data row. An η that
 * overflowed from finite values is returned as it is (as the encoded path returns it).
 */
function diagnose(
  fit: PlanFit,
  terms: readonly TermPlan[],
  offset: ArrayLike<number> | null,
  keep: Int32Array | null,
  r: number,
): void {
  const i = keep ? keep[r]! : r;
  const missing = (column: string) =>
    new DataError(
      'missing-value',
      `new data: column '${column}' is missing or not finite at row ${i + 1}; predictions need a value`,
      { column, row: i + 1 },
    );
  fit.layout.terms.forEach((term, t) => {
    const plan = terms[t]!;
    let k = 0;
    for (const part of term.parts) {
      if (part.kind !== 'numeric') continue;
      if (!Number.isFinite(plan.numeric[k++]![i]!)) throw missing(part.column);
    }
    for (const f of plan.factors) {
      const code = f.codes[i]!;
      if (code < 0) throw missing(f.column);
      if (f.pos[code + 1] === -2) {
        const coding = fit.layout.factors[f.column]!;
        throw new DataError(
          'invalid-value',
          `column '${f.column}' row ${i + 1} has level '${f.levels[code] ?? code}', which the model does not know; known levels: ${coding.levels.join(', ')}`,
          { column: f.column, row: i + 1 },
        );
      }
    }
  });
  if (offset && !Number.isFinite(offset[i]!)) throw missing(fit.offset!);
}

// One loop per storage type, each seeing a single typed-array type (monomorphic loads): the
// generator's indicators are bytes, its regional columns float32, its factor codes bytes or int16.

function addNumeric(src: ArrayLike<number>, from: number, m: number, b: number, out: Float64Array): void {
  if (src instanceof Uint8Array) addU8(src, from, m, b, out);
  else if (src instanceof Float32Array) addF32(src, from, m, b, out);
  else if (src instanceof Float64Array) addF64(src, from, m, b, out);
  else for (let j = 0; j < m; j++) out[j] = out[j]! + src[from + j]! * b;
}

function addU8(src: Uint8Array, from: number, m: number, b: number, out: Float64Array): void {
  for (let j = 0; j < m; j++) out[j] = out[j]! + src[from + j]! * b;
}

function addF32(src: Float32Array, from: number, m: number, b: number, out: Float64Array): void {
  for (let j = 0; j < m; j++) out[j] = out[j]! + src[from + j]! * b;
}

function addF64(src: Float64Array, from: number, m: number, b: number, out: Float64Array): void {
  for (let j = 0; j < m; j++) out[j] = out[j]! + src[from + j]! * b;
}

function addByCodeU8(src: Uint8Array, from: number, m: number, table: Float64Array, out: Float64Array): void {
  for (let j = 0; j < m; j++) out[j] = out[j]! + table[src[from + j]! + 1]!;
}

function addByCodeI16(
  src: Int16Array,
  from: number,
  m: number,
  table: Float64Array,
  out: Float64Array,
): void {
  for (let j = 0; j < m; j++) out[j] = out[j]! + table[src[from + j]! + 1]!;
}

/**
 * η (or the response, with `family`) for rows [0, n) of a plan into a new array, with the last
 * rows on a worker thread when `threads` > 1 ({@link startPredictWorker}).
 */
export function predictRows(
  fit: PlanFit,
  frame: Frame,
  keep: Int32Array | null,
  family: string,
  response: boolean,
  threads: number,
): Float64Array {
  const plan = planLinearPredictor(fit, frame, keep);
  const helper = startPredictWorker(frame, keep, [{ fit, family, response }], threads);
  const out = new Float64Array(plan.n);
  const split = helper ? helper.split : plan.n;
  try {
    linearPredictorOf(plan, 0, split, out.subarray(0, split));
    if (response) {
      const inv = getFamily(family as never).linkinv;
      for (let i = 0; i < split; i++) out[i] = inv(out[i]!);
    }
  } catch (e) {
    helper?.cancel();
    throw e;
  }
  if (helper) out.set(helper.collect()[0]!, split);
  return out;
}

/** η for every row of a plan, block by block. */
export function linearPredictorOf(
  plan: EtaPlan,
  from = 0,
  to = plan.n,
  out: Float64Array = new Float64Array(to - from),
): Float64Array {
  for (let b0 = from; b0 < to; b0 += PREDICT_BLOCK) {
    const b1 = Math.min(to, b0 + PREDICT_BLOCK);
    plan.block(b0, b1, out.subarray(b0 - from, b1 - from));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Threads: one worker takes the last rows [split, n) of a prediction. The columns it reads are
// copied (its rows only) into shared memory unless they already live there; it writes η, or the
// response, into a shared array per plan and sets a done word. The main thread computes rows
// [0, split) meanwhile, so a call stays synchronous. A worker that cannot start, fails, dies or
// stays silent is given up and its rows are computed on the main thread: the result is the same
// number either way (each row's η is computed by the same code whoever computes it).

/** Control word: 0 running, 1 done, 2 failed. */
const DONE = 0;
/** A worker that has not finished after this long is given up (its rows run on the main thread). */
const PREDICT_TIMEOUT_MS = 60_000;
/** A worker whose thread has not run at all after this long never started. */
const NEVER_RAN_MS = 2_000;
const WAIT_SLICE_MS = 10;
/** Limits of a prediction worker: it holds views of shared memory and small tables only. */
const PREDICT_WORKER_LIMITS = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 16 };

type TypedName =
  | 'Float64Array'
  | 'Float32Array'
  | 'Int32Array'
  | 'Int16Array'
  | 'Int8Array'
  | 'Uint32Array'
  | 'Uint16Array'
  | 'Uint8Array';

const TYPED: Record<TypedName, { new (b: SharedArrayBuffer): ArrayLike<number>; BYTES_PER_ELEMENT: number }> =
  {
    Float64Array,
    Float32Array,
    Int32Array,
    Int16Array,
    Int8Array,
    Uint32Array,
    Uint16Array,
    Uint8Array,
  };

/** One column of the worker's rows in shared memory. */
interface SharedColumn {
  readonly name: string;
  readonly kind: 'numeric' | 'factor';
  readonly logical: boolean;
  readonly levels: readonly string[] | null;
  readonly type: TypedName;
  readonly buffer: SharedArrayBuffer;
}

/** One prediction for the worker: a plan's fit, its family, whether to apply the inverse link. */
export interface PredictTask {
  readonly fit: PlanFit;
  readonly family: string;
  readonly response: boolean;
}

/** What a prediction worker gets as its `workerData`. */
export interface PredictWorkerData {
  readonly ctrl: SharedArrayBuffer;
  readonly rows: number;
  readonly tasks: readonly (PredictTask & { readonly out: SharedArrayBuffer })[];
  readonly fault: 'throw' | 'hang' | null;
}

/** Test seam: make prediction workers fail or hang (internal). @internal */
export const predictTestHooks: {
  fault?: 'throw' | 'hang';
  timeoutMs?: number;
  /** Called when a worker's rows are collected: whether the worker computed them. */
  collected?: (delivered: boolean) => void;
} = {};

function typedName(a: ArrayLike<number>): TypedName | null {
  const name = (a as object).constructor?.name as TypedName;
  return ArrayBuffer.isView(a) && Object.hasOwn(TYPED, name) ? name : null;
}

/** Rows [split, n) (through `keep`) of a column's values in shared memory. */
function shareRows(
  src: ArrayLike<number>,
  split: number,
  n: number,
  keep: Int32Array | null,
): { type: TypedName; buffer: SharedArrayBuffer } {
  const type = typedName(src) ?? 'Float64Array';
  const C = TYPED[type];
  const m = n - split;
  const buffer = new SharedArrayBuffer(Math.max(1, m) * C.BYTES_PER_ELEMENT);
  const dst = new C(buffer) as unknown as Float64Array;
  if (!keep && ArrayBuffer.isView(src)) dst.set((src as Float64Array).subarray(split, n));
  else for (let r = split; r < n; r++) dst[r - split] = src[keep ? keep[r]! : r]!;
  return { type, buffer };
}

/** The columns the plans read (their terms' columns and offsets), as a frame's columns. */
function neededColumns(frame: Frame, tasks: readonly PredictTask[]): Column[] {
  const names = new Set<string>();
  for (const t of tasks) {
    for (const term of t.fit.layout.terms) for (const p of term.parts) names.add(p.column);
    if (t.fit.offset) names.add(t.fit.offset);
  }
  return [...names].map((name) => frame.column(name));
}

/** A frame over columns in shared memory (the worker's rows), with the column kinds the main thread saw. */
function sharedFrame(rows: number, columns: readonly SharedColumn[]): Frame {
  const byName = new Map<string, Column>();
  for (const c of columns) {
    const values = new TYPED[c.type](c.buffer);
    byName.set(
      c.name,
      c.kind === 'factor'
        ? { kind: 'factor', name: c.name, codes: values, levels: c.levels! }
        : { kind: 'numeric', name: c.name, values, logical: c.logical },
    );
  }
  return {
    nrows: rows,
    names: [...byName.keys()],
    has: (name) => byName.has(name),
    column: (name) => byName.get(name)!,
  };
}

/** A layout after a structured clone: the factor codings back in a prototype-free record (names are data). */
function revive(fit: PlanFit): PlanFit {
  const factors = Object.create(null) as Record<string, DesignLayout['factors'][string]>;
  for (const [k, v] of Object.entries(fit.layout.factors)) factors[k] = v;
  return { ...fit, layout: { ...fit.layout, factors } };
}

/**
 * Run every task over rows [from, to) of `frame` (through `keep`) into `outs` (the worker's side
 * over its own rows, and the main thread's fallback over the original frame, where an error then
 * names the user's row).
 */
function runTasks(
  frame: Frame,
  keep: Int32Array | null,
  tasks: readonly PredictTask[],
  outs: readonly Float64Array[],
  from: number,
  to: number,
): void {
  tasks.forEach((task, k) => {
    const out = outs[k]!;
    linearPredictorOf(planLinearPredictor(task.fit, frame, keep), from, to, out);
    if (task.response) {
      const inv = getFamily(task.family as never).linkinv;
      for (let i = 0; i < out.length; i++) out[i] = inv(out[i]!);
    }
  });
}

/**
 * Worker side: build the frame over the shared columns, run the tasks, mark done (or failed) and
 * wake the main thread.
 * @internal
 */
export function serveGlmPredict(d: PredictWorkerData): void {
  const ctrl = new Int32Array(d.ctrl);
  // The columns follow as a message: the worker boots while the main thread copies them.
  parentPort?.once('message', (columns: readonly SharedColumn[]) => {
    try {
      if (d.fault === 'throw') throw new Error('injected prediction worker failure');
      if (d.fault === 'hang') for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
      const frame = sharedFrame(d.rows, columns);
      const tasks = d.tasks.map((t) => ({ ...t, fit: revive(t.fit) }));
      runTasks(
        frame,
        null,
        tasks,
        d.tasks.map((t) => new Float64Array(t.out)),
        0,
        d.rows,
      );
      Atomics.store(ctrl, DONE, 1);
    } catch {
      Atomics.store(ctrl, DONE, 2);
    }
    Atomics.notify(ctrl, DONE);
    parentPort?.close();
  });
}

/** The worker's share of a prediction, started by {@link startPredictWorker}. */
export interface PredictHelper {
  /** First row (0-based, after `keep`) the worker computes; the caller computes rows [0, split). */
  readonly split: number;
  /** The worker's results per task, rows [split, n): waits for the worker, or computes them here when it is lost. */
  collect(): Float64Array[];
  /** Whether the worker delivered (false: its rows were computed on the main thread). */
  readonly delivered: boolean;
  /** End the worker without waiting (the main thread's part failed). */
  cancel(): void;
}

/**
 * Start one worker for rows [split, n) of the given predictions when `threads` > 1 (null otherwise,
 * or when no worker can start). Column kinds are checked here first (by planning on the main
 * thread), so a worker never meets a column it cannot read.
 */
export function startPredictWorker(
  frame: Frame,
  keep: Int32Array | null,
  tasks: readonly PredictTask[],
  threads: number,
): PredictHelper | null {
  const n = keep ? keep.length : frame.nrows;
  if (threads <= 1 || n < 2 * PREDICT_BLOCK) return null;
  const split = Math.floor(n / 2 / PREDICT_BLOCK) * PREDICT_BLOCK;
  const m = n - split;
  const ctrl = new Int32Array(new SharedArrayBuffer(4));
  const outs = tasks.map(() => new Float64Array(new SharedArrayBuffer(m * 8)));
  const data: PredictWorkerData = {
    ctrl: ctrl.buffer as SharedArrayBuffer,
    rows: m,
    tasks: tasks.map((t, k) => ({ ...t, out: outs[k]!.buffer as SharedArrayBuffer })),
    fault: predictTestHooks.fault ?? null,
  };
  const started = startWorker('glm-predict', data, PREDICT_WORKER_LIMITS);
  if (!('worker' in started)) return null;
  const worker = started.worker;
  const columns: SharedColumn[] = neededColumns(frame, tasks).map((col) => {
    const src = col.kind === 'numeric' ? col.values : col.codes;
    const shared = shareRows(src, split, n, keep);
    return {
      name: col.name,
      kind: col.kind,
      logical: col.kind === 'numeric' && col.logical,
      levels: col.kind === 'factor' ? col.levels : null,
      ...shared,
    };
  });
  let posted = true;
  try {
    worker.postMessage(columns);
  } catch {
    posted = false;
  }
  const startedAt = performance.now();
  let delivered = false;
  return {
    split,
    get delivered() {
      return delivered;
    },
    cancel: () => endWorker(worker),
    collect() {
      let seenRunning = false;
      for (;;) {
        const state = Atomics.load(ctrl, DONE);
        if (state === 1) {
          delivered = true;
          endWorker(worker);
          predictTestHooks.collected?.(true);
          return outs;
        }
        const stopped = workerStopped(worker);
        if (stopped === false) seenRunning = true;
        const waited = performance.now() - startedAt;
        const lost =
          !posted ||
          state === 2 ||
          (stopped === true && (seenRunning || waited > NEVER_RAN_MS)) ||
          waited > (predictTestHooks.timeoutMs ?? PREDICT_TIMEOUT_MS);
        if (lost) {
          endWorker(worker);
          predictTestHooks.collected?.(false);
          runTasks(frame, keep, tasks, outs, split, n);
          return outs;
        }
        Atomics.wait(ctrl, DONE, 0, WAIT_SLICE_MS);
      }
    },
  };
}
