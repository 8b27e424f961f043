import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// `verdeelmodel report` and `verdeelmodel demo --html`: the same self-contained HTML report for the
// same flags (the pipeline is seeded and the report holds no timings).
const root = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'vm-html-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
}

const flags = ['--households', '30000', '--seed', '11', '--quiet'];

describe('verdeelmodel report / demo --html', () => {
  let html = '';

  it('report writes one HTML file', () => {
    const reportFile = join(dir, 'nested', 'report.html');
    const r = cli('report', ...flags, '--out', reportFile);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`report written to ${reportFile}`);
    html = readFileSync(reportFile, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<h2>4 Evaluation statistics</h2>');
    expect(html).toContain('30,000 synthetic households');
  });

  // A second pipeline run (about 20 s on a loaded machine): opt-in.
  it.runIf(process.env.VERDEELMODEL_SLOW)(
    'demo --html writes the same file as report for the same flags',
    () => {
      const demoFile = join(dir, 'demo.html');
      const d = cli('demo', ...flags, '--html', demoFile);
      expect(d.status, d.stderr).toBe(0);
      expect(d.stdout).toContain('Largest budget-share changes');
      expect(readFileSync(demoFile, 'utf8')).toBe(html);
    },
  );

  it('report has --help naming its flags', () => {
    const r = cli('report', '--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/--out <file>/);
    expect(r.stdout).toMatch(/--households <n>/);
  });
});
