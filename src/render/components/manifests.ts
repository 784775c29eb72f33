import {
  checkManifestsProperties,
  kubeObjectProblem,
  type KubeObject,
  type ManifestsProperties,
} from '../../model/index.js';
import { reportProperties, type ComponentScope } from '../scope.js';

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
 * Checks that `value` is a Kubernetes object ({@link kubeObjectProblem}) and returns it with
 * `metadata.namespace` set to `namespace` when it is namespaced and has none. Returns why it is not
 * an object otherwise.
 */
export function toKubeObject(value: unknown, namespace: string): KubeObject | string {
  const problem = kubeObjectProblem(value);
  if (problem !== undefined) return problem;
  const obj = value as KubeObject;
  if (obj.metadata.namespace !== undefined || CLUSTER_SCOPED_KINDS.has(obj.kind)) return obj;
  return { ...obj, metadata: { ...obj.metadata, namespace } };
}

/**
 * Renders a `manifests` component: `properties.objects`, a list of Kubernetes objects, in order.
 * Namespaced objects without `metadata.namespace` get the render namespace. Properties that
 * {@link checkManifestsProperties} refuses (anything in the list that is not a Kubernetes object)
 * are WP006, as the rules report them, and the component is skipped.
 */
export function renderManifests(scope: ComponentScope, props: Record<string, unknown>): KubeObject[] {
  if (!reportProperties(scope, checkManifestsProperties(props, { rendered: true }))) return [];
  return (props as ManifestsProperties).objects.map(
    (item) => toKubeObject(item, scope.namespace) as KubeObject,
  );
}
