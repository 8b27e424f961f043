/**
 * Fuzz properties over verdeelmodel/format: every formatter on edge numbers (NaN, ±Infinity, -0, 1e308,
 * subnormals, beyond 2^53), unicode text and bad options returns a string (NaN and null as the documented
 * MISSING_TEXT) or throws a typed error.
 *
 * Covered: formatSignificant, formatSignificantColumn, formatFixed, formatPercent, formatDecimals,
 * formatPValue, formatPValueColumn, stars, significanceCodesLegend, renderTextTable, labelledColumns,
 * formatTable, formatCoefficientTable, displayWidth.
 * Skipped: none (MISSING_TEXT and STAR_LEVELS are constants).
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import {
  displayWidth,
  formatCoefficientTable,
  formatDecimals,
  formatFixed,
  formatPercent,
  formatPValue,
  formatPValueColumn,
  formatSignificant,
  formatSignificantColumn,
  formatTable,
  labelledColumns,
  renderTextTable,
  significanceCodesLegend,
  stars,
} from '../../src/format/index.js';
import { anyCell, anyName, anyNumber, nastyText } from './arbitraries.js';
import { call, expectShape, fuzz } from './check.js';

const maybeNumber = fc.oneof(
  { weight: 6, arbitrary: anyNumber },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined) },
);
const digits = fc.oneof(fc.integer({ min: 0, max: 22 }), anyNumber);
const isText = (label: string, input: unknown, r: { ok: boolean; value?: unknown }) => {
  if (r.ok)
    expectShape(
      typeof r.value === 'string' && !/undefined|\[object/.test(r.value as string),
      label,
      String(r.value),
      input,
    );
};

describe('format fuzz', () => {
  it('number formatters', () => {
    fuzz(
      'formatSignificant',
      [maybeNumber, fc.array(maybeNumber, { maxLength: 5 }), digits, fc.constantFrom(',', '.', ' ', '')],
      (x, xs, d, mark) => {
        const input = { x, xs, d, mark };
        isText(
          'formatSignificant',
          input,
          call('formatSignificant', input, () => formatSignificant(x, { digits: d })),
        );
        const col = call('formatSignificantColumn', input, () => formatSignificantColumn(xs, { digits: d }));
        if (col.ok)
          expectShape(col.value.length === xs.length, 'formatSignificantColumn', 'same length', input);
        isText(
          'formatFixed',
          input,
          call('formatFixed', input, () => formatFixed(x, { decimals: d, groupMark: mark })),
        );
        isText(
          'formatPercent',
          input,
          call('formatPercent', input, () => formatPercent(x, { decimals: d })),
        );
        isText(
          'formatDecimals',
          input,
          call('formatDecimals', input, () => formatDecimals(x, { decimals: d })),
        );
        isText(
          'formatPValue',
          input,
          call('formatPValue', input, () => formatPValue(x, { digits: d })),
        );
        const pc = call('formatPValueColumn', input, () => formatPValueColumn(xs));
        if (pc.ok) expectShape(pc.value.length === xs.length, 'formatPValueColumn', 'same length', input);
        isText(
          'stars',
          input,
          call('stars', input, () => stars(x as number)),
        );
      },
      {
        seed: 1850,
        numRuns: 200,
        expectSuccess: [
          'formatSignificant',
          'formatFixed',
          'formatPercent',
          'formatDecimals',
          'formatPValue',
          'stars',
        ],
      },
    );
  });

  it('tables: renderTextTable, labelledColumns, formatTable, formatCoefficientTable, displayWidth, legend', () => {
    const cells = fc.array(fc.array(nastyText, { minLength: 2, maxLength: 2 }), { maxLength: 4 });
    const coefRows = fc.array(
      fc.record({
        term: anyName,
        estimate: anyNumber,
        stdError: anyNumber,
        statistic: anyNumber,
        pValue: anyNumber,
      }),
      { maxLength: 4 },
    );
    const records = fc.array(fc.dictionary(anyName, anyCell, { maxKeys: 3 }), { maxLength: 4 });
    fuzz(
      'renderTextTable',
      [
        cells,
        fc.array(nastyText, { minLength: 2, maxLength: 2 }),
        coefRows,
        records,
        nastyText,
        fc.constantFrom('codes', 'notes'),
      ],
      (rows, headers, coef, recs, title, style) => {
        const input = { rows, headers, coef, recs, title };
        const columns = call('labelledColumns', input, () => labelledColumns(headers));
        if (!columns.ok) return;
        isText(
          'renderTextTable',
          input,
          call('renderTextTable', input, () => renderTextTable({ columns: columns.value, rows, title })),
        );
        isText(
          'formatCoefficientTable',
          input,
          call('formatCoefficientTable', input, () => formatCoefficientTable(coef)),
        );
        isText(
          'formatTable',
          input,
          call('formatTable', input, () => formatTable(recs as never)),
        );
        const w = call('displayWidth', input, () => displayWidth(title));
        if (w.ok) expectShape(Number.isInteger(w.value) && w.value >= 0, 'displayWidth', `${w.value}`, input);
        isText(
          'significanceCodesLegend',
          input,
          call('significanceCodesLegend', input, () => significanceCodesLegend({ style: style as 'codes' })),
        );
      },
      {
        seed: 1851,
        numRuns: 150,
        expectSuccess: [
          'renderTextTable',
          'formatCoefficientTable',
          'formatTable',
          'displayWidth',
          'significanceCodesLegend',
        ],
      },
    );
  });
});
