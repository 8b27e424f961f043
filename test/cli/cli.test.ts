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
    expect(r.stdout).toContain(`Files written to ${out}`);
    for (const f of [
      'allocation.csv',
      'volume-coefficients.csv',
      'predicted-spending.csv',
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
      'municipality,inhabitants,predictedSpending,spendingTwoYearsEarlier,inhabitantsTwoYearsEarlier,inhabitantsPreviousYear';
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
    const ids = lines.slice(1).map((l) => l.split(',')[cols.indexOf('municipality')]);
    // Quoted by writeTable, so that the codes read back as text (with their zeros) without types.
    expect(ids).toEqual(['"0363"', '"0014"', '"0034"']);
    const cents = lines
      .slice(1)
      .reduce((sum, l) => sum + Number(l.split(',')[cols.indexOf('totalCents')]), 0);
    expect(cents).toBe(100_000_001);
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, `${header}\n0363,900000,500,,890000,900000\n0014,20000,10,12,19900,20000\n`);
    const e = cli('allocate', '--municipalities', bad, '--macro-budget', '1000000');
    expect(e.status).toBe(2);
    expect(e.stderr).toMatch(
      /spendingTwoYearsEarlier is missing, NaN or infinite for municipalities '0363' \(row 1\)/,
    );
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
    const spending = readFileSync(join(out, 'predicted-spending.csv'), 'utf8').trim().split('\n');
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

describe('verdeelmodel allocate: text turned into numbers only by the strict decimal parser', () => {
  const header = 'municipality,inhabitants,predictedSpending,spendingTwoYearsEarlier';
  const file = (name: string, body: string) => {
    const path = join(dir, name);
    writeFileSync(path, `${header}\n${body}`);
    return path;
  };
  const allocate = (path: string, ...flags: string[]) =>
    cli('allocate', '--municipalities', path, '--inhabitants-correction', 'none', ...flags);
  const totalCents = (out: string) => {
    const lines = readFileSync(join(out, 'allocation.csv'), 'utf8').trim().split('\n');
    const cols = lines[0]!.split(',');
    return lines.slice(1).map((l) => Number(l.split(',')[cols.indexOf('totalCents')]));
  };

  it('a blank (space) inhabitants cell is an error naming the municipality and row, not €0 with exit 0', () => {
    // Before: Number(' ') = 0, so municipality A (100k inhabitants) got €0 and the command exited 0.
    const path = file('blank.csv', 'A, ,500,600\nB,20000,10,12\n');
    const r = allocate(path, '--macro-budget', '1000');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/inhabitants is missing, NaN or infinite for municipalities 'A' \(row 1\)/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("a cell '0x10' is an error naming column and 1-based row, not 16", () => {
    const path = file('hex.csv', 'A,100000,500,600\nB,0x10,10,12\n');
    const r = allocate(path, '--macro-budget', '1000');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/column 'inhabitants' row 2 holds '0x10', which is not a decimal number/);
  });

  it('--macro-budget 0x10 (or 1_000, or blank) is refused, not €16', () => {
    const path = file('ok.csv', 'A,100000,500,600\nB,20000,10,12\n');
    for (const bad of ['0x10', '1_000', '', '1e999', '-5']) {
      const r = allocate(path, '--macro-budget', bad);
      expect(r.status, `--macro-budget '${bad}'`).toBe(2);
      expect(r.stderr).toMatch(/macro-budget/);
      expect(r.stdout).toBe('');
    }
  });

  it("the Dutch decimal comma is an explicit flag: --decimal ',' reads 1000,01 in flags and cells", () => {
    const semi = join(dir, 'comma.csv');
    writeFileSync(semi, `${header.replaceAll(',', ';')}\nA;100000;500,5;600\nB;20000;10;12,25\n`);
    const out = join(dir, 'alloc-comma');
    const r = allocate(semi, '--macro-budget', '1000,01', '--decimal', ',', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    expect(totalCents(out).reduce((s, c) => s + c, 0)).toBe(100_001);
    // Without the flag the comma is not a decimal mark: an error that says how to read it.
    const plain = allocate(semi, '--macro-budget', '1000,01');
    expect(plain.status).toBe(2);
    expect(plain.stderr).toMatch(/decimal/);
  });

  it('a very large macro budget is paid exactly: €40,187,085,682,031.20 is 4018708568203120 cents', () => {
    // Before: Math.round(40187085682031.2 * 100) = 4018708568203121, one cent more than the budget.
    const path = file('big.csv', 'A,100000,500,600\nB,20000,10,12\nC,50000,30,40\n');
    const out = join(dir, 'alloc-big');
    const r = allocate(path, '--macro-budget', '40187085682031.20', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.totals.macroBudgetCents).toBe(4_018_708_568_203_120);
    // Each total is exact in a double (below 2^53); their sum is the budget to the cent.
    expect(totalCents(out).reduce((s, c) => s + BigInt(c), 0n)).toBe(4_018_708_568_203_120n);
  });

  it('a missing file and a missing municipality column end with exit 2 and a message naming them', () => {
    const r = allocate(join(dir, 'nope.csv'), '--macro-budget', '1000');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/nope\.csv/);
    expect(r.stderr).not.toMatch(/ENOENT|\n\s+at /);
    const noCode = join(dir, 'no-code.csv');
    writeFileSync(noCode, 'code,inhabitants,predictedSpending,spendingTwoYearsEarlier\nA,1,1,1\n');
    const m = allocate(noCode, '--macro-budget', '1000');
    expect(m.status).toBe(2);
    expect(m.stderr).toMatch(/no 'municipality' column .*--map municipality=yourColumn/);
    // An absent column is named as absent, not "empty".
    const noPb = join(dir, 'no-pb.csv');
    writeFileSync(noPb, 'municipality,inhabitants,spendingTwoYearsEarlier\nA,100000,1\n');
    const a = allocate(noPb, '--macro-budget', '1000');
    expect(a.status).toBe(2);
    expect(a.stderr).toMatch(/column predictedSpending is absent/);
    expect(a.stderr).not.toMatch(/empty/);
  });

  it('--households 0x10 and --seed 1.5 are refused', () => {
    expect(cli('demo', '--households', '0x10').stderr).toMatch(/positive whole number/);
    expect(cli('demo', '--seed', '1.5').stderr).toMatch(/positive whole number/);
  });
});
