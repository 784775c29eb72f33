/** Studio archives of the catalog for server tests, and importing them into a test server. */
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { inspectFiles } from '../../src/studio/archiveContent.js';
import { readFolder } from '../../src/studio/folder.js';
import { buildStudioFile, packArchive, STUDIO_FILE } from '../../src/studio/index.js';
import { ROOT } from '../cli.js';
import type { Harness } from './harness.js';

/** Packs a catalog folder, after `edit` may change its files (path → parsed YAML). */
export const packCatalog = async (
  name: string,
  edit: (docs: Map<string, any>) => void = () => {},
): Promise<Buffer> => {
  const files = await readFolder(join(ROOT, 'catalog', name));
  const docs = new Map(
    [...files].filter(([p]) => p.endsWith('.yaml')).map(([p, b]) => [p, parse(b.toString())]),
  );
  edit(docs);
  for (const [p, d] of docs) files.set(p, Buffer.from(stringify(d)));
  const r = inspectFiles(files, false);
  const studio = buildStudioFile(
    { name: r.name!, version: r.version!, type: r.type as never, labels: r.labels },
    files,
  );
  files.set(STUDIO_FILE, Buffer.from(stringify(studio)));
  return packArchive(files);
};

/** `POST …/namespaces/NS/imports` of an archive, as the admin of the harness. */
export const importArchiveInto = async (h: Harness, ns: string, archive: Buffer, query = '') => {
  const r = await h
    .client()
    .request('POST', `/apis/studio.spectrocloud.com/v1/namespaces/${ns}/imports${query}`, archive, {
      'content-type': 'application/gzip',
    });
  return { status: r.status, body: r.json as any };
};
