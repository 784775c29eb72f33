import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BadRequestError } from '../model/errors.js';
import type { LabelRequirement, ListOptions, Store } from './store.js';
import { bundle, KIND, NS, STORE_ENGINES } from './testFixtures.js';

describe.each(STORE_ENGINES)('$name store: list', (engine) => {
  let store: Store;
  beforeEach(async () => {
    store = await engine.open();
    await store.transaction(async (tx) => {
      await tx.create(bundle('web', { namespace: 'b', labels: { app: 'web', tier: 'front' } }));
      await tx.create(bundle('db', { namespace: 'b', labels: { app: 'db', tier: 'back' } }));
      await tx.create(bundle('cache', { namespace: 'a', labels: { app: 'cache' } }));
      await tx.create(bundle('plain', { namespace: 'a' }));
      await tx.create(bundle('api', { namespace: 'c', labels: { app: 'web', tier: 'back' } }));
      await tx.create(
        bundle('other-kind', { namespace: 'a', kind: 'WorkloadProfile', labels: { app: 'web' } }),
      );
    });
  });
  afterEach(() => store.close());

  const names = async (options: ListOptions = {}) =>
    (await store.list(KIND, options)).items.map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
  const withLabels = (...labels: LabelRequirement[]) => names({ labels });

  it('lists one kind in (namespace, name) order with the store resourceVersion', async () => {
    expect(await names()).toEqual(['a/cache', 'a/plain', 'b/db', 'b/web', 'c/api']);
    expect((await store.list(KIND)).resourceVersion).toBe(await store.currentRv());
  });

  it('lists one namespace', async () => {
    expect(await names({ namespace: 'b' })).toEqual(['b/db', 'b/web']);
    expect(await names({ namespace: 'nowhere' })).toEqual([]);
  });

  it('selects by metadata.name, in every namespace or one', async () => {
    expect(await names({ name: 'web' })).toEqual(['b/web']);
    expect(await names({ name: 'web', namespace: 'c' })).toEqual([]);
  });

  it('leaves out names and namespaces (fieldSelector !=), with labels and pages on top', async () => {
    expect(await names({ notNames: ['web', 'plain'] })).toEqual(['a/cache', 'b/db', 'c/api']);
    expect(await names({ notNamespaces: ['a', 'c'] })).toEqual(['b/db', 'b/web']);
    expect(await names({ namespace: 'b', notNames: ['db'] })).toEqual(['b/web']);
    expect(await names({ notNamespaces: ['b'], labels: [{ key: 'app', op: 'exists' }] })).toEqual([
      'a/cache',
      'c/api',
    ]);
    const first = await store.list(KIND, { notNames: ['cache'], limit: 2 });
    expect(first.items.map((o) => o.metadata.name)).toEqual(['plain', 'db']);
    // A selector makes the count unknown to kube-apiserver: no remainingItemCount.
    expect(first.remainingItemCount).toBeUndefined();
    const rest = await store.list(KIND, { notNames: ['cache'], limit: 2, continue: first.continue! });
    expect(rest.items.map((o) => o.metadata.name)).toEqual(['web', 'api']);
  });

  it('selects with = on a label value', async () => {
    expect(await withLabels({ key: 'app', op: '=', value: 'web' })).toEqual(['b/web', 'c/api']);
  });

  it('selects with != including the objects that lack the key', async () => {
    expect(await withLabels({ key: 'tier', op: '!=', value: 'back' })).toEqual([
      'a/cache',
      'a/plain',
      'b/web',
    ]);
  });

  it('selects with in', async () => {
    expect(await withLabels({ key: 'app', op: 'in', values: ['db', 'cache'] })).toEqual(['a/cache', 'b/db']);
  });

  it('selects with notin including the objects that lack the key', async () => {
    expect(await withLabels({ key: 'tier', op: 'notin', values: ['front', 'back'] })).toEqual([
      'a/cache',
      'a/plain',
    ]);
  });

  it('selects with exists and !exists', async () => {
    expect(await withLabels({ key: 'tier', op: 'exists' })).toEqual(['b/db', 'b/web', 'c/api']);
    expect(await withLabels({ key: 'tier', op: '!exists' })).toEqual(['a/cache', 'a/plain']);
  });

  it('requires every requirement of a selector, with namespace and name on top', async () => {
    const labels: LabelRequirement[] = [
      { key: 'tier', op: '=', value: 'back' },
      { key: 'app', op: 'in', values: ['web', 'db'] },
      { key: 'gone', op: '!exists' },
    ];
    expect(await names({ labels })).toEqual(['b/db', 'c/api']);
    expect(await names({ labels, namespace: 'c' })).toEqual(['c/api']);
    expect(await names({ labels, name: 'db' })).toEqual(['b/db']);
    expect(
      await withLabels({ key: 'app', op: '=', value: 'web' }, { key: 'tier', op: '!=', value: 'front' }),
    ).toEqual(['c/api']);
  });

  it('follows label changes made by updates and deletes', async () => {
    const web = (await store.get({ kind: KIND, namespace: 'b', name: 'web' }))!;
    await store.update(
      bundle('web', { namespace: 'b', labels: { app: 'api' } }),
      web.metadata.resourceVersion,
    );
    await store.delete({ kind: KIND, namespace: 'c', name: 'api' });
    expect(await withLabels({ key: 'app', op: '=', value: 'web' })).toEqual([]);
    expect(await withLabels({ key: 'app', op: '=', value: 'api' })).toEqual(['b/web']);
    expect(await withLabels({ key: 'tier', op: 'exists' })).toEqual(['b/db']);
  });

  it('refuses a negative or fractional limit', async () => {
    await expect(store.list(KIND, { limit: -1 })).rejects.toBeInstanceOf(BadRequestError);
    await expect(store.list(KIND, { limit: 1.5 })).rejects.toBeInstanceOf(BadRequestError);
  });
});

describe.each(STORE_ENGINES)('$name store: list pages', (engine) => {
  let store: Store;
  const all: string[] = [];
  beforeEach(async () => {
    store = await engine.open();
    all.length = 0;
    await store.transaction(async (tx) => {
      for (const ns of ['ns-1', 'ns-2', 'ns-3']) {
        for (let i = 0; i < 7; i++) {
          await tx.create(bundle(`obj-${i}`, { namespace: ns, labels: { parity: i % 2 ? 'odd' : 'even' } }));
          all.push(`${ns}/obj-${i}`);
        }
      }
    });
  });
  afterEach(() => store.close());

  const readAll = async (options: ListOptions) => {
    const pages: { names: string[]; rv: string; remaining?: number }[] = [];
    let token = options.continue;
    do {
      const page = await store.list(KIND, { ...options, continue: token });
      pages.push({
        names: page.items.map((o) => `${o.metadata.namespace}/${o.metadata.name}`),
        rv: page.resourceVersion,
        remaining: page.remainingItemCount,
      });
      token = page.continue;
    } while (token);
    return pages;
  };

  it('pages through every object exactly once, with remainingItemCount and the first page’s resourceVersion', async () => {
    const pages = await readAll({ limit: 5 });
    expect(pages.flatMap((p) => p.names)).toEqual(all);
    expect(pages.map((p) => p.names.length)).toEqual([5, 5, 5, 5, 1]);
    expect(pages.map((p) => p.remaining)).toEqual([16, 11, 6, 1, undefined]);
    expect(new Set(pages.map((p) => p.rv)).size).toBe(1);
  });

  it('gives no continue token when the page holds the rest exactly', async () => {
    const page = await store.list(KIND, { limit: 21 });
    expect(page.items).toHaveLength(21);
    expect(page.continue).toBeUndefined();
    expect(page.remainingItemCount).toBeUndefined();
  });

  it('pages a label selection inside one namespace', async () => {
    const pages = await readAll({
      namespace: 'ns-2',
      labels: [{ key: 'parity', op: '=', value: 'odd' }],
      limit: 2,
    });
    expect(pages.map((p) => p.names)).toEqual([['ns-2/obj-1', 'ns-2/obj-3'], ['ns-2/obj-5']]);
    // As kube-apiserver: with a selector the count is unknown, and omitted (not a walk over every match).
    expect(pages.map((p) => p.remaining)).toEqual([undefined, undefined]);
  });

  it('counts the remaining objects of a page only up to remainingCountLimit, then omits the count', async () => {
    const capped = await engine.open({ sameAs: store, remainingCountLimit: 10 });
    try {
      const pages: (number | undefined)[] = [];
      let token: string | undefined;
      do {
        const page = await capped.list(KIND, { limit: 5, ...(token ? { continue: token } : {}) });
        pages.push(page.remainingItemCount);
        token = page.continue;
      } while (token);
      // 21 objects: 16 remain after the first page (more than 10: omitted), then 11, then 6 and 1.
      expect(pages).toEqual([undefined, undefined, 6, 1, undefined]);
    } finally {
      await capped.close();
    }
  });

  it('pages a label selection across namespaces, with an in requirement', async () => {
    const pages = await readAll({ labels: [{ key: 'parity', op: 'in', values: ['even'] }], limit: 3 });
    expect(pages.flatMap((p) => p.names)).toEqual(all.filter((n) => Number(n.at(-1)) % 2 === 0));
  });

  it('neither repeats nor skips objects that stay while others are written between pages', async () => {
    const first = await store.list(KIND, { limit: 4 });
    await store.create(bundle('aaa', { namespace: 'ns-1' })); // behind the cursor: not listed
    await store.create(bundle('zzz', { namespace: 'ns-3' })); // ahead of it: listed
    await store.delete({ kind: KIND, namespace: 'ns-3', name: 'obj-0' });
    const rest = await readAll({ limit: 4, continue: first.continue });
    const seen = [
      ...first.items.map((o) => `${o.metadata.namespace}/${o.metadata.name}`),
      ...rest.flatMap((p) => p.names),
    ];
    expect(seen).toEqual([...all.filter((n) => n !== 'ns-3/obj-0'), 'ns-3/zzz']);
    expect(rest.every((p) => p.rv === first.resourceVersion)).toBe(true);
  });

  it('refuses a malformed continue token with BadRequest', async () => {
    for (const token of [
      '%%%',
      'bm90IGpzb24',
      Buffer.from('{"v":1,"rv":-1,"ns":"","n":"x"}').toString('base64url'),
    ]) {
      await expect(store.list(KIND, { limit: 2, continue: token })).rejects.toBeInstanceOf(BadRequestError);
    }
  });

  it('refuses a continue token of another namespace', async () => {
    const page = await store.list(KIND, { namespace: 'ns-1', limit: 2 });
    await expect(store.list(KIND, { namespace: 'ns-2', limit: 2, continue: page.continue })).rejects.toThrow(
      /namespace "ns-1"/,
    );
  });
});

describe.each(STORE_ENGINES)('$name store: listText', (engine) => {
  let store: Store;
  afterEach(() => store.close());

  it('gives each item as the stored JSON text, page for page what list gives', async () => {
    store = await engine.open();
    for (const name of ['a', 'b', 'c']) await store.create(bundle(name));
    const page = { namespace: NS, limit: 2 };
    const texts = await store.listText(KIND, page);
    const objects = await store.list(KIND, page);
    expect(texts.items.map((t) => JSON.parse(t))).toEqual(objects.items);
    expect(texts.items.every((t) => typeof t === 'string')).toBe(true);
    const { items: _t, ...textMeta } = texts;
    const { items: _o, ...objectMeta } = objects;
    expect(textMeta).toEqual(objectMeta);
    expect(textMeta.remainingItemCount).toBe(1);
    const next = await store.listText(KIND, { ...page, continue: texts.continue! });
    expect(next.items.map((t) => (JSON.parse(t) as { metadata: { name: string } }).metadata.name)).toEqual([
      'c',
    ]);
  });
});
