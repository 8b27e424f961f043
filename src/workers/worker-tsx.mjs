// Start the TypeScript worker module from source (tests under vitest, tsx scripts): a worker
// thread does not inherit the parent's tsx loader, so register tsx's ESM hooks in this thread
// first, then load src/workers/worker.ts. Not shipped: dist starts worker.js / worker.cjs directly.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
