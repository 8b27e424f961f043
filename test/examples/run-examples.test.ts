// Runs the TSDoc examples that need no outside input, as a user who copies one would: `npm run
// typecheck` proves they compile, this proves they do not throw (the coefficientPlot example fitted
// columns the data did not have). Examples with `declare const` inputs cannot run as written and are
// left to the type check; so are the few that read a file the reader is expected to have.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Example, exampleModule, extractExamples, markModules } from '../../scripts/extract-examples.js';

/** Examples that read a data file of the reader's own (households.csv, households/*.parquet). */
const READS_A_FILE = new Set([
  'src/data/io/read-table.ts',
  'src/data/io/read-table-chunks.ts',
  'src/glm/fit-glm-stream.ts',
  'src/glm/fit-glm-duckdb.ts',
]);

const all = extractExamples();
const runnable = all.filter((ex) => !ex.hasDeclared && !READS_A_FILE.has(ex.source));
const name = (ex: Example) => `${ex.source}:${ex.line}`;

// The generated modules live outside node_modules (vitest would hand those to Node untransformed);
// the examples run in a scratch folder, since some write a chart or table to the working directory.
let moduleDir = '';
let workDir = '';
let previousDir = '';

beforeAll(() => {
  moduleDir = mkdtempSync(join(tmpdir(), 'verdeelmodel-examples-'));
  markModules(moduleDir);
  workDir = mkdtempSync(join(tmpdir(), 'verdeelmodel-examples-cwd-'));
  mkdirSync(join(workDir, 'out'));
  previousDir = process.cwd();
  process.chdir(workDir);
  for (const method of ['log', 'info', 'warn', 'error'] as const) {
    vi.spyOn(console, method).mockImplementation(() => {});
  }
});

afterAll(() => {
  vi.restoreAllMocks();
  process.chdir(previousDir);
  rmSync(moduleDir, { recursive: true, force: true });
  rmSync(workDir, { recursive: true, force: true });
});

describe('TSDoc examples', () => {
  it('most examples run as written, coefficientPlot among them', () => {
    expect(all.length).toBeGreaterThanOrEqual(120);
    expect(runnable.length).toBeGreaterThanOrEqual(80);
    expect(runnable.map((ex) => ex.source)).toContain('src/report/coefficient-plot.ts');
    // The exemptions name files that still have such an example, and nothing else is exempt.
    for (const source of READS_A_FILE) expect(all.some((ex) => ex.source === source)).toBe(true);
  });

  it.each(runnable.map((ex) => [name(ex), ex] as const))('%s runs without throwing', async (_, ex) => {
    const path = join(moduleDir, `${ex.source.replace(/[/.]/g, '_')}_${ex.index}.ts`);
    writeFileSync(path, exampleModule([ex], path, true));
    await expect(import(pathToFileURL(path).href)).resolves.toBeDefined();
  });
});
