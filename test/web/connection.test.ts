/**
 * A lost connection (issue #9, bad input): the server goes away under an open page; the page says
 * so in a banner, keeps what it showed, and when the server is back (same data, same address) the
 * banner goes and the list's watch resumes from its resourceVersion: a bundle created meanwhile
 * appears without a reload.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundle, clusterProfile, NS } from '../../src/testing/builders.js';
import { startServerProcess } from '../e2e/serverProcess.js';
import { type BrowserWorld, postObject, startBrowserWorld } from './browser.js';

let w: BrowserWorld;
beforeAll(async () => {
  w = await startBrowserWorld({ width: 1920, height: 1080 });
}, 180_000);
afterAll(async () => w?.close());

const post = (path: string, body: object) => postObject(w, path, body);

describe('a lost connection', { timeout: 120_000 }, () => {
  it('shows a banner, keeps the page, and resumes the watch when the server is back', async () => {
    await post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
    await post(`/apis/spectrocloud.com/v1alpha1/namespaces/${NS}/clusterprofiles`, clusterProfile('edge'));
    await post(
      `/apis/spectrocloud.com/v1beta1/namespaces/${NS}/profilebundles`,
      bundle('before', 'Infrastructure', { clusterProfiles: ['edge'] }),
    );
    await w.signIn();
    await w.page.goto(`${w.server.url}/ns/${NS}/bundles`);
    const table = w.page.getByRole('table', { name: 'Profile bundles' });
    await table.getByRole('link', { name: 'before', exact: true }).waitFor();

    const port = w.server.port;
    expect(await w.server.stop()).toBe(0);
    await w.page.getByText('Connection lost', { exact: true }).waitFor();
    await table.getByRole('link', { name: 'before', exact: true }).waitFor(); // still shown

    const again = await startServerProcess(w.server.data, ['--listen', `127.0.0.1:${port}`]);
    w.server = again; // closed by the world's close()
    await post(
      `/apis/spectrocloud.com/v1beta1/namespaces/${NS}/profilebundles`,
      bundle('after', 'Infrastructure', { clusterProfiles: ['edge'] }),
    );
    await table.getByRole('link', { name: 'after', exact: true }).waitFor();
    await w.page.getByText('Connection lost', { exact: true }).waitFor({ state: 'detached' });
    expect(w.page.url()).toBe(`${again.url}/ns/${NS}/bundles`);
  });
});
