/**
 * The bundle wizard in a project whose Settings name a Palette project (issue #9 item 3): the main
 * picker offers Palette's published Infrastructure/Full edge-native profiles, not the project's
 * local ones; the picked profile is copied into the project with its Palette uid and the bundle
 * made on it turns Ready. Palette is a local stand-in answering the documented shapes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakePalette, type FakePalette } from '../../src/providers/testing/fakePalette.js';
import { clusterProfile } from '../../src/testing/builders.js';
import { type BrowserWorld, postObject, startBrowserWorld } from './browser.js';

const NS = 'edge-team';
const KEY = 'palette-api-key-for-the-browser-test';
let w: BrowserWorld;
let palette: FakePalette;

const post = (path: string, body: object) => postObject(w, path, body);

beforeAll(async () => {
  palette = await startFakePalette({ apiKey: KEY, projectUid: 'proj-edge' });
  w = await startBrowserWorld();
  await post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  await post(`/api/v1/namespaces/${NS}/secrets`, {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'palette-creds', namespace: NS },
    stringData: { apiKey: KEY },
  });
  await post(`/apis/spectrocloud.com/v1alpha1/namespaces/${NS}/settings`, {
    apiVersion: 'spectrocloud.com/v1alpha1',
    kind: 'Settings',
    metadata: { name: 'default', namespace: NS },
    spec: {
      palette: {
        endpoint: palette.url,
        projectUid: 'proj-edge',
        apiKeySecretRef: { name: 'palette-creds', key: 'apiKey' },
      },
    },
  });
  // A local profile the wizard must not offer while the project builds on Palette.
  await post(`/apis/spectrocloud.com/v1alpha1/namespaces/${NS}/clusterprofiles`, {
    ...clusterProfile('local-edge'),
    metadata: { name: 'local-edge', namespace: NS },
  });
}, 180_000);
afterAll(async () => {
  await w?.close();
  await palette?.close();
});

describe('the bundle wizard on Palette', { timeout: 120_000 }, () => {
  it('offers the Palette project’s profiles, copies the picked one in with its uid, and the bundle is Ready', async () => {
    const page = w.page;
    await w.signIn();
    await page.goto(`${w.server.url}/ns/${NS}/bundles-new`);
    await page.getByRole('heading', { name: 'Create a profile bundle' }).waitFor();
    await page.getByRole('textbox', { name: /^Name/ }).fill('edge-from-palette');
    await page.getByLabel('Bundle type').getByText('Infrastructure', { exact: true }).click();
    await page.getByRole('textbox', { name: /^Version/ }).fill('1.0.0');
    const next = page.getByRole('button', { name: 'Next', exact: true });
    await next.click();

    await page.getByText('Cluster profiles from Palette').waitFor();
    const main = page.getByRole('radiogroup', { name: /Infrastructure or Full cluster profile/ });
    const fromPalette = main.getByRole('radio', { name: 'edge-ubuntu-k3s-gpu-1-0-0' });
    await fromPalette.waitFor();
    expect(await page.getByRole('radio', { name: 'local-edge' }).count()).toBe(0);
    await fromPalette.check();
    await next.click(); // workload profiles (none needed for Infrastructure)
    await next.click(); // variables
    await next.click(); // review
    await page.getByRole('button', { name: 'Create', exact: true }).click();

    await page.getByRole('heading', { name: 'edge-from-palette', exact: true }).waitFor();
    await page.getByText('Ready', { exact: true }).first().waitFor();
    const copied = await w.server
      .client()
      .request(
        'GET',
        `/apis/spectrocloud.com/v1alpha1/namespaces/${NS}/clusterprofiles/edge-ubuntu-k3s-gpu-1-0-0`,
      );
    expect(copied.status).toBe(200);
    expect(JSON.parse(copied.text).spec).toMatchObject({ uid: 'cp-infra-1', type: 'Infrastructure' });
  });
});
