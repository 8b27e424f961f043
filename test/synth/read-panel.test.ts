import { describe, expect, it } from 'vitest';
import { toFrame } from '../../src/data/frame.js';
import { DataError } from '../../src/errors.js';
import { simulateSynthPanel, syntheticControl } from '../../src/synth/index.js';
import { readPanel } from '../../src/synth/read-panel.js';

function dataError(f: () => unknown): DataError {
  try {
    f();
  } catch (e) {
    if (e instanceof DataError) return e;
    throw e;
  }
  throw new Error('no error thrown');
}

/** Units A, B × times 1, 2 as columns; `y` given by the caller. */
const cols = (y: readonly unknown[]) => ({ state: ['A', 'A', 'B', 'B'], year: [1, 2, 1, 2], y });

describe('readPanel(data, unit, time): one data boundary (toFrame, strict decimals)', () => {
  it('text cells are parsed strictly: a blank cell is missing (not 0), numbers in text equal numbers', () => {
    const p = readPanel(cols(['1.5', '', ' 2e0 ', '-3']), 'state', 'year');
    expect(Array.from(p.column('y'))).toEqual([1.5, Number.NaN, 2, -3]);
    expect(Array.from(readPanel(cols([1.5, null, 2, -3]), 'state', 'year').column('y'))).toEqual([
      1.5,
      Number.NaN,
      2,
      -3,
    ]);
  });

  it("'0x10', '1_000' and '12abc' are invalid-value errors naming column, unit, time and 1-based row", () => {
    for (const bad of ['0x10', '1_000', '12abc', 'NaN']) {
      const e = dataError(() => readPanel(cols(['1', '2', bad, '4']), 'state', 'year').column('y'));
      expect(e.code).toBe('invalid-value');
      expect(e.column).toBe('y');
      expect(e.row).toBe(3);
      expect(e.message).toContain(`column 'y' for unit 'B' at time 1 (row 3) holds '${bad}'`);
    }
    const lossy = dataError(() =>
      readPanel(cols(['1', '2', '9007199254740993', '4']), 'state', 'year').column('y'),
    );
    expect(lossy.code).toBe('lossy-value');
  });

  it('non-finite values are not-finite errors naming unit, time and column', () => {
    const e = dataError(() =>
      readPanel(cols([1, 2, 3, Number.POSITIVE_INFINITY]), 'state', 'year').column('y'),
    );
    expect(e.code).toBe('not-finite');
    expect(e.message).toMatch(/column 'y' for unit 'B' at time 2 \(row 4\) is Infinity/);
    const t = dataError(() =>
      readPanel({ state: ['A', 'B'], year: [1, Number.NEGATIVE_INFINITY], y: [1, 2] }, 'state', 'year'),
    );
    expect(t.code).toBe('not-finite');
    expect(t.message).toMatch(/row 2 \(unit 'B'\) has the time -Infinity/);
    expect(dataError(() => readPanel({ s: [1, Number.POSITIVE_INFINITY], t: [1, 1] }, 's', 't')).code).toBe(
      'not-finite',
    );
  });

  it('duplicate unit × time keys and unbalanced panels: one error each, 1-based rows', () => {
    const dup = dataError(() =>
      readPanel({ state: ['A', 'A', 'B', 'A'], year: [1, 2, 1, 1], y: [1, 2, 3, 4] }, 'state', 'year'),
    );
    expect(dup.code).toBe('duplicate');
    expect(dup.message).toMatch(/unit 'A' has two rows for time 1 \(rows 1 and 4\)/);
    expect(dup.row).toBe(4);
    const unb = dataError(() =>
      readPanel({ state: ['A', 'A', 'B'], year: [1, 2, 1], y: [1, 2, 3] }, 'state', 'year'),
    );
    expect(unb.code).toBe('unbalanced-panel');
    expect(unb.message).toMatch(/unit 'B' has no row for time 2/);
  });

  it('missing units and times, boolean or mixed times, absent columns', () => {
    const u = dataError(() => readPanel({ state: ['A', ''], year: [1, 1] }, 'state', 'year'));
    expect([u.code, u.row]).toEqual(['missing-value', 2]);
    const t = dataError(() => readPanel({ state: ['A', 'B'], year: ['2020-01', ' '] }, 'state', 'year'));
    expect(t.code).toBe('missing-value');
    expect(t.message).toMatch(/row 2 \(unit 'B'\) has no time in column 'year'/);
    expect(dataError(() => readPanel({ state: ['A', 'B'], year: [1, null] }, 'state', 'year')).code).toBe(
      'missing-value',
    );
    expect(
      dataError(() => readPanel({ state: ['A', 'B'], year: [true, false] }, 'state', 'year')).message,
    ).toMatch(/holds booleans/);
    expect(
      dataError(() => readPanel({ state: ['A', 'B'], year: [1, '2'] }, 'state', 'year')).message,
    ).toMatch(/mixes numbers and strings/);
    expect(dataError(() => readPanel(cols([1, 2, 3, 4]), 'land', 'year')).code).toBe('missing-column');
    expect(dataError(() => readPanel(cols([1, 2, 3, 4]), 'state', 'year').column('z')).code).toBe(
      'missing-column',
    );
    expect(dataError(() => readPanel([], 'state', 'year')).code).toBe('missing-column');
    expect(dataError(() => readPanel({ state: [], year: [] }, 'state', 'year')).code).toBe('empty');
  });

  it('column names and unit ids are data (__proto__, constructor), and a Frame is accepted as it is', () => {
    const rows = JSON.parse(
      '[{"__proto__":"A","constructor":1,"toString":5},{"__proto__":"A","constructor":2,"toString":6},' +
        '{"__proto__":"B","constructor":1,"toString":7},{"__proto__":"B","constructor":2,"toString":8}]',
    );
    const p = readPanel(rows, '__proto__', 'constructor');
    expect(p.units).toEqual(['A', 'B']);
    expect(Array.from(p.column('toString'))).toEqual([5, 6, 7, 8]);
    const f = readPanel(
      toFrame({ state: ['A', 'A', 'B', 'B'], year: [1, 2, 1, 2], y: [1, 2, 3, 4] }),
      'state',
      'year',
    );
    expect(Array.from(f.column('y'))).toEqual([1, 2, 3, 4]);
  });

  it('a panel of text cells gives the same fit as the numbers; a blank outcome is missing, not 0', () => {
    const rows = simulateSynthPanel({ units: 8, periods: 12, treatmentIndex: 6, monthly: false, seed: 2 });
    const text = rows.map((r) => ({ ...r, y: String(r.y) }));
    const opts = { unit: 'unit', time: 'time', outcome: 'y', treated: 'u000', treatmentTime: 7 } as const;
    expect(syntheticControl(text, opts).weights).toEqual(syntheticControl(rows, opts).weights);
    const blank = text.map((r) => (r.unit === 'u003' && r.time === 2 ? { ...r, y: '' } : r));
    const e = dataError(() => syntheticControl(blank, opts));
    expect(e.code).toBe('missing-value');
    expect(e.message).toMatch(/outcome 'y' is missing for unit 'u003' at time 2/);
  });
});
