import { ForbiddenError } from '../../model/index.js';
import type { Verb } from '../requestInfo.js';
import { TOKEN_GROUP, type Identity } from './tokens.js';

const READ: ReadonlySet<Verb> = new Set(['get', 'list', 'watch']);
/** What a namespace admin may do with apitokens (the handler keeps it to its namespace's tokens). */
const TOKEN_VERBS: ReadonlySet<Verb> = new Set(['get', 'list', 'create', 'delete']);

/** What a request does, for authorization and audit. */
export interface Access {
  verb: Verb;
  resource: string;
  /** Undefined for cluster-scoped resources and for lists across all namespaces. */
  namespace?: string;
  namespaced: boolean;
  name?: string;
  /** `status` for the status subresource. */
  subresource?: string;
  /** API group (`''` for core), for the audit record. */
  group?: string;
}

/**
 * Role rules, enforced on every verb (watch and cross-namespace lists included):
 * - viewer: read everything in its namespace except Secrets;
 * - editor: read and write everything in its namespace, Secrets included, but not status;
 * - admin: as editor, and the status subresource;
 * - cluster-admin: everything, including Namespaces and lists across namespaces.
 * API tokens (`apitokens.auth.paletteai.spectrocloud.com`, cluster-scoped) are managed by a
 * cluster-admin, and by an admin for the tokens of its namespace (tokenApi.ts narrows to those).
 * Everyone may read its own Namespace object. Refusals never say whether the object exists.
 */
export const authorize = (who: Identity, access: Access): void => {
  if (who.role === 'cluster-admin') return;
  const describe = `${access.verb} ${access.resource}${access.namespace ? ` in namespace "${access.namespace}"` : access.namespaced ? ' across all namespaces' : ''}`;
  const deny = (why: string) => {
    throw new ForbiddenError(
      `token "${who.name}" (${who.role} of namespace "${who.namespace}") cannot ${describe}: ${why}.`,
      {
        kind: access.resource,
        ...(access.name ? { name: access.name } : {}),
      },
    );
  };
  if (access.resource === 'apitokens' && (access.group ?? TOKEN_GROUP) === TOKEN_GROUP) {
    if (who.role === 'admin' && TOKEN_VERBS.has(access.verb)) return;
    deny(
      'managing API tokens needs a cluster-admin token, or an admin token for the tokens of its namespace',
    );
  }
  if (!access.namespaced) {
    if (access.resource === 'namespaces' && access.verb === 'get' && access.name === who.namespace) return;
    deny('cluster-scoped resources need a cluster-admin token');
  }
  if (access.namespace !== who.namespace) deny(`the token is limited to namespace "${who.namespace}"`);
  if (READ.has(access.verb)) {
    if (access.resource === 'secrets' && who.role === 'viewer') deny('viewers cannot read Secrets');
    return;
  }
  if (who.role === 'viewer') deny('viewers can only get, list and watch');
  // Status is what the controllers report: writing it is its own permission, an admin's.
  if (access.subresource === 'status' && who.role !== 'admin')
    deny(
      'writing status needs an admin token of the namespace (editors write spec, controllers write status)',
    );
};

/**
 * Refuses an object that claims namespaces its author does not administer (a Project claims the
 * namespace of its spec and its Model-as-a-Service mappings): only that namespace's admin, or a
 * cluster-admin, may make a Project serve it.
 */
export const authorizeClaim = (
  who: Identity,
  object: { kind: string; metadata: { name: string } },
  namespaces: string[],
): void => {
  if (who.role === 'cluster-admin') return;
  for (const ns of namespaces) {
    if (who.role === 'admin' && who.namespace === ns) continue;
    throw new ForbiddenError(
      `token "${who.name}" (${who.role} of namespace "${who.namespace}") cannot make ${object.kind} "${object.metadata.name}" serve namespace "${ns}": only an admin of "${ns}" (or a cluster-admin) may.`,
      { kind: object.kind, name: object.metadata.name },
    );
  }
};
