import { SpecError } from '../errors.js';
import { loadOptional } from '../internal/optional.js';
import { checkOptions, oneOf } from '../internal/options.js';
import { checkChartSpec } from './check-spec.js';
import { borrowTextMetrics } from './text-width.js';
import type { VegaLiteSpec } from './types.js';

/** Options of {@link renderSvg}. */
export interface RenderSvgOptions {
  /**
   * Throw when Vega-Lite warns about the spec (an unknown channel, a field type that does not fit...), instead
   * of rendering what it can. The library's own charts compile without warnings.
   * @default false
   */
  readonly strict?: boolean;
}

function collectingLogger(warnings: string[]) {
  let level = 2;
  const logger = {
    level(l?: number) {
      if (l === undefined) return level;
      level = l;
      return logger;
    },
    error(...args: unknown[]) {
      throw new SpecError('invalid-chart', `invalid chart: ${args.map(String).join(' ')}`);
    },
    warn(...args: unknown[]) {
      warnings.push(args.map(String).join(' '));
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  };
  return logger;
}

/**
 * Compile a Vega-Lite spec to a Vega spec, collecting warnings. @internal
 */
export async function compileChart(
  spec: VegaLiteSpec,
  where = 'renderSvg',
): Promise<{ readonly vega: Record<string, unknown>; readonly warnings: readonly string[] }> {
  checkChartSpec(spec, where);
  const { compile } = await loadOptional('vega-lite', where, () => import('vega-lite'));
  const warnings: string[] = [];
  let vega: Record<string, unknown>;
  try {
    // A copy: Vega tags the data rows it ingests, and the caller's spec must stay as it was.
    vega = compile(structuredClone(spec) as never, { logger: collectingLogger(warnings) as never })
      .spec as Record<string, unknown>;
  } catch (e) {
    if (e instanceof SpecError) throw e;
    throw new SpecError('invalid-chart', `invalid chart: ${(e as Error).message}`);
  }
  return { vega, warnings };
}

/**
 * Render a Vega-Lite spec (from {@link synthPlot}, {@link coefficientPlot}... or your own) to an SVG string in
 * Node, without a browser: Vega-Lite compiles it, a headless Vega view draws it. Text is set in the generic
 * `sans-serif` family, which every SVG viewer resolves; widths of labels are estimated, so no canvas is
 * needed.
 *
 * @throws {SpecError} `invalid-chart` for a spec that is not a chart (an unknown mark or field type is named
 *   with the allowed ones), that Vega-Lite rejects, or that it warns about with `strict`; `unknown-option` /
 *   `invalid-option` for a bad option
 * @example
 * ```ts
 * import { ols } from 'verdeelmodel/glm';
 * import { coefficientPlot, renderSvg } from 'verdeelmodel/report';
 * const fit = ols({ y: [1, 3, 2, 5, 4, 6], x: [1, 2, 3, 4, 5, 6], z: [0, 1, 0, 1, 1, 0] }, { y: 'y', x: ['x', 'z'] });
 * const svg = await renderSvg(coefficientPlot(fit.tidy()));
 * svg.startsWith('<svg'); // => true
 * ```
 */
export async function renderSvg(spec: VegaLiteSpec, options: RenderSvgOptions = {}): Promise<string> {
  const { strict } = resolveRenderSvgOptions(options, 'renderSvg');
  return svgOf(spec, strict, 'renderSvg');
}

/** The checked options of {@link renderSvg}. @internal */
export function resolveRenderSvgOptions(
  options: RenderSvgOptions | undefined,
  where: string,
): { strict: boolean } {
  const o = checkOptions(options, ['strict'], where);
  return { strict: o.strict === undefined ? false : oneOf(o.strict, [true, false], 'strict', where) };
}

/** {@link renderSvg} with checked options; `where` names the public function in messages. @internal */
export async function svgOf(spec: VegaLiteSpec, strict: boolean, where: string): Promise<string> {
  const { vega: compiled, warnings } = await compileChart(spec, where);
  if (strict && warnings.length > 0) {
    throw new SpecError('invalid-chart', `chart spec has warnings: ${warnings.join('; ')}`);
  }
  const vega = await loadOptional('vega', where, () => import('vega'));
  // Vega measures text with a canvas when one is installed and otherwise guesses 0.8 em per character;
  // use per-character widths instead (as vl-convert does) while any render runs, then put Vega's own back.
  const metrics = (vega as unknown as { textMetrics?: { width: unknown } }).textMetrics;
  const release = metrics ? borrowTextMetrics(metrics) : () => {};
  let view: InstanceType<typeof vega.View> | undefined;
  // Vega logs an error in its dataflow and still returns an SVG (without the part that failed): collect the
  // errors and throw, so that a chart is drawn whole or not at all.
  const errors: string[] = [];
  const logger = drawLogger(errors);
  let svg: string;
  try {
    view = new vega.View(vega.parse(guardPlainNames(compiled) as never), {
      renderer: 'none',
      logger: logger as never,
    });
    svg = await view.toSVG();
  } catch (e) {
    throw new SpecError('invalid-chart', `${where}: chart could not be drawn: ${(e as Error).message}`);
  } finally {
    release();
    view?.finalize();
  }
  if (errors.length > 0) {
    throw new SpecError('invalid-chart', `${where}: chart could not be drawn: ${errors.join('; ')}`);
  }
  return svg;
}

/** A Vega logger that keeps errors (warnings and info are dropped). */
function drawLogger(errors: string[]) {
  let level = 1;
  const logger = {
    level(l?: number) {
      if (l === undefined) return level;
      level = l;
      return logger;
    },
    error(...args: unknown[]) {
      errors.push(args.map((a) => (a instanceof Error ? a.message : String(a))).join(' '));
      return logger;
    },
    warn() {
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  };
  return logger;
}

/** An empty plain object: its inherited names (`constructor`, `toString`, `__proto__`...) are the ones to guard. */
const PLAIN: Record<string, unknown> = {};
const ZERO_WIDTH_SPACE = '\u200b';

/**
 * Vega's parser looks some strings of a spec up in plain objects (signals, operators), so a title, axis
 * title or text that is exactly `constructor` or `toString` breaks the drawing ("Operator not defined").
 * Such a string outside the data gets a zero-width space appended: it is drawn the same, and the data
 * (tooltips, the spec the user holds) are unchanged. Only the compiled copy is changed. @internal
 */
export function guardPlainNames(node: unknown, inData = false): unknown {
  // Data are returned as they are (not copied: a chart may hold many rows).
  if (inData) return node;
  if (typeof node === 'string') return node in PLAIN ? node + ZERO_WIDTH_SPACE : node;
  if (Array.isArray(node)) return node.map((v) => guardPlainNames(v));
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(node)) {
    const v = (node as Record<string, unknown>)[key];
    // Data rows and scale domains are left alone (they must match the data exactly, and are looked up
    // safely), and so are field names and expressions (code, not text).
    const keep =
      inData || key === 'values' || key === 'domain' || key === 'field' || key === 'signal' || key === 'expr';
    Object.defineProperty(out, key, {
      value: guardPlainNames(v, keep),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}
