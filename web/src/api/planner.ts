/**
 * The planner in the browser: the same kind modules and planner the server's controllers run, over
 * the project's objects as the server has them. The deploy and pool wizards show the plan — what is
 * deployed and ignored, the Model-as-a-Service choice with every verdict, the effective variables —
 * before anything is created; the bundle page its compatibility table.
 *
 * The objects are listed once (and again on `reload`), not watched: a watch per kind would hold a
 * dozen connections open, and a browser opens at most six HTTP/1.1 connections to one server —
 * the page's other requests would wait for ever.
 */
import { useMemo } from 'react';
import { kindModule, readKinds } from '../../../src/kinds/index.js';
import { SYSTEM_NAMESPACE, type KubeObject, type ProfileBundle } from '../../../src/model/index.js';
import { planWorkflow, type Plan, type PlanRequest } from '../../../src/planner/index.js';
import { IndexResolver } from '../../../src/rules/index.js';
import { api, kindInfo } from './client';
import { useFetch } from './hooks';

export interface Planner {
  loading: boolean;
  error?: Error;
  /** Plans a request (bundles, pool, model, overrides) as the server would. */
  plan(request: PlanRequest): Plan;
  /** Plans what an AIWorkload or ComputePool object asks for; undefined when it asks for nothing plannable. */
  planObject(object: KubeObject): Plan | undefined;
  resolver: IndexResolver;
  /** The objects of one kind in the namespace as read (every Project for `Project`). */
  ofKind<T = KubeObject>(kind: string): T[];
  /** Reads the project's objects again (after a change the plan should see). */
  reload(): void;
}

const withKind = (kind: string, items: KubeObject[]) =>
  items.map((o) => ({ ...o, apiVersion: kindInfo(kind).apiVersion, kind }));

/** Every object a plan in `ns` reads (plus the system VariableSets and every Project), in parallel. */
const readObjects = async (ns: string): Promise<KubeObject[]> => {
  const reads: [string, string | undefined][] = [
    ...readKinds()
      .filter((k) => k !== 'Project')
      .map((k): [string, string] => [k, ns]),
    ['Project', undefined],
    // Not read by the planner, but the wizards ask which dedicated pools are taken.
    ['AIWorkload', ns],
    ...(ns !== SYSTEM_NAMESPACE ? [['VariableSet', SYSTEM_NAMESPACE] as [string, string]] : []),
  ];
  // A plan asks only whether a Secret exists: its values are never read into the browser.
  const lists = await Promise.all(
    reads.map(([k, n]) =>
      k === 'Secret' ? api.listMetadata(k, n) : api.list(k, n).then((l) => withKind(k, l.items)),
    ),
  );
  return lists.flat();
};

/**
 * The planner over namespace `ns` as read when the page opened, when `version` changes (e.g. the
 * resourceVersion of the object the page shows), or on `reload()`.
 */
export const usePlanner = (ns: string, version?: string): Planner => {
  const read = useFetch(() => readObjects(ns), [ns, version]);
  const resolver = useMemo(() => {
    const r = new IndexResolver(read.data ?? []);
    r.phaseOf = (b: ProfileBundle) => b.status?.phase ?? 'Pending';
    return r;
  }, [read.data]);
  return {
    loading: read.loading && !read.data,
    ...(read.error ? { error: read.error } : {}),
    resolver,
    ofKind: <T>(kind: string) => (read.data ?? []).filter((o) => o.kind === kind) as unknown as T[],
    reload: read.reload,
    plan: (request) => planWorkflow(request, resolver).plan,
    planObject: (object) => {
      const request = kindModule(object.kind).planRequest?.(object, resolver);
      return request ? planWorkflow(request, resolver).plan : undefined;
    },
  };
};
