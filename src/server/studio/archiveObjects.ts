import {
  internKind,
  InvalidError,
  LABEL_PROFILE_BUNDLE,
  type ClusterProfile,
  type KubeObject,
  type ProfileBundle,
  type Variable,
  type VariableOverrides,
} from '../../model/index.js';
import { checkOverrides } from '../../planner/index.js';
import type { ArchiveManifest } from '../../studio/archiveContent.js';
import { StreamedManifest } from './inspectArchive.js';

/** What the import compares of a stored object and an archive's: all but status and server-owned metadata. */
export const content = (o: KubeObject) => {
  const { status: _s, metadata, ...rest } = o;
  return { ...rest, labels: metadata.labels ?? {}, annotations: metadata.annotations ?? {} };
};

/** What an entry holds: its text, the object it became (changed in place), or nothing once written. */
type Held = ArchiveManifest | { object: KubeObject } | undefined;

/** What the import did with an entry, for its report. */
export type EntryAction = 'create' | 'update' | 'unchanged';
const ACTIONS: readonly EntryAction[] = ['create', 'update', 'unchanged'];

/**
 * The archive's objects as the import writes them. Each stays JSON text until it is needed and is
 * parsed afresh each time (text is a fraction of an object's size); the bundle and the repositories
 * it brings are objects, changed in place by the import. Once an object is written, its text is let
 * go ({@link release}): the import's transaction does not hold the archive a second time next to
 * what it has written (issue #11: 6 KB per object stayed on the main thread until the commit).
 * What stays of an entry until the end (its kind, name and action) is kept in flat arrays, with no
 * object per entry: the main thread's heap grows with what stays live through the import.
 */
export class ArchiveObjects {
  private readonly kinds: string[] = [];
  private readonly names: string[] = [];
  private readonly texts: Held[] = [];
  /** Each entry's action (an index into ACTIONS), once it is visited. */
  private readonly actions: number[] = [];

  constructor(
    manifests: ArchiveManifest[] = [],
    private readonly namespace: string,
    private readonly bundleName: () => string,
  ) {
    for (const m of manifests) this.push(m);
  }

  /** The object of entry `i`, parsed and put in the import's namespace. */
  objectAt(i: number): KubeObject {
    const e = this.texts[i];
    if (e === undefined)
      throw new Error(`${this.kinds[i]} ${this.names[i]} was written already: its text is gone`);
    if ('object' in e) return e.object;
    const o = JSON.parse(e.json) as KubeObject;
    delete o.status;
    o.metadata.namespace = this.namespace;
    // The archive's VariableSets are its bundle's (SPEC §2.4): they apply only when it is deployed.
    if (o.kind === 'VariableSet')
      o.metadata.labels = { ...o.metadata.labels, [LABEL_PROFILE_BUNDLE]: this.bundleName() };
    return o;
  }

  /** Keeps entry `i` as an object from now on (it is changed in place). */
  keep(i: number): KubeObject {
    const object = this.objectAt(i);
    this.release(i);
    this.texts[i] = { object };
    return object;
  }

  /**
   * Whether entry `i` is, but for its namespace, the object the worker checked (its shape and the
   * kind's rules: the archive's verdict counts them): a manifest the import did not change (a VariableSet gets its bundle's label, the bundle its
   * values and digest, and the repositories the bundle brings were never in the archive).
   */
  asChecked(i: number): boolean {
    const e = this.texts[i];
    return e !== undefined && 'json' in e && e.shapeChecked === true && e.kind !== 'VariableSet';
  }

  /** Lets entry `i` go: it has been written and is not read again. */
  release(i: number): void {
    const e = this.texts[i];
    if (e instanceof StreamedManifest) e.release();
    this.texts[i] = undefined;
  }

  /** How many entries still hold their text or object (tests: written ones hold nothing). */
  get held(): number {
    return this.texts.filter((e) => e !== undefined).length;
  }

  /** Adds an object the archive did not hold; returns its entry. */
  add(object: KubeObject): number {
    return this.entry(object.kind, object.metadata.name, { object });
  }

  /** Adds a manifest that has just come from the archive's checker; returns its entry. */
  push(manifest: ArchiveManifest): number {
    return this.entry(manifest.kind, manifest.name, manifest);
  }

  private entry(kind: string, name: string, held: Held): number {
    this.kinds.push(internKind(kind));
    this.names.push(name);
    return this.texts.push(held) - 1;
  }

  /** Kind and name of entry `i`. */
  keyAt(i: number): { kind: string; name: string } {
    return { kind: this.kinds[i]!, name: this.names[i]! };
  }

  /** Records what the import did with entry `i`. */
  setAction(i: number, action: EntryAction): void {
    this.actions[i] = ACTIONS.indexOf(action);
  }

  /** What the import did with entry `i`, if it has been visited. */
  actionAt(i: number): EntryAction | undefined {
    const a = this.actions[i];
    return a === undefined ? undefined : ACTIONS[a];
  }

  has(kind: string, name: string): boolean {
    for (let i = 0; i < this.names.length; i++)
      if (this.names[i] === name && this.kinds[i] === kind) return true;
    return false;
  }

  /** How many entries there are. */
  get size(): number {
    return this.names.length;
  }

  /** Kind and name of every entry, with its index. */
  keys(): { kind: string; name: string; at: number }[] {
    return this.names.map((name, at) => ({ kind: this.kinds[at]!, name, at }));
  }

  *objects(): Iterable<KubeObject> {
    for (let i = 0; i < this.texts.length; i++) yield this.objectAt(i);
  }

  /** The packs of the archive's cluster profiles that none of the `known` registries serves. */
  missingPacks(known: string[] | undefined) {
    return this.keys().flatMap(({ kind, at }) =>
      kind === 'ClusterProfile' ? missingPacksOf(this.objectAt(at), known) : [],
    );
  }
}

/** The packs of a cluster profile that none of the `known` registries serves (none when unknown). */
export const missingPacksOf = (object: KubeObject, known: string[] | undefined) => {
  if (!known || object.kind !== 'ClusterProfile') return [];
  const o = object as unknown as ClusterProfile;
  return o.spec.layers
    .filter((l) => !known.includes(l.pack.registry ?? 'public'))
    .map((l) => ({
      clusterProfile: o.metadata.name,
      pack: l.pack.name,
      version: l.pack.version,
      registry: l.pack.registry ?? 'public',
    }));
};

/**
 * The variables an archive's objects declare, for `--set` values: each name as the first object
 * to declare it in the report's order (files by path) declares it, whatever order they come in.
 */
export class VariableDeclarations {
  private readonly byName = new Map<string, Variable & { from: string; order: number }>();

  /** Notes the variables of `o`, which stands at `order` in the report. */
  add(o: KubeObject, order: number): void {
    const list =
      o.kind === 'ProfileBundle'
        ? (o as unknown as ProfileBundle).spec.variableSet?.variables
        : (o.spec as { variables?: Variable[] } | undefined)?.variables;
    for (const v of list ?? []) {
      const seen = this.byName.get(v.name);
      if (!seen || order < seen.order)
        this.byName.set(v.name, { ...v, from: `${o.kind} ${o.metadata.name}`, order });
    }
  }

  /** Each declared variable by name, with the object that declares it. */
  get declared(): Map<string, Variable & { from: string }> {
    return new Map([...this.byName].map(([name, { order: _order, ...v }]) => [name, v]));
  }
}

/**
 * Puts `--set` values into the bundle's variableSet, typed like the variable they set. Checked by
 * the planner's one override checker (unknown names, locks, types), as a deployment's overrides are;
 * refused values are not quoted back (they may be secrets, and messages reach the audit log).
 */
export const applyValues = (
  bundle: ProfileBundle,
  declared: Map<string, Variable & { from: string }>,
  values: Record<string, unknown>,
): void => {
  const { values: typed, checks } = checkOverrides(
    values as VariableOverrides,
    new Map(
      [...declared].map(([name, v]) => [
        name,
        { type: v.variableType, lockedBy: v.locked ? v.from : undefined },
      ]),
    ),
    { quoteValues: false },
  );
  if (checks.length)
    throw new InvalidError(
      `the values do not fit the bundle's variables: ${checks.map((c) => c.message).join(' ')}`,
      {
        causes: checks.map((c) => ({ reason: c.code, message: `--set ${c.message}` })),
      },
    );
  const own = (bundle.spec.variableSet ??= {}).variables ?? (bundle.spec.variableSet.variables = []);
  for (const [name, value] of typed) {
    const { from: _from, ...v } = declared.get(name)!;
    const item: Variable = { ...v, value: { [v.variableType]: value } as Variable['value'] };
    const at = own.findIndex((x) => x.name === name);
    if (at >= 0) own[at] = item;
    else own.push(item);
  }
};
