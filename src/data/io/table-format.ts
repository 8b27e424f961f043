import { SpecError } from '../../errors.js';
import type { TableFormat } from './types.js';

const EXTENSIONS: readonly (readonly [RegExp, TableFormat])[] = [
  [/\.(csv|tsv|txt)(\.gz)?$/i, 'csv'],
  [/\.(parquet|pq)$/i, 'parquet'],
  [/\.(arrow|feather|ipc|arrows)$/i, 'arrow'],
  [/\.json$/i, 'json'],
];

const FORMATS: readonly TableFormat[] = ['csv', 'parquet', 'arrow', 'json'];

/**
 * The file format of `path`: `format` when given, else from the extension.
 *
 * @throws {SpecError} for an unknown format or extension, naming the path
 * @example
 * ```ts
 * import { tableFormat } from './table-format.js';
 * tableFormat('households.parquet'); // => 'parquet'
 * ```
 */
export function tableFormat(path: string, format?: TableFormat): TableFormat {
  if (format !== undefined) {
    if (!FORMATS.includes(format)) {
      throw new SpecError('unknown-format', `format '${String(format)}' is not one of ${FORMATS.join(', ')}`);
    }
    return format;
  }
  for (const [pattern, f] of EXTENSIONS) if (pattern.test(path)) return f;
  throw new SpecError(
    'unknown-format',
    `cannot tell the format of '${path}' from its extension; pass { format: 'csv' | 'parquet' | 'arrow' | 'json' }`,
  );
}
