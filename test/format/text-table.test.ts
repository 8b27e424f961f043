import { describe, expect, it } from 'vitest';
import { displayWidth, labelledColumns, renderTextTable } from '../../src/format/index.js';

describe('renderTextTable(options)', () => {
  it('aligns left, right and on the decimal mark, with a total under a rule and footers', () => {
    const text = renderTextTable({
      title: 'Shares',
      columns: ['size class', { header: 'n', align: 'right' }, { header: 'share', align: 'decimal' }],
      rows: [
        ['<15k', '12', '7.25%'],
        ['>=250k', '4', '61.5%'],
        ['G4', '1', 'NA'],
      ],
      total: ['all', '17', '100%'],
      footers: ['Shares of the macro budget.'],
    });
    expect(text.split('\n')).toEqual([
      'Shares',
      'size class   n    share',
      '----------  --  -------',
      '<15k        12    7.25%',
      '>=250k       4   61.5%',
      'G4           1       NA',
      '----------  --  -------',
      'all         17  100%',
      'Shares of the macro budget.',
    ]);
  });

  it('decimal alignment lines up Dutch decimal commas', () => {
    const text = renderTextTable({
      columns: [{ header: 'bedrag', align: 'decimal' }],
      rows: [['1.234,5'], ['7,25'], ['12']],
      decimalMark: ',',
      headerRule: false,
    });
    expect(text.split('\n')).toEqual(['  bedrag', '1.234,5', '    7,25', '   12']);
  });

  it('measures display width, so ë, € and R² take one column and CJK two', () => {
    expect(displayWidth('ë')).toBe(1);
    expect(displayWidth('e\u0308')).toBe(1);
    expect(displayWidth('€ 1.234,50')).toBe(10);
    expect(displayWidth('中文')).toBe(4);
    const text = renderTextTable({
      columns: labelledColumns(['gemeente', '€ m']),
      rows: [
        ['Súdwest-Fryslân', '1,0'],
        ['Noe\u0308l', '22,5'],
        ['中文', '3,0'],
      ],
    });
    expect(text.split('\n')).toEqual([
      'gemeente          € m',
      '---------------  ----',
      'Súdwest-Fryslân   1,0',
      'Noe\u0308l             22,5',
      '中文              3,0',
    ]);
  });

  it('cuts long tables with "... N more rows" and keeps the total', () => {
    const rows = [['a'], ['b'], ['c'], ['d']];
    expect(renderTextTable({ columns: ['x'], rows, maxRows: 2 })).toBe('x\n-\na\nb\n... 2 more rows');
    expect(renderTextTable({ columns: ['x'], rows, maxRows: 3, total: ['T'] })).toBe(
      'x\n-\na\nb\nc\n... 1 more row\n-\nT',
    );
    expect(renderTextTable({ columns: ['x'], rows: [] })).toBe('x\n-');
  });

  it('joins with the gap and leaves no trailing spaces', () => {
    const text = renderTextTable({ columns: ['a', 'b'], rows: [['x', '']], gap: ' | ' });
    expect(text).toBe('a | b\n- | -\nx |');
  });

  it('throws typed errors for a row of the wrong length, bad alignment and unknown options', () => {
    expect(() => renderTextTable({ columns: ['a', 'b'], rows: [['x', 'y'], ['z']] })).toThrow(
      expect.objectContaining({
        code: 'invalid-option',
        option: 'rows',
        message: expect.stringMatching(/row 2 .* 2 texts.* it has 1/),
      }),
    );
    expect(() => renderTextTable({ columns: ['a'], rows: [], total: ['x', 'y'] })).toThrow(
      expect.objectContaining({ option: 'total' }),
    );
    // @ts-expect-error not an alignment
    expect(() => renderTextTable({ columns: [{ header: 'a', align: 'centre' }], rows: [] })).toThrow(
      expect.objectContaining({ code: 'invalid-option', option: 'align' }),
    );
    // @ts-expect-error a misspelt option
    expect(() => renderTextTable({ columns: ['a'], rows: [], footer: ['x'] })).toThrow(
      expect.objectContaining({ code: 'unknown-option', option: 'footer' }),
    );
    expect(() => renderTextTable({ columns: ['a'], rows: [], maxRows: -1 })).toThrow(
      expect.objectContaining({ option: 'maxRows' }),
    );
  });
});
