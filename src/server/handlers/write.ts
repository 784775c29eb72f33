/**
 * The HTTP write verbs on the one write pipeline: each turns a request into a pipeline call, so what
 * is checked and counted lives in the pipeline and the kind modules, not here.
 */
import { ConflictError, type KindInfo, type KubeObject } from '../../model/index.js';
import type { WriteOptions, WriteResult } from '../../apiserver/index.js';
import type { ServerContext } from '../context.js';
import { mergePatch, jsonPatch } from '../patch.js';
import type { BodyFormat } from '../body.js';
import type { ResourceRequest } from '../requestInfo.js';
import { checkDeleteOptions } from './deleteOptions.js';
import { bodyObject, keyOf } from './objects.js';

export type { WriteResult };

export const create = (
  ctx: ServerContext,
  info: KindInfo,
  rr: ResourceRequest,
  body: unknown,
  options: WriteOptions,
): Promise<WriteResult> => ctx.pipeline.create(bodyObject(body, info, rr), options);

/**
 * PUT: replaces an object. One that is not there is 404, as kube-apiserver answers for custom
 * resources — a stale PUT after a delete must not bring the object back; create with POST (or
 * server-side apply).
 */
export const update = async (
  ctx: ServerContext,
  info: KindInfo,
  rr: ResourceRequest,
  body: unknown,
  options: WriteOptions,
): Promise<WriteResult> => {
  const next = bodyObject(body, info, rr);
  const key = keyOf(info, rr.namespace, rr.name!);
  return ctx.pipeline.replace(key, () => next, {
    ...options,
    ...(rr.subresource === 'status' ? { subresource: 'status' as const } : {}),
  });
};

/**
 * PATCH in every format kubectl sends, applied to the object as the write's transaction reads it
 * (so no retry is needed); a resourceVersion inside the patch is honoured.
 */
export const patch = async (
  ctx: ServerContext,
  info: KindInfo,
  rr: ResourceRequest,
  body: unknown,
  format: BodyFormat,
  options: WriteOptions,
): Promise<WriteResult> => {
  const key = keyOf(info, rr.namespace, rr.name!);
  const apply = (current: KubeObject): KubeObject => {
    const patched = format === 'json-patch' ? jsonPatch(current, body) : mergePatch(current, body);
    return bodyObject(patched, info, rr);
  };
  if (format === 'apply-patch' && !(await ctx.store.get(key))) {
    try {
      return await create(ctx, info, rr, body, options); // server-side apply creates
    } catch (e) {
      if (!(e instanceof ConflictError && e.reason === 'AlreadyExists')) throw e;
    }
  }
  return ctx.pipeline.replace(key, apply, {
    ...options,
    ...(rr.subresource === 'status' ? { subresource: 'status' as const } : {}),
  });
};

/** DELETE: refused (409) while other objects refer to this one, naming them. */
export const remove = (
  ctx: ServerContext,
  info: KindInfo,
  rr: ResourceRequest,
  body: unknown,
  options: WriteOptions,
): Promise<WriteResult> => {
  const { preconditions = {} } = checkDeleteOptions(body);
  return ctx.pipeline.delete(keyOf(info, rr.namespace, rr.name!), { ...options, preconditions });
};
