import { SpecError } from '../errors.js';
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
  const { compile } = await import('vega-lite');
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
  const vega = await import('vega');
  // Vega measures text with a canvas when one is installed and otherwise guesses 0.8 em per character;
  // use per-character widths instead (as vl-convert does) while any render runs, then put Vega's own back.
  const metrics = (vega as unknown as { textMetrics?: { width: unknown } }).textMetrics;
  const release = metrics ? borrowTextMetrics(metrics) : () => {};
  let view: InstanceType<typeof vega.View> | undefined;
  try {
    view = new vega.View(vega.parse(compiled as never), { renderer: 'none', logLevel: vega.Error });
    return await view.toSVG();
  } catch (e) {
    throw new SpecError('invalid-chart', `chart could not be drawn: ${(e as Error).message}`);
  } finally {
    release();
    view?.finalize();
  }
}
