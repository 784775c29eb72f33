/**
 * Data hooks over the client: a list kept live by a watch (resumed from its last resourceVersion
 * after a lost connection, relisted after 410 Gone), one object, and the connection state the
 * banner shows. Pages use these and never call `fetch` themselves.
 */
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import type { KubeObject } from '../../../src/model/index.js';
import { api, ApiError, listPath, watch, type WatchEvent } from './client';

/** Whether the watches are connected; `lost` shows the banner until they are back. */
const connection = (() => {
  let lost = 0;
  const listeners = new Set<() => void>();
  const emit = () => listeners.forEach((l) => l());
  return {
    lost: () => lost > 0,
    markLost: () => {
      lost += 1;
      if (lost === 1) emit();
    },
    markBack: () => {
      if (lost === 0) return;
      lost = Math.max(0, lost - 1);
      if (lost === 0) emit();
    },
    subscribe: (l: () => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
})();

/** True while a watch has lost its connection (the banner). */
export const useConnectionLost = (): boolean => useSyncExternalStore(connection.subscribe, connection.lost);

export interface ListState<T> {
  items: T[];
  loading: boolean;
  /** True while later pages of the first list are still arriving. */
  more?: boolean;
  error?: Error;
  /** Reloads from scratch. */
  reload: () => void;
}

/** Items per page of a first list: enough to fill a screen at once. */
const PAGE = 500;

const keyOf = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

/**
 * The objects of a kind in a namespace (all namespaces when `namespace` is undefined), listed and
 * then watched. `labelSelector` filters on the server.
 */
export const useList = <T extends KubeObject = KubeObject>(
  kind: string,
  namespace: string | undefined,
  options: { labelSelector?: string; enabled?: boolean } = {},
): ListState<T> => {
  const [state, setState] = useState<{ items: T[]; loading: boolean; more?: boolean; error?: Error }>({
    items: [],
    loading: true,
  });
  const [generation, setGeneration] = useState(0);
  const enabled = options.enabled ?? true;
  const selector = options.labelSelector;
  useEffect(() => {
    if (!enabled) return;
    const abort = new AbortController();
    const byKey = new Map<string, T>();
    let lost = false;
    const publish = (more = false) =>
      setState({
        items: [...byKey.values()].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : 1)),
        loading: false,
        ...(more ? { more } : {}),
      });
    const run = async () => {
      let rv: string | undefined;
      let delay = 500;
      while (!abort.signal.aborted) {
        try {
          if (rv === undefined) {
            // Pages of PAGE: the first one shows at once, the rest follow (one consistent snapshot;
            // the watch resumes from its resourceVersion).
            byKey.clear();
            let next: string | undefined;
            do {
              const list = await api.list<T>(kind, namespace, {
                labelSelector: selector,
                limit: String(PAGE),
                continue: next,
              });
              for (const item of list.items) byKey.set(keyOf(item), item);
              rv = list.metadata.resourceVersion;
              next = list.metadata.continue || undefined;
              publish(next !== undefined);
            } while (next && !abort.signal.aborted);
          }
          if (lost) {
            lost = false;
            connection.markBack();
          }
          await watch<T>(
            listPath(kind, namespace),
            rv,
            (e: WatchEvent<T>) => {
              if (e.type === 'ERROR') {
                const code = (e.object as unknown as { code?: number }).code;
                throw new ApiError(code ?? 500, 'watch error', 'Expired', []);
              }
              rv = e.object.metadata.resourceVersion ?? rv;
              if (e.type === 'BOOKMARK') return;
              if (e.type === 'DELETED') byKey.delete(keyOf(e.object));
              else byKey.set(keyOf(e.object), e.object);
              publish();
            },
            abort.signal,
            { labelSelector: selector },
          );
          delay = 500;
        } catch (e) {
          if (abort.signal.aborted) return;
          if (e instanceof ApiError && e.status === 410) {
            rv = undefined; // too old: list again
            continue;
          }
          if (e instanceof ApiError && e.status !== 410 && rv === undefined) {
            setState({ items: [], loading: false, error: e });
            return;
          }
          if (!lost) {
            lost = true;
            connection.markLost();
          }
          await new Promise((r) => setTimeout(r, delay));
          delay = Math.min(delay * 2, 5_000);
        }
      }
    };
    setState((s) => ({ ...s, loading: true }));
    void run();
    return () => {
      abort.abort();
      if (lost) connection.markBack();
    };
  }, [kind, namespace, selector, enabled, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
};

export interface ObjectState<T> {
  object?: T;
  loading: boolean;
  /** 404 shows "not found", anything else the error. */
  error?: Error;
}

/** One object, kept live (the list watch of its namespace, filtered to its name on the client). */
export const useObject = <T extends KubeObject = KubeObject>(
  kind: string,
  namespace: string | undefined,
  name: string,
): ObjectState<T> => {
  const [state, setState] = useState<ObjectState<T>>({ loading: true });
  useEffect(() => {
    const abort = new AbortController();
    let rv: string | undefined;
    const run = async () => {
      let delay = 500;
      while (!abort.signal.aborted) {
        try {
          if (rv === undefined) {
            const o = await api.get<T>(kind, namespace, name);
            rv = o.metadata.resourceVersion;
            setState({ object: o, loading: false });
          }
          await watch<T>(
            listPath(kind, namespace),
            rv,
            (e) => {
              if (e.type === 'ERROR') throw new ApiError(410, 'watch error', 'Expired', []);
              rv = e.object.metadata.resourceVersion ?? rv;
              if (e.type === 'BOOKMARK' || e.object.metadata.name !== name) return;
              if (e.type === 'DELETED')
                setState({
                  loading: false,
                  error: new ApiError(404, `${kind} "${name}" was deleted`, 'NotFound', []),
                });
              else setState({ object: e.object, loading: false });
            },
            abort.signal,
            { fieldSelector: `metadata.name=${name}` },
          );
          delay = 500;
        } catch (e) {
          if (abort.signal.aborted) return;
          if (e instanceof ApiError && (e.status === 404 || e.status === 403 || e.status === 401)) {
            setState({ loading: false, error: e });
            return;
          }
          if (e instanceof ApiError && e.status === 410) {
            rv = undefined;
            continue;
          }
          await new Promise((r) => setTimeout(r, delay));
          delay = Math.min(delay * 2, 5_000);
        }
      }
    };
    setState({ loading: true });
    void run();
    return () => abort.abort();
  }, [kind, namespace, name]);
  return state;
};

/** A one-off read (e.g. the Studio catalog): loading, error, data, and reload. */
export const useFetch = <T>(load: () => Promise<T>, deps: unknown[]) => {
  const [state, setState] = useState<{ data?: T; loading: boolean; error?: Error }>({ loading: true });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, loading: false }),
      (error: Error) => live && setState({ loading: false, error }),
    );
    return () => {
      live = false;
    };
  }, [...deps, generation]);
  return { ...state, reload: () => setGeneration((g) => g + 1) };
};
