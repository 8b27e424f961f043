/**
 * Fuzz properties over verdeelmodel/report: valid chart inputs (a synthetic-control result, placebo gaps,
 * tidy coefficient rows, budget-share changes, predicted and actual spending, a group comparison), mutated
 * (NaN, ±Infinity, null and text cells, scales of 1e±300, no rows or one row, duplicate and prototype-like or
 * unicode labels, dropped and renamed fields, fields of the wrong type) and options that are valid, misspelt
 * or of the wrong type. Every call returns a spec that is plain JSON with finite numbers only, or throws a
 * `VerdeelmodelError` with a code, within the time limit; `Object.prototype` is unchanged.
 *
 * Covered: synthPlot, placeboPlot, coefficientPlot, budgetChangePlot, predictedVsActualPlot,
 * groupComparisonPlot, renderSvg (one property: fuzzed specs of every chart, rendered; and hand-broken specs).
 * Skipped: renderPng and writeChart (renderSvg then resvg, or a file write: slow, and their own checks are
 * unit-tested in test/report); findSystemFont (takes no data).
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
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
import { anyCell, anyName, CODES, municipalityCode, mutateRows, mutations, setOwn } from './arbitraries.js';
import { call, callAsync, expectShape, fuzz, fuzzAsync } from './check.js';

type Row = Record<string, unknown>;

/** A spec is plain JSON: plain objects, arrays, strings, booleans, null and finite numbers only. */
function plainJsonProblem(value: unknown, path = '$'): string | null {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : `${path} = ${value}`;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const p = plainJsonProblem(v, `${path}[${i}]`);
      if (p) return p;
    }
    return null;
  }
  if (typeof value === 'object') {
    if (Object.getPrototypeOf(value) !== Object.prototype) return `${path} is not a plain object`;
    for (const k of Object.keys(value)) {
      const p = plainJsonProblem((value as Row)[k], `${path}.${k}`);
      if (p) return p;
    }
    return null;
  }
  return `${path} is a ${typeof value}`;
}

/** The checks on a returned spec: plain JSON, the schema, a JSON round trip that changes nothing. */
function expectSpec(label: string, input: unknown, spec: VegaLiteSpec): void {
  const problem = plainJsonProblem(spec);
  expectShape(problem === null, label, `the spec is not plain JSON (${problem})`, input);
  expectShape(spec.$schema === 'https://vega.github.io/schema/vega-lite/v6.json', label, 'a $schema', input);
  const json = JSON.stringify(spec);
  expectShape(JSON.stringify(JSON.parse(json)) === json, label, 'a JSON round trip changes the spec', input);
}

/** A label: mostly ordinary, often prototype-like or unicode (terms, units, indicators, size classes). */
const label = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom('a', 'b', 'c', 'd', 'e') },
  { weight: 2, arbitrary: anyName },
);

/** Options: none, valid ones, a misspelt key, or a value of the wrong type. */
function optionsOf(valid: fc.Arbitrary<Row>): fc.Arbitrary<Row | undefined> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constant(undefined) },
    { weight: 4, arbitrary: valid },
    {
      weight: 1,
      arbitrary: fc.record({
        wdth: fc.constant(300),
        title: fc.constant('t'),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        width: fc.oneof(anyCell, fc.constantFrom(10, 20_000, 400)),
        height: fc.oneof(anyCell, fc.constantFrom(10, 20_000, 300)),
        title: anyCell,
      }),
    },
  );
}

const size = fc.record(
  {
    width: fc.integer({ min: 50, max: 1200 }),
    height: fc.integer({ min: 50, max: 900 }),
    title: fc.string({ maxLength: 8 }),
    subtitle: fc.string({ maxLength: 8 }),
  },
  { requiredKeys: [] },
);

/** One field of an input object replaced (dropped, null, a wrong type), or none. */
const fieldChange = fc.option(
  fc.record({ field: fc.nat({ max: 20 }), value: fc.oneof(anyCell, fc.constantFrom([], {}, [1], 'x')) }),
  { freq: 3 },
);

function changeField(
  obj: Row,
  fields: readonly string[],
  change: { field: number; value: unknown } | null,
): Row {
  if (!change) return obj;
  const out: Row = {};
  for (const k of Object.keys(obj)) setOwn(out, k, obj[k]);
  const f = fields[change.field % fields.length]!;
  if (change.value === undefined) delete out[f];
  else setOwn(out, f, change.value);
  return out;
}

const runs = (seed: number, numRuns: number, expectSuccess?: string[]) => ({ seed, numRuns, expectSuccess });

// --- time charts: synthPlot, placeboPlot ---------------------------------------------------------------

const YEARS = Array.from({ length: 12 }, (_, i) => 2010 + i);
const MONTHS = Array.from({ length: 12 }, (_, i) => `2021-${String(i + 1).padStart(2, '0')}`);

/** Time rows (time, treated, synthetic, placebo gaps), mutated, then turned into series. */
const timeTable = fc
  .record({
    monthly: fc.boolean(),
    values: fc.array(fc.double({ min: -50, max: 150, noNaN: true }), { minLength: 60, maxLength: 60 }),
    ms: mutations,
  })
  .map(({ monthly, values, ms }) => {
    const times = monthly ? MONTHS : YEARS;
    const rows = times.map((time, i) => ({
      time,
      treated: values[i]!,
      synthetic: values[12 + i]!,
      p1: values[24 + i]!,
      p2: values[36 + i]!,
      p3: values[48 + i]!,
    }));
    // The time column is mutated too (key undefined): duplicate, text or non-finite times must be caught.
    const mutated = mutateRows(rows, ms);
    const col = (name: string) => mutated.map((r) => (Object.hasOwn(r, name) ? r[name] : undefined));
    return {
      times: col('time'),
      treated: col('treated'),
      synthetic: col('synthetic'),
      placebos: [col('p1'), col('p2'), col('p3')],
      monthly,
    };
  });

describe('report fuzz', () => {
  it('synthPlot on mutated synthetic-control results', () => {
    fuzz(
      'synthPlot',
      [
        timeTable,
        fc.oneof(label, fc.array(label, { maxLength: 5 }), anyCell),
        fc.nat({ max: 11 }),
        fieldChange,
        optionsOf(
          fc.record(
            {
              gap: fc.boolean(),
              treatmentLabel: fc.string({ maxLength: 6 }),
              width: size.map((s) => s.width ?? 400),
            },
            { requiredKeys: [] },
          ),
        ),
      ],
      (t, treated, at, change, options) => {
        const base: Row = {
          times: t.times,
          treatedSeries: t.treated,
          syntheticSeries: t.synthetic,
          treatmentTime: (t.monthly ? MONTHS : YEARS)[at],
          outcome: 'cigarette sales',
          treated,
        };
        const input = changeField(
          base,
          ['times', 'treatedSeries', 'syntheticSeries', 'treatmentTime', 'outcome', 'treated'],
          change,
        );
        const r = call('synthPlot', { input, options }, () => synthPlot(input as never, options as never));
        if (r.ok) expectSpec('synthPlot', { input, options }, r.value);
      },
      runs(1880, 250),
    );
  });

  it('placeboPlot on mutated placebo gaps', () => {
    fuzz(
      'placeboPlot',
      [
        timeTable,
        fc.array(label, { minLength: 4, maxLength: 4 }),
        fc.nat({ max: 11 }),
        fieldChange,
        optionsOf(
          fc.record(
            { maxPreMspeRatio: fc.oneof(fc.constantFrom(2, 5, 20, Number.POSITIVE_INFINITY), anyCell) },
            { requiredKeys: [] },
          ),
        ),
      ],
      (t, units, at, change, options) => {
        const base: Row = {
          times: t.times,
          treatmentTime: (t.monthly ? MONTHS : YEARS)[at],
          treated: { unit: units[0], gap: t.treated },
          placebos: t.placebos.map((gap, k) => ({ unit: units[k + 1], gap })),
          outcome: 'y',
        };
        const input = changeField(base, ['times', 'treatmentTime', 'treated', 'placebos', 'outcome'], change);
        const r = call('placeboPlot', { input, options }, () =>
          placeboPlot(input as never, options as never),
        );
        if (r.ok) expectSpec('placeboPlot', { input, options }, r.value);
      },
      runs(1881, 250),
    );
  });

  // --- row charts -------------------------------------------------------------------------------------

  it('coefficientPlot on mutated tidy rows', () => {
    const rows = fc
      .record({
        terms: fc.uniqueArray(label, { minLength: 1, maxLength: 6 }),
        est: fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 6, maxLength: 6 }),
        se: fc.array(fc.double({ min: 0, max: 2, noNaN: true }), { minLength: 6, maxLength: 6 }),
        models: fc.boolean(),
        ms: mutations,
      })
      .map(({ terms, est, se, models, ms }) => {
        const base = ['(Intercept)', ...terms].flatMap((term, i) =>
          (models ? ['HC1', 'cluster'] : [undefined]).map((model) => ({
            term,
            estimate: est[i % 6]!,
            confLow: est[i % 6]! - 1.96 * se[i % 6]!,
            confHigh: est[i % 6]! + 1.96 * se[i % 6]!,
            ...(model === undefined ? {} : { model }),
          })),
        );
        return mutateRows(base, ms, 'term');
      });
    fuzz(
      'coefficientPlot',
      [
        rows,
        optionsOf(
          fc.record(
            {
              dropIntercept: fc.oneof(fc.boolean(), anyCell),
              terms: fc.oneof(fc.array(label, { maxLength: 3 }), anyCell),
              sortByEstimate: fc.boolean(),
              xTitle: fc.string({ maxLength: 5 }),
            },
            { requiredKeys: [] },
          ),
        ),
      ],
      (rs, options) => {
        const input = { rows: rs, options };
        const r = call('coefficientPlot', input, () => coefficientPlot(rs as never, options as never));
        if (r.ok) expectSpec('coefficientPlot', input, r.value);
      },
      runs(1882, 250),
    );
  });

  it('budgetChangePlot on mutated budget-share changes', () => {
    const rows = fc
      .record({
        extra: fc.uniqueArray(municipalityCode, { maxLength: 4 }),
        changes: fc.array(fc.double({ min: -0.5, max: 0.5, noNaN: true }), { minLength: 12, maxLength: 12 }),
        classes: fc.array(fc.oneof(fc.constantFrom('<15k', '15k-40k', '>=250k (G4)', null), label), {
          minLength: 12,
          maxLength: 12,
        }),
        ms: mutations,
      })
      .map(({ extra, changes, classes, ms }) => {
        const codes = [...new Set([...CODES, ...extra])];
        return mutateRows(
          codes.map((municipality, i) => ({
            municipality,
            sizeClass: classes[i % 12],
            change: changes[i % 12]!,
          })),
          ms,
          'municipality',
        );
      });
    fuzz(
      'budgetChangePlot',
      [
        rows,
        optionsOf(
          fc.record(
            {
              sizeClassOrder: fc.oneof(fc.array(label, { maxLength: 3 }), anyCell),
              height: fc.constantFrom(100, 400),
            },
            { requiredKeys: [] },
          ),
        ),
      ],
      (rs, options) => {
        const input = { rows: rs, options };
        const r = call('budgetChangePlot', input, () => budgetChangePlot(rs as never, options as never));
        if (r.ok) expectSpec('budgetChangePlot', input, r.value);
      },
      runs(1883, 250),
    );
  });

  it('predictedVsActualPlot on mutated spending rows', () => {
    const rows = fc
      .record({
        extra: fc.uniqueArray(municipalityCode, { maxLength: 4 }),
        predicted: fc.array(fc.double({ min: 0, max: 1e9, noNaN: true }), { minLength: 12, maxLength: 12 }),
        ratio: fc.array(fc.double({ min: 0.5, max: 1.5, noNaN: true }), { minLength: 12, maxLength: 12 }),
        groups: fc.array(fc.oneof(fc.constantFrom('small', 'large', null), label), {
          minLength: 12,
          maxLength: 12,
        }),
        ms: mutations,
      })
      .map(({ extra, predicted, ratio, groups, ms }) => {
        const codes = [...new Set([...CODES, ...extra])];
        return mutateRows(
          codes.map((municipality, i) => ({
            municipality,
            predicted: predicted[i % 12]!,
            actual: predicted[i % 12]! * ratio[i % 12]!,
            group: groups[i % 12],
          })),
          ms,
          'municipality',
        );
      });
    fuzz(
      'predictedVsActualPlot',
      [
        rows,
        optionsOf(
          fc.record(
            {
              log: fc.oneof(fc.boolean(), anyCell),
              label: fc.oneof(fc.integer({ min: 0, max: 20 }), anyCell),
              quantity: fc.string({ maxLength: 5 }),
              groupOrder: fc.array(label, { maxLength: 3 }),
            },
            { requiredKeys: [] },
          ),
        ),
      ],
      (rs, options) => {
        const input = { rows: rs, options };
        const r = call('predictedVsActualPlot', input, () =>
          predictedVsActualPlot(rs as never, options as never),
        );
        if (r.ok) expectSpec('predictedVsActualPlot', input, r.value);
      },
      runs(1884, 250),
    );
  });

  it('groupComparisonPlot on mutated comparison tables', () => {
    const rows = fc
      .record({
        indicators: fc.uniqueArray(label, { minLength: 1, maxLength: 5 }),
        v: fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 20, maxLength: 20 }),
        df: fc.constantFrom(undefined, 5, 30, 0.5),
        ms: mutations,
      })
      .map(({ indicators, v, df, ms }) =>
        mutateRows(
          indicators.map((indicator, i) => ({
            indicator,
            deficitEstimate: v[4 * i]!,
            deficitStdError: Math.abs(v[4 * i + 1]!),
            surplusEstimate: v[4 * i + 2]!,
            surplusStdError: Math.abs(v[4 * i + 3]!),
            ...(df === undefined ? {} : { dfResidual: df }),
          })),
          ms,
          'indicator',
        ),
      );
    fuzz(
      'groupComparisonPlot',
      [
        rows,
        optionsOf(
          fc.record(
            {
              level: fc.oneof(fc.constantFrom(0.9, 0.95, 0.99), anyCell),
              groupNames: fc.oneof(fc.tuple(label, label), anyCell),
            },
            { requiredKeys: [] },
          ),
        ),
      ],
      (rs, options) => {
        const input = { rows: rs, options };
        const r = call('groupComparisonPlot', input, () =>
          groupComparisonPlot(rs as never, options as never),
        );
        if (r.ok) expectSpec('groupComparisonPlot', input, r.value);
      },
      runs(1885, 250),
    );
  });

  // --- rendering ---------------------------------------------------------------------------------------

  it('renderSvg draws every chart of prototype-like and unicode labels, and names what is wrong in a broken spec', async () => {
    const labels = fc.uniqueArray(anyName, { minLength: 3, maxLength: 3 });
    const breakage = fc.option(
      fc.oneof(
        fc.record({
          at: fc.constant('mark' as const),
          value: fc.oneof(anyCell, fc.constantFrom('pointt', { type: 'foo' }, [])),
        }),
        fc.record({
          at: fc.constant('type' as const),
          value: fc.oneof(anyCell, fc.constantFrom('quant', 'Nominal')),
        }),
        fc.record({
          at: fc.constant('layer' as const),
          value: fc.oneof(anyCell, fc.constantFrom({}, [null], [{}])),
        }),
      ),
      { freq: 2 },
    );
    await fuzzAsync(
      'renderSvg',
      [fc.nat({ max: 5 }), labels, breakage],
      async (kind, names, broken) => {
        const [a, b, c] = names as [string, string, string];
        const made = call('chart', { kind, names }, (): VegaLiteSpec => {
          switch (kind) {
            case 0:
              return synthPlot({
                times: [2001, 2002, 2003],
                treatedSeries: [1, 2, 3],
                syntheticSeries: [1, 2, 2],
                treatmentTime: 2002,
                treated: a,
                outcome: b,
              });
            case 1:
              return placeboPlot({
                // The labels as time points too: an axis of 'constructor', 'toString', ... must draw.
                times: names,
                treatmentTime: b,
                treated: { unit: a, gap: [0.1, 1, 2] },
                placebos: [
                  { unit: b, gap: [0.2, 0.1, 0] },
                  { unit: c, gap: [-0.1, 0, 0.3] },
                ],
              });
            case 2:
              return coefficientPlot(
                names.map((term, i) => ({
                  term,
                  estimate: i,
                  confLow: i - 1,
                  confHigh: i + 1,
                  model: names[(i + 1) % 3],
                })),
              );
            case 3:
              return budgetChangePlot(
                names.map((municipality, i) => ({
                  municipality,
                  sizeClass: names[(i + 1) % 3],
                  change: 0.01 * i,
                })),
              );
            case 4:
              return predictedVsActualPlot(
                names.map((municipality, i) => ({
                  municipality,
                  predicted: 10 ** (i + 1),
                  actual: 10 ** (i + 1.2),
                  group: names[(i + 2) % 3],
                })),
              );
            default:
              return groupComparisonPlot(
                names.map((indicator, i) => ({
                  indicator,
                  deficitEstimate: i,
                  deficitStdError: 0.3,
                  surplusEstimate: -i,
                  surplusStdError: 0.2,
                })),
                { groupNames: [a, b] },
              );
          }
        });
        // Labels may be refused (an empty or blank label is not a name); a chart must come out often enough.
        if (!made.ok) return;
        let spec: Row = made.value as Row;
        if (broken) {
          spec = structuredClone(spec);
          const first = (((spec.layer ?? spec.vconcat) as Row[] | undefined) ?? [spec])[0]!;
          if (broken.at === 'mark') setOwn(first, 'mark', broken.value);
          else if (broken.at === 'type')
            setOwn(first, 'encoding', { x: { field: 'zero', type: broken.value } });
          else setOwn(spec, 'layer', broken.value);
        }
        const input = { kind, names, broken };
        const r = await callAsync('renderSvg.render', input, () => renderSvg(spec as VegaLiteSpec));
        if (r.ok) expectShape(r.value.startsWith('<svg'), 'renderSvg', 'an SVG', input);
        else if (!broken) throw new Error(`renderSvg refused a chart the library made: ${r.error.message}`);
        else {
          expectShape(
            r.error.code === 'invalid-chart',
            'renderSvg',
            `invalid-chart, not ${r.error.code}`,
            input,
          );
        }
      },
      { seed: 1886, numRuns: 40, expectSuccess: ['chart', 'renderSvg.render'] },
    );
  }, 60_000);
});
