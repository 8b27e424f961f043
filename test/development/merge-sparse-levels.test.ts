import { describe, expect, it } from 'vitest';
import { mergeSparseLevels } from '../../src/development/index.js';
import { DataError, SpecError } from '../../src/errors.js';
import { fractionalLogit } from '../../src/glm/index.js';

const bands = ['<5', '5-12', '12-18', '18+'];

describe('mergeSparseLevels', () => {
  it('merges the sparsest level into its smaller neighbour, by hand', () => {
    // counts: <5: 2, 5-12: 1, 12-18: 3, 18+: 1
    const data = { band: ['<5', '<5', '5-12', '12-18', '12-18', '12-18', '18+'], y: [1, 0, 1, 0, 1, 1, 0] };
    const m = mergeSparseLevels(data, 'band', { minCount: 2, order: bands });
    expect(m.steps).toEqual([
      { level: '5-12', count: 1, into: '<5' },
      { level: '18+', count: 1, into: '12-18' },
    ]);
    expect(m.levels).toEqual([
      { label: '<5+5-12', members: ['<5', '5-12'], count: 3 },
      { label: '12-18+18+', members: ['12-18', '18+'], count: 4 },
    ]);
    expect([...m.mapping]).toEqual([
      ['<5', '<5+5-12'],
      ['5-12', '<5+5-12'],
      ['12-18', '12-18+18+'],
      ['18+', '12-18+18+'],
    ]);
    const col = m.frame.column('band');
    expect(col.kind).toBe('factor');
    if (col.kind !== 'factor') return;
    expect(Array.from(col.codes, (c) => col.levels[c])).toEqual([
      '<5+5-12',
      '<5+5-12',
      '<5+5-12',
      '12-18+18+',
      '12-18+18+',
      '12-18+18+',
      '12-18+18+',
    ]);
    // Other columns are the input's.
    expect(m.frame.column('y')).toEqual(expect.objectContaining({ kind: 'numeric' }));
  });

  it('leaves levels that are large enough alone, and keeps missing values missing', () => {
    const data = { g: ['a', 'b', null, 'a', 'b'] };
    const m = mergeSparseLevels(data, 'g', { minCount: 2, as: 'g2' });
    expect(m.steps).toEqual([]);
    expect(m.levels.map((l) => l.label)).toEqual(['a', 'b']);
    const col = m.frame.column('g2');
    if (col.kind !== 'factor') throw new Error('factor expected');
    expect(Array.from(col.codes)).toEqual([0, 1, -1, 0, 1]);
    expect(m.frame.has('g')).toBe(true);
    expect(m.frame.names).toContain('g2');
  });

  it('counts a column (recipients among all households) instead of rows', () => {
    const data = {
      band: ['<5', '<5', '5-12', '5-12', '12-18', '18+', '18+'],
      receipt: [1, 1, 0, 1, 1, 1, 1],
    };
    // recipients: <5: 2, 5-12: 1, 12-18: 1, 18+: 2 → 5-12 (first of the ties) joins 12-18 (1 < 2)
    const m = mergeSparseLevels(data, 'band', { minCount: 2, order: bands, count: 'receipt' });
    expect(m.levels.map((l) => [l.label, l.count])).toEqual([
      ['<5', 2],
      ['5-12+12-18', 2],
      ['18+', 2],
    ]);
  });

  it("rule: 'outcome' joins the group with the closest mean outcome", () => {
    const data = {
      origin: ['tr', 'tr', 'tr', 'ma', 'ma', 'ma', 'so', 'pl', 'pl', 'pl'],
      y: [0.8, 0.7, 0.9, 0.3, 0.2, 0.4, 0.75, 0.1, 0.2, 0.1],
    };
    const m = mergeSparseLevels(data, 'origin', { minCount: 2, rule: 'outcome', outcome: 'y' });
    // 'so' (1 household, mean 0.75) is nearest to 'tr' (0.8).
    expect(m.mapping.get('so')).toBe(m.mapping.get('tr'));
    expect(m.levels).toHaveLength(3);
    expect(m.steps).toEqual([{ level: 'so', count: 1, into: 'tr' }]);
  });

  it('a level absent from the data counts 0 and is merged', () => {
    const data = { band: { codes: [0, 0, 2, 2, 3, 3], levels: bands } };
    const m = mergeSparseLevels(data, 'band', { minCount: 2, order: bands });
    expect(m.steps[0]).toEqual({ level: '5-12', count: 0, into: '<5' });
    expect(m.mapping.get('5-12')).toBe('<5+5-12');
  });

  it('the merged column fits directly: coefficients per merged level', () => {
    const n = 400;
    const band = Array.from({ length: n }, (_, i) => (i % 40 === 0 ? '18+' : bands[i % 3]!));
    const y = band.map((b, i) => ((i * 7919) % 97) / 97 / (b === '<5' ? 2 : 1));
    const m = mergeSparseLevels({ band, y }, 'band', { minCount: 20, order: bands });
    expect(m.mapping.get('18+')).toBe('12-18+18+');
    const fit = fractionalLogit(m.frame, { y: 'y', x: ['band'], reference: { band: '<5' } });
    expect([...fit.terms].sort()).toEqual(['(Intercept)', 'band[12-18+18+]', 'band[5-12]']);
  });

  it('bad input: minCount larger than the data, wrong order, numeric column, bad counts', () => {
    const data = { band: ['<5', '5-12', '18+'], w: [1, -1, 1], x: [1, 2, 3] };
    expect(() => mergeSparseLevels(data, 'band', { minCount: 4 })).toThrow(DataError);
    expect(() => mergeSparseLevels(data, 'band', { minCount: 4 })).toThrow(
      /'band' has 3 households in all, fewer than minCount = 4/,
    );
    expect(() => mergeSparseLevels(data, 'band', { minCount: 0 })).toThrow(SpecError);
    expect(() => mergeSparseLevels(data, 'band', { minCount: 1.5 })).toThrow(SpecError);
    expect(() => mergeSparseLevels(data, 'band', { minCount: 1, order: ['<5', '5-12'] })).toThrow(
      /leaves out level '18\+'/,
    );
    expect(() => mergeSparseLevels(data, 'band', { minCount: 1, order: ['<5', '5-12', '18+', 'x'] })).toThrow(
      /'x', which is not a level/,
    );
    expect(() => mergeSparseLevels(data, 'x', { minCount: 1 })).toThrow(/numeric/);
    expect(() => mergeSparseLevels(data, 'nope', { minCount: 1 })).toThrow(/no column 'nope'/);
    expect(() => mergeSparseLevels(data, 'band', { minCount: 1, count: 'w' })).toThrow(/-1 at row 2/);
    expect(() => mergeSparseLevels(data, 'band', { minCount: 1, rule: 'outcome' })).toThrow(/needs outcome/);
    // @ts-expect-error unknown option
    expect(() => mergeSparseLevels(data, 'band', { minCount: 1, minimum: 3 })).toThrow(SpecError);
    // Names are data: a level called '__proto__' or 'constructor' is an ordinary level.
    const odd = mergeSparseLevels({ g: ['__proto__', 'constructor', 'constructor'] }, 'g', { minCount: 2 });
    expect(odd.mapping.get('__proto__')).toBe(odd.mapping.get('constructor'));
  });
});
