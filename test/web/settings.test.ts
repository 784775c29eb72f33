/**
 * Project settings in a real browser (issue #9 item 8): the example project's Model-as-a-Service
 * mappings edited with the PRJ002 warning shown live and cleared before saving, and the OCI registry
 * set in Settings with a Secret reference (REF001 while it names a missing Secret).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Project, Settings } from '../../src/model/index.js';
import { applyExamples, screenshot, startBrowserWorld, type BrowserWorld } from './browser.js';

const NS = 'project-melbourne';
let w: BrowserWorld;
const errors: string[] = [];

beforeAll(async () => {
  w = await startBrowserWorld();
  w.page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await applyExamples(w);
}, 180_000);
afterAll(async () => w?.close());

const get = async <T>(path: string): Promise<T> => {
  const r = await w.server.client().request('GET', path);
  expect(r.status, r.text).toBe(200);
  return r.json as T;
};

describe('project settings', { timeout: 90_000 }, () => {
  it('edits a mapping priority into a PRJ002 collision, shows the warning, and saves the fix', async () => {
    await w.signIn();
    await w.page.goto(`${w.server.url}/ns/${NS}/settings`);
    await w.page.getByRole('heading', { name: 'Project settings', exact: true }).waitFor();
    await w.page.getByText('Project melbourne', { exact: false }).first().waitFor();
    const page = w.page;
    // A catch-all Hugging Face mapping below the others: no collision yet.
    await page.getByRole('button', { name: 'Add mapping', exact: true }).click();
    const added = page.getByRole('group', { name: 'Mapping mapping-4', exact: true });
    await added.getByRole('textbox', { name: 'Name' }).fill('hf-any');
    const any = page.getByRole('group', { name: 'Mapping hf-any', exact: true });
    await any.getByRole('textbox', { name: 'Match value 1', exact: true }).fill('*');
    await any.getByRole('textbox', { name: 'Bundle selector labels value 1', exact: true }).fill('vllm');
    await page.getByText('The server accepts these mappings.').waitFor();
    expect(await page.getByText(/PRJ002/).count()).toBe(0);

    // Priority 100 is hf-llama-on-vllm's, and "*" matches every Llama id: PRJ002 at this priority.
    const priority = any.getByRole('textbox', { name: 'Priority', exact: true });
    await priority.fill('100');
    await any
      .getByText(/PRJ002 mappings "hf-llama-on-vllm" and "hf-any" have the same priority 100/)
      .waitFor();
    await page.getByRole('alert').filter({ hasText: '1 finding in the mappings' }).waitFor();

    // The preview runs the planner on the edited mappings.
    await page
      .getByRole('textbox', { name: 'Model id', exact: true })
      .fill('meta-llama/Llama-3.1-8B-Instruct');
    // Equal priorities: the first by name wins, as PRJ002 says.
    await page.getByText('Mapping hf-any applies', { exact: true }).waitFor();
    // The top of the tab: the finding, the tie going to "hf-any" and the bundle it would choose.
    await page.getByRole('heading', { name: 'Project settings', exact: true }).scrollIntoViewIfNeeded();
    await page.getByText('It would deploy bundle', { exact: false }).waitFor();
    await screenshot(page, '10-settings-maas');

    await priority.fill('90');
    await page.getByText('Mapping hf-llama-on-vllm applies', { exact: true }).waitFor();
    expect(await page.getByText(/PRJ002/).count()).toBe(0);
    await page.getByText('The server accepts these mappings.').waitFor();
    await page.getByRole('button', { name: 'Save mappings', exact: true }).click();
    await page.getByText('Saved.', { exact: true }).waitFor();

    const stored = await get<Project>(
      `/apis/spectrocloud.com/v1alpha1/namespaces/tenant-acme/projects/melbourne`,
    );
    expect(stored.spec.maasMappings?.find((m) => m.name === 'hf-any')).toEqual({
      name: 'hf-any',
      priority: 90,
      source: 'huggingface',
      match: { id: '*' },
      profileBundleSelector: { matchLabels: { 'palette.ai/inference-engine': 'vllm' } },
    });
    expect(stored.spec.maasMappings).toHaveLength(4);
    // The controller lints the saved mappings into MappingsLinted, shown live.
    await page
      .getByRole('table', { name: 'Conditions' })
      .getByRole('cell', { name: 'MappingsLinted', exact: true })
      .waitFor();
  });

  it('sets the OCI registry with a Secret reference, warning while the Secret does not exist', async () => {
    const page = w.page;
    await page.getByRole('tab', { name: 'Settings', exact: true }).click();
    await page.waitForURL(`**/ns/${NS}/settings?tab=settings`);
    const url = page.getByRole('textbox', { name: 'Registry URL', exact: true });
    await url.waitFor();
    // The stored Settings are shown: the Hugging Face token Secret of the example.
    expect(
      await page.getByRole('combobox', { name: 'Hugging Face token Secret', exact: true }).inputValue(),
    ).toBe('hf');
    await url.fill('harbor.acme.internal/paletteai');
    // The server's dry run refuses it (SCH005), shown at the URL field.
    await page
      .getByRole('group', { name: 'OCI registry', exact: true })
      .getByText(/SCH005 expected a URL starting with oci:\/\//)
      .waitFor();
    expect(await page.getByRole('button', { name: 'Save settings', exact: true }).isDisabled()).toBe(true);
    await url.fill('oci://harbor.acme.internal/paletteai/melbourne');
    const secret = page.getByRole('combobox', { name: 'Registry credentials Secret', exact: true });
    await secret.fill('registry-credz');
    await page.getByText(/REF001 Secret "registry-credz" not found/).waitFor();
    await secret.fill('registry-creds');
    await page.keyboard.press('Escape');
    expect(await page.getByText(/REF001/).count()).toBe(0);
    await page.getByText('The server accepts these settings.').waitFor();
    await page.getByRole('button', { name: 'Save settings', exact: true }).click();
    await page.getByText('Saved.', { exact: true }).waitFor();
    const stored = await get<Settings>(`/apis/spectrocloud.com/v1alpha1/namespaces/${NS}/settings/default`);
    expect(stored.spec.ociRegistry).toEqual({
      url: 'oci://harbor.acme.internal/paletteai/melbourne',
      credentialsSecretRef: { name: 'registry-creds' },
    });
    expect(stored.spec.huggingFace).toEqual({ tokenSecretRef: { name: 'hf', key: 'token' } });
    // The deliberate refusal above is the browser's only complaint (it logs every 4xx answer).
    expect(errors.filter((e) => !e.includes('status of 422'))).toEqual([]);
  });

  it('offers to create the Project of a namespace no project serves, and then edits its mappings', async () => {
    const page = w.page;
    await page.goto(`${w.server.url}/ns/team-x/settings`);
    await page.getByRole('heading', { name: 'No project serves this namespace', exact: true }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Project name', exact: true }).inputValue()).toBe(
      'team-x',
    );
    await page.getByRole('textbox', { name: 'Tenant namespace', exact: true }).fill('tenant-acme');
    await page.getByRole('button', { name: 'Create project', exact: true }).click();
    await page.getByRole('button', { name: 'Add mapping', exact: true }).waitFor();
    await page.getByText('No mappings: a model deployment must name its bundle.', { exact: false }).waitFor();
    const created = await get<Project>(
      '/apis/spectrocloud.com/v1alpha1/namespaces/tenant-acme/projects/team-x',
    );
    expect(created.spec).toEqual({ namespace: 'team-x', settingsRef: { name: 'default' } });
  });
});
