import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Dictionary, Float64, Int32, Table, tableToIPC, Utf8, vectorFromArray } from 'apache-arrow';
import { afterEach, describe, expect, it } from 'vitest';
import { readTable, toFrame, writeTable } from '../../src/data/index.js';
import { csvBytesTestHooks } from '../../src/data/io/csv-bytes-read.js';
import type { FactorTableColumns, TableColumns, TextFactor } from '../../src/data/io/types.js';
import { SpecError } from '../../src/errors.js';
import { fitGlm } from '../../src/glm/fit-glm.js';
import { tempDir } from './io-helpers.js';

// readTable(path, { text: 'factor' }) hands over the reader's own codes: the same table as the default
// read, text as { codes: Int32Array, levels } with levels sorted as the model frame sorts them.

const dir = tempDir();

/** A household-like table: a 0/1 response, a number, text with missing cells and awkward level names. */
function households(n: number): TableColumns {
  const receipt = new Float64Array(n);
  const age = new Float64Array(n);
  const hhtype: (string | null)[] = [];
  const town: (string | null)[] = [];
  const names = ['__proto__', 'b', 'B', 'é', 'a b', 'constructor', 'Z', 'GM0363'];
  for (let i = 0; i < n; i++) {
    age[i] = 20 + ((i * 37) % 60);
    hhtype.push(i % 23 === 0 ? null : names[(i * 7) % names.length]!);
    town.push(`GM${String((i * 13) % 41).padStart(4, '0')}`);
    receipt[i] = (i * 2654435761) % 7 < 2 + (i % 3 === 0 ? 1 : 0) ? 1 : 0;
  }
  return { receipt, age, hhtype, town };
}

/** Decode a factor back to the string column the default read gives. */
function decode(f: TextFactor): (string | null)[] {
  return Array.from(f.codes, (c) => (c < 0 ? null : f.levels[c]!));
}

function sorted(levels: readonly string[]): string[] {
  return [...levels].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The factor read equals the string read: same names, numbers identical, text decoded identical. */
function expectSameTable(factors: FactorTableColumns, strings: TableColumns): void {
  expect(Object.keys(factors)).toEqual(Object.keys(strings));
  let textColumns = 0;
  for (const name of Object.keys(strings)) {
    const s = strings[name]!;
    const f = factors[name]!;
    if (s instanceof Float64Array) {
      expect(f).toBeInstanceOf(Float64Array);
      expect(Array.from(f as Float64Array)).toEqual(Array.from(s));
      continue;
    }
    textColumns++;
    const factor = f as TextFactor;
    expect(factor.codes).toBeInstanceOf(Int32Array);
    expect(factor.levels).toEqual(sorted(factor.levels));
    expect(new Set(factor.levels).size).toBe(factor.levels.length);
    // Every level is used: none is made up, none is lost.
    expect(new Set(factor.codes.filter((c) => c >= 0)).size).toBe(factor.levels.length);
    expect(decode(factor)).toEqual(s);
    // The model frame takes it as it is: the same codes and levels, no second encoding.
    const column = toFrame(factors).column(name);
    expect(column.kind).toBe('factor');
    if (column.kind === 'factor') {
      expect(column.codes).toBe(factor.codes);
      expect(column.levels).toBe(factor.levels);
    }
  }
  expect(textColumns).toBeGreaterThan(0);
}

const n = 3000;
const table = households(n);

describe("readTable(path, { text: 'factor' })", () => {
  afterEach(() => {
    csvBytesTestHooks.parallelBytes = undefined;
    csvBytesTestHooks.inlineRanges = undefined;
  });

  for (const file of ['h.csv', 'h.tsv.gz', 'h.parquet', 'h.arrow', 'h.json']) {
    it(`${file}: equals the string read after decoding, levels sorted`, async () => {
      const path = join(dir, file);
      await writeTable(path, table);
      const strings = await readTable(path);
      const factors = await readTable(path, { text: 'factor' });
      expectSameTable(factors, strings);
      expect(decode(factors.hhtype as TextFactor)).toEqual(table.hhtype);
      // The explicit default is the string read.
      expect(await readTable(path, { text: 'string' })).toEqual(strings);
    });
  }

  it('CSV split over byte ranges: each range’s codes remapped to one sorted set of levels', async () => {
    const path = join(dir, 'ranges.csv');
    await writeTable(path, households(20_000));
    csvBytesTestHooks.parallelBytes = 1;
    csvBytesTestHooks.inlineRanges = true;
    const factors = await readTable(path, { text: 'factor' });
    const strings = await readTable(path);
    expectSameTable(factors, strings);
  });

  it('CSV the byte reader hands to the string reader (a delimiter beyond ASCII): coded in one pass', async () => {
    const path = join(dir, 'section.csv');
    writeFileSync(path, 'town§y\nb§1\n§0\na§1\nb§0\n');
    const factors = await readTable(path, { text: 'factor', delimiter: '§' });
    expect(factors.town).toEqual({ codes: Int32Array.from([1, -1, 0, 1]), levels: ['a', 'b'] });
    expectSameTable(factors, await readTable(path, { delimiter: '§' }));
  });

  it('Parquet with columns and mapping; Arrow dictionary text over several batches', async () => {
    const pq = join(dir, 'm.parquet');
    await writeTable(pq, table);
    const opts = { columns: ['kind', 'age'], mapping: { kind: 'hhtype' } };
    expectSameTable(await readTable(pq, { ...opts, text: 'factor' }), await readTable(pq, opts));

    const arrow = join(dir, 'dict.arrow');
    const batch = (start: number) => {
      const k = Array.from({ length: 50 }, (_, i) => start + i);
      return new Table({
        town: vectorFromArray(
          k.map((i) => (i % 7 === 0 ? null : `GM${(i * 11) % 9}`)),
          new Dictionary(new Utf8(), new Int32()),
        ),
        x: vectorFromArray(
          k.map((i) => i / 3),
          new Float64(),
        ),
      });
    };
    writeFileSync(arrow, tableToIPC(batch(0).concat(batch(50), batch(100)), 'stream'));
    expectSameTable(await readTable(arrow, { text: 'factor' }), await readTable(arrow));
  });

  it('a fit from the factor read equals the fit from the string read exactly', async () => {
    for (const file of ['h.csv', 'h.parquet']) {
      const path = join(dir, `fit-${file}`);
      await writeTable(path, table);
      const spec = {
        family: 'binomial' as const,
        y: 'receipt',
        x: ['age', 'hhtype'],
        clusters: ['town'],
        na: 'omit' as const,
      };
      const a = fitGlm(await readTable(path), spec);
      const b = fitGlm(await readTable(path, { text: 'factor' }), spec);
      expect(b.terms).toEqual(a.terms);
      expect(a.terms.length).toBeGreaterThan(5);
      for (let j = 0; j < a.coefficients.length; j++) expect(b.coefficients[j]).toBe(a.coefficients[j]);
      const sa = a.tidy({ vcov: 'cluster' }).map((r) => r.stdError);
      const sb = b.tidy({ vcov: 'cluster' }).map((r) => r.stdError);
      expect(sb).toEqual(sa);
    }
  });

  it("a bad text value is SpecError('invalid-option') naming the option and the allowed values", async () => {
    const path = join(dir, 'h.csv');
    for (const text of ['factors', 'Factor', 1, null]) {
      const e = await readTable(path, { text: text as never }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(SpecError);
      expect((e as SpecError).code).toBe('invalid-option');
      expect((e as SpecError).message).toMatch(/text must be 'string', 'factor'/);
    }
  });
});

describe('toFrame with Int32Array factor codes', () => {
  it('checks the codes in one pass and still names the row of a bad code', () => {
    const ok = toFrame({ f: { codes: Int32Array.from([0, -1, 1]), levels: ['a', 'b'] } }).column('f');
    expect(ok.kind).toBe('factor');
    for (const bad of [2, -2]) {
      const codes = Int32Array.from([0, 1, bad, 0]);
      const e = (() => {
        try {
          toFrame({ f: { codes, levels: ['a', 'b'] } }).column('f');
        } catch (x) {
          return x as { code: string; row: number };
        }
        return null;
      })();
      expect(e?.code).toBe('out-of-range');
      expect(e?.row).toBe(3);
    }
  });
});
