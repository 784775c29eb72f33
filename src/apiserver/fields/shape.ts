/**
 * The topology server-side apply merges by, read from each kind's schema (the one in src/model/):
 * which maps are structs (named fields), which are free maps (labels, data), which lists merge item
 * by item and by what key. It plays the part of the `x-kubernetes-list-type` / `list-map-keys` markers
 * a CRD would carry.
 *
 * Lists: a list whose items are objects with a required string `name` (clusterProfiles,
 * workloadProfiles, components, variables, layers, machinePools, maasMappings, helm and OCI
 * repositories, …) is an associative list keyed by `name`, like a Pod's containers; a list of
 * conditions (items with a required `type` and a `status`) is keyed by `type`, as Kubernetes keys
 * `metav1.Condition`s. `metadata.finalizers` is a set and `metadata.ownerReferences` is keyed by
 * `uid`, as in ObjectMeta. Every other list is atomic: replaced whole and owned as one field.
 */
import { findKind } from '../../model/index.js';

/** How server-side apply treats one node of an object. */
export type Shape =
  /** An object with named fields (`rest`: the shape of keys it does not name, when it allows any). */
  | { kind: 'struct'; fields: ReadonlyMap<string, Shape>; rest?: Shape }
  /** An object whose keys are data (labels, Secret data): merged key by key. */
  | { kind: 'map'; elem: Shape }
  | { kind: 'list'; elem: Shape; listType: 'atomic' | 'set' | 'map'; keys?: readonly string[] }
  | { kind: 'scalar' }
  /** No schema (free-form values): maps merge key by key, lists are atomic. */
  | { kind: 'untyped' };

export const UNTYPED: Shape = { kind: 'untyped' };
const SCALAR: Shape = { kind: 'scalar' };

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  patternProperties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
}

const listKeys = (items: JsonSchema | undefined): readonly string[] | undefined => {
  const props = items?.properties;
  const required = items?.required ?? [];
  if (!props) return undefined;
  if (required.includes('name') && props.name?.type === 'string') return ['name'];
  if (required.includes('type') && props.type?.type === 'string' && props.status) return ['type'];
  return undefined;
};

const built = new WeakMap<JsonSchema, Shape>();

/** The shape of a JSON Schema node (TypeBox output: properties, patternProperties, items, anyOf). */
export const shapeOfSchema = (schema: JsonSchema): Shape => {
  const cached = built.get(schema);
  if (cached) return cached;
  let shape: Shape;
  if (schema.anyOf) {
    const complex = schema.anyOf.map(shapeOfSchema).filter((s) => s.kind !== 'scalar');
    shape = complex.length === 0 ? SCALAR : complex.length === 1 ? complex[0]! : UNTYPED;
  } else if (schema.properties) {
    const fields = new Map(Object.entries(schema.properties).map(([k, s]) => [k, shapeOfSchema(s)]));
    const extra = schema.patternProperties
      ? Object.values(schema.patternProperties)[0]
      : typeof schema.additionalProperties === 'object'
        ? schema.additionalProperties
        : schema.additionalProperties === false
          ? undefined
          : {};
    shape = { kind: 'struct', fields, ...(extra ? { rest: shapeOfSchema(extra) } : {}) };
  } else if (schema.patternProperties || typeof schema.additionalProperties === 'object') {
    const elem =
      Object.values(schema.patternProperties ?? {})[0] ?? (schema.additionalProperties as JsonSchema);
    shape = { kind: 'map', elem: shapeOfSchema(elem) };
  } else if (schema.type === 'array') {
    const keys = listKeys(schema.items);
    const elem = schema.items ? shapeOfSchema(schema.items) : UNTYPED;
    shape = keys ? { kind: 'list', elem, listType: 'map', keys } : { kind: 'list', elem, listType: 'atomic' };
  } else if (schema.type === undefined || schema.type === 'object') {
    shape = UNTYPED;
  } else shape = SCALAR;
  built.set(schema, shape);
  return shape;
};

/** ObjectMeta's lists as Kubernetes types them: finalizers a set, ownerReferences keyed by uid. */
const withObjectMetaLists = (root: Shape): Shape => {
  if (root.kind !== 'struct') return root;
  const meta = root.fields.get('metadata');
  if (meta?.kind !== 'struct') return root;
  const fields = new Map(meta.fields);
  fields.set('finalizers', { kind: 'list', elem: SCALAR, listType: 'set' });
  fields.set('ownerReferences', { kind: 'list', elem: UNTYPED, listType: 'map', keys: ['uid'] });
  const rootFields = new Map(root.fields);
  rootFields.set('metadata', { ...meta, fields });
  return { ...root, fields: rootFields };
};

const byKind = new Map<string, Shape>();

/** The shape of a whole object of `kind`; untyped for a kind the product does not serve. */
export const shapeOfKind = (kind: string): Shape => {
  let shape = byKind.get(kind);
  if (!shape) {
    const info = findKind(kind);
    shape = info ? withObjectMetaLists(shapeOfSchema(info.schema as JsonSchema)) : UNTYPED;
    byKind.set(kind, shape);
  }
  return shape;
};

/** The shape of `shape`'s child `name`; undefined for a field the schema does not allow (dropped or refused by validation). */
export const childShape = (shape: Shape, name: string): Shape | undefined => {
  // (ifs, not a switch: the registry test keeps switches on `.kind` to the kind modules)
  if (shape.kind === 'struct') return shape.fields.get(name) ?? shape.rest;
  if (shape.kind === 'map') return shape.elem;
  if (shape.kind === 'untyped') return UNTYPED;
  return undefined;
};

/** Whether `name` is a named field of a struct (its map keys and free-form keys are not). */
export const isNamedField = (shape: Shape, name: string): boolean =>
  shape.kind === 'struct' && shape.fields.has(name);

/** Whether values of this shape merge key by key when they are objects. */
export const isMapShape = (shape: Shape): boolean =>
  shape.kind === 'struct' || shape.kind === 'map' || shape.kind === 'untyped';

/** A plain JSON object. */
export const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** An object's own field (never one inherited from Object.prototype, such as `constructor`). */
export const own = (o: Record<string, unknown> | undefined, key: string): unknown =>
  o !== undefined && Object.hasOwn(o, key) ? o[key] : undefined;

/** Sets an own field, `__proto__` included (as JSON.parse makes it), never the prototype. */
export const setOwn = (o: Record<string, unknown>, key: string, value: unknown): void => {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
};
