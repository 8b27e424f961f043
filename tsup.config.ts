import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'tsup';
import { platformPlugin } from './scripts/platform-plugin.js';

/**
 * esbuild leaves an empty shared chunk (only `'use strict';` in CommonJS) for modules that hold only
 * types; entries import it for its (absent) side effects. Delete those chunks and the lines that import them.
 */
function dropEmptyChunks(dir = 'dist'): void {
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.c?js$/.test(f));
  const empty = files.filter((f) => {
    const text = readFileSync(join(dir, f), 'utf8').replace(/['"]use strict['"];?/, '');
    return /^chunk-[^/]+\.c?js$/.test(f) && text.trim() === '';
  });
  if (empty.length === 0) return;
  const names = empty.map((f) => f.replace(/[.]/g, '\\.')).join('|');
  const importLine = new RegExp(
    `^(?:import ['"][./]+(?:${names})['"];|require\\(['"][./]+(?:${names})['"]\\);)\\n`,
    'gm',
  );
  for (const f of files) {
    const path = join(dir, f);
    const text = readFileSync(path, 'utf8');
    const kept = text.replace(importLine, '');
    if (kept !== text) writeFileSync(path, kept);
  }
  for (const f of empty) rmSync(join(dir, f));
}

const capabilities = [
  'glm',
  'data',
  'volume',
  'price',
  'allocation',
  'synth',
  'outliers',
  'generate',
  'report',
  'format',
  'pipeline',
  'inference',
  'lks',
  'development',
];

export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      ...Object.fromEntries(capabilities.map((c) => [`${c}/index`, `src/${c}/index.ts`])),
      // The one worker module (GLM passes, synth placebos), started by file next to the code that
      // starts it: src/workers/pool.ts looks in its own folder and the parent, so dist/worker.js
      // (.cjs) serves the root chunks and the capability entries alike.
      worker: 'src/workers/worker.ts',
      // The platform module, one file per environment: the capability code imports it as
      // `#platform` (see scripts/platform-plugin.ts), which package.json `imports` resolves.
      'internal/platform-node': 'src/internal/platform-node.ts',
      'internal/platform-browser': 'src/internal/platform-browser.ts',
    },
    esbuildPlugins: [platformPlugin('external')],
    format: ['esm', 'cjs'],
    dts: true,
    // No source maps in the package: they were two thirds of the tarball and pointed at src/, which is not shipped.
    sourcemap: false,
    clean: true,
    splitting: true,
    treeshake: true,
    target: 'node20',
    // import.meta.url in the CommonJS build (the worker module is found from it).
    shims: true,
    onSuccess: async () => dropEmptyChunks(),
  },
  {
    entry: { 'cli/main': 'src/cli/main.ts' },
    format: ['esm'],
    sourcemap: false,
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
]);
