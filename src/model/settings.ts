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
    kubeconfig: Type.Optional(
      StrictObject(
        {
          secretRef: SecretKeyReference,
        },
        {
          description:
            'For infrastructureProvider: kubeconfig, the Secret holding the kubeconfig of the cluster to adopt (key `value` unless given). Default: the Secret named `kubeconfig`.',
        },
      ),
    ),
    ociRegistry: Type.Optional(
      StrictObject({
        url: Type.String({ pattern: '^oci://', maxLength: 2048 }),
        credentialsSecretRef: Type.Optional(SecretKeyReference),
        insecure: Type.Optional(Type.Boolean()),
      }),
    ),
  }),
  StrictObject({ observedGeneration: Type.Optional(Type.Integer()), conditions: Type.Optional(Conditions) }),
  'Integrations: Palette, Hugging Face, NVIDIA NGC, and the OCI registry for rendered workloads.',
);
export type Settings = Static<typeof Settings>;

/**
 * The Secrets the Settings name, each with its field path: one list for the reference index, the
 * missing-Secret warnings and the UI.
 */
export const settingsSecretRefs = (spec: Settings['spec']): { path: string[]; name: string }[] =>
  (
    [
      [['spec', 'palette', 'apiKeySecretRef', 'name'], spec.palette?.apiKeySecretRef.name],
      [['spec', 'huggingFace', 'tokenSecretRef', 'name'], spec.huggingFace?.tokenSecretRef.name],
      [['spec', 'nvidiaNgc', 'apiKeySecretRef', 'name'], spec.nvidiaNgc?.apiKeySecretRef.name],
      [['spec', 'kubeconfig', 'secretRef', 'name'], spec.kubeconfig?.secretRef.name],
      [['spec', 'ociRegistry', 'credentialsSecretRef', 'name'], spec.ociRegistry?.credentialsSecretRef?.name],
    ] as [string[], string | undefined][]
  ).flatMap(([path, name]) => (name ? [{ path, name }] : []));
