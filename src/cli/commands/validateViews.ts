import { documentsOfText, readAgain, type LoadedDocument } from '../../loader/index.js';
import type { KubeObject } from '../../model/index.js';

/**
 * Compact stand-ins for loaded objects, for `validate`'s index of what references resolve to: the
 * fields other objects' rules read of an object are copied into its view; any other field loads
 * the object again from its file the first time one is read (and keeps it).
 * The rules get the same values either way, so they read views exactly as they read objects.
 */

/** Where an object came from: its file, and its document in that file. */
export interface ObjectSource {
  file: string;
  /** Its document's {@link LoadedDocument.index} in the file. */
  index: number;
  /** For an item of a v1 List: its index in `items`. */
  item?: number;
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

/** Files read again last by {@link loadSource}, cut into documents, least recent first. */
const recentFiles = new Map<string, ReturnType<typeof documentsOfText> | undefined>();
/** Files {@link recentFiles} keeps: rules that read across files go back and forth between a few. */
const RECENT_FILES = 8;

/**
 * The document `source` names, loaded again from its file with the loader's defaults (as the
 * first load): the same object with its `lineOf`. Only that document is parsed again (a file's
 * other documents may stand too: parsing all of them for each issue made a run with a few dozen
 * broken references half as slow again). Undefined when the file cannot be read any more.
 */
export const loadSource = (source: ObjectSource): LoadedDocument | undefined => {
  let documents = recentFiles.get(source.file);
  if (recentFiles.has(source.file)) recentFiles.delete(source.file);
  else {
    const text = readAgain(source.file)();
    documents = text === undefined ? undefined : documentsOfText(text, source.file);
    if (recentFiles.size >= RECENT_FILES) recentFiles.delete(recentFiles.keys().next().value!);
  }
  recentFiles.set(source.file, documents);
  return documents?.at(source.index).documents.find((d) => d.item === source.item);
};

/** The whole object behind a view (loaded once, then kept). */
const fullObject = (source: ObjectSource): Record<string, unknown> =>
  (source.full ??= loadSource(source)?.object ?? {});

/**
 * A node of a view: the held keys of the node at the same path of the object as plain data
 * properties, and every other key, in its place (keys keep the object's order, so spreads,
 * `Object.keys` and JSON see the object), as an accessor that reads the whole object's node. Where
 * it came from is in private fields, which no key listing, spread or JSON sees.
 *
 * Plain properties, not a Proxy: rules read referenced objects through the index a great deal, and
 * a Proxy's trap on every read (and on every read the index makes as it adds a view) cost ~3.5 µs
 * an object of a warm `validate`, more than the views save.
 */
class ViewNode {
  readonly #source: ObjectSource;
  readonly #path: readonly string[];

  constructor(source: ObjectSource, path: readonly string[]) {
    this.#source = source;
    this.#path = path;
  }

  /** The node at this node's path in the whole object (loaded the first time one is asked). */
  static real(n: ViewNode): Record<string, unknown> {
    let node = fullObject(n.#source);
    for (const p of n.#path) node = node[p] as Record<string, unknown>;
    return node;
  }

  /** The source of the object behind a view node (undefined for anything else). */
  static sourceOf(n: object): ObjectSource | undefined {
    return #source in n ? (n as ViewNode).#source : undefined;
  }
}

const isMapping = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The fields a view holds below a node at `path`, by key: `null` holds the whole value. */
interface Held {
  path: string[];
  keys: Map<string, Held | null>;
  /** The accessor of each key met below this node that it does not hold (one for every view). */
  lazy: Map<string, PropertyDescriptor>;
}

/** The accessor of a key `held` does not hold: the whole object's value, read when asked. */
const lazyKey = (held: Held, key: string): PropertyDescriptor => {
  let d = held.lazy.get(key);
  if (!d) {
    d = {
      get(this: ViewNode) {
        return ViewNode.real(this)[key];
      },
      enumerable: true,
      configurable: true,
    };
    held.lazy.set(key, d);
  }
  return d;
};

const heldTrees = new Map<string, Held>();

/** The tree of the fields a view of `kind` holds (built once per kind: views share its paths). */
const heldFor = (kind: string): Held => {
  let tree = heldTrees.get(kind);
  if (!tree) {
    tree = { path: [], keys: new Map(), lazy: new Map() };
    for (const path of [...COMMON, ...(HELD[kind] ?? [])]) {
      let node: Held = tree;
      for (const [i, key] of path.entries()) {
        const next = node.keys.get(key);
        if (next === null) break; // held whole already
        if (i === path.length - 1) node.keys.set(key, null);
        else if (next) node = next;
        else node.keys.set(key, (node = { path: path.slice(0, i + 1), keys: new Map(), lazy: new Map() }));
      }
    }
    heldTrees.set(kind, tree);
  }
  return tree;
};

/** The view of `node` holding the fields of `held`, every other key in its place as a {@link lazyKey}. */
const viewOf = (node: Record<string, unknown>, held: Held, source: ObjectSource): ViewNode => {
  const t = new ViewNode(source, held.path) as unknown as Record<string, unknown>;
  for (const key of Object.keys(node)) {
    const below = held.keys.get(key);
    const value = node[key];
    if (below === undefined) Object.defineProperty(t, key, lazyKey(held, key));
    else if (below === null || !isMapping(value))
      // names are unique: sharing them would only fill the table
      t[key] = copyValue(value, held.path[0] === 'metadata' && key === 'name' ? flat : intern);
    else t[key] = viewOf(value, below, source);
  }
  return t as unknown as ViewNode;
};

/** The view of a schema-valid object loaded from `source`. */
export const objectView = (object: KubeObject, source: ObjectSource): KubeObject =>
  viewOf(object as unknown as Record<string, unknown>, heldFor(object.kind), source) as unknown as KubeObject;

/** Where the object behind a view came from (undefined for anything else). */
export const sourceOf = (view: object): ObjectSource | undefined => ViewNode.sourceOf(view);
