import { isDeepStrictEqual } from 'node:util';
import {
  ConflictError,
  InvalidError,
  type KubeObject,
  type Settings,
  type ProfileBundle,
  type StatusCause,
  type AffectedObject,
  type ImportReport,
} from '../../model/index.js';
import { dependencyRepositories } from '../../model/index.js';
import type { Transaction } from '../../storage/store.js';
import { boundCauses } from '../../apiserver/index.js';
import { inWriteOrder } from '../../kinds/index.js';
import type { ServerContext } from '../context.js';
import { yieldPoint } from '../yieldPoint.js';
import { applyValues, ArchiveObjects, content } from './archiveObjects.js';
import { inspectArchive } from './inspectArchive.js';
import { sharedImpact } from './importImpact.js';

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

/** The entry of {@link importArchive}'s writes that creates the namespace. */
const NAMESPACE = -1;

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
    if (!archive.has(repo.kind, repo.metadata.name)) archive.add(repo as unknown as KubeObject);
  }

  const registries = async (reader: Transaction) => {
    const settings = (await reader.get({ kind: 'Settings', namespace, name: 'default' })) as unknown as
      Settings | undefined;
    return settings?.spec.palette?.packRegistries;
  };
  // One transaction: what is there already, the conflicts, admission of every object against the
  // namespace as it will be (objects are written in dependency order, each admitted against what
  // the transaction has written so far) and the writes themselves — all of it or nothing.
  return ctx.pipeline.transaction({ dryRun: opts.dryRun }, async (w) => {
    const actions: ImportReport['objects'] = [];
    const conflicts: StatusCause[] = [];
    const errors: StatusCause[] = [];
    // What to write, in write order: the archive's entry (NAMESPACE: the namespace itself) and, to
    // replace, the version it replaces. A few numbers per object: objects are parsed when written.
    const writes: { at: number; resourceVersion?: string }[] = [];
    // Thousands of admissions and writes: other requests get a turn every few milliseconds (reads
    // go to the store's committed snapshot; other writes wait for this transaction).
    const turn = yieldPoint();
    // A namespace that does not exist yet is made with the import (as `helm install
    // --create-namespace` does): the import is how a project's namespace gets its first bundle.
    if (!(await w.tx.get({ kind: 'Namespace', namespace: '', name: namespace }))) {
      actions.push({ kind: 'Namespace', name: namespace, action: 'create' });
      writes.push({ at: NAMESPACE });
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
        writes.push({ at, resourceVersion });
      } else if (action === 'create') writes.push({ at });
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
      missingPacks: archive.missingPacks(await registries(w.tx)),
      affected,
      ...(downgrade ? { downgrade } : {}),
    };
    for (const { at, resourceVersion } of writes) {
      await turn();
      try {
        if (at === NAMESPACE) {
          await w.create({
            apiVersion: 'v1',
            kind: 'Namespace',
            metadata: { name: namespace },
          } as KubeObject);
          continue;
        }
        const next = archive.objectAt(at);
        if (resourceVersion === undefined) await w.create(next, { shapeChecked: archive.asChecked(at) });
        else
          await w.replace({ kind: next.kind, namespace, name: next.metadata.name }, () => ({
            ...next,
            metadata: { ...next.metadata, resourceVersion },
          }));
        // Written: the transaction holds it now, the archive's text of it is let go.
        archive.release(at);
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
