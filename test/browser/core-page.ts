/**
 * The browser test page's script: reads its input from the page, runs the core cases and prints
 * the result as one console line (`verdeelmodel-result <json>`), or the error.
 */
import { type CoreInput, runCoreCases } from './core-cases.js';

// The repository's TypeScript has no DOM library: the one DOM call, typed here.
const page = globalThis as unknown as {
  document: { getElementById(id: string): { textContent: string | null } | null };
  verdeelmodelDone?: boolean;
};
const input = JSON.parse(page.document.getElementById('input')?.textContent ?? 'null') as CoreInput;
try {
  const result = runCoreCases(input);
  console.log(`verdeelmodel-result ${JSON.stringify(result)}`);
  page.verdeelmodelDone = true;
} catch (e) {
  console.error(`verdeelmodel-failed ${(e as Error).stack ?? String(e)}`);
  page.verdeelmodelDone = true;
}
