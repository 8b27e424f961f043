import { readFile } from 'node:fs/promises';
import { DataError } from '../../errors.js';
import { type DataInput, toFrame } from '../frame.js';
import { planColumns } from './column-mapping.js';
import { frameColumn } from './frame-columns.js';
import { ownValue, setOwn } from './own.js';
import { rechunk } from './rechunk.js';
import type { ReadTableOptions, TableColumns } from './types.js';

async function* once(piece: TableColumns): AsyncGenerator<TableColumns> {
  yield piece;
}

const NUMBER_TOKEN = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * The first number literal (outside strings) that JSON.parse would not read exactly: an integer beyond 2^53
 * that a double cannot hold (`9007199254740993` becomes …992) or a number beyond the range of doubles
 * (`1e400` becomes Infinity). Scans only text that has a 16-digit run or a 3-digit exponent.
 */
function inexactNumber(text: string): { token: string; code: 'lossy-value' | 'not-finite' } | null {
  if (!/\d{16}|[eE][+-]?\d{3}/.test(text)) return null;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // Skip a string, with its escapes.
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 92) i++;
        else if (d === 34) break;
      }
    } else if (c === 45 || (c >= 48 && c <= 57)) {
      NUMBER_TOKEN.lastIndex = i;
      const m = NUMBER_TOKEN.exec(text);
      if (m === null) continue;
      const token = m[0];
      const v = Number(token);
      if (!Number.isFinite(v)) return { token, code: 'not-finite' };
      if (/^-?\d{16,}$/.test(token) && BigInt(token) !== BigInt(v)) return { token, code: 'lossy-value' };
      i += token.length - 1;
    }
  }
  return null;
}

/** Where the parsed value `v` sits in rows or columns, for the message. */
function locate(parsed: unknown, v: number): { column?: string; row?: number } {
  if (Array.isArray(parsed)) {
    for (let i = 0; i < parsed.length; i++) {
      const row = parsed[i] as Record<string, unknown> | null;
      if (row === null || typeof row !== 'object') continue;
      for (const k of Object.keys(row)) if (row[k] === v) return { column: k, row: i + 1 };
    }
  } else if (parsed !== null && typeof parsed === 'object') {
    for (const [k, col] of Object.entries(parsed)) {
      if (!Array.isArray(col)) continue;
      const i = col.indexOf(v);
      if (i >= 0) return { column: k, row: i + 1 };
    }
  }
  return {};
}

/**
 * Read a JSON file holding an array of row objects or an object of columns (not streamed: JSON is
 * parsed whole), then cut into chunks of `chunkRows` rows.
 * @internal
 */
export async function* jsonChunks(
  path: string,
  options: ReadTableOptions,
  chunkRows: number,
): AsyncGenerator<TableColumns> {
  let parsed: unknown;
  const text = await readFile(path, 'utf8');
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new DataError('invalid-value', `${path} is not valid JSON: ${(e as Error).message}`);
  }
  const bad = inexactNumber(text);
  if (bad !== null) {
    const where = locate(parsed, Number(bad.token));
    const at = where.column === undefined ? '' : ` (column '${where.column}' row ${where.row})`;
    throw new DataError(
      bad.code,
      bad.code === 'lossy-value'
        ? `${path} holds the integer ${bad.token}${at}, which a double cannot hold exactly (beyond 2^53 = 9007199254740992); write it as a JSON string to keep it as text`
        : `${path} holds the number ${bad.token}${at}, beyond the range of a double; write it as a JSON string or fix it`,
      where,
    );
  }
  const frame = toFrame(parsed as DataInput);
  const plan = planColumns(frame.names, options.mapping, options.columns, path);
  const table: TableColumns = {};
  plan.target.forEach((name, k) => {
    const col = frameColumn(frame, plan.source[k]!);
    const asked = ownValue(options.types, name);
    setOwn(
      table,
      name,
      asked === 'string' && col instanceof Float64Array
        ? Array.from(col, (v) => (Number.isNaN(v) ? null : String(v)))
        : col,
    );
    if (asked !== undefined && asked !== 'string' && !(col instanceof Float64Array)) {
      throw new DataError('invalid-value', `column '${name}' of ${path} holds text, not numbers`, {
        column: name,
      });
    }
  });
  // A table of no rows comes back as one empty chunk with its columns.
  yield* rechunk(once(table), plan.target, chunkRows, table);
}
