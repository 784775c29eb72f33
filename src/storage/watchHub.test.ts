import { describe, expect, it } from 'vitest';
import type { Selection, WatchEvent } from './store.js';
import { toWatchEvent, WatchHub, type Change } from './watchHub.js';

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

  it('drops a watcher over its byte budget (live changes only), calling onClose once', async () => {
    const hub = new WatchHub(() => {}, { events: 1_000, bytes: 300 });
    const reasons: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const events: WatchEvent[] = [];
    const w = hub.add(
      'K',
      {},
      0,
      (e) => {
        events.push(e);
        return held;
      },
      (r) => reasons.push(r),
    );
    // A replay may exceed the bound: it is read in one go.
    for (let rv = 1; rv <= 5; rv++) w.offer(change(rv, 'ADDED', {}), false);
    await tick();
    expect(reasons).toEqual([]);
    hub.publish([change(6, 'ADDED', {})]);
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
