import { Type, type Static, type TProperties } from '@sinclair/typebox';
import { ObjectMeta } from './metadata.js';
import { Conditions, FreeObject, ObservedGeneration, StrictObject, StringEnum, envelope } from './schema.js';

/** A reference to a Secret of the same namespace by name, described for its use. */
const NameRef = (description: string) =>
  StrictObject(
    { name: Type.String({ minLength: 1, description: 'Name of the Secret, in the same namespace.' }) },
    { description },
  );

const CERT_SECRET_REF =
  'Secret with a PEM client certificate and key (tls.crt, tls.key) and/or a CA certificate (ca.crt) for TLS connections to the source.';
const INTERVAL = 'How often Flux checks the source for updates, a Go duration such as 10m.';

/** A HelmRepository's `url` and `type` (the kind's, and a bundle's repository dependencies'). */
export const HELM_REPOSITORY_ADDRESS = {
  url: Type.String({
    pattern: '^(https?|oci)://',
    maxLength: 2048,
    description:
      'URL of the chart repository: http(s):// for one with an index.yaml, oci:// for an OCI registry.',
  }),
  type: Type.Optional(
    StringEnum(['default', 'oci'] as const, {
      description:
        'default (an HTTP/S repository with an index.yaml) or oci (an OCI registry); default when absent.',
    }),
  ),
};

/**
 * An OCIRepository's `ref`, which artifact to pull: a tag, a semver range or a digest (`more`
 * adds fields, as Flux's own `semverFilter`).
 */
export const ociRef = (description: string, tagDescription: string, more: TProperties = {}) =>
  StrictObject(
    {
      tag: Type.Optional(Type.String({ description: tagDescription })),
      semver: Type.Optional(
        Type.String({ description: 'Semver range; the highest matching tag is pulled. Wins over tag.' }),
      ),
      ...more,
      digest: Type.Optional(
        Type.String({ description: 'Digest to pull, e.g. sha256:…; wins over semver and tag.' }),
      ),
    },
    { description },
  );
const TIMEOUT = 'Time limit for one fetch from the source, a Go duration; 60s when absent.';
const PROVIDER =
  'Cloud provider whose workload identity Flux authenticates with: generic (secretRef or anonymous), aws, azure or gcp; generic when absent.';
const SUSPEND = 'When true, Flux stops reconciling the source until it is unset.';

const FluxStatus = StrictObject({
  observedGeneration: Type.Optional(ObservedGeneration),
  conditions: Type.Optional(Conditions),
  url: Type.Optional(Type.String({ description: 'Where the last fetched artifact can be downloaded.' })),
  artifact: Type.Optional(
    FreeObject('The last artifact fetched: revision, digest, url, size and lastUpdateTime.'),
  ),
});

/** Flux `HelmRepository` (source.toolkit.fluxcd.io/v1), with Flux's own fields. */
export const HelmRepository = envelope(
  'source.toolkit.fluxcd.io/v1',
  'HelmRepository',
  ObjectMeta,
  StrictObject({
    ...HELM_REPOSITORY_ADDRESS,
    interval: Type.Optional(Type.String({ description: INTERVAL })),
    timeout: Type.Optional(Type.String({ description: TIMEOUT })),
    secretRef: Type.Optional(
      NameRef(
        'Secret with the credentials for the repository: username and password, or a Docker config for oci.',
      ),
    ),
    certSecretRef: Type.Optional(NameRef(CERT_SECRET_REF)),
    passCredentials: Type.Optional(
      Type.Boolean({
        description:
          'Also send the secretRef credentials to hosts other than the one in url (e.g. where charts are downloaded); false when absent.',
      }),
    ),
    insecure: Type.Optional(
      Type.Boolean({ description: 'For type oci: allow a registry over plain HTTP, without TLS.' }),
    ),
    provider: Type.Optional(Type.String({ description: `${PROVIDER} For type oci only.` })),
    suspend: Type.Optional(Type.Boolean({ description: SUSPEND })),
    accessFrom: Type.Optional(
      FreeObject(
        'Which namespaces may refer to this repository (namespaceSelectors); provisional in Flux and not enforced.',
      ),
    ),
  }),
  FluxStatus,
  'A Helm chart repository (Flux).',
);
export type HelmRepository = Static<typeof HelmRepository>;

/** Flux `OCIRepository` (source.toolkit.fluxcd.io/v1), with Flux's own fields. */
export const OCIRepository = envelope(
  'source.toolkit.fluxcd.io/v1',
  'OCIRepository',
  ObjectMeta,
  StrictObject({
    url: Type.String({
      pattern: '^oci://',
      maxLength: 2048,
      description: 'Address of the artifact repository, oci://host/path.',
    }),
    ref: Type.Optional(
      ociRef(
        'Which artifact to pull; the latest tag when absent.',
        'Tag to pull; latest when no ref is given.',
        {
          semverFilter: Type.Optional(
            Type.String({ description: 'Regular expression that tags must match before semver picks one.' }),
          ),
        },
      ),
    ),
    interval: Type.Optional(Type.String({ description: INTERVAL })),
    timeout: Type.Optional(Type.String({ description: TIMEOUT })),
    secretRef: Type.Optional(
      NameRef('Secret with the registry credentials (a Docker config, or username and password).'),
    ),
    certSecretRef: Type.Optional(NameRef(CERT_SECRET_REF)),
    serviceAccountName: Type.Optional(
      Type.String({ description: 'ServiceAccount whose image pull secrets authenticate to the registry.' }),
    ),
    provider: Type.Optional(Type.String({ description: PROVIDER })),
    insecure: Type.Optional(Type.Boolean({ description: 'Allow a registry over plain HTTP, without TLS.' })),
    suspend: Type.Optional(Type.Boolean({ description: SUSPEND })),
    ignore: Type.Optional(
      Type.String({ description: 'Paths to leave out of the artifact, in .gitignore format.' }),
    ),
    layerSelector: Type.Optional(
      FreeObject(
        'Which layer of the artifact to use (mediaType) and whether to extract or copy it (operation); the first layer when absent.',
      ),
    ),
    verify: Type.Optional(
      FreeObject('How to verify the artifact signature: provider (cosign or notation) and secretRef.'),
    ),
  }),
  FluxStatus,
  'An OCI artifact source (Flux).',
);
export type OCIRepository = Static<typeof OCIRepository>;
