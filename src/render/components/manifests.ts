import type { KubeObject } from '../../model/index.js';
import { componentPath, describeType, isRecord, report, type ComponentScope } from '../scope.js';

/**
 * Kinds treated as cluster-scoped (they get no namespace). Matched by kind only: objects of other
 * kinds are namespaced, including custom resources (give a cluster-scoped custom resource as is and
 * it still gets the render namespace, which Kubernetes ignores for cluster-scoped kinds).
 */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'StorageClass',
  'PriorityClass',
  'IngressClass',
  'RuntimeClass',
  'PersistentVolume',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'APIService',
  'CSIDriver',
]);

/**
 * Checks that `value` is a Kubernetes object (an object with string `apiVersion` and `kind`, and a
 * `metadata` object with a string `name` and, when present, `labels` and `annotations` maps) and
 * returns it with `metadata.namespace` set to `namespace` when it is namespaced and has none.
 * Returns why it is not an object otherwise.
 */
export function toKubeObject(value: unknown, namespace: string): KubeObject | string {
  if (!isRecord(value)) return `expected a Kubernetes object, found ${describeType(value)}`;
  const missing = [
    typeof value.apiVersion === 'string' && value.apiVersion !== '' ? undefined : 'apiVersion',
    typeof value.kind === 'string' && value.kind !== '' ? undefined : 'kind',
    isRecord(value.metadata) && typeof value.metadata.name === 'string' && value.metadata.name !== ''
      ? undefined
      : 'metadata.name',
  ].filter((f) => f !== undefined);
  if (missing.length > 0) return `a Kubernetes object needs a string ${missing.join(', ')}`;
  const obj = value as KubeObject;
  for (const field of ['labels', 'annotations'] as const) {
    const map: unknown = obj.metadata[field];
    if (map !== undefined && !(isRecord(map) && Object.values(map).every((v) => typeof v === 'string'))) {
      return `metadata.${field} must be a map of strings`;
    }
  }
  if (obj.metadata.namespace !== undefined || CLUSTER_SCOPED_KINDS.has(obj.kind)) return obj;
  return { ...obj, metadata: { ...obj.metadata, namespace } };
}

/**
 * Renders a `manifests` component: `properties.objects`, a list of Kubernetes objects, in order.
 * Namespaced objects without `metadata.namespace` get the render namespace. Anything that is not a
 * Kubernetes object is RN002 and left out (the other objects are still rendered).
 */
export function renderManifests(scope: ComponentScope, props: Record<string, unknown>): KubeObject[] {
  const { objects } = props;
  if (!Array.isArray(objects)) {
    report(
      scope,
      'RN002',
      componentPath(scope, 'properties', 'objects'),
      `"objects" must be a list of Kubernetes objects, found ${describeType(objects)}`,
    );
    return [];
  }
  const out: KubeObject[] = [];
  objects.forEach((item: unknown, i) => {
    const obj = toKubeObject(item, scope.namespace);
    if (typeof obj === 'string')
      report(scope, 'RN002', componentPath(scope, 'properties', 'objects', i), obj);
    else out.push(obj);
  });
  return out;
}
