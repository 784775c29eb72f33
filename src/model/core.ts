import { Type, type Static } from '@sinclair/typebox';
import { ObjectMeta } from './metadata.js';
import { StrictObject } from './schema.js';

/** Core `v1` Namespace (cluster-scoped). */
export const Namespace = StrictObject({
  apiVersion: Type.Literal('v1'),
  kind: Type.Literal('Namespace'),
  metadata: ObjectMeta,
  spec: Type.Optional(
    StrictObject({
      finalizers: Type.Optional(
        Type.Array(Type.String(), {
          description: 'Values that must all be removed before the namespace is removed from storage.',
        }),
      ),
    }),
  ),
  status: Type.Optional(
    StrictObject({
      phase: Type.Optional(
        Type.String({
          description: 'Active, or Terminating while the namespace and its objects are deleted.',
        }),
      ),
    }),
  ),
});
export type Namespace = Static<typeof Namespace>;

/** Core `v1` Secret. Its values never appear in status, logs or errors. */
export const Secret = StrictObject({
  apiVersion: Type.Literal('v1'),
  kind: Type.Literal('Secret'),
  metadata: ObjectMeta,
  type: Type.Optional(
    Type.String({
      description:
        'What the Secret holds, for programs that read it, e.g. Opaque (the default) or kubernetes.io/tls.',
    }),
  ),
  immutable: Type.Optional(
    Type.Boolean({
      description: 'When true, data cannot change after creation (only metadata can); false when absent.',
    }),
  ),
  data: Type.Optional(
    Type.Record(Type.String(), Type.String({ pattern: '^[A-Za-z0-9+/]*={0,2}$' }), {
      description: 'The values by key, each base64-encoded.',
    }),
  ),
  stringData: Type.Optional(
    Type.Record(Type.String(), Type.String(), {
      description:
        'Write-only plain-text values by key, folded into data on write; a key here wins over data.',
    }),
  ),
});
export type Secret = Static<typeof Secret>;

/** The object an Event is about. */
const EventObjectReference = StrictObject(
  {
    apiVersion: Type.Optional(Type.String({ description: 'apiVersion of the object.' })),
    kind: Type.Optional(Type.String({ description: 'Kind of the object.' })),
    namespace: Type.Optional(Type.String({ description: 'Namespace of the object.' })),
    name: Type.Optional(Type.String({ description: 'Name of the object.' })),
    uid: Type.Optional(Type.String({ description: 'UID of the object.' })),
    resourceVersion: Type.Optional(
      Type.String({ description: 'The resourceVersion of the object the event refers to.' }),
    ),
    fieldPath: Type.Optional(
      Type.String({
        description: 'The part of the object the event is about, when not the whole, e.g. spec.layers[0].',
      }),
    ),
  },
  { description: 'The object this event is about.' },
);

/** `source` of a core `v1` Event (`deprecatedSource` of an `events.k8s.io/v1` one). */
const EventSource = (description: string) =>
  StrictObject(
    {
      component: Type.Optional(Type.String({ description: 'The component that reported the event.' })),
      host: Type.Optional(Type.String({ description: 'The node the event was reported from.' })),
    },
    { description },
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
  source: Type.Optional(EventSource('Who reported the event.')),
  firstTimestamp: Type.Optional(Type.String({ description: 'When the event was first recorded, RFC 3339.' })),
  lastTimestamp: Type.Optional(Type.String({ description: 'When the event last occurred, RFC 3339.' })),
  eventTime: Type.Optional(
    Type.Union([Type.String(), Type.Null()], {
      description: 'When the event was first observed, RFC 3339 with microseconds; null when not set.',
    }),
  ),
  count: Type.Optional(Type.Integer({ minimum: 0, description: 'How many times the event has occurred.' })),
  reportingComponent: Type.Optional(
    Type.String({ description: 'The controller that emitted the event, e.g. paletteai/compute-pool.' }),
  ),
  reportingInstance: Type.Optional(Type.String({ description: 'The instance of that controller.' })),
  action: Type.Optional(Type.String({ description: 'What the controller did, or failed to do.' })),
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
  deprecatedSource: Type.Optional(EventSource('source of the core v1 Event: who reported it.')),
  deprecatedFirstTimestamp: Type.Optional(
    Type.String({ description: 'firstTimestamp of the core v1 Event, RFC 3339.' }),
  ),
  deprecatedLastTimestamp: Type.Optional(
    Type.String({ description: 'lastTimestamp of the core v1 Event, RFC 3339.' }),
  ),
  deprecatedCount: Type.Optional(
    Type.Integer({ minimum: 0, description: 'count of the core v1 Event: how many times it occurred.' }),
  ),
});
export type EventsV1Event = Static<typeof EventsV1Event>;
