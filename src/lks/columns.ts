import { dataRow, type Frame } from '../data/frame.js';
import { parseDecimal, parseDecimalStrict } from '../data/parse-number.js';
import { DataError } from '../errors.js';

/** A text column as codes into levels (numbers become their decimal text); -1 = missing or blank. @internal */
export interface TextColumn {
  readonly codes: Int32Array;
  readonly levels: readonly string[];
}

function need(frame: Frame, name: string, what: string) {
  if (!frame.has(name)) {
    throw new DataError(
      'missing-column',
      `${what}: column '${name}' is missing; the columns are ${frame.names.join(', ')}`,
      {
        column: name,
      },
    );
  }
  return frame.column(name);
}

/** Read a column as text codes (factor codes kept; numbers turned into text once per distinct value). @internal */
export function textColumn(frame: Frame, name: string, what: string): TextColumn {
  const col = need(frame, name, what);
  const n = frame.nrows;
  if (col.kind === 'factor') {
    const blank = col.levels.map((l) => l.trim() === '');
    // Int32 codes with no blank level are used as they are (toFrame has checked them).
    if (col.codes instanceof Int32Array && !blank.includes(true))
      return { codes: col.codes, levels: col.levels };
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const c = col.codes[i]!;
      codes[i] = c >= 0 && !blank[c] ? c : -1;
    }
    return { codes, levels: col.levels };
  }
  const index = new Map<number, number>();
  const levels: string[] = [];
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = col.values[i]!;
    if (Number.isNaN(v)) {
      codes[i] = -1;
      continue;
    }
    let c = index.get(v);
    if (c === undefined) {
      c = levels.length;
      index.set(v, c);
      levels.push(String(v));
    }
    codes[i] = c;
  }
  return { codes, levels };
}

/** Read a column as numbers; text is parsed by the strict decimal parser (blank = missing, NaN). @internal */
export function numberColumn(frame: Frame, name: string, what: string): Float64Array {
  const col = need(frame, name, what);
  const n = frame.nrows;
  const out = new Float64Array(n);
  if (col.kind === 'numeric') {
    for (let i = 0; i < n; i++) {
      const v = col.values[i]!;
      if (!Number.isNaN(v) && !Number.isFinite(v)) {
        throw new DataError(
          'not-finite',
          `${what}: column '${name}' is ${v} at row ${dataRow(frame, i)}; values must be finite`,
          {
            column: name,
            row: dataRow(frame, i),
          },
        );
      }
      out[i] = v;
    }
    return out;
  }
  const parsed = col.levels.map((t) => (t.trim() === '' ? Number.NaN : parseDecimal(t)));
  for (let i = 0; i < n; i++) {
    const c = col.codes[i]!;
    if (c < 0 || col.levels[c]!.trim() === '') {
      out[i] = Number.NaN;
      continue;
    }
    const v = parsed[c]!;
    if (Number.isNaN(v)) {
      parseDecimalStrict(col.levels[c]!, {
        what: `${what}: column '${name}' at row ${dataRow(frame, i)}`,
        column: name,
        row: dataRow(frame, i),
      });
    }
    out[i] = v;
  }
  return out;
}
