/**
 * The label selector parser and both matchers (in memory for watches, SQL for lists) against a
 * reference matcher written here from the Kubernetes documentation, on generated well-formed
 * selectors written with varied spacing.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchesLabels } from '../../src/model/labelSelector.js';
import { parseLabelSelector } from '../../src/server/selectors.js';
import { SqliteStore } from '../../src/storage/sqliteStore.js';
import type { LabelRequirement } from '../../src/storage/store.js';
import { fcParams, timeoutFor } from './params.js';

/** A requirement as generated: `==` is kept apart from `=` to check the parser folds them. */
type Generated =
  | { key: string; op: '=' | '==' | '!='; value: string }
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | '!exists' };

/** Small pools so that generated labels and selectors meet often. */
const KEYS = ['tier', 'team', 'app.kubernetes.io/name', 'x.io/a-b_c.d', 'k'];
const VALUES = ['', 'gpu', 'cpu', 'a.b-c_d', 'GPU', 'v1'];

const key = fc.constantFrom(...KEYS);
const value = fc.constantFrom(...VALUES);
const sp = fc.constantFrom('', ' ', '  ');
const requirement: fc.Arbitrary<Generated> = fc.oneof(
  fc.record({ key, op: fc.constantFrom('=', '==', '!=' as const), value }),
  fc.record({
    key,
    op: fc.constantFrom('in', 'notin' as const),
    values: fc.uniqueArray(value, { minLength: 1, maxLength: 3 }),
  }),
  fc.record({ key, op: fc.constantFrom('exists', '!exists' as const) }),
);

/** The selector text of the requirements, spaced as `spaces` says (all forms kube-apiserver reads). */
const format = (reqs: Generated[], spaces: string[]): string =>
  reqs
    .map((r, i) => {
      const s = spaces[i % spaces.length]!;
      switch (r.op) {
        case '=':
        case '==':
        case '!=':
          return `${s}${r.key}${s}${r.op}${s}${r.value}${s}`;
        case 'in':
        case 'notin':
          return `${s}${r.key} ${s}${r.op}${s}(${s}${r.values.join(`${s},${s}`)}${s})${s}`;
        case 'exists':
          return `${s}${r.key}${s}`;
        case '!exists':
          return `${s}!${s}${r.key}${s}`;
      }
    })
    .join(',');

/** The requirement the parser should produce for a generated one. */
const expected = (r: Generated): LabelRequirement =>
  'value' in r ? { key: r.key, op: r.op === '!=' ? '!=' : '=', value: r.value } : r;

/** Kubernetes `labels.Selector` semantics, written out independently of the product's matcher. */
const reference = (labels: Record<string, string>, reqs: Generated[]): boolean =>
  reqs.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    const v = labels[r.key];
    if (r.op === 'exists') return has;
    if (r.op === '!exists') return !has;
    if (r.op === '=' || r.op === '==') return has && v === r.value;
    if (r.op === '!=') return !has || v !== r.value;
    if (r.op === 'in') return has && r.values.includes(v!);
    if (r.op === 'notin') return !has || !r.values.includes(v!);
    throw new Error(`unknown op in ${JSON.stringify(r)}`);
  });

const labelSet = fc.dictionary(key, value, { maxKeys: 4 });
const selector = fc.tuple(
  fc.array(requirement, { minLength: 1, maxLength: 4 }),
  fc.array(sp, { minLength: 1, maxLength: 3 }),
);

describe('label selectors against a reference matcher', () => {
  it('parses every well-formed selector into the requirements it was written from', () => {
    fc.assert(
      fc.property(selector, ([reqs, spaces]) => {
        expect(parseLabelSelector(format(reqs, spaces))).toEqual(reqs.map(expected));
      }),
      fcParams(2000),
    );
  });

  it('the in-memory matcher (watches) agrees with the reference', () => {
    fc.assert(
      fc.property(selector, labelSet, ([reqs, spaces], labels) => {
        const parsed = parseLabelSelector(format(reqs, spaces));
        expect(matchesLabels(labels, parsed)).toBe(reference(labels, reqs));
      }),
      fcParams(3000),
    );
  });

  describe('the SQL matcher (lists)', () => {
    let store: SqliteStore;
    const objects: { name: string; labels: Record<string, string> }[] = [];
    beforeAll(async () => {
      store = SqliteStore.open(':memory:');
      const sets = fc.sample(labelSet, { seed: 1, numRuns: 60 });
      for (const [i, labels] of sets.entries()) {
        const name = `o${i}`;
        objects.push({ name, labels });
        await store.create({
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name, namespace: 'fuzz', labels },
        });
      }
    });
    afterAll(() => store?.close());

    it(
      'lists exactly the objects the reference matches',
      async () => {
        await fc.assert(
          fc.asyncProperty(selector, async ([reqs, spaces]) => {
            const { items } = await store.list('Secret', {
              labels: parseLabelSelector(format(reqs, spaces)),
            });
            const want = objects.filter((o) => reference(o.labels, reqs)).map((o) => o.name);
            expect(items.map((o) => o.metadata.name).sort()).toEqual(want.sort());
          }),
          fcParams(400),
        );
      },
      timeoutFor(),
    );
  });
});
