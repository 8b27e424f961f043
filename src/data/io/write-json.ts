import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import type { WriteColumn } from './write-columns.js';

/** Write columns as a JSON array of row objects (missing and non-finite numbers as null). @internal */
export async function writeJson(path: string, nrows: number, columns: readonly WriteColumn[]): Promise<void> {
  const out = createWriteStream(path);
  const keys = columns.map((c) => JSON.stringify(c.name));
  const write = async (text: string) => {
    if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  };
  try {
    await write('[');
    for (let i = 0; i < nrows; i++) {
      const cells = columns.map((c, k) => {
        const v = c.values[i];
        const json =
          c.kind === 'text'
            ? JSON.stringify(v)
            : Number.isFinite(v)
              ? c.kind === 'boolean'
                ? String(v !== 0)
                : String(v)
              : 'null';
        return `${keys[k]}:${json}`;
      });
      await write(`${i === 0 ? '\n' : ',\n'}{${cells.join(',')}}`);
    }
    await write(nrows === 0 ? ']\n' : '\n]\n');
  } finally {
    out.end();
  }
  await finished(out);
}
