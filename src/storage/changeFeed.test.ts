import { describe, expect, it } from 'vitest';
import { ChangeFeed, type FeedSource } from './changeFeed.js';
import type { Change } from './watchEvents.js';
import { WatchHub } from './watchHub.js';

const change = (rv: number): Change => ({
  rv,
  type: 'ADDED',
  kind: 'K',
  namespace: 'ns',
  name: `o${rv}`,
  json: JSON.stringify({
    kind: 'K',
    metadata: { name: `o${rv}`, namespace: 'ns', resourceVersion: String(rv) },
  }),
  prevJson: null,
});

/** A database whose `events` hold `rvs` (what another process may have committed too). */
const source = (events: Change[]): FeedSource => ({
  changesAfter: (after, limit) => events.filter((c) => c.rv > after).slice(0, limit),
  history: (kind, after, through) => events.filter((c) => c.kind === kind && c.rv > after && c.rv <= through),
  oldestEventRv: () => events[0]?.rv,
});

const tick = () => new Promise((r) => setImmediate(r));

describe('ChangeFeed', () => {
  const setup = (events: Change[], start = 0) => {
    const hub = new WatchHub(() => {});
    const feed = new ChangeFeed(hub, source(events), start, (e) => {
      throw e;
    });
    return { hub, feed };
  };

  it("publishes this process's commits at once when they follow what it has seen", async () => {
    const { feed } = setup([]);
    const seen: number[] = [];
    await feed.watch('K', {}, 0, (e) => void seen.push(Number(e.object.metadata.resourceVersion)));
    await feed.local([change(1), change(2)]);
    await tick();
    expect(seen).toEqual([1, 2]);
    expect(feed.seen).toBe(2);
  });

  it('reads the database when another process committed in between, in order, without duplicates', async () => {
    const events: Change[] = [];
    const { feed } = setup(events);
    const seen: number[] = [];
    await feed.watch('K', {}, 0, (e) => void seen.push(Number(e.object.metadata.resourceVersion)));
    // Our commit is rv 3; rvs 1 and 2 came from another process and were not seen yet.
    events.push(change(1), change(2), change(3));
    await feed.local([change(3)]);
    feed.poke();
    await feed.local([change(3)]);
    await tick();
    expect(seen).toEqual([1, 2, 3]);
  });

  it('drops every watcher when changes it had not read were trimmed away', async () => {
    const events: Change[] = [];
    const { feed } = setup(events, 2);
    const reasons: string[] = [];
    await feed.watch(
      'K',
      {},
      0,
      () => undefined,
      (r) => reasons.push(r),
    );
    // rvs 3 and 4 were committed and trimmed by others before this feed read them.
    events.push(change(5), change(6));
    feed.poke();
    await feed.local([]);
    await tick();
    expect(reasons).toEqual(['dropped']);
  });

  it('refuses a watch from before the kept history or beyond the newest change', async () => {
    const { feed } = setup([change(5), change(6)], 6);
    await expect(feed.watch('K', {}, 2, () => undefined)).rejects.toMatchObject({ status: 410 });
    await expect(feed.watch('K', {}, 9, () => undefined)).rejects.toMatchObject({ status: 410 });
    const seen: number[] = [];
    await feed.watch('K', {}, 4, (e) => void seen.push(Number(e.object.metadata.resourceVersion)));
    await tick();
    expect(seen).toEqual([5, 6]);
  });
});
