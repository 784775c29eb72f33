/** ProfileBundle: refers to cluster and workload profiles; its phase says whether it can be used. */
import {
  dependencyRepositories,
  findKind,
  LABEL_INFERENCE_ENGINE,
  type KindInfo,
  type KubeObject,
  type ProfileBundle,
} from '../model/index.js';

import { checkProfileBundle, resolveBundle } from '../rules/index.js';
import { labelColumn, PHASE_COLUMN, specColumn } from './columns.js';
import { evaluatedStatus } from './status.js';
import type { KindModule } from './types.js';

const bundleOf = (o: KubeObject) => o as unknown as ProfileBundle;

export const profileBundleKind: KindModule = {
  info: findKind('ProfileBundle') as KindInfo,
  reads: ['ClusterProfile', 'WorkloadProfile', 'VariableSet', 'HelmRepository', 'OCIRepository'],
  references: (o) => {
    const b = bundleOf(o);
    return [
      ...(b.spec.clusterProfiles ?? []).map((r) => ({ kinds: ['ClusterProfile'], name: r.name })),
      ...(b.spec.workloadProfiles ?? []).map((r) => ({ kinds: ['WorkloadProfile'], name: r.name })),
    ];
  },
  prefetch: async (o, reader) => {
    const ns = o.metadata.namespace ?? '';
    await reader.variableSets(ns);
    // Repositories the bundle creates may already exist with other content: the rules compare.
    for (const repo of dependencyRepositories(bundleOf(o), ns))
      for (const kind of ['HelmRepository', 'OCIRepository'])
        reader.add(await reader.get(kind, ns, repo.metadata.name));
  },
  check: (o, resolver) => checkProfileBundle(bundleOf(o), resolver),
  status: (o, e, now) => {
    const phase = e.errors.length ? 'Invalid' : e.missing.length ? 'Pending' : 'Ready';
    const contents = e.resolver ? resolveBundle(bundleOf(o), e.resolver) : undefined;
    return {
      ...evaluatedStatus(o, e, now),
      phase,
      resolved: {
        clusterProfiles: (contents?.clusterProfiles ?? []).flatMap((r) =>
          r.object
            ? [
                {
                  name: r.name,
                  type: r.object.spec.type,
                  cloudType: r.object.spec.cloudType,
                  version: r.object.spec.version,
                },
              ]
            : [],
        ),
        workloadProfiles: (contents?.workloadProfiles ?? []).flatMap((r) =>
          r.object
            ? [{ name: r.name, type: r.object.spec.type, revision: r.object.status?.revision ?? 1 }]
            : [],
        ),
      },
    };
  },
  companions: (o) =>
    dependencyRepositories(bundleOf(o), o.metadata.namespace ?? '') as unknown as KubeObject[],
  columns: [
    specColumn('Type', 'type', 'Application, Infrastructure or Fullstack (spec.type).'),
    specColumn('Version', 'version', 'Version of the bundle (spec.version).'),
    PHASE_COLUMN,
    labelColumn('Engine', LABEL_INFERENCE_ENGINE, `Inference engine (label ${LABEL_INFERENCE_ENGINE}).`),
  ],
};
