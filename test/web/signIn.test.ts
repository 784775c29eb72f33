/**
 * Sign-in like Jupyter (issue #9): the server prints an address with a token; opening it signs the
 * browser in and the token leaves the address bar. A wrong token is refused with a message; lists
 * follow the server live through a watch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundle, clusterProfile, NS } from '../../src/testing/builders.js';
import { type BrowserWorld, postObject, startBrowserWorld } from './browser.js';

let w: BrowserWorld;
beforeAll(async () => {
  w = await startBrowserWorld();
}, 180_000);
afterAll(async () => w?.close());

const post = (path: string, body: object) => postObject(w, path, body);

describe('signing in', { timeout: 90_000 }, () => {
  it('opens the printed address signed in, and takes the token out of the address bar', async () => {
    const printed = await w.server.signInUrl();
    expect(printed).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/\?token=\S+$/);
    await w.signIn();
    await w.page.getByRole('heading', { name: 'Profile bundles', exact: true }).waitFor();
    expect(w.page.url()).toBe(`${w.server.url}/ns/default/bundles`);
    expect(w.page.url()).not.toContain('token');
    await w.page.getByText('No profile bundles in this project yet').waitFor();
  });

  it('shows a project’s bundles after switching to it, and a new bundle appears without a reload', async () => {
    await post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
    await post(`/apis/spectrocloud.com/v1alpha1/namespaces/${NS}/clusterprofiles`, clusterProfile('edge'));
    await post(
      `/apis/spectrocloud.com/v1beta1/namespaces/${NS}/profilebundles`,
      bundle('edge-infra', 'Infrastructure', { clusterProfiles: ['edge'], engine: 'vllm' }),
    );
    await w.page
      .getByRole('textbox', { name: 'Project namespace' })
      .or(w.page.getByRole('combobox', { name: 'Project namespace' }))
      .first()
      .click();
    await w.page.getByRole('option', { name: NS }).click();
    await w.page.waitForURL(`**/ns/${NS}/bundles`);
    const table = w.page.getByRole('table', { name: 'Profile bundles' });
    await table.getByRole('link', { name: 'edge-infra' }).waitFor();
    await post(
      `/apis/spectrocloud.com/v1beta1/namespaces/${NS}/profilebundles`,
      bundle('edge-infra-2', 'Infrastructure', { clusterProfiles: ['edge'], version: '2.0.0' }),
    );
    await table.getByRole('link', { name: 'edge-infra-2' }).waitFor();
    expect(await table.getByRole('row').count()).toBe(3); // header + 2
  });

  it('refuses a wrong token on the sign-in page with a message, and signs in with the right one', async () => {
    await w.page.getByRole('button', { name: 'Sign out' }).click();
    await w.page.getByRole('heading', { name: 'Sign in to PaletteAI' }).waitFor();
    await w.page.getByLabel('Token').fill('not-a-token');
    await w.page.getByRole('button', { name: 'Sign in' }).click();
    await w.page.getByText('The server did not accept this token').waitFor();
    await w.page.getByLabel('Token').fill(w.server.token);
    await w.page.getByRole('button', { name: 'Sign in' }).click();
    await w.page.getByRole('navigation', { name: 'Main' }).waitFor();
  });
});
