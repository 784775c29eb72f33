/**
 * The Studio's server calls: the built-in catalog, an entry's archive, and the import of an archive
 * into a namespace with its query options (`dryRun=All`, `overwrite=true`, `set=NAME=VALUE`, as
 * src/server/studio/importQuery.ts reads them). The shapes are the model's (src/model/studioApi.ts).
 */
import { studioCatalogPath, studioImportPath } from '../../../src/client/paths.js';
import type {
  AffectedObject,
  CatalogEntry,
  ImportReport,
  VariableOverrides,
} from '../../../src/model/index.js';
import { request } from '../api/client';
import { session } from '../api/session';

export type { AffectedObject, CatalogEntry, ImportReport };

export type ImportedObject = ImportReport['objects'][number];

/** The import's options. */
export interface ImportOptions {
  dryRun: boolean;
  overwrite: boolean;
  values: VariableOverrides;
}

/** The query string of an import: one `set=NAME=VALUE` per value (the server splits at the first `=`). */
export const importQuery = (o: ImportOptions): string => {
  const q = new URLSearchParams();
  if (o.dryRun) q.set('dryRun', 'All');
  if (o.overwrite) q.set('overwrite', 'true');
  for (const [k, v] of Object.entries(o.values)) q.append('set', `${k}=${String(v)}`);
  return q.toString();
};

/** Lists the built-in catalog. */
export const fetchCatalog = async (): Promise<CatalogEntry[]> =>
  (await request<{ items: CatalogEntry[] }>('GET', studioCatalogPath())).items;

/** One catalog entry (`NAME` or `NAME@VERSION`). */
export const fetchEntry = (ref: string): Promise<CatalogEntry> =>
  request<CatalogEntry>('GET', studioCatalogPath(ref));

/**
 * The entry's .tar.gz bytes. `request` reads answers as text, which would corrupt binary bytes, so
 * this one read uses fetch with the session's token directly.
 */
export const fetchArchive = async (ref: string): Promise<Blob> => {
  const token = session.token();
  const res = await fetch(studioCatalogPath(ref, true), {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  if (!res.ok) throw new Error(`cannot read the archive of ${ref}: ${res.status} ${res.statusText}`);
  return res.blob();
};

/** Posts the archive as the import's body; rejects with ApiError (409 conflict with its causes, 422 invalid). */
export const importArchive = (namespace: string, archive: Blob, o: ImportOptions): Promise<ImportReport> => {
  const q = importQuery(o);
  return request<ImportReport>('POST', `${studioImportPath(namespace)}${q ? `?${q}` : ''}`, {
    body: archive,
    contentType: 'application/gzip',
  });
};

/** Entries of `type` (or all) whose name, description, version or labels hold `search`. */
export const filterCatalog = (entries: CatalogEntry[], type: string, search: string): CatalogEntry[] => {
  const q = search.trim().toLowerCase();
  return entries.filter(
    (e) =>
      (type === 'All' || e.type === type) &&
      (!q ||
        [
          e.name,
          e.version,
          e.description ?? '',
          ...Object.entries(e.labels).map(([k, v]) => `${k}=${v}`),
        ].some((s) => s.toLowerCase().includes(q))),
  );
};
