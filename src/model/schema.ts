import {
  Type,
  type TProperties,
  type TSchema,
  type ObjectOptions,
  type SchemaOptions,
} from '@sinclair/typebox';

/** A string limited to the given values; emitted as JSON Schema `enum` (clear errors, clean OpenAPI). */
export const StringEnum = <const T extends readonly string[]>(values: T, options: SchemaOptions = {}) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });

/** An object schema that rejects unknown fields, as Kubernetes `fieldValidation=Strict` does. */
export const StrictObject = <T extends TProperties>(properties: T, options: ObjectOptions = {}) =>
  Type.Object(properties, { additionalProperties: false, ...options });

/** A reference to another object of the same namespace by name. */
export const LocalObjectReference = StrictObject(
  { name: Type.String({ minLength: 1, maxLength: 253, description: 'Name of the referenced object.' }) },
  { description: 'A reference to an object in the same namespace.' },
);

/** A reference to one key of a core `v1` Secret in the same namespace, described for its use. */
export const secretKeyReference = (description: string, keyDescription: string) =>
  StrictObject(
    {
      name: Type.String({
        minLength: 1,
        maxLength: 253,
        description: 'Name of the Secret, in the same namespace.',
      }),
      key: Type.Optional(Type.String({ minLength: 1, maxLength: 253, description: keyDescription })),
    },
    { description },
  );

/** A reference to one key of a core `v1` Secret in the same namespace. */
export const SecretKeyReference = secretKeyReference(
  'A key of a core v1 Secret in the same namespace.',
  'Key of the Secret that holds the value.',
);

/** Free-form JSON object (Helm values, JSON Schema, embedded Kubernetes objects). */
export const FreeObject = (description?: string) =>
  Type.Record(Type.String(), Type.Unknown(), description ? { description } : {});

/** A Kubernetes-style condition (`metav1.Condition`). */
export const Condition = StrictObject({
  type: Type.String({
    minLength: 1,
    maxLength: 316,
    description: 'Condition type in UpperCamelCase, e.g. Ready, ResolvedRefs or Valid.',
  }),
  status: StringEnum(['True', 'False', 'Unknown'] as const, {
    description: 'Whether the condition holds: True, False or Unknown.',
  }),
  reason: Type.Optional(
    Type.String({
      maxLength: 1024,
      description: 'Why the condition last changed, one UpperCamelCase word, e.g. MissingReferences.',
    }),
  ),
  message: Type.Optional(
    Type.String({
      maxLength: 32768,
      description:
        'What the condition means for this object, for a person; a failure names the rule code, the field and the fix.',
    }),
  ),
  lastTransitionTime: Type.Optional(
    Type.String({ description: 'When status last changed, an RFC 3339 timestamp.' }),
  ),
  observedGeneration: Type.Optional(
    Type.Integer({
      minimum: 0,
      description: 'The metadata.generation the condition was computed for.',
    }),
  ),
});

export const Conditions = Type.Array(Condition, {
  maxItems: 64,
  description:
    'Kubernetes-style conditions: Ready (what kubectl wait --for=condition=Ready reads) plus kind-specific ones such as ResolvedRefs and Valid.',
});

/** `status.observedGeneration` of every kind. */
export const ObservedGeneration = Type.Integer({
  description: 'The metadata.generation the status was last computed for.',
});

/** A semantic version such as `1.2.0` (a leading `v` is accepted, as Helm does). */
export const SemverString = Type.String({
  pattern: '^v?(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?$',
  maxLength: 128,
  description: 'Semantic version, e.g. 1.2.0.',
});

export const Description = Type.String({
  maxLength: 1024,
  description: 'Free-text description for people, at most 1024 characters.',
});

/** Builds the `apiVersion` + `kind` + `metadata` + `spec` + `status` envelope of a kind. */
export const envelope = <
  A extends string,
  K extends string,
  M extends TSchema,
  S extends TSchema,
  St extends TSchema,
>(
  apiVersion: A,
  kind: K,
  metadata: M,
  spec: S,
  status: St,
  description: string,
) =>
  StrictObject(
    {
      apiVersion: Type.Literal(apiVersion),
      kind: Type.Literal(kind),
      metadata,
      spec,
      status: Type.Optional(status),
    },
    { description },
  );

export { Type };
export type { TSchema };
