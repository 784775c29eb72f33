/**
 * The UI's API client: `fetch` with the session's bearer token, Kubernetes `Status` errors turned
 * into {@link ApiError} (with the causes each form shows at its field), and watches read as a stream
 * of JSON lines. Paths come from the model's kind registry through the shared `src/client/paths`.
 */
import { collectionPath, objectPath } from '../../../src/client/paths.js';
import { findKind, type KindInfo, type KubeObject } from '../../../src/model/index.js';
import { session } from './session';

/** One problem the server named, at a field path when it has one (`spec.clusterProfiles[0].name`). */
export interface Cause {
  reason: string;
  message: string;
  field?: string;
}

/** A non-2xx answer: the server's message, reason and causes. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly reason: string,
    readonly causes: Cause[],
  ) {
    super(message);
  }
}

/** The connection itself failed (server down, network gone). */
export class ConnectionError extends Error {}

export const kindInfo = (kind: string): KindInfo => {
  const info = findKind(kind);
  if (!info) throw new Error(`unknown kind ${kind}`);
  return info;
};

export const listPath = (kind: string, namespace?: string) => collectionPath(kindInfo(kind), namespace);
export const itemPath = (kind: string, namespace: string | undefined, name: string) =>
  objectPath(kindInfo(kind), namespace, name);

export interface RequestOptions {
  body?: unknown;
  contentType?: string;
  /** The Accept header. @default application/json */
  accept?: string;
  signal?: AbortSignal;
  query?: Record<string, string | undefined>;
}

const withQuery = (path: string, query?: RequestOptions['query']) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) q.set(k, v);
  const s = q.toString();
  return s ? `${path}${path.includes('?') ? '&' : '?'}${s}` : path;
};

const toError = async (res: Response): Promise<ApiError> => {
  const text = await res.text();
  let status: { message?: string; reason?: string; details?: { causes?: Cause[] } } = {};
  try {
    status = JSON.parse(text) as typeof status;
  } catch {
    status = { message: text || res.statusText };
  }
  if (res.status === 401) session.signOut();
  return new ApiError(
    res.status,
    status.message ?? `${res.status} ${res.statusText}`,
    status.reason ?? String(res.status),
    status.details?.causes ?? [],
  );
};

/** Sends one request; resolves with the parsed JSON answer (or the text), rejects with ApiError. */
export const request = async <T = unknown>(
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<T> => {
  const headers: Record<string, string> = { accept: options.accept ?? 'application/json' };
  const token = session.token();
  if (token) headers.authorization = `Bearer ${token}`;
  let body: BodyInit | undefined;
  if (options.body instanceof Blob || options.body instanceof ArrayBuffer) {
    body = options.body;
    headers['content-type'] = options.contentType ?? 'application/octet-stream';
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] =
      options.contentType ?? (method === 'PATCH' ? 'application/merge-patch+json' : 'application/json');
  }
  let res: Response;
  try {
    res = await fetch(withQuery(path, options.query), {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ConnectionError(`cannot reach the server (${(e as Error).message})`);
  }
  if (!res.ok) throw await toError(res);
  const text = await res.text();
  try {
    return JSON.parse(text) as T;
  } catch {
    return text as T;
  }
};

export interface List<T = KubeObject> {
  items: T[];
  metadata: { resourceVersion?: string; continue?: string };
}

/** The typed calls the pages use. `dryRun` checks a write on the server and stores nothing. */
export const api = {
  list: <T = KubeObject>(kind: string, namespace?: string, query?: RequestOptions['query']) =>
    request<List<T>>('GET', listPath(kind, namespace), { query }),
  get: <T = KubeObject>(kind: string, namespace: string | undefined, name: string) =>
    request<T>('GET', itemPath(kind, namespace, name)),
  create: <T = KubeObject>(object: KubeObject, dryRun = false) =>
    request<T>('POST', listPath(object.kind, object.metadata.namespace), {
      body: object,
      query: { dryRun: dryRun ? 'All' : undefined },
    }),
  replace: <T = KubeObject>(object: KubeObject, dryRun = false) =>
    request<T>('PUT', itemPath(object.kind, object.metadata.namespace, object.metadata.name), {
      body: object,
      query: { dryRun: dryRun ? 'All' : undefined },
    }),
  patch: <T = KubeObject>(kind: string, namespace: string | undefined, name: string, patch: unknown) =>
    request<T>('PATCH', itemPath(kind, namespace, name), { body: patch }),
  delete: (kind: string, namespace: string | undefined, name: string) =>
    request('DELETE', itemPath(kind, namespace, name)),
  /**
   * The objects of a kind with their metadata only (a server-side Table of PartialObjectMetadata
   * rows): what the UI needs of Secrets — their names — without their values ever reaching it.
   */
  listMetadata: async (kind: string, namespace?: string): Promise<KubeObject[]> => {
    const info = kindInfo(kind);
    const table = await request<{ rows?: { object?: { metadata: KubeObject['metadata'] } }[] }>(
      'GET',
      listPath(kind, namespace),
      { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io', query: { includeObject: 'Metadata' } },
    );
    return (table.rows ?? []).flatMap((r) =>
      r.object ? [{ apiVersion: info.apiVersion, kind, metadata: r.object.metadata } as KubeObject] : [],
    );
  },
};

/** One watch event as the server streams it. */
export interface WatchEvent<T = KubeObject> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T;
}

/**
 * Watches a collection from `resourceVersion`, calling `onEvent` for each event, until `signal`
 * aborts or the stream ends (resolves) or fails (rejects: the caller resumes or relists).
 */
export const watch = async <T = KubeObject>(
  path: string,
  resourceVersion: string | undefined,
  onEvent: (e: WatchEvent<T>) => void,
  signal: AbortSignal,
  query: RequestOptions['query'] = {},
): Promise<void> => {
  const token = session.token();
  let res: Response;
  try {
    res = await fetch(
      withQuery(path, { ...query, watch: '1', allowWatchBookmarks: 'true', resourceVersion }),
      { headers: token ? { authorization: `Bearer ${token}` } : {}, signal },
    );
  } catch (e) {
    if ((e as Error).name === 'AbortError') return;
    throw new ConnectionError(`cannot reach the server (${(e as Error).message})`);
  }
  if (!res.ok || !res.body) throw await toError(res);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffered += value;
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl).trim();
        buffered = buffered.slice(nl + 1);
        if (line) onEvent(JSON.parse(line) as WatchEvent<T>);
      }
    }
  } catch (e) {
    if ((e as Error).name === 'AbortError') return;
    throw new ConnectionError(`the watch was interrupted (${(e as Error).message})`);
  }
};
