import { Type, type Static } from '@sinclair/typebox';
import { DEFAULT_NAMESPACE } from './labels.js';
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

/*
 * Kubernetes name and label formats. These regexes are the only copies in the product: everything
 * else calls the predicates below (or the MD… rules, which explain what is wrong).
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/
 */

/** DNS-1123 label (namespaces, most names): lowercase letters, digits, `-`; alphanumeric at both ends. */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** DNS-1123 subdomain: DNS-1123 labels joined by `.`. */
export const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** Name part of a qualified name (label and annotation keys): letters, digits, `-`, `_`, `.`. */
export const QUALIFIED_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
/** Label value: empty, or letters, digits, `-`, `_`, `.` with alphanumeric ends. */
export const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** A DNS-1123 label of at most 63 characters (a namespace, a Project's namespace, a token name). */
export const isDns1123Label = (s: string): boolean =>
  s.length <= NAME_LIMITS.labelMax && DNS1123_LABEL.test(s);

/** A DNS-1123 subdomain of at most 253 characters (object names, label key prefixes). */
export const isDns1123Subdomain = (s: string): boolean =>
  s.length <= NAME_LIMITS.subdomainMax && DNS1123_SUBDOMAIN.test(s);

/** The name part of a qualified name (after the `/`): 1-63 letters, digits, `-`, `_`, `.`, alphanumeric ends. */
export const isQualifiedNamePart = (name: string): boolean =>
  name.length <= NAME_LIMITS.labelMax && QUALIFIED_NAME.test(name);

/**
 * A qualified name, the syntax of label and annotation keys: an optional DNS-1123 subdomain prefix
 * and `/`, then a name part of 1-63 letters, digits, `-`, `_` or `.` with alphanumeric ends.
 */
export const isQualifiedName = (key: string): boolean => {
  const slash = key.indexOf('/');
  const [prefix, name] = slash < 0 ? [undefined, key] : [key.slice(0, slash), key.slice(slash + 1)];
  if (prefix !== undefined && !isDns1123Subdomain(prefix)) return false;
  return isQualifiedNamePart(name);
};

/** A label value: at most 63 characters, empty allowed. */
export const isLabelValue = (s: string): boolean =>
  s.length <= NAME_LIMITS.labelValueMax && LABEL_VALUE.test(s);

/** Namespace of an object, {@link DEFAULT_NAMESPACE} when it names none (as kubectl does). */
export const namespaceOf = (o: { metadata?: { namespace?: string | undefined } | undefined }): string =>
  o.metadata?.namespace ?? DEFAULT_NAMESPACE;

const lastStamp = { second: Number.NaN, text: '' };
/** A Kubernetes timestamp: RFC 3339 with seconds precision, `2026-11-26T11:00:00Z`. */
export const kubeTimestamp = (date: Date): string => {
  // Every write stamps a time, several per write: within one second they are the same text.
  const second = Math.floor(date.getTime() / 1000);
  if (second !== lastStamp.second) {
    lastStamp.second = second;
    lastStamp.text = date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  return lastStamp.text;
};
