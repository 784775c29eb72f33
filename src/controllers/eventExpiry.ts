/**
 * Events expire, as kube-apiserver's do (`--event-ttl`, one hour by default): an Event nobody has
 * updated for the TTL is deleted, through the write pipeline like every controller write. Without
 * it every step of every object stayed in the store for good (one Event per object, reason and
 * message; a churn of deployments added them without end).
 */
import { ConflictError, NotFoundError } from '../model/index.js';
import type { ObjectKey, StoredObject } from '../storage/store.js';
import type { ControllerContext } from './context.js';

/** kube-apiserver's default `--event-ttl`. */
export const DEFAULT_EVENT_TTL_MS = 60 * 60 * 1000;

/** Events read per page while looking for expired ones. */
const PAGE = 500;

/** The fields of a core v1 Event that say when it last happened (the newest one present counts). */
interface EventTimes {
  lastTimestamp?: string | null;
  eventTime?: string | null;
  firstTimestamp?: string | null;
}

/**
 * When an Event last happened: the newest of its times (client libraries write `eventTime`, our
 * controllers `lastTimestamp`), or its creation. NaN when none parses.
 */
export const lastHappened = (event: StoredObject): number => {
  const e = event as unknown as EventTimes;
  const times = [e.lastTimestamp, e.eventTime, e.firstTimestamp, event.metadata.creationTimestamp]
    .filter((t): t is string => typeof t === 'string' && t !== '')
    .map((t) => Date.parse(t))
    .filter((t) => !Number.isNaN(t));
  return times.length ? Math.max(...times) : Number.NaN;
};

/**
 * Deletes every Event that last happened more than `ttlMs` before `ctx.now()`; returns how many.
 * An Event updated meanwhile (a repeat counted up) is kept: the delete names the resourceVersion
 * it read.
 */
export const expireEvents = async (ctx: ControllerContext, ttlMs: number): Promise<number> => {
  const before = ctx.now().getTime() - ttlMs;
  // Only their keys are kept while paging: a server stopped for long may have many to delete.
  const expired: { key: ObjectKey; resourceVersion?: string }[] = [];
  let next: string | undefined;
  do {
    const page = await ctx.store.list('Event', { limit: PAGE, ...(next ? { continue: next } : {}) });
    for (const e of page.items)
      if (lastHappened(e) < before)
        expired.push({
          key: { kind: 'Event', namespace: e.metadata.namespace ?? '', name: e.metadata.name },
          resourceVersion: e.metadata.resourceVersion,
        });
    next = page.continue;
  } while (next);
  let deleted = 0;
  for (const { key, resourceVersion } of expired) {
    try {
      await ctx.pipeline.delete(key, { preconditions: { resourceVersion } });
      deleted++;
    } catch (error) {
      // gone already, or happened again since it was read: either way nothing to do now
      if (!(error instanceof NotFoundError) && !(error instanceof ConflictError)) throw error;
    }
  }
  return deleted;
};

/**
 * Looks for expired Events now (a server that was stopped for a while has some) and then every
 * `everyMs` (a twelfth of the TTL, at most every five minutes, so an Event outlives its TTL by that
 * at most) until stopped. A TTL of 0 keeps Events for good.
 */
export const startEventExpiry = (
  ctx: ControllerContext,
  ttlMs: number,
  everyMs = Math.min(Math.max(ttlMs / 12, 1_000), 5 * 60 * 1000),
): EventExpiry => {
  if (ttlMs <= 0) return { idle: async () => undefined, stop: async () => undefined };
  let running: Promise<unknown> = Promise.resolve();
  const sweep = () => {
    running = running
      .then(() => expireEvents(ctx, ttlMs))
      .catch((e: unknown) => ctx.log(`event expiry: ${e instanceof Error ? e.message : String(e)}`));
  };
  sweep();
  const timer = setInterval(sweep, everyMs);
  timer.unref(); // an idle server's timer does not keep the process alive
  return {
    idle: async () => void (await running),
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
};

/** A running {@link startEventExpiry}. */
export interface EventExpiry {
  /** Resolves once the sweep under way, if any, is done. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}
