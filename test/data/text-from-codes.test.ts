import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { textFromCodes, toFrame } from '../../src/data/frame.js';
import { readTable } from '../../src/data/io/read-table.js';
import { fitGlm } from '../../src/glm/fit-glm.js';

const dir = mkdtempSync(join(tmpdir(), 'vm-text-codes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The frame's factor of a column given as a plain copy of the array (encoded afresh, nothing remembered). */
const fresh = (arr: readonly (string | null)[]) => {
  const col = toFrame({ t: [...arr] }).column('t');
  if (col.kind !== 'factor') throw new Error('not a factor');
  return { codes: Array.from(col.codes), levels: col.levels };
};
const factorOf = (arr: readonly (string | null)[]) => {
  const col = toFrame({ t: arr as (string | null)[] }).column('t');
  if (col.kind !== 'factor') throw new Error('not a factor');
  return { codes: Array.from(col.codes), levels: col.levels };
};

describe('text columns made from factor codes are read back without encoding the strings again', () => {
  it('a CSV text column read as strings is the same factor as its fresh copy', async () => {
    const path = join(dir, 'towns.csv');
    const towns = ['Zwolle', 'Assen', '', 'Breda', 'Assen', 'Zwolle', 'Delft'];
    writeFileSync(path, `town,y\n${towns.map((t, i) => `${t},${i % 2}`).join('\n')}\n`);
    const table = await readTable(path);
    const text = table.town as (string | null)[];
    expect(text).toEqual(['Zwolle', 'Assen', null, 'Breda', 'Assen', 'Zwolle', 'Delft']);
    expect(factorOf(text)).toEqual(fresh(text));
    expect(factorOf(text).levels).toEqual(['Assen', 'Breda', 'Delft', 'Zwolle']);
  });

  it('an array changed after it was made is encoded as it is now (new level, missing, equal text)', () => {
    const text = textFromCodes(Int32Array.from([0, 1, 0, 2, -1, 1]), ['b', 'a', 'c']);
    expect(factorOf(text)).toEqual({ codes: [1, 0, 1, 2, -1, 0], levels: ['a', 'b', 'c'] });
    const changed = textFromCodes(Int32Array.from([0, 1, 0, 2, -1, 1]), ['b', 'a', 'c']);
    changed[2] = 'zz';
    changed[5] = null;
    expect(factorOf(changed)).toEqual(fresh(changed));
    expect(factorOf(changed).levels).toEqual(['a', 'b', 'c', 'zz']);
    const undef = textFromCodes(Int32Array.from([0, 1]), ['x', 'y']);
    (undef as unknown[])[0] = undefined;
    expect(factorOf(undef)).toEqual(fresh(undef));
    // The same text as a different string object is still the same level.
    const copy = textFromCodes(Int32Array.from([0, 1, 1]), ['p', 'q']);
    copy[1] = ['q'].join('');
    expect(factorOf(copy)).toEqual({ codes: [0, 1, 1], levels: ['p', 'q'] });
  });

  it('levels that no row has are not levels of the text (as when encoded afresh)', () => {
    const text = textFromCodes(Int32Array.from([3, 1, 3, -1]), ['a', 'b', 'c', 'd']);
    expect(factorOf(text)).toEqual({ codes: [1, 0, 1, -1], levels: ['b', 'd'] });
    expect(factorOf(text)).toEqual(fresh(text));
  });

  it('a fit from the remembered text equals the fit from a plain copy', () => {
    const n = 400;
    const codes = Int32Array.from({ length: n }, (_, i) => (i * 7) % 5);
    const group = textFromCodes(codes, ['e', 'd', 'c', 'b', 'a']);
    const x = Float64Array.from({ length: n }, (_, i) => Math.sin(i));
    const y = Float64Array.from({ length: n }, (_, i) => (Math.sin(i * 1.3) + 0.3 * codes[i]! > 0.5 ? 1 : 0));
    const spec = { family: 'binomial' as const, y: 'y', x: ['x', 'group'] };
    const a = fitGlm({ y, x, group }, spec);
    const b = fitGlm({ y, x, group: [...group] }, spec);
    expect(a.terms).toEqual(b.terms);
    expect(Array.from(a.coefficients)).toEqual(Array.from(b.coefficients));
  });
});
