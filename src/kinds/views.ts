/**
 * Conversions between a stored kind and its views (registry `VIEWS`): the kind module names the
 * fields whose names differ (`viewFields`), as core `v1` Event ↔ `events.k8s.io/v1` Event. The store
 * holds one form; reads through a view convert each object out, creates through a view convert it in.
 */
import { BadRequestError, isView, type KindInfo, type KubeObject } from '../model/index.js';
import { kindModule } from './registry.js';

type Fields = Record<string, unknown>;

/** The (stored, view) field pairs of a view; a view without them is a registry mistake. */
const pairsOf = (info: KindInfo) => {
  const pairs = kindModule(info.kind).viewFields?.[info.apiVersion];
  if (!pairs) throw new Error(`${info.kind} has no viewFields for ${info.apiVersion}`);
  return pairs;
};

const rename = (o: Fields, apiVersion: string, pairs: ReadonlyArray<readonly [string, string]>): Fields => {
  const out: Fields = { ...o, apiVersion };
  for (const [from, to] of pairs) {
    if (!(from in out)) continue;
    out[to] = out[from];
    delete out[from];
  }
  return out;
};

/**
 * The fields lists of `info` select on (its kind module's `selectableFields`), for a view also under
 * the view's names of them (`regarding.name` for `involvedObject.name`).
 */
export const selectableFields = (info: KindInfo): Readonly<Record<string, readonly string[]>> => {
  const fields = kindModule(info.kind).selectableFields ?? {};
  if (!isView(info)) return fields;
  const renamed = new Map(pairsOf(info));
  return {
    ...fields,
    ...Object.fromEntries(
      Object.entries(fields).map(([name, path]) => {
        const [head = '', ...rest] = name.split('.');
        return [[renamed.get(head) ?? head, ...rest].join('.'), path];
      }),
    ),
  };
};

/** The object as the view `info` shows it (unchanged when `info` is the stored kind itself). */
export const toView = <T extends KubeObject>(info: KindInfo, object: T): T =>
  isView(info)
    ? (rename(object as unknown as Fields, info.apiVersion, pairsOf(info)) as unknown as T)
    : object;

/** A body written through the view `info`, in the stored kind's form. */
export const fromView = (info: KindInfo, body: unknown, storedApiVersion: string): unknown => {
  if (!isView(info) || body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  const o = body as Fields;
  if (o['apiVersion'] !== info.apiVersion)
    throw new BadRequestError(
      `the API version in the data (${String(o['apiVersion'])}) does not match the expected API version (${info.apiVersion}); send it to /apis/${info.group}/${info.version} as ${info.apiVersion}, or to the ${String(o['apiVersion'])} endpoint`,
    );
  return rename(
    o,
    storedApiVersion,
    pairsOf(info).map(([stored, view]) => [view, stored] as const),
  );
};
