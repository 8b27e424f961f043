import { writeFile } from 'node:fs/promises';
import { loadOptional } from '../../internal/optional.js';
import { refuseLeadingBom, type WriteColumn, withNulls } from './write-columns.js';

/**
 * Write columns as an Arrow IPC file (Feather v2), or an IPC stream for `.arrows`. Text columns are
 * dictionary-encoded, as categories are in the library. @internal
 */
export async function writeArrow(path: string, columns: readonly WriteColumn[]): Promise<void> {
  refuseLeadingBom(columns, 'Arrow');
  const { Bool, Dictionary, Float64, Int32, Table, Utf8, tableToIPC, vectorFromArray } = await loadOptional(
    'apache-arrow',
    'writeTable (Arrow)',
    () => import('apache-arrow'),
  );
  const vectors = Object.fromEntries(
    columns.map((c) => {
      const type =
        c.kind === 'text'
          ? new Dictionary(new Utf8(), new Int32())
          : c.kind === 'boolean'
            ? new Bool()
            : c.kind === 'int32'
              ? new Int32()
              : new Float64();
      const values = c.kind === 'text' ? c.values : withNulls(c.values, c.kind);
      return [c.name, vectorFromArray(values as never[], type)];
    }),
  );
  const table = new Table(vectors);
  await writeFile(path, tableToIPC(table, /\.arrows$/i.test(path) ? 'stream' : 'file'));
}
