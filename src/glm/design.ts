import type { Column, FactorColumn, Frame } from '../data/frame.js';
import { DataError, SpecError } from '../errors.js';

/** How a categorical column is coded: its levels (in sorted order) and the reference level. */
export interface FactorCoding {
  readonly levels: readonly string[];
  readonly reference: string;
  /** Non-reference levels that get a dummy, in order. */
  readonly dummies: readonly string[];
}

/** One part of a term: a numeric column or a factor. */
interface Part {
  readonly column: string;
  readonly kind: 'numeric' | 'factor';
}

/** A parsed model term (`x`, `hhtype`, `a:b`) with its design columns. */
export interface TermInfo {
  readonly label: string;
  readonly parts: readonly Part[];
  readonly columnNames: readonly string[];
  readonly firstColumn: number;
}

/** The structure of a design: terms, column names and factor codings, without any data. */
export interface DesignLayout {
  readonly intercept: boolean;
  readonly terms: readonly TermInfo[];
  readonly columnNames: readonly string[];
  readonly factors: Readonly<Record<string, FactorCoding>>;
}

/**
 * Row-wise encoded design for one term: per row, the design column that is non-zero
 * (`index`, −1 for none) and its value (`value`, null = 1). A purely numeric term has a
 * fixed column (`index` null). At most one design column per term is non-zero in a row,
 * which is what lets the kernels add dummies by index instead of multiplying zeros.
 */
export interface EncodedTerm {
  readonly firstColumn: number;
  readonly index: Int32Array | null;
  readonly value: ArrayLike<number> | null;
}

/** A design ready for the engine: layout plus per-term row encodings over `n` rows. */
export interface Design {
  readonly layout: DesignLayout;
  readonly n: number;
  readonly p: number;
  readonly encoded: readonly EncodedTerm[];
}

/** Fixed value for one column when building counterfactual designs (marginal effects). */
export interface Override {
  readonly column: string;
  readonly numeric?: number;
  readonly level?: string;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** View a logical (boolean) column as a factor with levels false/true. */
function asFactor(col: Column): FactorColumn | null {
  if (col.kind === 'factor') return col;
  if (col.logical) {
    const n = col.values.length;
    const codes = new Int8Array(n);
    for (let i = 0; i < n; i++) {
      const v = col.values[i]!;
      codes[i] = Number.isNaN(v) ? -1 : v ? 1 : 0;
    }
    return { kind: 'factor', name: col.name, codes, levels: ['false', 'true'] };
  }
  return null;
}

/** Split a term string into column names; a whole-string column name wins over splitting on ':'. */
function termColumns(term: string, frame: Frame): string[] {
  if (frame.has(term)) return [term];
  const cols = term.split(':');
  const seen = new Set<string>();
  for (const c of cols) {
    if (c === '')
      throw new SpecError('invalid-term', `term '${term}' has an empty part; write interactions as 'a:b'`);
    if (seen.has(c)) throw new SpecError('invalid-term', `term '${term}' repeats column '${c}'`);
    seen.add(c);
    if (!frame.has(c)) frame.column(c); // throws the missing-column error
  }
  return cols;
}

/**
 * Work out the layout of a design from the terms and the data: which columns are factors,
 * their levels (unused levels are dropped, as R's model.frame does) and reference levels.
 */
export function buildLayout(
  frame: Frame,
  terms: readonly string[],
  options: { intercept: boolean; reference: Readonly<Record<string, string>>; keep: Int32Array | null },
): DesignLayout {
  const factors: Record<string, FactorCoding> = Object.create(null);
  const partsPerTerm: Part[][] = [];
  const labels = new Set<string>();
  for (const term of terms) {
    if (typeof term !== 'string' || term.trim() === '')
      throw new SpecError('invalid-option', 'every term in x must be a non-empty string');
    if (labels.has(term)) throw new SpecError('invalid-term', `term '${term}' is listed twice in x`);
    labels.add(term);
    const parts: Part[] = [];
    for (const name of termColumns(term, frame)) {
      const f = asFactor(frame.column(name));
      if (f) {
        if (!(name in factors)) factors[name] = codingFor(f, options.reference, options.keep);
        parts.push({ column: name, kind: 'factor' });
      } else {
        parts.push({ column: name, kind: 'numeric' });
      }
    }
    partsPerTerm.push(parts);
  }
  for (const name of Object.keys(options.reference)) {
    if (!(name in factors)) {
      throw new SpecError(
        'invalid-reference',
        `reference given for '${name}', which is not a categorical column used in x`,
      );
    }
  }
  const columnNames: string[] = options.intercept ? ['(Intercept)'] : [];
  const infos: TermInfo[] = [];
  terms.forEach((label, t) => {
    const parts = partsPerTerm[t]!;
    let names = [''];
    parts.forEach((part, k) => {
      const sep = k === 0 ? '' : ':';
      if (part.kind === 'numeric') {
        names = names.map((n) => `${n}${sep}${part.column}`);
      } else {
        // Earlier factors vary fastest, as in R's model.matrix.
        const dummies = factors[part.column]!.dummies;
        const next: string[] = [];
        for (const lvl of dummies) for (const n of names) next.push(`${n}${sep}${part.column}[${lvl}]`);
        names = next;
      }
    });
    for (const name of names) {
      const clash = infos.find((info) => info.columnNames.includes(name));
      if (clash || columnNames.includes(name)) {
        throw new SpecError(
          'invalid-term',
          `terms '${clash ? clash.label : name}' and '${label}' both give a design column named '${name}' (a numeric column whose name looks like a factor level?); rename one of the columns`,
        );
      }
    }
    infos.push({ label, parts, columnNames: names, firstColumn: columnNames.length });
    columnNames.push(...names);
  });
  return { intercept: options.intercept, terms: infos, columnNames, factors };
}

function codingFor(
  f: FactorColumn,
  reference: Readonly<Record<string, string>>,
  keep: Int32Array | null,
): FactorCoding {
  const used = new Uint8Array(f.levels.length);
  const n = keep ? keep.length : f.codes.length;
  for (let r = 0; r < n; r++) {
    const i = keep ? keep[r]! : r;
    const c = f.codes[i]!;
    if (c >= 0) used[c] = 1;
  }
  const levels = f.levels.filter((_, k) => used[k] === 1).sort(compareStrings);
  const wanted = Object.hasOwn(reference, f.name) ? reference[f.name]! : undefined;
  if (wanted !== undefined && !levels.includes(String(wanted))) {
    throw new SpecError(
      'invalid-reference',
      `reference level '${wanted}' for column '${f.name}' does not occur in the data; levels are ${levels
        .slice(0, 20)
        .map((l) => `'${l}'`)
        .join(', ')}`,
    );
  }
  const ref = wanted !== undefined ? String(wanted) : levels[0]!;
  return { levels, reference: ref, dummies: levels.filter((l) => l !== ref) };
}

/** For a factor column and a coding, map each code of the column to its dummy position (−1 = reference). */
function dummyPositions(f: FactorColumn, coding: FactorCoding): Int32Array {
  const pos = new Int32Array(f.levels.length).fill(-2);
  const idx = new Map(coding.dummies.map((l, k) => [l, k]));
  f.levels.forEach((lvl, code) => {
    if (lvl === coding.reference) pos[code] = -1;
    else if (idx.has(lvl)) pos[code] = idx.get(lvl)!;
  });
  return pos;
}

/**
 * The index of a term that is one factor (the common case: a main effect), in one pass: design
 * column by code from a table. Null for any other term, which takes the general path. A code
 * the model does not know is the same error as there.
 */
function singleFactorIndex(
  frame: Frame,
  layout: DesignLayout,
  term: TermInfo,
  keep: Int32Array | null,
  n: number,
  override: Override | undefined,
): Int32Array | null {
  if (term.parts.length !== 1) return null;
  const part = term.parts[0]!;
  if (part.kind !== 'factor' || (override && override.column === part.column)) return null;
  const col = frame.column(part.column);
  if (col.kind !== 'factor') return null;
  const coding = layout.factors[part.column]!;
  const pos = dummyPositions(col, coding);
  // Shifted by one so that a missing code (−1) reads slot 0 (unknown, as in the general path).
  const table = new Int32Array(pos.length + 1).fill(-2);
  for (let c = 0; c < pos.length; c++) table[c + 1] = pos[c]! < 0 ? pos[c]! : pos[c]! + term.firstColumn;
  const codes = col.codes;
  const limit = pos.length;
  const index = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const i = keep ? keep[r]! : r;
    const code = codes[i]!;
    const c = code >= -1 && code < limit ? table[code + 1]! : -2;
    if (c === -2) {
      throw new DataError(
        'invalid-value',
        `column '${part.column}' row ${i + 1} has level '${col.levels[code] ?? code}', which the model does not know; known levels: ${coding.levels.join(', ')}`,
        { column: part.column, row: i + 1 },
      );
    }
    index[r] = c;
  }
  return index;
}

/**
 * Encode the rows of a frame under a layout. `keep` selects rows (after NA omission);
 * an override fixes one column's value on every row (for marginal effects).
 */
export function encodeDesign(
  frame: Frame,
  layout: DesignLayout,
  keep: Int32Array | null,
  override?: Override,
): Design {
  const n = keep ? keep.length : frame.nrows;
  const encoded: EncodedTerm[] = [];
  for (const term of layout.terms) {
    const single = singleFactorIndex(frame, layout, term, keep, n, override);
    if (single) {
      encoded.push({ firstColumn: term.firstColumn, index: single, value: null });
      continue;
    }
    let index: Int32Array | null = null;
    let value: ArrayLike<number> | null = null;
    let stride = 1;
    const numericParts: ArrayLike<number>[] = [];
    let constant = 1;
    for (const part of term.parts) {
      if (part.kind === 'numeric') {
        if (override && override.column === part.column) {
          constant *= override.numeric ?? 0;
          continue;
        }
        const col = frame.column(part.column);
        if (col.kind !== 'numeric') {
          throw new DataError(
            'invalid-value',
            `column '${part.column}' must be numeric, as it was when the model was fit`,
            {
              column: part.column,
            },
          );
        }
        numericParts.push(col.values);
        continue;
      }
      const coding = layout.factors[part.column]!;
      if (!index) index = new Int32Array(n);
      const levelsCount = coding.dummies.length;
      if (override && override.column === part.column) {
        const lvl = override.level ?? coding.reference;
        const p = lvl === coding.reference ? -1 : coding.dummies.indexOf(lvl);
        for (let r = 0; r < n; r++) if (index[r]! >= 0) index[r] = p < 0 ? -1 : index[r]! + p * stride;
      } else {
        const f = asFactor(frame.column(part.column));
        if (!f) {
          throw new DataError(
            'invalid-value',
            `column '${part.column}' must be categorical, as it was when the model was fit`,
            { column: part.column },
          );
        }
        const pos = dummyPositions(f, coding);
        for (let r = 0; r < n; r++) {
          const i = keep ? keep[r]! : r;
          if (index[r]! < 0) continue;
          const code = f.codes[i]!;
          const p = code >= 0 && code < pos.length ? pos[code]! : -2;
          if (p === -2) {
            throw new DataError(
              'invalid-value',
              `column '${part.column}' row ${i + 1} has level '${f.levels[code] ?? code}', which the model does not know; known levels: ${coding.levels.join(', ')}`,
              { column: part.column, row: i + 1 },
            );
          }
          index[r] = p < 0 ? -1 : index[r]! + p * stride;
        }
      }
      stride *= levelsCount;
    }
    if (index) for (let r = 0; r < n; r++) if (index[r]! >= 0) index[r] = index[r]! + term.firstColumn;
    if (numericParts.length === 1 && !keep && constant === 1) {
      value = numericParts[0]!;
    } else if (numericParts.length > 0 || constant !== 1) {
      value = byteProduct(numericParts, constant, n, keep) ?? numberProduct(numericParts, constant, n, keep);
    }
    encoded.push({ firstColumn: term.firstColumn, index, value });
  }
  return { layout, n, p: layout.columnNames.length, encoded };
}

/** Product of numeric columns (and a constant) per row. */
function numberProduct(
  parts: ArrayLike<number>[],
  constant: number,
  n: number,
  keep: Int32Array | null,
): Float64Array {
  const v = new Float64Array(n).fill(constant);
  for (const src of parts) for (let r = 0; r < n; r++) v[r] = v[r]! * src[keep ? keep[r]! : r]!;
  return v;
}

/**
 * Interactions of 0/1 indicators stored as bytes stay bytes (8× less memory than doubles, and
 * the packing's fast path); null when a part is not bytes or a product leaves 0..255.
 */
function byteProduct(
  parts: ArrayLike<number>[],
  constant: number,
  n: number,
  keep: Int32Array | null,
): Uint8Array | null {
  if (constant !== 1 || parts.length === 0 || !parts.every((p) => p instanceof Uint8Array)) return null;
  const v = new Uint8Array(n).fill(1);
  for (const src of parts as Uint8Array[]) {
    for (let r = 0; r < n; r++) {
      const x = v[r]! * src[keep ? keep[r]! : r]!;
      if (x > 255) return null;
      v[r] = x;
    }
  }
  return v;
}

/**
 * Write the non-zero entries of design row `r` into `cols`/`vals`; returns how many.
 * `colMap` (optional) maps full design columns to active ones (−1 = dropped as aliased).
 */
export function rowEntries(
  design: Design,
  r: number,
  cols: Int32Array,
  vals: Float64Array,
  colMap: Int32Array | null,
): number {
  let k = 0;
  if (design.layout.intercept) {
    const c = colMap ? colMap[0]! : 0;
    if (c >= 0) {
      cols[k] = c;
      vals[k++] = 1;
    }
  }
  const enc = design.encoded;
  for (let t = 0; t < enc.length; t++) {
    const e = enc[t]!;
    let c = e.index ? e.index[r]! : e.firstColumn;
    if (c < 0) continue;
    const v = e.value ? e.value[r]! : 1;
    if (v === 0) continue;
    if (colMap) {
      c = colMap[c]!;
      if (c < 0) continue;
    }
    cols[k] = c;
    vals[k++] = v;
  }
  return k;
}

/** Maximum number of non-zeros in a design row (intercept plus one per term). */
export function maxRowEntries(design: Design): number {
  return design.encoded.length + (design.layout.intercept ? 1 : 0);
}
