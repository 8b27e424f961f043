/**
 * A consumer's install, as a user gets it: build, `npm pack`, `npm install <tarball>` into a fresh
 * project (from the npm cache where it can), and the size of that project's node_modules.
 * Used by test/package/pack.test.ts and bench/install-size.ts.
 */
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '../..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

export function run(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 300_000,
  });
}

export interface Packed {
  readonly tarball: string;
  readonly files: readonly { readonly path: string; readonly size: number }[];
  readonly size: number;
  readonly unpackedSize: number;
}

/** Build with tsup and pack the tarball into `dir`. */
export function buildAndPack(dir: string): Packed {
  run(process.execPath, [resolve(root, 'node_modules/tsup/dist/cli-default.js')], root);
  const out = JSON.parse(
    run(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], root),
  )[0] as {
    filename: string;
    files: { path: string; size: number }[];
    size: number;
    unpackedSize: number;
  };
  return {
    tarball: join(dir, out.filename),
    files: out.files,
    size: out.size,
    unpackedSize: out.unpackedSize,
  };
}

/** A fresh project in `dir` with the tarball (and `extra` packages) installed; optional peers are not installed. */
export function installConsumer(dir: string, tarball: string, extra: readonly string[] = []): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, version: '1.0.0' }),
  );
  run(
    npm,
    ['install', tarball, ...extra, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'],
    dir,
  );
  return dir;
}

/** Bytes on disk (512-byte blocks, as `du` counts them) and apparent bytes under `path`, symlinks not followed. */
export function diskUsage(path: string): { disk: number; apparent: number } {
  const st = lstatSync(path);
  let disk = st.blocks * 512;
  let apparent = st.size;
  if (st.isDirectory()) {
    for (const name of readdirSync(path)) {
      const sub = diskUsage(join(path, name));
      disk += sub.disk;
      apparent += sub.apparent;
    }
  }
  return { disk, apparent };
}

/** The top-level packages of a node_modules folder (scoped ones as `@scope/name`). */
export function topPackages(nodeModules: string): string[] {
  const names: string[] = [];
  for (const name of readdirSync(nodeModules)) {
    if (name.startsWith('.')) continue;
    if (name.startsWith('@'))
      for (const sub of readdirSync(join(nodeModules, name))) names.push(`${name}/${sub}`);
    else names.push(name);
  }
  return names.sort();
}

/** Link the optional peers from this repository's node_modules into a consumer (as if installed; no network). */
export function linkPeers(project: string, names: readonly string[]): void {
  for (const name of names) {
    const target = join(project, 'node_modules', name);
    mkdirSync(dirname(target), { recursive: true });
    symlinkSync(join(root, 'node_modules', name), target, 'dir');
  }
}
