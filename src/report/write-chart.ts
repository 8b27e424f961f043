import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SpecError } from '../errors.js';
import { checkChartSpec } from './check-spec.js';
import { pngOf, type RenderPngOptions, resolveRenderPngOptions } from './render-png.js';
import { svgOf } from './render-svg.js';
import type { VegaLiteSpec } from './types.js';

/**
 * Write a chart to a file, in the format its extension names: `.png` (via {@link renderPng}), `.svg`
 * (via {@link renderSvg}) or `.json` (the Vega-Lite spec itself, to open in the Vega editor or a notebook).
 * Missing directories are created.
 *
 * @throws {SpecError} `unknown-format` for another extension, `invalid-chart` for a spec that is not a chart,
 *   `invalid-option` / `unknown-option` for a path that is not a file name or a bad option
 * @example
 * ```ts
 * import { synthPlot, writeChart } from 'verdeelmodel/report';
 * import type { SyntheticControlResult } from 'verdeelmodel/synth';
 * declare const result: SyntheticControlResult; // syntheticControl(...)
 * await writeChart('out/synth.png', synthPlot(result));
 * await writeChart('out/synth.vl.json', synthPlot(result));
 * ```
 */
export async function writeChart(
  path: string,
  spec: VegaLiteSpec,
  options: RenderPngOptions = {},
): Promise<void> {
  const where = 'writeChart';
  if (typeof path !== 'string' || path.length === 0) {
    throw new SpecError(
      'invalid-option',
      `${where}: path must be a file name ending in .png, .svg or .json`,
      {
        option: 'path',
      },
    );
  }
  const o = resolveRenderPngOptions(options, where);
  let bytes: string | Uint8Array;
  if (/\.png$/i.test(path)) bytes = await pngOf(spec, o, where);
  else if (/\.svg$/i.test(path)) bytes = await svgOf(spec, o.strict, where);
  else if (/\.json$/i.test(path)) bytes = `${JSON.stringify(checkChartSpec(spec, where), null, 2)}\n`;
  else {
    throw new SpecError(
      'unknown-format',
      `${where}: cannot tell the chart format of '${path}'; use a .png, .svg or .json file name`,
    );
  }
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, bytes);
}
