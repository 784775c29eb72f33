/**
 * Small builders of valid objects for tests: each returns a fresh object that passes the schema,
 * with the fields a test cares about as parameters.
 */
import type {
  AIWorkload,
  BundleType,
  ClusterProfile,
  ClusterProfileType,
  ComputePool,
  KubeObject,
  MaasMapping,
  ProfileBundle,
  Project,
  Variable,
  VariableSet,
  WorkloadProfile,
  WorkloadProfileType,
} from '../model/index.js';
import { checkObject } from '../kinds/index.js';
import { IndexResolver, validateObjects } from '../rules/index.js';

export const NS = 'project-melbourne';

export const clusterProfile = (
  name: string,
  type: ClusterProfileType = 'Infrastructure',
  cloudType = 'edge-native',
  version = '1.0.0',
): ClusterProfile => ({
  apiVersion: 'spectrocloud.com/v1alpha1',
  kind: 'ClusterProfile',
  metadata: { name, namespace: NS },
  spec: {
    type,
    cloudType,
    version,
    layers:
      type === 'Add-on'
        ? [{ type: 'addon', pack: { name: `${name}-pack`, version: '1.0.0' } }]
        : [
            { type: 'os', pack: { name: 'ubuntu', version: '22.04' } },
            { type: 'k8s', pack: { name: 'k3s', version: '1.30.4' } },
            { type: 'cni', pack: { name: 'cilium', version: '1.15.3' } },
            { type: 'csi', pack: { name: 'longhorn', version: '1.6.1' } },
            ...(type === 'Full'
              ? [{ type: 'addon' as const, pack: { name: 'gpu-operator', version: '24.6.0' } }]
              : []),
          ],
  },
});

export const workloadProfile = (
  name: string,
  type: WorkloadProfileType = 'Application',
  variables: Variable[] = [],
): WorkloadProfile => ({
  apiVersion: 'spectrocloud.com/v1beta1',
  kind: 'WorkloadProfile',
  metadata: { name, namespace: NS },
  spec: {
    type,
    variables,
    workload: {
      components: [
        {
          name: 'web',
          type: 'webservice',
          properties: { image: `ghcr.io/example/${name}:1.0.0`, port: 8080 },
        },
      ],
    },
  },
});

export interface BundleOptions {
  clusterProfiles?: string[];
  workloadProfiles?: string[];
  version?: string;
  engine?: string;
  labels?: Record<string, string>;
  variables?: Variable[];
}

export const bundle = (name: string, type: BundleType, o: BundleOptions = {}): ProfileBundle => ({
  apiVersion: 'spectrocloud.com/v1beta1',
  kind: 'ProfileBundle',
  metadata: {
    name,
    namespace: NS,
    labels: { ...(o.engine ? { 'palette.ai/inference-engine': o.engine } : {}), ...o.labels },
  },
  spec: {
    type,
    version: o.version ?? '1.0.0',
    clusterProfiles: (o.clusterProfiles ?? []).map((n) => ({ name: n })),
    workloadProfiles: (o.workloadProfiles ?? []).map((n) => ({ name: n })),
    ...(o.variables ? { variableSet: { variables: o.variables } } : {}),
  },
});

export const pool = (
  name: string,
  bundleName: string,
  variant: 'shared' | 'dedicated' = 'shared',
): ComputePool => ({
  apiVersion: 'spectrocloud.com/v1alpha1',
  kind: 'ComputePool',
  metadata: { name, namespace: NS },
  spec: { profileBundleRef: { name: bundleName }, clusterVariant: { [variant]: {} } },
});

export const mapping = (
  name: string,
  priority: number,
  match: Record<string, string>,
  engine: string,
  source: MaasMapping['source'] = 'huggingface',
): MaasMapping => ({
  name,
  priority,
  source,
  match,
  profileBundleSelector: { matchLabels: { 'palette.ai/inference-engine': engine } },
});

export const project = (name: string, mappings: MaasMapping[]): Project => ({
  apiVersion: 'spectrocloud.com/v1alpha1',
  kind: 'Project',
  metadata: { name, namespace: 'tenant-acme' },
  spec: { namespace: NS, maasMappings: mappings },
});

export const variableSet = (name: string, namespace: string, variables: Variable[]): VariableSet => ({
  apiVersion: 'spectrocloud.com/v1beta1',
  kind: 'VariableSet',
  metadata: { name, namespace },
  spec: { variables },
});

export const aiWorkload = (name: string, type: 'app' | 'model', spec: AIWorkload['spec']): AIWorkload => ({
  apiVersion: 'spectrocloud.com/v1alpha1',
  kind: 'AIWorkload',
  metadata: { name, namespace: NS, labels: { 'palette.ai/aiworkload-type': type } },
  spec,
});

export const stringVar = (name: string, value?: string, extra: Partial<Variable> = {}): Variable => ({
  name,
  variableType: 'string',
  ...(value !== undefined ? { value: { string: value } } : {}),
  ...extra,
});

/** A resolver over objects whose bundle phases come from validation, as offline commands use. */
export const resolverOf = (objects: object[]): IndexResolver =>
  validateObjects(objects.map((o) => ({ object: o as Record<string, unknown> }))).resolver;

/** Issues of one object validated among others, with the planner's checks as `validate` runs them. */
export const issuesOf = (target: KubeObject | object, others: object[] = []) => {
  const { results } = validateObjects(
    [target, ...others].map((o) => ({ object: o as Record<string, unknown> })),
    [checkObject],
  );
  return results[0]!.issues;
};

export const codes = (issues: { code: string }[]): string[] => [...new Set(issues.map((i) => i.code))].sort();

export { IndexResolver };
