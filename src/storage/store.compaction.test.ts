import { afterEach, describe, expect, it } from 'vitest';
import { GoneError } from '../model/errors.js';
import type { KubeObject } from '../model/metadata.js';
import { AgeCompaction } from './history.js';
import type { Store } from './store.js';
import { STORE_ENGINES, type EngineOptions } from './testFixtures.js';

/**
 * Compaction by age (issue #10): the history of a deleted Secret — its values — goes once it is
 * older than `historyMaxAgeMs`, as kube-apiserver compacts etcd; a watch from before then is 410.
 */

const VALUE = Buffer.from('hf_very_secret_value').toString('base64');
const secret = (): KubeObject =>
  ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'hf', namespace: 'team-a' },
    data: { token: VALUE },
  }) as unknown as KubeObject;

describe('AgeCompaction', () => {
  it('gives the version noted maxAge ago, and nothing before that', () => {
    let t = 0;
    const c = new AgeCompaction(1_000, () => t);
    expect(c.mark(5)).toBeUndefined();
    t = 500;
    expect(c.mark(9)).toBeUndefined();
    t = 1_000;
    expect(c.mark(12)).toBe(5);
    t = 1_600;
    expect(c.mark(20)).toBe(9);
    expect(() => new AgeCompaction(0)).toThrow(/positive/);
  });
});

describe.each(STORE_ENGINES)('$name store: compaction by age', (engine) => {
  let store: Store;
  const open = async (options?: EngineOptions) => (store = await engine.open(options));
  afterEach(() => store.close());

  it("drops a deleted Secret's history once it is old enough: a watch from before is 410", async () => {
    // Old enough to replay first on a loaded machine (with 100 ms, PostgreSQL under the whole suite
    // was sometimes compacted before the replay read it), young enough to wait for in a test.
    await open({ historyMaxAgeMs: 1_500 });
    await store.create({ ...secret(), metadata: { name: 'first', namespace: 'team-a' } } as KubeObject);
    const before = await store.currentRv(); // not "0", which a watch reads as "from now"

    await store.create(secret());
    await store.delete({ kind: 'Secret', namespace: 'team-a', name: 'hf' });
    // Before compaction the history replays the Secret with its value (read a page at a time, so
    // waited for rather than given a fixed time).
    const seen: string[] = [];
    const w = await store.watch('Secret', {}, before, (e) => void seen.push(e.json));
    for (let i = 0; i < 100 && !seen.join('').includes(VALUE); i++)
      await new Promise((r) => setTimeout(r, 10));
    w.stop();
    expect(seen.join('')).toContain(VALUE);
    // Then it goes (polled: the compactor runs on its own timer).
    let gone: unknown;
    for (let i = 0; i < 400 && !gone; i++) {
      await new Promise((r) => setTimeout(r, 25));
      try {
        (await store.watch('Secret', {}, before, () => {})).stop();
      } catch (e) {
        gone = e;
      }
    }
    expect(gone).toBeInstanceOf(GoneError);
    // A watch from now still works, and so does the store.
    (await store.watch('Secret', {}, await store.currentRv(), () => {})).stop();
    expect((await store.create(secret())).metadata.name).toBe('hf');
  });
});
