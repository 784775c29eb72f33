import { Type, type Static } from '@sinclair/typebox';
import { ObjectMeta } from './metadata.js';
import { Conditions, SecretKeyReference, StrictObject, StringEnum, envelope } from './schema.js';

export const Settings = envelope(
  'spectrocloud.com/v1alpha1',
  'Settings',
  ObjectMeta,
  StrictObject({
    infrastructureProvider: Type.Optional(StringEnum(['none', 'palette', 'kubeconfig'] as const)),
    palette: Type.Optional(
      StrictObject({
        endpoint: Type.String({ pattern: '^https?://', maxLength: 2048 }),
        projectUid: Type.String({ minLength: 1 }),
        apiKeySecretRef: SecretKeyReference,
        packRegistries: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
      }),
    ),
    huggingFace: Type.Optional(StrictObject({ tokenSecretRef: SecretKeyReference })),
    nvidiaNgc: Type.Optional(StrictObject({ apiKeySecretRef: SecretKeyReference })),
    ociRegistry: Type.Optional(
      StrictObject({
        url: Type.String({ pattern: '^oci://', maxLength: 2048 }),
        credentialsSecretRef: Type.Optional(SecretKeyReference),
        insecure: Type.Optional(Type.Boolean()),
      }),
    ),
  }),
  StrictObject({ conditions: Type.Optional(Conditions) }),
  'Integrations: Palette, Hugging Face, NVIDIA NGC, and the OCI registry for rendered workloads.',
);
export type Settings = Static<typeof Settings>;
