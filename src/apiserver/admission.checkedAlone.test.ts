/**
 * `create(object, { checkedAlone })`: the Studio import's worker has already run the object-alone
 * checks (schema, metadata rules, the kind's rules that read no other object) on the very object;
 * admission then runs only what reads the store.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { referencesOf } from '../kinds/index.js';
import type { KubeObject } from '../model/index.js';
import { SqliteStore } from '../storage/sqliteStore.js';
import { tempDbPath } from '../storage/testFixtures.js';
import { bundle, NS, workloadProfile } from '../testing/builders.js';
import { ensureNamespaces, WritePipeline } from './index.js';

const stores: SqliteStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

const setUp = async () => {
  const store = SqliteStore.open(tempDbPath(), { referencesOf });
  stores.push(store);
  const pipeline = new WritePipeline(store);
  await ensureNamespaces(pipeline, [NS]);
  return pipeline;
};

/** A bundle whose one schema mistake is in the object itself (an unknown field). */
const misspelt = (name: string): KubeObject => {
  const b = bundle(name, 'Application', { workloadProfiles: ['vllm'] });
  return { ...b, spec: { ...b.spec, versionn: 'x' } } as unknown as KubeObject;
};

describe('admission of an object the caller checked alone', () => {
  it('skips the object-alone checks and still resolves references against the store', async () => {
    const pipeline = await setUp();
    // Without the promise the unknown field is refused, with its path.
    await expect(pipeline.create(misspelt('checked-by-no-one'))).rejects.toThrow(/spec\.versionn/);
    const stored = await pipeline.transaction({}, (w) =>
      w.create(misspelt('checked-by-the-worker'), { checkedAlone: true }),
    );
    expect(stored.metadata.name).toBe('checked-by-the-worker');
    // References still count: the bundle's profiles are missing, so it waits for them.
    const status = stored.status as { phase?: string; conditions?: { type: string; status: string }[] };
    expect(status.conditions?.find((c) => c.type === 'ResolvedRefs')?.status).toBe('False');
  });

  it('is not trusted when unknown fields are to be dropped (fieldValidation other than Strict)', async () => {
    const pipeline = await setUp();
    const stored = await pipeline.transaction({ fieldValidation: 'Ignore' }, (w) =>
      w.create(misspelt('dropped'), { checkedAlone: true }),
    );
    expect((stored.spec as Record<string, unknown>)['versionn']).toBeUndefined();
  });

  it("skips the kind's own rules and still runs those that read other objects", async () => {
    const pipeline = await setUp();
    // Two components named alike (WP001, the profile's own rule) and one whose type no
    // ComponentDefinition defines (WP002, a rule that reads the namespace).
    const profile = (name: string, second: { name: string; type: string }): KubeObject => {
      const p = workloadProfile(name);
      const [web] = p.spec.workload.components;
      p.spec.workload.components.push({ ...web!, ...second });
      return p as unknown as KubeObject;
    };
    await expect(pipeline.create(profile('twice', { name: 'web', type: 'webservice' }))).rejects.toThrow(
      /WP001/,
    );
    // The caller's word covers WP001: not run again (the worker's verdict had counted it).
    const vouched = await pipeline.transaction({}, (w) =>
      w.create(profile('vouched', { name: 'web', type: 'webservice' }), { checkedAlone: true }),
    );
    expect(vouched.metadata.name).toBe('vouched');
    // WP002 reads the store: still run, the profile waits for its definition.
    const waiting = await pipeline.transaction({}, (w) =>
      w.create(profile('waits', { name: 'api', type: 'no-such-type' }), { checkedAlone: true }),
    );
    const status = waiting.status as { conditions?: { type: string; status: string; message?: string }[] };
    const refs = status.conditions?.find((c) => c.type === 'ResolvedRefs');
    expect(refs?.status).toBe('False');
    expect(refs?.message).toMatch(/no-such-type/);
  });
});
