import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CoefficientRow, PlaceboSeries, SynthPlotInput } from '../../src/report/index.js';

function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(resolve(import.meta.dirname, 'fixtures', name), 'utf8')) as T;
}

export const prop99 = fixture<SynthPlotInput & { gap: number[] }>('prop99-synth.json');
export const placebos = fixture<PlaceboSeries[]>('prop99-placebos.json');
export const mrozTidy = fixture<CoefficientRow[]>('mroz-logit-tidy.json');

/** Deterministic municipality rows for the allocation charts (a small LCG, no Math.random). */
export function municipalities(
  n = 120,
): { municipality: string; sizeClass: string; change: number; predicted: number; actual: number }[] {
  let s = 12345;
  const u = () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
  const classes = ['<15k', '15k-40k', '40k-100k', '100k-250k', '>=250k (G4)'];
  return Array.from({ length: n }, (_, i) => {
    const k = i < 4 ? 4 : Math.min(3, Math.floor(u() ** 1.5 * 4));
    const predicted = 10 ** (6 + k * 0.6 + u() * 0.5);
    return {
      municipality: `GM${String(i + 1).padStart(4, '0')}`,
      sizeClass: classes[k]!,
      change: (u() - 0.5) * 0.1,
      predicted,
      actual: predicted * (0.85 + 0.3 * u()),
    };
  });
}

/** Width and height of a PNG from its IHDR chunk. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Width and height of an SVG from its root element. */
export function svgSize(svg: string): { width: number; height: number } {
  const m = /<svg[^>]*width="([\d.]+)"[^>]*height="([\d.]+)"/.exec(svg);
  if (!m) throw new Error('no svg size');
  return { width: Number(m[1]), height: Number(m[2]) };
}
