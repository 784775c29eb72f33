/**
 * Sets of field paths, as structured-merge-diff keeps them for server-side apply, and their wire form
 * `FieldsV1` (`metadata.managedFields[].fieldsV1`).
 *
 * A path is a list of elements, each encoded as FieldsV1 encodes it: `f:name` (a field or map key),
 * `k:{"name":"x"}` (an item of an associative list, by its key fields), `v:"x"` (an item of a set
 * list), `i:3` (a list index; never produced here, accepted on input). A set is a trie: a node is a
 * *member* when the path itself is in the set (FieldsV1 writes `{}` for a member without children
 * and `".": {}` for a member with children); other nodes only lead to members below them.
 * @see https://kubernetes.io/docs/reference/using-api/server-side-apply/#field-management
 */
import { quote } from '../../model/index.js';

/** One encoded path element: `f:…`, `k:…`, `v:…` or `i:…`. */
export type PathElement = string;
/** A field path, from the object's root. */
export type FieldPath = readonly PathElement[];

/** JSON with object keys sorted, so equal keys encode to equal elements (as SMD writes them). */
const canonicalJson = (value: unknown): string => {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
};

/** The element of a field (or map key) `name`. */
export const fieldElement = (name: string): PathElement => `f:${name}`;
/** The element of an associative-list item with these key fields. */
export const keyElement = (key: Record<string, unknown>): PathElement => `k:${canonicalJson(key)}`;
/** The element of a set-list item. */
export const valueElement = (value: unknown): PathElement => `v:${canonicalJson(value)}`;

interface Node {
  member: boolean;
  children: Map<PathElement, Node>;
}

const newNode = (member = false): Node => ({ member, children: new Map() });

/** SMD orders elements fields first, then keys, values, indexes; FieldsV1 and conflict lists follow it. */
const RANK: Record<string, number> = { f: 0, k: 1, v: 2, i: 3 };
/** The order of path elements in FieldsV1 and in conflict lists (structured-merge-diff's). */
export const compareElements = (a: PathElement, b: PathElement): number => {
  const ra = RANK[a[0]!] ?? 4;
  const rb = RANK[b[0]!] ?? 4;
  if (ra !== rb) return ra - rb;
  if (a[0] === 'i') return Number(a.slice(2)) - Number(b.slice(2));
  return a < b ? -1 : a > b ? 1 : 0;
};
const sortedChildren = (node: Node) => [...node.children.entries()].sort(([a], [b]) => compareElements(a, b));

const copyNode = (node: Node): Node => ({
  member: node.member,
  children: new Map([...node.children].map(([k, c]) => [k, copyNode(c)])),
});

const isEmptyNode = (node: Node): boolean => !node.member && node.children.size === 0;

/** A set of field paths (see the module comment). Built with `insert`; the set operations return new sets. */
export class FieldSet {
  private constructor(private readonly root: Node) {}

  /** An empty set. */
  static empty(): FieldSet {
    return new FieldSet(newNode());
  }

  /** The set of these paths. */
  static of(...paths: FieldPath[]): FieldSet {
    const s = FieldSet.empty();
    for (const p of paths) s.insert(p);
    return s;
  }

  /**
   * Reads a FieldsV1 object. Throws an Error naming the first malformed entry: a key that is neither
   * `.` nor `f:`/`k:`/`v:`/`i:` with a well-formed payload, or a value that is not an object.
   */
  static fromFieldsV1(value: unknown): FieldSet {
    const read = (v: unknown, at: string): Node => {
      if (v === null || typeof v !== 'object' || Array.isArray(v))
        throw new Error(`${at || 'fieldsV1'}: expected an object`);
      const node = newNode();
      const entries = Object.entries(v as Record<string, unknown>);
      if (entries.length === 0) node.member = true;
      for (const [key, child] of entries) {
        if (key === '.') {
          node.member = true;
          continue;
        }
        checkElement(key, at);
        node.children.set(key, read(child, `${at}${pathString([key])}`));
      }
      return node;
    };
    const root = read(value, '');
    root.member = false; // the object itself is never a field of itself
    return new FieldSet(root);
  }

  /** The FieldsV1 object of this set: `.` first, then elements in SMD order. */
  toFieldsV1(): Record<string, unknown> {
    const write = (node: Node): Record<string, unknown> => {
      const out: Record<string, unknown> = {};
      if (node.member && node.children.size > 0) out['.'] = {};
      for (const [k, c] of sortedChildren(node)) out[k] = write(c);
      return out;
    };
    return write(this.root);
  }

  /** Adds a path (the empty path is ignored: the root is not a field). */
  insert(path: FieldPath): void {
    if (path.length === 0) return;
    let node = this.root;
    for (const el of path) {
      let next = node.children.get(el);
      if (!next) node.children.set(el, (next = newNode()));
      node = next;
    }
    node.member = true;
  }

  /** Whether the path itself is in the set. */
  has(path: FieldPath): boolean {
    return this.nodeAt(path)?.member ?? false;
  }

  /** Whether the path or anything below it is in the set. */
  hasAtOrBelow(path: FieldPath): boolean {
    const node = this.nodeAt(path);
    return node !== undefined && !isEmptyNode(node);
  }

  /** The paths below `el`, relative to it (a view: do not insert into it). */
  child(el: PathElement): FieldSet | undefined {
    const node = this.root.children.get(el);
    return node ? new FieldSet(node) : undefined;
  }

  /** Whether this set's own root is a member (meaningful on a `child` view). */
  get isMember(): boolean {
    return this.root.member;
  }

  /** Whether anything lies below this set's root. */
  get hasChildren(): boolean {
    return this.root.children.size > 0;
  }

  /** True when no path is in the set. */
  isEmpty(): boolean {
    return isEmptyNode(this.root);
  }

  /** Paths in this set or `other`. */
  union(other: FieldSet): FieldSet {
    const merge = (a: Node, b: Node) => {
      a.member ||= b.member;
      for (const [k, bc] of b.children) {
        const ac = a.children.get(k);
        if (ac) merge(ac, bc);
        else a.children.set(k, copyNode(bc));
      }
    };
    const out = copyNode(this.root);
    merge(out, other.root);
    return new FieldSet(out);
  }

  /** Paths in this set and not in `other`. */
  difference(other: FieldSet): FieldSet {
    const diff = (a: Node, b: Node | undefined): Node => {
      const out = newNode(a.member && !b?.member);
      for (const [k, ac] of a.children) {
        const c = diff(ac, b?.children.get(k));
        if (!isEmptyNode(c)) out.children.set(k, c);
      }
      return out;
    };
    return new FieldSet(diff(this.root, other.root));
  }

  /** Paths in both sets. */
  intersection(other: FieldSet): FieldSet {
    const both = (a: Node, b: Node): Node => {
      const out = newNode(a.member && b.member);
      for (const [k, ac] of a.children) {
        const bc = b.children.get(k);
        if (!bc) continue;
        const c = both(ac, bc);
        if (!isEmptyNode(c)) out.children.set(k, c);
      }
      return out;
    };
    return new FieldSet(both(this.root, other.root));
  }

  /** Same paths. */
  equals(other: FieldSet): boolean {
    return this.difference(other).isEmpty() && other.difference(this).isEmpty();
  }

  /** Every path in the set, in SMD order (parents before children). */
  paths(): FieldPath[] {
    const out: FieldPath[] = [];
    const walk = (node: Node, prefix: PathElement[]) => {
      for (const [k, c] of sortedChildren(node)) {
        const p = [...prefix, k];
        if (c.member) out.push(p);
        walk(c, p);
      }
    };
    walk(this.root, []);
    return out;
  }

  private nodeAt(path: FieldPath): Node | undefined {
    let node: Node | undefined = this.root;
    for (const el of path) node = node?.children.get(el);
    return node;
  }
}

const isScalar = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);

/** Checks one FieldsV1 key; throws naming it when malformed. */
const checkElement = (key: string, at: string): void => {
  const kind = key.slice(0, 2);
  const payload = key.slice(2);
  const bad = (why: string) => new Error(`${at || 'fieldsV1'}: ${quote(key)} ${why}`);
  if (kind === 'f:') return;
  if (kind === 'i:') {
    if (!/^(0|[1-9]\d{0,8})$/.test(payload)) throw bad('is not a list index');
    return;
  }
  if (kind !== 'k:' && kind !== 'v:') throw bad('is not a field (f:), key (k:), value (v:) or index (i:)');
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    throw bad('does not hold JSON');
  }
  if (kind === 'k:') {
    const ok =
      parsed !== null &&
      typeof parsed === 'object' &&
      !Array.isArray(parsed) &&
      Object.keys(parsed).length > 0 &&
      Object.values(parsed).every(isScalar);
    if (!ok) throw bad('must hold an object of key fields with scalar values');
  }
};

/**
 * A path as kube-apiserver prints it in conflicts: `.spec.version`,
 * `.spec.clusterProfiles[name="edge"].version`, `.metadata.finalizers[="x"]`, `[3]`.
 */
export const pathString = (path: FieldPath): string =>
  path
    .map((el) => {
      const payload = el.slice(2);
      switch (el.slice(0, 2)) {
        case 'f:':
          return `.${payload}`;
        case 'k:': {
          const key = JSON.parse(payload) as Record<string, unknown>;
          return `[${Object.entries(key)
            .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
            .join(',')}]`;
        }
        case 'v:':
          return `[=${payload}]`;
        default:
          return `[${payload}]`;
      }
    })
    .join('');
