/**
 * Fuzz properties over verdeelmodel/data: arbitrary column records and row objects (mixed types, NaN, null,
 * undefined, ±Infinity, beyond 2^53, unicode and prototype-like names, ragged columns) through the one data
 * boundary and the writers/readers.
 *
 * Covered: toFrame (every column read), toTable, toJson, toArquero, spreadsheetSafe, selectRows, rowsWhere,
 * groupCodes, writeTable + readTable (CSV and JSON: written or refused, then read back), readTableChunks.
 * Skipped: the lossless round trip itself (test/data/round-trip.property.test.ts), Parquet and Arrow output
 * here (covered there; slower per call).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import {
  groupCodes,
  readTable,
  readTableChunks,
  rowsWhere,
  selectRows,
  spreadsheetSafe,
  toArquero,
  toFrame,
  toJson,
  toTable,
  writeTable,
} from '../../src/data/index.js';
import { anyCell, anyName, nastyText, setOwn } from './arbitraries.js';
import { call, callAsync, expectShape, fuzz, fuzzAsync, type WalkOptions } from './check.js';

/**
 * Frames, tables and files are containers: they hold (and a round trip gives back) NaN, null and ±Infinity as
 * the user gave them; the consumers (fits, allocation, ...) refuse them, with a typed error, where it matters.
 */
const ECHO: WalkOptions = { allowNaN: true, allowInfinity: true };

const dir = mkdtempSync(join(tmpdir(), 'verdeelmodel-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A column record with own-property names (a `__proto__` column is a column), columns possibly ragged. */
const columnRecord = fc
  .array(fc.tuple(anyName, fc.array(anyCell, { maxLength: 4 })), { maxLength: 4 })
  .map((cols) => {
    const out: Record<string, unknown[]> = {};
    for (const [name, values] of cols) setOwn(out, name, values);
    return out;
  });
const rowObjects = fc.array(
  fc.array(fc.tuple(anyName, anyCell), { maxLength: 3 }).map((entries) => {
    const row: Record<string, unknown> = {};
    for (const [k, v] of entries) setOwn(row, k, v);
    return row;
  }),
  { maxLength: 4 },
);
const input = fc.oneof(columnRecord, rowObjects);

/** Every column of a frame, read once: the laziness of toFrame must not hide an untyped error. */
function readAll(label: string, data: unknown) {
  const f = call(
    label,
    data,
    () => {
      const frame = toFrame(data as never);
      return frame.names.map((n) => frame.column(n));
    },
    ECHO,
  );
  return f;
}

describe('data fuzz', () => {
  it('toFrame, toTable, toJson, spreadsheetSafe, selectRows, rowsWhere, groupCodes', () => {
    fuzz(
      'toFrame',
      [input, nastyText],
      (data, text) => {
        const cols = readAll('toFrame', data);
        if (cols.ok) {
          const frame = toFrame(data as never);
          for (const c of cols.value) {
            const n = c.kind === 'numeric' ? c.values.length : c.codes.length;
            expectShape(
              n === frame.nrows,
              'toFrame',
              `column '${c.name}' has ${n} of ${frame.nrows} rows`,
              data,
            );
          }
          for (const name of frame.names) {
            const where = call('rowsWhere', data, () => rowsWhere(frame, name));
            if (where.ok)
              call(
                'selectRows',
                data,
                () =>
                  selectRows(frame, where.value).names.map((n) => selectRows(frame, where.value).column(n)),
                ECHO,
              );
            call('groupCodes', data, () => groupCodes(frame, name));
          }
        }
        call('toTable', data, () => toTable(data as never), ECHO);
        const j = call('toJson', data, () => toJson(data));
        if (j.ok) expectShape(typeof j.value === 'string', 'toJson', 'text', data);
        const s = call('spreadsheetSafe', text, () => spreadsheetSafe(text));
        if (s.ok) expectShape(s.value.endsWith(text), 'spreadsheetSafe', `'${s.value}'`, text);
      },
      { seed: 1860, numRuns: 200, expectSuccess: ['toFrame', 'toTable', 'toJson', 'groupCodes'] },
    );
  });

  it('writeTable then readTable and readTableChunks (CSV, JSON), and toArquero', async () => {
    let k = 0;
    await fuzzAsync(
      'writeTable',
      [input, fc.constantFrom('csv', 'json')],
      async (data, ext) => {
        const path = join(dir, `t${k++}.${ext}`);
        await callAsync('toArquero', data, () => toArquero(data as never).then((t) => t.numRows()));
        const w = await callAsync('writeTable', data, () => writeTable(path, data as never));
        if (!w.ok) return;
        const r = await callAsync('readTable', data, () => readTable(path), ECHO);
        if (!r.ok) return;
        await callAsync(
          'readTableChunks',
          data,
          async () => {
            let rows = 0;
            for await (const chunk of readTableChunks(path, { chunkRows: 2 }))
              rows += Object.values(chunk)[0]?.length ?? 0;
            return rows;
          },
          ECHO,
        );
      },
      { seed: 1861, numRuns: 60, expectSuccess: ['writeTable', 'readTable', 'toArquero'] },
    );
  });
});
