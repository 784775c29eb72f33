import { Type, type Static } from '@sinclair/typebox';
import { ObjectMeta } from './metadata.js';
import { StrictObject } from './schema.js';

/** Core `v1` Namespace (cluster-scoped). */
export const Namespace = StrictObject({
  apiVersion: Type.Literal('v1'),
  kind: Type.Literal('Namespace'),
  metadata: ObjectMeta,
  spec: Type.Optional(StrictObject({ finalizers: Type.Optional(Type.Array(Type.String())) })),
  status: Type.Optional(StrictObject({ phase: Type.Optional(Type.String()) })),
});
export type Namespace = Static<typeof Namespace>;

/** Core `v1` Secret. Its values never appear in status, logs or errors. */
export const Secret = StrictObject({
  apiVersion: Type.Literal('v1'),
  kind: Type.Literal('Secret'),
  metadata: ObjectMeta,
  type: Type.Optional(Type.String()),
  immutable: Type.Optional(Type.Boolean()),
  data: Type.Optional(Type.Record(Type.String(), Type.String({ pattern: '^[A-Za-z0-9+/]*={0,2}$' }))),
  stringData: Type.Optional(Type.Record(Type.String(), Type.String())),
});
export type Secret = Static<typeof Secret>;
