import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { byCodeUnits } from '../model/ordering.js';
import { DEFAULT_ARCHIVE_LIMITS } from './limits.js';

/** A bundle folder that cannot be read or packed; the message says which file and why. */
export class FolderError extends Error {
  override readonly name = 'FolderError';
}

/** Reads a bundle folder into memory (regular files only, hidden entries skipped), with the archive limits. */
export const readFolder = async (dir: string): Promise<Map<string, Buffer>> => {
  const files = new Map<string, Buffer>();
  let total = 0;
  const walk = async (d: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch {
      throw new FolderError(
        `cannot read folder ${d}; give the folder of a bundle (profilebundle.yaml, cluster-profiles/, …)`,
      );
    }
    for (const e of entries.sort((a, b) => byCodeUnits(a.name, b.name))) {
      if (e.name.startsWith('.')) continue;
      const full = join(d, e.name);
      const st = await lstat(full);
      if (st.isSymbolicLink())
        throw new FolderError(`${full} is a symbolic link; archives hold regular files only`);
      if (st.isDirectory()) await walk(full);
      else if (st.isFile()) {
        if (st.size > DEFAULT_ARCHIVE_LIMITS.maxFileBytes)
          throw new FolderError(
            `${full} is ${st.size} bytes, more than the ${DEFAULT_ARCHIVE_LIMITS.maxFileBytes}-byte limit of a Studio file`,
          );
        total += st.size;
        if (total > DEFAULT_ARCHIVE_LIMITS.maxTotalBytes)
          throw new FolderError(`${dir} holds more than ${DEFAULT_ARCHIVE_LIMITS.maxTotalBytes} bytes`);
        files.set(relative(dir, full).split(sep).join('/'), await readFile(full));
      }
    }
  };
  await walk(dir);
  return files;
};
