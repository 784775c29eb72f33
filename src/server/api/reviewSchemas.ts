import { Type, type TSchema } from '@sinclair/typebox';

/**
 * The shapes of the review kinds, published in OpenAPI (`kubectl explain selfsubjectaccessreviews`),
 * with the fields this server reads and answers (a subset of kube-apiserver's).
 */

const ATTRIBUTES = Type.Object(
  {
    namespace: Type.Optional(
      Type.String({ description: 'Namespace of the action; empty for cluster-scoped resources.' }),
    ),
    verb: Type.Optional(
      Type.String({
        description: 'get, list, watch, create, update, patch, delete, deletecollection, or "*" for all.',
      }),
    ),
    group: Type.Optional(Type.String({ description: 'API group of the resource.' })),
    resource: Type.Optional(Type.String({ description: 'Plural resource name, such as profilebundles.' })),
    subresource: Type.Optional(Type.String({ description: 'Subresource, such as status.' })),
    name: Type.Optional(Type.String({ description: 'Name of one object; empty for every object.' })),
  },
  { description: 'The action on a resource the caller asks about.' },
);

/** `authorization.k8s.io/v1` SelfSubjectAccessReview (`kubectl auth can-i`). */
export const SELF_SUBJECT_ACCESS_REVIEW_SCHEMA: TSchema = Type.Object(
  {
    apiVersion: Type.String(),
    kind: Type.String(),
    metadata: Type.Object({}),
    spec: Type.Object(
      {
        resourceAttributes: Type.Optional(ATTRIBUTES),
        nonResourceAttributes: Type.Optional(
          Type.Object(
            {
              path: Type.Optional(Type.String({ description: 'URL path, such as /healthz.' })),
              verb: Type.Optional(Type.String({ description: 'HTTP verb in lower case (get).' })),
            },
            { description: 'A request that is not about a resource (discovery, health).' },
          ),
        ),
      },
      { description: 'The action to check: give resourceAttributes or nonResourceAttributes.' },
    ),
    status: Type.Optional(
      Type.Object(
        {
          allowed: Type.Boolean({ description: "True when the caller's token may do the action." }),
          denied: Type.Optional(Type.Boolean({ description: 'True when it may not.' })),
          reason: Type.Optional(Type.String({ description: 'Why, in words.' })),
        },
        { description: 'The answer, filled in by the server.' },
      ),
    ),
  },
  {
    description:
      'Asks whether the caller may do an action, with the same role check every request goes through. Nothing is stored.',
  },
);

/** `authentication.k8s.io` SelfSubjectReview (`kubectl auth whoami`), in v1 and v1beta1. */
export const SELF_SUBJECT_REVIEW_SCHEMA: TSchema = Type.Object(
  {
    apiVersion: Type.String(),
    kind: Type.String(),
    metadata: Type.Object({}),
    status: Type.Optional(
      Type.Object(
        {
          userInfo: Type.Object(
            {
              username: Type.String({ description: 'Name of the token.' }),
              groups: Type.Array(Type.String(), {
                description: 'The role as paletteai:<role>, and system:authenticated.',
              }),
              extra: Type.Optional(
                Type.Record(Type.String(), Type.Array(Type.String()), {
                  description: 'paletteai.io/namespace: the namespace the role applies to.',
                }),
              ),
            },
            { description: 'Who the token is.' },
          ),
        },
        { description: 'The answer, filled in by the server.' },
      ),
    ),
  },
  { description: 'Tells the caller who its token is: name, role and namespace. Nothing is stored.' },
);
