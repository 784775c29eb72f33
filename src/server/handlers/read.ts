import type { IncomingMessage, ServerResponse } from 'node:http';
import { json, type Reply } from '../http/reply.js';
import { BadRequestError, isView, type KindInfo, quote } from '../../model/index.js';
import { selectableFields, toView } from '../../kinds/index.js';
import type { ListOptions, ListResult, Selection, StoredObject } from '../../storage/store.js';
import { acceptsTable, tableContentType, type TableVersion } from '../api/accept.js';
import { toTable } from '../api/table.js';
import type { ServerContext } from '../context.js';
import { queryFlag, type ResourceRequest } from '../requestInfo.js';
import {
  matchesFields,
  parseFieldSelector,
  parseLabelSelector,
  type FieldRequirement,
} from '../selectors.js';
import { mustGet } from './objects.js';

/**
 * Per-watch output buffer cap: a client that stops reading gets a 410 ERROR event and is
 * disconnected (it lists and watches again, as after any 410), never buffered forever.
 */
const MAX_WATCH_BUFFER = 4 * 1024 * 1024;

/** The last event a watcher that fell behind receives (kube-apiserver sends 410 Expired too). */
/** A watch event's line: `{"type":…,"object":…}` and a newline. */
const eventLine = (type: string, objectJson: string): string => `{"type":"${type}","object":${objectJson}}\n`;

/**
 * Lines already built, per shared event object (the store hands every watcher of a change the same
 * frozen object): 1,000 watchers of a change write one string rather than build 1,000.
 */
const lines = new WeakMap<object, Map<string, string>>();
const sharedLine = (type: string, object: StoredObject, json: string | undefined): string => {
  let byType = lines.get(object);
  if (!byType) lines.set(object, (byType = new Map()));
  let line = byType.get(type);
  if (line === undefined) byType.set(type, (line = eventLine(type, json ?? JSON.stringify(object))));
  return line;
};

const FELL_BEHIND = `${JSON.stringify({
  type: 'ERROR',
  object: {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'the watch fell behind (the client did not read fast enough); list and watch again',
    reason: 'Expired',
    code: 410,
  },
})}\n`;
const MAX_WATCH_SECONDS = 3600;

/**
 * What a list or watch selects: `sel` the store selects on (namespace, labels, metadata fields);
 * `fields` the object fields the kind serves, matched on each object the store returns.
 */
const selection = (
  info: KindInfo,
  rr: ResourceRequest,
  query: URLSearchParams,
): { sel: Selection; fields: readonly FieldRequirement[] } => {
  const { fields = [], ...meta } = parseFieldSelector(
    query.get('fieldSelector') ?? '',
    selectableFields(info),
  );
  if (rr.namespace && meta.namespace && meta.namespace !== rr.namespace)
    return { sel: { namespace: rr.namespace, name: '\u0000none' }, fields };
  const namespace = rr.namespace ?? meta.namespace;
  const labels = query.get('labelSelector');
  // The field selector's own keys are only those it names (no undefined values).
  const sel = {
    ...meta,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(labels ? { labels: parseLabelSelector(labels) } : {}),
  };
  return { sel, fields };
};

const includeObject = (query: URLSearchParams) => {
  const v = query.get('includeObject');
  if (v === null || v === 'Metadata') return 'Metadata';
  if (v === 'None' || v === 'Object') return v;
  throw new BadRequestError(`includeObject must be None, Metadata or Object, found ${quote(v)}`);
};

/**
 * The parameters every read shares, checked as kube-apiserver checks them (400, naming the
 * parameter): `resourceVersion` a whole number, `includeObject` one of its three values,
 * `timeoutSeconds` a whole number (returned; 0 when absent).
 */
const readParams = (query: URLSearchParams): number => {
  const rv = query.get('resourceVersion');
  if (rv !== null && rv !== '' && !/^\d+$/.test(rv))
    throw new BadRequestError(
      `resourceVersion must be a resourceVersion this server gave (a whole number), found ${JSON.stringify(rv.slice(0, 64))}`,
    );
  includeObject(query);
  return timeoutSeconds(query);
};

const reply = (
  req: IncomingMessage,
  info: KindInfo,
  query: URLSearchParams,
  objects: StoredObject[],
  listMeta: Record<string, unknown>,
  single?: StoredObject,
): Reply => {
  const table = acceptsTable(req.headers.accept);
  if (table)
    return json(
      200,
      toTable(info.kind, objects, { includeObject: includeObject(query), listMeta, version: table }),
      tableContentType(table),
    );
  if (single) return json(200, toView(info, single));
  return json(200, {
    apiVersion: info.apiVersion,
    kind: `${info.kind}List`,
    metadata: listMeta,
    items: isView(info) ? objects.map((o) => toView(info, o)) : objects,
  });
};

export const get = async (
  ctx: ServerContext,
  req: IncomingMessage,
  info: KindInfo,
  rr: ResourceRequest,
  query: URLSearchParams,
): Promise<Reply> => {
  readParams(query);
  const object = await mustGet(ctx, info, rr);
  return reply(req, info, query, [object], { resourceVersion: object.metadata.resourceVersion }, object);
};

export const list = async (
  ctx: ServerContext,
  req: IncomingMessage,
  info: KindInfo,
  rr: ResourceRequest,
  query: URLSearchParams,
): Promise<Reply> => {
  readParams(query); // timeoutSeconds checked too, though a list ends when it is read
  const limit = Number(query.get('limit') ?? 0);
  if (!Number.isInteger(limit) || limit < 0)
    throw new BadRequestError(`limit must be a whole number ≥ 0, found ${query.get('limit')}`);
  const cont = query.get('continue');
  const { sel, fields } = selection(info, rr, query);
  const options: ListOptions = {
    ...sel,
    ...(limit ? { limit } : {}),
    ...(cont ? { continue: cont } : {}),
  };
  const metaOf = (r: Omit<ListResult, 'items'>) => ({
    resourceVersion: r.resourceVersion,
    ...(r.continue ? { continue: r.continue } : {}),
    ...(r.remainingItemCount !== undefined ? { remainingItemCount: r.remainingItemCount } : {}),
  });
  if (fields.length) {
    // A page holds what matches of the store's page (kube-apiserver's pages may be short too); how
    // many remain is not known.
    const r = await ctx.store.list(info.kind, options);
    const items = r.items.filter((o) => matchesFields(o, fields));
    return reply(req, info, query, items, metaOf({ ...r, remainingItemCount: undefined }));
  }
  if (!acceptsTable(req.headers.accept) && !isView(info)) {
    // A plain JSON list: the items as the store holds them, never parsed and serialized again.
    const r = await ctx.store.listText(info.kind, options);
    const head = `{"apiVersion":${JSON.stringify(info.apiVersion)},"kind":"${info.kind}List","metadata":${JSON.stringify(metaOf(r))},"items":[`;
    return { type: 'jsonText', code: 200, body: `${head}${r.items.join(',')}]}` };
  }
  const r = await ctx.store.list(info.kind, options);
  return reply(req, info, query, r.items, metaOf(r));
};

/**
 * Streams watch events as JSON lines (`{"type":"ADDED","object":…}`), as Table rows when asked.
 * Without a resourceVersion it first sends the current objects as ADDED events, then the changes.
 */
export const watch = async (
  ctx: ServerContext,
  req: IncomingMessage,
  info: KindInfo,
  rr: ResourceRequest,
  query: URLSearchParams,
): Promise<Reply> => {
  const seconds = Math.min(readParams(query) || MAX_WATCH_SECONDS, MAX_WATCH_SECONDS);
  const initialEvents = queryFlag(query.get('sendInitialEvents'));
  // The streaming-list contract (KEP-3157), checked as kube-apiserver checks it.
  if (initialEvents && query.get('resourceVersionMatch') !== 'NotOlderThan')
    throw new BadRequestError('sendInitialEvents=true needs resourceVersionMatch=NotOlderThan');
  if (initialEvents && !queryFlag(query.get('allowWatchBookmarks')))
    throw new BadRequestError('sendInitialEvents=true needs allowWatchBookmarks=true');
  return {
    type: 'stream',
    start: (res) => stream(ctx, req, res, info, rr, query, seconds, initialEvents),
  };
};

const stream = async (
  ctx: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
  info: KindInfo,
  rr: ResourceRequest,
  query: URLSearchParams,
  seconds: number,
  initialEvents: boolean,
): Promise<void> => {
  const { sel, fields } = selection(info, rr, query);
  const table: TableVersion | undefined = acceptsTable(req.headers.accept);
  /** Events of a view are converted per watcher (the shared text is the stored form). */
  const view = isView(info);
  let fromRv = query.get('resourceVersion') ?? undefined;
  const initial: StoredObject[] = [];
  // sendInitialEvents: the state now (not older than the resourceVersion asked for), then changes.
  if (initialEvents || !fromRv || fromRv === '0') {
    const r = await ctx.store.list(info.kind, sel);
    initial.push(...(fields.length ? r.items.filter((o) => matchesFields(o, fields)) : r.items));
    fromRv = r.resourceVersion;
  }
  const contentType = table ? tableContentType(table) : 'application/json';
  let closed = false;
  let open = false;
  /** The resourceVersion this watch has delivered up to: what a bookmark may promise. */
  let reached = fromRv;
  const early: [string, StoredObject, string | undefined][] = [];
  /** `json`: the object's text, shared by every watcher of the change (serialized once). */
  const send = (type: string, object: StoredObject, json?: string) => {
    if (closed) return;
    if (!open) {
      early.push([type, object, json]); // replayed history may arrive before the response head is out
      return;
    }
    // Initial objects are older than the list's resourceVersion: only changes move it on.
    if (Number(object.metadata.resourceVersion) > Number(reached)) reached = object.metadata.resourceVersion;
    if (table) {
      const payload = toTable(info.kind, [object], {
        includeObject: includeObject(query),
        listMeta: {},
        version: table,
      });
      res.write(`${JSON.stringify({ type, object: payload })}\n`);
    } else {
      // One write (one chunk, one TLS record) of a line built once for every watcher of the change.
      res.write(
        view ? eventLine(type, JSON.stringify(toView(info, object))) : sharedLine(type, object, json),
      );
    }
    // A client that does not keep up is dropped, as kube-apiserver does; it lists and watches again.
    if (res.writableLength > MAX_WATCH_BUFFER) {
      res.write(FELL_BEHIND);
      finish();
    }
  };
  // Subscribe before writing the head so a GoneError still becomes a proper 410 Status.
  const w = await ctx.store.watch(info.kind, sel, fromRv, (e) => {
    if (fields.length === 0 || matchesFields(e.object, fields)) send(e.type, e.object, e.json);
  });
  res.writeHead(200, {
    'content-type': contentType,
    'cache-control': 'no-cache, private',
    'transfer-encoding': 'chunked',
  });
  const timer = setTimeout(() => finish(), seconds * 1000);
  const bookmarks = queryFlag(query.get('allowWatchBookmarks'))
    ? setInterval(() => bookmark(false), ctx.watchBookmarkMs ?? 60_000)
    : undefined;
  const finish = () => {
    if (closed) return;
    closed = true;
    clearTimeout(timer);
    clearInterval(bookmarks);
    w.stop();
    res.end();
  };
  req.on('close', finish);
  res.on('close', finish);
  open = true;
  for (const o of initial) send('ADDED', o);
  /**
   * A BOOKMARK: an object of the kind holding only the resourceVersion reached (events up to it are
   * written before it). The end of the initial events is one, at the list's resourceVersion.
   */
  const bookmark = (initialEnd: boolean) => {
    if (closed) return;
    const metadata = {
      resourceVersion: reached,
      ...(initialEnd ? { annotations: { 'k8s.io/initial-events-end': 'true' } } : {}),
    };
    const object = { apiVersion: info.apiVersion, kind: info.kind, metadata };
    res.write(`${JSON.stringify({ type: 'BOOKMARK', object })}\n`);
  };
  if (initialEvents) bookmark(true);
  for (const [type, o, json] of early.splice(0)) send(type, o, json);
  // Headers go out now so clients see the stream open even before the first change.
  res.flushHeaders();
};

/** `timeoutSeconds`, a whole number ≥ 0 (0 or absent: the server's maximum); anything else is 400. */
const timeoutSeconds = (query: URLSearchParams): number => {
  const raw = query.get('timeoutSeconds');
  if (raw === null) return 0;
  if (!/^\d+$/.test(raw))
    throw new BadRequestError(
      `timeoutSeconds must be a whole number of seconds ≥ 0, found ${JSON.stringify(raw)}`,
    );
  return Number(raw);
};
