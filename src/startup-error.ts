/**
 * A start that failed for a reason the user can fix (a port in use, a folder that cannot be written,
 * a wrong password): its message is the one line to print, saying why and what to do.
 */
export class StartupError extends Error {
  override name = 'StartupError';
}

const NOT_WRITABLE = new Set(['EACCES', 'EPERM', 'EROFS']);
const DISK_FULL = new Set(['ENOSPC', 'EDQUOT']);

/** A file-system error on a folder of the data directory, said as what to do about it; anything else unchanged. */
export function explainFolderError(err: unknown, folder: string): unknown {
  const code = (err as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string') return err;
  if (NOT_WRITABLE.has(code)) return notWritable(folder, { cause: err });
  if (DISK_FULL.has(code)) return diskFull(folder, { cause: err });
  return err;
}

export function notWritable(folder: string, options?: ErrorOptions): StartupError {
  return new StartupError(`The data folder ${folder} is not writable: give this user write access to it, or set DATA_DIR to a folder it can write.`, options);
}

export function diskFull(folder: string, options?: ErrorOptions): StartupError {
  return new StartupError(`The disk holding ${folder} is full: free some space there (or set DATA_DIR to a folder on another disk) and start again.`, options);
}
