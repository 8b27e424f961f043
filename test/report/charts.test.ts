import { describe, expect, it } from 'vitest';
import { DataError, SpecError } from '../../src/errors.js';
import {
  budgetChangePlot,
  coefficientPlot,
  groupComparisonPlot,
  placeboPlot,
  predictedVsActualPlot,
  renderSvg,
  synthPlot,
  type VegaLiteSpec,
} from '../../src/report/index.js';
import { compileChart } from '../../src/report/render-svg.js';
import { mrozTidy, municipalities, placebos, prop99 } from './helpers.js';

/** All `data.values` arrays in a (nested) spec. */
function datasets(spec: unknown): Record<string, unknown>[][] {
  const out: Record<string, unknown>[][] = [];
  const walk = (x: unknown) => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      const data = o.data as { values?: Record<string, unknown>[] } | undefined;
      if (data?.values) out.push(data.values);
      Object.values(o).forEach(walk);
    }
  };
  walk(spec);
  return out;
}

const comparisonRows = [
  {
    indicator: 'urbanity',
    deficitEstimate: 1.1,
    deficitStdError: 0.3,
    surplusEstimate: -0.6,
    surplusStdError: 0.35,
    dfResidual: 10,
  },
  {
    indicator: 'movingIndex',
    deficitEstimate: 1.3,
    deficitStdError: 0.25,
    surplusEstimate: -0.2,
    surplusStdError: 0.3,
    dfResidual: 10,
  },
];

const charts: [string, () => VegaLiteSpec][] = [
  ['synthPlot', () => synthPlot(prop99)],
  ['synthPlot (no gap panel)', () => synthPlot(prop99, { gap: false })],
  [
    'placeboPlot',
    () =>
      placeboPlot({
        times: prop99.times,
        treatmentTime: 1989,
        treated: { unit: 'California', gap: prop99.gap },
        placebos,
      }),
  ],
  ['coefficientPlot', () => coefficientPlot(mrozTidy)],
  [
    'coefficientPlot (two models)',
    () =>
      coefficientPlot([
        ...mrozTidy.map((r) => ({ ...r, model: 'a' })),
        ...mrozTidy.map((r) => ({ ...r, model: 'b' })),
      ]),
  ],
  ['budgetChangePlot', () => budgetChangePlot(municipalities())],
  [
    'predictedVsActualPlot',
    () => predictedVsActualPlot(municipalities().map((m) => ({ ...m, group: m.sizeClass }))),
  ],
  ['groupComparisonPlot', () => groupComparisonPlot(comparisonRows)],
];

describe.each(charts)('%s', (_name, make) => {
  it('is plain JSON that Vega-Lite compiles without a warning and renders to SVG', async () => {
    const spec = make();
    const json = JSON.stringify(spec);
    expect(JSON.stringify(JSON.parse(json))).toBe(json);
    expect(spec.$schema).toBe('https://vega.github.io/schema/vega-lite/v6.json');
    const { warnings } = await compileChart(spec);
    expect(warnings).toEqual([]);
    const svg = await renderSvg(spec, { strict: true });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('<text');
  });

  it('is the same for the same input (no randomness)', () => {
    expect(make()).toEqual(make());
  });
});

describe('synthPlot(result)', () => {
  it('draws both series and the gap treated − synthetic, and marks the treatment', async () => {
    const spec = synthPlot(prop99, { title: 'Proposition 99' });
    const all = datasets(spec);
    const series = all.find((d) => 'series' in d[0]!);
    const gaps = all.find((d) => 'gap' in d[0]!);
    expect(series!.length).toBe(2 * prop99.times.length);
    expect(series![0]).toEqual({
      time: 1970,
      series: 'treated',
      name: 'California',
      value: prop99.treatedSeries[0],
    });
    expect(series![1]).toEqual({
      time: 1970,
      series: 'synthetic',
      name: 'synthetic California',
      value: prop99.syntheticSeries[0],
    });
    gaps!.forEach((g, i) => {
      expect(g.gap).toBeCloseTo(prop99.gap[i]!, 10);
    });
    const svg = await renderSvg(spec);
    expect(svg).toContain('Proposition 99');
    expect(svg).toContain('synthetic California');
    expect(svg).toContain('1989');
  });

  it('turns NaN and null into gaps in the line and rejects bad input', () => {
    const spec = synthPlot({
      ...prop99,
      treatedSeries: prop99.treatedSeries.map((v, i) => (i === 0 ? Number.NaN : v)),
    });
    expect(datasets(spec)[0]![0]!.value).toBeNull();
    expect(() => synthPlot({ ...prop99, syntheticSeries: [1, 2] })).toThrow(
      /'syntheticSeries' has 2 values but times has 31/,
    );
    expect(() =>
      synthPlot({
        ...prop99,
        treatedSeries: prop99.treatedSeries.map((v, i) => (i === 3 ? Number.POSITIVE_INFINITY : v)),
      }),
    ).toThrow(DataError);
    expect(() => synthPlot({ ...prop99, times: [] })).toThrow(/times is empty/);
    expect(() => synthPlot(prop99, { width: 0 })).toThrow(SpecError);
  });
});

describe('placeboPlot(input, { maxPreMspeRatio })', () => {
  const input = {
    times: prop99.times,
    treatmentTime: 1989,
    treated: { unit: 'California', gap: prop99.gap },
    placebos,
  };

  it('keeps every placebo by default and draws the treated line last (on top)', () => {
    const spec = placeboPlot(input) as VegaLiteSpec & { layer: { data: { values: { unit: string }[] } }[] };
    const units = new Set(spec.layer[1]!.data.values.map((r) => r.unit));
    expect(units.size).toBe(placebos.length);
    expect(spec.layer[3]!.data.values.every((r) => r.unit === 'California')).toBe(true);
  });

  it('leaves out placebos whose pre-period MSPE exceeds the ratio times the treated one', () => {
    const mspe = (gap: readonly (number | null)[]) => {
      const pre = gap.filter((_, i) => (prop99.times[i] as number) < 1989) as number[];
      return pre.reduce((a, g) => a + g * g, 0) / pre.length;
    };
    const cutoff = 5 * mspe(prop99.gap);
    const expected = placebos.filter((p) => mspe(p.gap) <= cutoff).map((p) => p.unit);
    const spec = placeboPlot(input, { maxPreMspeRatio: 5 }) as VegaLiteSpec & {
      layer: { data: { values: { unit: string }[] } }[];
      title: { subtitle: string };
    };
    expect([...new Set(spec.layer[1]!.data.values.map((r) => r.unit))]).toEqual(expected);
    expect(expected.length).toBeLessThan(placebos.length);
    expect(spec.title.subtitle).toContain(`${placebos.length - expected.length} left out`);
  });

  it('rejects a placebo series of the wrong length, naming it', () => {
    expect(() => placeboPlot({ ...input, placebos: [{ unit: 'X', gap: [1] }] })).toThrow(
      /'placebos\[0\]\.gap' has 1 values/,
    );
    expect(() => placeboPlot(input, { maxPreMspeRatio: 0 })).toThrow(SpecError);
  });
});

describe('coefficientPlot(tidyRows)', () => {
  it('drops the intercept by default and keeps the term order', () => {
    const values = datasets(coefficientPlot(mrozTidy))[1]!;
    expect(values.map((v) => v.term)).toEqual(mrozTidy.slice(1).map((r) => r.term));
    expect(datasets(coefficientPlot(mrozTidy, { dropIntercept: false }))[1]!.length).toBe(mrozTidy.length);
  });

  it('selects and sorts terms, and names bad rows', () => {
    const spec = coefficientPlot(mrozTidy, { terms: ['educ', 'age'] });
    expect(datasets(spec)[1]!.map((v) => v.term)).toEqual(['educ', 'age']);
    expect(() => coefficientPlot(mrozTidy, { terms: ['nope'] })).toThrow(/'nope'/);
    expect(() => coefficientPlot([{ term: 'a', estimate: 1, confLow: 2, confHigh: 0 }])).toThrow(
      /confLow 2 exceeds confHigh 0/,
    );
    expect(() => coefficientPlot([{ term: 'a', estimate: Number.NaN, confLow: 0, confHigh: 1 }])).toThrow(
      /row 1: 'estimate' must be a finite number/,
    );
    expect(() => coefficientPlot([])).toThrow(/empty/);
  });
});

describe('budgetChangePlot(rows)', () => {
  it('labels each size class with its count and mean absolute change', () => {
    const rows = [
      { municipality: 'a', sizeClass: 'small', change: 0.1 },
      { municipality: 'b', sizeClass: 'small', change: -0.3 },
      { municipality: 'c', sizeClass: 'large', change: 0.02 },
    ];
    const spec = budgetChangePlot(rows, { sizeClassOrder: ['large', 'small'] }) as VegaLiteSpec & {
      title: { subtitle: string };
    };
    const json = JSON.stringify(spec);
    expect(json).toContain('large (n = 1, MAPC 2.0%)');
    expect(json).toContain('small (n = 2, MAPC 20.0%)');
    expect(spec.title.subtitle).toBe('3 municipalities; mean absolute change (MAPC) 14.0%');
    const boxes = datasets(spec)[1]!;
    expect(boxes[1]).toMatchObject({ y: 1, low: -0.3, high: 0.1 });
    // Without an order, labels with numbers come smallest first.
    const sized = budgetChangePlot([
      { municipality: 'a', sizeClass: '>=250k (G4)', change: 0 },
      { municipality: 'b', sizeClass: '15k-40k', change: 0 },
      { municipality: 'c', sizeClass: '<15k', change: 0 },
    ]);
    expect(datasets(sized)[1]!.map((b) => b.y)).toEqual([0, 1, 2]);
    const axis = (
      sized as unknown as { layer: { layer: { encoding: { y: { axis: { labelExpr: string } } } }[] }[] }
    ).layer[1]!.layer[0]!.encoding.y.axis;
    expect(axis.labelExpr).toBe(
      '["<15k (n = 1, MAPC 0.0%)","15k-40k (n = 1, MAPC 0.0%)",">=250k (G4) (n = 1, MAPC 0.0%)"][datum.value]',
    );
    expect(boxes[1]!.median as number).toBeCloseTo(-0.1, 15);
  });
});

describe('predictedVsActualPlot(rows)', () => {
  it('reports the squared correlation and uses log axes for a wide range', () => {
    const rows = [
      { municipality: 'a', predicted: 1e5, actual: 1.2e5 },
      { municipality: 'b', predicted: 1e6, actual: 0.9e6 },
      { municipality: 'c', predicted: 1e8, actual: 1.1e8 },
    ];
    const spec = predictedVsActualPlot(rows) as VegaLiteSpec & { title: { subtitle: string } };
    const p = rows.map((r) => r.predicted);
    const a = rows.map((r) => r.actual);
    const mean = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
    const cov = mean(p.map((v, i) => (v - mean(p)) * (a[i]! - mean(a))));
    const r2 = cov ** 2 / (mean(p.map((v) => (v - mean(p)) ** 2)) * mean(a.map((v) => (v - mean(a)) ** 2)));
    expect(spec.title.subtitle).toBe(
      `3 municipalities; R² = ${r2.toFixed(3)}; log scales; line: actual = predicted`,
    );
    expect(JSON.stringify(spec)).toContain('"type":"log"');
    expect(() =>
      predictedVsActualPlot([{ municipality: 'a', predicted: -1, actual: 1 }], { log: true }),
    ).toThrow(/row 1 \('a'\): log axes need values ≥ 0/);
    // A municipality without spending (0) turns the log axes into symmetric-log ones.
    const withZero = predictedVsActualPlot([...rows, { municipality: 'z', predicted: 2e5, actual: 0 }]);
    expect(JSON.stringify(withZero)).toContain('"type":"symlog"');
    expect(JSON.stringify(predictedVsActualPlot(rows.slice(0, 2)))).not.toContain('"type":"log"');
  });
});

describe('groupComparisonPlot(table)', () => {
  it('draws t intervals with the residual df, normal ones without', () => {
    const withT = datasets(groupComparisonPlot(comparisonRows))[1]!;
    // qt(0.975, 10) = 2.228138851986274 (R)
    expect(withT[0]!.high as number).toBeCloseTo(1.1 + 2.228138851986274 * 0.3, 12);
    const normal = datasets(
      groupComparisonPlot(
        comparisonRows.map(({ dfResidual: _, ...r }) => r),
        { level: 0.9 },
      ),
    )[1]!;
    // qnorm(0.95) = 1.644853626951472
    expect(normal[1]!.low as number).toBeCloseTo(-0.6 - 1.644853626951472 * 0.35, 12);
    expect(() => groupComparisonPlot(comparisonRows, { level: 1 })).toThrow(SpecError);
    expect(() => groupComparisonPlot([{ ...comparisonRows[0]!, surplusStdError: Number.NaN }])).toThrow(
      /'surplusStdError' must be a finite number/,
    );
  });
});

describe('renderSvg(spec)', () => {
  it('throws a SpecError for a spec Vega-Lite rejects, and with strict for one it warns about', async () => {
    await expect(renderSvg(null as unknown as VegaLiteSpec)).rejects.toBeInstanceOf(SpecError);
    const warned = {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      data: { values: [{ a: 1 }] },
      mark: 'point',
      encoding: { x: { field: 'a', type: 'quantitative' }, shape: { field: 'a', type: 'quantitative' } },
    };
    await expect(renderSvg(warned)).resolves.toContain('<svg');
    await expect(renderSvg(warned, { strict: true })).rejects.toThrow(/chart spec has warnings/);
  });
});
