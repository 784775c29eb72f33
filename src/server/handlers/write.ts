import { randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import {
  BadRequestError,
  ConflictError,
  InvalidError,
  KINDS,
  type KindInfo,
  type KubeObject,
  type ProfileBundle,
  type WorkloadProfile,
} from '../../model/index.js';
import { dependencyRepositories } from '../../render/index.js';
import type { StoredObject } from '../../storage/store.js';
import {
  evaluate,
  invalidError,
  statusFor,
  warningHeaders,
  type FieldValidation,
} from '../admission/evaluate.js';
import type { ServerContext } from '../context.js';
import { mergePatch, jsonPatch } from '../patch.js';
import type { BodyFormat } from '../body.js';
import type { ResourceRequest } from '../requestInfo.js';
import { bodyObject, keyOf, mustGet, notFound } from './objects.js';
import { reevaluateDependents } from './dependents.js';

export interface WriteResult {
  code: number;
  object: StoredObject;
  warnings: string[];
}

/** Fields that cannot change after creation, per kind (SPEC §2). */
const IMMUTABLE: Record<string, string[][]> = {
  WorkloadProfile: [['spec', 'type']],
  ComputePool: [['spec', 'clusterVariant']],
};

const at = (o: unknown, path: string[]) =>
  path.reduce<unknown>(
    (cur, k) => (cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[k] : undefined),
    o,
  );

const checkImmutable = (kind: string, before: KubeObject, after: KubeObject) => {
  for (const path of IMMUTABLE[kind] ?? []) {
    if (!isDeepStrictEqual(at(before, path), at(after, path))) {
      throw new InvalidError(
        `${kind} "${after.metadata.name}" is invalid: ${path.join('.')}: field is immutable; create a new ${kind} instead`,
        {
          kind,
          name: after.metadata.name,
          causes: [{ reason: 'FieldValueForbidden', message: 'field is immutable', field: path.join('.') }],
        },
      );
    }
  }
};

/** Runs admission; throws 422 on rule violations; returns the object with the status it earns. */
const admit = async (ctx: ServerContext, object: KubeObject, fieldValidation: FieldValidation) => {
  const e = await evaluate(object, ctx.store, fieldValidation, ctx.lists);
  if (e.errors.length) throw invalidError(object, e.errors);
  const status = statusFor(object, e);
  const { status: _old, ...rest } = object;
  return {
    object: (status ? { ...rest, status } : rest) as KubeObject,
    warnings: warningHeaders(e.warnings),
  };
};

const afterWrite = async (ctx: ServerContext, stored: StoredObject) => {
  ctx.lists.invalidate(stored.kind);
  ctx.refs.set(stored);
  await reevaluateDependents(ctx, stored);
};

export const create = async (
  ctx: ServerContext,
  info: KindInfo,
  rr: ResourceRequest,
  body: unknown,
  fv: FieldValidation,
  dryRun: boolean,
): Promise<WriteResult> => {
  const object = bodyObject(body, info, rr);
  const meta = object.metadata as KubeObject['metadata'] & { generateName?: string };
  if (!meta.name) {
    if (!meta.generateName) throw new BadRequestError('metadata.name or metadata.generateName is required');
    meta.name = `${meta.generateName}${randomBytes(3).toString('hex').slice(0, 5)}`;
  }
  for (const f of ['uid', 'resourceVersion', 'creationTimestamp', 'generation'] as const) delete meta[f];
  delete object.status;
  const admitted = await admit(ctx, object, fv);
  if (info.kind === 'WorkloadProfile') (admitted.object.status as Record<string, unknown>).revision = 1;
  if (dryRun) return { code: 201, object: admitted.object as StoredObject, warnings: admitted.warnings };
  const stored = await ctx.store.transaction(async (tx) => {
    const created = await tx.create(admitted.object);
    if (info.kind === 'ProfileBundle') {
      for (const repo of dependencyRepositories(
        object as unknown as ProfileBundle,
        meta.namespace ?? 'default',
      )) {
        try {
          await tx.create(repo);
        } catch (e) {
          if (!(e instanceof ConflictError)) throw e; // "created in the namespace if missing"
        }
      }
    }
    return created;
  });
  await afterWrite(ctx, stored);
  return { code: 201, object: stored, warnings: admitted.warnings };
};

/**
 * Replaces an object (PUT, or the result of a patch): optimistic concurrency on resourceVersion,
 * immutable fields, generation bumped on spec changes, status recomputed by admission. On the
 * `status` subresource only the status changes.
 */
export const replace = async (
  ctx: ServerContext,
  info: KindInfo,
  rr: ResourceRequest,
  current: StoredObject,
  next: KubeObject,
  fv: FieldValidation,
  dryRun: boolean,
): Promise<WriteResult> => {
  const expectedRv = next.metadata.resourceVersion || current.metadata.resourceVersion;
  if (expectedRv !== current.metadata.resourceVersion) {
    throw new ConflictError(
      `Operation cannot be fulfilled on ${info.plural} "${current.metadata.name}": the object has been modified; please apply your changes to the latest version and try again`,
      { kind: info.plural, name: current.metadata.name },
    );
  }
  if (rr.subresource === 'status') {
    const object = { ...current, status: next.status } as KubeObject;
    if (dryRun) return { code: 200, object: object as StoredObject, warnings: [] };
    const stored = await ctx.store.update(object, expectedRv);
    return { code: 200, object: stored, warnings: [] };
  }
  const object: KubeObject = {
    ...next,
    metadata: {
      ...next.metadata,
      uid: current.metadata.uid,
      creationTimestamp: current.metadata.creationTimestamp,
    },
    status: current.status,
  };
  checkImmutable(info.kind, current, object);
  const specChanged = !isDeepStrictEqual(current.spec, object.spec);
  object.metadata.generation = current.metadata.generation + (specChanged ? 1 : 0);
  const admitted = await admit(ctx, object, fv);
  if (info.kind === 'WorkloadProfile') {
    const previous = (current as unknown as WorkloadProfile).status?.revision ?? 1;
    (admitted.object.status as Record<string, unknown>).revision = previous + (specChanged ? 1 : 0);
  }
  if (dryRun) return { code: 200, object: admitted.object as StoredObject, warnings: admitted.warnings };
  const stored = await ctx.store.update(admitted.object, expectedRv);
  await afterWrite(ctx, stored);
  return { code: 200, object: stored, warnings: admitted.warnings };
};

export const update = async (
  ctx: ServerContext,
  info: KindInfo,
  rr: ResourceRequest,
  body: unknown,
  fv: FieldValidation,
  dryRun: boolean,
) => {
  const next = bodyObject(body, info, rr);
  const current = await ctx.store.get(keyOf(info, rr.namespace, rr.name!));
  if (!current) {
    if (rr.subresource) throw notFound(info, rr.name!);
    return create(ctx, info, rr, next, fv, dryRun); // PUT creates, as for Kubernetes custom resources
  }
  return replace(ctx, info, rr, current, next, fv, dryRun);
};

const PATCH_RETRIES = 5;

/** PATCH in every format kubectl sends; retried on conflicts when the patch names no resourceVersion. */
export const patch = async (
  ctx: ServerContext,
  info: KindInfo,
  rr: ResourceRequest,
  body: unknown,
  format: BodyFormat,
  fv: FieldValidation,
  dryRun: boolean,
) => {
  for (let attempt = 1; ; attempt++) {
    const current =
      format === 'apply-patch'
        ? await ctx.store.get(keyOf(info, rr.namespace, rr.name!))
        : await mustGet(ctx, info, rr);
    if (!current) return create(ctx, info, rr, body, fv, dryRun); // server-side apply creates
    const patched = format === 'json-patch' ? jsonPatch(current, body) : mergePatch(current, body);
    const next = bodyObject(patched, info, rr);
    const pinned = (body as { metadata?: { resourceVersion?: string } } | null)?.metadata?.resourceVersion;
    if (!pinned) next.metadata.resourceVersion = current.metadata.resourceVersion;
    try {
      return await replace(ctx, info, rr, current, next, fv, dryRun);
    } catch (e) {
      if (!(e instanceof ConflictError) || pinned || attempt >= PATCH_RETRIES) throw e;
    }
  }
};

/** DELETE: refused (409) while other objects refer to this one, naming them. */
export const remove = async (
  ctx: ServerContext,
  info: KindInfo,
  rr: ResourceRequest,
  body: unknown,
  dryRun: boolean,
): Promise<WriteResult> => {
  const current = await mustGet(ctx, info, rr);
  const dependents = ctx.refs.dependentsOf(
    info.kind,
    current.metadata.namespace ?? '',
    current.metadata.name,
    false,
  );
  if (dependents.length) {
    const names = dependents.map((d) => `${d.kind} ${d.name}`).join(', ');
    throw new ConflictError(
      `${info.kind} "${current.metadata.name}" is referenced by ${names}; delete or change those first`,
      {
        kind: info.plural,
        name: current.metadata.name,
        causes: dependents.map((d) => ({
          reason: 'Dependent',
          message: `${d.kind} ${d.namespace}/${d.name}`,
        })),
      },
    );
  }
  if (info.kind === 'Namespace') await refuseNonEmptyNamespace(ctx, current.metadata.name);
  const pre = (body as { preconditions?: { resourceVersion?: string } } | undefined)?.preconditions
    ?.resourceVersion;
  if (dryRun) return { code: 200, object: current, warnings: [] };
  const deleted = await ctx.store.delete(keyOf(info, rr.namespace, rr.name!), pre);
  ctx.lists.invalidate(deleted.kind);
  ctx.refs.remove(deleted);
  await reevaluateDependents(ctx, deleted);
  return { code: 200, object: deleted, warnings: [] };
};

const refuseNonEmptyNamespace = async (ctx: ServerContext, ns: string) => {
  for (const k of KINDS.filter((x) => x.namespaced)) {
    const r = await ctx.store.list(k.kind, { namespace: ns, limit: 1 });
    if (r.items.length)
      throw new ConflictError(`namespace "${ns}" still holds ${k.plural}; delete its objects first`, {
        kind: 'namespaces',
        name: ns,
      });
  }
};
