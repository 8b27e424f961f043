import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Bool,
  Dictionary,
  Float64,
  Int32,
  Int64,
  Table,
  tableToIPC,
  Utf8,
  type Vector,
  vectorFromArray,
} from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { readTable, readTableChunks } from '../../src/data/index.js';
import { plain, tempDir } from './io-helpers.js';

// The Arrow reader takes numbers and dictionary text from the record batch buffers: nulls from the
// validity bitmap (NaN / null), booleans from the bit-packed values, rows numbered across batches.

const dir = tempDir();

function batch(start: number, n: number, bigAt = -1) {
  const k = Array.from({ length: n }, (_, i) => start + i);
  return new Table({
    town: vectorFromArray(
      k.map((i) => (i % 5 === 0 ? null : `GM${i % 3}`)),
      new Dictionary(new Utf8(), new Int32()),
    ),
    x: vectorFromArray(
      k.map((i) => (i % 4 === 0 ? null : i / 8)),
      new Float64(),
    ),
    count: vectorFromArray(
      k.map((i) => (i % 6 === 0 ? null : i)),
      new Int32(),
    ),
    flag: vectorFromArray(
      k.map((i) => (i % 7 === 0 ? null : i % 2 === 1)),
      new Bool(),
    ),
    n: vectorFromArray(
      k.map((i) => (i === bigAt ? 9007199254740993n : BigInt(i))),
      new Int64(),
    ),
  });
}

describe('Arrow direct reading', () => {
  it('reads nulls, booleans, integers and dictionary text over several batches', async () => {
    const path = join(dir, 'batches.arrows');
    writeFileSync(path, tableToIPC(batch(0, 37).concat(batch(37, 50)), 'stream'));
    const back = await readTable(path);
    const k = Array.from({ length: 87 }, (_, i) => i);
    expect(back.x).toBeInstanceOf(Float64Array);
    expect(plain(back)).toEqual({
      town: k.map((i) => (i % 5 === 0 ? null : `GM${i % 3}`)),
      x: k.map((i) => (i % 4 === 0 ? Number.NaN : i / 8)),
      count: k.map((i) => (i % 6 === 0 ? Number.NaN : i)),
      flag: k.map((i) => (i % 7 === 0 ? Number.NaN : i % 2)),
      n: k,
    });
  });

  it('reads a sliced vector (non-zero offset into its buffers) at the right rows', async () => {
    const whole = batch(0, 40);
    const sliced = new Table({
      x: whole.getChild('x')!.slice(13, 29) as Vector,
      flag: whole.getChild('flag')!.slice(13, 29) as Vector,
    });
    const path = join(dir, 'sliced.arrows');
    writeFileSync(path, tableToIPC(sliced, 'stream'));
    const back = await readTable(path);
    const k = Array.from({ length: 16 }, (_, i) => 13 + i);
    expect(plain(back)).toEqual({
      x: k.map((i) => (i % 4 === 0 ? Number.NaN : i / 8)),
      flag: k.map((i) => (i % 7 === 0 ? Number.NaN : i % 2)),
    });
  });

  it('names the 1-based row of an Int64 beyond 2^53 in a later batch', async () => {
    const path = join(dir, 'lossy.arrows');
    writeFileSync(path, tableToIPC(batch(0, 30).concat(batch(30, 30, 44)), 'stream'));
    await expect(readTable(path)).rejects.toMatchObject({ code: 'lossy-value', column: 'n', row: 45 });
    const drain = async () => {
      for await (const _ of readTableChunks(path, { chunkRows: 7 })) {
        // drain
      }
    };
    await expect(drain()).rejects.toMatchObject({ code: 'lossy-value', column: 'n', row: 45 });
    expect((await readTable(path, { columns: ['n'], types: { n: 'string' } })).n![44]).toBe(
      '9007199254740993',
    );
  });
});
