/**
 * The typed errors the store throws, worded as kube-apiserver words them so that `kubectl` users
 * read what they are used to (`profilebundles.spectrocloud.com "x" already exists`).
 */
import { BadRequestError, ConflictError, GoneError, NotFoundError } from '../model/errors.js';
import { findKind } from '../model/registry.js';
import type { ObjectKey } from './store.js';

/**
 * The Kubernetes "qualified resource" of a kind: `plural.group`, or the plural alone in the core
 * group. Kinds the product does not serve (tests) get the lowercase kind plus `s`.
 */
export const qualifiedResource = (kind: string): { resource: string; group: string; qualified: string } => {
  const info = findKind(kind);
  const resource = info?.plural ?? `${kind.toLowerCase()}s`;
  const group = info?.group ?? '';
  return { resource, group, qualified: group ? `${resource}.${group}` : resource };
};

/** `StatusDetails` as Kubernetes fills them: `kind` is the resource (plural), plus group and name. */
const details = (key: ObjectKey) => {
  const { resource, group } = qualifiedResource(key.kind);
  return { kind: resource, group, name: key.name };
};

/** 409 AlreadyExists: a create found the key taken. */
export const alreadyExists = (key: ObjectKey): ConflictError =>
  new ConflictError(
    `${qualifiedResource(key.kind).qualified} "${key.name}" already exists`,
    details(key),
    'AlreadyExists',
  );

/** 409 Conflict: the caller's resourceVersion is not the stored one. */
export const staleResourceVersion = (key: ObjectKey): ConflictError =>
  new ConflictError(
    `Operation cannot be fulfilled on ${qualifiedResource(key.kind).qualified} "${key.name}": ` +
      'the object has been modified; please apply your changes to the latest version and try again',
    details(key),
    'Conflict',
  );

/** 404 NotFound. */
export const notFound = (key: ObjectKey): NotFoundError =>
  new NotFoundError(`${qualifiedResource(key.kind).qualified} "${key.name}" not found`, details(key));

/** 410 Expired: a watch or a continue token from before the kept history. */
export const expired = (what: 'watch' | 'continue', rv: number, oldestRv: number): GoneError =>
  new GoneError(
    what === 'watch'
      ? `too old resource version: ${rv} (${oldestRv})`
      : `The provided continue parameter is too old to display a consistent list result (resourceVersion ${rv}, ` +
          `oldest kept ${oldestRv}). You can start a new list without the continue parameter.`,
  );

/**
 * 410 for a watch from a resourceVersion the store has not reached (the file was replaced or
 * restored from a backup): the client must list again, as it does after Expired.
 */
export const tooNewResourceVersion = (rv: number, current: number): GoneError =>
  new GoneError(
    `resourceVersion ${rv} is newer than the store's current ${current} (was the database restored ` +
      'from a backup?); list again and watch from the resourceVersion of that list',
  );

/** 400 for a resourceVersion that is not a non-negative decimal integer. */
export const badResourceVersion = (rv: string): BadRequestError =>
  new BadRequestError(`invalid resourceVersion "${rv}": expected a non-negative integer such as "42"`);

/** Parses a resourceVersion as the store writes them (decimal integer); BadRequestError otherwise. */
export const parseRv = (rv: string): number => {
  if (!/^(0|[1-9][0-9]{0,15})$/.test(rv)) throw badResourceVersion(rv);
  const n = Number(rv);
  if (!Number.isSafeInteger(n)) throw badResourceVersion(rv);
  return n;
};
