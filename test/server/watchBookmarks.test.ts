import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterProfile, NS } from '../../src/testing/builders.js';
import { startApp, type InProcessApp } from './inProcess.js';

/**
 * Periodic bookmarks (`allowWatchBookmarks`): a long watch is told the resourceVersion it has
 * reached, so it resumes from there; a bookmark never promises more than was delivered before it.
 */

let app: InProcessApp;
let admin: string;
beforeAll(async () => {
  app = await startApp();
  app.ctx.watchBookmarkMs = 100;
  admin = await app.token({ name: 'root', role: 'cluster-admin', namespace: '*' });
});
afterAll(async () => app.close());

const CP = `/apis/spectrocloud.com/v1alpha1/namespaces/${NS}/clusterprofiles`;
type Line = { type: string; object: { metadata: { name?: string; resourceVersion: string } } };
/** The events of a finished watch (the in-process client parses a one-line body as JSON). */
const lines = (body: unknown): Line[] =>
  typeof body !== 'string'
    ? [body as Line]
    : body
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Line);

describe('watch bookmarks', () => {
  it('sends BOOKMARKs with the resourceVersion reached, at or after every event before them', async () => {
    const from = (await app.request('GET', CP, { token: admin })).body.metadata.resourceVersion as string;
    const watching = app.request(
      'GET',
      `${CP}?watch=1&allowWatchBookmarks=true&timeoutSeconds=1&resourceVersion=${from}`,
      { token: admin },
    );
    await new Promise((r) => setTimeout(r, 250));
    const created = await app.request('POST', CP, { token: admin, body: clusterProfile('bm') });
    expect(created.status).toBe(201);
    const events = lines((await watching).body);
    const marks = events.filter((e) => e.type === 'BOOKMARK');
    expect(marks.length).toBeGreaterThanOrEqual(3);
    // Before the create, bookmarks hold the watch's start; after it, the create's version.
    expect(marks[0]!.object.metadata.resourceVersion).toBe(from);
    const added = events.findIndex((e) => e.type === 'ADDED');
    expect(events[added]!.object.metadata.name).toBe('bm');
    const after = events.slice(added + 1).filter((e) => e.type === 'BOOKMARK');
    expect(after.length).toBeGreaterThan(0);
    for (const m of after)
      expect(m.object.metadata.resourceVersion).toBe(created.body.metadata.resourceVersion);
    expect(Object.keys(marks[0]!.object.metadata)).toEqual(['resourceVersion']);
  });

  it('sends none to a watch that did not ask for them', async () => {
    const r = await app.request('GET', `${CP}?watch=1&timeoutSeconds=1&resourceVersion=1`, { token: admin });
    expect(lines(r.body).filter((e) => e.type === 'BOOKMARK')).toEqual([]);
  });
});
