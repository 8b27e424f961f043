/**
 * The esbuild plugin that chooses the platform module (src/internal/platform.ts) at build time:
 * - `'external'` (tsup, the published build): every import of it becomes the package-private
 *   specifier `#platform`, left for the consumer's resolver; package.json `imports` maps it to
 *   `dist/internal/platform-node.*` under the `node` condition and to
 *   `dist/internal/platform-browser.*` otherwise (browser bundlers, other runtimes).
 * - `'browser'` (the browser test page, bundled from source): the browser implementation itself.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';

const internal = resolve(dirname(fileURLToPath(import.meta.url)), '../src/internal');
const platformFile = resolve(internal, 'platform.ts');

export function platformPlugin(mode: 'external' | 'browser'): Plugin {
  return {
    name: 'verdeelmodel-platform',
    setup(build) {
      build.onResolve({ filter: /(^|\/)platform\.js$/ }, (args) => {
        const target = resolve(args.resolveDir, args.path).replace(/\.js$/, '.ts');
        if (target !== platformFile) return undefined;
        if (mode === 'external') return { path: '#platform', external: true };
        return { path: resolve(internal, 'platform-browser.ts') };
      });
    },
  };
}
