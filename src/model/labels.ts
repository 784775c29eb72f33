/** Label on bundles and pools naming the inference engine (compared exactly: `vLLM` is not `vllm`). */
export const LABEL_INFERENCE_ENGINE = 'palette.ai/inference-engine';
/** Label on AIWorkload objects: `app` or `model`. */
export const LABEL_AIWORKLOAD_TYPE = 'palette.ai/aiworkload-type';
/**
 * Label on a ClusterProfile naming the profile it is a version of, so several versions can live side
 * by side (`edge-gpu-1-1-0` labelled `edge-gpu`); bundles reference the label value or the object name.
 */
export const LABEL_CLUSTER_PROFILE = 'palette.ai/cluster-profile';
/** Namespace whose VariableSets are system-wide (the lowest-precedence variable source). */
export const SYSTEM_NAMESPACE = 'paletteai-system';
/** Namespace assumed for objects that carry none. */
export const DEFAULT_NAMESPACE = 'default';
/**
 * Label on a VariableSet naming the bundle it belongs to (SPEC §2.4): it applies only when that
 * bundle is deployed, above the project VariableSets and below the bundle's own variableSet. A
 * Studio archive's `variable-sets/` carry it on import. Rendered objects carry it too.
 */
export const LABEL_PROFILE_BUNDLE = 'palette.ai/profile-bundle';

/** Label on the WorkloadDeployments a compute pool owns: the pool's name (set by its controller). */
export const LABEL_COMPUTE_POOL = 'palette.ai/compute-pool';

/** Label on what an AIWorkload owns (its WorkloadDeployments, its dedicated pool): its name. */
export const LABEL_OWNER_AIWORKLOAD = 'palette.ai/owner-aiworkload';
