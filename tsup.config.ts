import { defineConfig } from 'tsup';
import { platformPlugin } from './scripts/platform-plugin.js';

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
    sourcemap: true,
    clean: true,
    splitting: true,
    treeshake: true,
    target: 'node20',
    // import.meta.url in the CommonJS build (the worker module is found from it).
    shims: true,
  },
  {
    entry: { 'cli/main': 'src/cli/main.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
]);
