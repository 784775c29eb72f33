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
} from '../../model/index.js';
import { dependencyRepositories } from '../../render/index.js';
import { coerceOverride } from '../../rules/index.js';
import type { StoredObject } from '../../storage/store.js';
import { archiveObjects, inspectFiles } from '../../studio/archiveContent.js';
import { ArchiveError, readArchive, sha256, STUDIO_FILE } from '../../studio/index.js';
import { evaluate, statusFor } from '../admission/evaluate.js';
import type { ServerContext } from '../context.js';
import { overlay } from './overlay.js';

/** Kinds whose rules read other objects of the namespace than those an archive brings. */
const NAMESPACE_DEPENDENT = new Set(['ProfileBundle', 'ComputePool', 'AIWorkload', 'Project', 'Settings']);

/** Annotation on an imported bundle: the digest of its archive's studio.yaml (which lists every file's digest). */
export const ANNOTATION_STUDIO_DIGEST = 'studio.spectrocloud.com/digest';

export interface ImportOptions {
  dryRun: boolean;
  overwrite: boolean;
  /** Variable values (`--set`/`--values`), checked against their types and locks. */
  values: Record<string, unknown>;
}

export interface ImportReport {
  namespace: string;
  bundle: { name: string; version: string; type: string };
  digest: string;
  dryRun: boolean;
  /** `imported`, `unchanged` (identical content already there) or `dry-run`. */
  result: 'imported' | 'unchanged' | 'dry-run';
  objects: { kind: string; name: string; action: 'create' | 'update' | 'unchanged' }[];
  /**
   * Packs of the archive's cluster profiles that the namespace's Palette registries lack (from the
   * `default` Settings' `palette.packRegistries`); empty when no Palette integration is configured.
   */
  missingPacks: { clusterProfile: string; pack: string; version: string; registry: string }[];
}

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

/** Puts `--set` values into the bundle's variableSet, typed like the variable they set. */
const applyValues = (bundle: ProfileBundle, objects: KubeObject[], values: Record<string, unknown>): void => {
  const declared = new Map<string, Variable>();
  for (const o of objects) {
    const list =
      o.kind === 'ProfileBundle'
        ? (o as unknown as ProfileBundle).spec.variableSet?.variables
        : (o.spec as { variables?: Variable[] } | undefined)?.variables;
    for (const v of list ?? []) if (!declared.has(v.name)) declared.set(v.name, v);
  }
  const problems: StatusCause[] = [];
  const own = (bundle.spec.variableSet ??= {}).variables ?? (bundle.spec.variableSet.variables = []);
  for (const [name, raw] of Object.entries(values)) {
    const v = declared.get(name);
    if (!v) {
      problems.push({
        reason: 'VAR010',
        message: `--set ${name}: the bundle declares no variable "${name}" (declared: ${[...declared.keys()].sort().join(', ') || 'none'})`,
      });
      continue;
    }
    if (v.locked) {
      problems.push({ reason: 'VAR008', message: `--set ${name}: the variable is locked in the bundle` });
      continue;
    }
    const { value, problem } = coerceOverride(v.variableType, raw);
    if (problem) {
      // The value is not quoted: it may be a secret, and messages reach the audit log.
      problems.push({ reason: 'VAR009', message: `--set ${name}: ${problem.replace(/, found .*$/s, '')}` });
      continue;
    }
    const item: Variable = { ...v, value: { [v.variableType]: value } as Variable['value'] };
    const at = own.findIndex((x) => x.name === name);
    if (at >= 0) own[at] = item;
    else own.push(item);
  }
  if (problems.length)
    throw new InvalidError(
      `the values do not fit the bundle's variables: ${problems.map((p) => p.message).join('; ')}`,
      { causes: problems },
    );
};

/**
 * Imports a Studio archive into a namespace: reads it in memory with limits, checks layout, digests
 * and every object (references resolved inside the archive and against the namespace), then writes
 * every object in one transaction, or nothing. Identical content already there is a no-op; the same
 * objects with other content are a conflict (both digests named) unless `overwrite`.
 */
export const importArchive = async (
  ctx: ServerContext,
  namespace: string,
  bytes: Buffer,
  opts: ImportOptions,
): Promise<ImportReport> => {
  let files: Map<string, Buffer>;
  try {
    files = readArchive(bytes).files;
  } catch (e) {
    if (e instanceof ArchiveError)
      throw new InvalidError(`the archive is refused: ${e.message}`, {
        causes: [{ reason: e.code, message: e.message }],
      });
    throw e;
  }
  const report = inspectFiles(files, true);
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
      { causes: causesOf(problems) },
    );
  }
  const digest = sha256(files.get(STUDIO_FILE)!);
  // The objects were parsed for this import alone: set their namespace in place (no copies).
  const objects = archiveObjects(report).map((o) => {
    delete o.status;
    o.metadata.namespace = namespace;
    return o;
  });
  const bundle = objects.find((o) => o.kind === 'ProfileBundle') as unknown as ProfileBundle;
  applyValues(bundle, objects, opts.values);
  bundle.metadata.annotations = { ...bundle.metadata.annotations, [ANNOTATION_STUDIO_DIGEST]: digest };
  for (const repo of dependencyRepositories(bundle, namespace)) {
    if (!objects.some((o) => o.kind === repo.kind && o.metadata.name === repo.metadata.name))
      objects.push(repo as unknown as KubeObject);
  }

  // What is there already, object by object.
  const plan: { object: KubeObject; current?: StoredObject; action: 'create' | 'update' | 'unchanged' }[] =
    [];
  const conflicts: StatusCause[] = [];
  for (const o of objects) {
    const current = await ctx.store.get({ kind: o.kind, namespace, name: o.metadata.name });
    if (!current) plan.push({ object: o, action: 'create' });
    else if (isDeepStrictEqual(content(current), content(o)))
      plan.push({ object: o, current, action: 'unchanged' });
    else {
      const theirs = current.metadata.annotations?.[ANNOTATION_STUDIO_DIGEST];
      conflicts.push({
        reason: 'Conflict',
        message: `${o.kind} "${o.metadata.name}" exists with other content${o.kind === 'ProfileBundle' ? ` (stored digest ${theirs ?? 'none'}, archive digest ${digest})` : ''}`,
      });
      plan.push({ object: o, current, action: 'update' });
    }
  }
  if (conflicts.length && !opts.overwrite) {
    throw new ConflictError(
      `${report.name} ${report.version} conflicts with what namespace ${namespace} holds: ${conflicts.map((c) => c.message).join('; ')}. Re-run with --overwrite to replace it.`,
      { causes: conflicts },
    );
  }
  const settings = (await ctx.store.get({ kind: 'Settings', namespace, name: 'default' })) as unknown as
    Settings | undefined;
  const registries = settings?.spec.palette?.packRegistries;
  const missingPacks = !registries
    ? []
    : objects
        .filter((o) => o.kind === 'ClusterProfile')
        .flatMap((o) =>
          (o as unknown as ClusterProfile).spec.layers
            .filter((l) => !registries.includes(l.pack.registry ?? 'public'))
            .map((l) => ({
              clusterProfile: o.metadata.name,
              pack: l.pack.name,
              version: l.pack.version,
              registry: l.pack.registry ?? 'public',
            })),
        );
  const result: ImportReport = {
    namespace,
    bundle: { name: report.name!, version: report.version!, type: report.type! },
    digest,
    dryRun: opts.dryRun,
    result: plan.every((p) => p.action === 'unchanged') ? 'unchanged' : opts.dryRun ? 'dry-run' : 'imported',
    objects: plan.map((p) => ({ kind: p.object.kind, name: p.object.metadata.name, action: p.action })),
    missingPacks,
  };
  if (result.result === 'unchanged') return result;

  // Admission of every object as the namespace will be once all are written.
  const future = overlay(ctx.store, objects);
  const admitted: KubeObject[] = [];
  const errors: StatusCause[] = [];
  for (const p of plan) {
    // The archive is self-contained and already checked by the rules: only kinds whose rules read
    // the namespace (locked variables, projects, pools) need a second look against it.
    const e = NAMESPACE_DEPENDENT.has(p.object.kind)
      ? await evaluate(structuredClone(p.object), future)
      : { errors: [], missing: [], warnings: [] };
    if (e.errors.length)
      errors.push(
        ...causesOf(
          e.errors.map((i) => ({
            ...i,
            message: `${p.object.kind} ${p.object.metadata.name}: ${i.message}`,
          })),
        ),
      );
    const status = statusFor(p.object, e);
    admitted.push({
      ...p.object,
      ...(status ? { status } : {}),
      ...(p.object.kind === 'WorkloadProfile' ? { status: { ...status, revision: 1 } } : {}),
    });
  }
  if (errors.length)
    throw new InvalidError(
      `the archive does not fit namespace ${namespace}: ${errors
        .map((c) => c.message)
        .slice(0, 5)
        .join('; ')}`,
      { causes: errors },
    );
  if (opts.dryRun) return result;

  await ctx.store.transaction(async (tx) => {
    for (const [i, p] of plan.entries()) {
      const o = admitted[i]!;
      if (p.action === 'create') await tx.create(o);
      else if (p.action === 'update') {
        const rv = p.current!.metadata.resourceVersion;
        await tx.update({ ...o, metadata: { ...o.metadata, resourceVersion: rv } }, rv);
      }
    }
  });
  // What the index needs (references) is the same in what was written; no need to read it back.
  for (const o of admitted) {
    ctx.lists.invalidate(o.kind);
    ctx.refs.set(o);
  }
  return result;
};
