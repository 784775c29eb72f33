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

/** The object an Event is about. */
const EventObjectReference = StrictObject(
  {
    apiVersion: Type.Optional(Type.String()),
    kind: Type.Optional(Type.String()),
    namespace: Type.Optional(Type.String()),
    name: Type.Optional(Type.String()),
    uid: Type.Optional(Type.String()),
    resourceVersion: Type.Optional(Type.String()),
    fieldPath: Type.Optional(Type.String()),
  },
  { description: 'The object this event is about.' },
);

/**
 * Core `v1` Event: one step a controller took on an object (`kubectl get events`, `kubectl
 * describe`), written by the controllers through the write pipeline.
 */
export const Event = StrictObject({
  apiVersion: Type.Literal('v1'),
  kind: Type.Literal('Event'),
  metadata: ObjectMeta,
  involvedObject: EventObjectReference,
  reason: Type.Optional(
    Type.String({
      maxLength: 128,
      description: 'Why, in UpperCamelCase, e.g. Planned or ProvisioningFailed.',
    }),
  ),
  message: Type.Optional(Type.String({ maxLength: 4096, description: 'What happened, for a person.' })),
  type: Type.Optional(Type.String({ description: 'Normal or Warning.' })),
  source: Type.Optional(
    StrictObject({ component: Type.Optional(Type.String()), host: Type.Optional(Type.String()) }),
  ),
  firstTimestamp: Type.Optional(Type.String()),
  lastTimestamp: Type.Optional(Type.String()),
  eventTime: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  count: Type.Optional(Type.Integer({ minimum: 0 })),
  reportingComponent: Type.Optional(Type.String()),
  reportingInstance: Type.Optional(Type.String()),
  action: Type.Optional(Type.String()),
});
export type Event = Static<typeof Event>;

/**
 * `events.k8s.io/v1` Event: the same events as core `v1` Event (one store, converted on the way in
 * and out, as kube-apiserver serves both), with the newer field names.
 */
export const EventsV1Event = StrictObject({
  apiVersion: Type.Literal('events.k8s.io/v1'),
  kind: Type.Literal('Event'),
  metadata: ObjectMeta,
  eventTime: Type.Optional(
    Type.Union([Type.String(), Type.Null()], { description: 'When the event was first observed.' }),
  ),
  reportingController: Type.Optional(
    Type.String({ description: 'The controller that emitted the event, e.g. paletteai/compute-pool.' }),
  ),
  reportingInstance: Type.Optional(Type.String({ description: 'The instance of that controller.' })),
  action: Type.Optional(Type.String({ description: 'What the controller did.' })),
  reason: Type.Optional(Type.String({ maxLength: 128, description: 'Why, in UpperCamelCase.' })),
  regarding: Type.Optional(EventObjectReference),
  note: Type.Optional(Type.String({ maxLength: 4096, description: 'What happened, for a person.' })),
  type: Type.Optional(Type.String({ description: 'Normal or Warning.' })),
  deprecatedSource: Type.Optional(
    StrictObject({ component: Type.Optional(Type.String()), host: Type.Optional(Type.String()) }),
  ),
  deprecatedFirstTimestamp: Type.Optional(Type.String()),
  deprecatedLastTimestamp: Type.Optional(Type.String()),
  deprecatedCount: Type.Optional(Type.Integer({ minimum: 0 })),
});
export type EventsV1Event = Static<typeof EventsV1Event>;
