import { Type } from '@sinclair/typebox';
import { StringEnum } from '../../model/schema.js';
import { ROLES } from './tokens.js';

/**
 * The APIToken resource's shape, published in OpenAPI (`kubectl explain apitokens`) and read by
 * the API's create (tokenApi.ts checks the body field by field with messages of its own: this
 * schema describes, it does not validate).
 */
export const API_TOKEN_SCHEMA = Type.Object(
  {
    apiVersion: Type.String(),
    kind: Type.String(),
    metadata: Type.Object({ name: Type.String() }),
    spec: Type.Object(
      {
        role: StringEnum(ROLES, {
          description:
            'What the token may do: viewer reads; editor also writes; admin also manages the tokens of its namespace; cluster-admin may do everything in every namespace.',
        }),
        namespace: Type.Optional(
          Type.String({
            description:
              'The namespace the role applies to; "*" (the default, and the only value) for a cluster-admin token.',
          }),
        ),
        expirationTimestamp: Type.Optional(
          Type.String({
            format: 'date-time',
            description:
              'When the token stops working (RFC 3339). Absent: it works until it is deleted. On create, give this or expirationSeconds.',
          }),
        ),
        expirationSeconds: Type.Optional(
          Type.Integer({
            minimum: 1,
            description:
              'Create only: the token stops working this many seconds after it is made (the answer gives expirationTimestamp).',
          }),
        ),
      },
      { description: 'Who the token is for and how long it works.' },
    ),
    status: Type.Optional(
      Type.Object(
        {
          token: Type.Optional(
            Type.String({
              description:
                'The bearer token itself, in the answer to the create only: the server keeps its sha256 and can never show it again.',
            }),
          ),
        },
        { description: 'What the server answers on create.' },
      ),
    ),
  },
  {
    description:
      'A bearer token of this server, with its role and namespace. Deleting it revokes it on every server of the database at the next request.',
  },
);
