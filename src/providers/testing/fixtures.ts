/** Small valid objects for provider tests: a pool, its bundle, and the profiles it references. */
import type { ClusterProfile, ComputePool, ProfileBundle, Settings } from '../../model/index.js';
import type { ResolvedVariable } from '../clusterPlan.js';

/** A shared pool `gpu-pool-a` of bundle `edge-gpu-infra`. */
export const pool = (dedicated = false): ComputePool => ({
  apiVersion: 'spectrocloud.com/v1alpha1',
  kind: 'ComputePool',
  metadata: { name: 'gpu-pool-a', namespace: 'project-melbourne' },
  spec: {
    profileBundleRef: { name: 'edge-gpu-infra' },
    clusterVariant: dedicated ? { dedicated: {} } : { shared: {} },
  },
});

/** An Infrastructure bundle naming an add-on first, then the infrastructure profile (any version). */
export const bundle = (
  refs: { name: string; version?: string }[] = [{ name: 'gpu-operator' }, { name: 'edge-ubuntu-k3s-gpu' }],
): ProfileBundle => ({
  apiVersion: 'spectrocloud.com/v1beta1',
  kind: 'ProfileBundle',
  metadata: { name: 'edge-gpu-infra', namespace: 'project-melbourne', generation: 4 },
  spec: { type: 'Infrastructure', version: '1.2.0', clusterProfiles: refs },
});

/** A ClusterProfile; `uid` marks one read from Palette. */
export const profile = (
  name: string,
  type: ClusterProfile['spec']['type'],
  version: string,
  uid?: string,
): ClusterProfile => ({
  apiVersion: 'spectrocloud.com/v1alpha1',
  kind: 'ClusterProfile',
  metadata: {
    name: `${name}-${version.replaceAll('.', '-')}`,
    namespace: 'project-melbourne',
    labels: { 'palette.ai/cluster-profile': name },
  },
  spec: {
    type,
    cloudType: type === 'Add-on' ? 'all' : 'edge-native',
    version,
    ...(uid ? { uid } : {}),
    layers:
      type === 'Add-on'
        ? [
            {
              type: 'addon',
              pack: { name: 'nvidia-gpu-operator', version: '24.3.0', registry: 'public' },
              values: 'driver:\n  enabled: true\n',
            },
          ]
        : [
            { type: 'os', pack: { name: 'ubuntu', version: '22.04', registry: 'public' } },
            { type: 'k8s', pack: { name: 'k3s', version: '1.30.4', registry: 'public' } },
            { type: 'cni', pack: { name: 'cilium', version: '1.15.3', registry: 'public' } },
            { type: 'csi', pack: { name: 'longhorn', version: '1.6.1', registry: 'public' } },
          ],
  },
});

/** Two versions of the infrastructure profile and one add-on, as Palette would list them. */
export const profiles = (): ClusterProfile[] => [
  profile('edge-ubuntu-k3s-gpu', 'Infrastructure', '1.0.0', 'cp-infra-0'),
  profile('edge-ubuntu-k3s-gpu', 'Infrastructure', '1.10.0', 'cp-infra-1'),
  profile('gpu-operator', 'Add-on', '24.3.0', 'cp-addon-1'),
];

/** Variables as the caller resolved them, one of them secret. */
export const variables = (): ResolvedVariable[] => [
  { name: 'gpuCount', value: 2, source: 'ComputePool spec.variables' },
  {
    name: 'registryPassword',
    value: 's3cr3t-value',
    source: 'VariableSet project-melbourne/defaults',
    secret: true,
  },
];

/** Settings choosing a provider, with the Palette integration filled in. */
export const settings = (
  provider?: 'none' | 'palette' | 'kubeconfig',
  endpoint = 'https://api.spectrocloud.com',
): Settings => ({
  apiVersion: 'spectrocloud.com/v1alpha1',
  kind: 'Settings',
  metadata: { name: 'default', namespace: 'project-melbourne' },
  spec: {
    ...(provider ? { infrastructureProvider: provider } : {}),
    palette: { endpoint, projectUid: 'proj-5f1c', apiKeySecretRef: { name: 'palette-creds', key: 'apiKey' } },
  },
});
