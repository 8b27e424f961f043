// Terminal column widths of text, so that 'ë', '€' and 'R²' take one column, combining accents none and
// CJK or emoji two: String.length counts UTF-16 code units, which misaligns decomposed accents and
// astral characters.

const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}]$/u;
const WIDE =
  /^[\p{Emoji_Presentation}\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]$/u;

/**
 * The number of terminal columns a text takes: combining marks and format characters count 0, East Asian
 * wide characters and emoji 2, everything else 1.
 *
 * @example
 * ```ts
 * import { displayWidth } from 'verdeelmodel/format';
 * displayWidth('€ 1.234,50'); // => 10
 * displayWidth('e\u0308'); // => 1 (e + combining diaeresis: 'ë')
 * ```
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    // Printable ASCII is the common case: skip the regular expressions.
    if (code >= 0x20 && code < 0x7f) width += 1;
    else if (ZERO_WIDTH.test(ch)) continue;
    else width += WIDE.test(ch) ? 2 : 1;
  }
  return width;
}

/** Pad to a display width: spaces after (`left`) or before (`right`) the text. @internal */
export function padTo(text: string, width: number, align: 'left' | 'right'): string {
  const fill = width - displayWidth(text);
  if (fill <= 0) return text;
  return align === 'left' ? text + ' '.repeat(fill) : ' '.repeat(fill) + text;
}
