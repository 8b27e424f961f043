import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeTable } from '../../src/data/io/write-table.js';
import {
  type ColumnRecord,
  DataError,
  fitGlm,
  fitGlmDuckDb,
  fitGlmStream,
  type GlmFit,
} from '../../src/index.js';
import { uniforms } from './helpers.js';

function households(n: number, seed: number) {
  const r = uniforms(seed);
  const d = {
    type: [] as string[],
    age: [] as number[],
    flag: [] as number[],
    town: [] as string[],
    y: [] as number[],
    f: [] as number[],
  };
  for (let i = 0; i < n; i++) {
    const type = ['single', 'couple', 'parent'][Math.floor(r() * 3)]!;
    const age = Math.floor(r() * 5);
    const flag = r() < 0.2 ? 1 : 0;
    const town = `GM${String(Math.floor(r() * 30)).padStart(4, '0')}`;
    const eta = -2 + (type === 'parent' ? 1 : type === 'couple' ? -0.5 : 0) + 0.2 * age + 0.7 * flag;
    const p = 1 / (1 + Math.exp(-eta));
    d.type.push(type);
    d.age.push(age);
    d.flag.push(flag);
    d.town.push(town);
    d.y.push(r() < p ? 1 : 0);
    d.f.push(Math.min(1, Math.max(0, p + (r() - 0.5) * 0.2)));
  }
  return d;
}

async function* chunked(data: ReturnType<typeof households>, size: number): AsyncIterable<ColumnRecord> {
  const n = data.y.length;
  for (let s = 0; s < n; s += size) {
    yield Object.fromEntries(
      Object.entries(data).map(([k, v]) => [k, (v as unknown[]).slice(s, s + size)]),
    ) as ColumnRecord;
  }
}

function expectSame(a: GlmFit, b: GlmFit): void {
  expect(a.terms).toEqual(b.terms);
  a.coefficients.forEach((v, j) => {
    expect(Math.abs(v - b.coefficients[j]!)).toBeLessThan(1e-10 * (1 + Math.abs(v)));
  });
  for (const t of ['model', 'HC1', 'cluster'] as const) {
    const sa = a.tidy({ vcov: t });
    const sb = b.tidy({ vcov: t });
    sa.forEach((row, j) => {
      expect(Math.abs(row.stdError - sb[j]!.stdError)).toBeLessThan(1e-10 * row.stdError);
    });
  }
  for (const k of ['deviance', 'nullDeviance', 'dispersion', 'nobs'] as const) {
    expect(Math.abs(a.glance()[k] - b.glance()[k])).toBeLessThan(1e-10 * (1 + Math.abs(b.glance()[k])));
  }
}

const dir = mkdtempSync(join(tmpdir(), 'vm-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fitting from streams and files equals the in-memory fit to 1e-10', () => {
  const data = households(12_000, 3);
  const spec = {
    y: 'y',
    x: ['type', 'age', 'flag', 'type:age'],
    clusters: ['town'],
    reference: { type: 'single' },
  };

  it('async chunks (logit and fractional logit)', async () => {
    for (const [family, y] of [
      ['binomial', 'y'],
      ['quasibinomial', 'f'],
    ] as const) {
      const mem = fitGlm(data, { ...spec, y, family, compress: false });
      const str = await fitGlmStream(chunked(data, 2500), { ...spec, y, family });
      expectSame(str, mem);
      expect(str.patterns).toBeLessThanOrEqual(3 * 5 * 2 * 30);
      expect(() => str.predict()).toThrowError(/pass newdata/);
      expect(str.predict({ type: ['couple'], age: [2], flag: [1] }).fit[0]).toBeCloseTo(
        mem.predict({ type: ['couple'], age: [2], flag: [1] }).fit[0]!,
        12,
      );
    }
  });

  it('two cluster columns: one-way on either and two-way clustering equal the in-memory fit', async () => {
    // A second cluster column that cuts across towns: the age band.
    const two = { ...spec, clusters: ['town', 'age'] };
    const mem = fitGlm(data, { ...two, family: 'binomial', compress: false });
    const str = await fitGlmStream(chunked(data, 3000), { ...two, family: 'binomial' });
    for (const v of [
      { type: 'cluster', cluster: 'town' },
      { type: 'cluster', cluster: 'age', adjust: 'stata' },
      { type: 'cluster', cluster: ['town', 'age'] },
    ] as const) {
      const a = mem.tidy({ vcov: v });
      for (const [j, r] of str.tidy({ vcov: v }).entries())
        expect(Math.abs(r.stdError - a[j]!.stdError)).toBeLessThan(1e-10 * a[j]!.stdError);
    }
    expect(str.clusterMeats.map((m) => [m.variables, m.groups])).toEqual(
      mem.clusterMeats.map((m) => [m.variables, m.groups]),
    );
  });

  for (const ext of ['csv', 'parquet', 'arrow']) {
    it(`${ext} file read in chunks`, async () => {
      const path = join(dir, `households.${ext}`);
      await writeTable(path, data);
      const mem = fitGlm(data, { ...spec, family: 'binomial', compress: false });
      const str = await fitGlmStream(path, { ...spec, family: 'binomial', chunkRows: 3000 });
      expectSame(str, mem);
    });
  }

  it('missing values throw with the global row, or are omitted and counted', async () => {
    const holes = { ...data, age: data.age.map((v, i) => (i === 7001 ? Number.NaN : v)) };
    await expect(fitGlmStream(chunked(holes, 2500), { ...spec, family: 'binomial' })).rejects.toThrowError(
      /'age' is missing at row 7002/,
    );
    const omit = await fitGlmStream(chunked(holes, 2500), { ...spec, family: 'binomial', na: 'omit' });
    expect(omit.nOmitted).toBe(1);
    await expect(
      fitGlmStream(chunked(data, 2500), { ...spec, family: 'binomial', maxPatterns: 10 }),
    ).rejects.toBeInstanceOf(DataError);
  });

  it('DuckDB out-of-core path (Parquet file and SQL query) equals the in-memory fit', async () => {
    const path = join(dir, 'duck.parquet');
    await writeTable(path, data);
    const mem = fitGlm(data, { ...spec, family: 'binomial', compress: false });
    const duck = await fitGlmDuckDb({
      ...spec,
      family: 'binomial',
      source: path,
      memoryLimit: '256MB',
      threads: 1,
    });
    expectSame(duck, mem);
    const query = await fitGlmDuckDb({
      ...spec,
      family: 'quasibinomial',
      y: 'f',
      source: `SELECT * FROM read_parquet('${path}') WHERE age >= 0`,
    });
    expectSame(query, fitGlm(data, { ...spec, family: 'quasibinomial', y: 'f', compress: false }));
    await expect(
      fitGlmDuckDb({ ...spec, x: ['nope'], family: 'binomial', source: path }),
    ).rejects.toThrowError(/'nope' is not in the data/);
    // Two cluster columns through the database: the same cluster sums, so the same two-way errors.
    const two = { ...spec, clusters: ['town', 'age'] };
    const duck2 = await fitGlmDuckDb({ ...two, family: 'binomial', source: path, threads: 1 });
    const mem2 = fitGlm(data, { ...two, family: 'binomial', compress: false });
    const v = { type: 'cluster', cluster: ['town', 'age'] } as const;
    const a = mem2.tidy({ vcov: v });
    for (const [j, r] of duck2.tidy({ vcov: v }).entries())
      expect(Math.abs(r.stdError - a[j]!.stdError)).toBeLessThan(1e-10 * a[j]!.stdError);
  });
});
