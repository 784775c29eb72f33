/**
 * The planner over one snapshot of the project (each kind listed once, no watches). The shared
 * `usePlanner` keeps a watch open per kind it reads (12 streams); over HTTP/1.1 the browser holds
 * at most 6 connections per host, so its later lists never start and the wizard would load forever.
 * This reads the same kinds and runs the same kind modules and planner, holding no connection.
 */
import { kindModule, readKinds } from '../../../src/kinds/index.js';
import {
  SYSTEM_NAMESPACE,
  type AIWorkload,
  type ComputePool,
  type KubeObject,
  type ProfileBundle,
} from '../../../src/model/index.js';
import { planWorkflow, type Plan } from '../../../src/planner/index.js';
import { IndexResolver } from '../../../src/rules/index.js';
import { api, kindInfo } from '../api/client';
import { useFetch } from '../api/hooks';

/** The project as read once, with the planner over it. */
export interface Snapshot {
  bundles: ProfileBundle[];
  pools: ComputePool[];
  workloads: AIWorkload[];
  resolver: IndexResolver;
  /** Plans what an AIWorkload asks for, as the server's admission and controller would. */
  planObject(object: KubeObject): Plan | undefined;
}

const withKind = (kind: string, items: KubeObject[]) =>
  items.map((o) => ({ ...o, apiVersion: kindInfo(kind).apiVersion, kind }));

const listed = async (kind: string, ns?: string) => withKind(kind, (await api.list(kind, ns)).items);

/** Reads namespace `ns` (and the system VariableSets and every Project) once. */
export const readSnapshot = async (ns: string): Promise<Snapshot> => {
  const kinds = readKinds().filter((k) => k !== 'Project');
  const [lists, system, projects, workloads] = await Promise.all([
    Promise.all(kinds.map((k) => listed(k, ns).then((items) => [k, items] as const))),
    ns === SYSTEM_NAMESPACE ? Promise.resolve([]) : listed('VariableSet', SYSTEM_NAMESPACE),
    listed('Project'),
    listed('AIWorkload', ns),
  ]);
  const byKind = new Map(lists);
  const resolver = new IndexResolver([...lists.flatMap(([, items]) => items), ...system, ...projects]);
  resolver.phaseOf = (b: ProfileBundle) => b.status?.phase ?? 'Pending';
  return {
    bundles: (byKind.get('ProfileBundle') ?? []) as unknown as ProfileBundle[],
    pools: (byKind.get('ComputePool') ?? []) as unknown as ComputePool[],
    workloads: workloads as unknown as AIWorkload[],
    resolver,
    planObject: (object) => {
      const request = kindModule(object.kind).planRequest?.(object, resolver);
      return request ? planWorkflow(request, resolver).plan : undefined;
    },
  };
};

/** The snapshot of `ns`, read on mount and on `reload()`. */
export const useSnapshot = (ns: string) => useFetch(() => readSnapshot(ns), [ns]);
