import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logit } from '../../src/glm/index.js';

// Builds with tsup, packs the tarball, installs it into a fresh project (from the npm cache where it can)
// and imports it the ways users do. About a minute; VERDEELMODEL_SKIP_PACK_TEST=1 skips it.
const SKIP = process.env.VERDEELMODEL_SKIP_PACK_TEST === '1';
if (SKIP) console.warn('skipping the packed-tarball test: VERDEELMODEL_SKIP_PACK_TEST=1');

const root = resolve(import.meta.dirname, '../..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const data = { y: [0, 0, 1, 0, 1, 1, 0, 1, 1, 0], x: [1, 2, 2, 3, 3, 4, 4, 5, 6, 1.5] };
const spec = { y: 'y', x: ['x'] };

function run(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 300_000,
  });
}

describe.skipIf(SKIP)('the packed tarball (npm pack → npm install → import/require)', () => {
  let dir = '';
  let packed: { files: { path: string }[] } = { files: [] };
  const expected = logit(data, spec)
    .tidy()
    .map((r) => r.estimate);

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'verdeelmodel-pack-'));
    run(process.execPath, [resolve(root, 'node_modules/tsup/dist/cli-default.js')], root);
    const out = run(npm, ['pack', '--json', '--pack-destination', dir], root);
    packed = JSON.parse(out)[0];
    const tarball = join(dir, (packed as unknown as { filename: string }).filename);
    const project = join(dir, 'project');
    mkdirSync(project);
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true, version: '1.0.0' }),
    );
    run(
      npm,
      ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'],
      project,
    );
  }, 600_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('ships only dist, README, LICENSE, CHANGELOG and package.json', () => {
    const tops = new Set(packed.files.map((f) => f.path.split('/')[0]));
    expect([...tops].sort()).toEqual(['CHANGELOG.md', 'LICENSE', 'README.md', 'dist', 'package.json']);
  });

  it('works as ESM: root and subpath imports, and the lazily loaded chart renderer', () => {
    const project = join(dir, 'project');
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
    const project = join(dir, 'project');
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
    const project = join(dir, 'project');
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
