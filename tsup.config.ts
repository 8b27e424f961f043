import { defineConfig } from 'tsup';

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
];

export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      ...Object.fromEntries(capabilities.map((c) => [`${c}/index`, `src/${c}/index.ts`])),
      // The synth placebo worker is loaded by URL next to the code that starts it, which is either
      // a shared chunk at the root of dist or the synth entry: ship it in both places.
      'fit-worker': 'src/synth/fit-worker.ts',
      'synth/fit-worker': 'src/synth/fit-worker.ts',
    },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    splitting: true,
    treeshake: true,
    target: 'node20',
  },
  {
    entry: { 'cli/main': 'src/cli/main.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
]);
