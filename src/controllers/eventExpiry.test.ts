import { afterEach, describe, expect, it } from 'vitest';
import { ensureNamespaces, WritePipeline } from '../apiserver/index.js';
import { referencesOf } from '../kinds/index.js';
import type { KubeObject } from '../model/index.js';
import { SqliteStore } from '../storage/sqliteStore.js';
import type { Store } from '../storage/store.js';
import { tempDbPath } from '../storage/testFixtures.js';
import { startControllers } from './controllers.js';
import type { ControllerContext } from './context.js';
import { expireEvents, lastHappened } from './eventExpiry.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

const HOUR = 3_600_000;
// The sweeps' clock, two hours after the Events are written: the write pipeline stamps their
// creationTimestamp with the real clock, and an Event counts as happening when it was written too.
// (A fixed date here passed until the real clock came within the TTL of it, then failed.)
const NOW = new Date(Math.floor(Date.now() / 1000) * 1000 + 2 * HOUR);
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString().replace(/\.\d+Z$/, 'Z');

const event = (name: string, times: Record<string, unknown>): KubeObject =>
  ({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: 'team-a' },
    involvedObject: { kind: 'ProfileBundle', name: 'b', namespace: 'team-a' },
    reason: 'Planned',
    message: name,
    type: 'Normal',
    ...times,
  }) as unknown as KubeObject;

const open = async () => {
  const store = SqliteStore.open(tempDbPath(), { referencesOf });
  const pipeline = new WritePipeline(store);
  await ensureNamespaces(pipeline, ['team-a']);
  closers.push(() => store.close());
  return { store, pipeline };
};

const names = async (store: Store) =>
  (await store.list('Event', { namespace: 'team-a' })).items.map((e) => e.metadata.name).sort();

describe('Event expiry (kube-apiserver --event-ttl)', () => {
  it('deletes the Events that last happened longer ago than the TTL, by whichever time they carry', async () => {
    const { store, pipeline } = await open();
    for (const e of [
      event('old-last', { firstTimestamp: ago(3 * HOUR), lastTimestamp: ago(2 * HOUR) }),
      // first seen long ago but repeated since: kept
      event('repeated', { firstTimestamp: ago(3 * HOUR), lastTimestamp: ago(10 * 60_000) }),
      // written by kubectl / client libraries: eventTime, and a series for repeats
      event('old-event-time', { eventTime: ago(3 * HOUR).replace(/Z$/, '.000000Z') }),
      event('recent-event-time', { eventTime: ago(30 * 60_000).replace(/Z$/, '.000000Z') }),
    ])
      await pipeline.create(e);
    const ctx = { store, pipeline, now: () => NOW, log: () => {} } as unknown as ControllerContext;
    expect(await expireEvents(ctx, HOUR)).toBe(2);
    expect(await names(store)).toEqual(['recent-event-time', 'repeated']);
    // Nothing left to expire: a second sweep deletes nothing.
    expect(await expireEvents(ctx, HOUR)).toBe(0);
  });

  it('keeps an Event that happened again after the sweep read it', async () => {
    const { store, pipeline } = await open();
    await pipeline.create(event('busy', { lastTimestamp: ago(2 * HOUR) }));
    const stale = await store.list('Event', {});
    // counted up between the sweep's read and its delete
    await pipeline.replace({ kind: 'Event', namespace: 'team-a', name: 'busy' }, (cur) => ({
      ...cur,
      lastTimestamp: ago(0),
    }));
    const reads = { ...store, list: async () => stale } as unknown as Store;
    const ctx = { store: reads, pipeline, now: () => NOW, log: () => {} } as unknown as ControllerContext;
    expect(await expireEvents(ctx, HOUR)).toBe(0);
    expect(await names(store)).toEqual(['busy']);
  });

  it('runs with the controllers of the leading server; a TTL of 0 keeps Events for good', async () => {
    for (const [ttl, left] of [
      [HOUR, ['recent']],
      [0, ['old', 'recent']],
    ] as const) {
      const { store, pipeline } = await open();
      await pipeline.create(event('old', { lastTimestamp: ago(2 * HOUR) }));
      await pipeline.create(event('recent', { lastTimestamp: ago(60_000) }));
      const controllers = await startControllers(store, pipeline, () => {}, {
        retryMs: 50,
        now: () => NOW,
        eventTtlMs: ttl,
      });
      closers.push(() => controllers.stop());
      await controllers.idle(); // the sweep a leader makes as it starts is done
      expect(await names(store)).toEqual(left);
    }
  });

  it('reads when an Event last happened from the newest of its times', () => {
    const at = (times: Record<string, unknown>) =>
      lastHappened({
        ...event('e', times),
        metadata: { name: 'e', creationTimestamp: ago(5 * HOUR) },
      } as never);
    expect(at({ lastTimestamp: ago(HOUR), firstTimestamp: ago(2 * HOUR) })).toBe(NOW.getTime() - HOUR);
    expect(at({ lastTimestamp: null, eventTime: null })).toBe(NOW.getTime() - 5 * HOUR);
  });
});
