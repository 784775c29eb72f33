/**
 * OpenAPI v3 schemas of the `meta.k8s.io/v1` types every group-version document refers to
 * (`ObjectMeta`, `ListMeta`, `Status`, `DeleteOptions`, `Patch`…), under the names kube-apiserver
 * gives them (`io.k8s.apimachinery.pkg.apis.meta.v1.<Type>`). Only the fields this server keeps or
 * reads are described; the wording is this project's own.
 */

/** A JSON Schema / OpenAPI v3 schema object as plain JSON. */
export type OpenApiSchema = Record<string, unknown>;

/** Prefix of every meta type's schema name. */
export const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';

/** `$ref` value for a schema of `components.schemas`. */
export const ref = (name: string): string => `#/components/schemas/${name}`;

/** `{ $ref }` wrapped in `allOf`, the way kube-apiserver points a property at a named schema. */
export const refProperty = (name: string, description?: string): OpenApiSchema => ({
  ...(description ? { description } : {}),
  allOf: [{ $ref: ref(name) }],
});

const str = (description: string): OpenApiSchema => ({ type: 'string', description });
const int = (description: string, format = 'int64'): OpenApiSchema => ({
  type: 'integer',
  format,
  description,
});
const strMap = (description: string): OpenApiSchema => ({
  type: 'object',
  description,
  additionalProperties: { type: 'string', default: '' },
});
const arrayOf = (items: OpenApiSchema, description: string, extra: OpenApiSchema = {}): OpenApiSchema => ({
  type: 'array',
  description,
  items,
  ...extra,
});

/** Descriptions of `apiVersion` and `kind`, as every kind schema carries them. */
export const TYPE_META_PROPERTIES: Record<'apiVersion' | 'kind', OpenApiSchema> = {
  apiVersion: str('The versioned schema of this object, `group/version` (`v1` for the core group).'),
  kind: str('The kind of this object, in CamelCase (e.g. `ProfileBundle`). Set by the client; read-only.'),
};

/** Description of the `metadata` property of a kind. */
export const OBJECT_METADATA_DESCRIPTION =
  "Standard object's metadata: name, namespace, labels, annotations and the fields the server sets.";
/** Description of the `metadata` property of a list. */
export const LIST_METADATA_DESCRIPTION =
  "Standard list metadata: the list's resourceVersion and continue token.";

const time = (description: string): OpenApiSchema => refProperty(`${META}.Time`, description);

/** The meta schemas, keyed by their full name, in a fixed order (the document hash depends on it). */
export const metaSchemas = (): Record<string, OpenApiSchema> => ({
  [`${META}.DeleteOptions`]: {
    description: 'Options of a DELETE request.',
    type: 'object',
    properties: {
      ...TYPE_META_PROPERTIES,
      dryRun: arrayOf({ type: 'string', default: '' }, 'When present (`All`), nothing is persisted.', {
        'x-kubernetes-list-type': 'atomic',
      }),
      gracePeriodSeconds: int('Seconds before the object is deleted; 0 deletes at once.'),
      orphanDependents: { type: 'boolean', description: 'Deprecated: use propagationPolicy.' },
      preconditions: refProperty(
        `${META}.Preconditions`,
        'Must be fulfilled before the deletion is carried out.',
      ),
      propagationPolicy: str('Whether and how dependents are deleted: Orphan, Background or Foreground.'),
    },
  },
  [`${META}.FieldsV1`]: {
    description: 'The set of fields a manager owns, in the FieldsV1 JSON form.',
    type: 'object',
  },
  [`${META}.ListMeta`]: {
    description: 'Metadata of a list of objects.',
    type: 'object',
    properties: {
      continue: str('Token to fetch the next page of a limited list; empty on the last page.'),
      remainingItemCount: int('Number of items after this page, when the server knows it.'),
      resourceVersion: str('Version of the list, for a following watch. Opaque to clients.'),
      selfLink: str('Deprecated; not set.'),
    },
  },
  [`${META}.ManagedFieldsEntry`]: {
    description: 'Which fields a manager set, and by which operation.',
    type: 'object',
    properties: {
      apiVersion: str('Version of the object the fieldset applies to.'),
      fieldsType: str('Format of fieldsV1; always `FieldsV1`.'),
      fieldsV1: refProperty(`${META}.FieldsV1`, 'The fields owned.'),
      manager: str('Name of the manager (e.g. `kubectl-client-side-apply`).'),
      operation: str('`Apply` or `Update`.'),
      subresource: str('Subresource the change was made through, e.g. `status`.'),
      time: time('When the manager last changed the fields.'),
    },
  },
  [`${META}.ObjectMeta`]: {
    description: 'Metadata every persisted object has.',
    type: 'object',
    properties: {
      annotations: strMap('Unstructured key/value data kept with the object (not used for selection).'),
      creationTimestamp: time('When the object was created; set by the server, read-only.'),
      deletionGracePeriodSeconds: int('Seconds left before a pending deletion completes; read-only.'),
      deletionTimestamp: time('When the object will be deleted; set by the server, read-only.'),
      finalizers: arrayOf({ type: 'string', default: '' }, 'Must be empty before the object is removed.', {
        'x-kubernetes-list-type': 'set',
        'x-kubernetes-patch-strategy': 'merge',
      }),
      generateName: str('Prefix of a server-generated name, used when name is empty.'),
      generation: int('Sequence number of the desired state (spec); set by the server, read-only.'),
      labels: strMap('Key/value pairs to organize and select objects.'),
      managedFields: arrayOf(
        refProperty(`${META}.ManagedFieldsEntry`),
        'Which manager set which fields; internal bookkeeping.',
        { 'x-kubernetes-list-type': 'atomic' },
      ),
      name: str('Name of the object, unique per kind and namespace (DNS-1123). Cannot be updated.'),
      namespace: str('Namespace of the object; empty for cluster-scoped kinds. Cannot be updated.'),
      ownerReferences: arrayOf(refProperty(`${META}.OwnerReference`), 'Objects this object depends on.', {
        'x-kubernetes-list-map-keys': ['uid'],
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-patch-merge-key': 'uid',
        'x-kubernetes-patch-strategy': 'merge',
      }),
      resourceVersion: str(
        'Opaque version of the object, for optimistic concurrency and watches; read-only.',
      ),
      selfLink: str('Deprecated; not set.'),
      uid: str('Unique id of the object over time; set by the server, read-only.'),
    },
  },
  [`${META}.OwnerReference`]: {
    description: 'A reference to an owning object in the same namespace.',
    type: 'object',
    required: ['apiVersion', 'kind', 'name', 'uid'],
    properties: {
      apiVersion: str('API version of the owner.'),
      blockOwnerDeletion: {
        type: 'boolean',
        description: 'Whether the owner waits for this object on deletion.',
      },
      controller: { type: 'boolean', description: 'Whether the owner is the managing controller.' },
      kind: str('Kind of the owner.'),
      name: str('Name of the owner.'),
      uid: str('UID of the owner.'),
    },
    'x-kubernetes-map-type': 'atomic',
  },
  [`${META}.Patch`]: {
    description: 'The body of a PATCH request (JSON patch, merge patch or apply configuration).',
    type: 'object',
  },
  [`${META}.Preconditions`]: {
    description: 'Conditions an operation requires.',
    type: 'object',
    properties: {
      resourceVersion: str('The object must have this resourceVersion.'),
      uid: str('The object must have this UID.'),
    },
  },
  [`${META}.Status`]: {
    description: 'Result of an operation that returns no object, and of every failed request.',
    type: 'object',
    properties: {
      ...TYPE_META_PROPERTIES,
      code: int('HTTP status code of the result.', 'int32'),
      details: refProperty(`${META}.StatusDetails`, 'More data on the reason; depends on it.'),
      message: str('Human-readable description of the result.'),
      metadata: refProperty(`${META}.ListMeta`, LIST_METADATA_DESCRIPTION),
      reason: str('Machine-readable reason (NotFound, AlreadyExists, Invalid, Conflict…).'),
      status: str('`Success` or `Failure`.'),
    },
  },
  [`${META}.StatusCause`]: {
    description: 'One cause of an error, such as one invalid field.',
    type: 'object',
    properties: {
      field: str('Path of the field at fault, e.g. `spec.clusterProfiles[0].name`.'),
      message: str('Human-readable description of the cause.'),
      reason: str('Machine-readable cause, e.g. `FieldValueInvalid`.'),
    },
  },
  [`${META}.StatusDetails`]: {
    description: 'Details of a Status: which object, and every cause.',
    type: 'object',
    properties: {
      causes: arrayOf(refProperty(`${META}.StatusCause`), 'Every known cause of the error.', {
        'x-kubernetes-list-type': 'atomic',
      }),
      group: str('Group of the object.'),
      kind: str('Kind of the object.'),
      name: str('Name of the object.'),
      retryAfterSeconds: int('Seconds to wait before retrying.', 'int32'),
      uid: str('UID of the object.'),
    },
  },
  [`${META}.Time`]: {
    description: 'A timestamp in RFC 3339 form, to the second.',
    type: 'string',
    format: 'date-time',
  },
});
