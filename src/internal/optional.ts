/**
 * The optional peer packages (charts, Parquet, Arrow, arquero) are imported on first use, so a user
 * who only fits models installs and loads none of them. A missing one becomes a typed error that
 * names the package to install, not a bare "Cannot find module".
 */
import { SpecError } from '../errors.js';

/** The optional peer dependencies, as listed in package.json `peerDependenciesMeta`. */
export const OPTIONAL_PACKAGES = [
  '@clickhouse/client',
  '@duckdb/node-api',
  '@resvg/resvg-js',
  'apache-arrow',
  'arquero',
  'hyparquet',
  'hyparquet-compressors',
  'hyparquet-writer',
  'vega',
  'vega-lite',
] as const;
export type OptionalPackage = (typeof OPTIONAL_PACKAGES)[number];

const NOT_FOUND_CODES = new Set(['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND']);

/** Whether `e` says a module could not be found (Node ESM, CommonJS, or a bundler's wording). */
export function isModuleNotFound(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && NOT_FOUND_CODES.has(code)) return true;
  return /Cannot find (package|module)|Failed to (resolve|load) (module|url)/i.test(e.message);
}

/**
 * Import an optional package; when it is not installed, throw a `SpecError` with code
 * `'missing-dependency'` that says which function needed it and the command that installs it.
 * `load` is a function holding the literal `import('…')`, so bundlers and TypeScript see the specifier.
 */
export async function loadOptional<T>(
  pkg: OptionalPackage,
  where: string,
  load: () => Promise<T>,
): Promise<T> {
  try {
    return await load();
  } catch (e) {
    if (!isModuleNotFound(e)) throw e;
    throw new SpecError(
      'missing-dependency',
      `${where} needs the optional package ${pkg}, which is not installed: npm install ${pkg}`,
      { cause: e },
    );
  }
}
