import { readFile } from 'node:fs/promises';
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
