/**
 * What went wrong while talking to an infrastructure provider, in words a platform engineer can act
 * on. Messages name Secrets by `name`/`key` and never carry a Secret's value.
 */
export type ProviderErrorCode =
  /** The endpoint could not be reached (DNS, refused connection, TLS, timeout). Retry with backoff. */
  | 'Unreachable'
  /** The credentials were refused (HTTP 401/403). Fix the Secret; retrying does not help. */
  | 'Unauthorized'
  /** The project, cluster or object does not exist (HTTP 404). */
  | 'NotFound'
  /** The request conflicts with what exists (HTTP 409), e.g. a cluster name already taken. */
  | 'Conflict'
  /** The provider failed (HTTP 5xx). Retry with backoff. */
  | 'ServerError'
  /** The provider refused the request as invalid (HTTP 400/422). */
  | 'Rejected'
  /** The answer did not have the documented shape. */
  | 'BadResponse'
  /** The request cannot be made as given (missing Secret, missing settings, unknown profile). */
  | 'InvalidRequest';

const RETRYABLE: ReadonlySet<ProviderErrorCode> = new Set(['Unreachable', 'ServerError']);

/** A typed provider failure: {@link code} says what kind, {@link retryable} whether to back off and retry. */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  /** True for failures that may pass on their own (unreachable endpoint, 5xx). */
  readonly retryable: boolean;
  constructor(
    readonly code: ProviderErrorCode,
    message: string,
    /** The HTTP status that caused it, when there was one. */
    readonly httpStatus?: number,
  ) {
    super(message);
    this.retryable = RETRYABLE.has(code);
  }
}

/** A Secret key reference as Settings hold it; `key` falls back to a per-use default. */
export interface SecretKeyRef {
  name: string;
  key?: string;
}

/**
 * Reads one key of a core `v1` Secret in the Settings' namespace; `undefined` when the Secret or the
 * key is missing. Supplied by the caller, which owns storage and access checks.
 */
export type SecretValue = (name: string, key: string) => Promise<string | undefined> | string | undefined;

/** Resolves a Secret key or throws an `InvalidRequest` error that names the Secret and the key. */
export const requireSecret = async (
  secretValue: SecretValue,
  ref: SecretKeyRef,
  defaultKey: string,
  purpose: string,
): Promise<string> => {
  const key = ref.key ?? defaultKey;
  const value = await secretValue(ref.name, key);
  if (value === undefined || value === '') {
    throw new ProviderError(
      'InvalidRequest',
      `${purpose}: Secret "${ref.name}" has no key "${key}"; create the Secret in the Settings' namespace with that key`,
    );
  }
  return value;
};
