/**
 * The planner in the browser: the same kind modules and planner the server's controllers run, over
 * the project's objects as the server has them (kept live by watches). The deploy and pool wizards
 * show the plan — what is deployed and ignored, the Model-as-a-Service choice with every verdict,
 * the effective variables — before anything is created; the bundle page its compatibility table.
 */
import { useMemo } from 'react';
import { kindModule, readKinds } from '../../../src/kinds/index.js';
import { SYSTEM_NAMESPACE, type KubeObject, type ProfileBundle } from '../../../src/model/index.js';
import { planWorkflow, type Plan, type PlanRequest } from '../../../src/planner/index.js';
import { IndexResolver } from '../../../src/rules/index.js';
import { kindInfo } from './client';
import { useList } from './hooks';

export interface Planner {
  loading: boolean;
  error?: Error;
  /** Plans a request (bundles, pool, model, overrides) as the server would. */
  plan(request: PlanRequest): Plan;
  /** Plans what an AIWorkload or ComputePool object asks for; undefined when it asks for nothing plannable. */
  planObject(object: KubeObject): Plan | undefined;
  resolver: IndexResolver;
}

const withKind = (kind: string, items: KubeObject[]) =>
  items.map((o) => ({ ...o, apiVersion: kindInfo(kind).apiVersion, kind }));

/** The planner over namespace `ns` (plus the system VariableSets and every Project). */
export const usePlanner = (ns: string): Planner => {
  // The kinds whose objects a plan reads; hooks are called in the same order on every render.
  const kinds = readKinds().filter((k) => k !== 'Project');
  const lists = kinds.map((k) => ({ kind: k, list: useList(k, ns) }));
  const system = useList('VariableSet', SYSTEM_NAMESPACE, { enabled: ns !== SYSTEM_NAMESPACE });
  const projects = useList('Project', undefined);
  const all = [...lists.map((l) => l.list), system, projects];
  const loading = all.some((l) => l.loading);
  const error = all.find((l) => l.error)?.error;
  const resolver = useMemo(() => {
    const objects = [
      ...lists.flatMap(({ kind, list }) => withKind(kind, list.items)),
      ...withKind('VariableSet', system.items),
      ...withKind('Project', projects.items),
    ];
    const r = new IndexResolver(objects);
    r.phaseOf = (b: ProfileBundle) => b.status?.phase ?? 'Pending';
    return r;
  }, [...all.map((l) => l.items)]);
  return {
    loading,
    ...(error ? { error } : {}),
    resolver,
    plan: (request) => planWorkflow(request, resolver).plan,
    planObject: (object) => {
      const request = kindModule(object.kind).planRequest?.(object, resolver);
      return request ? planWorkflow(request, resolver).plan : undefined;
    },
  };
};
