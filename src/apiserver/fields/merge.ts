/**
 * Merging an applied configuration into the live object, and pruning what its manager stopped
 * applying: structured-merge-diff's `Merge` and `prune`, over the shapes of shape.ts.
 */
import { fieldElement, type FieldSet } from './fieldSet.js';
import { listElements } from './fieldsOf.js';
import { childShape, isMapShape, isObject, own, setOwn, UNTYPED, type Shape } from './shape.js';

/**
 * The live value with `config` merged in: objects merge field by field, associative and set lists
 * item by item (the configuration's items in its order, the live-only items kept where they were),
 * everything else (scalars, atomic lists) is replaced by the configuration's value.
 */
export const mergeValues = (live: unknown, config: unknown, shape: Shape): unknown => {
  if (config === undefined) return live;
  if (isObject(config) && isMapShape(shape) && (isObject(live) || live === undefined)) {
    const out: Record<string, unknown> = { ...live };
    for (const [k, v] of Object.entries(config))
      setOwn(out, k, mergeValues(own(out, k), v, childShape(shape, k) ?? UNTYPED));
    return out;
  }
  if (Array.isArray(config) && (Array.isArray(live) || live === undefined)) {
    const ce = listElements(shape, config);
    const le = live ? listElements(shape, live) : [];
    if (ce && le && shape.kind === 'list')
      return mergeList(live ?? [], le, config, ce, shape.elem, shape.listType);
  }
  return structuredClone(config);
};

const mergeList = (
  live: readonly unknown[],
  le: readonly string[],
  config: readonly unknown[],
  ce: readonly string[],
  elem: Shape,
  listType: 'atomic' | 'set' | 'map',
): unknown[] => {
  const inConfig = new Map(ce.map((el, i) => [el, i]));
  const inLive = new Map(le.map((el, i) => [el, i]));
  const out: unknown[] = [];
  let next = 0;
  const emitThrough = (last: number) => {
    for (; next <= last; next++) {
      const li = inLive.get(ce[next]!);
      const liveItem = li === undefined ? undefined : live[li];
      out.push(listType === 'map' ? mergeValues(liveItem, config[next], elem) : config[next]);
    }
  };
  live.forEach((item, i) => {
    const ci = inConfig.get(le[i]!);
    if (ci === undefined) out.push(item);
    else emitThrough(ci);
  });
  emitThrough(ce.length - 1);
  return out;
};

/**
 * Removes what a manager applied last time (`last`) and applies no more, unless some manager —
 * this one's new configuration included — owns it or something below it (`owned`). An object or
 * list left empty by the removal goes too, unless someone owns it (SMD treats the named fields above
 * a removed field as applied with it).
 */
export const prune = (value: unknown, shape: Shape, last: FieldSet, owned: FieldSet | undefined): unknown => {
  if (!last.hasChildren) return value;
  const decide = (el: string, child: unknown, cs: Shape): { keep: boolean; value?: unknown } => {
    const l = last.child(el);
    if (!l) return { keep: true, value: child };
    const o = owned?.child(el);
    const ownedHere = o !== undefined && (o.isMember || o.hasChildren);
    if (l.isMember && !ownedHere) return { keep: false };
    const pruned = prune(child, cs, l, o);
    const emptied =
      pruned !== child &&
      ((isObject(pruned) && Object.keys(pruned).length === 0) ||
        (Array.isArray(pruned) && pruned.length === 0));
    // An object or list emptied here that nobody owns was applied with what it held: it goes with it.
    if (emptied && !ownedHere) return { keep: false };
    return { keep: true, value: pruned };
  };
  if (isObject(value) && isMapShape(shape)) {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, child] of Object.entries(value)) {
      const cs = childShape(shape, k) ?? UNTYPED;
      const r = decide(fieldElement(k), child, cs);
      if (r.keep) setOwn(out, k, r.value);
      if (!r.keep || r.value !== child) changed = true;
    }
    return changed ? out : value;
  }
  if (Array.isArray(value) && shape.kind === 'list') {
    const elements = listElements(shape, value);
    if (!elements) return value;
    let changed = false;
    const out: unknown[] = [];
    value.forEach((item, i) => {
      const r = decide(elements[i]!, item, shape.elem);
      // An item that stays keeps its key fields, whoever owned them: they are what it is.
      if (r.keep && r.value !== item && isObject(r.value) && isObject(item))
        r.value = { ...Object.fromEntries((shape.keys ?? []).map((k) => [k, item[k]])), ...r.value };
      if (r.keep) out.push(r.value);
      if (!r.keep || r.value !== item) changed = true;
    });
    return changed ? out : value;
  }
  return value;
};
