import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDecimalStrict } from '../../src/data/parse-number.js';

/** `test/fixtures/data/<name>`: the public data sets committed with the tests (see SOURCES.md there). */
export function fixtureData(name: string): string {
  return path.resolve(import.meta.dirname, '../fixtures/data', name);
}

/**
 * Minimal CSV reader for the fixture data (quoted strings, empty field = null, other cells parsed
 * with the library's strict decimal parser, so a malformed cell fails the test instead of becoming a number).
 */
export function readCsv(name: string): Record<string, string | number | null>[] {
  const lines = readFileSync(fixtureData(name), 'utf8').trim().split(/\r?\n/);
  const head = lines[0]!.split(',').map((h) => h.replace(/^"|"$/g, ''));
  return lines.slice(1).map((line, r) => {
    const cells = line.match(/("[^"]*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, ''));
    const row: Record<string, string | number | null> = {};
    head.forEach((h, i) => {
      const c = cells[i] ?? '';
      row[h] =
        c === ''
          ? null
          : c.startsWith('"')
            ? c.slice(1, -1)
            : parseDecimalStrict(c, { what: `${name} column '${h}' row ${r + 1}`, column: h, row: r + 1 });
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
