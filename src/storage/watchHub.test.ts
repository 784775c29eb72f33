import { describe, expect, it } from 'vitest';
import type { Selection, WatchEvent } from './store.js';
import { toWatchEvent, type Change } from './watchEvents.js';
import { REPLAY_PAGE, WatchHub, type ReplaySource } from './watchHub.js';

const object = (rv: number, labels: Record<string, string>) =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'K',
    metadata: { name: 'a', namespace: 'ns', resourceVersion: String(rv), labels },
  });

const change = (
  rv: number,
  type: Change['type'],
  labels: Record<string, string>,
  prev?: Record<string, string>,
): Change => ({
  rv,
  type,
  kind: 'K',
  namespace: 'ns',
  name: 'a',
  json: object(rv, labels),
  prevJson: prev ? object(rv, prev) : null,
});

const gpu: Selection = { labels: [{ key: 'accel', op: '=', value: 'gpu' }] };
const seen = (c: Change, s: Selection = gpu) => {
  const e = toWatchEvent(c, s);
  return e && `${e.type} ${JSON.stringify(e.object.metadata.labels)}`;
};

describe('toWatchEvent', () => {
  it('passes every change through to a watch without a label selector', () => {
    expect(seen(change(1, 'MODIFIED', { accel: 'cpu' }, { accel: 'gpu' }), {})).toBe(
      'MODIFIED {"accel":"cpu"}',
    );
  });

  it('drops changes outside the namespace or name', () => {
    expect(toWatchEvent(change(1, 'ADDED', {}), { namespace: 'other' })).toBeUndefined();
    expect(toWatchEvent(change(1, 'ADDED', {}), { name: 'b' })).toBeUndefined();
  });

  it('sends MODIFIED when the object matches before and after', () => {
    expect(seen(change(2, 'MODIFIED', { accel: 'gpu' }))).toBe('MODIFIED {"accel":"gpu"}');
    expect(seen(change(2, 'MODIFIED', { accel: 'gpu', x: '1' }, { accel: 'gpu' }))).toBe(
      'MODIFIED {"accel":"gpu","x":"1"}',
    );
  });

  it('sends ADDED when a label change brings the object in', () => {
    expect(seen(change(2, 'MODIFIED', { accel: 'gpu' }, { accel: 'cpu' }))).toBe('ADDED {"accel":"gpu"}');
  });

  it('sends DELETED of the previous state when a label change takes the object out', () => {
    expect(seen(change(2, 'MODIFIED', { accel: 'cpu' }, { accel: 'gpu' }))).toBe('DELETED {"accel":"gpu"}');
  });

  it('sends nothing when the object matches neither before nor after', () => {
    expect(seen(change(2, 'MODIFIED', { accel: 'tpu' }, { accel: 'cpu' }))).toBeUndefined();
    expect(seen(change(2, 'ADDED', { accel: 'cpu' }))).toBeUndefined();
    expect(seen(change(2, 'DELETED', { accel: 'cpu' }))).toBeUndefined();
  });

  it('hands out frozen objects, shared by every watcher of a change', () => {
    const c = change(1, 'ADDED', { accel: 'gpu' });
    const a = toWatchEvent(c, {})!;
    expect(Object.isFrozen(a.object.metadata.labels)).toBe(true);
    expect(toWatchEvent(c, gpu)!.object).toBe(a.object);
  });
});

describe('WatchHub', () => {
  const collect = (hub: WatchHub, afterRv = 0) => {
    const events: WatchEvent[] = [];
    const watcher = hub.add('K', {}, afterRv, (e) => {
      events.push(e);
    });
    return { events, watcher, rvs: () => events.map((e) => e.object.metadata.resourceVersion) };
  };
  const tick = () => new Promise((r) => setImmediate(r));

  it('delivers on a microtask, never inside publish', async () => {
    const hub = new WatchHub(() => {});
    const w = collect(hub);
    hub.publish([change(1, 'ADDED', {})]);
    expect(w.events).toEqual([]);
    await tick();
    expect(w.rvs()).toEqual(['1']);
  });

  it('skips what it already queued, by resourceVersion', async () => {
    const hub = new WatchHub(() => {});
    const w = collect(hub, 1);
    w.watcher.offer(change(2, 'ADDED', {}));
    hub.publish([change(1, 'ADDED', {}), change(2, 'MODIFIED', {}), change(3, 'MODIFIED', {})]);
    await tick();
    expect(w.rvs()).toEqual(['2', '3']);
  });

  it('drops what is queued when stopped before delivery', async () => {
    const hub = new WatchHub(() => {});
    const w = collect(hub);
    hub.publish([change(1, 'ADDED', {})]);
    w.watcher.stop();
    await tick();
    expect(w.events).toEqual([]);
    expect(hub.size).toBe(0);
  });

  it('ignores other kinds', async () => {
    const hub = new WatchHub(() => {});
    const w = collect(hub);
    hub.publish([{ ...change(1, 'ADDED', {}), kind: 'Other' }]);
    await tick();
    expect(w.events).toEqual([]);
  });

  it('drops a watcher over its byte budget, calling onClose once', async () => {
    const hub = new WatchHub(() => {}, { events: 1_000, bytes: 300 });
    const reasons: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const events: WatchEvent[] = [];
    hub.add(
      'K',
      {},
      0,
      (e) => {
        events.push(e);
        return held;
      },
      (r) => reasons.push(r),
    );
    hub.publish([change(1, 'ADDED', {})]);
    await tick(); // the first is delivered and held: the next ones wait in the queue
    hub.publish([change(2, 'MODIFIED', {}), change(3, 'MODIFIED', {})]);
    expect(reasons).toEqual([]);
    hub.publish([change(4, 'MODIFIED', {}), change(5, 'MODIFIED', {})]);
    expect(reasons).toEqual(['dropped']);
    expect(hub.size).toBe(0);
    release();
    await tick();
    expect(events.map((e) => e.json)).toEqual([change(1, 'ADDED', {}).json]);
  });

  it('waits for a consumer that returns a promise before the next event', async () => {
    const hub = new WatchHub(() => {});
    const seen: string[] = [];
    let release!: () => void;
    hub.add('K', {}, 0, (e) => {
      seen.push(e.object.metadata.resourceVersion);
      if (seen.length === 1) return new Promise<void>((r) => (release = r));
      return undefined;
    });
    hub.publish([change(1, 'ADDED', {}), change(2, 'MODIFIED', {})]);
    await tick();
    expect(seen).toEqual(['1']);
    release();
    await tick();
    expect(seen).toEqual(['1', '2']);
  });

  describe('replaying history', () => {
    /** A history of `count` changes of kind K (rv 1…count), counting the reads of it. */
    const history = (count: number) => {
      const all = Array.from({ length: count }, (_, i) => change(i + 1, 'MODIFIED', {}));
      const reads: number[] = [];
      let oldest = 1;
      const source: ReplaySource = {
        history: (after, through, limit) => {
          const page = all.filter((c) => c.rv > after && c.rv <= through && c.rv >= oldest).slice(0, limit);
          reads.push(page.length);
          return page;
        },
        oldestEventRv: () => oldest,
      };
      return { source, reads, trim: (rv: number) => (oldest = rv + 1) };
    };

    it('reads it a page at a time, then delivers the live changes that came meanwhile, in order', async () => {
      const hub = new WatchHub(() => {}, { events: 10, bytes: 1 << 20 });
      const h = history(1_202); // the two live ones are committed too
      const w = collect(hub, 1_200);
      w.watcher.readsHistory(h.source).replay(0, 1_200);
      hub.publish([change(1_201, 'MODIFIED', {}), change(1_202, 'MODIFIED', {})]);
      for (let i = 0; i < 50 && w.events.length < 1_202; i++) await tick();
      expect(w.rvs()).toEqual(Array.from({ length: 1_202 }, (_, i) => String(i + 1)));
      // pages, not one read of everything: a watch resumed after a big import holds one page
      expect(h.reads.slice(0, 2)).toEqual([REPLAY_PAGE, REPLAY_PAGE]);
      expect(Math.max(...h.reads)).toBe(REPLAY_PAGE);
    });

    it('reads the next page only when the consumer has taken the last one', async () => {
      const hub = new WatchHub(() => {});
      const h = history(1_200);
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      const events: WatchEvent[] = [];
      const w = hub.add('K', {}, 1_200, (e) => {
        events.push(e);
        return events.length === 3 ? held : undefined;
      });
      w.readsHistory(h.source).replay(0, 1_200);
      for (let i = 0; i < 5; i++) await tick();
      expect(events.length).toBe(3);
      expect(h.reads).toEqual([REPLAY_PAGE]);
      release();
      for (let i = 0; i < 50 && events.length < 1_200; i++) await tick();
      expect(events.length).toBe(1_200);
    });

    it('reads from the history instead of queueing when its consumer falls behind', async () => {
      // A 50,000-object import published to a consumer that holds delivery back: each slow
      // watcher queued every change of it (issue #11); now at most a page, the rest read later.
      const hub = new WatchHub(() => {}, { events: 10, bytes: 1 << 20 });
      const h = history(3 * REPLAY_PAGE);
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      const events: WatchEvent[] = [];
      const reasons: string[] = [];
      hub
        .add(
          'K',
          {},
          0,
          (e) => {
            events.push(e);
            return events.length === 1 ? held : undefined;
          },
          (r) => reasons.push(r),
        )
        .readsHistory(h.source);
      hub.publish([change(1, 'MODIFIED', {})]);
      await tick(); // delivered, and held by the consumer
      // the rest is committed (in the history) and published at once, far over the live bound
      hub.publish(Array.from({ length: 3 * REPLAY_PAGE - 1 }, (_, i) => change(i + 2, 'MODIFIED', {})));
      await tick();
      expect(events.length).toBe(1);
      expect(reasons).toEqual([]); // over the live bound of 10, and not dropped
      expect(h.reads).toEqual([]); // nothing read while the consumer holds delivery back
      release();
      for (let i = 0; i < 10 && events.length < 3 * REPLAY_PAGE; i++) await tick();
      expect(events.map((e) => Number(e.object.metadata.resourceVersion))).toEqual(
        Array.from({ length: 3 * REPLAY_PAGE }, (_, i) => i + 1),
      );
      expect(Math.max(...h.reads)).toBeLessThanOrEqual(REPLAY_PAGE);
    });

    it('delivers a burst from its queue, reading nothing again, to a consumer that keeps up', async () => {
      const hub = new WatchHub(() => {});
      const h = history(2 * REPLAY_PAGE);
      const w = collect(hub);
      w.watcher.readsHistory(h.source);
      // a page of a large commit (1,000 changes) published at once
      hub.publish(Array.from({ length: 2 * REPLAY_PAGE }, (_, i) => change(i + 1, 'MODIFIED', {})));
      await tick();
      expect(w.events.length).toBe(2 * REPLAY_PAGE);
      expect(h.reads).toEqual([]);
    });

    it('drops the watch when the history is trimmed past what it has read', async () => {
      const hub = new WatchHub(() => {});
      const h = history(1_200);
      const reasons: string[] = [];
      const events: WatchEvent[] = [];
      const w = hub.add(
        'K',
        {},
        1_200,
        (e) => {
          events.push(e);
          if (events.length === REPLAY_PAGE) h.trim(REPLAY_PAGE + 10); // the next page's first ten are gone
        },
        (r) => reasons.push(r),
      );
      w.readsHistory(h.source).replay(0, 1_200);
      for (let i = 0; i < 5; i++) await tick();
      expect(reasons).toEqual(['dropped']);
      expect(events.length).toBe(REPLAY_PAGE);
      expect(hub.size).toBe(0);
    });
  });

  it('closes every watcher with a reason', () => {
    const hub = new WatchHub(() => {});
    const reasons: string[] = [];
    hub.add(
      'K',
      {},
      0,
      () => undefined,
      (r) => reasons.push(r),
    );
    hub.add(
      'L',
      {},
      0,
      () => undefined,
      (r) => reasons.push(r),
    );
    hub.closeAll('closed');
    expect(reasons).toEqual(['closed', 'closed']);
    expect(hub.size).toBe(0);
  });
});
