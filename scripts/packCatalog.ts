/**
 * Build step: packs every folder of `catalog/` into `dist/catalog/<name>-<version>.tar.gz` and writes
 * `dist/catalog/index.json`. Fails the build when a catalog bundle is invalid.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CATALOG_DIR, type CatalogEntry } from '../src/studio/catalog.js';
import { packFolder } from '../src/studio/packFolder.js';

const SOURCE = fileURLToPath(new URL('../../catalog/', import.meta.url));

const main = async () => {
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
  process.stdout.write(`packed ${entries.length} catalog bundles into ${CATALOG_DIR}\n`);
};

await main();
