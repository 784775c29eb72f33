import type { KubeObject } from '../../model/index.js';
import { LABEL_MANAGED_BY, MANAGED_BY_PALETTEAI } from '../labels.js';
import { componentPath, describeType, isRecord, report, type ComponentScope } from '../scope.js';

/** Container port of a webservice without `port`. @default 8080 */
export const DEFAULT_WEBSERVICE_PORT = 8080;
/** Replicas of a webservice without `replicas`. @default 1 */
export const DEFAULT_WEBSERVICE_REPLICAS = 1;
/** Extended resource that counts NVIDIA GPUs (the NVIDIA device plugin's name). */
export const GPU_RESOURCE = 'nvidia.com/gpu';

const isInt = (v: unknown, min: number, max: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/**
 * Renders a `webservice` component as an `apps/v1` Deployment and a `v1` ClusterIP Service, both
 * named after the component in the render namespace, labelled with the Kubernetes recommended
 * labels (`app.kubernetes.io/name` the component, `instance` the profile, `part-of` the bundle,
 * `managed-by` paletteai); the selector uses `name` and `instance`.
 *
 * Properties: `image` (required, else RN003), `port` (container port and Service port and
 * targetPort, default {@link DEFAULT_WEBSERVICE_PORT}), `replicas` (default
 * {@link DEFAULT_WEBSERVICE_REPLICAS}), `env` (map; rendered as a list sorted by name, values as
 * strings), `resources` (copied to the container), `gpu` (count; sets `resources.limits` of
 * {@link GPU_RESOURCE}). A property of the wrong type is RN008. On any issue the component is skipped.
 */
export function renderWebservice(scope: ComponentScope, props: Record<string, unknown>): KubeObject[] {
  const at = (field: string) => componentPath(scope, 'properties', field);
  const { image, env, resources, gpu } = props;
  const port = props.port ?? DEFAULT_WEBSERVICE_PORT;
  const replicas = props.replicas ?? DEFAULT_WEBSERVICE_REPLICAS;
  let ok = true;
  const fail = (code: 'RN003' | 'RN008', field: string, message: string) => {
    report(scope, code, at(field), message);
    ok = false;
  };
  if (typeof image !== 'string' || image === '') {
    fail(
      'RN003',
      'image',
      `a webservice needs "image", e.g. ghcr.io/org/app:1.0, found ${describeType(image)}`,
    );
  }
  if (!isInt(port, 1, 65535))
    fail('RN008', 'port', `"port" must be an integer 1-65535, found ${describeType(port)}`);
  if (!isInt(replicas, 0, 2 ** 31 - 1)) {
    fail('RN008', 'replicas', `"replicas" must be an integer of at least 0, found ${describeType(replicas)}`);
  }
  if (gpu !== undefined && !isInt(gpu, 0, 2 ** 31 - 1)) {
    fail('RN008', 'gpu', `"gpu" must be a whole number of GPUs, found ${describeType(gpu)}`);
  }
  if (resources !== undefined && !isRecord(resources)) {
    fail(
      'RN008',
      'resources',
      `"resources" must be an object (limits, requests), found ${describeType(resources)}`,
    );
  }
  const envList: { name: string; value: string }[] = [];
  if (env !== undefined && !isRecord(env)) {
    fail('RN008', 'env', `"env" must be a map of NAME: value, found ${describeType(env)}`);
  }
  for (const [name, value] of Object.entries(isRecord(env) ? env : {})) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      envList.push({ name, value: String(value) });
    } else
      fail('RN008', 'env', `env "${name}" must be a string, number or bool, found ${describeType(value)}`);
  }
  if (!ok) return [];

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
  envList.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
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
