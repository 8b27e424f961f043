import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SpecError } from '../errors.js';
import { type RenderPngOptions, renderPng } from './render-png.js';
import { renderSvg } from './render-svg.js';
import type { VegaLiteSpec } from './types.js';

/**
 * Write a chart to a file, in the format its extension names: `.png` (via {@link renderPng}), `.svg`
 * (via {@link renderSvg}) or `.json` (the Vega-Lite spec itself, to open in the Vega editor or a notebook).
 * Missing directories are created.
 *
 * @throws {SpecError} for another extension or an invalid spec
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
  let bytes: string | Uint8Array;
  if (/\.png$/i.test(path)) bytes = await renderPng(spec, options);
  else if (/\.svg$/i.test(path)) bytes = await renderSvg(spec, { strict: options.strict ?? false });
  else if (/\.json$/i.test(path)) bytes = `${JSON.stringify(spec, null, 2)}\n`;
  else {
    throw new SpecError(
      'unknown-format',
      `cannot tell the chart format of '${path}'; use a .png, .svg or .json file name`,
    );
  }
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, bytes);
}
