import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A committed numeric CSV of test/fixtures/data as columns (empty fields → NaN). */
export function readNumericCsv(name: string): Record<string, Float64Array> {
  const path = fileURLToPath(new URL(`../fixtures/data/${name}`, import.meta.url));
  const lines = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  const head = lines[0]!.split(',').map((h) => h.replace(/^"|"$/g, ''));
  const cols = head.map(() => new Float64Array(lines.length - 1));
  lines.slice(1).forEach((line, r) => {
    line.split(',').forEach((c, j) => {
      cols[j]![r] = c === '' ? Number.NaN : Number(c);
    });
  });
  return Object.fromEntries(head.map((h, j) => [h, cols[j]!]));
}

/** The R fixture of make-development-fixtures.R. */
export function readReference(): Record<string, unknown> {
  const path = fileURLToPath(new URL('../fixtures/development/development-reference.json', import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}
