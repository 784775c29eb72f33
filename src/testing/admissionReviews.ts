/**
 * `AdmissionReview` (admission.k8s.io/v1) bodies written the way kube-apiserver sends them to a
 * validating webhook: a fresh `uid`, the kind and resource (and the request's own, which
 * `matchPolicy: Equivalent` may convert from), the user, the object as the API server holds it
 * (namespace, uid, creationTimestamp, generation and managedFields filled in; resourceVersion on
 * UPDATE), the old object on UPDATE and DELETE, `dryRun` and the operation's options.
 */
import { randomUUID } from 'node:crypto';
import { findKind, type KubeObject } from '../model/index.js';

type Operation = 'CREATE' | 'UPDATE' | 'DELETE';

export interface ReviewOptions {
  oldObject?: KubeObject;
  dryRun?: boolean;
  /** `options.fieldValidation` (kubectl sends Strict). @default 'Strict' */
  fieldValidation?: 'Strict' | 'Warn' | 'Ignore';
  username?: string;
}

/** The object with the metadata the API server has set by the time admission sees it. */
export const asStored = (
  o: KubeObject,
  namespace = o.metadata.namespace ?? 'default',
  generation = 1,
): KubeObject => ({
  ...o,
  metadata: {
    ...o.metadata,
    namespace,
    uid: randomUUID(),
    generation,
    creationTimestamp: '2026-11-30T10:00:00Z',
    managedFields: [
      {
        manager: 'kubectl-client-side-apply',
        operation: 'Update',
        apiVersion: o.apiVersion,
        time: '2026-11-30T10:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:spec': {} },
      },
    ],
  },
});

const OPTIONS_KIND: Record<Operation, string> = {
  CREATE: 'CreateOptions',
  UPDATE: 'UpdateOptions',
  DELETE: 'DeleteOptions',
};

/** The review of `operation` on `object` (for DELETE, the object being deleted). */
export const admissionReview = (operation: Operation, object: KubeObject, o: ReviewOptions = {}) => {
  const info = findKind(object.kind);
  const [group, version] = object.apiVersion.includes('/')
    ? object.apiVersion.split('/')
    : ['', object.apiVersion];
  const kind = { group: group!, version: version!, kind: object.kind };
  const resource = {
    group: group!,
    version: version!,
    resource: info?.plural ?? `${object.kind.toLowerCase()}s`,
  };
  const oldObject = operation === 'DELETE' ? object : o.oldObject;
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: randomUUID(),
      kind,
      resource,
      requestKind: kind,
      requestResource: resource,
      name: object.metadata.name,
      ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}),
      operation,
      userInfo: {
        username: o.username ?? 'kubernetes-admin',
        groups: ['kubeadm:cluster-admins', 'system:authenticated'],
      },
      object: operation === 'DELETE' ? null : object,
      oldObject: oldObject ?? null,
      dryRun: o.dryRun ?? false,
      options: {
        apiVersion: 'meta.k8s.io/v1',
        kind: OPTIONS_KIND[operation],
        ...(operation === 'DELETE'
          ? { propagationPolicy: 'Background' }
          : { fieldManager: 'kubectl-client-side-apply', fieldValidation: o.fieldValidation ?? 'Strict' }),
      },
    },
  };
};
