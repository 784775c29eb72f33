import { LABEL_PROFILE_BUNDLE } from '../model/index.js';
import type { KubeObject } from '../model/index.js';

/** Kubernetes recommended label naming the tool that manages an object. */
export const LABEL_MANAGED_BY = 'app.kubernetes.io/managed-by';
/** Value of {@link LABEL_MANAGED_BY} on everything this product renders. */
export const MANAGED_BY_PALETTEAI = 'paletteai';
/** Label naming the profile bundle a rendered object came from (the model's bundle label). */
export { LABEL_PROFILE_BUNDLE };
/** Label naming the workload profile a rendered object came from. */
export const LABEL_WORKLOAD_PROFILE = 'palette.ai/workload-profile';

/**
 * Returns a copy of `obj` whose `metadata.labels` also carry the managed-by, bundle and (when given)
 * workload-profile labels. Labels the object already has win: they are never overwritten.
 */
export function withRenderLabels(obj: KubeObject, bundle: string, profile?: string): KubeObject {
  const ours: Record<string, string> = {
    [LABEL_MANAGED_BY]: MANAGED_BY_PALETTEAI,
    [LABEL_PROFILE_BUNDLE]: bundle,
  };
  if (profile !== undefined) ours[LABEL_WORKLOAD_PROFILE] = profile;
  return { ...obj, metadata: { ...obj.metadata, labels: { ...ours, ...obj.metadata.labels } } };
}
