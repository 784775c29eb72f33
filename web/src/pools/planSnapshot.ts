/**
 * The planner over one read of the project's objects, for the pool form.
 *
 * Why not `usePlanner` (web/src/api/planner.ts): it keeps a watch open per kind it reads (12 with
 * the system VariableSets and the Projects). The server speaks HTTP/1.1, where Chromium opens at
 * most 6 connections to one host, so those watches take every connection and the rest of the
 * page's requests (the planner's own remaining lists included) wait forever. Until the server
 * multiplexes (HTTP/2) or the planner shares one watch, the form plans over lists read once and
 * read again on demand (`reload`), with the same resolver and the same planner. Its shape is the
 * `Planner` one, so going back to `usePlanner` is a one-line change.
 */
import { useMemo } from 'react';
import { kindModule, readKinds } from '../../../src/kinds/index.js';
import { SYSTEM_NAMESPACE, type KubeObject, type ProfileBundle } from '../../../src/model/index.js';
import { planWorkflow } from '../../../src/planner/index.js';
import { IndexResolver } from '../../../src/rules/index.js';
import { api, kindInfo } from '../api/client';
import { useFetch } from '../api/hooks';
import type { Planner } from '../api/planner';

const withKind = (kind: string, items: KubeObject[]) =>
  items.map((o) => ({ ...o, apiVersion: kindInfo(kind).apiVersion, kind }));

/** Every object a plan in `ns` reads, listed once (plus the system VariableSets and the Projects). */
const readObjects = async (ns: string): Promise<KubeObject[]> => {
  const reads: [string, string | undefined][] = [
    ...readKinds()
      .filter((k) => k !== 'Project')
      .map((k): [string, string] => [k, ns]),
    ['Project', undefined],
    ...(ns !== SYSTEM_NAMESPACE ? [['VariableSet', SYSTEM_NAMESPACE] as [string, string]] : []),
  ];
  const lists = await Promise.all(reads.map(([k, n]) => api.list(k, n).then((l) => withKind(k, l.items))));
  return lists.flat();
};

/** The planner over namespace `ns` as read when the page opened (or last `reload`ed). */
export const usePlanSnapshot = (ns: string): Planner & { reload: () => void } => {
  const read = useFetch(() => readObjects(ns), [ns]);
  const resolver = useMemo(() => {
    const r = new IndexResolver(read.data ?? []);
    r.phaseOf = (b: ProfileBundle) => b.status?.phase ?? 'Pending';
    return r;
  }, [read.data]);
  return {
    loading: read.loading && !read.data,
    ...(read.error ? { error: read.error } : {}),
    resolver,
    reload: read.reload,
    plan: (request) => planWorkflow(request, resolver).plan,
    planObject: (object) => {
      const request = kindModule(object.kind).planRequest?.(object, resolver);
      return request ? planWorkflow(request, resolver).plan : undefined;
    },
  };
};
