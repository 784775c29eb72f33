/**
 * Conversions between a stored kind and its views (registry `VIEWS`): core `v1` Event ↔
 * `events.k8s.io/v1` Event, field for field as kube-apiserver converts them. The store holds one
 * form; reads through a view convert each object out, creates through a view convert it in.
 */
import { BadRequestError, isView, type KindInfo, type KubeObject } from '../model/index.js';

type Fields = Record<string, unknown>;

/** core field ↔ events.k8s.io/v1 field (the rest keep their names). */
const EVENT_RENAMES: ReadonlyArray<readonly [core: string, v1: string]> = [
  ['involvedObject', 'regarding'],
  ['message', 'note'],
  ['reportingComponent', 'reportingController'],
  ['source', 'deprecatedSource'],
  ['firstTimestamp', 'deprecatedFirstTimestamp'],
  ['lastTimestamp', 'deprecatedLastTimestamp'],
  ['count', 'deprecatedCount'],
];

const rename = (o: Fields, apiVersion: string, pairs: ReadonlyArray<readonly [string, string]>): Fields => {
  const out: Fields = { ...o, apiVersion };
  for (const [from, to] of pairs) {
    if (!(from in out)) continue;
    out[to] = out[from];
    delete out[from];
  }
  return out;
};

/** The object as the view `info` shows it (unchanged when `info` is the stored kind itself). */
export const toView = <T extends KubeObject>(info: KindInfo, object: T): T =>
  isView(info)
    ? (rename(object as unknown as Fields, info.apiVersion, EVENT_RENAMES) as unknown as T)
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
    EVENT_RENAMES.map(([core, v1]) => [v1, core] as const),
  );
};
