import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** A font family and a file that holds it. */
export interface SystemFont {
  readonly family: string;
  readonly file: string | null;
}

// Common sans-serif fonts by platform (Debian/Ubuntu, Fedora, Arch, macOS, Windows).
const CANDIDATES: readonly (readonly [string, readonly string[]])[] = [
  [
    'DejaVu Sans',
    [
      '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
      '/usr/share/fonts/dejavu/DejaVuSans.ttf',
      '/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf',
      '/usr/share/fonts/TTF/DejaVuSans.ttf',
    ],
  ],
  [
    'Liberation Sans',
    [
      '/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf',
      '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
      '/usr/share/fonts/liberation-sans/LiberationSans-Regular.ttf',
      '/usr/share/fonts/liberation-sans-fonts/LiberationSans-Regular.ttf',
    ],
  ],
  [
    'Noto Sans',
    ['/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf', '/usr/share/fonts/noto/NotoSans-Regular.ttf'],
  ],
  [
    'Arial',
    [
      '/System/Library/Fonts/Supplemental/Arial.ttf',
      '/Library/Fonts/Arial.ttf',
      'C:\\Windows\\Fonts\\arial.ttf',
      '/usr/share/fonts/truetype/msttcorefonts/Arial.ttf',
    ],
  ],
  ['Helvetica', ['/System/Library/Fonts/Helvetica.ttc']],
];

/**
 * A sans-serif font installed on this machine, for rendering chart text to PNG: the first of DejaVu Sans,
 * Liberation Sans, Noto Sans, Arial and Helvetica found in the usual places, else what fontconfig's
 * `fc-match sans-serif` names, else null (then PNGs are drawn without text).
 *
 * @example
 * ```ts
 * import { findSystemFont } from 'verdeelmodel/report';
 * findSystemFont(); // => { family: 'DejaVu Sans', file: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf' }
 * ```
 */
export function findSystemFont(): SystemFont | null {
  for (const [family, files] of CANDIDATES) {
    const file = files.find((f) => existsSync(f));
    if (file) return { family, file };
  }
  try {
    const out = execFileSync('fc-match', ['-f', '%{family[0]}\n%{file}', 'sans-serif'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5000,
    });
    const [family, file] = out.split('\n');
    if (family && file && existsSync(file)) return { family, file };
  } catch {
    // No fontconfig: fall through.
  }
  return null;
}
