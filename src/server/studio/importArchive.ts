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
import { boundCauses, type PipelineTransaction } from '../../apiserver/index.js';
import { writeRank, type ArchiveManifest } from '../../studio/manifestStream.js';
import type { ServerContext } from '../context.js';
import { yieldPoint } from '../yieldPoint.js';
import {
  applyValues,
  ArchiveObjects,
  content,
  missingPacksOf,
  VariableDeclarations,
} from './archiveObjects.js';
import { streamArchive, type InspectionStream, type Inspected } from './inspectArchive.js';
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

/** Throws the archive's own errors (layout, digests, each object's file:line), if it has any. */
const assertValid = (report: Inspected['report']): void => {
  if (report.valid) return;
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
};

/**
 * Imports a Studio archive into a namespace: reads it in memory with limits, checks layout, digests
 * and every object (references resolved inside the archive and against the namespace), and writes
 * every object through the write pipeline in one transaction, or nothing. Identical content already there is a no-op; the same
 * objects with other content are a conflict (both digests named) unless `overwrite`, and so is a
 * lower bundle version; the conflict (and, with `overwrite`, the report) names the other bundles
 * that use a replaced object and the pools and deployments built on them (SPEC §6).
 *
 * The checking runs on a worker thread and hands each object over as soon as its own shape is
 * checked, in dependency order: objects new to the namespace are written while the next files are
 * parsed (issue #11: the two halves ran one after the other), from when half the archive is checked. The archive's verdict (the rules
 * that read other objects, the digests) comes last, and the transaction commits only on a valid
 * one; an invalid archive is reported as such whatever else failed meanwhile.
 */
export const importArchive = async (
  ctx: ServerContext,
  namespace: string,
  bytes: Buffer,
  opts: ImportOptions,
): Promise<ImportReport> => {
  const stream = streamArchive(bytes);
  try {
    // The transaction holds the write lane from its first write to its commit, and every other
    // write waits: it begins once the rest of the check takes about as long as the writes (the
    // worker checks about half as fast as the import writes), not while the first files are parsed.
    await stream.ready;
    return await ctx.pipeline.transaction({ dryRun: opts.dryRun }, (w) =>
      writeArchive(w, stream, namespace, opts),
    );
  } catch (e) {
    stream.cancel();
    // A refused archive rejects here; an invalid one throws its own errors.
    assertValid((await stream.result).report);
    throw e;
  }
};

/** The transaction of {@link importArchive}: every object of the archive, as it comes, or nothing. */
const writeArchive = async (
  w: PipelineTransaction,
  stream: InspectionStream,
  namespace: string,
  opts: ImportOptions,
): Promise<ImportReport> => {
  const first = await stream.next();
  const bundleManifest = first?.[0];
  if (bundleManifest?.kind !== 'ProfileBundle') {
    // No valid bundle: the archive is invalid; its report says why.
    while (await stream.next());
    assertValid((await stream.result).report);
    throw new Error('the archive checker found the archive valid but sent no bundle');
  }
  const archive = new ArchiveObjects([], namespace, () => bundle.metadata.name);
  const bundleAt = archive.push(bundleManifest);
  const bundle = archive.keep(bundleAt) as unknown as ProfileBundle;
  const declared = Object.keys(opts.values).length ? new VariableDeclarations() : undefined;
  declared?.add(bundle as unknown as KubeObject, bundleManifest.order ?? 0);
  const settings = (await w.tx.get({ kind: 'Settings', namespace, name: 'default' })) as unknown as
    Settings | undefined;
  const known = settings?.spec.palette?.packRegistries;

  // The namespace's own action, if the import makes it; each entry's is kept by the archive.
  const actions: ImportReport['objects'] = [];
  const missingPacks: ImportReport['missingPacks'] = [];
  const conflicts: StatusCause[] = [];
  const errors: StatusCause[] = [];
  // Objects new to the namespace are written as they come, until one replaces a stored object:
  // what a replacement affects is read before it is written, so it and everything after it waits
  // for the end (`deferred`, in write order; a few numbers each: the archive keeps their text).
  // References go from later kinds to earlier ones in write order (a profile to its definitions
  // and repositories, the bundle to its profiles), so nothing written before the first replacement
  // refers to a replaced object: what the replacements affect reads as it did before any write.
  const deferred: { at: number; resourceVersion?: string }[] = [];
  let writes = 0;
  // Thousands of admissions and writes: other requests get a turn every few milliseconds (reads
  // go to the store's committed snapshot; other writes wait for this transaction).
  const turn = yieldPoint();
  let digest = ''; // known once the archive's verdict is in (before the bundle is visited)

  const write = async (at: number, resourceVersion?: string): Promise<void> => {
    const next = archive.objectAt(at);
    try {
      if (resourceVersion === undefined) await w.create(next, { checkedAlone: archive.asChecked(at) });
      else
        await w.replace({ kind: next.kind, namespace, name: next.metadata.name }, () => ({
          ...next,
          metadata: { ...next.metadata, resourceVersion },
        }));
      // Written: the transaction holds it now, the archive's text of it is let go.
      archive.release(at);
    } catch (e) {
      // Every object's problems at once, each naming its object; the transaction is rolled back.
      if (!(e instanceof InvalidError)) throw e;
      errors.push(
        ...(e.details.causes ?? [{ reason: e.reason, message: e.message }]).map((c) => ({
          ...c,
          message: `${e.details.kind ?? ''} ${e.details.name ?? ''}: ${c.message}`.trim(),
        })),
      );
    }
  };
  /** Compares entry `at` with what the namespace holds, and writes it now or later. */
  const visit = async (at: number, order = 0): Promise<void> => {
    await turn();
    const { kind, name } = archive.keyAt(at);
    const current = await w.tx.get({ kind, namespace, name });
    const next = current || declared || kind === 'ClusterProfile' ? archive.objectAt(at) : undefined;
    const action = !current
      ? 'create'
      : isDeepStrictEqual(content(current), content(next!))
        ? 'unchanged'
        : 'update';
    archive.setAction(at, action);
    if (next) {
      if (at !== bundleAt) declared?.add(next, order);
      missingPacks.push(...missingPacksOf(next, known));
    }
    if (action === 'unchanged') {
      // Nothing to write: its text is not read again (a re-import of identical content holds none).
      if (at !== bundleAt) archive.release(at);
      return;
    }
    writes++;
    if (action === 'update') {
      const theirs = current!.metadata.annotations?.[ANNOTATION_STUDIO_DIGEST];
      // The same archive with other variable values (--set, --values) has the same digest.
      const digests =
        theirs === digest
          ? ` (the same archive, digest ${digest}, imported with other variable values: --set and --values must match to re-import it unchanged)`
          : ` (stored digest ${theirs ?? 'none'}, archive digest ${digest})`;
      conflicts.push({
        reason: 'Conflict',
        message: `${kind} "${name}" exists with other content${kind === 'ProfileBundle' ? digests : ''}`,
      });
      deferred.push({ at, resourceVersion: current!.metadata.resourceVersion });
    } else if (deferred.length) deferred.push({ at });
    else await write(at);
  };

  // A namespace that does not exist yet is made with the import (as `helm install
  // --create-namespace` does): the import is how a project's namespace gets its first bundle.
  if (!(await w.tx.get({ kind: 'Namespace', namespace: '', name: namespace }))) {
    actions.push({ kind: 'Namespace', name: namespace, action: 'create' });
    writes++;
    await w.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } } as KubeObject);
  }
  // The repositories the bundle brings and the archive does not hold, after the archive's own.
  const held = dependencyRepositories(bundle, namespace).map((repo) => ({
    rank: writeRank(repo.kind),
    repo: repo as unknown as KubeObject,
  }));
  const passing = async (rank: number) => {
    while (held.length && held[0]!.rank < rank) {
      const { repo } = held.shift()!;
      if (!archive.has(repo.kind, repo.metadata.name)) await visit(archive.add(repo));
    }
  };
  held.sort((a, b) => a.rank - b.rank);
  for (let chunk: ArchiveManifest[] | undefined = first!.slice(1); chunk; chunk = await stream.next()) {
    for (const m of chunk) {
      await passing(writeRank(m.kind));
      await visit(archive.push(m), m.order);
    }
  }
  await passing(Infinity);
  // Every object has come and those new to the namespace are written: the archive's verdict.
  const inspected = await stream.result;
  const report = inspected.report;
  assertValid(report);
  digest = inspected.digest!; // a valid archive has its studio.yaml
  if (declared) applyValues(bundle, declared.declared, opts.values);
  bundle.metadata.annotations = { ...bundle.metadata.annotations, [ANNOTATION_STUDIO_DIGEST]: digest };
  await visit(bundleAt);

  // The report lists the entries in the order they were visited: the archive's (the repositories
  // the bundle brings among them), the bundle last.
  for (let at = 0; at < archive.size; at++)
    if (at !== bundleAt) actions.push({ ...archive.keyAt(at), action: archive.actionAt(at)! });
  actions.push({ ...archive.keyAt(bundleAt), action: archive.actionAt(bundleAt)! });
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
    result: writes === 0 ? 'unchanged' : opts.dryRun ? 'dry-run' : 'imported',
    objects: actions,
    missingPacks,
    affected,
    ...(downgrade ? { downgrade } : {}),
  };
  for (const { at, resourceVersion } of deferred) {
    await turn();
    await write(at, resourceVersion);
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
};
