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
];

export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      ...Object.fromEntries(capabilities.map((c) => [`${c}/index`, `src/${c}/index.ts`])),
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
