import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SpecError } from '../../src/errors.js';
import { findSystemFont, renderPng, renderSvg, synthPlot, writeChart } from '../../src/report/index.js';
import { estimateTextWidth } from '../../src/report/text-width.js';
import { pngSize, prop99, svgSize } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'verdeelmodel-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const font = findSystemFont();

describe('renderPng(spec, { scale })', () => {
  const spec = synthPlot(prop99);

  it('is a PNG of the SVG size times the scale', async () => {
    const svg = svgSize(await renderSvg(spec));
    for (const scale of [1, 2]) {
      const png = await renderPng(spec, { scale });
      expect([...png.slice(0, 8)]).toEqual(PNG_SIGNATURE);
      expect(pngSize(png)).toEqual({
        width: Math.round(svg.width * scale),
        height: Math.round(svg.height * scale),
      });
    }
    await expect(renderPng(spec, { scale: 0 })).rejects.toBeInstanceOf(SpecError);
  });

  it('without any font draws the chart without text and says so in a process warning', async () => {
    const warnings: Error[] = [];
    const listen = (w: Error) => warnings.push(w);
    process.on('warning', listen);
    try {
      const png = await renderPng(spec, { systemFonts: false, scale: 1 });
      expect([...png.slice(0, 8)]).toEqual(PNG_SIGNATURE);
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off('warning', listen);
    }
    expect(warnings.some((w) => (w as Error & { code?: string }).code === 'VERDEELMODEL_NO_FONT')).toBe(true);
  });

  it.skipIf(!font)(
    `draws text with the system font (${font?.family ?? 'none found'}): the image holds more ink than without`,
    async () => {
      const withText = await renderPng(spec, { scale: 1 });
      const withoutText = await renderPng(spec, { scale: 1, systemFonts: false, fontFamily: 'No Such Font' });
      // Text adds many distinct edges, so the compressed image is clearly larger.
      expect(withText.length).toBeGreaterThan(1.3 * withoutText.length);
      const viaFile = await renderPng(spec, {
        scale: 1,
        systemFonts: false,
        fontFiles: [font!.file!],
        fontFamily: font!.family,
      });
      expect(viaFile.length).toBeGreaterThan(1.3 * withoutText.length);
    },
  );
});

describe('renderSvg(spec) run concurrently', () => {
  it("gives the same SVG as one at a time, and leaves Vega's text measurement as it was", async () => {
    const vega = (await import('vega')) as unknown as { textMetrics: { width: unknown } };
    const before = vega.textMetrics.width;
    const specs = [
      synthPlot(prop99),
      synthPlot(prop99, { gap: false, title: 'a much longer title than the other one' }),
    ];
    const one = [];
    for (const s of specs) one.push(await renderSvg(s));
    const together = await Promise.all([...specs, ...specs].map((s) => renderSvg(s)));
    expect(together).toEqual([...one, ...one]);
    expect(vega.textMetrics.width).toBe(before);
  });
});

const DEJAVU = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

describe('findSystemFont()', () => {
  it.skipIf(!existsSync(DEJAVU))('finds DejaVu Sans first where Debian installs it', () => {
    expect(font).toEqual({ family: 'DejaVu Sans', file: DEJAVU });
  });
  it.skipIf(font === null)('names a family and a file that exists', () => {
    expect(font!.family.length).toBeGreaterThan(0);
    expect(existsSync(font!.file!)).toBe(true);
  });
});

describe('estimateTextWidth(text, fontSize, bold)', () => {
  it('is within 5% of DejaVu Sans advance widths for typical labels', () => {
    // Widths at 10 px from DejaVu Sans 2.37's hmtx advances (2048 units per em), summed per glyph.
    const dejavu: [string, number][] = [
      ['Amsterdam', 58.1934],
      ['Rotterdam', 53.3887],
      ['Budget share (%)', 87.5684],
      ['Súdwest-Fryslân', 82.3389],
      ['2024', 25.4492],
      ['iiii', 11.1133],
      ['mmmm', 38.9648],
    ];
    for (const [label, width] of dejavu) {
      expect(Math.abs(estimateTextWidth(label, 10, false) - width) / width).toBeLessThan(0.05);
    }
    expect(estimateTextWidth('ab', 10, true)).toBeCloseTo(1.1 * estimateTextWidth('ab', 10, false), 10);
  });
});

describe('writeChart(path, spec)', () => {
  it('writes PNG, SVG or the Vega-Lite JSON by extension, creating directories', async () => {
    const spec = synthPlot(prop99, { gap: false });
    await writeChart(join(dir, 'a/b/synth.png'), spec, { scale: 1 });
    await writeChart(join(dir, 'synth.svg'), spec);
    const before = JSON.stringify(spec);
    await writeChart(join(dir, 'synth.vl.json'), spec);
    expect(JSON.stringify(spec)).toBe(before);
    expect([...readFileSync(join(dir, 'a/b/synth.png')).subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(readFileSync(join(dir, 'synth.svg'), 'utf8').startsWith('<svg')).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'synth.vl.json'), 'utf8'))).toEqual(spec);
    await expect(writeChart(join(dir, 'synth.pdf'), spec)).rejects.toThrow(
      /use a \.png, \.svg or \.json file name/,
    );
  });
});
