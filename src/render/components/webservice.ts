import {
  byCodeUnits,
  checkWebserviceProperties,
  isRecord,
  type KubeObject,
  type WebserviceProperties,
} from '../../model/index.js';
import { LABEL_MANAGED_BY, MANAGED_BY_PALETTEAI } from '../labels.js';
import { reportProperties, type ComponentScope } from '../scope.js';

/** Container port of a webservice without `port`. @default 8080 */
export const DEFAULT_WEBSERVICE_PORT = 8080;
/** Replicas of a webservice without `replicas`. @default 1 */
export const DEFAULT_WEBSERVICE_REPLICAS = 1;
/** Extended resource that counts NVIDIA GPUs (the NVIDIA device plugin's name). */
export const GPU_RESOURCE = 'nvidia.com/gpu';

/**
 * Renders a `webservice` component as an `apps/v1` Deployment and a `v1` ClusterIP Service, both
 * named after the component in the render namespace, labelled with the Kubernetes recommended
 * labels (`app.kubernetes.io/name` the component, `instance` the profile, `part-of` the bundle,
 * `managed-by` paletteai); the selector uses `name` and `instance`.
 *
 * Properties ({@link WebserviceProperties}): `image` (required), `port` (container port and
 * Service port and targetPort, default {@link DEFAULT_WEBSERVICE_PORT}), `replicas` (default
 * {@link DEFAULT_WEBSERVICE_REPLICAS}), `env` (map; rendered as a list sorted by name, values as
 * strings), `resources` (copied to the container), `gpu` (count; sets `resources.limits` of
 * {@link GPU_RESOURCE}). Properties that {@link checkWebserviceProperties} refuses are WP005, as
 * the rules report them, and the component is skipped.
 */
export function renderWebservice(scope: ComponentScope, props: Record<string, unknown>): KubeObject[] {
  if (!reportProperties(scope, checkWebserviceProperties(props, { rendered: true }))) return [];
  const {
    image,
    env,
    resources,
    gpu,
    port = DEFAULT_WEBSERVICE_PORT,
    replicas = DEFAULT_WEBSERVICE_REPLICAS,
  } = props as WebserviceProperties;
  const envList = Object.entries(env ?? {})
    .map(([name, value]) => ({ name, value: String(value) }))
    .sort((a, b) => byCodeUnits(a.name, b.name));

  const name = scope.component.name;
  const selector = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': scope.profile };
  const labels = {
    ...selector,
    'app.kubernetes.io/part-of': scope.bundle,
    [LABEL_MANAGED_BY]: MANAGED_BY_PALETTEAI,
  };
  const containerResources = isRecord(resources) ? structuredClone(resources) : {};
  if (typeof gpu === 'number' && gpu > 0) {
    const limits = isRecord(containerResources.limits) ? containerResources.limits : {};
    containerResources.limits = { ...limits, [GPU_RESOURCE]: gpu };
  }
  const container: Record<string, unknown> = {
    name,
    image,
    ports: [{ name: 'http', containerPort: port, protocol: 'TCP' }],
  };
  if (envList.length > 0) container.env = envList;
  if (Object.keys(containerResources).length > 0) container.resources = containerResources;
  const metadata = { name, namespace: scope.namespace, labels };
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata,
      spec: {
        replicas,
        selector: { matchLabels: selector },
        template: { metadata: { labels: { ...labels } }, spec: { containers: [container] } },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: structuredClone(metadata),
      spec: {
        type: 'ClusterIP',
        selector: { ...selector },
        ports: [{ name: 'http', port, targetPort: port, protocol: 'TCP' }],
      },
    },
  ];
}
