import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTable } from '../../src/data/index.js';
import { generateHouseholds } from '../../src/index.js';

// `verdeelmodel fit` on files as researchers have them: a Dutch-style CSV (';' and decimal comma), its
// flags (--delimiter, --decimal, --x, --na, --vcov, --progress) and the typed errors that replace a silent
// multi-minute fit on misread columns.

const root = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'vm-cli-fit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
}

const dutch = join(dir, 'dutch.csv');
const small = ['hhtype', 'age_50_aow', 'non_western', 'work_availability'];

beforeAll(async () => {
  const hh = generateHouseholds({ households: 12_000, seed: 5 });
  await writeTable(dutch, hh.columns() as never, { delimiter: ';', decimal: ',' });
});

function coefficients(out: string): Map<string, number> {
  const lines = readFileSync(join(out, 'volume-coefficients.csv'), 'utf8').trim().split('\n');
  const cols = lines[0]!.split(',');
  return new Map(
    lines.slice(1).map((l) => {
      const cells = l.split(',');
      return [cells[cols.indexOf('term')]!, Number(cells[cols.indexOf('estimate')])];
    }),
  );
}

describe('verdeelmodel fit on your own files', () => {
  it("detects ';' and the decimal comma: numbers are read as numbers, the same fit as with the flags given", () => {
    expect(readFileSync(dutch, 'utf8').split('\n')[1]).toMatch(/;\d+,\d+;/);
    const auto = join(dir, 'auto');
    const r = cli('fit', '--households', dutch, '--x', small.join(','), '--out', auto);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/delimiter ';', decimal ','/);
    // 1 intercept + 13 hhtype dummies + 3 numeric terms: work_availability is a number, not a factor.
    expect(r.stdout).toMatch(/volume: 12,000 rows, 17 coefficients/);
    const given = join(dir, 'given');
    const g = cli(
      'fit',
      '--households',
      dutch,
      '--delimiter',
      ';',
      '--decimal',
      ',',
      '--x',
      small.join(','),
      '--out',
      given,
    );
    expect(g.status, g.stderr).toBe(0);
    const a = coefficients(auto);
    expect(a.has('work_availability')).toBe(true);
    expect([...a]).toEqual([...coefficients(given)]);
  });

  it("--decimal '.' on a decimal-comma file is a typed error naming the column and the flag to set, before any fit", () => {
    const t0 = performance.now();
    const r = cli('fit', '--households', dutch, '--decimal', '.', '--x', small.join(','));
    expect(r.status).toBe(2);
    // The reader or the CLI's column check refuses the column; either way the flag to set is named.
    expect(r.stderr).toMatch(/error: column 'work_availability'.*\d+,\d+.*--decimal ','/);
    expect(r.stderr).not.toMatch(/fitting the volume model\n.*iteration/);
    expect(performance.now() - t0).toBeLessThan(60_000);
  });

  it('a text column that would become thousands of levels is a typed error saying which flags to set', async () => {
    const hh = generateHouseholds({ households: 5_000, seed: 6 }).columns() as Record<string, unknown>;
    // Thousands separators: '1.234,5' is not a number for the strict parser, so the column stays text.
    const amount = Array.from({ length: 5_000 }, (_, i) => `${1 + (i % 9)}.${String(i).padStart(3, '0')},5`);
    const file = join(dir, 'amounts.csv');
    await writeTable(file, { ...hh, amount } as never, { delimiter: ';', decimal: ',' });
    const r = cli('fit', '--households', file, '--x', 'hhtype,amount');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /error: column 'amount' was read as text and would become more than 1000 categories \(such as '1\.000,5'\); if it holds numbers, set --decimal.*--delimiter.*--na/,
    );
  });

  it('--na reads a marker as missing; without it the marker is an error naming column and row', async () => {
    const lines = readFileSync(dutch, 'utf8').split('\n');
    const cols = lines[0]!.split(';');
    const k = cols.indexOf('work_availability');
    const row = lines[3]!.split(';');
    row[k] = '-';
    lines[3] = row.join(';');
    const file = join(dir, 'marker.csv');
    writeFileSync(file, lines.join('\n'));
    const bad = cli('fit', '--households', file, '--x', small.join(','));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/error: column 'work_availability' row 3 .*'-'.*--na/);
    // With the marker as missing the row is missing, and the model's default na: 'error' names it.
    const na = cli('fit', '--households', file, '--x', small.join(','), '--na', '-,NA');
    expect(na.status).toBe(2);
    expect(na.stderr).toMatch(/work_availability/);
    expect(na.stderr).toMatch(/row 3/);
    expect(na.stderr).not.toMatch(/'-'/);
  });

  it('--vcov takes the registry names (HC1 here) and refuses others with exit 2 listing the allowed ones', () => {
    const out = join(dir, 'hc1');
    const r = cli('fit', '--households', dutch, '--x', small.join(','), '--vcov', 'HC1', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/volume: .*; SEs HC1/);
    const bad = cli('fit', '--households', dutch, '--vcov', 'HC5');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(
      /error: --vcov 'HC5' is not a variance type; use one of model, HC0, HC1, HC2, HC3, cluster/,
    );
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });

  it('--progress shows each IRLS iteration with its deviance; without it (stderr not a terminal) nothing', () => {
    const r = cli('fit', '--households', dutch, '--x', small.join(','), '--progress');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/volume model: iteration 1, deviance \d+\.\d{4}/);
    expect(r.stderr).toMatch(/volume model: iteration [4-9], deviance/);
    expect(r.stderr).toMatch(/price model: iteration 1, deviance/);
    const quiet = cli('fit', '--households', dutch, '--x', small.join(','));
    expect(quiet.status, quiet.stderr).toBe(0);
    expect(quiet.stderr).not.toMatch(/iteration/);
  });
});
