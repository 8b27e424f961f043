import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAllocationPipeline } from '../../src/pipeline/index.js';
import { htmlReport } from '../../src/report/index.js';
import { Chromium, chromiumSkipReason, type Page } from '../browser/chromium.js';

// The HTML report of an allocation run: one self-contained file (Vega runtime and chart specs inline,
// no request to the network), drawn in headless Chromium: every chart has marks, no console error.
// The screenshot lands in test/report/out/ (ignored by git).
const SKIP = chromiumSkipReason();
if (SKIP) console.warn(SKIP);

const out = resolve(import.meta.dirname, 'out');
const run = runAllocationPipeline({ households: 30_000, seed: 11 });
let html = '';

beforeAll(async () => {
  html = await htmlReport(run, { largestChanges: 10 });
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'html-report.html'), html);
}, 120_000);

describe('htmlReport (the file)', () => {
  it('is one file that loads nothing: no external script, style, image or link', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<(script|img|iframe)[^>]*\bsrc=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).toContain("default-src 'none'");
    // The Vega runtime is in the page.
    expect(html).toMatch(/vega-scenegraph|scenegraph/);
  });

  it('has the sections of the S0 report, the statistics beside the published values, and the options', () => {
    for (const heading of [
      '1 The allocation',
      '2 Budget-share changes',
      '3 Budget against spending',
      '4 Evaluation statistics',
      '5 The models',
      '6 Options used',
    ]) {
      expect(html).toContain(`<h2>${heading}</h2>`);
    }
    expect(html).toContain('4.8%');
    expect(html).toContain('6.7%');
    expect(html).toContain('0.70');
    expect(html).toContain('The largest share changes');
    // Every coefficient of both models is in a table row.
    for (const term of run.current.volume.fit.terms)
      expect(html).toContain(
        `<td>${term.replace(/&/g, '&#38;').replace(/</g, '&#60;').replace(/>/g, '&#62;')}</td>`,
      );
    expect(html).toContain('pipeline: households');
    expect(html).toContain('allocation: inhabitantsCorrection');
  });

  it('rejects unknown options', async () => {
    await expect(htmlReport(run, { colour: 'red' } as never)).rejects.toMatchObject({
      code: 'unknown-option',
    });
  });
});

describe.skipIf(SKIP !== null)('htmlReport in headless Chromium', () => {
  let browser: Chromium | null = null;
  let page: Page;

  beforeAll(async () => {
    browser = await Chromium.launch();
    page = await browser.newPage(1200, 900);
    await page.goto(pathToFileURL(join(out, 'html-report.html')).href);
    await page.waitFor('document.body.dataset.charts');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('draws every chart, each with marks, and logs no error', async () => {
    expect(await page.evaluate('document.body.dataset.charts')).toBe('drawn');
    const charts = await page.evaluate<
      { id: string; drawn: boolean; marks: number }[]
    >(`[...document.querySelectorAll('.chart')].map((el) => ({
      id: el.id,
      drawn: el.dataset.drawn === 'true',
      marks: [...el.querySelectorAll('svg g.role-mark')].filter((g) => !/role-axis|role-legend|role-title|role-frame/.test(g.getAttribute('class') + ' ' + (g.parentElement?.closest('[class*="role-axis"],[class*="role-legend"],[class*="role-title"]') ? 'role-axis' : ''))).reduce((n, g) => n + g.querySelectorAll(':scope > path, :scope > line, :scope > rect, :scope > circle, :scope > g > path').length, 0),
    }))`);
    expect(charts.map((c) => c.id)).toEqual([
      'chart-shares',
      'chart-changes',
      'chart-spending',
      'chart-evaluation',
      'chart-coefficients',
    ]);
    for (const c of charts) {
      expect(c.drawn, c.id).toBe(true);
      expect(c.marks, `${c.id} has no drawn marks`).toBeGreaterThan(0);
    }
    expect(page.errors()).toEqual([]);
    // Nothing was fetched: the page is self-contained.
    expect(await page.evaluate('performance.getEntriesByType("resource").length')).toBe(0);
  });

  it('is interactive: hovering a bar gives its values as a tooltip', async () => {
    const at = await page.evaluate<{ x: number; y: number }>(`(() => {
      const el = document.querySelector('#chart-shares svg g.role-mark path');
      el.scrollIntoView({ block: 'center' });
      const r = el.getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    })()`);
    await page.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x: at.x, y: at.y });
    await page.waitFor(`document.querySelector('#chart-shares').getAttribute('title')`, 10_000);
    const tip = await page.evaluate<string>(`document.querySelector('#chart-shares').getAttribute('title')`);
    expect(tip).toMatch(/size class: .+\nseries: .+\nshare: [0-9.]+%/);
  });

  it('writes a screenshot of the whole report', async () => {
    await page.evaluate('window.scrollTo(0, 0)');
    const png = await page.screenshot();
    writeFileSync(join(out, 'html-report.png'), png);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.length).toBeGreaterThan(50_000);
  });
});
