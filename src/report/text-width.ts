// Advance widths (in em) of DejaVu Sans, the font PNGs are most often drawn in on Linux. Vega's own
// estimate without a canvas (0.8 em per character) is far too wide and leaves charts with empty margins.
const NARROW = new Set([...`ijl.,:;'!|`]);
const WIDTHS: Readonly<Record<string, number>> = {
  f: 0.352,
  r: 0.411,
  t: 0.392,
  m: 0.974,
  w: 0.818,
  c: 0.55,
  s: 0.521,
  z: 0.525,
  k: 0.579,
  v: 0.592,
  x: 0.592,
  y: 0.592,
  I: 0.295,
  J: 0.295,
  M: 0.863,
  W: 0.989,
  ' ': 0.318,
  '(': 0.39,
  ')': 0.39,
  '-': 0.361,
  '−': 0.838,
  '%': 0.95,
  '/': 0.337,
  '…': 1,
};

function charWidth(ch: string): number {
  // Own entries only: a character is never looked up on Object.prototype.
  const w = Object.hasOwn(WIDTHS, ch) ? WIDTHS[ch] : undefined;
  if (w !== undefined) return w;
  if (NARROW.has(ch)) return 0.29;
  if (ch >= '0' && ch <= '9') return 0.636;
  if (ch >= 'a' && ch <= 'z') return 0.625;
  if (ch >= 'A' && ch <= 'Z') return 0.7;
  return 0.65;
}

/** Width in pixels of `text` at `fontSize` (bold about 10 % wider). @internal */
export function estimateTextWidth(text: string, fontSize: number, bold: boolean): number {
  let em = 0;
  for (const ch of text) em += charWidth(ch);
  return em * fontSize * (bold ? 1.1 : 1);
}

interface TextItem {
  readonly text?: unknown;
  readonly fontSize?: number;
  readonly fontWeight?: string | number;
  readonly limit?: number;
}

/** A `textMetrics.width` replacement for Vega's scenegraph. @internal */
export function vegaTextWidth(item: TextItem, line?: unknown): number {
  const text = line == null ? '' : String(line).trim();
  const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
  const w = item.fontWeight;
  const bold = w === 'bold' || w === 'bolder' || (typeof w === 'number' && w >= 600);
  return estimateTextWidth(text, size, bold);
}

// Renders overlap (toSVG is asynchronous), so the swap is counted: the first render in installs the
// estimate, the last one out restores what Vega had. The only module state in the library, kept here.
let borrowers = 0;
let saved: unknown;

/** Install {@link vegaTextWidth} in Vega's `textMetrics` until the returned function is called. @internal */
export function borrowTextMetrics(metrics: { width: unknown }): () => void {
  if (borrowers++ === 0) {
    saved = metrics.width;
    metrics.width = vegaTextWidth;
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--borrowers === 0) metrics.width = saved;
  };
}
