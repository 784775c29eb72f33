/**
 * Stable codes of the issues {@link renderBundle} reports besides the rules' codes of the checks it
 * shares with them (WP003, WP005, WP006 for built-in component properties, WP004 for a helm
 * repository that does not resolve). Paths of these issues are field paths inside the workload
 * profile named at the start of the message (`workload profile "vllm-server": …`). RN003 and RN008
 * are retired (see `RETIRED_CODES`).
 */
export const RENDER_CODES = {
  /**
   * A helm component names a repository that is both a HelmRepository and an OCIRepository of the
   * namespace. (A repository that is neither is `WP004`, as the rules report it.)
   */
  RN001: 'helm repository name is ambiguous (both a HelmRepository and an OCIRepository)',
  /** A ComponentDefinition template object is not a Kubernetes object (in a `manifests` component: `WP006`). */
  RN002: 'not a Kubernetes object',
  /** A component type is neither built in nor a known ComponentDefinition. */
  RN004: 'unknown component type',
  /** A placeholder reads a variable or property that has no value. */
  RN005: 'missing template value',
  /** A string holds a malformed `{{ … }}` (pipes, functions, unbalanced braces, unknown roots). */
  RN006: 'template syntax error',
  /** A key `__proto__`, `constructor` or `prototype` was refused (left out of the output). */
  RN007: 'unsafe key refused',
  /** Two components render the same object (same group, kind, namespace and name). */
  RN009: 'duplicate rendered object',
} as const;

/** One of {@link RENDER_CODES}. */
export type RenderCode = keyof typeof RENDER_CODES;
