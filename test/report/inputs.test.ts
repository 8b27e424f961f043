/**
 * Every public function of verdeelmodel/report checks its options once and every input shape: an unknown
 * key or a bad value is a SpecError naming the option, a bad input a DataError naming the field and row,
 * never a TypeError; row fields are own properties, and labels such as 'constructor' are ordinary labels.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError, SpecError, VerdeelmodelError } from '../../src/errors.js';
import {
  budgetChangePlot,
  coefficientPlot,
  groupComparisonPlot,
  placeboPlot,
  predictedVsActualPlot,
  renderPng,
  renderSvg,
  synthPlot,
  type VegaLiteSpec,
  writeChart,
} from '../../src/report/index.js';

const dir = mkdtempSync(join(tmpdir(), 'verdeelmodel-report-inputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The error a call throws (fails when it returns). */
function thrown(f: () => unknown): VerdeelmodelError {
  try {
    f();
  } catch (e) {
    if (e instanceof VerdeelmodelError) return e;
    throw new Error(`not a VerdeelmodelError: ${String(e)}`);
  }
  throw new Error('did not throw');
}

async function rejected(f: () => Promise<unknown>): Promise<VerdeelmodelError> {
  try {
    await f();
  } catch (e) {
    if (e instanceof VerdeelmodelError) return e;
    throw new Error(`not a VerdeelmodelError: ${String(e)}`);
  }
  throw new Error('did not reject');
}

const synthInput = {
  times: [2001, 2002, 2003, 2004],
  treatedSeries: [1, 2, 3, 4],
  syntheticSeries: [1, 2, 2.5, 3],
  treatmentTime: 2003,
  treated: 'A',
};
const placeboInput = {
  times: [2001, 2002, 2003, 2004],
  treatmentTime: 2003,
  treated: { unit: 'A', gap: [0.1, -0.1, 1, 2] },
  placebos: [
    { unit: 'B', gap: [0.2, 0.1, 0, 0.3] },
    { unit: 'C', gap: [5, -5, 0.1, 0] },
  ],
};
const coefRows = [
  { term: '(Intercept)', estimate: 3, confLow: 2, confHigh: 4 },
  { term: 'age', estimate: 0.5, confLow: 0.1, confHigh: 0.9 },
  { term: 'educ', estimate: -0.2, confLow: -0.5, confHigh: 0.1 },
];
const budgetRows = [
  { municipality: 'GM0001', sizeClass: 'small', change: 0.02 },
  { municipality: 'GM0002', sizeClass: 'small', change: -0.01 },
  { municipality: 'GM0003', sizeClass: 'large', change: 0.05 },
];
const pvaRows = [
  { municipality: 'GM0001', predicted: 100, actual: 110 },
  { municipality: 'GM0002', predicted: 1000, actual: 900 },
  { municipality: 'GM0003', predicted: 5000, actual: 5100 },
];
const groupRows = [
  {
    indicator: 'urbanity',
    deficitEstimate: 1,
    deficitStdError: 0.3,
    surplusEstimate: -0.5,
    surplusStdError: 0.2,
  },
];

const charts: [string, (options: never) => unknown][] = [
  ['synthPlot', (o) => synthPlot(synthInput, o)],
  ['placeboPlot', (o) => placeboPlot(placeboInput, o)],
  ['coefficientPlot', (o) => coefficientPlot(coefRows, o)],
  ['budgetChangePlot', (o) => budgetChangePlot(budgetRows, o)],
  ['predictedVsActualPlot', (o) => predictedVsActualPlot(pvaRows, o)],
  ['groupComparisonPlot', (o) => groupComparisonPlot(groupRows, o)],
];

describe.each(charts)('%s(input, options)', (name, make) => {
  it('names an unknown option key and the allowed ones', () => {
    const e = thrown(() => make({ wdth: 3 } as never));
    expect(e).toBeInstanceOf(SpecError);
    expect(e.code).toBe('unknown-option');
    expect((e as SpecError).option).toBe('wdth');
    expect(e.message).toContain(`${name}: unknown option 'wdth' (did you mean 'width'?)`);
  });

  it('names a bad common option value', () => {
    for (const [options, option] of [
      [{ width: 0 }, 'width (pixels)'],
      [{ height: Number.NaN }, 'height (pixels)'],
      [{ title: 5 }, 'title'],
      [{ subtitle: {} }, 'subtitle'],
    ] as const) {
      const e = thrown(() => make(options as never));
      expect(e.code).toBe('invalid-option');
      expect((e as SpecError).option).toBe(option);
    }
    expect(() => make('wide' as never)).toThrow(/options must be an object/);
  });
});

describe('option values of each chart', () => {
  const cases: [string, () => unknown, string][] = [
    [
      'coefficientPlot dropIntercept',
      () => coefficientPlot(coefRows, { dropIntercept: 'no' as never }),
      'dropIntercept',
    ],
    ['coefficientPlot terms', () => coefficientPlot(coefRows, { terms: ['age', 'age'] }), 'terms'],
    ['coefficientPlot terms type', () => coefficientPlot(coefRows, { terms: 'age' as never }), 'terms'],
    [
      'coefficientPlot sortByEstimate',
      () => coefficientPlot(coefRows, { sortByEstimate: 1 as never }),
      'sortByEstimate',
    ],
    ['coefficientPlot xTitle', () => coefficientPlot(coefRows, { xTitle: null as never }), 'xTitle'],
    ['synthPlot gap', () => synthPlot(synthInput, { gap: 'no' as never }), 'gap'],
    [
      'synthPlot treatmentLabel',
      () => synthPlot(synthInput, { treatmentLabel: 1 as never }),
      'treatmentLabel',
    ],
    [
      'placeboPlot maxPreMspeRatio 0',
      () => placeboPlot(placeboInput, { maxPreMspeRatio: 0 }),
      'maxPreMspeRatio',
    ],
    [
      'placeboPlot maxPreMspeRatio NaN',
      () => placeboPlot(placeboInput, { maxPreMspeRatio: Number.NaN }),
      'maxPreMspeRatio',
    ],
    [
      'budgetChangePlot sizeClassOrder',
      () => budgetChangePlot(budgetRows, { sizeClassOrder: 'small' as never }),
      'sizeClassOrder',
    ],
    ['predictedVsActualPlot log', () => predictedVsActualPlot(pvaRows, { log: 'true' as never }), 'log'],
    ['predictedVsActualPlot label', () => predictedVsActualPlot(pvaRows, { label: 1.5 }), 'label'],
    [
      'predictedVsActualPlot quantity',
      () => predictedVsActualPlot(pvaRows, { quantity: 3 as never }),
      'quantity',
    ],
    [
      'predictedVsActualPlot groupOrder',
      () => predictedVsActualPlot(pvaRows, { groupOrder: [''] }),
      'groupOrder',
    ],
    ['groupComparisonPlot level', () => groupComparisonPlot(groupRows, { level: 1 }), 'level'],
    [
      'groupComparisonPlot groupNames',
      () => groupComparisonPlot(groupRows, { groupNames: ['a', 'a'] }),
      'groupNames',
    ],
  ];
  it.each(cases)('%s is an invalid-option naming the option', (_label, f, option) => {
    const e = thrown(f);
    expect(e).toBeInstanceOf(SpecError);
    expect(e.code).toBe('invalid-option');
    expect((e as SpecError).option).toBe(option);
  });

  it('accepts Infinity as maxPreMspeRatio (keep every placebo) and label: 0', () => {
    expect(() => placeboPlot(placeboInput, { maxPreMspeRatio: Number.POSITIVE_INFINITY })).not.toThrow();
    expect(() => predictedVsActualPlot(pvaRows, { label: 0 })).not.toThrow();
  });

  it('coefficientPlot: a term not in the rows is unknown-term, listing the terms', () => {
    const e = thrown(() => coefficientPlot(coefRows, { terms: ['nope'] }));
    expect(e.code).toBe('unknown-term');
    expect((e as SpecError).option).toBe('terms');
    expect(e.message).toContain("the terms are 'age', 'educ'");
  });
});

describe('render options', () => {
  const spec = coefficientPlot(coefRows);
  it('renderSvg, renderPng and writeChart name an unknown key or a bad value', async () => {
    expect((await rejected(() => renderSvg(spec, { strct: true } as never))).code).toBe('unknown-option');
    expect(((await rejected(() => renderSvg(spec, { strict: 'yes' as never }))) as SpecError).option).toBe(
      'strict',
    );
    expect((await rejected(() => renderPng(spec, { scael: 2 } as never))).code).toBe('unknown-option');
    for (const [options, option] of [
      [{ scale: 0 }, 'scale'],
      [{ scale: 11 }, 'scale'],
      [{ fontFiles: [1] }, 'fontFiles'],
      [{ fontFamily: '' }, 'fontFamily'],
      [{ systemFonts: 'no' }, 'systemFonts'],
    ] as const) {
      const e = await rejected(() => renderPng(spec, options as never));
      expect(e.code).toBe('invalid-option');
      expect((e as SpecError).option).toBe(option);
    }
    const w = await rejected(() => writeChart(join(dir, 'a.svg'), spec, { scale: -1 }));
    expect((w as SpecError).option).toBe('scale');
    expect((await rejected(() => writeChart(join(dir, 'a.json'), spec, { wdth: 1 } as never))).code).toBe(
      'unknown-option',
    );
    expect(((await rejected(() => writeChart('' as never, spec))) as SpecError).option).toBe('path');
    expect((await rejected(() => writeChart(join(dir, 'a.json'), { $schema: 'x' }))).code).toBe(
      'invalid-chart',
    );
  });
});

describe('input shapes: a typed error naming the field, never a TypeError', () => {
  it('synthPlot({}) and other malformed synth results', () => {
    const e = thrown(() => synthPlot({} as never));
    expect(e).toBeInstanceOf(DataError);
    expect(e.code).toBe('invalid-value');
    expect((e as DataError).column).toBe('times');
    expect(thrown(() => synthPlot(null as never)).message).toMatch(/the input must be an object with times/);
    expect(thrown(() => synthPlot([] as never)).code).toBe('invalid-value');
    const missing = (field: string) => {
      const { [field as keyof typeof synthInput]: _, ...rest } = synthInput;
      return thrown(() => synthPlot(rest as never)) as DataError;
    };
    expect(missing('treatedSeries').column).toBe('treatedSeries');
    expect(missing('syntheticSeries').column).toBe('syntheticSeries');
    expect(missing('treatmentTime').column).toBe('treatmentTime');
    expect(thrown(() => synthPlot({ ...synthInput, treated: 5 as never })).message).toMatch(
      /'treated' must be/,
    );
    expect(thrown(() => synthPlot({ ...synthInput, outcome: [] as never })).message).toMatch(/'outcome'/);
  });

  it('times: distinct, all numbers or all strings; the treatment time within them', () => {
    const dup = thrown(() => synthPlot({ ...synthInput, times: [2001, 2002, 2002, 2004] })) as DataError;
    expect(dup.code).toBe('duplicate');
    expect(dup.row).toBe(3);
    const mixed = thrown(() => synthPlot({ ...synthInput, times: [2001, '2002', 2003, 2004] }));
    expect(mixed.message).toMatch(/times mixes numbers and strings/);
    const inf = thrown(() =>
      synthPlot({ ...synthInput, times: [2001, 2002, 2003, Number.POSITIVE_INFINITY] }),
    );
    expect((inf as DataError).row).toBe(4);
    for (const t of [1999, 2010, '2003', Number.NaN]) {
      const e = thrown(() => synthPlot({ ...synthInput, treatmentTime: t as never })) as DataError;
      expect(e.column).toBe('treatmentTime');
    }
    const labels = { ...synthInput, times: ['a', 'b', 'c', 'd'] };
    expect(() => synthPlot({ ...labels, treatmentTime: 'c' })).not.toThrow();
    expect((thrown(() => synthPlot({ ...labels, treatmentTime: 'e' })) as DataError).column).toBe(
      'treatmentTime',
    );
    expect(thrown(() => synthPlot({ ...synthInput, treatedSeries: [1, 2, 3] })).code).toBe('length-mismatch');
  });

  it('a gap that overflows is not-finite, naming the time', () => {
    const e = thrown(() =>
      synthPlot({ ...synthInput, treatedSeries: [1, 2, 1.7e308, 4], syntheticSeries: [1, 2, -1.7e308, 3] }),
    ) as DataError;
    expect(e.code).toBe('not-finite');
    expect(e.row).toBe(3);
    expect(e.message).toMatch(/rescale the outcome/);
  });

  it('placeboPlot: malformed input, duplicate placebo units, a ratio without a pre-period', () => {
    expect((thrown(() => placeboPlot({} as never)) as DataError).column).toBe('times');
    expect((thrown(() => placeboPlot({ ...placeboInput, placebos: {} as never })) as DataError).column).toBe(
      'placebos',
    );
    expect((thrown(() => placeboPlot({ ...placeboInput, treated: null as never })) as DataError).column).toBe(
      'treated',
    );
    expect(thrown(() => placeboPlot({ ...placeboInput, placebos: [null as never] })).message).toMatch(
      /placebos row 1 must be an object/,
    );
    const dup = thrown(() =>
      placeboPlot({ ...placeboInput, placebos: [placeboInput.placebos[0]!, placeboInput.placebos[0]!] }),
    );
    expect(dup.code).toBe('duplicate');
    const noPre = thrown(() =>
      placeboPlot(
        { ...placeboInput, treated: { unit: 'A', gap: [null, Number.NaN, 1, 2] } as never },
        { maxPreMspeRatio: 5 },
      ),
    ) as DataError;
    expect(noPre.code).toBe('missing-value');
    expect(noPre.column).toBe('treated.gap');
  });

  it('placeboPlot: huge gaps compare in logs (no overflow), and the ratio keeps the close placebo', () => {
    const big = {
      ...placeboInput,
      treated: { unit: 'A', gap: [1e300, -1e300, 1, 2] },
      placebos: [
        { unit: 'B', gap: [1e300, 1e300, 0, 0] },
        { unit: 'C', gap: [1e308, 1e308, 0, 0] },
      ],
    };
    const spec = placeboPlot(big, { maxPreMspeRatio: 2 }) as unknown as {
      layer: { data?: { values: { unit: string }[] } }[];
    };
    expect([...new Set(spec.layer[1]!.data!.values.map((r) => r.unit))]).toEqual(['B']);
  });

  it('rows: an array of objects; each field named with its 1-based row', () => {
    expect(thrown(() => coefficientPlot('rows' as never)).code).toBe('invalid-value');
    const notObject = thrown(() => coefficientPlot([coefRows[1]!, null as never])) as DataError;
    expect(notObject.row).toBe(2);
    expect(thrown(() => budgetChangePlot([])).code).toBe('empty');
    const model = thrown(() => coefficientPlot([{ ...coefRows[1]!, model: {} as never }])) as DataError;
    expect(model.column).toBe('model');
    const dupTerm = thrown(() => coefficientPlot([coefRows[1]!, coefRows[1]!])) as DataError;
    expect(dupTerm.code).toBe('duplicate');
    expect(dupTerm.row).toBe(2);
    // The same term in two models is two rows, not a duplicate.
    expect(() =>
      coefficientPlot([
        { ...coefRows[1]!, model: 'a' },
        { ...coefRows[1]!, model: 'b' },
      ]),
    ).not.toThrow();
  });

  it('budgetChangePlot and predictedVsActualPlot key rows by municipality (an id field is not read)', () => {
    const old = thrown(() => budgetChangePlot([{ id: 'GM0001', change: 0.1 }] as never)) as DataError;
    expect(old.code).toBe('missing-value');
    expect(old.column).toBe('municipality');
    const oldPva = thrown(() => predictedVsActualPlot([{ id: 'GM0001', predicted: 1, actual: 1 }] as never));
    expect((oldPva as DataError).column).toBe('municipality');
    const dup = thrown(() => budgetChangePlot([budgetRows[0]!, budgetRows[0]!])) as DataError;
    expect(dup.code).toBe('duplicate');
    expect(dup.message).toContain("municipality 'GM0001'");
    expect((thrown(() => predictedVsActualPlot([pvaRows[0]!, pvaRows[0]!])) as DataError).code).toBe(
      'duplicate',
    );
    const spec = JSON.stringify(budgetChangePlot(budgetRows));
    expect(spec).toContain('"municipality":"GM0001"');
    expect(spec).not.toContain('"id"');
  });

  it('budgetChangePlot: a change beyond ±1e6 is out-of-range; extreme ones within it give finite boxes', () => {
    const e = thrown(() => budgetChangePlot([{ municipality: 'a', change: 1e7 }])) as DataError;
    expect(e.code).toBe('out-of-range');
    expect(e.column).toBe('change');
    const spec = budgetChangePlot([
      { municipality: 'a', change: -1e6 },
      { municipality: 'b', change: 1e6 },
    ]) as unknown as { layer: { data?: { values: Record<string, number>[] } }[] };
    const box = spec.layer[1]!.data!.values[0]!;
    for (const k of ['q1', 'median', 'q3', 'low', 'high']) expect(Number.isFinite(box[k])).toBe(true);
    expect(box.median).toBe(0);
  });

  it('predictedVsActualPlot: values near the double range give finite axes, ticks and R²', () => {
    const spec = predictedVsActualPlot([
      { municipality: 'a', predicted: 5e-324, actual: 1e-300 },
      { municipality: 'b', predicted: 1e300, actual: 1.7976931348623157e308 },
      { municipality: 'c', predicted: 1e200, actual: 1e201 },
    ]);
    const json = JSON.stringify(spec);
    expect(json).not.toContain('null,');
    const walk = (v: unknown): boolean =>
      typeof v === 'number'
        ? Number.isFinite(v)
        : Array.isArray(v)
          ? v.every(walk)
          : v !== null && typeof v === 'object'
            ? Object.values(v).every(walk)
            : true;
    expect(walk(spec)).toBe(true);
    expect((spec as unknown as { title: { subtitle: string } }).title.subtitle).toMatch(/R² = \d\.\d{3}/);
    const zeros = thrown(() =>
      predictedVsActualPlot([{ municipality: 'a', predicted: 0, actual: 0 }], { log: true }),
    ) as DataError;
    expect(zeros.code).toBe('out-of-range');
    expect(zeros.message).toMatch(/at least one value above 0/);
  });

  it('predictedVsActualPlot takes 200k rows (no spread of a long array into Math.min)', () => {
    const rows = Array.from({ length: 200_000 }, (_, i) => ({
      municipality: `m${i}`,
      predicted: 1 + i,
      actual: 2 + i,
    }));
    expect(() => predictedVsActualPlot(rows, { label: 0 })).not.toThrow();
  });

  it('groupComparisonPlot: dfResidual, duplicate indicators and overflowing intervals', () => {
    const bad = thrown(() =>
      groupComparisonPlot([{ ...groupRows[0]!, dfResidual: 'ten' as never }]),
    ) as DataError;
    expect(bad.code).toBe('invalid-value');
    expect(bad.column).toBe('dfResidual');
    expect(thrown(() => groupComparisonPlot([{ ...groupRows[0]!, dfResidual: Number.NaN }])).code).toBe(
      'invalid-value',
    );
    expect(() =>
      groupComparisonPlot([{ ...groupRows[0]!, dfResidual: Number.POSITIVE_INFINITY }]),
    ).not.toThrow();
    const tiny = thrown(() => groupComparisonPlot([{ ...groupRows[0]!, dfResidual: 5e-324 }]));
    expect(tiny.code).toBe('out-of-range');
    expect(thrown(() => groupComparisonPlot([groupRows[0]!, groupRows[0]!])).code).toBe('duplicate');
    const over = thrown(() =>
      groupComparisonPlot([{ ...groupRows[0]!, deficitEstimate: 1e308, deficitStdError: 1e308 }]),
    ) as DataError;
    expect(over.code).toBe('not-finite');
    expect(over.column).toBe('deficitStdError');
  });
});

describe('names as data', () => {
  it('reads row fields as own properties only (an inherited field is missing)', () => {
    const inherited = Object.create({ term: 'a', estimate: 1, confLow: 0, confHigh: 2 });
    const e = thrown(() => coefficientPlot([inherited])) as DataError;
    expect(e.code).toBe('missing-value');
    expect(e.column).toBe('term');
    const synth = Object.create(synthInput);
    expect((thrown(() => synthPlot(synth)) as DataError).column).toBe('times');
  });

  const NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];
  const specs = (n: string): [string, VegaLiteSpec][] => [
    ['synthPlot treated', synthPlot({ ...synthInput, treated: n, outcome: n })],
    ['synthPlot times', synthPlot({ ...synthInput, times: ['a', n, 'c', 'd'], treatmentTime: n })],
    [
      'placeboPlot',
      placeboPlot({
        ...placeboInput,
        treated: { unit: n, gap: placeboInput.treated.gap },
        placebos: [{ unit: `${n} 2`, gap: placeboInput.placebos[0]!.gap }],
        outcome: n,
      }),
    ],
    [
      'coefficientPlot',
      coefficientPlot(
        [
          { term: n, estimate: 1, confLow: 0, confHigh: 2, model: n },
          { term: n, estimate: 1, confLow: 0, confHigh: 2, model: 'm' },
        ],
        { terms: [n], xTitle: n },
      ),
    ],
    ['budgetChangePlot', budgetChangePlot([{ municipality: n, sizeClass: n, change: 0.1 }], { title: n })],
    [
      'predictedVsActualPlot',
      predictedVsActualPlot(
        [
          { municipality: n, predicted: 1, actual: 2, group: n },
          { municipality: 'b', predicted: 3, actual: 2, group: 'g' },
        ],
        { quantity: n },
      ),
    ],
    [
      'groupComparisonPlot',
      groupComparisonPlot([{ ...groupRows[0]!, indicator: n }], { groupNames: [n, 'other'], subtitle: n }),
    ],
  ];

  it.each(NAMES)('%s works as a term, unit, municipality, group, time and title, and renders', async (n) => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    for (const [what, spec] of specs(n)) {
      const json = JSON.stringify(spec);
      expect(json, what).toContain(JSON.stringify(n));
      const svg = await renderSvg(spec);
      expect(svg.startsWith('<svg'), what).toBe(true);
    }
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
  });

  it('a __proto__ row key (from JSON) is an ordinary field', () => {
    const rows = JSON.parse('[{"term":"__proto__","estimate":1,"confLow":0,"confHigh":2,"__proto__":5}]');
    const spec = coefficientPlot(rows);
    expect(JSON.stringify(spec)).toContain('"term":"__proto__"');
  });

  it('the legend shows the names behind the fixed keys', async () => {
    const svg = await renderSvg(
      groupComparisonPlot(groupRows, { groupNames: ['tekort "gemeenten"', 'overschot\u2028x'] }),
    );
    expect(svg).toContain('tekort &quot;gemeenten&quot;');
    const synth = await renderSvg(synthPlot({ ...synthInput, treated: 'Súdwest-Fryslân' }));
    expect(synth).toContain('synthetic Súdwest-Fryslân');
  });
});
