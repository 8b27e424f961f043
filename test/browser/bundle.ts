/**
 * Bundles a test page's script for the browser from source, as a consumer's bundler would bundle
 * the package: esbuild, `platform: 'browser'`, the browser platform module chosen by the same
 * plugin the build uses. Any Node built-in left in the graph fails the bundle.
 */
import { build } from 'esbuild';
import { platformPlugin } from '../../scripts/platform-plugin.js';

export interface Bundle {
  readonly code: string;
  /** Every source file in the bundle, relative to the repository. */
  readonly inputs: readonly string[];
}

export async function bundleForBrowser(entry: string): Promise<Bundle> {
  const r = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [platformPlugin('browser')],
  });
  return { code: r.outputFiles[0]!.text, inputs: Object.keys(r.metafile.inputs) };
}

/** Text safe inside an inline `<script>` element (no `</script>` or `<!--` can end it early). */
export function inlineScript(text: string): string {
  return text.replace(/<(\/script|!--)/gi, '\\x3C$1');
}
