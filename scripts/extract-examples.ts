/**
 * Extracts every ```ts block inside a TSDoc `@example` of `src/**\/*.ts` into one compilable file per
 * source file, so `npm run typecheck` (through `tsconfig.examples.json`) type-checks the examples the
 * users copy.
 *
 * Convention (see CONTRIBUTING notes in the report of issue 12):
 * - every example starts with its own imports, from the public entry points only
 *   (`verdeelmodel` or a subpath of package.json `exports`, or a `node:` module), so a copied
 *   example runs as it stands; `tsconfig.examples.json` maps them to the sources;
 * - an input too long to write out is a `declare const name: Type;` line, which stays visible to
 *   readers (it says the type) and becomes a typed placeholder here;
 * - output is shown as comments (`// => 0.5`).
 *
 * Each example becomes its own block `{ ... }` so names don't clash; the imports of one file are
 * merged at its top. Usage: `tsx scripts/extract-examples.ts [--runnable] [--out <dir>]`; with
 * `--runnable` the imports point at the sources, so `tsx <file>` runs a file's examples.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** One extracted example. */
export interface Example {
  /** Source file, relative to the repository root (`src/report/coefficient-plot.ts`). */
  readonly source: string;
  /** 1-based line of the opening fence in the source file. */
  readonly line: number;
  /** 0-based index among the examples of the source file. */
  readonly index: number;
  /** The import declarations, as written. */
  readonly imports: readonly ts.ImportDeclaration[];
  /** The code after the imports, `declare const` lines turned into typed placeholders. */
  readonly body: string;
  /** Whether the example has `declare` inputs (it type-checks but cannot run as it stands). */
  readonly hasDeclared: boolean;
}

/** A problem that makes an example unusable as written (wrong import source, import after code). */
export class ExampleError extends Error {}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The module specifiers an example may import from: the package's public entry points. */
export function publicSpecifiers(): Set<string> {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    exports: Record<string, unknown>;
  };
  const out = new Set<string>();
  for (const key of Object.keys(pkg.exports)) {
    if (key === './package.json') continue;
    out.add(key === '.' ? 'verdeelmodel' : `verdeelmodel/${key.slice(2)}`);
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out.sort();
}

/** The `@example` fences of one file: code (comment stars stripped) and the line of the fence. */
export function exampleBlocks(text: string): { code: string; line: number }[] {
  const blocks: { code: string; line: number }[] = [];
  const lines = text.split('\n');
  let inComment = false;
  let inExample = false;
  let fence: { start: number; lines: string[] } | null = null;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] as string;
    if (!inComment) {
      if (/^\s*\/\*\*/.test(raw) && !/\*\/\s*$/.test(raw.replace(/^\s*\/\*\*/, ''))) {
        inComment = true;
        inExample = /@example\b/.test(raw);
      }
      continue;
    }
    const end = /\*\/\s*$/.test(raw);
    const content = raw.replace(/^\s*\*\/?\s?/, '').replace(/\s*\*\/\s*$/, '');
    if (fence) {
      if (/^\s*```\s*$/.test(content)) {
        blocks.push({ code: fence.lines.join('\n'), line: fence.start + 1 });
        fence = null;
      } else {
        fence.lines.push(raw.replace(/^\s*\* ?/, ''));
      }
    } else if (/^@\w+/.test(content)) {
      inExample = /^@example\b/.test(content);
    } else if (inExample && /^```(ts|typescript)\s*$/.test(content)) {
      fence = { start: i, lines: [] };
    }
    if (end) {
      if (fence) throw new ExampleError(`line ${fence.start + 1}: the example's code fence is not closed`);
      inComment = false;
      inExample = false;
    }
  }
  return blocks;
}

/** Splits an example into its imports and its body; checks every import names a public entry point. */
export function parseExample(
  code: string,
  allowed: ReadonlySet<string>,
): { imports: ts.ImportDeclaration[]; body: string; hasDeclared: boolean } {
  const file = ts.createSourceFile('example.ts', code, ts.ScriptTarget.ES2022, true);
  const imports: ts.ImportDeclaration[] = [];
  let bodyStart = 0;
  let hasDeclared = false;
  const edits: { start: number; end: number; text: string }[] = [];
  for (const statement of file.statements) {
    if (ts.isImportDeclaration(statement)) {
      if (bodyStart !== imports.reduce((e, s) => Math.max(e, s.end), 0)) {
        throw new ExampleError('an import comes after code: put the imports first');
      }
      const specifier = (statement.moduleSpecifier as ts.StringLiteral).text;
      if (!allowed.has(specifier) && !specifier.startsWith('node:') && !specifier.startsWith('./')) {
        throw new ExampleError(
          `imports '${specifier}': examples import from the public entry points (${[...allowed].join(', ')}), node: modules, or (for a module no entry point exports) './<module>.js' beside the source`,
        );
      }
      imports.push(statement);
      bodyStart = statement.end;
      continue;
    }
    const declared = ts.canHaveModifiers(statement)
      ? ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.DeclareKeyword)
      : false;
    if (declared) {
      // A declared input: in a block `declare` is not allowed, so it becomes a typed placeholder.
      if (!ts.isVariableStatement(statement))
        throw new ExampleError('only `declare const` inputs are supported');
      const parts = statement.declarationList.declarations.map((d) => {
        if (!d.type) throw new ExampleError(`declare const ${d.name.getText(file)}: give its type`);
        return `const ${d.name.getText(file)} = undefined as unknown as ${d.type.getText(file)};`;
      });
      edits.push({ start: statement.getStart(file), end: statement.end, text: parts.join(' ') });
      hasDeclared = true;
    }
  }
  let body = code;
  for (const e of edits.reverse()) body = body.slice(0, e.start) + e.text + body.slice(e.end);
  return { imports, body: body.slice(bodyStart).replace(/^\s*\n/, ''), hasDeclared };
}

/** Every example of `src/`, in file order. */
export function extractExamples(): Example[] {
  const allowed = publicSpecifiers();
  const out: Example[] = [];
  const problems: string[] = [];
  for (const path of sourceFiles(join(root, 'src'))) {
    const source = relative(root, path).split('\\').join('/');
    let blocks: { code: string; line: number }[];
    try {
      blocks = exampleBlocks(readFileSync(path, 'utf8'));
    } catch (e) {
      problems.push(`${source}: ${(e as Error).message}`);
      continue;
    }
    blocks.forEach((block, index) => {
      try {
        out.push({ source, line: block.line, index, ...parseExample(block.code, allowed) });
      } catch (e) {
        problems.push(`${source}:${block.line}: ${(e as Error).message}`);
      }
    });
  }
  if (problems.length > 0) throw new ExampleError(`TSDoc examples:\n  ${problems.join('\n  ')}`);
  return out;
}

/** The merged import lines of a file's examples; `./x.js` resolved from the source file to `outPath`. */
function mergeImports(examples: readonly Example[], outPath: string, runnable: boolean): string[] {
  const named = new Map<string, Map<string, string>>();
  const whole = new Set<string>();
  for (const ex of examples) {
    for (const decl of ex.imports) {
      const file = decl.getSourceFile();
      const written = (decl.moduleSpecifier as ts.StringLiteral).text;
      const specifier = written.startsWith('./')
        ? fromOutput(outPath, ex.source, written)
        : runnable && written.startsWith('verdeelmodel')
          ? fromOutput(outPath, 'src/index.ts', `.${written.slice('verdeelmodel'.length)}/index.ts`)
          : written;
      const clause = decl.importClause;
      const bindings = clause?.namedBindings;
      if (!clause || clause.name || (bindings && ts.isNamespaceImport(bindings))) {
        whole.add(decl.getText(file).replace(written, specifier));
        continue;
      }
      const names = named.get(specifier) ?? new Map<string, string>();
      named.set(specifier, names);
      for (const el of (bindings as ts.NamedImports).elements) {
        const local = el.name.text;
        const typeOnly = clause.isTypeOnly || el.isTypeOnly;
        const text = `${typeOnly ? 'type ' : ''}${el.getText(file).replace(/^type\s+/, '')}`;
        // A name imported as a value and as a type is imported once, as a value.
        const prior = names.get(local);
        if (!prior || prior.startsWith('type ')) names.set(local, typeOnly && prior ? prior : text);
      }
    }
  }
  const lines = [...whole];
  for (const [specifier, names] of [...named].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`import { ${[...names.values()].join(', ')} } from '${specifier}';`);
  }
  return lines;
}

/** A `./module.js` specifier written beside `source`, as seen from the generated file `outPath`. */
function fromOutput(outPath: string, source: string, specifier: string): string {
  const target = relative(dirname(outPath), join(root, dirname(source), specifier))
    .split('\\')
    .join('/');
  return target.startsWith('.') ? target : `./${target}`;
}

/**
 * The compilable text of one source file's examples, to be written at `outPath`. `runnable` imports
 * the sources by path instead of the package names (tsx and vitest do not read tsconfig `paths` for
 * a file under node_modules).
 */
export function exampleModule(examples: readonly Example[], outPath: string, runnable = false): string {
  const parts = [
    `// Generated by scripts/extract-examples.ts from the TSDoc examples of ${examples[0]?.source}: do not edit.`,
    ...mergeImports(examples, outPath, runnable),
    '',
  ];
  for (const ex of examples) {
    const body = ex.body.replace(/\s+$/, '').replace(/^(?=.)/gm, '  ');
    parts.push(`// ${ex.source}:${ex.line} (example ${ex.index + 1})`, '{', body, '}', '');
  }
  parts.push('export {};', '');
  return parts.join('\n');
}

/** The output path of a source file's examples inside `outDir`. */
export function outputPath(outDir: string, source: string): string {
  return join(outDir, source.replace(/^src\//, '').replace(/\.ts$/, '.example.ts'));
}

/** Default output folder: git-ignored (under node_modules) and type-checked by tsconfig.examples.json. */
export const DEFAULT_OUT = join(root, 'node_modules', '.cache', 'verdeelmodel-examples');

/** Makes `dir` an ES-module folder: under node_modules a `.ts` file is CommonJS, where top-level await fails. */
export function markModules(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
}

/** Folder of the `--runnable` copies (imports by path; `tsx <file>` runs one file's examples). */
export const RUNNABLE_OUT = join(root, 'node_modules', '.cache', 'verdeelmodel-examples-run');

function main(): void {
  const flag = process.argv.indexOf('--out');
  const runnable = process.argv.includes('--runnable');
  const outDir =
    flag >= 0 ? resolve(process.argv[flag + 1] as string) : runnable ? RUNNABLE_OUT : DEFAULT_OUT;
  let examples: Example[];
  try {
    examples = extractExamples();
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  }
  rmSync(outDir, { recursive: true, force: true });
  markModules(outDir);
  const bySource = new Map<string, Example[]>();
  for (const ex of examples) bySource.set(ex.source, [...(bySource.get(ex.source) ?? []), ex]);
  for (const [source, list] of bySource) {
    const path = outputPath(outDir, source);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, exampleModule(list, path, runnable));
  }
  process.stdout.write(
    `extract-examples: ${examples.length} examples from ${bySource.size} files into ${relative(root, outDir)}\n`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
