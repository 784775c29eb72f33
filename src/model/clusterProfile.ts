import { Type, type Static } from '@sinclair/typebox';
import { ObjectMeta } from './metadata.js';
import { Conditions, Description, StrictObject, StringEnum, envelope } from './schema.js';

export const CLUSTER_PROFILE_TYPES = ['Infrastructure', 'Add-on', 'Full'] as const;
export type ClusterProfileType = (typeof CLUSTER_PROFILE_TYPES)[number];
/** Layers of an Infrastructure profile, in the order Palette applies them. */
export const INFRA_LAYER_ORDER = ['os', 'k8s', 'cni', 'csi'] as const;
export const LAYER_TYPES = [...INFRA_LAYER_ORDER, 'addon'] as const;
/** The only cloud type offered for bundles (edge deployments). */
export const CLOUD_TYPE_EDGE_NATIVE = 'edge-native';

export const Layer = StrictObject({
  type: StringEnum(LAYER_TYPES),
  pack: StrictObject({
    name: Type.String({ minLength: 1 }),
    version: Type.String({ minLength: 1 }),
    registry: Type.Optional(Type.String({ minLength: 1 })),
    uid: Type.Optional(Type.String()),
  }),
  values: Type.Optional(Type.String({ maxLength: 1024 * 1024 })),
});
export type Layer = Static<typeof Layer>;

export const ClusterProfile = envelope(
  'spectrocloud.com/v1alpha1',
  'ClusterProfile',
  ObjectMeta,
  StrictObject({
    type: StringEnum(CLUSTER_PROFILE_TYPES),
    cloudType: Type.String({ pattern: '^[a-z0-9][-a-z0-9]*$', maxLength: 63 }),
    version: Type.String({ minLength: 1, maxLength: 128 }),
    description: Type.Optional(Description),
    uid: Type.Optional(Type.String({ description: 'Palette profile UID when read from Palette.' })),
    layers: Type.Array(Layer, { minItems: 1, maxItems: 64 }),
  }),
  StrictObject({
    observedGeneration: Type.Optional(Type.Integer()),
    conditions: Type.Optional(Conditions),
    source: Type.Optional(Type.String()),
  }),
  'A Palette-compatible cluster profile held locally.',
);
export type ClusterProfile = Static<typeof ClusterProfile>;
