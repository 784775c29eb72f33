/**
 * Business errors, mapped to an HTTP status and a Kubernetes `Status` body in one place
 * (src/server/status.ts). Messages are actionable: what was wrong and how to fix it.
 */
export interface StatusCause {
  /** Kubernetes cause reason, e.g. `FieldValueInvalid`, or a rule code. */
  reason: string;
  message: string;
  /** Field path, e.g. `spec.clusterProfiles[0].name`. */
  field?: string;
}

export abstract class ApiError extends Error {
  abstract readonly status: number;
  /** Kubernetes `Status.reason`, e.g. `NotFound`. */
  abstract readonly reason: string;
  constructor(
    message: string,
    readonly details: {
      kind?: string;
      name?: string;
      group?: string;
      causes?: StatusCause[];
      /** Seconds to wait before trying again (429). */
      retryAfterSeconds?: number;
    } = {},
  ) {
    super(message);
  }
}

export class BadRequestError extends ApiError {
  readonly status = 400;
  readonly reason = 'BadRequest';
}
export class UnauthorizedError extends ApiError {
  readonly status = 401;
  readonly reason = 'Unauthorized';
}
export class ForbiddenError extends ApiError {
  readonly status = 403;
  readonly reason = 'Forbidden';
}
export class NotFoundError extends ApiError {
  readonly status = 404;
  readonly reason = 'NotFound';
}
export class MethodNotAllowedError extends ApiError {
  readonly status = 405;
  readonly reason = 'MethodNotAllowed';
}
/** Already exists, stale resourceVersion, or refused because others depend on the object. */
export class ConflictError extends ApiError {
  readonly status = 409;
  constructor(
    message: string,
    details: ApiError['details'] = {},
    readonly reason: 'AlreadyExists' | 'Conflict' = 'Conflict',
  ) {
    super(message, details);
  }
}
/** A watch or list from a resourceVersion that is no longer kept. */
export class GoneError extends ApiError {
  readonly status = 410;
  readonly reason = 'Expired';
}
export class PayloadTooLargeError extends ApiError {
  readonly status = 413;
  readonly reason = 'RequestEntityTooLarge';
}
export class UnsupportedMediaTypeError extends ApiError {
  readonly status = 415;
  readonly reason = 'UnsupportedMediaType';
}
/** A service the request needs (Palette) could not answer; try again later. */
export class ServiceUnavailableError extends ApiError {
  readonly status = 503;
  readonly reason = 'ServiceUnavailable';
}
/**
 * The server is at its limit of requests in flight (in the spirit of API Priority and Fairness):
 * the client waits `retryAfterSeconds` and tries again, as client-go does on its own.
 */
export class TooManyRequestsError extends ApiError {
  readonly status = 429;
  readonly reason = 'TooManyRequests';
  constructor(
    message: string,
    readonly retryAfterSeconds = 1,
  ) {
    super(message, { retryAfterSeconds });
  }
}
/** The object breaks the schema or the rules (admission). */
export class InvalidError extends ApiError {
  readonly status = 422;
  readonly reason = 'Invalid';
}
