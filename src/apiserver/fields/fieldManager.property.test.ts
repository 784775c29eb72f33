import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiError, type KubeObject } from '../../model/index.js';
import { join } from 'node:path';
import { applyConfiguration, recordByComparison, recordUpdate } from './fieldManager.js';

/**
 * Properties of field management over arbitrary configurations of a ProfileBundle-shaped object
 * (known and unknown fields, keyed lists with duplicate or missing keys, nulls, odd key names).
 */

const key = fc.constantFrom('description', 'version', 'type', 'x', '__proto__', 'constructor', 'a.b');
const leaf = fc.oneof(fc.string({ maxLength: 3 }), fc.integer(), fc.boolean(), fc.constant(null));
const item = fc.record(
  { name: fc.constantFrom('a', 'b', 'c'), version: fc.string({ maxLength: 2 }) },
  { requiredKeys: [] },
);
const spec = fc.dictionary(
  key,
  fc.oneof(leaf, fc.array(item, { maxLength: 4 }), fc.dictionary(key, leaf, { maxKeys: 3 })),
  { maxKeys: 5 },
);
const labels = fc.dictionary(fc.constantFrom('l1', 'l2', 'l3'), fc.constantFrom('v1', 'v2'), { maxKeys: 3 });
const configOf = (s: Record<string, unknown>, l: Record<string, string>): KubeObject => ({
  apiVersion: 'spectrocloud.com/v1beta1',
  kind: 'ProfileBundle',
  metadata: { name: 'p', namespace: 'ns', labels: l },
  spec: { ...s, clusterProfiles: s.x ?? [] },
});
const config = fc.tuple(spec, labels).map(([s, l]) => configOf(s, l));

/** Runs `f`; anything thrown must be an ApiError (a 4xx), never a crash. */
const settle = <T>(f: () => T): T | ApiError => {
  try {
    return f();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
};

describe('field management over arbitrary configurations', () => {
  it('answers every apply and update with an object or an ApiError, and a repeated apply changes nothing', () => {
    fc.assert(
      fc.property(config, config, (first, second) => {
        const created = settle(() => applyConfiguration(undefined, first, { manager: 'a', force: false }));
        if (created instanceof ApiError) return;
        const again = applyConfiguration(created, first, { manager: 'a', force: false });
        expect(again).toEqual(created);
        const other = settle(() => applyConfiguration(created, second, { manager: 'b', force: false }));
        if (!(other instanceof ApiError)) expect(other.metadata.managedFields).toBeDefined();
        const forced = settle(() => applyConfiguration(created, second, { manager: 'b', force: true }));
        if (!(forced instanceof ApiError)) {
          // a forced apply holds what it applied: its labels at least are there with its values
          for (const [k, v] of Object.entries(second.metadata.labels ?? {}))
            expect(forced.metadata.labels?.[k]).toBe(v);
        }
        settle(() => recordUpdate(created, second, { manager: 'u' }));
      }),
      { numRuns: 300 },
    );
  });

  it("leaves a lone manager's object as if its last configuration had been applied to nothing", () => {
    const known = fc.record(
      {
        description: fc.string({ maxLength: 2 }),
        version: fc.constantFrom('1', '2'),
        // (an empty keyed list owns nothing, in structured-merge-diff too: no property to hold there)
        clusterProfiles: fc.array(item, { minLength: 1, maxLength: 4 }),
        variableSet: fc.record(
          {
            variables: fc.array(
              fc.record({ name: fc.constantFrom('a', 'b'), variableType: fc.constant('string') }),
              { minLength: 1 },
            ),
          },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: [] },
    );
    const knownConfig = fc.tuple(known, labels).map(([s, l]) => ({ ...configOf({}, l), spec: s }));
    const content = (o: KubeObject) => ({ spec: o.spec, labels: o.metadata.labels ?? {} });
    fc.assert(
      fc.property(knownConfig, knownConfig, (x, y) => {
        const fresh = applyConfiguration(undefined, y, { manager: 'a', force: false });
        const first = applyConfiguration(undefined, x, { manager: 'a', force: false });
        const then = applyConfiguration(first, y, { manager: 'a', force: false });
        expect(content(then)).toEqual(content(fresh));
        expect(then.metadata.managedFields?.map((e) => e.fieldsV1)).toEqual(
          fresh.metadata.managedFields?.map((e) => e.fieldsV1),
        );
      }),
      { numRuns: 300 },
    );
  });
});

describe('a create’s managed fields, built directly', () => {
  const now = new Date('2026-11-30T12:00:00Z');
  const both = (o: KubeObject) => {
    const direct = recordUpdate(undefined, structuredClone(o), { manager: 'm', now });
    const compared = recordByComparison(undefined, structuredClone(o), { manager: 'm', now });
    expect(direct).toEqual(compared);
    expect(JSON.stringify(direct)).toBe(JSON.stringify(compared)); // the same key order too
    return direct;
  };

  it('equal the comparison’s for every object of examples/valid', async () => {
    const { loadFiles } = await import('../../loader/index.js');
    const loaded = await loadFiles([join(import.meta.dirname, '..', '..', '..', 'examples', 'valid')]);
    const objects = loaded.documents.map((d) => d.object as unknown as KubeObject);
    expect(objects.length).toBeGreaterThan(20);
    const owning = objects.filter((o) => both(o).metadata.managedFields !== undefined);
    expect(owning.length).toBeGreaterThan(20);
  });

  it('equal the comparison’s for arbitrary configurations', () => {
    fc.assert(
      fc.property(config, (o) => void both(o)),
      { seed: 11, numRuns: 500 },
    );
  });

  it('are left out when the object owns nothing', () => {
    const bare = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' } } as KubeObject;
    expect(both(bare).metadata.managedFields).toBeUndefined();
  });
});
