import { describe, expect, it } from 'vitest';
import { DataError, SpecError } from '../../src/errors.js';
import { renderSvg, shareChangePartsPlot } from '../../src/report/index.js';
import { compileChart } from '../../src/report/render-svg.js';

const input = {
  previousYear: 2023,
  currentYear: 2024,
  parts: [{ name: 're-estimation' }, { name: 'health' }, { name: 'historical' }],
  municipalities: [
    // Relative: +1 %, +4 %, −1 % → net +4 %.
    { municipality: 'GM0363', previousShare: 0.1, change: 0.004, parts: [0.001, 0.004, -0.001] },
    // −2.5 %, −2.5 %, 0 → net −5 % (the largest changer).
    { municipality: 'GM0014', previousShare: 0.02, change: -0.001, parts: [-0.0005, -0.0005, 0] },
    { municipality: 'GM0034', previousShare: 0.01, change: 0.0001, parts: [0.0001, 0, 0] },
  ],
};

interface Layer {
  data?: { values: Record<string, unknown>[] };
}

describe('shareChangePartsPlot', () => {
  it('stacks positive parts right and negative ones left of zero, largest changer on top', async () => {
    const spec = shareChangePartsPlot(input, { top: 2 }) as unknown as { layer: Layer[] };
    const segments = spec.layer[1]!.data!.values;
    // GM0363: [0, 0.01] re-estimation, [0.01, 0.05] health, [0, −0.01] historical; GM0014: [0, −0.025], [−0.025, −0.05].
    const of = (m: string) => segments.filter((s) => s.municipality === m);
    expect(of('GM0363').map((s) => [s.part, s.x0, s.x1])).toEqual([
      ['re-estimation', 0, 0.01],
      ['health', 0.01, 0.05],
      ['historical', 0, -0.01],
    ]);
    expect(of('GM0014').map((s) => [s.x0, s.x1])).toEqual([
      [0, -0.025],
      [-0.025, -0.05],
    ]);
    expect(of('GM0034')).toEqual([]);
    const totals = spec.layer[2]!.data!.values;
    expect(totals).toEqual([
      { municipality: 'GM0014', total: -0.05 },
      { municipality: 'GM0363', total: 0.04 },
    ]);
    const { warnings } = await compileChart(spec as never);
    expect(warnings).toEqual([]);
    const svg = await renderSvg(spec as never, { strict: true });
    expect(svg).toContain('GM0363');
    expect(svg).toContain('2023 → 2024');
  });

  it('draws share points with scale share', () => {
    const spec = shareChangePartsPlot(input, { scale: 'share' }) as unknown as { layer: Layer[] };
    expect(spec.layer[2]!.data!.values[0]).toEqual({ municipality: 'GM0363', total: 0.004 });
  });

  it('names bad input', () => {
    const bad = {
      ...input,
      municipalities: [{ municipality: 'GM0363', previousShare: 0.1, change: 0.004, parts: [0.001] }],
    };
    const e = (() => {
      try {
        shareChangePartsPlot(bad);
      } catch (err) {
        return err as DataError;
      }
      throw new Error('expected a throw');
    })();
    expect(e).toBeInstanceOf(DataError);
    expect(e.code).toBe('length-mismatch');
    expect(e.message).toContain("'GM0363'");
    expect(() => shareChangePartsPlot({ ...input, municipalities: [] })).toThrow(DataError);
    expect(() => shareChangePartsPlot(input, { top: 0 })).toThrow(SpecError);
    expect(() => shareChangePartsPlot(input, { tp: 3 } as never)).toThrow(/unknown option 'tp'/);
  });
});
