/**
 * The Palette project's cluster profiles for the bundle wizard (issue #9): read through the
 * namespace's Settings with its API key Secret, answered as ClusterProfiles with their Palette uid;
 * a namespace without a Palette project is 404 saying what to use instead; Palette failing is a 503
 * naming it; the API key never appears.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakePalette, type FakePalette } from '../../src/providers/testing/fakePalette.js';
import { NS } from '../../src/testing/builders.js';
import { startHarness, type Harness } from './harness.js';

const KEY = 'palette-key-for-the-wizard-0123';
const PATH = `/apis/palette.spectrocloud.com/v1/namespaces/${NS}/clusterprofiles`;
let h: Harness;
let palette: FakePalette;
beforeAll(async () => {
  h = await startHarness();
  palette = await startFakePalette({ apiKey: KEY, projectUid: 'proj-1' });
  await h.api('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  const secret = await h.api('POST', `/api/v1/namespaces/${NS}/secrets`, {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'palette-creds', namespace: NS },
    stringData: { apiKey: KEY },
  });
  expect(secret.status).toBe(201);
  const settings = await h.api('POST', `/apis/spectrocloud.com/v1alpha1/namespaces/${NS}/settings`, {
    apiVersion: 'spectrocloud.com/v1alpha1',
    kind: 'Settings',
    metadata: { name: 'default', namespace: NS },
    spec: {
      palette: {
        endpoint: palette.url,
        projectUid: 'proj-1',
        apiKeySecretRef: { name: 'palette-creds', key: 'apiKey' },
      },
    },
  });
  expect(settings.status).toBe(201);
});
afterAll(async () => {
  await palette?.close();
  await h?.close();
});

describe('Palette cluster profiles for the wizard', () => {
  it('lists the project’s published profiles as ClusterProfiles with their Palette uid', async () => {
    const r = await h.api('GET', PATH);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.kind).toBe('ClusterProfileList');
    const infra = r.body.items.find((p: any) => p.spec.uid === 'cp-infra-1');
    expect(infra).toMatchObject({
      kind: 'ClusterProfile',
      metadata: { namespace: NS, labels: { 'palette.ai/cluster-profile': 'edge-ubuntu-k3s-gpu' } },
      spec: { type: 'Infrastructure', cloudType: 'edge-native' },
    });
    expect(palette.requests.every((q) => q.headers['apikey'] === KEY)).toBe(true);
  });

  it('is 404 for a namespace whose Settings name no Palette project, saying what to use', async () => {
    const r = await h.api('GET', '/apis/palette.spectrocloud.com/v1/namespaces/other/clusterprofiles');
    expect(r.status).toBe(404);
    expect(r.body.message).toContain('name no Palette project');
  });

  it('is 503 naming Palette when it fails, without the API key', async () => {
    palette.failNext(500, 1, 'internal error');
    const r = await h.api('GET', PATH);
    expect(r.status).toBe(503);
    expect(r.body.message).toContain(`Palette (${palette.url})`);
    expect(JSON.stringify(r.body)).not.toContain(KEY);
  });

  it('needs the right to list cluster profiles in the namespace', async () => {
    const viewer = await h.server.ctx.tokens.create({ name: 'v-other', role: 'viewer', namespace: 'other' });
    expect((await h.api('GET', PATH, undefined, { token: viewer })).status).toBe(403);
  });
});
