/**
 * Who a write's fields belong to: the `fieldManager` query parameter, or for writes other than an
 * apply a name derived from the User-Agent (`kubectl/v1.32.4 (linux/amd64) …` → `kubectl`), as
 * kube-apiserver derives it. kubectl names itself per command (`kubectl-client-side-apply`,
 * `kubectl-edit`, `kubectl-replace`, `kubectl` for `apply --server-side`).
 */
import { BadRequestError, InvalidError, isPrintable, quote } from '../../model/index.js';
import { queryFlag } from '../requestInfo.js';
import { FIELD_MANAGER_MAX_LENGTH, fieldManagerProblem } from '../../apiserver/fields/index.js';

/** The request's say on field management, as read from its query and headers. */
export interface FieldManagerRequest {
  fieldManager?: string;
  /** The `force` query parameter as sent (only an apply may send it). */
  force?: string;
  userAgent?: string;
}

/** Reads `fieldManager` and `force` from the query and the User-Agent header. */
export const fieldManagerRequest = (
  query: URLSearchParams,
  userAgent: string | undefined,
): FieldManagerRequest => {
  const fieldManager = query.get('fieldManager');
  const force = query.get('force');
  return {
    ...(fieldManager !== null ? { fieldManager } : {}),
    ...(force !== null ? { force } : {}),
    ...(userAgent !== undefined ? { userAgent } : {}),
  };
};

/** kube-apiserver's name from a User-Agent: what precedes the first `/`, printable, at most 128 bytes. */
export const managerFromUserAgent = (userAgent: string): string => {
  let out = '';
  for (const c of userAgent.split('/')[0]!) {
    if (!isPrintable(c)) continue;
    if (Buffer.byteLength(out + c) > FIELD_MANAGER_MAX_LENGTH) break;
    out += c;
  }
  return out;
};

/** The write's kind of request, which names its options in errors (`PatchOptions.meta.k8s.io`). */
export type WriteKind = 'create' | 'update' | 'patch' | 'apply';

const OPTIONS_KIND: Record<WriteKind, string> = {
  create: 'CreateOptions',
  update: 'UpdateOptions',
  patch: 'PatchOptions',
  apply: 'PatchOptions',
};

const invalidOptions = (kind: WriteKind, field: string, reason: string, message: string) =>
  new InvalidError(`${OPTIONS_KIND[kind]}.meta.k8s.io "" is invalid: ${field}: ${message}`, {
    group: 'meta.k8s.io',
    kind: OPTIONS_KIND[kind],
    causes: [{ reason, message, field }],
  });

/**
 * The manager of a write and whether an apply forces its conflicts. Answers as kube-apiserver does:
 * 422 for an apply without `fieldManager`, for a manager name that is too long or unprintable, and
 * for `force` on a patch that is not an apply; 400 for a `force` that is not a boolean.
 */
export const resolveManager = (
  request: FieldManagerRequest | undefined,
  kind: WriteKind,
): { manager: string; force: boolean } => {
  const named = request?.fieldManager ?? '';
  if (kind === 'apply' && named === '')
    throw invalidOptions(
      kind,
      'fieldManager',
      'FieldValueRequired',
      'Required value: is required for apply patch',
    );
  const problem = fieldManagerProblem(named);
  if (problem)
    throw invalidOptions(
      kind,
      'fieldManager',
      problem.startsWith('Too long') ? 'FieldValueTooLong' : 'FieldValueInvalid',
      problem,
    );
  const force = request?.force;
  if (force !== undefined && kind === 'patch')
    throw invalidOptions(
      kind,
      'force',
      'FieldValueForbidden',
      'Forbidden: may not be specified for non-apply patch',
    );
  if (
    force !== undefined &&
    kind === 'apply' &&
    !queryFlag(force) &&
    !['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(force)
  )
    throw new BadRequestError(`force must be true or false, found ${quote(force)}`);
  return {
    manager: named || managerFromUserAgent(request?.userAgent ?? ''),
    force: kind === 'apply' && queryFlag(force ?? null),
  };
};
