import { Type, type Static } from '@sinclair/typebox';
import { ObjectMeta } from './metadata.js';
import {
  Conditions,
  ObservedGeneration,
  StrictObject,
  StringEnum,
  envelope,
  secretKeyReference,
} from './schema.js';

export const Settings = envelope(
  'spectrocloud.com/v1alpha1',
  'Settings',
  ObjectMeta,
  StrictObject({
    infrastructureProvider: Type.Optional(
      StringEnum(['none', 'palette', 'kubeconfig'] as const, {
        description:
          'What makes the clusters of compute pools: none (pools are only planned), palette (Palette creates edge-native clusters) or kubeconfig (an existing cluster is adopted); none when absent.',
      }),
    ),
    palette: Type.Optional(
      StrictObject(
        {
          endpoint: Type.String({
            pattern: '^https?://',
            maxLength: 2048,
            description: 'Base URL of the Palette API, e.g. https://api.spectrocloud.com.',
          }),
          projectUid: Type.String({
            minLength: 1,
            description: 'UID of the Palette project that cluster profiles and clusters come from.',
          }),
          apiKeySecretRef: secretKeyReference(
            'The Secret key that holds the Palette API key.',
            'Key of the Secret that holds the API key; apiKey when absent.',
          ),
          packRegistries: Type.Optional(
            Type.Array(Type.String({ minLength: 1 }), {
              description:
                'Pack registries the Palette project has, e.g. public; a studio import reports packs from other registries.',
            }),
          ),
        },
        { description: 'The Palette project that cluster profiles and clusters come from.' },
      ),
    ),
    huggingFace: Type.Optional(
      StrictObject(
        {
          tokenSecretRef: secretKeyReference(
            'The Secret key that holds the Hugging Face access token.',
            'Key of the Secret that holds the token.',
          ),
        },
        { description: 'Hugging Face integration, for models with source huggingface.' },
      ),
    ),
    nvidiaNgc: Type.Optional(
      StrictObject(
        {
          apiKeySecretRef: secretKeyReference(
            'The Secret key that holds the NVIDIA NGC API key.',
            'Key of the Secret that holds the API key.',
          ),
        },
        { description: 'NVIDIA NGC integration, for models with source nvidia-ngc.' },
      ),
    ),
    kubeconfig: Type.Optional(
      StrictObject(
        {
          secretRef: secretKeyReference(
            'The Secret key that holds the kubeconfig of the cluster to adopt.',
            'Key of the Secret that holds the kubeconfig; value when absent.',
          ),
        },
        {
          description:
            'For infrastructureProvider: kubeconfig, the Secret holding the kubeconfig of the cluster to adopt (key `value` unless given). Default: the Secret named `kubeconfig`.',
        },
      ),
    ),
    ociRegistry: Type.Optional(
      StrictObject(
        {
          url: Type.String({
            pattern: '^oci://',
            maxLength: 2048,
            description:
              'Registry and repository path to push to, oci://host[:port]/path; each namespace pushes under <path>/<namespace>.',
          }),
          credentialsSecretRef: Type.Optional(
            secretKeyReference(
              'Secret with the keys username and password for the registry (basic or token auth); anonymous when absent.',
              'Not read: the Secret must hold the keys username and password.',
            ),
          ),
          insecure: Type.Optional(
            Type.Boolean({
              description: 'Allow plain HTTP and skip TLS certificate verification; false when absent.',
            }),
          ),
        },
        {
          description:
            'Where rendered workloads are pushed as OCI artifacts; absent: an OCI image layout under the data directory.',
        },
      ),
    ),
  }),
  StrictObject({
    observedGeneration: Type.Optional(ObservedGeneration),
    conditions: Type.Optional(Conditions),
  }),
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
