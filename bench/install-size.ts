/**
 * Consumer install size: build, `npm pack`, install the tarball into a fresh project (from the npm
 * cache where it can) and measure its node_modules with and without the optional peers. The core
 * (GLM, allocation, synth, outliers, CSV) installs no optional peer; charts, Parquet and Arrow add them.
 *
 *   npx tsx bench/install-size.ts [--json out.json]
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { OPTIONAL_PACKAGES } from '../src/internal/optional.js';
import { buildAndPack, diskUsage, installConsumer, root, topPackages } from '../test/package/consumer.js';

const jsonAt = process.argv.indexOf('--json');
const jsonPath = jsonAt > 0 ? process.argv[jsonAt + 1] : undefined;
const mb = (bytes: number) => (bytes / 1e6).toFixed(1);

/** name@version of a package as this repository has it installed, so npm takes it from its cache. */
function pinned(name: string): string {
  const { version } = JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8'));
  return `${name}@${version}`;
}

const dir = mkdtempSync(join(tmpdir(), 'verdeelmodel-size-'));
try {
  const packed = buildAndPack(dir);
  const peerSets: Record<string, readonly string[]> = {
    core: [],
    'core + charts (vega, vega-lite, @resvg/resvg-js)': ['vega', 'vega-lite', '@resvg/resvg-js'],
    'core + Parquet (hyparquet, -compressors, -writer)': [
      'hyparquet',
      'hyparquet-compressors',
      'hyparquet-writer',
    ],
    'core + Arrow (apache-arrow)': ['apache-arrow'],
    'core + all optional peers but the database clients': OPTIONAL_PACKAGES.filter(
      (n) => n !== '@duckdb/node-api' && n !== '@clickhouse/client',
    ),
  };
  const rows: { install: string; diskMB: number; apparentMB: number; packages: number }[] = [];
  let corePackages: { name: string; diskMB: number }[] = [];
  for (const [install, peers] of Object.entries(peerSets)) {
    const project = installConsumer(join(dir, `p${rows.length}`), packed.tarball, peers.map(pinned));
    const nm = join(project, 'node_modules');
    const size = diskUsage(nm);
    const packages = topPackages(nm);
    rows.push({
      install,
      diskMB: size.disk / 1e6,
      apparentMB: size.apparent / 1e6,
      packages: packages.length,
    });
    if (install === 'core')
      corePackages = packages.map((name) => ({ name, diskMB: diskUsage(join(nm, name)).disk / 1e6 }));
  }
  const [l1, l5, l15] = loadavg();
  console.log(
    `tarball ${mb(packed.size)} MB packed, ${mb(packed.unpackedSize)} MB unpacked, ${packed.files.length} files`,
  );
  console.log(
    `load average ${l1!.toFixed(2)} ${l5!.toFixed(2)} ${l15!.toFixed(2)} (sizes do not depend on load)\n`,
  );
  console.log('| install | node_modules on disk (MB) | apparent (MB) | top-level packages |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const r of rows)
    console.log(`| ${r.install} | ${r.diskMB.toFixed(1)} | ${r.apparentMB.toFixed(1)} | ${r.packages} |`);
  console.log('\ncore install, per package:');
  for (const p of corePackages.sort((a, b) => b.diskMB - a.diskMB))
    console.log(`  ${p.name.padEnd(24)} ${p.diskMB.toFixed(2)} MB`);
  if (jsonPath)
    writeFileSync(
      jsonPath,
      `${JSON.stringify({ tarball: { size: packed.size, unpackedSize: packed.unpackedSize, files: packed.files.length }, rows, corePackages }, null, 2)}\n`,
    );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
