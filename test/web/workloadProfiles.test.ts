/**
 * Workload profiles in the browser (issue #9 item 5): the editor checks the profile with the
 * server's dry run as it is typed (an issue shows at the component's properties), creates it with
 * one call, and the list shows it with its type and component count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postObject, screenshot, startBrowserWorld, type BrowserWorld } from './browser.js';

let w: BrowserWorld;
/** Console errors of the page, but for the browser's own line about an answer the test expects (422). */
const consoleErrors: string[] = [];
const NS = 'team-web';
const WP = `/apis/spectrocloud.com/v1beta1/namespaces/${NS}/workloadprofiles`;

beforeAll(async () => {
  w = await startBrowserWorld();
  w.page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) consoleErrors.push(m.text());
  });
  const r = await w.server
    .client()
    .request(
      'POST',
      '/api/v1/namespaces',
      JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }),
      {
        'content-type': 'application/json',
      },
    );
  expect(r.status, r.text).toBe(201);
}, 180_000);
afterAll(async () => w?.close());

describe('workload profiles', { timeout: 90_000 }, () => {
  it('creates a profile with the components editor, the server’s issues at the fields, then lists it', async () => {
    await w.signIn();
    await w.page.goto(`${w.server.url}/ns/${NS}/workloadprofiles`);
    await w.page.getByText('No workload profiles in this project yet').waitFor();
    await w.page.getByRole('link', { name: 'Create workload profile' }).click();
    await w.page.waitForURL(`**/ns/${NS}/workloadprofiles-new`);
    await w.page.getByRole('textbox', { name: 'Name', exact: true }).fill('chat-ui');
    const props = w.page.getByRole('textbox', { name: 'Component 1 properties (YAML)' });
    // A helm chart from a repository the namespace lacks: a warning at the properties (the server
    // accepts the profile and reports the reference in its ResolvedRefs condition).
    await props.fill('repository: no-such-repo\nchart: web\nversion: 1.0.0\n');
    await w.page
      .getByText(/^WP004: repository "no-such-repo" is neither a HelmRepository nor an OCIRepository/)
      .waitFor();
    await w.page.getByText('The server accepts this profile (dry run).').waitFor();
    await w.page.getByRole('textbox', { name: 'Component 1 name' }).fill('web');
    await w.page.getByRole('combobox', { name: 'Component 1 type' }).click();
    await w.page.getByRole('option', { name: 'webservice' }).click();
    await props.fill('image: ghcr.io/open-webui/open-webui:0.5.4\nport: 8080\n');
    await w.page.getByText('The server accepts this profile (dry run).').waitFor();
    // A second component under the same name: the server's dry run refuses it at that name (WP001).
    await w.page.getByRole('button', { name: 'Add component' }).click();
    const second = w.page.getByRole('textbox', { name: 'Component 2 name' });
    await second.fill('web');
    await w.page.getByRole('combobox', { name: 'Component 2 type' }).click();
    await w.page.getByRole('option', { name: 'manifests' }).click();
    await w.page
      .getByRole('textbox', { name: 'Component 2 properties (YAML)' })
      .fill('objects:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: chat-config\n');
    await w.page.getByText('The server refuses this profile: see the fields.').waitFor();
    expect(await second.getAttribute('aria-invalid')).toBe('true');
    await w.page.getByText(/^WP001: component name "web" is used twice/).waitFor();
    expect(await w.page.getByRole('button', { name: 'Create workload profile' }).isDisabled()).toBe(true);
    await second.fill('config');
    await w.page.getByRole('button', { name: 'Add variable' }).click();
    await w.page.getByRole('textbox', { name: 'Variable 1 name' }).fill('title');
    await w.page.getByRole('textbox', { name: 'Variable 1 default' }).fill('Chat');
    await w.page.getByText('The server accepts this profile (dry run).').waitFor();
    expect((await w.server.client().request('GET', WP)).json).toMatchObject({ items: [] });
    await w.page.getByRole('button', { name: 'Create workload profile' }).click();
    await w.page.waitForURL(`**/ns/${NS}/workloadprofiles/chat-ui`);
    await w.page.getByRole('group', { name: 'Component web' }).getByText('webservice').waitFor();
    const stored = (await w.server.client().request('GET', `${WP}/chat-ui`)).json as any;
    expect(stored.spec.workload.components.map((c: any) => `${c.name}:${c.type}`)).toEqual([
      'web:webservice',
      'config:manifests',
    ]);
    expect(stored.spec.variables).toEqual([
      { name: 'title', variableType: 'string', value: { string: 'Chat' } },
    ]);
    await w.page.getByRole('link', { name: 'Workload profiles', exact: true }).first().click();
    const row = w.page
      .getByRole('table', { name: 'Workload profiles' })
      .getByRole('row')
      .filter({ hasText: 'chat-ui' });
    await row.waitFor();
    expect(await row.textContent()).toContain('Application');
    expect(await row.getByRole('cell').nth(3).textContent()).toBe('2');
  });

  it('clones a profile: the editor starts from its components, the copy is listed next to it', async () => {
    await w.page.goto(`${w.server.url}/ns/${NS}/workloadprofiles/chat-ui`);
    await w.page.getByRole('link', { name: 'Clone' }).click();
    await w.page.waitForURL(`**/ns/${NS}/workloadprofiles-new?clone=chat-ui`);
    expect(await w.page.getByRole('textbox', { name: 'Name', exact: true }).inputValue()).toBe(
      'chat-ui-copy',
    );
    expect(await w.page.getByRole('textbox', { name: 'Component 2 name' }).inputValue()).toBe('config');
    // Swap the order: the copy deploys its config first.
    await w.page.getByRole('button', { name: 'Move component 2 up' }).click();
    await w.page.getByText('The server accepts this profile (dry run).').waitFor();
    await w.page.getByRole('button', { name: 'Create workload profile' }).click();
    await w.page.waitForURL(`**/ns/${NS}/workloadprofiles/chat-ui-copy`);
    const copy = (await w.server.client().request('GET', `${WP}/chat-ui-copy`)).json as any;
    expect(copy.spec.workload.components.map((c: any) => c.name)).toEqual(['config', 'web']);
    await w.page.goto(`${w.server.url}/ns/${NS}/workloadprofiles`);
    const table = w.page.getByRole('table', { name: 'Workload profiles' });
    await table.getByRole('link', { name: 'chat-ui-copy', exact: true }).waitFor();
    await w.page.getByRole('textbox', { name: 'Search workload profiles' }).fill('copy');
    await table.getByRole('link', { name: 'chat-ui', exact: true }).waitFor({ state: 'detached' });
  });

  it('lists the revisions, the bundles that deploy each, and an earlier spec when opened', async () => {
    const client = w.server.client();
    const patched = await client.request(
      'PATCH',
      `${WP}/chat-ui`,
      JSON.stringify({ spec: { description: 'Chat, second cut' } }),
      { 'content-type': 'application/merge-patch+json' },
    );
    expect(patched.status, patched.text).toBe(200);
    const bundleOf = (name: string, revision?: number) => ({
      apiVersion: 'spectrocloud.com/v1beta1',
      kind: 'ProfileBundle',
      metadata: { name, namespace: NS },
      spec: {
        type: 'Application',
        version: '1.0.0',
        workloadProfiles: [{ name: 'chat-ui', ...(revision ? { revision } : {}) }],
      },
    });
    await postObject(
      w,
      `/apis/spectrocloud.com/v1beta1/namespaces/${NS}/profilebundles`,
      bundleOf('chat-first', 1),
    );
    await postObject(
      w,
      `/apis/spectrocloud.com/v1beta1/namespaces/${NS}/profilebundles`,
      bundleOf('chat-latest'),
    );
    await w.page.goto(`${w.server.url}/ns/${NS}/workloadprofiles/chat-ui`);
    // The bundles that deploy each revision load after the revisions: wait for them, do not read
    // the button once (it could still be "Revision 1 2 components" without them).
    const first = w.page
      .getByRole('button', { name: 'Revision 1', exact: true })
      .filter({ hasText: 'chat-first (pinned)' });
    await first.waitFor();
    await w.page
      .getByRole('button', { name: 'Revision 2', exact: true })
      .filter({ hasText: /current.*chat-latest/ })
      .waitFor();
    await first.click();
    const opened = w.page.locator('pre:visible').filter({ hasText: 'components:' });
    await opened.waitFor();
    const text = (await opened.textContent()) ?? '';
    expect(text).toContain('image: ghcr.io/open-webui/open-webui:0.5.4');
    expect(text).not.toContain('Chat, second cut'); // revision 1 had no description
    await w.page.getByRole('heading', { name: 'Revisions' }).evaluate((e) => {
      e.scrollIntoView();
      e.ownerDocument.defaultView?.scrollBy(0, -80); // below the app's header
    });
    await screenshot(w.page, '11-workload-profile-revisions');
  });
});

// Last: after every page of the file was used.
it('leaves no error in the browser console', () => expect(consoleErrors).toEqual([]));
