import type { KubeObject } from '../model/index.js';
import type { WritePipeline } from './writePipeline.js';

/** The namespaces every server has, as a Kubernetes cluster has `default`. */
export const BUILT_IN_NAMESPACES = ['default'] as const;

/**
 * Creates the namespaces that are missing, through the pipeline (admitted and counted like any
 * write). Writes into a namespace need it to exist, so the server makes its own at start.
 */
export const ensureNamespaces = async (
  pipeline: WritePipeline,
  names: readonly string[] = BUILT_IN_NAMESPACES,
): Promise<void> => {
  for (const name of names) {
    if (await pipeline.store.get({ kind: 'Namespace', namespace: '', name })) continue;
    const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name } } as KubeObject;
    try {
      await pipeline.create(ns);
    } catch (e) {
      // Another replica (or a controller) made it between the read and the write: that is fine.
      if ((e as { reason?: string }).reason !== 'AlreadyExists') throw e;
    }
  }
};
