/**
 * List continue tokens: base64url of `{"v":1,"rv":<list rv>,"ns":<last namespace>,"n":<last name>}`.
 * The next page starts strictly after `(ns, n)` in list order, so pages never repeat or skip an
 * object that stays put; `rv` is the first page's resourceVersion, returned again by later pages
 * and checked against the kept history (older: 410 Expired, as Kubernetes does).
 * @see https://kubernetes.io/docs/reference/using-api/api-concepts/#retrieving-large-results-sets-in-chunks
 */
import { BadRequestError } from '../model/errors.js';

/** Where a list stopped. */
export interface ContinuePoint {
  /** resourceVersion of the first page. */
  rv: number;
  namespace: string;
  name: string;
}

const TOKEN_VERSION = 1;

/** Encodes a continue point as an opaque URL-safe token. */
export const encodeContinue = (p: ContinuePoint): string =>
  Buffer.from(JSON.stringify({ v: TOKEN_VERSION, rv: p.rv, ns: p.namespace, n: p.name })).toString(
    'base64url',
  );

const malformed = (why: string): BadRequestError =>
  new BadRequestError(
    `invalid continue token: ${why}; pass the continue value of the previous page unchanged, ` +
      'or list again without continue',
  );

/** Decodes a token made by {@link encodeContinue}; BadRequestError for anything else. */
export const decodeContinue = (token: string): ContinuePoint => {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) throw malformed('not base64url');
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw malformed('not JSON');
  }
  if (typeof value !== 'object' || value === null) throw malformed('not an object');
  const { v, rv, ns, n } = value as Record<string, unknown>;
  if (v !== TOKEN_VERSION) throw malformed(`unknown version ${JSON.stringify(v)}`);
  if (typeof rv !== 'number' || !Number.isSafeInteger(rv) || rv < 0) throw malformed('bad resourceVersion');
  if (typeof ns !== 'string' || typeof n !== 'string' || n === '') throw malformed('bad position');
  return { rv, namespace: ns, name: n };
};
