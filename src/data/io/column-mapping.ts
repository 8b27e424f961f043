import { DataError, SpecError } from '../../errors.js';
import type { ColumnMapping } from './types.js';

/** Which file columns to read and what to call them. @internal */
export interface ColumnPlan {
  /** File column names to read, in output order (a file column may appear twice when mapped twice). */
  readonly source: readonly string[];
  /** Output names, parallel to `source`. */
  readonly target: readonly string[];
}

function listed(names: readonly string[]): string {
  return names.length <= 30
    ? names.join(', ')
    : `${names.slice(0, 30).join(', ')}, ... (${names.length} in all)`;
}

/**
 * Resolve a `{ ourName: 'theirColumn' }` mapping and a column selection against the columns of a file.
 * @internal
 */
export function planColumns(
  fileColumns: readonly string[],
  mapping: ColumnMapping = {},
  columns: readonly string[] | undefined,
  where: string,
): ColumnPlan {
  const fileSet = new Set<string>();
  for (const c of fileColumns) {
    if (fileSet.has(c))
      throw new DataError('duplicate', `${where} has two columns named '${c}'`, { column: c });
    fileSet.add(c);
  }
  const mapped = new Map<string, string>(); // ourName -> theirColumn
  for (const [ours, theirs] of Object.entries(mapping)) {
    if (typeof theirs !== 'string') {
      throw new SpecError('invalid-mapping', `mapping.${ours} must be the name of a column in the file`);
    }
    if (!fileSet.has(theirs)) {
      throw new DataError(
        'missing-column',
        `column '${theirs}' (mapped to '${ours}') is not in ${where}; its columns are: ${listed(fileColumns)}`,
        { column: theirs },
      );
    }
    mapped.set(ours, theirs);
  }
  // Unmapped file columns keep their name; one that collides with a mapped name is ambiguous.
  const all = new Map<string, string>(); // output -> source, in file order
  for (const c of fileColumns) {
    const outs = [...mapped].filter(([, t]) => t === c).map(([o]) => o);
    if (outs.length === 0) {
      if (mapped.has(c)) {
        throw new DataError(
          'duplicate',
          `${where} has a column '${c}' and the mapping also maps '${mapped.get(c)}' to '${c}'; map or rename one of them`,
          { column: c },
        );
      }
      all.set(c, c);
    } else for (const o of outs) all.set(o, c);
  }
  const names = columns ?? [...all.keys()];
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw new DataError('duplicate', `column '${n}' is asked for twice`, { column: n });
    seen.add(n);
    if (!all.has(n)) {
      throw new DataError(
        'missing-column',
        `column '${n}' is not in ${where}; its columns are: ${listed(fileColumns)} (to read one of them as '${n}', pass mapping: { '${n}': 'theirColumn' })`,
        { column: n },
      );
    }
  }
  return { source: names.map((n) => all.get(n)!), target: [...names] };
}
