/**
 * The planner over one read of the project's objects, without watches. The live planner
 * (`api/planner.ts`) keeps a watch open per kind, ~12 long-lived requests; the server speaks
 * HTTP/1.1, where Chromium allows 6 connections per host, so with the page's own watches the
 * later lists and the wizard's dry runs queue forever. The bundle pages read once and read again
 * when the object they show changes (see the report to the integrator).
 */
import { useEffect, useMemo, useState } from 'react';
import { kindModule, readKinds } from '../../../src/kinds/index.js';
import { SYSTEM_NAMESPACE, type KubeObject, type ProfileBundle } from '../../../src/model/index.js';
import { planWorkflow } from '../../../src/planner/index.js';
import { IndexResolver } from '../../../src/rules/index.js';
import { api, kindInfo } from '../api/client';
import type { Planner } from '../api/planner';

export interface Snapshot extends Planner {
  /** The objects read, by kind (in namespace `ns`; Projects cluster-wide). */
  objects: (kind: string) => KubeObject[];
}

const withKind = (kind: string, items: KubeObject[]) =>
  items.map((o) => ({ ...o, apiVersion: kindInfo(kind).apiVersion, kind }));

/** Reads every kind a plan needs once (again when `version` changes) and plans over them. */
export const useSnapshotPlanner = (ns: string, version?: string): Snapshot => {
  const [state, setState] = useState<{ objects?: KubeObject[]; error?: Error }>({});
  useEffect(() => {
    let live = true;
    const kinds = readKinds().filter((k) => k !== 'Project');
    Promise.all([
      ...kinds.map(async (k) => withKind(k, (await api.list(k, ns)).items)),
      ns === SYSTEM_NAMESPACE
        ? Promise.resolve([])
        : api.list('VariableSet', SYSTEM_NAMESPACE).then((l) => withKind('VariableSet', l.items)),
      api.list('Project', undefined).then((l) => withKind('Project', l.items)),
    ]).then(
      (lists) => live && setState({ objects: lists.flat() }),
      (error: Error) => live && setState({ error }),
    );
    return () => {
      live = false;
    };
  }, [ns, version]);
  const resolver = useMemo(() => {
    const r = new IndexResolver(state.objects ?? []);
    r.phaseOf = (b: ProfileBundle) => b.status?.phase ?? 'Pending';
    return r;
  }, [state.objects]);
  return {
    loading: !state.objects && !state.error,
    ...(state.error ? { error: state.error } : {}),
    resolver,
    objects: (kind) =>
      (state.objects ?? []).filter(
        (o) => o.kind === kind && (kind === 'Project' || o.metadata.namespace === ns),
      ),
    plan: (request) => planWorkflow(request, resolver).plan,
    planObject: (object) => {
      const request = kindModule(object.kind).planRequest?.(object, resolver);
      return request ? planWorkflow(request, resolver).plan : undefined;
    },
  };
};
