import { Type, type Static } from '@sinclair/typebox';
import { ObjectMeta } from './metadata.js';
import { Conditions, FreeObject, StrictObject, StringEnum, envelope } from './schema.js';

const NameRef = StrictObject({ name: Type.String({ minLength: 1 }) });
const FluxStatus = StrictObject({
  observedGeneration: Type.Optional(Type.Integer()),
  conditions: Type.Optional(Conditions),
  url: Type.Optional(Type.String()),
  artifact: Type.Optional(FreeObject()),
});

/** Flux `HelmRepository` (source.toolkit.fluxcd.io/v1), with Flux's own fields. */
export const HelmRepository = envelope(
  'source.toolkit.fluxcd.io/v1',
  'HelmRepository',
  ObjectMeta,
  StrictObject({
    url: Type.String({ pattern: '^(https?|oci)://', maxLength: 2048 }),
    type: Type.Optional(StringEnum(['default', 'oci'] as const)),
    interval: Type.Optional(Type.String()),
    timeout: Type.Optional(Type.String()),
    secretRef: Type.Optional(NameRef),
    certSecretRef: Type.Optional(NameRef),
    passCredentials: Type.Optional(Type.Boolean()),
    insecure: Type.Optional(Type.Boolean()),
    provider: Type.Optional(Type.String()),
    suspend: Type.Optional(Type.Boolean()),
    accessFrom: Type.Optional(FreeObject()),
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
    url: Type.String({ pattern: '^oci://', maxLength: 2048 }),
    ref: Type.Optional(
      StrictObject({
        tag: Type.Optional(Type.String()),
        semver: Type.Optional(Type.String()),
        semverFilter: Type.Optional(Type.String()),
        digest: Type.Optional(Type.String()),
      }),
    ),
    interval: Type.Optional(Type.String()),
    timeout: Type.Optional(Type.String()),
    secretRef: Type.Optional(NameRef),
    certSecretRef: Type.Optional(NameRef),
    serviceAccountName: Type.Optional(Type.String()),
    provider: Type.Optional(Type.String()),
    insecure: Type.Optional(Type.Boolean()),
    suspend: Type.Optional(Type.Boolean()),
    ignore: Type.Optional(Type.String()),
    layerSelector: Type.Optional(FreeObject()),
    verify: Type.Optional(FreeObject()),
  }),
  FluxStatus,
  'An OCI artifact source (Flux).',
);
export type OCIRepository = Static<typeof OCIRepository>;
