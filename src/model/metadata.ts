import { Type, type Static } from '@sinclair/typebox';
import { FreeObject, StrictObject } from './schema.js';

/**
 * `metadata` of every object: the fields of Kubernetes `ObjectMeta` that this product reads or keeps.
 * Naming rules (DNS-1123, label syntax) are checked by the `MD…` rules, which give precise messages.
 */
export const ObjectMeta = StrictObject({
  name: Type.String({ description: 'DNS-1123 name, unique per kind and namespace.' }),
  generateName: Type.Optional(Type.String()),
  namespace: Type.Optional(Type.String()),
  labels: Type.Optional(Type.Record(Type.String(), Type.String())),
  annotations: Type.Optional(Type.Record(Type.String(), Type.String())),
  uid: Type.Optional(Type.String()),
  resourceVersion: Type.Optional(Type.String()),
  generation: Type.Optional(Type.Integer({ minimum: 0 })),
  creationTimestamp: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  deletionTimestamp: Type.Optional(Type.String()),
  deletionGracePeriodSeconds: Type.Optional(Type.Integer()),
  finalizers: Type.Optional(Type.Array(Type.String())),
  ownerReferences: Type.Optional(Type.Array(FreeObject())),
  managedFields: Type.Optional(Type.Array(FreeObject())),
});
export type ObjectMeta = Static<typeof ObjectMeta>;

/** The shape every stored or loaded object has, whatever its kind. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: unknown;
  status?: unknown;
  [key: string]: unknown;
}

/** Kubernetes limits on names, labels and annotations. */
export const NAME_LIMITS = {
  subdomainMax: 253,
  labelMax: 63,
  labelValueMax: 63,
  annotationsTotalMax: 256 * 1024,
} as const;

export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export const QUALIFIED_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
export const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
