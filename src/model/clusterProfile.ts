import { Type, type Static } from '@sinclair/typebox';
import { ObjectMeta } from './metadata.js';
import { Conditions, Description, ObservedGeneration, StrictObject, StringEnum, envelope } from './schema.js';

export const CLUSTER_PROFILE_TYPES = ['Infrastructure', 'Add-on', 'Full'] as const;
export type ClusterProfileType = (typeof CLUSTER_PROFILE_TYPES)[number];
/** Layers of an Infrastructure profile, in the order Palette applies them. */
export const INFRA_LAYER_ORDER = ['os', 'k8s', 'cni', 'csi'] as const;
export const LAYER_TYPES = [...INFRA_LAYER_ORDER, 'addon'] as const;
/** The only cloud type offered for bundles (edge deployments). */
export const CLOUD_TYPE_EDGE_NATIVE = 'edge-native';

export const Layer = StrictObject({
  type: StringEnum(LAYER_TYPES, {
    description:
      'Layer type: os, k8s, cni, csi (an Infrastructure profile has these in that order) or addon.',
  }),
  pack: StrictObject(
    {
      name: Type.String({ minLength: 1, description: 'Pack name, e.g. ubuntu or cilium.' }),
      version: Type.String({ minLength: 1, description: 'Pack version, e.g. 1.15.3.' }),
      registry: Type.Optional(
        Type.String({
          minLength: 1,
          description:
            'Pack registry the pack comes from, e.g. public; an import reports packs of registries that Settings palette.packRegistries lacks.',
        }),
      ),
      uid: Type.Optional(
        Type.String({ description: 'Palette pack UID, when the profile was read from Palette.' }),
      ),
    },
    { description: 'The Palette pack the layer installs.' },
  ),
  values: Type.Optional(
    Type.String({
      maxLength: 1024 * 1024,
      description: "The pack's values, as YAML text of at most 1 MiB.",
    }),
  ),
});
export type Layer = Static<typeof Layer>;

export const ClusterProfile = envelope(
  'spectrocloud.com/v1alpha1',
  'ClusterProfile',
  ObjectMeta,
  StrictObject({
    type: StringEnum(CLUSTER_PROFILE_TYPES, {
      description: 'Infrastructure (os, k8s, cni and csi layers), Add-on (addon layers only) or Full (both).',
    }),
    cloudType: Type.String({
      pattern: '^[a-z0-9][-a-z0-9]*$',
      maxLength: 63,
      description: 'Cloud the profile is for, e.g. edge-native, aws, azure, gcp, vsphere or maas.',
    }),
    version: Type.String({
      minLength: 1,
      maxLength: 128,
      description: 'Version of the profile, e.g. 1.0.0; bundles take the newest unless they name one.',
    }),
    description: Type.Optional({ ...Description, description: 'What the profile is for, shown in pickers.' }),
    uid: Type.Optional(Type.String({ description: 'Palette profile UID when read from Palette.' })),
    layers: Type.Array(Layer, {
      minItems: 1,
      maxItems: 64,
      description: 'The layers of the profile, 1 to 64, in the order Palette applies them.',
    }),
  }),
  StrictObject({
    observedGeneration: Type.Optional(ObservedGeneration),
    conditions: Type.Optional(Conditions),
    source: Type.Optional(
      Type.String({
        description:
          'Where the profile was read from, e.g. palette project <uid>; absent for a local profile.',
      }),
    ),
  }),
  'A Palette-compatible cluster profile held locally.',
);
export type ClusterProfile = Static<typeof ClusterProfile>;
