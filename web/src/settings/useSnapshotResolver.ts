/**
 * The rules' and the planner's lookups over a one-off read of the namespace's objects (every kind
 * admission reads, the system VariableSets and every Project): the same objects `usePlanner` reads,
 * listed once instead of watched. A page over HTTP/1.1 gets six connections per host from the
 * browser; `usePlanner`'s twelve watches would hold them all and stall every later request (the dry
 * runs and saves of this page). `reload` reads again (after a save, or on demand).
 */
import { useMemo, useState } from 'react';
import { readKinds } from '../../../src/kinds/index.js';
import { SYSTEM_NAMESPACE, type KubeObject, type ProfileBundle } from '../../../src/model/index.js';
import { IndexResolver } from '../../../src/rules/index.js';
import { api, kindInfo } from '../api/client';
import { useFetch } from '../api/hooks';

export interface SnapshotResolver {
  loading: boolean;
  error?: Error;
  resolver: IndexResolver;
  reload: () => void;
}

const withKind = (kind: string, items: KubeObject[]) =>
  items.map((o) => ({ ...o, apiVersion: kindInfo(kind).apiVersion, kind }));

/** Lists what the rules and the Model-as-a-Service selection of namespace `ns` read, once. */
export const useSnapshotResolver = (ns: string): SnapshotResolver => {
  const [generation, setGeneration] = useState(0);
  const read = useFetch(async () => {
    const kinds = readKinds();
    const lists = await Promise.all(
      kinds.map(async (kind) =>
        withKind(kind, (await api.list(kind, kind === 'Project' ? undefined : ns)).items),
      ),
    );
    const system =
      ns === SYSTEM_NAMESPACE
        ? []
        : withKind('VariableSet', (await api.list('VariableSet', SYSTEM_NAMESPACE)).items);
    return [...lists.flat(), ...system];
  }, [ns, generation]);
  const resolver = useMemo(() => {
    const r = new IndexResolver(read.data ?? []);
    r.phaseOf = (b: ProfileBundle) => b.status?.phase ?? 'Pending';
    return r;
  }, [read.data]);
  return {
    // A reload keeps the previous objects until the new ones are in: the preview stays put.
    loading: read.loading && !read.data,
    ...(read.error ? { error: read.error } : {}),
    resolver,
    reload: () => setGeneration((g) => g + 1),
  };
};
