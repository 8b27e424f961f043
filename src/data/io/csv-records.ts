import { DataError } from '../../errors.js';

const QUOTE = 34;
const CR = 13;
const LF = 10;

/** A record: its cells, `null` for an unquoted cell listed in `na` (a quoted cell is always its text). @internal */
export type CsvRecord = (string | null)[];

/**
 * The records of one piece of input, and where quoted cells were: pairs (index in `records`, cell index) in
 * file order, for data records only (the header's quotes say nothing about types). @internal
 */
export interface CsvBatch {
  readonly records: CsvRecord[];
  readonly quoted: number[];
}

/**
 * Split a stream of CSV text into records (RFC 4180: `"` quotes, `""` inside quotes is one quote, CRLF or LF
 * line ends; a file of CR-only line ends is read too). Unlike a plain splitter it keeps what the reader needs
 * to give every cell back as written: an unquoted cell that is in `na` (the empty cell by default) becomes
 * `null`, while a quoted one (`""`, `"NA"`) stays text. The header (the first record) is never mapped to
 * `null`. Blank lines are skipped, except in a one-column file, where a blank line is a missing cell. A
 * leading byte-order mark is dropped. Yields the records of each piece of input as one batch, with the
 * positions of its quoted cells (type inference reads a quoted cell as text).
 * @internal
 */
export async function* csvRecords(
  input: AsyncIterable<string>,
  delimiter: string,
  na: ReadonlySet<string>,
  path: string,
): AsyncGenerator<CsvBatch> {
  const delim = delimiter.charCodeAt(0);
  let buf = '';
  let first = true;
  let header = true;
  let width = -1;
  let records = 0; // data records so far, for messages
  let newline = LF;

  // Parse complete records from buf; returns the index where the unparsed rest starts.
  const parse = (eof: boolean, out: CsvRecord[], quoted: number[]): number => {
    const end = buf.length;
    let i = 0;
    let nextDelim = -2; // cached positions: -2 = not looked up yet, end = none
    let nextNl = -2;
    while (i < end) {
      const start = i;
      const record: CsvRecord = [];
      let blank = false; // the line is empty (no cell text, no quotes)
      for (;;) {
        if (buf.charCodeAt(i) === QUOTE) {
          // Quoted cell: up to the closing quote, `""` being one quote (cut out once, then unescaped).
          let j = i + 1;
          let escaped = false;
          let text: string;
          for (;;) {
            const k = buf.indexOf('"', j);
            if (k < 0) {
              if (!eof) return start;
              throw new DataError(
                'invalid-value',
                `${path}: a quoted cell in data row ${records + 1} is never closed (missing closing quote)`,
                { row: records + 1 },
              );
            }
            if (k + 1 >= end && !eof) return start;
            if (buf.charCodeAt(k + 1) === QUOTE) {
              escaped = true;
              j = k + 2;
              continue;
            }
            const raw = buf.slice(i + 1, k);
            text = escaped ? raw.replaceAll('""', '"') : raw;
            i = k + 1;
            break;
          }
          if (!header) quoted.push(out.length, record.length);
          record.push(text);
          if (i >= end) {
            if (!eof) return start;
            break;
          }
          const c = buf.charCodeAt(i);
          if (c === delim) {
            i++;
            continue;
          }
          if (c === newline) {
            i++;
            break;
          }
          if (c === CR && newline === LF) {
            if (i + 1 >= end && !eof) return start;
            if (i + 1 >= end || buf.charCodeAt(i + 1) === LF) {
              i += 2;
              break;
            }
          }
          throw new DataError(
            'invalid-value',
            `${path}: data row ${records + 1} has text after the closing quote of a cell; quote the whole cell`,
            { row: records + 1 },
          );
        }
        // Unquoted cell: up to the next delimiter or line end.
        if (nextDelim < i && nextDelim !== end) {
          nextDelim = buf.indexOf(delimiter, i);
          if (nextDelim < 0) nextDelim = end;
        }
        if (nextNl < i && nextNl !== end) {
          nextNl = newline === LF ? buf.indexOf('\n', i) : buf.indexOf('\r', i);
          if (nextNl < 0) nextNl = end;
        }
        if (nextDelim < nextNl) {
          const cell = buf.slice(i, nextDelim);
          record.push(header || !na.has(cell) ? cell : null);
          i = nextDelim + 1;
          continue;
        }
        if (nextNl === end && !eof) return start;
        let stop = nextNl;
        if (newline === LF && stop > i && buf.charCodeAt(stop - 1) === CR) stop--;
        const cell = buf.slice(i, stop);
        record.push(header || !na.has(cell) ? cell : null);
        blank = stop === start;
        i = nextNl + 1;
        break;
      }
      if (blank && (header || width !== 1)) continue;
      if (header) {
        header = false;
        width = record.length;
      } else records++;
      out.push(record);
    }
    return i;
  };

  // After a block without one complete record (a huge quoted cell), wait until the buffer has doubled
  // before parsing again, so that such a cell is scanned O(1) times per byte, not once per block.
  let waitFor = 0;
  for await (const piece of input) {
    if (first) {
      first = false;
      buf = piece.charCodeAt(0) === 0xfeff ? piece.slice(1) : piece;
      // A file whose first piece has CRs but no LF uses CR line ends (old Mac spreadsheets).
      if (buf.indexOf('\n') < 0 && buf.indexOf('\r') >= 0) newline = CR;
    } else buf += piece;
    if (buf.length < waitFor) continue;
    const out: CsvRecord[] = [];
    const quoted: number[] = [];
    const rest = parse(false, out, quoted);
    // The quoted cells of an unfinished record (parsed again with the next piece) are not this batch's.
    while (quoted.length > 0 && quoted[quoted.length - 2]! >= out.length) quoted.length -= 2;
    buf = buf.slice(rest);
    waitFor = out.length === 0 ? 2 * buf.length : 0;
    if (out.length > 0) yield { records: out, quoted };
  }
  if (buf.length > 0) {
    const out: CsvRecord[] = [];
    const quoted: number[] = [];
    parse(true, out, quoted);
    buf = '';
    if (out.length > 0) yield { records: out, quoted };
  }
}
