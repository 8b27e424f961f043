import { SpecError } from '../../errors.js';
import { checkOptions, oneOf } from '../../internal/options.js';
import type { ReadTableChunksOptions, ReadTableTextOption, WriteTableOptions } from './types.js';

const READ_KEYS = ['format', 'columns', 'mapping', 'types', 'delimiter', 'decimal', 'na', 'spreadsheetSafe'];
const WRITE_KEYS = ['format', 'mapping', 'delimiter', 'decimal', 'spreadsheetSafe'];

function stringList(value: unknown, option: string, where: string): void {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw new SpecError('invalid-option', `${where}: ${option} must be an array of strings`, { option });
  }
}

function stringRecord(value: unknown, option: string, where: string, values?: readonly string[]): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SpecError('invalid-option', `${where}: ${option} must be an object of { name: value }`, {
      option,
    });
  }
  for (const [k, v] of Object.entries(value)) {
    if (values ? !values.includes(v as string) : typeof v !== 'string') {
      throw new SpecError(
        option === 'mapping' ? 'invalid-mapping' : 'invalid-option',
        `${where}: ${option}['${k}'] must be ${values ? values.map((x) => `'${x}'`).join(', ') : 'a column name (a string)'}; got ${typeof v === 'string' ? `'${v}'` : String(v)}`,
        { option },
      );
    }
  }
}

function delimiterOption(value: unknown, where: string, writing: boolean): void {
  // One character that cannot be part of a quoted cell's syntax (and, when writing, of a number).
  const bad = writing ? '"\r\n0123456789.+-eE' : '"\r\n';
  if (typeof value !== 'string' || value.length !== 1 || bad.includes(value)) {
    throw new SpecError(
      'invalid-option',
      `${where}: delimiter must be one character other than a quote or line break${writing ? ', a digit, a sign, a dot or e' : ''}; got ${JSON.stringify(value)}`,
      { option: 'delimiter' },
    );
  }
}

function common(o: Record<string, unknown>, where: string, writing: boolean): void {
  if (o.mapping !== undefined) stringRecord(o.mapping, 'mapping', where);
  if (o.delimiter !== undefined) delimiterOption(o.delimiter, where, writing);
  if (o.decimal !== undefined) oneOf(o.decimal, ['.', ','], 'decimal', where);
  if (o.spreadsheetSafe !== undefined) oneOf(o.spreadsheetSafe, [true, false], 'spreadsheetSafe', where);
  if (o.decimal === ',' && o.delimiter === ',') {
    throw new SpecError(
      'invalid-option',
      `${where}: decimal ',' needs another delimiter, such as delimiter: ';'`,
      {
        option: 'delimiter',
      },
    );
  }
}

/** Check the options of readTable / readTableChunks once (unknown keys and bad values are SpecErrors). @internal */
export function checkReadOptions(
  options: (ReadTableChunksOptions & ReadTableTextOption) | undefined,
  where: 'readTable' | 'readTableChunks',
): ReadTableChunksOptions & ReadTableTextOption {
  const o = checkOptions(
    options,
    where === 'readTable' ? [...READ_KEYS, 'text'] : [...READ_KEYS, 'chunkRows'],
    where,
  );
  const r = o as Record<string, unknown>;
  if (r.text !== undefined) oneOf(r.text, ['string', 'factor'], 'text', where);
  if (r.columns !== undefined) stringList(r.columns, 'columns', where);
  if (r.na !== undefined) stringList(r.na, 'na', where);
  if (r.types !== undefined) stringRecord(r.types, 'types', where, ['number', 'boolean', 'string']);
  common(r, where, false);
  return o;
}

/** Check the options of writeTable once. @internal */
export function checkWriteOptions(options: WriteTableOptions | undefined): WriteTableOptions {
  const o = checkOptions(options, WRITE_KEYS, 'writeTable');
  common(o as Record<string, unknown>, 'writeTable', true);
  return o;
}
