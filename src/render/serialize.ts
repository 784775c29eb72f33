import { stringify } from 'yaml';
import { byCodeUnits, type KubeObject } from '../model/index.js';

/** Keys that lead a top-level object, in this order; the others follow alphabetically. */
const LEADING_KEYS = ['apiVersion', 'kind', 'metadata', 'spec'];

const topLevelOrder = (a: string, b: string): number => {
  const ia = LEADING_KEYS.indexOf(a);
  const ib = LEADING_KEYS.indexOf(b);
  if (ia >= 0 || ib >= 0) return (ia < 0 ? LEADING_KEYS.length : ia) - (ib < 0 ? LEADING_KEYS.length : ib);
  return byCodeUnits(a, b);
};

/** Sets an own property, even one named `__proto__`, without touching any prototype. */
const put = (target: object, key: string | number, value: unknown): void => {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
};

/**
 * A copy of `value` with object keys sorted (alphabetically; `compareTop` for the outermost object)
 * and `undefined` members left out. Arrays keep their order. Iterative, so any depth is fine.
 */
function sortKeys(value: unknown, compareTop: (a: string, b: string) => number): unknown {
  const holder: Record<string, unknown> = {};
  const stack: [unknown, object, string | number, boolean][] = [[value, holder, 'root', true]];
  for (let task = stack.pop(); task; task = stack.pop()) {
    const [src, parent, key, top] = task;
    if (Array.isArray(src)) {
      const list = new Array<unknown>(src.length);
      put(parent, key, list);
      src.forEach((item: unknown, i) => stack.push([item, list, i, false]));
    } else if (typeof src === 'object' && src !== null) {
      const obj: Record<string, unknown> = {};
      put(parent, key, obj);
      const keys = Object.keys(src).sort(top ? compareTop : byCodeUnits);
      for (const k of keys) {
        const child = (src as Record<string, unknown>)[k];
        if (child === undefined) continue;
        put(obj, k, null); // fixes the key order before the child is filled in
        stack.push([child, obj, k, false]);
      }
    } else put(parent, key, src);
  }
  return holder.root;
}

/** Orders objects by kind, then name, then namespace (code-unit order). */
export const compareKindAndName = (a: KubeObject, b: KubeObject): number =>
  byCodeUnits(a.kind, b.kind) ||
  byCodeUnits(a.metadata.name, b.metadata.name) ||
  byCodeUnits(a.metadata.namespace ?? '', b.metadata.namespace ?? '');

/** Flux source objects (HelmRepository, OCIRepository, …) lead the output. */
const isSource = (o: KubeObject): boolean => o.apiVersion.startsWith('source.toolkit.fluxcd.io/');

/**
 * Objects in output order: Flux sources first, sorted by kind, then name, then namespace; every
 * other object after them in the order given (what {@link renderBundle} returns is already in
 * this order, so this only matters for lists put together by hand).
 */
export function orderObjects(objects: KubeObject[]): KubeObject[] {
  const sources = objects.filter(isSource).sort(compareKindAndName);
  return [...sources, ...objects.filter((o) => !isSource(o))];
}

/**
 * Deterministic multi-document YAML (documents separated by `---`): objects in
 * {@link orderObjects} order; keys sorted recursively, except that a top-level object starts with
 * `apiVersion`, `kind`, `metadata`, `spec` (then the rest alphabetically). Strings are quoted
 * wherever YAML 1.1 (what Kubernetes tools read) could take them for another type (`"yes"`, `"on"`,
 * `"0755"`), and long lines are never folded. The same objects always give the same bytes.
 */
export function toYaml(objects: KubeObject[]): string {
  return orderObjects(objects)
    .map((o) =>
      stringify(sortKeys(o, topLevelOrder), { version: '1.1', lineWidth: 0, aliasDuplicateObjects: false }),
    )
    .join('---\n');
}

/**
 * The objects as one Kubernetes `v1` `List` (`{ "apiVersion": "v1", "kind": "List", "items": [...] }`),
 * pretty-printed with 2 spaces and a final newline, in the same object and key order as {@link toYaml}.
 */
export function toJson(objects: KubeObject[]): string {
  const list = {
    apiVersion: 'v1',
    kind: 'List',
    items: orderObjects(objects).map((o) => sortKeys(o, topLevelOrder)),
  };
  return `${JSON.stringify(list, null, 2)}\n`;
}
