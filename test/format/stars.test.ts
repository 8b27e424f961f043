import { describe, expect, it } from 'vitest';
import { significanceCodesLegend, stars } from '../../src/format/index.js';

describe('stars(p, { levels })', () => {
  it('stata levels (the default): strict bounds at 0.01, 0.05 and 0.10', () => {
    expect([0, 0.003, 0.00999, 0.01, 0.049999, 0.05, 0.0999, 0.1, 0.5, 1].map((p) => stars(p))).toEqual([
      '***',
      '***',
      '***',
      '**',
      '**',
      '*',
      '*',
      '',
      '',
      '',
    ]);
  });

  it("R's levels: 0.001, 0.01, 0.05 and '.' below 0.1", () => {
    expect([0.0005, 0.001, 0.005, 0.03, 0.07, 0.1].map((p) => stars(p, { levels: 'r' }))).toEqual([
      '***',
      '**',
      '**',
      '*',
      '.',
      '',
    ]);
  });

  it('one rule for NaN: no star, with every set of levels', () => {
    expect(stars(Number.NaN)).toBe('');
    expect(stars(Number.NaN, { levels: 'r' })).toBe('');
    expect(stars(Number.NaN, { levels: [{ below: 0.5, symbol: '+' }] })).toBe('');
  });

  it('own levels, strictest first', () => {
    const levels = [
      { below: 0.001, symbol: '†††' },
      { below: 0.05, symbol: '†' },
    ];
    expect([0.0001, 0.01, 0.2].map((p) => stars(p, { levels }))).toEqual(['†††', '†', '']);
  });

  it('throws for a p-value outside [0, 1], bad levels and unknown options', () => {
    expect(() => stars(1.5)).toThrow(expect.objectContaining({ name: 'DataError', code: 'invalid-value' }));
    expect(() => stars(-0.01)).toThrow(expect.objectContaining({ code: 'invalid-value' }));
    expect(() => stars(Number.POSITIVE_INFINITY)).toThrow(expect.objectContaining({ code: 'invalid-value' }));
    // @ts-expect-error not a preset
    expect(() => stars(0.1, { levels: 'spss' })).toThrow(
      expect.objectContaining({ code: 'invalid-option', option: 'levels' }),
    );
    const unsorted = [
      { below: 0.05, symbol: '*' },
      { below: 0.01, symbol: '**' },
    ];
    expect(() => stars(0.1, { levels: unsorted })).toThrow(/strictest first/);
    // @ts-expect-error a misspelt option
    expect(() => stars(0.1, { level: 'r' })).toThrow(expect.objectContaining({ code: 'unknown-option' }));
  });
});

describe('significanceCodesLegend(options)', () => {
  it("R's codes line and a table note, for the same levels as stars()", () => {
    expect(significanceCodesLegend()).toBe("Signif. codes:  0 '***' 0.01 '**' 0.05 '*' 0.1 ' ' 1");
    expect(significanceCodesLegend({ levels: 'r' })).toBe(
      "Signif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1",
    );
    expect(significanceCodesLegend({ style: 'notes' })).toBe('* p<.10  ** p<.05  *** p<.01');
    expect(significanceCodesLegend({ style: 'notes', levels: 'r' })).toBe(
      '. p<.10  * p<.05  ** p<.01  *** p<.001',
    );
    // @ts-expect-error not a style
    expect(() => significanceCodesLegend({ style: 'latex' })).toThrow(
      expect.objectContaining({ option: 'style' }),
    );
  });
});
