import type { AsyncBuffer, ColumnChunk, Compressors, DecodedArray, SchemaTree } from 'hyparquet';
import { DataError } from '../../errors.js';
import { loadOptional } from '../../internal/optional.js';

/*
 * A direct reader of flat Parquet column chunks into the readers' column types. hyparquet's own read path
 * assembles every column into a JS array of boxed values (nulls included) and dereferences dictionaries
 * cell by cell; for a household file of 47 columns that is ~10 s per million rows. Here each page is
 * decoded with hyparquet's page primitives and then, in one typed loop, the dictionary indices are
 * gathered into a Float64Array (numbers) or into shared level strings (text: each distinct value is
 * decoded from UTF-8 once per row group, not once per cell). Columns the fast path does not cover
 * (logical types such as DECIMAL, DATE, TIMESTAMP, INT96, unsigned or narrow integers) return null and
 * are read through hyparquet's general path.
 */

type Kind = 'numeric' | 'text';

/** Which flat columns the direct reader handles: plain numbers, booleans and UTF-8 strings. @internal */
export function directKind(node: SchemaTree): Kind | null {
  const e = node.element;
  if (node.children.length > 0 || e.repetition_type === 'REPEATED') return null;
  const logical = e.logical_type?.type;
  if (e.type === 'BYTE_ARRAY') {
    return e.converted_type === 'UTF8' || logical === 'STRING' ? 'text' : null;
  }
  if (e.converted_type !== undefined || logical !== undefined) return null;
  switch (e.type) {
    case 'INT32':
    case 'INT64':
    case 'FLOAT':
    case 'DOUBLE':
    case 'BOOLEAN':
      return 'numeric';
    default:
      return null;
  }
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);

function lossy(name: string, row: number, v: bigint): DataError {
  return new DataError(
    'lossy-value',
    `column '${name}' row ${row} holds the 64-bit integer ${v}, beyond the ±2^53 that a double holds exactly; read it as text with types: { '${name}': 'string' }`,
    { column: name, row },
  );
}

function badIndex(name: string, row: number): DataError {
  return new DataError(
    'invalid-value',
    `column '${name}' row ${row} has no value in the Parquet file (a dictionary index or value count out of range); the file is damaged`,
    { column: name, row },
  );
}

/** Physical values (dictionary or plain page) as doubles; an INT64 beyond 2^53 is NaN with `bad` set. */
function asDoubles(values: DecodedArray, bad: Uint8Array | null): Float64Array {
  if (values instanceof Float64Array) return values;
  const n = values.length;
  const out = new Float64Array(n);
  if (values instanceof BigInt64Array) {
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      if (v > MAX_SAFE || v < MIN_SAFE) {
        out[i] = Number.NaN;
        if (bad) bad[i] = 1;
      } else out[i] = Number(v);
    }
    return out;
  }
  for (let i = 0; i < n; i++) {
    const v = (values as ArrayLike<unknown>)[i];
    out[i] = typeof v === 'boolean' ? (v ? 1 : 0) : (v as number);
  }
  return out;
}

/** Column state shared across row groups: text levels, so every row group hands out the same strings. */
export interface DirectColumn {
  readonly name: string;
  readonly kind: Kind;
  readonly node: SchemaTree;
  /** Text only: each distinct value's one string instance. */
  readonly levels: Map<string, string>;
  /**
   * Text read as factor codes (`readTable`'s `text: 'factor'`): each distinct value's code, numbered as
   * first seen (`seen[c]` is level c); the dictionary indices are then mapped to codes, not to strings.
   */
  readonly codes?: { readonly of: Map<string, number>; readonly seen: string[] };
}

/**
 * Read one column chunk (one row group) into a Float64Array (missing = NaN) or `(string | null)[]`
 * (missing = null). `rowStart` is the 0-based file row of the chunk's first row, for 1-based messages.
 * @internal
 */
export async function readDirectChunk(
  file: AsyncBuffer,
  chunk: ColumnChunk,
  rows: number,
  column: DirectColumn,
  rowStart: number,
  compressors: Compressors,
  decodeText: (bytes: Uint8Array) => string,
  into?: { readonly column: Float64Array | Int32Array | (string | null)[]; readonly at: number },
): Promise<Float64Array | Int32Array | (string | null)[]> {
  const prim = await primitives();
  const { parquetHeader, readPage, decompressPage, readDataPage, readDataPageV2 } = prim;
  const meta = chunk.meta_data!;
  const [start, end] = chunkRange(chunk);
  const bytes = await file.slice(start, end);
  const reader = { view: new DataView(bytes), offset: 0 };
  const { node, kind, name } = column;
  const element = node.element;
  const optional = element.repetition_type === 'OPTIONAL';
  const decoder = {
    columnName: name,
    pathInSchema: meta.path_in_schema,
    type: meta.type,
    element,
    schemaPath: [{ element: { name: 'root' }, children: [node], count: 1, path: [] }, node] as SchemaTree[],
    codec: meta.codec,
    compressors,
    utf8: false,
    parsers: {},
  } as unknown as Parameters<typeof readPage>[2];

  // Rows go to `into.column` from `into.at` (a whole-file read fills one column, no concatenation).
  const base = into ? into.at : 0;
  const target = into
    ? into.column
    : kind === 'numeric'
      ? new Float64Array(rows)
      : new Array<string | null>(rows);
  const numbers = kind === 'numeric' ? (target as Float64Array) : null;
  const factor = kind === 'text' && column.codes !== undefined ? (target as Int32Array) : null;
  const text = kind === 'text' && factor === null ? (target as (string | null)[]) : null;
  const codeOf = (b: Uint8Array): number => {
    const s = decodeText(b);
    const { of, seen } = column.codes!;
    let c = of.get(s);
    if (c === undefined) {
      c = seen.length;
      of.set(s, c);
      seen.push(s);
    }
    return c;
  };
  const level = (b: Uint8Array): string => {
    const s = decodeText(b);
    let shared = column.levels.get(s);
    if (shared === undefined) {
      shared = s;
      column.levels.set(s, s);
    }
    return shared;
  };
  // Dictionary, once per chunk: numbers as doubles (with INT64 overflow flags), text as shared strings.
  let dictNumbers: Float64Array | null = null;
  let dictBad: Uint8Array | null = null;
  let dictRaw: BigInt64Array | null = null;
  let dictText: string[] | null = null;
  let dictCodes: Int32Array | null = null;
  let row = 0;
  while (row < rows && reader.offset < bytes.byteLength) {
    const header = parquetHeader(reader);
    if (header.type === 'DICTIONARY_PAGE') {
      const { data } = readPage(reader, header, decoder, undefined, undefined, 0);
      const dict = data as DecodedArray;
      if (kind === 'numeric') {
        dictRaw = dict instanceof BigInt64Array ? dict : null;
        dictBad = dictRaw ? new Uint8Array(dict.length) : null;
        dictNumbers = asDoubles(dict, dictBad);
      } else if (factor) {
        dictCodes = Int32Array.from(dict as ArrayLike<Uint8Array>, codeOf);
      } else {
        dictText = Array.from(dict as ArrayLike<Uint8Array>, level);
      }
      continue;
    }
    if (header.type !== 'DATA_PAGE' && header.type !== 'DATA_PAGE_V2') {
      reader.offset += header.compressed_page_size;
      continue;
    }
    const { definitionLevels, dataPage, encoding, pageRows } =
      dictionaryPage(reader, header, optional, { codec: meta.codec, compressors }, prim) ??
      pageValues(reader, header, decoder, { decompressPage, readDataPage, readDataPageV2 });
    const dictionary = encoding.endsWith('_DICTIONARY');
    if (row + pageRows > rows) {
      throw new DataError(
        'invalid-value',
        `column '${name}' has more values than its row group's ${rows} rows`,
        {
          column: name,
        },
      );
    }
    // present[i]: row i of the page has a value (definition level 1); without levels every row has one.
    const hasLevels = optional && definitionLevels.length > 0;
    const levels = hasLevels ? (definitionLevels as ArrayLike<number>) : null;
    const at = base + row;
    if (numbers) {
      let values: Float64Array;
      let bad: Uint8Array | null;
      const indices = dictionary ? int32(dataPage as ArrayLike<number>) : null;
      if (indices) {
        if (!dictNumbers) throw new DataError('invalid-value', `column '${name}' has no dictionary page`);
        values = dictNumbers;
        bad = dictBad;
      } else {
        bad = dataPage instanceof BigInt64Array ? new Uint8Array(dataPage.length) : null;
        values = asDoubles(dataPage, bad);
      }
      let fault = -1;
      if (!levels && !bad && !indices && values.length === pageRows) numbers.set(values, at);
      else if (!levels && !bad && indices) fault = gatherNumbers(numbers, at, values, indices, pageRows);
      else fault = scatterNumbers(numbers, at, values, indices, levels, bad, pageRows);
      if (fault >= 0) {
        // Which value: the fault's position among the page's present values.
        const j = levels ? presentBefore(levels, fault) : fault;
        const k = indices ? indices[j]! : j;
        const rowNumber = rowStart + row + fault + 1;
        if (k >= 0 && k < values.length && bad && bad[k] === 1) {
          throw lossy(name, rowNumber, (indices ? dictRaw! : (dataPage as BigInt64Array))[k]!);
        }
        throw badIndex(name, rowNumber);
      }
    } else if (factor) {
      const indices = dictionary ? int32(dataPage as ArrayLike<number>) : null;
      if (indices && !dictCodes)
        throw new DataError('invalid-value', `column '${name}' has no dictionary page`);
      const dict = indices ? dictCodes! : Int32Array.from(dataPage as ArrayLike<Uint8Array>, codeOf);
      const fault = gatherCodes(factor, at, dict, indices, levels, pageRows);
      if (fault >= 0) throw badIndex(name, rowStart + row + fault + 1);
    } else {
      const indices = dictionary ? int32(dataPage as ArrayLike<number>) : null;
      if (indices && !dictText)
        throw new DataError('invalid-value', `column '${name}' has no dictionary page`);
      const dict = indices ? dictText! : Array.from(dataPage as ArrayLike<Uint8Array>, level);
      const fault = gatherText(text!, at, dict, indices, levels, pageRows);
      if (fault >= 0) throw badIndex(name, rowStart + row + fault + 1);
    }
    row += pageRows;
  }
  if (row !== rows) {
    throw new DataError(
      'invalid-value',
      `column '${name}' has ${row} values for a row group of ${rows} rows`,
      {
        column: name,
      },
    );
  }
  return target;
}

// The per-row loops live in small synchronous functions of fixed argument types, so V8 optimizes each once.

function int32(a: ArrayLike<number>): Int32Array {
  return a instanceof Int32Array ? a : Int32Array.from(a);
}

function presentBefore(levels: ArrayLike<number>, row: number): number {
  let j = 0;
  for (let i = 0; i < row; i++) j += levels[i]!;
  return j;
}

/** out[at + i] = values[indices[i]] (a page without nulls); the first page row of a bad index, or -1. */
function gatherNumbers(
  out: Float64Array,
  at: number,
  values: Float64Array,
  indices: Int32Array,
  n: number,
): number {
  const size = values.length;
  for (let i = 0; i < n; i++) {
    const k = indices[i]!;
    if (k >= size || k < 0) return i;
    out[at + i] = values[k]!;
  }
  return -1;
}

/** The general page: nulls from the levels, values direct or through indices; the first faulty row, or -1. */
function scatterNumbers(
  out: Float64Array,
  at: number,
  values: Float64Array,
  indices: Int32Array | null,
  levels: ArrayLike<number> | null,
  bad: Uint8Array | null,
  n: number,
): number {
  const size = values.length;
  let j = 0;
  for (let i = 0; i < n; i++) {
    if (levels !== null && levels[i] === 0) {
      out[at + i] = Number.NaN;
      continue;
    }
    const k = indices !== null ? indices[j]! : j;
    j++;
    if (k >= size || k < 0 || (bad !== null && bad[k] === 1)) return i;
    out[at + i] = values[k]!;
  }
  return -1;
}

/** Text rows from the page's strings (the dictionary, or the plain values in order); the first faulty row, or -1. */
function gatherText(
  out: (string | null)[],
  at: number,
  dict: readonly string[],
  indices: Int32Array | null,
  levels: ArrayLike<number> | null,
  n: number,
): number {
  const size = dict.length;
  let j = 0;
  for (let i = 0; i < n; i++) {
    if (levels !== null && levels[i] === 0) {
      out[at + i] = null;
      continue;
    }
    const k = indices !== null ? indices[j]! : j;
    j++;
    if (k >= size || k < 0) return i;
    out[at + i] = dict[k]!;
  }
  return -1;
}

/** As {@link gatherText}, into factor codes (the dictionary already mapped to codes; -1 = missing). */
function gatherCodes(
  out: Int32Array,
  at: number,
  dict: Int32Array,
  indices: Int32Array | null,
  levels: ArrayLike<number> | null,
  n: number,
): number {
  const size = dict.length;
  let j = 0;
  for (let i = 0; i < n; i++) {
    if (levels !== null && levels[i] === 0) {
      out[at + i] = -1;
      continue;
    }
    const k = indices !== null ? indices[j]! : j;
    j++;
    if (k >= size || k < 0) return i;
    out[at + i] = dict[k]!;
  }
  return -1;
}

type Primitives = Awaited<ReturnType<typeof loadPrimitives>>;

async function loadPrimitives() {
  const [column, datapage, encoding] = await loadOptional('hyparquet', 'readTable (Parquet)', () =>
    Promise.all([
      import('hyparquet/src/column.js'),
      import('hyparquet/src/datapage.js'),
      import('hyparquet/src/encoding.js'),
    ]),
  );
  return { ...column, ...datapage, ...encoding };
}

let loaded: Promise<Primitives> | null = null;
// Loaded once per process: a dynamic import per column chunk costs more than decoding a small one.
function primitives(): Promise<Primitives> {
  loaded ??= loadPrimitives();
  return loaded;
}

/** The byte range [start, end) of a column chunk (dictionary page first when there is one). @internal */
export function chunkRange(chunk: ColumnChunk): [number, number] {
  const meta = chunk.meta_data!;
  const start = Number(meta.dictionary_page_offset ?? meta.data_page_offset);
  return [start, start + Number(meta.total_compressed_size)];
}

/**
 * A flat page with dictionary indices, decoded into typed arrays (definition levels as bytes, indices as
 * Int32Array); hyparquet's page readers build JS arrays of both. Other encodings return null.
 */
function dictionaryPage(
  reader: { view: DataView; offset: number },
  header: import('hyparquet').PageHeader,
  optional: boolean,
  d: { codec: import('hyparquet').CompressionCodec; compressors: Compressors },
  { decompressPage, readRleBitPackedHybrid }: Pick<Primitives, 'decompressPage' | 'readRleBitPackedHybrid'>,
): { definitionLevels: Uint8Array; dataPage: Int32Array; encoding: string; pageRows: number } | null {
  const v1 = header.data_page_header;
  const v2 = header.data_page_header_v2;
  const encoding = (v1 ?? v2)!.encoding;
  if (encoding !== 'RLE_DICTIONARY' && encoding !== 'PLAIN_DICTIONARY') return null;
  const rows = (v1 ?? v2)!.num_values;
  const start = reader.view.byteOffset + reader.offset;
  const compressed = new Uint8Array(reader.view.buffer, start, header.compressed_page_size);
  const levels = new Uint8Array(optional && !(v2 && v2.num_nulls === 0) ? rows : 0);
  let page: Uint8Array;
  let at = 0;
  if (v1) {
    page = decompressPage(compressed, Number(header.uncompressed_page_size), d.codec, d.compressors);
    if (optional) {
      const r = { view: new DataView(page.buffer, page.byteOffset, page.byteLength), offset: 0 };
      readRleBitPackedHybrid(r, 1, levels); // 4-byte length prefix, then the runs
      at = r.offset;
    }
  } else {
    if (v2!.repetition_levels_byte_length > 0) return null;
    const defBytes = v2!.definition_levels_byte_length;
    // A v2 header counts its nulls: without any, the levels need not be decoded.
    if (optional && defBytes > 0 && v2!.num_nulls > 0) {
      const r = { view: new DataView(compressed.buffer, compressed.byteOffset, defBytes), offset: 0 };
      readRleBitPackedHybrid(r, 1, levels, defBytes);
    }
    const rest = compressed.subarray(defBytes);
    page =
      v2!.is_compressed === false
        ? rest
        : decompressPage(rest, header.uncompressed_page_size - defBytes, d.codec, d.compressors);
  }
  let present = rows;
  if (optional && !(v2 && (v2.num_nulls === 0 || v2.definition_levels_byte_length === 0))) {
    present = 0;
    for (let i = 0; i < rows; i++) present += levels[i]!;
  }
  const view = new DataView(page.buffer, page.byteOffset, page.byteLength);
  const indices = new Int32Array(present);
  const bitWidth = view.getUint8(at);
  if (bitWidth > 0 && present > 0) {
    readRleBitPackedHybrid({ view, offset: at + 1 }, bitWidth, indices, page.byteLength - at - 1);
  }
  reader.offset += header.compressed_page_size;
  // Without nulls the levels are all 1: an empty array tells the caller every row has a value.
  return {
    definitionLevels: present === rows ? new Uint8Array(0) : levels,
    dataPage: indices,
    encoding,
    pageRows: rows,
  };
}

function pageValues(
  reader: { view: DataView; offset: number },
  header: import('hyparquet').PageHeader,
  decoder: unknown,
  {
    decompressPage,
    readDataPage,
    readDataPageV2,
  }: Pick<Primitives, 'decompressPage' | 'readDataPage' | 'readDataPageV2'>,
): { definitionLevels: ArrayLike<number>; dataPage: DecodedArray; encoding: string; pageRows: number } {
  const d = decoder as Parameters<typeof readDataPageV2>[2];
  const compressed = new Uint8Array(
    reader.view.buffer,
    reader.view.byteOffset + reader.offset,
    header.compressed_page_size,
  );
  reader.offset += header.compressed_page_size;
  if (header.type === 'DATA_PAGE') {
    const daph = header.data_page_header!;
    const page = decompressPage(compressed, Number(header.uncompressed_page_size), d.codec, d.compressors);
    const { definitionLevels, dataPage } = readDataPage(page, daph, d);
    return {
      definitionLevels: definitionLevels ?? [],
      dataPage,
      encoding: daph.encoding,
      pageRows: daph.num_values,
    };
  }
  const daph2 = header.data_page_header_v2!;
  const { definitionLevels, dataPage } = readDataPageV2(compressed, header, d);
  return {
    definitionLevels: definitionLevels ?? [],
    dataPage,
    encoding: daph2.encoding,
    pageRows: daph2.num_values,
  };
}
