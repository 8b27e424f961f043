/**
 * The platform module: the one door through which the capability code reaches what only Node has
 * (worker threads, CPU count, diagnostics channels, files, DuckDB). Everything else in `src` is
 * plain ECMAScript and runs in a browser page too.
 *
 * From source (tests, tsx scripts) this file is the Node implementation. The build does not bundle
 * it: tsup rewrites every import of it to the package-private specifier `#platform`, which
 * package.json `imports` resolves per environment, so one `dist` serves both:
 * - `node` → `dist/internal/platform-node.js` (`.cjs` under `require`);
 * - `browser` and any other runtime → `dist/internal/platform-browser.js`, which has no Node
 *   built-in: one thread, no file paths, no DuckDB, each with a typed error or a one-thread
 *   fallback where the Node module would start a worker.
 * Browser bundlers (esbuild, Vite, webpack, Rollup) pick the `browser` condition by default.
 * @internal
 */
export * from './platform-node.js';
