import { loadOptional } from '../../internal/optional.js';
import { refuseLeadingBom, type WriteColumn, withNulls } from './write-columns.js';

const PARQUET_TYPE = { double: 'DOUBLE', int32: 'INT32', boolean: 'BOOLEAN', text: 'STRING' } as const;

function hasNaN(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i]!)) return true;
  return false;
}

/** Write columns as Parquet (snappy-compressed, nullable columns). @internal */
export async function writeParquet(path: string, columns: readonly WriteColumn[]): Promise<void> {
  refuseLeadingBom(columns, 'Parquet');
  const { parquetWriteFile } = await loadOptional(
    'hyparquet-writer',
    'writeTable (Parquet)',
    () => import('hyparquet-writer'),
  );
  parquetWriteFile({
    filename: path,
    columnData: columns.map((c) => {
      let data: unknown;
      if (c.kind === 'text') data = c.values;
      else if (c.kind === 'boolean' || hasNaN(c.values)) data = withNulls(c.values, c.kind);
      else data = c.kind === 'int32' ? Int32Array.from(c.values) : Float64Array.from(c.values);
      return { name: c.name, data: data as number[], type: PARQUET_TYPE[c.kind] };
    }),
  });
}
