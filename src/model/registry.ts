import type { TSchema } from '@sinclair/typebox';
import { AIWorkload } from './aiWorkload.js';
import { ClusterProfile } from './clusterProfile.js';
import { ComponentDefinition } from './componentDefinition.js';
import { ComputePool } from './computePool.js';
import { Event, EventsV1Event, Namespace, Secret } from './core.js';
import { HelmRepository, OCIRepository } from './fluxSources.js';
import { ProfileBundle } from './profileBundle.js';
import { Project } from './project.js';
import { Settings } from './settings.js';
import { VariableSet } from './variableSet.js';
import { WorkloadDeployment } from './workloadDeployment.js';
import { WorkloadProfile } from './workloadProfile.js';

/** What the product knows of one kind: where it is served and its schema. */
export interface KindInfo {
  kind: string;
  apiVersion: string;
  /** API group; `''` for the core group. */
  group: string;
  version: string;
  plural: string;
  singular: string;
  shortNames: string[];
  namespaced: boolean;
  schema: TSchema;
}

const info = (
  apiVersion: string,
  kind: string,
  plural: string,
  shortNames: string[],
  schema: TSchema,
  namespaced = true,
): KindInfo => {
  const slash = apiVersion.indexOf('/');
  return {
    kind,
    apiVersion,
    group: slash < 0 ? '' : apiVersion.slice(0, slash),
    version: slash < 0 ? apiVersion : apiVersion.slice(slash + 1),
    plural,
    singular: kind.toLowerCase(),
    shortNames,
    namespaced,
    schema,
  };
};

/** Every kind of SPEC §2, plus core Namespace and Secret. */
export const KINDS: readonly KindInfo[] = [
  info('spectrocloud.com/v1beta1', 'ProfileBundle', 'profilebundles', ['pb'], ProfileBundle),
  info('spectrocloud.com/v1beta1', 'WorkloadProfile', 'workloadprofiles', ['wp'], WorkloadProfile),
  info('spectrocloud.com/v1alpha1', 'ClusterProfile', 'clusterprofiles', ['cp'], ClusterProfile),
  info(
    'spectrocloud.com/v1beta1',
    'ComponentDefinition',
    'componentdefinitions',
    ['cd'],
    ComponentDefinition,
  ),
  info('spectrocloud.com/v1beta1', 'VariableSet', 'variablesets', ['vs'], VariableSet),
  info('spectrocloud.com/v1alpha1', 'ComputePool', 'computepools', ['pool'], ComputePool),
  info('spectrocloud.com/v1alpha1', 'AIWorkload', 'aiworkloads', ['aiw'], AIWorkload),
  info('spectrocloud.com/v1beta1', 'WorkloadDeployment', 'workloaddeployments', ['wd'], WorkloadDeployment),
  info('spectrocloud.com/v1alpha1', 'Project', 'projects', ['proj'], Project),
  info('spectrocloud.com/v1alpha1', 'Settings', 'settings', [], Settings),
  info('source.toolkit.fluxcd.io/v1', 'HelmRepository', 'helmrepositories', ['helmrepo'], HelmRepository),
  info('source.toolkit.fluxcd.io/v1', 'OCIRepository', 'ocirepositories', ['ocirepo'], OCIRepository),
  info('v1', 'Namespace', 'namespaces', ['ns'], Namespace, false),
  info('v1', 'Secret', 'secrets', [], Secret),
  info('v1', 'Event', 'events', ['ev'], Event),
];

/**
 * Kinds served at a second group-version besides their own: stored as the kind of the same name in
 * {@link KINDS} and converted on the way in and out (src/kinds/views.ts), as kube-apiserver serves
 * core `v1` Events also as `events.k8s.io/v1`.
 */
export const VIEWS: readonly KindInfo[] = [info('events.k8s.io/v1', 'Event', 'events', [], EventsV1Event)];

const byKind = new Map(KINDS.map((k) => [k.kind, k]));

/** True when `info` is a view (another group-version) of a stored kind rather than the kind itself. */
export const isView = (info: KindInfo): boolean => byKind.get(info.kind)?.apiVersion !== info.apiVersion;

/** Looks a kind up by its name (`ProfileBundle`); undefined when the product does not serve it. */
export const findKind = (kind: string): KindInfo | undefined => byKind.get(kind);
