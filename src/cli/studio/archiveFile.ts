import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fsProblem } from '../../server/dataDir.js';
import { InvalidInputError } from '../errors.js';

/**
 * Reads a Studio archive file for `studio import`, `inspect` and `verify`; a file that cannot be
 * read is a one-line error that says why and where an archive comes from.
 */
export const readArchiveFile = async (file: string): Promise<Buffer> => {
  try {
    return await readFile(file);
  } catch (e) {
    throw new InvalidInputError(
      `cannot read ${file} (${fsProblem(e)}): give the path of a Studio archive (.tar.gz); ` +
        '`paletteai studio pull NAME -o FILE` writes one from the catalog, `paletteai studio pack DIR` packs a bundle folder',
    );
  }
};

/**
 * Writes an archive to `file` for `studio pull` and `studio pack`, whole or not at all: into a
 * temporary file beside it, renamed over it once complete. A directory, or a path that cannot be
 * written, is a one-line error, and no temporary file stays behind.
 */
export const writeArchiveFile = async (file: string, bytes: Uint8Array): Promise<void> => {
  if ((await stat(file).catch(() => undefined))?.isDirectory())
    throw new InvalidInputError(
      `-o ${file} is a directory; give the archive's file name, e.g. -o ${join(file, 'bundle.tar.gz')}`,
    );
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw new InvalidInputError(`cannot write ${file} (${fsProblem(e)}): give a writable file path with -o`);
  }
};
