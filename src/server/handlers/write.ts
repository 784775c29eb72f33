/**
 * The HTTP write verbs on the one write pipeline: each turns a request into a pipeline call, so what
 * is checked and counted lives in the pipeline and the kind modules, not here. Field ownership
 * (`metadata.managedFields`, server-side apply) is decided inside each write's transaction, in the
 * callback the pipeline hands the current object to.
 */
import { ConflictError, type KindInfo, type KubeObject } from '../../model/index.js';
import type { WriteOptions, WriteResult } from '../../apiserver/index.js';
import { applyConfiguration, recordUpdate } from '../../apiserver/fields/index.js';
import { resolveManager, type FieldManagerRequest } from '../apply/index.js';
import type { ServerContext } from '../context.js';
import { mergePatch, jsonPatch } from '../patch.js';
import type { BodyFormat } from '../body.js';
import type { ResourceRequest } from '../requestInfo.js';
import { checkDeleteOptions } from './deleteOptions.js';
import { bodyObject, keyOf } from './objects.js';

export type { WriteResult };

/** Write options of an HTTP request: the pipeline's, and who the written fields belong to. */
export interface HttpWriteOptions extends WriteOptions {
  /** `fieldManager`, `force` and the User-Agent of the request. */
  fieldManager?: FieldManagerRequest;
}

const statusOf = (rr: ResourceRequest) => (rr.subresource === 'status' ? ('status' as const) : undefined);

/** POST: creates an object; its creator owns every field it sets (an Update in managedFields). */
export const create = (
  ctx: ServerContext,
  info: KindInfo,
  rr: ResourceRequest,
  body: unknown,
  options: HttpWriteOptions,
): Promise<WriteResult> => {
  const { manager } = resolveManager(options.fieldManager, 'create');
  return ctx.pipeline.create(recordUpdate(undefined, bodyObject(body, info, rr), { manager }), options);
};

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
  options: HttpWriteOptions,
): Promise<WriteResult> => {
  const next = bodyObject(body, info, rr);
  const subresource = statusOf(rr);
  const { manager } = resolveManager(options.fieldManager, 'update');
  const key = keyOf(info, rr.namespace, rr.name!);
  return ctx.pipeline.replace(key, (current) => recordUpdate(current, next, { manager, subresource }), {
    ...options,
    ...(subresource ? { subresource } : {}),
  });
};

/**
 * PATCH in every format kubectl sends, applied to the object as the write's transaction reads it
 * (so no retry is needed); a resourceVersion inside the patch is honoured. A server-side apply
 * (`application/apply-patch+yaml`) merges the configuration by field ownership (see
 * src/server/apply/) and creates the object when it does not exist.
 */
export const patch = async (
  ctx: ServerContext,
  info: KindInfo,
  rr: ResourceRequest,
  body: unknown,
  format: BodyFormat,
  options: HttpWriteOptions,
): Promise<WriteResult> => {
  const key = keyOf(info, rr.namespace, rr.name!);
  const subresource = statusOf(rr);
  const pipelineOptions = { ...options, ...(subresource ? { subresource } : {}) };
  if (format === 'apply-patch') {
    const { manager, force } = resolveManager(options.fieldManager, 'apply');
    const config = bodyObject(body, info, rr);
    const fm = { manager, force, ...(subresource ? { subresource } : {}) };
    // Server-side apply creates a missing object (not through the status subresource).
    if (!subresource && !(await ctx.store.get(key))) {
      try {
        return await ctx.pipeline.create(applyConfiguration(undefined, config, fm), options);
      } catch (e) {
        if (!(e instanceof ConflictError && e.reason === 'AlreadyExists')) throw e;
      }
    }
    return ctx.pipeline.replace(key, (current) => applyConfiguration(current, config, fm), pipelineOptions);
  }
  const { manager } = resolveManager(options.fieldManager, 'patch');
  const apply = (current: KubeObject): KubeObject => {
    const patched = format === 'json-patch' ? jsonPatch(current, body) : mergePatch(current, body);
    return recordUpdate(current, bodyObject(patched, info, rr), {
      manager,
      ...(subresource ? { subresource } : {}),
    });
  };
  return ctx.pipeline.replace(key, apply, pipelineOptions);
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

/**
 * The body of a DELETE's answer, as kube-apiserver gives it: custom resources and Namespaces answer
 * with the deleted object; the other core kinds (Secret, Event) with a `Status` Success naming what
 * was deleted (their registries do not return the deleted object). Typed clients read a `V1Status`
 * there (`CoreV1Api.deleteNamespacedSecret` in Python and client-node), and a deleted Secret's
 * values are not sent back.
 */
export const deleteAnswer = (info: KindInfo, deleted: KubeObject): unknown =>
  info.group !== '' || info.kind === 'Namespace'
    ? deleted
    : {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Success',
        details: {
          name: deleted.metadata.name,
          group: '',
          kind: info.plural,
          ...(deleted.metadata.uid ? { uid: deleted.metadata.uid } : {}),
        },
      };
