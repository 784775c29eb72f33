/** ClusterProfile: versions of one profile live side by side, found by name or by label. */
import { findKind, LABEL_CLUSTER_PROFILE, type ClusterProfile, type KindInfo } from '../model/index.js';
import { checkClusterProfile } from '../rules/clusterProfileRules.js';
import { specColumn } from './columns.js';
import { evaluatedStatus } from './status.js';
import type { KindModule } from './types.js';

export const clusterProfileKind: KindModule = {
  info: findKind('ClusterProfile') as KindInfo,
  fetchReferenced: async (namespace, name, reader) => {
    reader.add(await reader.get('ClusterProfile', namespace, name));
    for (const v of await reader.list('ClusterProfile', namespace, { [LABEL_CLUSTER_PROFILE]: name }))
      reader.add(v);
  },
  check: (o) => checkClusterProfile(o as unknown as ClusterProfile),
  checkReferences: () => [], // its rules read no other object
  status: (o, e, now) => evaluatedStatus(o, e, now),
  columns: [
    specColumn('Type', 'type', 'Infrastructure, Add-on or Full (spec.type).'),
    specColumn('Cloud', 'cloudType', 'Cloud type (spec.cloudType).'),
    specColumn('Version', 'version', 'Version of the profile (spec.version).'),
  ],
};
