import { readFileSync } from 'node:fs';
import { loadText, type LoadedDocument } from '../../loader/index.js';
import type { KubeObject } from '../../model/index.js';

/**
 * Compact stand-ins for loaded objects, for `validate`'s index of what references resolve to: the
 * fields other objects' rules read of an object are copied into its view; any other field is an
 * accessor that loads the object again from its file the first time one is read (and keeps it).
 * The rules get the same values either way, so they read views exactly as they read objects.
 */

/** Where an object came from: its file, and its place among the documents loaded from that file. */
export interface ObjectSource {
  file: string;
  /** 0-based: the n-th document `loadText` gives for the file. */
  ordinal: number;
  /** The object's line in the file. */
  line: number;
  /** The whole object, once some rule read a field its view does not hold. */
  full?: Record<string, unknown>;
}

/** Fields every view holds: what the index and most messages read. */
const COMMON = [
  ['apiVersion'],
  ['kind'],
  ['metadata', 'name'],
  ['metadata', 'namespace'],
  ['metadata', 'labels'],
];

/** Fields a view of each kind holds besides {@link COMMON}: what the rules read of a referenced object. */
const HELD: Record<string, string[][]> = {
  ClusterProfile: [
    ['spec', 'type'],
    ['spec', 'cloudType'],
    ['spec', 'version'],
  ],
  WorkloadProfile: [
    ['spec', 'type'],
    ['status', 'revision'],
  ],
  // the index reads the repositories a bundle declares as it adds the bundle
  ProfileBundle: [['spec', 'workloadProfileDependencies']],
  HelmRepository: [['spec', 'url']],
  OCIRepository: [['spec', 'url']],
  VariableSet: [['spec', 'variables']],
  Project: [['spec', 'namespace']],
};

/**
 * A copy of a string that shares no memory with the text it was cut from: js-yaml's strings are
 * slices of the file's text (V8 slices strings of 13 characters or more, and concatenations keep
 * their parts), and one kept slice keeps the whole text.
 */
export const flat = (s: string): string => (s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string));

/** Strings {@link intern} shares: kinds, namespaces, label values, types repeat across objects. */
const interned = new Map<string, string>();
/** Past this many, strings are copied, not shared (a table of unique names would only add to them). */
const MAX_INTERNED = 10_000;

/** One shared {@link flat} copy per distinct string (up to {@link MAX_INTERNED} of them). */
export const intern = (s: string): string => {
  let out = interned.get(s);
  if (out === undefined) {
    out = flat(s);
    if (interned.size < MAX_INTERNED) interned.set(out, out);
  }
  return out;
};

/** A deep copy of a JSON-like value with strings copied by `str` (numbers JSON cannot carry kept). */
export const copyValue = (v: unknown, str: (s: string) => string = flat): unknown => {
  if (typeof v === 'string') return str(v);
  if (Array.isArray(v)) return v.map((x) => copyValue(x, str));
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = copyValue(x, str);
    return out;
  }
  return v;
};

/** Strict UTF-8, as the loader decodes (a BOM is stripped). */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The documents of the file loaded last for {@link loadSource} (objects are often read file after file). */
let lastFile: { file: string; documents: LoadedDocument[] } | undefined;

/**
 * The document `source` names, loaded again from its file with the loader's defaults (as the
 * first load): the same object, copied out of the text, with its `lineOf`. Undefined when the file
 * cannot be read any more.
 */
export const loadSource = (source: ObjectSource): LoadedDocument | undefined => {
  if (lastFile?.file !== source.file) {
    let text: string | undefined;
    try {
      text = UTF8.decode(readFileSync(source.file));
    } catch {
      text = undefined;
    }
    const documents = text === undefined ? [] : loadText(text, source.file, undefined, () => text).documents;
    lastFile = { file: source.file, documents };
  }
  return lastFile.documents[source.ordinal];
};

/** The whole object behind a view (loaded once, then kept). */
const fullObject = (source: ObjectSource): Record<string, unknown> =>
  (source.full ??= loadSource(source)?.object ?? {});

/** Marks a view's nodes with their object's source (not enumerable: spreads and JSON leave it out). */
const SOURCE = Symbol('source');

type ViewNode = Record<string | symbol, unknown>;

/** Accessors by field path: one pair per path and key, shared by every view. */
const accessors = new Map<string, PropertyDescriptor>();

const accessor = (path: readonly string[], key: string): PropertyDescriptor => {
  const id = JSON.stringify([...path, key]);
  let d = accessors.get(id);
  if (!d) {
    d = {
      enumerable: true,
      configurable: true,
      get(this: ViewNode) {
        let node: unknown = fullObject(this[SOURCE] as ObjectSource);
        for (const p of path) node = (node as Record<string, unknown>)[p];
        return (node as Record<string, unknown>)[key];
      },
      set(this: ViewNode, value: unknown) {
        Object.defineProperty(this, key, { value, writable: true, enumerable: true, configurable: true });
      },
    };
    accessors.set(id, d);
  }
  return d;
};

const isMapping = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The fields a view holds, as a tree of keys: `null` holds the whole value. */
type Held = Map<string, Held | null>;

const heldTrees = new Map<string, Held>();

/** The tree of the fields a view of `kind` holds (built once per kind). */
const heldFor = (kind: string): Held => {
  let tree = heldTrees.get(kind);
  if (!tree) {
    tree = new Map();
    for (const path of [...COMMON, ...(HELD[kind] ?? [])]) {
      let node: Held = tree;
      for (const [i, key] of path.entries()) {
        const next = node.get(key);
        if (next === null) break; // held whole already
        if (i === path.length - 1) node.set(key, null);
        else if (next) node = next;
        else node.set(key, (node = new Map()));
      }
    }
    heldTrees.set(kind, tree);
  }
  return tree;
};

/**
 * The view of `node` (at `path` in the object) holding the fields of `held`, every other key in
 * its place as an accessor: keys keep their order, so the view lists and serializes as the object
 * does.
 */
const viewOf = (
  node: Record<string, unknown>,
  path: string[],
  held: Held,
  source: ObjectSource,
): ViewNode => {
  const out: ViewNode = {};
  Object.defineProperty(out, SOURCE, { value: source });
  for (const key of Object.keys(node)) {
    const below = held.get(key);
    const value = node[key];
    if (below === undefined) Object.defineProperty(out, key, accessor(path, key));
    else if (below === null || !isMapping(value))
      // names are unique: sharing them would only fill the table
      out[key] = copyValue(
        value,
        path.length === 1 && path[0] === 'metadata' && key === 'name' ? flat : intern,
      );
    else out[key] = viewOf(value, [...path, key], below, source);
  }
  return out;
};

/** The view of a schema-valid object loaded from `source`. */
export const objectView = (object: KubeObject, source: ObjectSource): KubeObject =>
  viewOf(
    object as unknown as Record<string, unknown>,
    [],
    heldFor(object.kind),
    source,
  ) as unknown as KubeObject;

/** Where the object behind a view came from (undefined for anything else). */
export const sourceOf = (view: object): ObjectSource | undefined =>
  (view as ViewNode)[SOURCE] as ObjectSource | undefined;
