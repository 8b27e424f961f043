import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeTable } from '../../src/data/index.js';
import { generateHouseholds } from '../../src/index.js';

const root = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'vm-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
}

describe('verdeelmodel CLI', () => {
  it('demo prints the report sections and writes its tables', () => {
    const out = join(dir, 'demo');
    const r = cli('demo', '--households', '150000', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    for (const section of [
      'Volume model',
      'Price model',
      'Allocation 2024 by size class',
      'Evaluation',
      'Largest budget-share changes',
    ]) {
      expect(r.stdout).toContain(section);
    }
    expect(r.stderr).toMatch(/fit volume model 2024/);
    for (const f of [
      'allocation.csv',
      'volume_coefficients.csv',
      'predicted_spending.csv',
      'summary.json',
      'budget-change.png',
      'predicted-vs-actual.png',
    ]) {
      expect(existsSync(join(out, f))).toBe(true);
    }
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.totals.macroBudgetCents).toBe(690_000_000_000);
    const csv = readFileSync(join(out, 'allocation.csv'), 'utf8').trim().split('\n');
    const header = csv[0]!.split(',');
    const cents = csv
      .slice(1)
      .reduce((s, line) => s + Number(line.split(',')[header.indexOf('totalCents')]), 0);
    expect(cents).toBe(690_000_000_000);
  });

  it('user mistakes print one line without a stack trace and exit 2', () => {
    const r = cli('fit', '--households', join(dir, 'does-not-exist.csv'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/error: cannot read '.*does-not-exist\.csv': no such file/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const bad = cli('demo', '--households', 'many');
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/positive whole number/);
  });

  it('allocate keeps leading zeros in codes, names an empty cell, and adds up to the cent', () => {
    const header =
      'id,inhabitants,predictedSpending,spendingTwoYearsEarlier,populationTwoYearsEarlier,populationPreviousYear';
    const good = join(dir, 'municipalities.csv');
    writeFileSync(
      good,
      `${header}\n0363,900000,500,600,890000,900000\n0014,20000,10,12,19900,20000\n0034,12000,6,7,11900,12000\n`,
    );
    const out = join(dir, 'alloc');
    const r = cli('allocate', '--municipalities', good, '--macro-budget', '1000000.01', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    const lines = readFileSync(join(out, 'allocation.csv'), 'utf8').trim().split('\n');
    const cols = lines[0]!.split(',');
    const ids = lines.slice(1).map((l) => l.split(',')[cols.indexOf('id')]);
    expect(ids).toEqual(['0363', '0014', '0034']);
    const cents = lines
      .slice(1)
      .reduce((sum, l) => sum + Number(l.split(',')[cols.indexOf('totalCents')]), 0);
    expect(cents).toBe(100_000_001);
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, `${header}\n0363,900000,500,,890000,900000\n0014,20000,10,12,19900,20000\n`);
    const e = cli('allocate', '--municipalities', bad, '--macro-budget', '1000000');
    expect(e.status).toBe(2);
    expect(e.stderr).toMatch(/'spendingTwoYearsEarlier' is empty at row 1 \(municipality '0363'\)/);
  });

  it('fit runs on your own Parquet file with your own column names', async () => {
    const hh = generateHouseholds({ households: 30_000, seed: 2 });
    const renamed = Object.fromEntries(
      Object.entries(hh.columns()).map(([k, v]) => [
        k === 'receipt' ? 'bijstand' : k === 'municipality' ? 'gemeente' : k,
        v,
      ]),
    );
    const file = join(dir, 'households.parquet');
    await writeTable(file, renamed);
    const out = join(dir, 'fit');
    const r = cli(
      'fit',
      '--households',
      file,
      '--map',
      'receipt=bijstand,municipality=gemeente',
      '--out',
      out,
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/volume: 30,000 rows, 62 coefficients/);
    const spending = readFileSync(join(out, 'predicted_spending.csv'), 'utf8').trim().split('\n');
    expect(spending).toHaveLength(343);
  });

  it('has --help for every command', () => {
    for (const cmd of ['demo', 'fit', 'allocate']) {
      const r = cli(cmd, '--help');
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/Usage: verdeelmodel/);
    }
  });
});
