import type { ColumnTable } from 'arquero';
import { loadOptional } from '../../internal/optional.js';
import type { DataInput } from '../frame.js';
import { toTable } from './to-table.js';

/**
 * Turn results or data (row objects, a column record, the output of {@link readTable}) into an arquero
 * table. Asynchronous because arquero is loaded on first use; with arquero imported yourself,
 * `aq.table(toTable(rows))` does the same synchronously. Arquero tables go back into every function of the
 * library as they are.
 *
 * @example
 * ```ts
 * import { toArquero } from 'verdeelmodel/data';
 * import { ols } from 'verdeelmodel/glm';
 * const fit = ols({ y: [1, 3, 2, 5, 4], x: [1, 2, 3, 4, 5] }, { y: 'y', x: ['x'] });
 * const t = await toArquero(fit.tidy().map((row) => ({ ...row }))); // TidyRow is an interface: spread to a plain row
 * t.filter((d) => d.pValue < 0.05).print();
 * ```
 */
export async function toArquero(data: DataInput): Promise<ColumnTable> {
  const { table } = await loadOptional('arquero', 'toArquero', () => import('arquero'));
  return table(toTable(data));
}
