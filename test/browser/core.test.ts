import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleForBrowser, inlineScript } from './bundle.js';
import { Chromium, chromiumSkipReason, type Page } from './chromium.js';
import { type CoreInput, type CoreResult, runCoreCases, runParallelCase } from './core-cases.js';

// The allocation core, the GLM (one thread), synth and outliers in a Chromium page: the page
// script is bundled from source for the browser (no Node built-in may be in it) and prints its
// results, which must equal the same code's results under Node, with no console error.
const SKIP = chromiumSkipReason();
if (SKIP) console.warn(SKIP);

const here = import.meta.dirname;
const out = resolve(here, 'out');
const fixture = JSON.parse(readFileSync(resolve(here, '../fixtures/glm/glm-reference.json'), 'utf8')) as {
  cases: {
    name: string;
    data: Record<string, number[]>;
    spec: { y: string; x: string[] };
    coefficients: number[];
  }[];
};
const mroz = fixture.cases.find((c) => c.name === 'mroz_logit')!;
const input: CoreInput = { mroz: mroz.data, y: mroz.spec.y, x: mroz.spec.x };

/** Walk two JSON values: doubles within 1e-11 relative, everything else equal. */
function compare(
  a: unknown,
  b: unknown,
  where: string,
  acc = { problems: [] as string[], numbers: 0, largest: 0, at: '' },
) {
  if (typeof a === 'number' && typeof b === 'number') {
    acc.numbers++;
    if (Number.isInteger(b) && Math.abs(b) > 1) {
      if (a !== b) acc.problems.push(`${where}: browser ${a}, Node ${b}`);
      return acc;
    }
    const d = Math.abs(a - b);
    const r = d === 0 ? 0 : d / Math.max(Math.abs(b), 1e-300);
    if (d > 1e-11 * Math.abs(b) + 1e-15) acc.problems.push(`${where}: browser ${a}, Node ${b}`);
    else if (Math.abs(b) > 1e-12 && r > acc.largest) {
      acc.largest = r;
      acc.at = where;
    }
    return acc;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) acc.problems.push(`${where}: length ${a.length} vs ${b.length}`);
    else for (let i = 0; i < a.length; i++) compare(a[i], b[i], `${where}[${i}]`, acc);
    return acc;
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    if (ka.join() !== kb.join()) acc.problems.push(`${where}: keys ${ka.join()} vs ${kb.join()}`);
    else
      for (const k of ka)
        compare((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${where}.${k}`, acc);
    return acc;
  }
  if (a !== b) acc.problems.push(`${where}: browser ${String(a)}, Node ${String(b)}`);
  return acc;
}

describe.skipIf(SKIP !== null)('the core in a browser page (headless Chromium)', () => {
  let browser: Chromium | null = null;
  let page: Page;
  let inputs: readonly string[] = [];
  let printed: CoreResult | null = null;
  let parallel: unknown = null;

  beforeAll(async () => {
    const bundle = await bundleForBrowser(resolve(here, 'core-page.ts'));
    inputs = bundle.inputs;
    mkdirSync(out, { recursive: true });
    const html = `<!doctype html><html><head><meta charset="utf-8"><title>verdeelmodel core</title></head><body>
<script type="application/json" id="input">${inlineScript(JSON.stringify(input))}</script>
<script>${inlineScript(bundle.code)}</script></body></html>`;
    const file = join(out, 'core.html');
    writeFileSync(file, html);
    browser = await Chromium.launch();
    page = await browser.newPage();
    await page.goto(pathToFileURL(file).href);
    await page.waitFor('globalThis.verdeelmodelDone');
    const line = page.messages.find((m) => m.text.startsWith('verdeelmodel-result '));
    if (line) printed = JSON.parse(line.text.slice('verdeelmodel-result '.length)) as CoreResult;
    const parallelLine = page.messages.find((m) => m.text.startsWith('verdeelmodel-parallel '));
    if (parallelLine)
      parallel = JSON.parse(parallelLine.text.slice('verdeelmodel-parallel '.length)) as unknown;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('bundles for the browser without Node built-ins, file readers, workers or DuckDB', () => {
    expect(
      inputs.filter((f) => /^node:|\/data\/io\/|\/workers\/|@duckdb|platform-node|apache-arrow|vega/.test(f)),
    ).toEqual([]);
    expect(inputs).toContain('src/internal/platform-browser.ts');
  });

  it('prints the same numbers as Node, with no console error', () => {
    expect(page.errors()).toEqual([]);
    expect(printed).not.toBeNull();
    // Same code, but Math.exp and Math.log are implementation-approximated (ECMA-262) and the V8
    // of Node and of Chromium differ in the last bit for some arguments, so doubles agree to
    // 1e-11 relative (seen: ~1e-13), while integers (cents, iterations), names and flags are equal.
    const node = JSON.parse(JSON.stringify(runCoreCases(input))) as unknown;
    const diffs = compare(printed, node, 'result');
    expect(diffs.problems).toEqual([]);
    console.log(
      `browser vs Node: ${diffs.numbers} numbers, largest relative difference ${diffs.largest.toExponential(1)} (${diffs.at})`,
    );
  });

  it('runs the two-thread placebo test on one thread in the page, to the placebos of the worker threads in Node', async () => {
    const inPage = parallel as Awaited<ReturnType<typeof runParallelCase>>;
    const node = JSON.parse(JSON.stringify(await runParallelCase())) as typeof inPage;
    expect(inPage.threads).toBe(1);
    expect(node.threads).toBe(2);
    expect(compare(inPage.placebos, node.placebos, 'placebos').problems).toEqual([]);
  });

  it('fits the Mroz logit to R (glm) in the page, asking for two threads running on one', () => {
    const r = printed!.logit;
    expect(r.iterations).toBe(4);
    r.estimates.forEach((b, i) => {
      expect(Math.abs(b - mroz.coefficients[i]!)).toBeLessThan(
        1e-9 * Math.max(1, Math.abs(mroz.coefficients[i]!)),
      );
    });
    expect(r.threadedEstimates).toEqual(r.estimates);
  });

  it('allocates the macro budget to the cent in the page', () => {
    const a = printed!.allocation;
    expect(a.totalCents.reduce((s, c) => s + c, 0)).toBe(123_456_789_012);
    expect(a.bySizeClass.at(-1)).toEqual(['all', 123_456_789_012]);
  });
});
