import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** `<repo>/../shared/data/<name>`: the public data sets, absent outside the project workspace. */
export function sharedData(name: string): string {
  return path.resolve(import.meta.dirname, '../../../shared/data', name);
}

/** Whether a shared data set is present; logs why tests are skipped when it is not. */
export function hasSharedData(name: string): boolean {
  const ok = existsSync(sharedData(name));
  if (!ok) console.warn(`skipping tests that need ${sharedData(name)}: file not found (../shared is absent)`);
  return ok;
}

/** Minimal CSV reader for the shared data (quoted strings, empty field = null, numbers parsed). */
export function readCsv(name: string): Record<string, string | number | null>[] {
  const lines = readFileSync(sharedData(name), 'utf8').trim().split(/\r?\n/);
  const head = lines[0]!.split(',').map((h) => h.replace(/^"|"$/g, ''));
  return lines.slice(1).map((line) => {
    const cells = line.match(/("[^"]*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, ''));
    const row: Record<string, string | number | null> = {};
    head.forEach((h, i) => {
      const c = cells[i] ?? '';
      row[h] = c === '' ? null : c.startsWith('"') ? c.slice(1, -1) : Number(c);
    });
    return row;
  });
}

/** The ADH (2010) Proposition 99 predictor set. */
export const PROP99_PREDICTORS = [
  { column: 'lnincome', from: 1980, to: 1988 },
  { column: 'retprice', from: 1980, to: 1988 },
  { column: 'age15to24', from: 1980, to: 1988 },
  { column: 'beer', from: 1984, to: 1988 },
  { column: 'cigsale', at: 1975 },
  { column: 'cigsale', at: 1980 },
  { column: 'cigsale', at: 1988 },
] as const;
