import { createHash } from 'node:crypto';
import type { GeneratedHouseholds } from '../../src/generate/index.js';

/** Feed a value into the hash: typed arrays by their bytes, everything else by its JSON. */
function feed(h: ReturnType<typeof createHash>, name: string, v: unknown): void {
  h.update(`${name}\0`);
  if (ArrayBuffer.isView(v)) {
    h.update(`${v.constructor.name}:${v.byteLength}\0`);
    h.update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
  } else if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, x] of Object.entries(v)) feed(h, `${name}.${k}`, x);
  } else {
    h.update(`${JSON.stringify(v)}\0`);
  }
}

/**
 * sha256 over everything a generated population holds: every column (name, storage type, bytes, in
 * the order `columns()` lists them), the municipal and neighbourhood tables and the truth.
 */
export function hashHouseholds(hh: GeneratedHouseholds): string {
  const h = createHash('sha256');
  feed(h, 'rows', hh.rows);
  feed(h, 'options', hh.options);
  feed(h, 'columns', hh.columns());
  feed(h, 'factors', hh.factors);
  feed(h, 'numeric', hh.numeric);
  feed(h, 'municipalities', hh.municipalities);
  feed(h, 'neighbourhoods', hh.neighbourhoods);
  feed(h, 'truth', hh.truth);
  return h.digest('hex');
}
