import { isDeepStrictEqual } from 'node:util';
import {
  ConflictError,
  InvalidError,
  type ClusterProfile,
  type KubeObject,
  type Settings,
  type ProfileBundle,
  type StatusCause,
  type Variable,
  type VariableOverrides,
  type AffectedObject,
  type ImportReport,
} from '../../model/index.js';
import { compareVersions, dependencyRepositories, LABEL_PROFILE_BUNDLE } from '../../model/index.js';
import { checkOverrides } from '../../planner/index.js';
import type { ObjectKey, Transaction } from '../../storage/store.js';
import { boundCauses } from '../../apiserver/index.js';
import { inWriteOrder } from '../../kinds/index.js';
import type { ArchiveManifest } from '../../studio/archiveContent.js';
import type { ServerContext } from '../context.js';
import { yieldPoint } from '../yieldPoint.js';
import { inspectArchive } from './inspectArchive.js';

/** Annotation on an imported bundle: the digest of its archive's studio.yaml (which lists every file's digest). */
export const ANNOTATION_STUDIO_DIGEST = 'studio.spectrocloud.com/digest';

export interface ImportOptions {
  dryRun: boolean;
  overwrite: boolean;
  /** Variable values (`--set`/`--values`), checked against their types and locks. */
  values: Record<string, unknown>;
}

export type { AffectedObject, ImportReport };

const causesOf = (
  issues: { code: string; message: string; path?: string; file?: string; line?: number }[],
): StatusCause[] =>
  issues.map((i) => ({
    reason: i.code,
    message: `${i.file ? `${i.file}${i.line ? `:${i.line}` : ''}: ` : ''}${i.message}`,
    ...(i.path ? { field: i.path } : {}),
  }));

const content = (o: KubeObject) => {
  const { status: _s, metadata, ...rest } = o;
  return { ...rest, labels: metadata.labels ?? {}, annotations: metadata.annotations ?? {} };
};

/**
 * Puts `--set` values into the bundle's variableSet, typed like the variable they set. Checked by
 * the planner's one override checker (unknown names, locks, types), as a deployment's overrides are;
 * refused values are not quoted back (they may be secrets, and messages reach the audit log).
 */
const applyValues = (
  bundle: ProfileBundle,
  objects: () => Iterable<KubeObject>,
  values: Record<string, unknown>,
): void => {
  const declared = new Map<string, Variable & { from: string }>();
  // Without values there is nothing to check: the archive's objects are not read again.
  if (Object.keys(values).length > 0)
    for (const o of objects()) {
      const list =
        o.kind === 'ProfileBundle'
          ? (o as unknown as ProfileBundle).spec.variableSet?.variables
          : (o.spec as { variables?: Variable[] } | undefined)?.variables;
      for (const v of list ?? [])
        if (!declared.has(v.name)) declared.set(v.name, { ...v, from: `${o.kind} ${o.metadata.name}` });
    }
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

/**
 * The archive's objects as the import writes them. Each stays JSON text until it is needed and is
 * parsed afresh each time (the import's memory holds text, a fraction of the objects' size); the
 * bundle and the repositories it brings are objects, changed in place by the import.
 */
class ArchiveObjects {
  private readonly entries: (ArchiveManifest | { kind: string; name: string; object: KubeObject })[];
  constructor(
    manifests: ArchiveManifest[],
    private readonly namespace: string,
    private readonly bundleName: () => string,
  ) {
    this.entries = manifests;
  }
  /** The object of entry `i`, parsed and put in the import's namespace. */
  objectAt(i: number): KubeObject {
    const e = this.entries[i]!;
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
    this.entries[i] = { kind: object.kind, name: object.metadata.name, object };
    return object;
  }
  add(object: KubeObject): void {
    this.entries.push({ kind: object.kind, name: object.metadata.name, object });
  }
  /** Kind and name of every entry, with its index. */
  keys(): { kind: string; name: string; at: number }[] {
    return this.entries.map((e, at) => ({ kind: e.kind, name: e.name, at }));
  }
  *objects(): Iterable<KubeObject> {
    for (let i = 0; i < this.entries.length; i++) yield this.objectAt(i);
  }
}

const CHANGES_BUNDLES = new Set([
  'WorkloadProfile',
  'ClusterProfile',
  'ComponentDefinition',
  'HelmRepository',
  'OCIRepository',
]);

/**
 * What replacing `updates` changes beyond the archive's own bundle, read inside the import's
 * transaction before any write: the other bundles that use a replaced object (through the store's
 * references, followed upwards: a repository → the profiles that name it → their bundles), the
 * VariableSets' bundles (an unlabelled set applies to every bundle of the namespace), and the pools
 * and deployments built on each affected bundle — and on the archive's bundle when its version drops —
 * including model deployments whose bundle Model as a Service chose.
 */
const sharedImpact = async (
  tx: Transaction,
  namespace: string,
  bundle: ProfileBundle,
  updates: { kind: string; name: string }[],
): Promise<{ affected: AffectedObject[]; downgrade?: { from: string; to: string } }> => {
  const own = bundle.metadata.name;
  const bundles = new Map<string, string>(); // affected bundle → via
  const usersOf = async (start: ObjectKey): Promise<string[]> => {
    const found = new Set<string>();
    const seen = new Set<string>();
    const queue = [start];
    while (queue.length) {
      const key = queue.shift()!;
      for (const d of await tx.dependents(key)) {
        const id = `${d.kind}/${d.name}`;
        if (seen.has(id) || d.namespace !== namespace) continue;
        seen.add(id);
        if (d.kind === 'ProfileBundle') found.add(d.name);
        else if (CHANGES_BUNDLES.has(d.kind)) queue.push(d);
      }
    }
    return [...found];
  };
  for (const u of updates) {
    const via = `${u.kind} ${u.name}`;
    let users: string[] = [];
    if (CHANGES_BUNDLES.has(u.kind)) users = await usersOf({ kind: u.kind, namespace, name: u.name });
    else if (u.kind === 'VariableSet') {
      const stored = await tx.get({ kind: u.kind, namespace, name: u.name });
      const owner = stored?.metadata.labels?.[LABEL_PROFILE_BUNDLE];
      users =
        owner !== undefined
          ? [owner]
          : (await tx.list('ProfileBundle', { namespace })).items.map((b) => b.metadata.name);
    }
    for (const name of users) if (name !== own && !bundles.has(name)) bundles.set(name, via);
  }
  let downgrade: { from: string; to: string } | undefined;
  const stored = (await tx.get({ kind: 'ProfileBundle', namespace, name: own })) as unknown as
    ProfileBundle | undefined;
  const from = stored?.spec.version;
  if (from && compareVersions(bundle.spec.version, from) < 0) downgrade = { from, to: bundle.spec.version };

  const affected: AffectedObject[] = [...bundles]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, via]) => ({ kind: 'ProfileBundle', name, via }));
  const builtOn = [...bundles.keys()].sort();
  if (downgrade) builtOn.push(own);
  const seen = new Set<string>();
  for (const name of builtOn) {
    const via = `ProfileBundle ${name}`;
    for (const d of await tx.dependents({ kind: 'ProfileBundle', namespace, name })) {
      if (d.namespace !== namespace || (d.kind !== 'ComputePool' && d.kind !== 'AIWorkload')) continue;
      if (seen.has(`${d.kind}/${d.name}`)) continue;
      seen.add(`${d.kind}/${d.name}`);
      affected.push({ kind: d.kind, name: d.name, via });
      if (d.kind === 'ComputePool')
        for (const wl of await tx.dependents(d))
          if (wl.kind === 'AIWorkload' && !seen.has(`AIWorkload/${wl.name}`)) {
            seen.add(`AIWorkload/${wl.name}`);
            affected.push({ kind: 'AIWorkload', name: wl.name, via: `ComputePool ${d.name}` });
          }
    }
  }
  // A model deployment without bundle references depends on whichever bundle Model as a Service
  // chose (its status.selection), not on a reference the store indexes: read them.
  if (builtOn.length)
    for (const w of (await tx.list('AIWorkload', { namespace })).items) {
      const chosen = (w.status as { selection?: { chosen?: string | null } } | undefined)?.selection?.chosen;
      if (!chosen || !builtOn.includes(chosen) || seen.has(`AIWorkload/${w.metadata.name}`)) continue;
      seen.add(`AIWorkload/${w.metadata.name}`);
      affected.push({
        kind: 'AIWorkload',
        name: w.metadata.name,
        via: `ProfileBundle ${chosen} (chosen by Model as a Service)`,
      });
    }
  return { affected, ...(downgrade ? { downgrade } : {}) };
};

/**
 * Imports a Studio archive into a namespace: reads it in memory with limits, checks layout, digests
 * and every object (references resolved inside the archive and against the namespace), then writes
 * every object through the write pipeline in one transaction, or nothing. Identical content already there is a no-op; the same
 * objects with other content are a conflict (both digests named) unless `overwrite`, and so is a
 * lower bundle version; the conflict (and, with `overwrite`, the report) names the other bundles
 * that use a replaced object and the pools and deployments built on them (SPEC §6).
 */
export const importArchive = async (
  ctx: ServerContext,
  namespace: string,
  bytes: Buffer,
  opts: ImportOptions,
): Promise<ImportReport> => {
  // Unpacking and checking every object is CPU work: it runs on the worker thread.
  const inspected = await inspectArchive(bytes);
  const report = inspected.report;
  if (!report.valid) {
    const problems = [
      ...report.issues,
      ...report.objects.flatMap((o) =>
        o.issues.filter((i) => i.severity === 'error').map((i) => ({ ...i, file: i.file ?? o.file })),
      ),
    ];
    throw new InvalidError(
      `the archive is invalid: ${problems
        .map((p) => `${p.code} ${p.message}`)
        .slice(0, 5)
        .join('; ')}`,
      { causes: boundCauses(causesOf(problems)) },
    );
  }
  const digest = inspected.digest!; // a valid archive has its studio.yaml
  const bundleAt = inspected.manifests.findIndex((m) => m.kind === 'ProfileBundle');
  const archive = new ArchiveObjects(inspected.manifests, namespace, () => bundle.metadata.name);
  const bundle = archive.keep(bundleAt) as unknown as ProfileBundle;
  applyValues(bundle, () => archive.objects(), opts.values);
  bundle.metadata.annotations = { ...bundle.metadata.annotations, [ANNOTATION_STUDIO_DIGEST]: digest };
  for (const repo of dependencyRepositories(bundle, namespace)) {
    if (!archive.keys().some((o) => o.kind === repo.kind && o.name === repo.metadata.name))
      archive.add(repo as unknown as KubeObject);
  }

  const registries = async (reader: Transaction) => {
    const settings = (await reader.get({ kind: 'Settings', namespace, name: 'default' })) as unknown as
      Settings | undefined;
    return settings?.spec.palette?.packRegistries;
  };
  const missingPacksOf = (known: string[] | undefined) =>
    !known
      ? []
      : archive
          .keys()
          .filter((k) => k.kind === 'ClusterProfile')
          .map((k) => archive.objectAt(k.at))
          .flatMap((o) =>
            (o as unknown as ClusterProfile).spec.layers
              .filter((l) => !known.includes(l.pack.registry ?? 'public'))
              .map((l) => ({
                clusterProfile: o.metadata.name,
                pack: l.pack.name,
                version: l.pack.version,
                registry: l.pack.registry ?? 'public',
              })),
          );

  // One transaction: what is there already, the conflicts, admission of every object against the
  // namespace as it will be (objects are written in dependency order, each admitted against what
  // the transaction has written so far) and the writes themselves — all of it or nothing.
  return ctx.pipeline.transaction({ dryRun: opts.dryRun }, async (w) => {
    const actions: ImportReport['objects'] = [];
    const conflicts: StatusCause[] = [];
    const errors: StatusCause[] = [];
    const writes: (() => Promise<unknown>)[] = [];
    // Thousands of admissions and writes: other requests get a turn every few milliseconds (reads
    // go to the store's committed snapshot; other writes wait for this transaction).
    const turn = yieldPoint();
    // A namespace that does not exist yet is made with the import (as `helm install
    // --create-namespace` does): the import is how a project's namespace gets its first bundle.
    if (!(await w.tx.get({ kind: 'Namespace', namespace: '', name: namespace }))) {
      actions.push({ kind: 'Namespace', name: namespace, action: 'create' });
      writes.push(() =>
        w.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } } as KubeObject),
      );
    }
    for (const { kind, name, at } of inWriteOrder(archive.keys())) {
      await turn();
      const key = { kind, namespace, name };
      const current = await w.tx.get(key);
      // An object new to the namespace is parsed once, when it is written.
      const action = !current
        ? 'create'
        : isDeepStrictEqual(content(current), content(archive.objectAt(at)))
          ? 'unchanged'
          : 'update';
      actions.push({ kind, name, action });
      if (action === 'update') {
        const theirs = current!.metadata.annotations?.[ANNOTATION_STUDIO_DIGEST];
        const resourceVersion = current!.metadata.resourceVersion;
        conflicts.push({
          reason: 'Conflict',
          message: `${kind} "${name}" exists with other content${kind === 'ProfileBundle' ? ` (stored digest ${theirs ?? 'none'}, archive digest ${digest})` : ''}`,
        });
        writes.push(() =>
          w.replace(key, () => {
            const next = archive.objectAt(at);
            return { ...next, metadata: { ...next.metadata, resourceVersion } };
          }),
        );
      } else if (action === 'create') writes.push(() => w.create(archive.objectAt(at)));
    }
    const { affected, downgrade } = await sharedImpact(
      w.tx,
      namespace,
      bundle,
      actions.filter((a) => a.action === 'update'),
    );
    if (downgrade)
      conflicts.push({
        reason: 'Downgrade',
        message: `ProfileBundle "${bundle.metadata.name}" would go from version ${downgrade.from} down to ${downgrade.to}`,
        field: 'spec.version',
      });
    for (const a of affected)
      conflicts.push({
        reason: 'SharedObject',
        message: `${a.kind} "${a.name}" would change: it uses ${a.via}`,
      });
    if (conflicts.length && !opts.overwrite) {
      const others = affected.filter((a) => a.kind === 'ProfileBundle').map((a) => a.name);
      throw new ConflictError(
        `${report.name} ${report.version} conflicts with what namespace ${namespace} holds: ${conflicts.map((c) => c.message).join('; ')}. ${
          others.length
            ? `It would change objects that ${others.join(', ')} use${downgrade ? " and lower the bundle's version" : ''}: import into another namespace, or re-run with --overwrite to replace them.`
            : downgrade
              ? 'Re-run with --overwrite to lower the version.'
              : 'Re-run with --overwrite to replace it.'
        }`,
        { causes: conflicts },
      );
    }
    const result: ImportReport = {
      namespace,
      bundle: { name: report.name!, version: report.version!, type: report.type! },
      digest,
      dryRun: opts.dryRun,
      result: writes.length === 0 ? 'unchanged' : opts.dryRun ? 'dry-run' : 'imported',
      objects: actions,
      missingPacks: missingPacksOf(await registries(w.tx)),
      affected,
      ...(downgrade ? { downgrade } : {}),
    };
    for (const write of writes) {
      await turn();
      try {
        await write();
      } catch (e) {
        // Every object's problems at once, each naming its object; the transaction is rolled back below.
        if (!(e instanceof InvalidError)) throw e;
        errors.push(
          ...(e.details.causes ?? [{ reason: e.reason, message: e.message }]).map((c) => ({
            ...c,
            message: `${e.details.kind ?? ''} ${e.details.name ?? ''}: ${c.message}`.trim(),
          })),
        );
      }
    }
    if (errors.length)
      throw new InvalidError(
        `the archive does not fit namespace ${namespace}: ${errors
          .map((c) => c.message)
          .slice(0, 5)
          .join('; ')}`,
        { causes: errors },
      );
    return result;
  });
};
