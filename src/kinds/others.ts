/**
 * Kinds with little behaviour of their own: WorkloadDeployment (made by controllers), the Flux
 * repositories, and core Namespace and Secret.
 */
import {
  findKind,
  KINDS,
  type AIWorkload,
  type KindInfo,
  type KubeObject,
  type WorkloadDeployment,
} from '../model/index.js';
import { issue } from '../rules/index.js';
import { asRecord, column, fieldAt, pathColumn, PHASE_COLUMN, text } from './columns.js';
import { evaluatedStatus } from './status.js';
import type { KindModule } from './types.js';

const info = (kind: string) => findKind(kind) as KindInfo;

const urlColumn = pathColumn('URL', 'string', 'Repository URL (spec.url).', ['spec', 'url']);

/** What a WorkloadDeployment delivered, as its owner's status (and `explain`) list it. */
export type DeliveredArtifact = NonNullable<NonNullable<AIWorkload['status']>['artifacts']>[number];

/** The artifact a WorkloadDeployment reports, with the workload profile revision it rendered. */
export const deliveredArtifact = (wd: KubeObject): DeliveredArtifact => {
  const a = (wd.status as WorkloadDeployment['status'])?.artifact as
    { reference?: unknown; digest?: unknown } | undefined;
  const profile = (wd.spec as WorkloadDeployment['spec'] | undefined)?.workloadProfile;
  return {
    workloadDeployment: wd.metadata.name,
    ...(typeof a?.reference === 'string' ? { reference: a.reference } : {}),
    ...(typeof a?.digest === 'string' ? { digest: a.digest } : {}),
    ...(profile ? { workloadProfile: { name: profile.name, revision: profile.revision } } : {}),
  };
};

export const workloadDeploymentKind: KindModule = {
  info: info('WorkloadDeployment'),
  // Delivered: its artifact is in the registry (and applied, with a kubeconfig provider).
  readyPhases: ['Delivered'],
  status: (o, e, now) => evaluatedStatus(o, e, now),
  columns: [
    column('Owner', 'string', 'The AIWorkload or ComputePool it belongs to (spec.owner).', (o) => {
      const kind = text(fieldAt(o, 'spec', 'owner', 'kind'));
      const name = text(fieldAt(o, 'spec', 'owner', 'name'));
      return kind && name ? `${String(kind).toLowerCase()}/${String(name)}` : null;
    }),
    pathColumn('Profile', 'string', 'The workload profile it renders (spec.workloadProfile.name).', [
      'spec',
      'workloadProfile',
      'name',
    ]),
    PHASE_COLUMN,
    pathColumn('Digest', 'string', 'Digest of the delivered artifact (status.artifact.digest).', [
      'status',
      'artifact',
      'digest',
    ]),
  ],
};

export const helmRepositoryKind: KindModule = {
  info: info('HelmRepository'),
  status: (o, e, now) => evaluatedStatus(o, e, now),
  columns: [urlColumn],
};

export const ociRepositoryKind: KindModule = {
  info: info('OCIRepository'),
  status: (o, e, now) => evaluatedStatus(o, e, now),
  columns: [urlColumn],
};

/** Secret keys as Kubernetes allows them (`[-._a-zA-Z0-9]+`, at most 253 characters). */
const SECRET_KEY = /^[-._a-zA-Z0-9]{1,253}$/;

export const secretKind: KindModule = {
  info: info('Secret'),
  check: (o) =>
    (['data', 'stringData'] as const).flatMap((field) =>
      Object.keys(asRecord(o[field]))
        .filter((k) => !SECRET_KEY.test(k))
        .map((k) =>
          issue(
            'SCH005',
            [field, k],
            `a Secret key is letters, digits, "-", "_" and "." (at most 253 characters); rename ${JSON.stringify(k.slice(0, 64))}`,
          ),
        ),
    ),
  // `stringData` is a write-only convenience, as in Kubernetes: folded into base64 `data` (its keys
  // win) and never stored or returned.
  bookkeeping: (next) => {
    const plain = asRecord(next['stringData']);
    if (!('stringData' in next)) return;
    const data = { ...asRecord(next['data']) } as Record<string, unknown>;
    for (const [k, v] of Object.entries(plain)) data[k] = Buffer.from(String(v), 'utf8').toString('base64');
    delete (next as Record<string, unknown>)['stringData'];
    if (Object.keys(data).length) (next as Record<string, unknown>)['data'] = data;
  },
  columns: [
    column('Type', 'string', 'Type of the secret.', (o) => text(o['type']) ?? 'Opaque'),
    column(
      'Data',
      'integer',
      'Number of keys in data and stringData.',
      (o) => new Set([...Object.keys(asRecord(o['data'])), ...Object.keys(asRecord(o['stringData']))]).size,
    ),
  ],
};

export const namespaceKind: KindModule = {
  info: info('Namespace'),
  // Deleting a namespace deletes what it holds, as in Kubernetes (`kubectl delete -R -f dir/` in
  // one pass, and nothing left behind that controllers made there: events, deployments). It is
  // `Terminating` first, so watchers see why its objects go and nothing new lands in it meanwhile.
  beforeDelete: async (o, tx) => {
    await tx.setStatus({ ...asRecord(o.status), phase: 'Terminating' });
    for (const k of KINDS.filter((x) => x.namespaced).reverse())
      for (const name of await tx.names(k.kind, o.metadata.name))
        await tx.delete(k.kind, o.metadata.name, name);
  },
  // `Active` from its creation, as kube-apiserver shows it (`Terminating` while it is deleted).
  status: (o) => ({ ...asRecord(o.status), phase: 'Active' }),
  columns: [
    column(
      'Status',
      'string',
      'Phase of the namespace.',
      (o) => text(fieldAt(o, 'status', 'phase')) ?? 'Active',
    ),
  ],
};

const INVOLVED = ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath'];

/** Core v1 Event: one controller step on an object; its columns are what `kubectl get events` shows. */
export const eventKind: KindModule = {
  info: info('Event'),
  // `kubectl describe` lists an object's events by its involved object.
  selectableFields: {
    ...Object.fromEntries(INVOLVED.map((f) => [`involvedObject.${f}`, ['involvedObject', f]])),
    reason: ['reason'],
    type: ['type'],
    source: ['source', 'component'],
    reportingComponent: ['reportingComponent'],
  },
  // Served again as events.k8s.io/v1, field for field as kube-apiserver converts the two.
  viewFields: {
    'events.k8s.io/v1': [
      ['involvedObject', 'regarding'],
      ['message', 'note'],
      ['reportingComponent', 'reportingController'],
      ['source', 'deprecatedSource'],
      ['firstTimestamp', 'deprecatedFirstTimestamp'],
      ['lastTimestamp', 'deprecatedLastTimestamp'],
      ['count', 'deprecatedCount'],
    ],
  },
  columns: [
    column('Type', 'string', 'Normal or Warning.', (o) => text(o['type'])),
    column('Reason', 'string', 'Why, in one word.', (o) => text(o['reason'])),
    column('Object', 'string', 'The object the event is about (kind/name).', (o) => {
      const kind = text(fieldAt(o, 'involvedObject', 'kind'));
      const name = text(fieldAt(o, 'involvedObject', 'name'));
      return kind && name ? `${String(kind).toLowerCase()}/${String(name)}` : null;
    }),
    column('Message', 'string', 'What happened.', (o) => text(o['message'])),
  ],
};
