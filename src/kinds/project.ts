/**
 * Project: a team's namespace, settings and Model-as-a-Service mappings (SPEC §2.7). It lives in a
 * tenant namespace and serves the one named in `spec.namespace`.
 */
import { findKind, type KindInfo, type KubeObject, type Project } from '../model/index.js';
import { issue } from '../rules/index.js';
import { checkProject } from '../rules/projectRules.js';
import { column, fieldAt, specColumn } from './columns.js';
import { evaluatedStatus } from './status.js';
import type { KindModule } from './types.js';

const projectOf = (o: KubeObject) => o as unknown as Project;

export const projectKind: KindModule = {
  info: findKind('Project') as KindInfo,
  reads: ['Settings', 'Project'],
  references: (o) => {
    const p = projectOf(o);
    return p.spec.settingsRef
      ? [{ kinds: ['Settings'], name: p.spec.settingsRef.name, namespace: p.spec.namespace }]
      : [];
  },
  servedNamespace: (o) => projectOf(o).spec.namespace,
  check: (o, resolver) => checkProject(projectOf(o), resolver),
  checkStored: async (o, reader) => {
    const ns = projectOf(o).spec.namespace;
    const other = ((await reader.list('Project')) as unknown as Project[]).find(
      (p) =>
        p.spec.namespace === ns &&
        !(p.metadata.name === o.metadata.name && p.metadata.namespace === o.metadata.namespace),
    );
    return other
      ? [
          issue(
            'PRJ004',
            ['spec', 'namespace'],
            `namespace "${ns}" is already served by Project ${other.metadata.namespace}/${other.metadata.name}; a namespace has one Project: change that one, or pick another namespace`,
          ),
        ]
      : [];
  },
  authorityOver: (o) => [projectOf(o).spec.namespace],
  status: (o, e, now) => evaluatedStatus(o, e, now),
  columns: [
    // Not "Namespace": `kubectl get -A` adds a NAMESPACE column of its own (the object's).
    specColumn('Serves', 'namespace', 'The namespace the project serves (spec.namespace).'),
    column('Mappings', 'integer', 'Number of Model-as-a-Service mappings.', (o) => {
      const m = fieldAt(o, 'spec', 'maasMappings');
      return Array.isArray(m) ? m.length : 0;
    }),
  ],
};
