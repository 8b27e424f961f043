import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { SpecError } from '../../src/errors.js';
import { isModuleNotFound, loadOptional, OPTIONAL_PACKAGES } from '../../src/internal/optional.js';

const require = createRequire(import.meta.url);
// A specifier that no registry package has, so the import fails the way a missing peer does.
const absent = 'verdeelmodel-test-absent-package';

describe('optional peer packages', () => {
  it('are the optional peerDependencies of package.json, and none is a dependency', () => {
    const meta = (pkg as { peerDependenciesMeta: Record<string, { optional: boolean }> })
      .peerDependenciesMeta;
    expect(Object.keys(pkg.peerDependencies).sort()).toEqual([...OPTIONAL_PACKAGES].sort());
    for (const name of OPTIONAL_PACKAGES) {
      expect(meta[name]?.optional).toBe(true);
      expect(Object.hasOwn(pkg.dependencies, name)).toBe(false);
    }
  });

  it('a missing one (ESM import) becomes a SpecError naming the package and the install command', async () => {
    const e = await loadOptional('vega-lite', 'renderSvg', () => import(absent)).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SpecError);
    expect((e as SpecError).code).toBe('missing-dependency');
    expect((e as SpecError).message).toBe(
      'renderSvg needs the optional package vega-lite, which is not installed: npm install vega-lite',
    );
    expect(isModuleNotFound((e as SpecError).cause)).toBe(true);
  });

  it('a missing one (CommonJS require) too', async () => {
    const e = await loadOptional('apache-arrow', 'readTable (Arrow)', async () => require(absent)).catch(
      (x: unknown) => x,
    );
    expect((e as SpecError).code).toBe('missing-dependency');
    expect((e as SpecError).message).toMatch(
      /readTable \(Arrow\) needs the optional package apache-arrow.*npm install apache-arrow$/,
    );
  });

  it('other failures while loading are not disguised as a missing package', async () => {
    const broken = new TypeError('native binding failed to initialise');
    await expect(loadOptional('@resvg/resvg-js', 'renderPng', () => Promise.reject(broken))).rejects.toBe(
      broken,
    );
  });

  it('an installed one loads', async () => {
    const vega = await loadOptional('vega', 'renderSvg', () => import('vega'));
    expect(typeof vega.View).toBe('function');
  });
});
