/** The route table and its middleware, called in process. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterProfile, NS } from '../../src/testing/builders.js';
import { startApp, type InProcessApp } from './inProcess.js';

let app: InProcessApp;
let admin: string;
let viewer: string;
beforeAll(async () => {
  app = await startApp();
  await app.namespaces('team-a', 'team-b');
  admin = await app.token({ name: 'root', role: 'cluster-admin', namespace: '*' });
  viewer = await app.token({ name: 'eve', role: 'viewer', namespace: NS });
});
afterAll(async () => app.close());

const CP = `/apis/spectrocloud.com/v1alpha1/namespaces/${NS}/clusterprofiles`;
const auditLines = async () =>
  (await readFile(join(app.data, 'audit.log'), 'utf8'))
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('routes', () => {
  it('answers health checks without a token and everything else only with one', async () => {
    expect((await app.request('GET', '/healthz')).status).toBe(200);
    const r = await app.request('GET', '/apis');
    expect(r.status).toBe(401);
    expect(r.body).toMatchObject({ kind: 'Status', reason: 'Unauthorized' });
  });

  it('serves root discovery with and without a trailing slash', async () => {
    for (const path of ['/api', '/api/', '/apis', '/apis/']) {
      const r = await app.request('GET', path, { token: admin });
      expect(r.status, path).toBe(200);
    }
  });

  it('answers an unknown path and an unknown resource with a 404 Status', async () => {
    // A GET of any other path is a page of the web UI (test/server/ui.test.ts); API paths are not.
    expect((await app.request('POST', '/nowhere', { token: admin })).status).toBe(404);
    expect((await app.request('GET', '/apis/nowhere.example.com/v1/x', { token: admin })).status).toBe(404);
    const r = await app.request('GET', '/apis/spectrocloud.com/v1beta1/widgets', { token: admin });
    expect(r.status).toBe(404);
    expect(r.body.message).toContain('widgets.spectrocloud.com');
  });

  it('finds no object by a name no object can have (kubectl apply then creates it and hears why not)', async () => {
    // It answered 400 "invalid path segment", and `kubectl apply` stopped there instead of
    // posting the object and showing admission's MD001.
    for (const method of ['GET', 'DELETE', 'PATCH', 'PUT'] as const) {
      const r = await app.request(method, `${CP}/Llama3-Chat`, {
        token: admin,
        ...(method === 'PATCH' || method === 'PUT' ? { body: {} } : {}),
      });
      expect(r.status, method).toBe(404);
      expect(r.body).toMatchObject({
        reason: 'NotFound',
        message: 'clusterprofiles.spectrocloud.com "Llama3-Chat" not found',
        details: { name: 'Llama3-Chat', group: 'spectrocloud.com', kind: 'clusterprofiles' },
      });
    }
    // Odd segments elsewhere stay bad requests, and an odd name is not created at a named path.
    const badNamespace = '/apis/spectrocloud.com/v1alpha1/namespaces/Bad/clusterprofiles';
    expect((await app.request('GET', badNamespace, { token: admin })).status).toBe(400);
    expect((await app.request('GET', `${CP}/x/Status`, { token: admin })).status).toBe(400);
  });

  it('writes through the pipeline and audits the write with the object it names', async () => {
    const r = await app.request('POST', CP, { token: admin, body: clusterProfile('edge') });
    expect(r.status).toBe(201);
    const rec = (await auditLines()).find((l) => l.verb === 'create' && l.code === 201);
    expect(rec).toMatchObject({
      user: 'root',
      group: 'spectrocloud.com',
      resource: 'clusterprofiles',
      namespace: NS,
      name: 'edge',
    });
    const status = await app.request('PUT', `${CP}/edge/status`, {
      token: admin,
      body: { ...r.body, status: { ...r.body.status, source: 'edited by hand' } },
    });
    expect(status.status).toBe(200);
    expect((await auditLines()).at(-1)).toMatchObject({
      verb: 'update',
      name: 'edge',
      subresource: 'status',
    });
  });

  it('refuses and audits what a role may not do', async () => {
    const r = await app.request('DELETE', `${CP}/edge`, { token: viewer });
    expect(r.status).toBe(403);
    expect((await auditLines()).at(-1)).toMatchObject({
      user: 'eve',
      verb: 'delete',
      code: 403,
      allowed: false,
    });
  });

  it('audits an unauthenticated write attempt without its body', async () => {
    const r = await app.request('POST', CP, { body: { secret: 'hunter2' } });
    expect(r.status).toBe(401);
    const last = (await auditLines()).at(-1)!;
    expect(last).toMatchObject({ user: 'anonymous', verb: 'create', code: 401 });
    expect(JSON.stringify(last)).not.toContain('hunter2');
  });
});

describe('a Project claims only a namespace its author administers, one Project per namespace', () => {
  const project = (name: string, namespace: string, served: string) => ({
    apiVersion: 'spectrocloud.com/v1alpha1',
    kind: 'Project',
    metadata: { name, namespace },
    spec: { namespace: served },
  });
  const PROJECTS = (ns: string) => `/apis/spectrocloud.com/v1alpha1/namespaces/${ns}/projects`;

  it('refuses an editor of B a Project that serves namespace A, and writes nothing', async () => {
    const editorB = await app.token({ name: 'bob', role: 'editor', namespace: 'team-b' });
    const r = await app.request('POST', PROJECTS('team-b'), {
      token: editorB,
      body: project('grab', 'team-b', 'team-a'),
    });
    expect(r.status).toBe(403);
    expect(r.body.message).toContain('only an admin of "team-a"');
    expect((await app.request('GET', `${PROJECTS('team-b')}/grab`, { token: admin })).status).toBe(404);
    // …even as a dry run, which would otherwise tell what team-a holds through its warnings
    const dry = await app.request('POST', `${PROJECTS('team-b')}?dryRun=All`, {
      token: editorB,
      body: project('grab', 'team-b', 'team-a'),
    });
    expect(dry.status).toBe(403);
  });

  it('lets the admin of a namespace make a Project serve it, and refuses a second one (PRJ004)', async () => {
    const adminA = await app.token({ name: 'alice', role: 'admin', namespace: 'team-a' });
    const first = await app.request('POST', PROJECTS('team-a'), {
      token: adminA,
      body: project('a', 'team-a', 'team-a'),
    });
    expect(first.status).toBe(201);
    const second = await app.request('POST', PROJECTS('team-a'), {
      token: admin,
      body: project('a2', 'team-a', 'team-a'),
    });
    expect(second.status).toBe(422);
    expect(second.body.details.causes).toEqual([
      expect.objectContaining({ reason: 'PRJ004', field: 'spec.namespace' }),
    ]);
  });
});
