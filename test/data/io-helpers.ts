import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { TableColumns } from '../../src/data/index.js';

/** A temporary directory removed after the test file. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'verdeelmodel-io-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Plain arrays of a table, for deep equality (NaN compares equal to NaN in toEqual). */
export function plain(t: TableColumns): Record<string, unknown[]> {
  return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, Array.from<unknown>(v)]));
}

/** Concatenate chunks of the same columns. */
export function concatChunks(chunks: readonly TableColumns[]): Record<string, unknown[]> {
  // A Map, then own properties: a column may be called '__proto__'.
  const out = new Map<string, unknown[]>();
  for (const c of chunks) {
    for (const [k, v] of Object.entries(c)) {
      if (!out.has(k)) out.set(k, []);
      out.get(k)!.push(...Array.from<unknown>(v));
    }
  }
  return Object.fromEntries(out);
}

/** A deterministic table of n rows with numbers, integers, missing values and text. */
export function sampleTable(n: number): TableColumns {
  const x = new Float64Array(n);
  const count = new Float64Array(n);
  const town: (string | null)[] = [];
  for (let i = 0; i < n; i++) {
    x[i] = i % 17 === 0 ? Number.NaN : Math.sin(i) * 1000 + 1 / 3;
    count[i] = (i * 7919) % 1000;
    town.push(i % 13 === 0 ? null : `GM${String(i % 342).padStart(4, '0')}`);
  }
  return { x, count, town };
}
