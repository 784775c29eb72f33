/**
 * Where the API serves each kind: one place for the CLI and the web UI (this file imports only the
 * model, so it runs in the browser too).
 */
import type { KindInfo } from '../model/index.js';

/** The collection path of a kind (`/apis/group/version/namespaces/ns/plural`). */
export const collectionPath = (info: KindInfo, namespace?: string): string => {
  const base = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
  return info.namespaced && namespace
    ? `${base}/namespaces/${encodeURIComponent(namespace)}/${info.plural}`
    : `${base}/${info.plural}`;
};

/** The path of one object. */
export const objectPath = (info: KindInfo, namespace: string | undefined, name: string): string =>
  `${collectionPath(info, namespace)}/${encodeURIComponent(name)}`;

/** `POST` here imports a Studio archive (the body) into a namespace; the query carries the options. */
export const studioImportPath = (namespace: string): string =>
  `/apis/studio.spectrocloud.com/v1/namespaces/${encodeURIComponent(namespace)}/imports`;

/** The built-in Studio catalog: the list, one entry (`NAME[@VERSION]`), or its archive. */
export const studioCatalogPath = (ref?: string, archive = false): string =>
  `/apis/studio.spectrocloud.com/v1/catalog${ref ? `/${encodeURIComponent(ref)}${archive ? '/archive' : ''}` : ''}`;
