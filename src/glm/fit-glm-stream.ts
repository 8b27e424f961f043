import { type ColumnRecord, toFrame } from '../data/frame.js';
import type { ColumnMapping } from '../data/io/types.js';
import {
  checkMagnitude,
  missingValueError,
  negativeWeightError,
  responseRangeError,
} from '../data/validate.js';
import { DataError } from '../errors.js';
import { logChoose } from '../internal/distributions.js';
import { readTableChunks } from '../internal/platform.js';
import { estimate } from './estimate.js';
import { getFamily } from './family.js';
import {
  keyColumnsOf,
  type PatternKeyColumn,
  type PatternTable,
  preparePatternRows,
} from './pattern-table.js';
import { type GlmSpec, type ResolvedSpec, resolveSpec } from './spec.js';
import type { GlmFit } from './types.js';

/** Options of {@link fitGlmStream} besides the model spec. */
export interface StreamOptions {
  /** Rows per chunk when reading a file. @default 1000000 */
  readonly chunkRows?: number;
  /** Column mapping `{ ourName: 'theirColumn' }` when reading a file. @default none */
  readonly mapping?: ColumnMapping;
  /**
   * Most covariate patterns kept in memory. Streaming is exact because identical rows collapse to
   * their sufficient statistics; data whose patterns do not collapse (many continuous covariates)
   * belong in {@link fitGlmDuckDb} or in memory. @default 5000000
   */
  readonly maxPatterns?: number;
}

function xlogx(x: number): number {
  return x > 0 ? x * Math.log(x) : 0;
}

/**
 * Accumulate the covariate patterns of a stream of chunks: one pass, memory in the number of
 * distinct patterns (not rows). Text columns get one level dictionary across chunks.
 */
export async function accumulatePatterns(
  chunks: AsyncIterable<ColumnRecord>,
  spec: ResolvedSpec,
  label: string,
  maxPatterns: number,
): Promise<PatternTable> {
  const family = getFamily(spec.family);
  let keyNames: string[] | null = null;
  const dictionaries = new Map<string, Map<string, number>>();
  const logical = new Set<string>();
  const clusterIds = spec.clusters.map(() => new Map<string, number>());
  const index = new Map<string, number>();
  const keyValues: number[][] = [];
  const clusterOf: number[][] = spec.clusters.map(() => []);
  const sums = Array.from({ length: 11 }, () => [] as number[]);
  const [count, sw, swy, swy2, sw2, sw2y, sw2y2, swEntropy, lchoose, sRoundW, sRoundWY] = sums as [
    number[],
    number[],
    number[],
    number[],
    number[],
    number[],
    number[],
    number[],
    number[],
    number[],
    number[],
  ];
  let sumLogW = 0;
  let nOmitted = 0;
  let offsetRow = 0;
  for await (const chunk of chunks) {
    const frame = toFrame(chunk);
    keyNames ??= keyColumnsOf(spec, frame.names);
    const n = frame.nrows;
    const keys = keyNames.map((name) => {
      const col = frame.column(name);
      if (col.kind === 'numeric') {
        if (col.logical) logical.add(name);
        return { name, values: col.values, map: null as Int32Array | null };
      }
      const dict = dictionaries.get(name) ?? new Map<string, number>();
      dictionaries.set(name, dict);
      const map = Int32Array.from(col.levels, (lvl) => {
        const code = dict.get(lvl) ?? dict.size;
        dict.set(lvl, code);
        return code;
      });
      return { name, values: col.codes, map };
    });
    const y = frame.column(spec.y);
    if (y.kind !== 'numeric')
      throw new DataError('invalid-value', `${label}: response '${spec.y}' holds text; it must be numeric`, {
        column: spec.y,
      });
    const w = spec.weights ? frame.column(spec.weights) : null;
    if (w && w.kind !== 'numeric')
      throw new DataError('invalid-value', `${label}: weights '${spec.weights}' must be numeric`, {
        column: spec.weights!,
      });
    const cls = spec.clusters.map((c) => frame.column(c));
    for (let i = 0; i < n; i++) {
      const row = offsetRow + i + 1;
      const yi = y.values[i]!;
      const wi = w && w.kind === 'numeric' ? w.values[i]! : 1;
      let missing: string | null = Number.isNaN(yi) ? spec.y : Number.isNaN(wi) ? spec.weights : null;
      const vals: number[] = [];
      for (const k of keys) {
        const v = k.map ? (k.values[i]! < 0 ? Number.NaN : k.map[k.values[i]!]!) : k.values[i]!;
        if (Number.isNaN(v)) missing ??= k.name;
        vals.push(v);
      }
      const clusterKeys = cls.map((cl, c) => {
        const k =
          cl.kind === 'factor'
            ? cl.codes[i]! < 0
              ? ''
              : `s${cl.levels[cl.codes[i]!]}`
            : Number.isNaN(cl.values[i]!)
              ? ''
              : `n${cl.values[i]}`;
        if (k === '') missing ??= spec.clusters[c]!;
        return k;
      });
      if (missing !== null) {
        if (spec.na === 'error') throw missingValueError({ label, column: missing, row });
        nOmitted++;
        continue;
      }
      if (!family.validY(yi))
        throw responseRangeError(
          { label, column: spec.y, row },
          yi,
          family.link === 'identity' ? 'finite' : 'in [0, 1]',
        );
      checkMagnitude({ label, column: spec.y, role: 'response', row }, yi, { tiny: false });
      if (wi < 0) throw negativeWeightError({ label, column: spec.weights!, row }, wi);
      if (spec.weights) checkMagnitude({ label, column: spec.weights, role: 'weights', row }, wi);
      for (const [j, k] of keys.entries())
        if (!k.map)
          checkMagnitude({ label, column: k.name, row }, vals[j]!, { tiny: k.name !== spec.offset });
      if (wi === 0) continue;
      const clusterCodes = clusterKeys.map((k, c) => {
        const ids = clusterIds[c]!;
        const code = ids.get(k) ?? ids.size;
        ids.set(k, code);
        return code;
      });
      const key = `${clusterCodes.join(',')}|${vals.join('|')}`;
      let g = index.get(key);
      if (g === undefined) {
        g = keyValues.length;
        if (g >= maxPatterns) {
          throw new DataError(
            'too-few-rows',
            `${label}: more than ${maxPatterns} distinct covariate patterns; streaming needs data that collapse (raise maxPatterns, or fit through fitGlmDuckDb or in memory)`,
          );
        }
        index.set(key, g);
        keyValues.push(vals);
        clusterCodes.forEach((code, c) => {
          clusterOf[c]!.push(code);
        });
        for (const s of sums) s.push(0);
      }
      count[g]!++;
      sw[g]! += wi;
      swy[g]! += wi * yi;
      swy2[g]! += wi * yi * yi;
      sw2[g]! += wi * wi;
      sw2y[g]! += wi * wi * yi;
      sw2y2[g]! += wi * wi * yi * yi;
      swEntropy[g]! += wi * (xlogx(yi) + xlogx(1 - yi));
      const rw = Math.round(wi);
      const rwy = Math.round(wi * yi);
      lchoose[g]! += logChoose(rw, rwy);
      sRoundW[g]! += rw;
      sRoundWY[g]! += rwy;
      sumLogW += Math.log(wi);
    }
    offsetRow += n;
  }
  if (!keyNames) throw new DataError('empty', `${label}: the stream has no rows`);
  const keys: PatternKeyColumn[] = keyNames.map((name, j) => {
    const dict = dictionaries.get(name);
    return {
      name,
      values: Float64Array.from(keyValues, (v) => v[j]!),
      levels: dict ? [...dict.keys()] : null,
      logical: logical.has(name),
    };
  });
  const f = (a: number[]) => Float64Array.from(a);
  return {
    keys,
    clusterCodes: clusterOf.map((codes) => Int32Array.from(codes)),
    stats: {
      count: f(count),
      sw: f(sw),
      swy: f(swy),
      swy2: f(swy2),
      sw2: f(sw2),
      sw2y: f(sw2y),
      sw2y2: f(sw2y2),
      swEntropy: f(swEntropy),
      logChoose: f(lchoose),
      sRoundW: f(sRoundW),
      sRoundWY: f(sRoundWY),
      sumLogW,
    },
    nOmitted,
  };
}

/**
 * Fit a GLM from a CSV, Parquet or Arrow file (or any async stream of column chunks) without
 * loading it: one pass collapses identical covariate patterns (within cluster) to the
 * sufficient statistics the likelihood and the sandwich need, then the engine runs on the
 * patterns. Estimates and every variance type equal those of the in-memory fit.
 *
 * @example
 * ```ts
 * import { fitGlmStream } from 'verdeelmodel/glm';
 * const fit = await fitGlmStream('households.parquet', { family: 'binomial', y: 'receipt', x: ['hhtype', 'age_50_aow'], clusters: ['municipality'] });
 * fit.tidy({ vcov: 'cluster' });
 * ```
 */
export async function fitGlmStream(
  source: string | AsyncIterable<ColumnRecord>,
  spec: GlmSpec & StreamOptions,
): Promise<GlmFit> {
  const options = resolveSpec(spec, 'fitGlmStream', ['chunkRows', 'mapping', 'maxPatterns']);
  const label = 'fitGlmStream';
  const chunks =
    typeof source === 'string'
      ? (readTableChunks(source, {
          chunkRows: spec.chunkRows ?? 1_000_000,
          mapping: spec.mapping,
        }) as AsyncIterable<ColumnRecord>)
      : source;
  const table = await accumulatePatterns(chunks, options, label, spec.maxPatterns ?? 5_000_000);
  const family = getFamily(options.family);
  return estimate(preparePatternRows(table, options, family, label, 'glm'));
}
