import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../model/errors.js';
import type { Store } from './store.js';
import { bundle, KIND, NS, STORE_ENGINES } from './testFixtures.js';

const key = (name: string, namespace = NS) => ({ kind: KIND, namespace, name });

describe.each(STORE_ENGINES)('$name store: create, get, update, delete', (engine) => {
  let store: Store;
  beforeEach(async () => {
    store = await engine.open();
  });
  afterEach(() => store.close());

  it('creates an object and fills uid, resourceVersion, generation 1 and a seconds-precision creationTimestamp', async () => {
    const created = await store.create(bundle('a', { labels: { tier: 'gold' } }));
    const meta = created.metadata;
    expect(meta.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(meta.resourceVersion).toBe(await store.currentRv());
    expect(meta.generation).toBe(1);
    expect(meta.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(meta.labels).toEqual({ tier: 'gold' });
    expect(await store.get(key('a'))).toEqual(created);
  });

  it('ignores uid, resourceVersion, generation and creationTimestamp sent with a create', async () => {
    const object = bundle('a');
    object.metadata = {
      ...object.metadata,
      uid: 'mine',
      resourceVersion: '999',
      generation: 7,
      creationTimestamp: 'x',
    };
    const created = await store.create(object);
    expect(created.metadata.uid).not.toBe('mine');
    expect(created.metadata.resourceVersion).not.toBe('999');
    expect(created.metadata.generation).toBe(1);
    expect(created.metadata.creationTimestamp).not.toBe('x');
  });

  it('does not change the object it was given', async () => {
    const object = bundle('a');
    const copy = structuredClone(object);
    await store.create(object);
    expect(object).toEqual(copy);
  });

  it('stores a cluster-scoped object under namespace "" without a namespace field', async () => {
    const created = await store.create(bundle('ns-1', { kind: 'Namespace', namespace: null }));
    expect(created.metadata).not.toHaveProperty('namespace');
    expect(await store.get({ kind: 'Namespace', namespace: '', name: 'ns-1' })).toEqual(created);
  });

  it('returns undefined for an object that does not exist', async () => {
    expect(await store.get(key('nope'))).toBeUndefined();
  });

  it('refuses a second create of the same kind, namespace and name with AlreadyExists', async () => {
    await store.create(bundle('a'));
    const error = await store.create(bundle('a')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({
      reason: 'AlreadyExists',
      status: 409,
      message: 'profilebundles.spectrocloud.com "a" already exists',
      details: { kind: 'profilebundles', group: 'spectrocloud.com', name: 'a' },
    });
  });

  it('keeps the same name apart in other namespaces and kinds', async () => {
    await store.create(bundle('a'));
    await store.create(bundle('a', { namespace: 'team-b' }));
    await store.create(bundle('a', { kind: 'WorkloadProfile' }));
    expect((await store.list(KIND)).items).toHaveLength(2);
  });

  it('updates with the current resourceVersion, keeping uid and creationTimestamp whatever is sent', async () => {
    const created = await store.create(bundle('a'));
    const next = bundle('a', { spec: { version: '2.0.0' } });
    next.metadata = {
      ...next.metadata,
      uid: 'forged',
      creationTimestamp: '1999-01-01T00:00:00Z',
      generation: 2,
    };
    const updated = await store.update(next, created.metadata.resourceVersion);
    expect(updated.spec).toEqual({ version: '2.0.0' });
    expect(updated.metadata.uid).toBe(created.metadata.uid);
    expect(updated.metadata.creationTimestamp).toBe(created.metadata.creationTimestamp);
    expect(updated.metadata.generation).toBe(2);
    expect(Number(updated.metadata.resourceVersion)).toBeGreaterThan(
      Number(created.metadata.resourceVersion),
    );
    expect(await store.get(key('a'))).toEqual(updated);
  });

  it('keeps the previous generation when an update does not give one', async () => {
    const created = await store.create(bundle('a'));
    const two = await store.update(
      { ...bundle('a'), metadata: { name: 'a', namespace: NS, generation: 2 } },
      created.metadata.resourceVersion,
    );
    const same = await store.update(bundle('a', { labels: { x: 'y' } }), two.metadata.resourceVersion);
    expect(same.metadata.generation).toBe(2);
  });

  it('refuses an update with a stale resourceVersion with a Kubernetes Conflict', async () => {
    const created = await store.create(bundle('a'));
    await store.update(bundle('a', { labels: { v: '2' } }), created.metadata.resourceVersion);
    const error = await store.update(bundle('a'), created.metadata.resourceVersion).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({
      reason: 'Conflict',
      message:
        'Operation cannot be fulfilled on profilebundles.spectrocloud.com "a": the object has been modified; ' +
        'please apply your changes to the latest version and try again',
    });
    expect((await store.get(key('a')))!.metadata.labels).toEqual({ v: '2' });
  });

  it('refuses an update of an object that does not exist with NotFound', async () => {
    const error = await store.update(bundle('ghost'), '1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ message: 'profilebundles.spectrocloud.com "ghost" not found' });
  });

  it('deletes and returns the last state at the delete’s new resourceVersion', async () => {
    const created = await store.create(bundle('a', { labels: { tier: 'gold' } }));
    const deleted = await store.delete(key('a'));
    expect(deleted.metadata.resourceVersion).toBe(await store.currentRv());
    expect(deleted.metadata.resourceVersion).not.toBe(created.metadata.resourceVersion);
    expect({ ...deleted.metadata, resourceVersion: '' }).toEqual({
      ...created.metadata,
      resourceVersion: '',
    });
    expect(await store.get(key('a'))).toBeUndefined();
    expect((await store.list(KIND, { labels: [{ key: 'tier', op: 'exists' }] })).items).toEqual([]);
  });

  it('deletes only at the expected resourceVersion when one is given', async () => {
    const created = await store.create(bundle('a'));
    await expect(store.delete(key('a'), '12345')).rejects.toMatchObject({ reason: 'Conflict' });
    await expect(store.delete(key('a'), created.metadata.resourceVersion)).resolves.toBeDefined();
  });

  it('refuses to delete what does not exist with NotFound', async () => {
    await expect(store.delete(key('ghost'))).rejects.toBeInstanceOf(NotFoundError);
  });

  it('can create again after a delete, with a new uid', async () => {
    const first = await store.create(bundle('a'));
    await store.delete(key('a'));
    const second = await store.create(bundle('a'));
    expect(second.metadata.uid).not.toBe(first.metadata.uid);
  });

  it('gives every write a new, strictly increasing resourceVersion', async () => {
    const rvs = [
      (await store.create(bundle('a'))).metadata.resourceVersion,
      (await store.create(bundle('b'))).metadata.resourceVersion,
    ];
    rvs.push((await store.update(bundle('a'), rvs[0]!)).metadata.resourceVersion);
    rvs.push((await store.delete(key('b'))).metadata.resourceVersion);
    const numbers = rvs.map(Number);
    expect(numbers).toEqual([...numbers].sort((x, y) => x - y));
    expect(new Set(numbers).size).toBe(4);
  });

  it('lets exactly one of 50 concurrent updates with the same resourceVersion win', async () => {
    const created = await store.create(bundle('a'));
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        store.update(bundle('a', { labels: { writer: String(i) } }), created.metadata.resourceVersion),
      ),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost.every((r) => r.reason instanceof ConflictError && r.reason.reason === 'Conflict')).toBe(true);
    expect(await store.get(key('a'))).toEqual(won[0]!.value);
  });
});
