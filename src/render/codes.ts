/**
 * Stable codes of the issues {@link renderBundle} reports. Paths of these issues are field paths
 * inside the workload profile named at the start of the message (`workload profile "vllm-server": …`).
 */
export const RENDER_CODES = {
  /** A helm component names a repository that is not a HelmRepository or OCIRepository of the namespace (or names both kinds). */
  RN001: 'helm repository not found',
  /** A `manifests` object (or a ComponentDefinition template object) is not a Kubernetes object. */
  RN002: 'not a Kubernetes object',
  /** A `webservice` component has no `image`. */
  RN003: 'webservice without image',
  /** A component type is neither built in nor a known ComponentDefinition. */
  RN004: 'unknown component type',
  /** A placeholder reads a variable or property that has no value. */
  RN005: 'missing template value',
  /** A string holds a malformed `{{ … }}` (pipes, functions, unbalanced braces, unknown roots). */
  RN006: 'template syntax error',
  /** A key `__proto__`, `constructor` or `prototype` was refused (left out of the output). */
  RN007: 'unsafe key refused',
  /** A property of a built-in component type is missing or has the wrong type. */
  RN008: 'invalid component property',
  /** Two components render the same object (same group, kind, namespace and name). */
  RN009: 'duplicate rendered object',
} as const;

/** One of {@link RENDER_CODES}. */
export type RenderCode = keyof typeof RENDER_CODES;
