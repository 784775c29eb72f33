/** WorkloadProfile: components that refer to definitions and repositories; revisions count spec changes. */
import {
  BUILTIN_COMPONENT_TYPES,
  WORKLOAD_PROFILE_HISTORY,
  WORKLOAD_PROFILE_HISTORY_BYTES,
  findKind,
  type KindInfo,
  type KubeObject,
  type ProfileBundle,
  type WorkloadProfile,
} from '../model/index.js';
import { issue, pinnedRevision, readableRevisions, revisionsOf } from '../rules/index.js';
import { checkWorkloadProfile, checkWorkloadProfileReferences } from '../rules/workloadProfileRules.js';
import { pathColumn, specColumn } from './columns.js';
import { evaluatedStatus } from './status.js';
import type { KindModule, KindReference } from './types.js';

const BUILTIN = new Set<string>(BUILTIN_COMPONENT_TYPES);

type History = NonNullable<NonNullable<WorkloadProfile['status']>['history']>;

/**
 * The newest entries of `history` whose specs fit {@link WORKLOAD_PROFILE_HISTORY_BYTES}: none when
 * the last spec alone is bigger (the object must stay small enough to be sent back).
 */
const withinBudget = (history: History): History => {
  let bytes = 0;
  let from = history.length;
  while (from > 0) {
    bytes += Buffer.byteLength(JSON.stringify(history[from - 1]!.spec));
    if (bytes > WORKLOAD_PROFILE_HISTORY_BYTES) break;
    from--;
  }
  return history.slice(from);
};
const profileOf = (o: KubeObject) => o as unknown as WorkloadProfile;

export const workloadProfileKind: KindModule = {
  info: findKind('WorkloadProfile') as KindInfo,
  reads: ['ComponentDefinition', 'HelmRepository', 'OCIRepository'],
  references: (o) =>
    profileOf(o).spec.workload.components.flatMap((c) => {
      const refs: KindReference[] = [];
      if (!BUILTIN.has(c.type)) refs.push({ kinds: ['ComponentDefinition'], name: c.type });
      const repo = c.properties?.repository;
      // A templated repository name is known only at deployment.
      if (c.type === 'helm' && typeof repo === 'string' && !repo.includes('{{'))
        refs.push({ kinds: ['HelmRepository', 'OCIRepository'], name: repo });
      return refs;
    }),
  check: (o, resolver) => checkWorkloadProfile(profileOf(o), resolver),
  checkReferences: (o, resolver) => checkWorkloadProfileReferences(profileOf(o), resolver),
  status: (o, e, now) => evaluatedStatus(o, e, now),
  immutableFields: [['spec', 'type']],
  bookkeeping: (next, current, specChanged) => {
    // Old revisions stay readable by number: every spec change is a new one, and the spec it
    // replaces joins status.history (the last few), where pinned bundles read it (SPEC §2.2).
    const status = (next.status ??= {}) as NonNullable<WorkloadProfile['status']>;
    if (!current) {
      status.revision = 1; // a create's status is the server's: no history comes with it
      return;
    }
    const was = profileOf(current);
    const previous = was.status?.revision ?? 1;
    const history = was.status?.history ?? [];
    status.revision = previous + (specChanged ? 1 : 0);
    const kept = specChanged
      ? withinBudget([...history, { revision: previous, spec: was.spec }].slice(-WORKLOAD_PROFILE_HISTORY))
      : history;
    if (kept.length) status.history = kept;
    else delete status.history;
  },
  replaceWarnings: async (next, current, dependents) => {
    // The revisions this change no longer keeps (the oldest, once history is full).
    const kept = new Set(revisionsOf(profileOf(next)));
    const dropped = new Set(revisionsOf(profileOf(current)).filter((r) => !kept.has(r)));
    if (!dropped.size) return [];
    const name = next.metadata.name;
    return (await dependents()).flatMap((o) => {
      if (o.kind !== 'ProfileBundle') return [];
      const pin = pinnedRevision(o as unknown as ProfileBundle, name);
      return pin !== undefined && dropped.has(pin)
        ? [
            issue(
              'PB008',
              [],
              `bundle "${o.metadata.name}" pins revision ${pin} of this profile, which this change no longer keeps ` +
                `(readable now: ${readableRevisions(profileOf(next))}): the bundle waits as Pending until it pins one of those or drops the pin.`,
              'warning',
            ),
          ]
        : [];
    });
  },
  columns: [
    specColumn('Type', 'type', 'Application, Model or Infrastructure (spec.type).'),
    pathColumn('Revision', 'integer', 'Current revision (status.revision).', ['status', 'revision']),
  ],
};
