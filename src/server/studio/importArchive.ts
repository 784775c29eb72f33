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
} from '../../model/index.js';
import { dependencyRepositories } from '../../model/index.js';
import { checkOverrides } from '../../planner/index.js';
import type { Transaction } from '../../storage/store.js';
import { inWriteOrder } from '../../kinds/index.js';
import { archiveObjects, inspectFiles } from '../../studio/archiveContent.js';
import { ArchiveError, readArchive, sha256, STUDIO_FILE } from '../../studio/index.js';
import type { ServerContext } from '../context.js';

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

/**
 * Puts `--set` values into the bundle's variableSet, typed like the variable they set. Checked by
 * the planner's one override checker (unknown names, locks, types), as a deployment's overrides are;
 * refused values are not quoted back (they may be secrets, and messages reach the audit log).
 */
const applyValues = (bundle: ProfileBundle, objects: KubeObject[], values: Record<string, unknown>): void => {
  const declared = new Map<string, Variable & { from: string }>();
  for (const o of objects) {
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
 * Imports a Studio archive into a namespace: reads it in memory with limits, checks layout, digests
 * and every object (references resolved inside the archive and against the namespace), then writes
 * every object through the write pipeline in one transaction, or nothing. Identical content already there is a no-op; the same
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

  const registries = async (reader: Transaction) => {
    const settings = (await reader.get({ kind: 'Settings', namespace, name: 'default' })) as unknown as
      Settings | undefined;
    return settings?.spec.palette?.packRegistries;
  };
  const missingPacksOf = (known: string[] | undefined) =>
    !known
      ? []
      : objects
          .filter((o) => o.kind === 'ClusterProfile')
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
    for (const o of inWriteOrder(objects)) {
      const key = { kind: o.kind, namespace, name: o.metadata.name };
      const current = await w.tx.get(key);
      const action = !current
        ? 'create'
        : isDeepStrictEqual(content(current), content(o))
          ? 'unchanged'
          : 'update';
      actions.push({ kind: o.kind, name: o.metadata.name, action });
      if (action === 'update') {
        const theirs = current!.metadata.annotations?.[ANNOTATION_STUDIO_DIGEST];
        conflicts.push({
          reason: 'Conflict',
          message: `${o.kind} "${o.metadata.name}" exists with other content${o.kind === 'ProfileBundle' ? ` (stored digest ${theirs ?? 'none'}, archive digest ${digest})` : ''}`,
        });
        writes.push(() =>
          w.replace(key, () => ({
            ...o,
            metadata: { ...o.metadata, resourceVersion: current!.metadata.resourceVersion },
          })),
        );
      } else if (action === 'create') writes.push(() => w.create(o));
    }
    if (conflicts.length && !opts.overwrite) {
      throw new ConflictError(
        `${report.name} ${report.version} conflicts with what namespace ${namespace} holds: ${conflicts.map((c) => c.message).join('; ')}. Re-run with --overwrite to replace it.`,
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
    };
    for (const write of writes) {
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
