import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readTable } from '../../src/data/index.js';
import { fitGlm, logit } from '../../src/glm/index.js';

// The public data sets committed in test/fixtures/data (see its SOURCES.md): the copies are the ones
// SOURCES.md describes (sha256), and the GLM reference cases R fitted on them are reproduced from the CSVs.
const dir = new URL('../fixtures/data/', import.meta.url);
const sources = readFileSync(new URL('SOURCES.md', dir), 'utf8');
const reference = JSON.parse(
  readFileSync(new URL('../fixtures/glm/glm-reference.json', import.meta.url), 'utf8'),
) as {
  cases: { name: string; coefficients: number[]; terms: string[]; nobs: number }[];
};
const referenceCase = (name: string) => reference.cases.find((c) => c.name === name)!;

function expectClose(got: readonly number[], want: readonly number[], tol: number): void {
  expect(got.length).toBe(want.length);
  got.forEach((g, j) => {
    expect(Math.abs(g - want[j]!)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(want[j]!)));
  });
}

describe('public data fixtures (test/fixtures/data)', () => {
  it.each(['smoking.csv', 'basque.csv', 'mroz.csv', 'k401k.csv'])(
    '%s is the copy SOURCES.md names (sha256)',
    (file) => {
      const sha = createHash('sha256')
        .update(readFileSync(new URL(file, dir)))
        .digest('hex');
      expect(sources).toContain(`\`${file}\``);
      expect(sources).toContain(sha);
    },
  );

  it('mroz.csv: the logit of inlf (Wooldridge Example 17.1) equals R glm on the same file', async () => {
    const mroz = await readTable(new URL('mroz.csv', dir).pathname);
    const ref = referenceCase('mroz_logit');
    const fit = logit(mroz, { y: 'inlf', x: ref.terms.slice(1) });
    expect(fit.nobs).toBe(753);
    expectClose(fit.coefficients, ref.coefficients, 1e-8);
  });

  it('k401k.csv: the fractional logit of prate / 100 (Papke & Wooldridge 1996) equals R glm', async () => {
    const k = await readTable(new URL('k401k.csv', dir).pathname);
    const ref = referenceCase('k401k_fractional_logit');
    const prate = k.prate as Float64Array;
    const data = { ...k, prate_frac: prate.map((v) => v / 100) };
    const fit = fitGlm(data, { family: 'quasibinomial', y: 'prate_frac', x: ref.terms.slice(1) });
    expect(fit.nobs).toBe(1534);
    expectClose(fit.coefficients, ref.coefficients, 1e-8);
  });

  it('basque.csv: 18 regions × 43 years, the Basque Country is region 17', async () => {
    const b = await readTable(new URL('basque.csv', dir).pathname);
    expect((b.year as Float64Array).length).toBe(774);
    const names = b.regionname as readonly string[];
    const nos = b.regionno as Float64Array;
    expect(new Set(nos).size).toBe(18);
    expect(names[nos.indexOf(17)]).toBe('Basque Country (Pais Vasco)');
    expect(Math.min(...(b.year as Float64Array))).toBe(1955);
    expect(Math.max(...(b.year as Float64Array))).toBe(1997);
  });
});
