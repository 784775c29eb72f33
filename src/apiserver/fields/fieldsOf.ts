/**
 * Field sets of values, and what changed between two values: the two questions server-side apply
 * asks (structured-merge-diff's `ToFieldSet` and `Compare`). Fields the schema does not allow are
 * left out: validation drops or refuses them, so nobody can own them.
 */
import { isDeepStrictEqual } from 'node:util';
import {
  compareElements,
  fieldElement,
  FieldSet,
  keyElement,
  valueElement,
  type PathElement,
} from './fieldSet.js';
import { childShape, isMapShape, isNamedField, isObject, own, type Shape } from './shape.js';

const isScalar = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);

/**
 * The path element of each item of a list that merges item by item, or undefined when the list is
 * atomic — by its shape, or because this value cannot be keyed (an item without its key fields, or
 * two items with the same key): such a list is then treated as one value rather than refused.
 */
export const listElements = (shape: Shape, list: readonly unknown[]): PathElement[] | undefined => {
  if (shape.kind !== 'list' || shape.listType === 'atomic') return undefined;
  const out: PathElement[] = [];
  for (const item of list) {
    let el: PathElement;
    if (shape.listType === 'set') {
      if (!isScalar(item)) return undefined;
      el = valueElement(item);
    } else {
      if (!isObject(item)) return undefined;
      const key: Record<string, unknown> = {};
      for (const k of shape.keys ?? []) {
        if (!isScalar(item[k]) || item[k] === null) return undefined;
        key[k] = item[k];
      }
      el = keyElement(key);
    }
    out.push(el);
  }
  return new Set(out).size === out.length ? out : undefined;
};

const collect = (value: unknown, shape: Shape, path: PathElement[], set: FieldSet): void => {
  if (isObject(value) && isMapShape(shape)) {
    for (const [k, child] of Object.entries(value)) {
      const cs = childShape(shape, k);
      if (!cs) continue;
      const p = [...path, fieldElement(k)];
      // A null or empty value has nothing below it to own: the field itself is the member.
      if (child === null || (isObject(child) && Object.keys(child).length === 0)) set.insert(p);
      else {
        if (!isNamedField(shape, k)) set.insert(p); // map keys are members, named fields only lead
        collect(child, cs, p, set);
      }
    }
    return;
  }
  if (Array.isArray(value) && shape.kind === 'list') {
    const elements = listElements(shape, value);
    if (elements) {
      elements.forEach((el, i) => {
        const p = [...path, el];
        set.insert(p);
        if (shape.listType === 'map') collect(value[i], shape.elem, p, set);
      });
      return;
    }
  }
  set.insert(path);
};

/** The fields a value sets (an applied configuration: what its manager will own). */
export const fieldSetOf = (value: unknown, shape: Shape, prefix: PathElement[] = []): FieldSet => {
  const set = FieldSet.empty();
  collect(value, shape, prefix, set);
  return set;
};

/** What changed from one value to another, as field sets. */
export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

/** True when nothing changed. */
export const unchanged = (c: Comparison): boolean =>
  c.added.isEmpty() && c.modified.isEmpty() && c.removed.isEmpty();

/**
 * Compares `before` with `after`: fields that appear (added; a new object or list item is itself
 * added, with what it holds), change value (modified) or disappear (removed, with what they held).
 */
export const compare = (before: unknown, after: unknown, shape: Shape): Comparison => {
  const out: Comparison = { added: FieldSet.empty(), modified: FieldSet.empty(), removed: FieldSet.empty() };
  walk(before, after, shape, [], out);
  return out;
};

const walk = (lhs: unknown, rhs: unknown, shape: Shape, path: PathElement[], out: Comparison): void => {
  if (lhs === undefined && rhs === undefined) return;
  if (isMapShape(shape) && (isObject(lhs) || lhs === undefined) && (isObject(rhs) || rhs === undefined)) {
    if (lhs === undefined) out.added.insert(path);
    else if (rhs === undefined) out.removed.insert(path);
    const keys = new Set([...Object.keys(lhs ?? {}), ...Object.keys(rhs ?? {})]);
    for (const k of keys) {
      const cs = childShape(shape, k);
      if (cs) walk(own(lhs, k), own(rhs, k), cs, [...path, fieldElement(k)], out);
    }
    return;
  }
  if (
    shape.kind === 'list' &&
    (Array.isArray(lhs) || lhs === undefined) &&
    (Array.isArray(rhs) || rhs === undefined)
  ) {
    const le = lhs ? listElements(shape, lhs) : [];
    const re = rhs ? listElements(shape, rhs) : [];
    if (le && re) {
      const left = new Map(le.map((el, i) => [el, (lhs as unknown[])[i]]));
      const right = new Map(re.map((el, i) => [el, (rhs as unknown[])[i]]));
      for (const el of new Set([...le, ...re])) {
        const p = [...path, el];
        if (shape.listType === 'map') walk(left.get(el), right.get(el), shape.elem, p, out);
        else if (!left.has(el)) out.added.insert(p);
        else if (!right.has(el)) out.removed.insert(p);
      }
      return;
    }
  }
  // A leaf: a scalar, an atomic list, or a value whose type changed.
  if (lhs === undefined) out.added.insert(path);
  else if (rhs === undefined) out.removed.insert(path);
  else if (!isDeepStrictEqual(lhs, rhs)) {
    out.modified.insert(path);
    if (typeof lhs !== 'object' && typeof rhs !== 'object') return;
    // A type change (object → scalar, …): what was below the old value is gone, what is below the new one is new.
    const below = (v: unknown) => fieldSetOf(v, shape, path).difference(FieldSet.of(path));
    out.removed = out.removed.union(below(lhs));
    out.added = out.added.union(below(rhs));
  }
};

/** One child of a FieldsV1 node being built: its element and its encoding. */
type Encoded = [PathElement, Record<string, unknown>];

/**
 * A FieldsV1 node from whether its path is a member and its children (in any order), or undefined
 * when it holds nothing.
 */
const encodeNode = (member: boolean, children: Encoded[]): Record<string, unknown> | undefined => {
  if (!member && children.length === 0) return undefined;
  const out: Record<string, unknown> = {};
  if (member && children.length > 0) out['.'] = {};
  if (children.length > 1) children.sort(([a], [b]) => compareElements(a, b));
  for (const [el, child] of children) out[el] = child;
  return out;
};

/** The encoded children of a map value's fields the schema allows. */
const addedFields = (value: Record<string, unknown>, shape: Shape): Encoded[] => {
  const children: Encoded[] = [];
  for (const k of Object.keys(value)) {
    const cs = childShape(shape, k);
    const encoded = cs && encodeAdded(value[k], cs);
    if (encoded) children.push([fieldElement(k), encoded]);
  }
  return children;
};

/**
 * The FieldsV1 of what {@link walk} adds for a value that did not exist before, built directly
 * (a leaf is `{}`); undefined when it adds nothing.
 */
const encodeAdded = (value: unknown, shape: Shape): Record<string, unknown> | undefined => {
  if (isMapShape(shape) && isObject(value)) return encodeNode(true, addedFields(value, shape));
  if (shape.kind === 'list' && Array.isArray(value)) {
    const elements = listElements(shape, value);
    if (elements) {
      // The list itself is not a member (as `walk` inserts only its items).
      const children: Encoded[] = [];
      elements.forEach((el, i) => {
        const item = shape.listType === 'map' ? encodeAdded(value[i], shape.elem) : {};
        if (item) children.push([el, item]);
      });
      return encodeNode(false, children);
    }
  }
  return {};
};

/**
 * The FieldsV1 of everything in a new object's owned part — what {@link compare} from an empty
 * object adds, without `metadata` itself — built directly: a create records its manager this way
 * without the general comparison's sets (a third of a create's field-management time).
 * Undefined when it owns nothing.
 */
export const newObjectFieldsV1 = (
  owned: Record<string, unknown>,
  shape: Shape,
): Record<string, unknown> | undefined => {
  // The object itself is not a field of itself.
  if (!isMapShape(shape) || !isObject(owned)) return encodeNode(false, []);
  const children = addedFields(owned, shape);
  const meta = children.find(([el]) => el === 'f:metadata');
  if (meta) {
    // `metadata` is never owned, only fields in it.
    const { '.': _dot, ...below } = meta[1];
    if (Object.keys(below).length === 0) children.splice(children.indexOf(meta), 1);
    else meta[1] = below;
  }
  return encodeNode(false, children);
};
