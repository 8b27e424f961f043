import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logit } from '../../src/glm/index.js';
import { OPTIONAL_PACKAGES } from '../../src/internal/optional.js';
import { buildAndPack, diskUsage, installConsumer, linkPeers, type Packed, root, run } from './consumer.js';

// Builds with tsup, packs the tarball, installs it into a fresh project (from the npm cache where it can)
// and imports it the ways users do. About a minute; VERDEELMODEL_SKIP_PACK_TEST=1 skips it.
const SKIP = process.env.VERDEELMODEL_SKIP_PACK_TEST === '1';
if (SKIP) console.warn('skipping the packed-tarball test: VERDEELMODEL_SKIP_PACK_TEST=1');

/** The budget for a core install (GLM, allocation, synth, outliers): node_modules on disk. */
const CORE_BUDGET_BYTES = 15e6;

const data = { y: [0, 0, 1, 0, 1, 1, 0, 1, 1, 0], x: [1, 2, 2, 3, 3, 4, 4, 5, 6, 1.5] };
const spec = { y: 'y', x: ['x'] };

describe.skipIf(SKIP)('the packed tarball (npm pack → npm install → import/require)', () => {
  let dir = '';
  let project = '';
  let packed: Packed = { tarball: '', files: [], size: 0, unpackedSize: 0 };
  let coreSize = { disk: 0, apparent: 0 };
  const expected = logit(data, spec)
    .tidy()
    .map((r) => r.estimate);

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'verdeelmodel-pack-'));
    packed = buildAndPack(dir);
    project = installConsumer(join(dir, 'project'), packed.tarball);
    coreSize = diskUsage(join(project, 'node_modules'));
  }, 600_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('ships only dist, README, LICENSE, CHANGELOG and package.json', () => {
    const tops = new Set(packed.files.map((f) => f.path.split('/')[0]));
    expect([...tops].sort()).toEqual(['CHANGELOG.md', 'LICENSE', 'README.md', 'dist', 'package.json']);
  });

  it('ships no source maps and no empty chunks', () => {
    expect(packed.files.filter((f) => f.path.endsWith('.map')).map((f) => f.path)).toEqual([]);
    const empty = packed.files.filter((f) => /\.(c?js)$/.test(f.path) && f.size < 64).map((f) => f.path);
    expect(empty).toEqual([]);
  });

  it(`installs the core in at most ${CORE_BUDGET_BYTES / 1e6} MB of node_modules, with no optional peer`, () => {
    console.log(
      `consumer install: node_modules ${(coreSize.disk / 1e6).toFixed(1)} MB on disk (${(coreSize.apparent / 1e6).toFixed(1)} MB apparent); tarball ${(packed.size / 1e6).toFixed(2)} MB`,
    );
    for (const name of OPTIONAL_PACKAGES)
      expect(existsSync(join(project, 'node_modules', name)), name).toBe(false);
    expect(coreSize.disk).toBeLessThanOrEqual(CORE_BUDGET_BYTES);
  });

  it('a GLM-only consumer runs without vega, vega-lite, resvg, arrow or hyparquet, and is told what to install', () => {
    // The optional peers are absent here, so a static import of any of them would fail at load time.
    writeFileSync(
      join(project, 'core.mjs'),
      `import * as root from 'verdeelmodel';
import { logit } from 'verdeelmodel/glm';
import 'verdeelmodel/allocation';
import 'verdeelmodel/synth';
import 'verdeelmodel/outliers';
import { renderSvg, coefficientPlot } from 'verdeelmodel/report';
import { readTable } from 'verdeelmodel/data';
const fit = logit(${JSON.stringify(data)}, ${JSON.stringify(spec)});
const codes = [];
for (const p of [renderSvg(coefficientPlot(fit.tidy())), readTable('x.parquet'), readTable('x.arrow')]) {
  await p.then(() => codes.push('resolved'), (e) => codes.push(e.code + ': ' + e.message));
}
console.log(JSON.stringify({ estimates: fit.tidy().map((r) => r.estimate), same: root.logit === logit, codes }));
`,
    );
    writeFileSync(join(project, 'x.parquet'), 'PAR1');
    writeFileSync(join(project, 'x.arrow'), 'ARROW1');
    const out = JSON.parse(run(process.execPath, ['core.mjs'], project));
    expect(out.estimates).toEqual(expected);
    expect(out.same).toBe(true);
    expect(out.codes[0]).toMatch(
      /^missing-dependency: renderSvg needs the optional package vega-lite.*npm install vega-lite$/,
    );
    expect(out.codes[1]).toMatch(
      /^missing-dependency: readTable \(Parquet\) needs the optional package hyparquet/,
    );
    expect(out.codes[2]).toMatch(
      /^missing-dependency: readTable \(Arrow\) needs the optional package apache-arrow/,
    );
    const cjs = run(
      process.execPath,
      [
        '-e',
        `const v = require('verdeelmodel'); console.log(v.logit(${JSON.stringify(data)}, ${JSON.stringify(spec)}).nobs)`,
      ],
      project,
    );
    expect(cjs.trim()).toBe('10');
    // From here on the consumer has the chart, Parquet and Arrow peers (linked from this repository).
    linkPeers(
      project,
      OPTIONAL_PACKAGES.filter((n) => n !== '@duckdb/node-api' && n !== '@clickhouse/client'),
    );
  });

  it('works as ESM: root and subpath imports, and the lazily loaded chart renderer', () => {
    writeFileSync(
      join(project, 'esm.mjs'),
      `import { logit, formatTable } from 'verdeelmodel';
import { logit as glmLogit } from 'verdeelmodel/glm';
import { renderSvg, coefficientPlot } from 'verdeelmodel/report';
const fit = logit(${JSON.stringify(data)}, ${JSON.stringify(spec)});
const svg = await renderSvg(coefficientPlot(fit.tidy()));
console.log(JSON.stringify({
  estimates: fit.tidy().map((r) => r.estimate),
  sameFunction: logit === glmLogit,
  table: formatTable(fit.tidy(), { columns: ['term'] }).split('\\n').length,
  svg: svg.startsWith('<svg'),
}));
`,
    );
    const out = JSON.parse(run(process.execPath, ['esm.mjs'], project));
    expect(out).toEqual({ estimates: expected, sameFunction: true, table: 4, svg: true });
  });

  it('works as CommonJS: require() of the root and a subpath, with async readers and renderers', () => {
    writeFileSync(
      join(project, 'cjs.cjs'),
      `const { logit, writeTable, readTable } = require('verdeelmodel');
const glm = require('verdeelmodel/glm');
const { renderPng, synthPlot } = require('verdeelmodel/report');
const path = require('node:path');
(async () => {
  const fit = glm.logit(${JSON.stringify(data)}, ${JSON.stringify(spec)});
  const file = path.join(__dirname, 'data.parquet');
  await writeTable(file, ${JSON.stringify(data)});
  const back = await readTable(file);
  const png = await renderPng(synthPlot({ times: [1, 2, 3], treatedSeries: [1, 2, 3], syntheticSeries: [1, 2, 2], treatmentTime: 2 }), { scale: 1 });
  console.log(JSON.stringify({
    estimates: fit.tidy().map((r) => r.estimate),
    sameFunction: logit === glm.logit,
    roundTrip: Array.from(back.x),
    png: png[1] === 0x50 && png[2] === 0x4e && png[3] === 0x47,
  }));
})();
`,
    );
    const out = JSON.parse(run(process.execPath, ['cjs.cjs'], project));
    expect(out).toEqual({ estimates: expected, sameFunction: true, roundTrip: data.x, png: true });
  });

  it('type-checks for TypeScript users under node16 resolution, from ESM and from CommonJS', () => {
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'node16',
          moduleResolution: 'node16',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: [],
        },
        files: ['types.mts', 'types.cts'],
      }),
    );
    const body = `const fit: GlmFit = logit({ y: [0, 1, 1, 0], x: [1, 2, 3, 4] }, { y: 'y', x: ['x'] });
const rows: TidyRow[] = fit.tidy();
const columns: TableColumns = { a: new Float64Array(1) };
export const n: number = rows.length + Object.keys(columns).length;
`;
    writeFileSync(
      join(project, 'types.mts'),
      `import { logit, type GlmFit, type TidyRow } from 'verdeelmodel/glm';\nimport type { TableColumns } from 'verdeelmodel';\n${body}`,
    );
    writeFileSync(
      join(project, 'types.cts'),
      `import { logit, type GlmFit, type TidyRow, type TableColumns } from 'verdeelmodel';\n${body}`,
    );
    run(process.execPath, [resolve(root, 'node_modules/typescript/bin/tsc'), '-p', project], project);
  });
});
