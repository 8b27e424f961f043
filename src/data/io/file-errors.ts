import { stat } from 'node:fs/promises';
import { DataError } from '../../errors.js';

/** A Node file-system error (ENOENT, EACCES, EISDIR, ...) as a DataError naming the path; others unchanged. @internal */
export function fileError(path: string, e: unknown): unknown {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== 'string' || e instanceof DataError) return e;
  if (code === 'ENOENT') {
    return new DataError(
      'file-not-found',
      `cannot read '${path}': no such file (check the path; a relative path starts at ${process.cwd()})`,
      { cause: e },
    );
  }
  const why: Readonly<Record<string, string>> = {
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EISDIR: 'is a folder',
    ENOTDIR: 'a part of the path is not a folder',
    ELOOP: 'too many symbolic links',
  };
  if (Object.hasOwn(why, code)) {
    return new DataError('unreadable-file', `cannot read '${path}': ${why[code]}`, { cause: e });
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
