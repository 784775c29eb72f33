import { readFileSync } from 'node:fs';
import { documentsOfText, type LoadedDocument } from '../../loader/index.js';
import type { KubeObject } from '../../model/index.js';

/**
 * Compact stand-ins for loaded objects, for `validate`'s index of what references resolve to: the
 * fields other objects' rules read of an object are copied into its view (a Proxy); any other field
 * loads the object again from its file the first time one is read (and keeps it).
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

/** Strict UTF-8, as the loader decodes (a BOM is stripped). */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

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
    let text: string | undefined;
    try {
      text = UTF8.decode(readFileSync(source.file));
    } catch {
      text = undefined;
    }
    documents = text === undefined ? undefined : documentsOfText(text, source.file);
    if (recentFiles.size >= RECENT_FILES) recentFiles.delete(recentFiles.keys().next().value!);
  }
  recentFiles.set(source.file, documents);
  return documents?.at(source.index).documents.find((d) => d.item === source.item);
};

/** The whole object behind a view (loaded once, then kept). */
const fullObject = (source: ObjectSource): Record<string, unknown> =>
  (source.full ??= loadSource(source)?.object ?? {});

/** What a view answers for the source of its object (see {@link sourceOf}). */
const SOURCE = Symbol('source');
/** On each node of a view: its path in the object (hidden from keys, spreads and JSON). */
const PATH = Symbol('path');
/** The value of a key a view does not hold (read from the whole object when asked). */
const LAZY = Symbol('lazy');

type ViewNode = Record<string | symbol, unknown>;

/**
 * How the nodes of one object's view answer (the Proxies' handler: traps get it as `this`): a held
 * key from the node itself, any other from the node at the same path of the whole object. They list
 * the object's keys in their order, so spreads, `Object.keys` and JSON see the object.
 */
class ViewHandler implements ProxyHandler<ViewNode> {
  constructor(private readonly source: ObjectSource) {}

  private real(t: ViewNode): Record<string, unknown> {
    let node = fullObject(this.source);
    for (const p of t[PATH] as readonly string[]) node = node[p] as Record<string, unknown>;
    return node;
  }

  get(t: ViewNode, key: string | symbol): unknown {
    const v = t[key];
    if (v === LAZY) return this.real(t)[key as string];
    return key === SOURCE ? this.source : v;
  }

  getOwnPropertyDescriptor(t: ViewNode, key: string | symbol): PropertyDescriptor | undefined {
    const d = Reflect.getOwnPropertyDescriptor(t, key);
    if (d?.value === LAZY) d.value = this.real(t)[key as string];
    return d;
  }

  ownKeys(t: ViewNode): (string | symbol)[] {
    return Object.keys(t);
  }
}

const isMapping = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The fields a view holds below a node at `path`, by key: `null` holds the whole value. */
interface Held {
  path: string[];
  keys: Map<string, Held | null>;
}

const heldTrees = new Map<string, Held>();

/** The tree of the fields a view of `kind` holds (built once per kind: views share its paths). */
const heldFor = (kind: string): Held => {
  let tree = heldTrees.get(kind);
  if (!tree) {
    tree = { path: [], keys: new Map() };
    for (const path of [...COMMON, ...(HELD[kind] ?? [])]) {
      let node: Held = tree;
      for (const [i, key] of path.entries()) {
        const next = node.keys.get(key);
        if (next === null) break; // held whole already
        if (i === path.length - 1) node.keys.set(key, null);
        else if (next) node = next;
        else node.keys.set(key, (node = { path: path.slice(0, i + 1), keys: new Map() }));
      }
    }
    heldTrees.set(kind, tree);
  }
  return tree;
};

/**
 * The view of `node` holding the fields of `held`, every other key in its place marked
 * {@link LAZY}: keys keep their order, so the view lists and serializes as the object does.
 */
const viewOf = (node: Record<string, unknown>, held: Held, handler: ViewHandler): ViewNode => {
  const t: ViewNode = { [PATH]: held.path };
  for (const key of Object.keys(node)) {
    const below = held.keys.get(key);
    const value = node[key];
    if (below === undefined) t[key] = LAZY;
    else if (below === null || !isMapping(value))
      // names are unique: sharing them would only fill the table
      t[key] = copyValue(value, held.path[0] === 'metadata' && key === 'name' ? flat : intern);
    else t[key] = viewOf(value, below, handler);
  }
  return new Proxy(t, handler);
};

/** The view of a schema-valid object loaded from `source`. */
export const objectView = (object: KubeObject, source: ObjectSource): KubeObject =>
  viewOf(
    object as unknown as Record<string, unknown>,
    heldFor(object.kind),
    new ViewHandler(source),
  ) as unknown as KubeObject;

/** Where the object behind a view came from (undefined for anything else). */
export const sourceOf = (view: object): ObjectSource | undefined =>
  (view as ViewNode)[SOURCE] as ObjectSource | undefined;
