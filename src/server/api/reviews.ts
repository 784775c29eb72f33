/**
 * `SelfSubjectAccessReview` (`kubectl auth can-i`) and `SelfSubjectReview` (`kubectl auth whoami`):
 * the caller asks what its own token may do, and who it is. Nothing is stored; the answer is the
 * same role check every request goes through.
 */
import { BadRequestError, ForbiddenError, KINDS } from '../../model/index.js';
import { authorize, type Access } from '../auth/authorize.js';
import type { Identity } from '../auth/tokens.js';
import type { Verb } from '../requestInfo.js';
import { SELF_SUBJECT_ACCESS_REVIEW_SCHEMA, SELF_SUBJECT_REVIEW_SCHEMA } from './reviewSchemas.js';

/**
 * The review resources, served for discovery next to the kinds (create only, cluster-scoped), with
 * their versions, preferred first: kubectl 1.27 asks for `SelfSubjectReview` in `v1beta1` (GA in 1.28).
 */
export const REVIEW_RESOURCES = [
  {
    group: 'authorization.k8s.io',
    versions: ['v1'],
    resource: 'selfsubjectaccessreviews',
    singular: 'selfsubjectaccessreview',
    kind: 'SelfSubjectAccessReview',
    schema: SELF_SUBJECT_ACCESS_REVIEW_SCHEMA,
  },
  {
    group: 'authentication.k8s.io',
    versions: ['v1', 'v1beta1'],
    resource: 'selfsubjectreviews',
    singular: 'selfsubjectreview',
    kind: 'SelfSubjectReview',
    schema: SELF_SUBJECT_REVIEW_SCHEMA,
  },
] as const;

const VERBS: ReadonlySet<string> = new Set([
  'get',
  'list',
  'watch',
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
]);

interface ResourceAttributes {
  namespace?: string;
  verb?: string;
  group?: string;
  resource?: string;
  subresource?: string;
  name?: string;
}

/** Answers a SelfSubjectAccessReview body for `who`. */
export const accessReview = (who: Identity, body: unknown) => {
  const spec = (
    body as { spec?: { resourceAttributes?: ResourceAttributes; nonResourceAttributes?: unknown } }
  )?.spec;
  const attrs = spec?.resourceAttributes;
  const base = { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', metadata: {} };
  if (!attrs) {
    if (spec?.nonResourceAttributes)
      // Discovery, /version and the health checks: any token may read them; nothing else is served.
      return {
        ...base,
        spec,
        status: { allowed: true, reason: 'non-resource paths are readable by every token' },
      };
    throw new BadRequestError(
      'spec.resourceAttributes is required (verb, resource, and namespace for namespaced resources)',
    );
  }
  const verb = attrs.verb ?? '';
  if (verb !== '*' && !VERBS.has(verb))
    throw new BadRequestError(
      `spec.resourceAttributes.verb must be one of ${[...VERBS].join(', ')}, found ${JSON.stringify(verb)}`,
    );
  const resource = attrs.resource ?? '';
  const known = KINDS.find(
    (k) => k.plural === resource && (attrs.group === undefined || k.group === attrs.group),
  );
  const namespaced = known ? known.namespaced : Boolean(attrs.namespace);
  const verbs = verb === '*' ? [...VERBS] : [verb];
  let reason = '';
  const allowed = verbs.every((v) => {
    const access: Access = {
      verb: v as Verb,
      resource,
      namespaced,
      ...(attrs.namespace ? { namespace: attrs.namespace } : {}),
      ...(attrs.name ? { name: attrs.name } : {}),
      ...(attrs.subresource ? { subresource: attrs.subresource } : {}),
    };
    try {
      authorize(who, access);
      return true;
    } catch (e) {
      if (!(e instanceof ForbiddenError)) throw e;
      reason = e.message;
      return false;
    }
  });
  return {
    ...base,
    spec: { resourceAttributes: attrs },
    status: { allowed, ...(allowed ? {} : { denied: true, reason }) },
  };
};

/**
 * Answers a SelfSubjectReview in `version` (the one asked for): the token's user, its role as a
 * group, and the namespace it is for.
 */
export const selfReview = (who: Identity, version = 'v1') => ({
  apiVersion: `authentication.k8s.io/${version}`,
  kind: 'SelfSubjectReview',
  metadata: { creationTimestamp: null },
  status: {
    userInfo: {
      username: who.name,
      groups: [`paletteai:${who.role}`, 'system:authenticated'],
      extra: { 'paletteai.io/namespace': [who.namespace] },
    },
  },
});
