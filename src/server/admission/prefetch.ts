import {
  LABEL_CLUSTER_PROFILE,
  LABEL_AIWORKLOAD_TYPE,
  SYSTEM_NAMESPACE,
  type AIWorkload,
  type ComputePool,
  type KubeObject,
  type ProfileBundle,
  type Project,
} from '../../model/index.js';
import { IndexResolver } from '../../rules/index.js';
import type { Store } from '../../storage/store.js';
import { ANY, referencesOf } from './references.js';

/**
 * Gathers from the store (lists through `lists`, e.g. a ListCache) what the rules need to check `object` (ADR 0002) and returns an in-memory
 * resolver over it. Reads are bounded by the object's own references, plus the namespace's
 * VariableSets, and for Model as a Service the namespace's bundles.
 */
/** The reads admission needs from a store. */
export type StoreReader = Pick<Store, 'get' | 'list'>;

export const prefetch = async (
  object: KubeObject,
  store: StoreReader,
  lists: Pick<Store, 'list'> = store,
): Promise<IndexResolver> => {
  const ns = object.metadata.namespace ?? 'default';
  const found = new Map<string, KubeObject>();
  const add = (o: KubeObject | undefined) => {
    if (o) found.set(`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, o);
    return o;
  };
  const named = async (o: KubeObject) => {
    for (const ref of referencesOf(o).filter((r) => r.name !== ANY)) {
      for (const kind of ref.kinds) add(await store.get({ kind, namespace: ns, name: ref.name }));
      if (ref.kinds[0] === 'ClusterProfile') {
        const versions = await lists.list('ClusterProfile', {
          namespace: ns,
          labels: [{ key: LABEL_CLUSTER_PROFILE, op: '=', value: ref.name }],
        });
        versions.items.forEach(add);
      }
    }
  };
  const bundleWithContents = async (name: string) => {
    const b = add(await store.get({ kind: 'ProfileBundle', namespace: ns, name }));
    if (b) await named(b);
    return b as ProfileBundle | undefined;
  };
  const variableSets = async () => {
    for (const space of new Set([ns, SYSTEM_NAMESPACE]))
      (await lists.list('VariableSet', { namespace: space })).items.forEach(add);
  };

  await named(object);
  switch (object.kind) {
    case 'ProfileBundle': {
      await variableSets();
      const deps = (object as unknown as ProfileBundle).spec.workloadProfileDependencies;
      for (const r of [...(deps?.helmRepositories ?? []), ...(deps?.ociRepositories ?? [])]) {
        for (const kind of ['HelmRepository', 'OCIRepository'])
          add(await store.get({ kind, namespace: ns, name: r.name }));
      }
      break;
    }
    case 'ComputePool':
      await variableSets();
      await bundleWithContents((object as unknown as ComputePool).spec.profileBundleRef.name);
      break;
    case 'AIWorkload': {
      await variableSets();
      const w = object as unknown as AIWorkload;
      for (const r of w.spec.profileBundleRefs ?? []) await bundleWithContents(r.name);
      if (w.spec.computePoolRef) {
        const pool = add(
          await store.get({ kind: 'ComputePool', namespace: ns, name: w.spec.computePoolRef.name }),
        ) as ComputePool | undefined;
        if (pool) await bundleWithContents(pool.spec.profileBundleRef.name);
      }
      const projects = (await lists.list('Project')).items as unknown as Project[];
      const project = projects.find((p) => p.spec.namespace === ns);
      add(project as unknown as KubeObject);
      if (
        w.metadata.labels?.[LABEL_AIWORKLOAD_TYPE] === 'model' &&
        (w.spec.profileBundleRefs ?? []).length < 2
      ) {
        // Model as a Service may choose (no bundle, or only the Infrastructure half named): it
        // examines every bundle of the namespace and what they hold.
        (await store.list('ProfileBundle', { namespace: ns })).items.forEach(add);
        (await store.list('WorkloadProfile', { namespace: ns })).items.forEach(add);
      }
      break;
    }
    case 'Project': {
      const p = object as unknown as Project;
      if (p.spec.settingsRef)
        add(
          await store.get({ kind: 'Settings', namespace: p.spec.namespace, name: p.spec.settingsRef.name }),
        );
      break;
    }
    default:
      break;
  }
  const resolver = new IndexResolver([...found.values()]);
  resolver.phaseOf = (b) => b.status?.phase ?? 'Pending';
  return resolver;
};
