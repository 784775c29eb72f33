import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { NotFoundError, compareVersions, greatest, type CatalogEntry } from '../model/index.js';

export type { CatalogEntry } from '../model/index.js';

/**
 * Where the build puts the packed catalog (`npm run build` packs `catalog/` into `dist/catalog/`),
 * resolved from this module's place: compiled (`dist/src/studio`) or run from source (`src/studio`).
 */
export const CATALOG_DIR = fileURLToPath(
  new URL(import.meta.url.includes('/dist/') ? '../../catalog/' : '../../dist/catalog/', import.meta.url),
);

/** The packed catalog's index; a clear error (404) when the build has not packed it. */
export const loadCatalog = async (dir = CATALOG_DIR): Promise<CatalogEntry[]> => {
  try {
    return JSON.parse(await readFile(`${dir}/index.json`, 'utf8')) as CatalogEntry[];
  } catch {
    throw new NotFoundError(
      `the built-in catalog is not packed (${dir}index.json is missing); run \`npm run build\``,
    );
  }
};

/** Finds `NAME` or `NAME@VERSION` (newest version by {@link compareVersions} when none is given). */
export const findEntry = (entries: readonly CatalogEntry[], ref: string): CatalogEntry | undefined => {
  const [name, version] = ref.split('@') as [string, string | undefined];
  const matches = entries.filter((e) => e.name === name && (version === undefined || e.version === version));
  return greatest(matches, (a, b) => compareVersions(a.version, b.version));
};

/** The archive bytes of an entry. */
export const readEntryArchive = (entry: CatalogEntry, dir = CATALOG_DIR): Promise<Buffer> =>
  readFile(`${dir}/${entry.file}`);
