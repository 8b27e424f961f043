import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { SpecError } from '../../src/errors.js';
import { FIELD_TYPES, MARKS } from '../../src/report/check-spec.js';
import { renderSvg, type VegaLiteSpec } from '../../src/report/index.js';

const schema = createRequire(import.meta.url)('vega-lite/vega-lite-schema.json') as {
  definitions: Record<string, { enum?: string[]; const?: string }>;
};
const base = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', data: { values: [{ a: 1 }] } };

async function chartError(spec: unknown): Promise<SpecError> {
  try {
    await renderSvg(spec as VegaLiteSpec);
  } catch (e) {
    if (e instanceof SpecError) return e;
    throw e;
  }
  throw new Error('rendered');
}

describe('checkChartSpec (before Vega-Lite, in renderSvg)', () => {
  it("allows exactly Vega-Lite's marks and field types (from its schema)", () => {
    const d = schema.definitions;
    const marks = [...d.Mark!.enum!, d.BoxPlot!.const!, d.ErrorBar!.const!, d.ErrorBand!.const!];
    expect([...MARKS].sort()).toEqual(marks.sort());
    expect([...FIELD_TYPES].sort()).toEqual([...d.Type!.enum!].sort());
  });

  it('names an unknown mark, where it is and the allowed marks (not "reading \'filled\'")', async () => {
    const e = await chartError({ ...base, mark: 'pointt' });
    expect(e.code).toBe('invalid-chart');
    expect(e.message).toContain("renderSvg: spec.mark: unknown mark 'pointt'; the marks are arc, area, bar");
    expect(e.message).not.toContain('filled');
    const nested = await chartError({ ...base, layer: [{ mark: 'point' }, { mark: { type: 'foo' } }] });
    expect(nested.message).toContain("spec.layer[1].mark.type: unknown mark 'foo'");
    const concat = await chartError({ ...base, vconcat: [{ layer: [{ mark: 5 }] }] });
    expect(concat.message).toContain('spec.vconcat[0].layer[0].mark: unknown mark 5');
  });

  it('names an unknown field type and the allowed ones', async () => {
    const e = await chartError({ ...base, mark: 'point', encoding: { x: { field: 'a', type: 'quant' } } });
    expect(e.message).toContain(
      "spec.encoding.x.type: unknown field type 'quant'; the types are quantitative, ordinal, temporal, nominal, geojson",
    );
    const tooltip = await chartError({
      ...base,
      mark: 'point',
      encoding: {
        tooltip: [
          { field: 'a', type: 'quantitative' },
          { field: 'a', type: 'bad' },
        ],
      },
    });
    expect(tooltip.message).toContain("spec.encoding.tooltip[1].type: unknown field type 'bad'");
    // No type at all: Vega-Lite infers one.
    await expect(renderSvg({ ...base, mark: 'point', encoding: { x: { field: 'a' } } })).resolves.toContain(
      '<svg',
    );
  });

  it('refuses a spec without a chart, a layer that is not an array, and a cycle', async () => {
    expect((await chartError({ ...base })).message).toContain('a chart needs one of mark, layer, vconcat');
    expect((await chartError({ ...base, layer: {} })).message).toContain(
      'spec.layer: must be an array of charts',
    );
    expect((await chartError([1])).message).toContain('a chart spec must be a Vega-Lite object');
    const cyclic: Record<string, unknown> = { ...base, layer: [] };
    (cyclic.layer as unknown[]).push(cyclic);
    expect((await chartError(cyclic)).message).toContain('spec.layer[0]: the spec holds itself');
    // One layer object used twice (not inside itself) is fine.
    const shared = { mark: 'point', encoding: { x: { field: 'a', type: 'quantitative' } } };
    await expect(renderSvg({ ...base, layer: [shared, shared] })).resolves.toContain('<svg');
  });

  it('throws when Vega logs an error while drawing, instead of returning a chart without that part', async () => {
    // A user spec with a field named 'constructor': Vega's dataflow fails on it (our own charts never name
    // fields after user labels).
    const e = await chartError({
      ...base,
      data: { values: [{ constructor: 1 }] },
      mark: 'point',
      encoding: { x: { field: 'constructor', type: 'quantitative' } },
    });
    expect(e.code).toBe('invalid-chart');
    expect(e.message).toMatch(/renderSvg: chart could not be drawn/);
  });
});
