/**
 * Build step: packs every folder of `catalog/` into `dist/catalog/<name>-<version>.tar.gz` and writes
 * `dist/catalog/index.json`. Fails the build when a catalog bundle is invalid. Does nothing when its
 * inputs (the catalog sources, the compiled code that packs and checks them, the Node version that
 * gzips) are those of the last packing.
 */
import { createHash } from 'node:crypto';
import { access, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CATALOG_DIR, type CatalogEntry } from '../src/studio/catalog.js';
import { packFolder } from '../src/studio/packFolder.js';

const SOURCE = fileURLToPath(new URL('../../catalog/', import.meta.url));
/** The compiled project (dist/src) and this script: what packs and validates the bundles. */
const CODE = [fileURLToPath(new URL('../src/', import.meta.url)), fileURLToPath(import.meta.url)];
/** Where the digest of the inputs of the last packing is kept. */
const STAMP = join(CATALOG_DIR, '.inputs.sha256');

const filesUnder = async (path: string): Promise<string[]> => {
  if (!path.endsWith('/')) return [path];
  const entries = await readdir(path, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && !e.name.endsWith('.map'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
};

const inputsDigest = async (): Promise<string> => {
  const hash = createHash('sha256').update(`${process.version}\0`);
  for (const root of [SOURCE, ...CODE]) {
    for (const file of await filesUnder(root)) {
      hash.update(`${relative(SOURCE, file)}\0`).update(await readFile(file));
    }
  }
  return hash.digest('hex');
};

const packedFrom = async (digest: string): Promise<boolean> => {
  try {
    const entries = JSON.parse(await readFile(join(CATALOG_DIR, 'index.json'), 'utf8')) as CatalogEntry[];
    await Promise.all(entries.map((e) => access(join(CATALOG_DIR, e.file))));
    return (await readFile(STAMP, 'utf8')) === digest;
  } catch {
    return false;
  }
};

const main = async () => {
  const digest = await inputsDigest();
  if (await packedFrom(digest)) {
    process.stdout.write(`the catalog in ${CATALOG_DIR} is up to date\n`);
    return;
  }
  await rm(CATALOG_DIR, { recursive: true, force: true });
  await mkdir(CATALOG_DIR, { recursive: true });
  const entries: CatalogEntry[] = [];
  const folders = (await readdir(SOURCE, { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  for (const name of folders) {
    const { report, archive } = await packFolder(join(SOURCE, name));
    if (!archive) {
      const problems = [...report.issues, ...report.objects.flatMap((o) => o.issues)].map(
        (i) => `  ${i.code} ${i.file ?? ''}: ${i.message}`,
      );
      throw new Error(`catalog/${name} is invalid:\n${problems.join('\n')}`);
    }
    const file = `${report.name}-${report.version}.tar.gz`;
    await writeFile(join(CATALOG_DIR, file), archive);
    entries.push({
      name: report.name!,
      version: report.version!,
      type: report.type!,
      ...(report.description ? { description: report.description } : {}),
      labels: report.labels,
      variables: report.variables.map(({ from: _from, ...v }) => v),
      file,
      sha256: createHash('sha256').update(archive).digest('hex'),
      size: archive.length,
    });
  }
  await writeFile(join(CATALOG_DIR, 'index.json'), `${JSON.stringify(entries, null, 2)}\n`);
  await writeFile(STAMP, digest);
  process.stdout.write(`packed ${entries.length} catalog bundles into ${CATALOG_DIR}\n`);
};

await main();
