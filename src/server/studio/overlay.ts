import type { KubeObject } from '../../model/index.js';
import { matchesLabels } from '../../storage/labelSelector.js';
import type { ListOptions, ListResult, ObjectKey, StoredObject } from '../../storage/store.js';
import type { StoreReader } from '../admission/prefetch.js';

/**
 * The store as it would be with `objects` written: reads see the given objects over the stored
 * ones. Lets admission check a whole import against the namespace before anything is written.
 */
export const overlay = (store: StoreReader, objects: readonly KubeObject[]): StoreReader => {
  const keyOf = (k: ObjectKey) => `${k.kind}\u0000${k.namespace}\u0000${k.name}`;
  const byKey = new Map(
    objects.map((o) => [
      keyOf({ kind: o.kind, namespace: o.metadata.namespace ?? '', name: o.metadata.name }),
      o as StoredObject,
    ]),
  );
  return {
    get: async (key) => byKey.get(keyOf(key)) ?? store.get(key),
    list: async (kind: string, options: ListOptions = {}): Promise<ListResult> => {
      const stored = await store.list(kind, { ...options, limit: 0 });
      const mine = objects.filter(
        (o) =>
          o.kind === kind &&
          (options.namespace === undefined || (o.metadata.namespace ?? '') === options.namespace) &&
          (options.name === undefined || o.metadata.name === options.name) &&
          matchesLabels(o.metadata.labels, options.labels),
      ) as StoredObject[];
      const names = new Set(mine.map((o) => `${o.metadata.namespace}/${o.metadata.name}`));
      return {
        ...stored,
        items: [
          ...stored.items.filter((o) => !names.has(`${o.metadata.namespace}/${o.metadata.name}`)),
          ...mine,
        ],
      };
    },
  };
};
