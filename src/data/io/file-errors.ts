import { stat } from 'node:fs/promises';
import { DataError } from '../../errors.js';

/** A Node file-system error (ENOENT, EACCES, EISDIR, ...) as a DataError naming the path; others unchanged. @internal */
export function fileError(path: string, e: unknown): unknown {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== 'string' || e instanceof DataError) return e;
  if (code === 'ENOENT') {
    return new DataError(
      'file-not-found',
      `${path} does not exist; check the path (relative paths start at ${process.cwd()})`,
      {
        cause: e,
      },
    );
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EISDIR' || code === 'ENOTDIR' || code === 'ELOOP') {
    return new DataError('unreadable-file', `${path} cannot be read (${code}): ${(e as Error).message}`, {
      cause: e,
    });
  }
  return e;
}

/** Fail early, with the path, when `path` is not a readable file. @internal */
export async function checkReadable(path: string): Promise<void> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (e) {
    throw fileError(path, e);
  }
  if (!info.isFile()) {
    throw new DataError(
      'unreadable-file',
      `${path} is ${info.isDirectory() ? 'a directory' : 'not a regular file'}, not a table file`,
    );
  }
}
