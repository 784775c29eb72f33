import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NS } from '../../src/testing/builders.js';
import { startApp, type InProcessApp } from './inProcess.js';

/**
 * `events.k8s.io/v1` (issue #10): the same events as core `v1`, with the newer field names, read,
 * listed, watched, created and deleted through either group-version.
 */

let app: InProcessApp;
let admin: string;
beforeAll(async () => {
  app = await startApp();
  admin = await app.token({ name: 'root', role: 'cluster-admin', namespace: '*' });
});
afterAll(async () => app.close());

const CORE = `/api/v1/namespaces/${NS}/events`;
const V1 = `/apis/events.k8s.io/v1/namespaces/${NS}/events`;
const req = (method: string, url: string, body?: unknown) =>
  app.request(method, url, { token: admin, ...(body !== undefined ? { body } : {}) });

const coreEvent = {
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name: 'pool.planned', namespace: NS },
  involvedObject: {
    apiVersion: 'spectrocloud.com/v1alpha1',
    kind: 'ComputePool',
    name: 'gpu',
    namespace: NS,
  },
  reason: 'Planned',
  message: 'planned 2 cluster profiles',
  type: 'Normal',
  source: { component: 'paletteai/compute-pool' },
  reportingComponent: 'paletteai/compute-pool',
  count: 1,
  firstTimestamp: '2026-11-30T10:00:00Z',
  lastTimestamp: '2026-11-30T10:00:00Z',
};

describe('events.k8s.io/v1', () => {
  it('is in discovery with the verbs it serves', async () => {
    const groups = (await req('GET', '/apis')).body.groups.map((g: { name: string }) => g.name);
    expect(groups).toContain('events.k8s.io');
    const list = await req('GET', '/apis/events.k8s.io/v1');
    expect(list.body.resources).toEqual([
      expect.objectContaining({
        name: 'events',
        kind: 'Event',
        namespaced: true,
        verbs: ['create', 'delete', 'get', 'list', 'watch'],
      }),
    ]);
  });

  it('shows a core event with the newer names, in lists, gets and watches', async () => {
    const from = (await req('GET', V1)).body.metadata.resourceVersion;
    expect((await req('POST', CORE, coreEvent)).status).toBe(201);
    const got = await req('GET', `${V1}/pool.planned`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      regarding: { kind: 'ComputePool', name: 'gpu' },
      note: 'planned 2 cluster profiles',
      reason: 'Planned',
      reportingController: 'paletteai/compute-pool',
      deprecatedSource: { component: 'paletteai/compute-pool' },
      deprecatedCount: 1,
      deprecatedFirstTimestamp: '2026-11-30T10:00:00Z',
    });
    expect(got.body).not.toHaveProperty('involvedObject');
    expect(got.body).not.toHaveProperty('message');
    const list = await req('GET', V1);
    expect(list.body).toMatchObject({ apiVersion: 'events.k8s.io/v1', kind: 'EventList' });
    expect(list.body.items.map((e: { note: string }) => e.note)).toEqual(['planned 2 cluster profiles']);
    const watched = await req('GET', `${V1}?watch=1&resourceVersion=${from}&timeoutSeconds=1`);
    const event = typeof watched.body === 'string' ? JSON.parse(watched.body.split('\n')[0]!) : watched.body;
    expect(event).toMatchObject({
      type: 'ADDED',
      object: { apiVersion: 'events.k8s.io/v1', note: coreEvent.message },
    });
  });

  it('stores an event created as events.k8s.io/v1 so core v1 reads it, and deletes it either way', async () => {
    const created = await req('POST', V1, {
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: { name: 'wd.delivered' },
      eventTime: '2026-11-30T10:00:00.000000Z',
      reportingController: 'paletteai/workload-deployment',
      reportingInstance: 'host-1',
      action: 'Deliver',
      reason: 'Delivered',
      regarding: { kind: 'WorkloadDeployment', name: 'chat-model', namespace: NS },
      note: 'pushed sha256:abc',
      type: 'Normal',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ apiVersion: 'events.k8s.io/v1', note: 'pushed sha256:abc' });
    const core = await req('GET', `${CORE}/wd.delivered`);
    expect(core.body).toMatchObject({
      apiVersion: 'v1',
      involvedObject: { kind: 'WorkloadDeployment', name: 'chat-model' },
      message: 'pushed sha256:abc',
      reportingComponent: 'paletteai/workload-deployment',
      action: 'Deliver',
    });
    expect((await req('PATCH', `${V1}/wd.delivered`, { note: 'x' })).status).toBe(405);
    expect((await req('DELETE', `${V1}/wd.delivered`)).status).toBe(200);
    expect((await req('GET', `${CORE}/wd.delivered`)).status).toBe(404);
  });

  it('refuses a body of another group-version at the events.k8s.io endpoint, naming the mismatch', async () => {
    const r = await req('POST', V1, { ...coreEvent, metadata: { name: 'mixed' } });
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    expect(r.body.message).toMatch(/apiVersion|events\.k8s\.io/);
  });
});
