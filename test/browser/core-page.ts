/**
 * The browser test page's script: reads its input from the page, runs the core cases and prints
 * the result as one console line (`verdeelmodel-result <json>`), or the error.
 */
import { type CoreInput, runCoreCases, runParallelCase } from './core-cases.js';

// The repository's TypeScript has no DOM library: the one DOM call, typed here.
const page = globalThis as unknown as {
  document: { getElementById(id: string): { textContent: string | null } | null };
  verdeelmodelDone?: boolean;
};
const input = JSON.parse(page.document.getElementById('input')?.textContent ?? 'null') as CoreInput;
(async () => {
  try {
    console.log(`verdeelmodel-result ${JSON.stringify(runCoreCases(input))}`);
    console.log(`verdeelmodel-parallel ${JSON.stringify(await runParallelCase())}`);
  } catch (e) {
    console.error(`verdeelmodel-failed ${(e as Error).stack ?? String(e)}`);
  }
  page.verdeelmodelDone = true;
})();
