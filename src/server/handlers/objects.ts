import { BadRequestError, type KindInfo, type KubeObject } from '../../model/index.js';
import { notFound } from '../../storage/storageErrors.js';
import type { ObjectKey, StoredObject } from '../../storage/store.js';
import type { ServerContext } from '../context.js';
import type { ResourceRequest } from '../requestInfo.js';

export const keyOf = (info: KindInfo, namespace: string | undefined, name: string): ObjectKey => ({
  kind: info.kind,
  namespace: info.namespaced ? (namespace ?? '') : '',
  name,
});

export const mustGet = async (
  ctx: ServerContext,
  info: KindInfo,
  rr: ResourceRequest,
): Promise<StoredObject> => {
  const key = keyOf(info, rr.namespace, rr.name!);
  const found = await ctx.store.get(key);
  if (!found) throw notFound(key);
  return found;
};

/**
 * Checks that a body is an object of the URL's kind and namespace, and fills what the URL implies
 * (apiVersion, kind, namespace), as kube-apiserver does.
 */
export const bodyObject = (value: unknown, info: KindInfo, rr: ResourceRequest): KubeObject => {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new BadRequestError('the request body must be a Kubernetes object');
  const o = value as Record<string, unknown>;
  if (o.apiVersion !== undefined && o.apiVersion !== info.apiVersion) {
    throw new BadRequestError(
      `the body's apiVersion ${JSON.stringify(o.apiVersion)} does not match the URL (${info.apiVersion})`,
    );
  }
  if (o.kind !== undefined && o.kind !== info.kind)
    throw new BadRequestError(
      `the body's kind ${JSON.stringify(o.kind)} does not match the URL (${info.kind})`,
    );
  const metadata = (o.metadata ?? {}) as Record<string, unknown>;
  if (typeof metadata !== 'object' || Array.isArray(metadata))
    throw new BadRequestError('metadata must be an object');
  if (info.namespaced) {
    if (metadata.namespace !== undefined && metadata.namespace !== rr.namespace) {
      throw new BadRequestError(
        `the namespace of the provided object (${String(metadata.namespace)}) does not match the namespace sent on the request (${rr.namespace})`,
      );
    }
    metadata.namespace = rr.namespace;
  }
  if (rr.name !== undefined && metadata.name !== undefined && metadata.name !== rr.name) {
    throw new BadRequestError(
      `the name of the object (${String(metadata.name)}) does not match the name on the URL (${rr.name})`,
    );
  }
  if (metadata.name === undefined && rr.name !== undefined) metadata.name = rr.name;
  return { ...o, apiVersion: info.apiVersion, kind: info.kind, metadata } as KubeObject;
};
