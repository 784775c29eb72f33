/**
 * The Studio in the browser (issue #9 item 4): the catalog, a catalog bundle imported into a fresh
 * project namespace with a variable value (dry run first, then the report, then the bundle Ready in
 * the bundle list), and the same bundle against project-melbourne, where it conflicts: the page
 * names the lowered version and the bundles, pools and deployments it would change, and writes nothing.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../e2e/serverProcess.js';
import { applyExamples, type BrowserWorld, postObject, screenshot, startBrowserWorld } from './browser.js';

const execFileAsync = promisify(execFile);
let w: BrowserWorld;
/** Console errors of the page, but for the browser's own line about an answer the test expects (409). */
const consoleErrors: string[] = [];
const MEL = 'project-melbourne';
const DEMO = 'studio-demo';
const PB = (ns: string, name: string) =>
  `/apis/spectrocloud.com/v1beta1/namespaces/${ns}/profilebundles/${name}`;

const post = (path: string, body: object) => postObject(w, path, body);
const get = async (path: string) => (await w.server.client().request('GET', path)).json as any;

beforeAll(async () => {
  w = await startBrowserWorld();
  w.page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) consoleErrors.push(m.text());
  });
  await applyExamples(w);
  // A pool built on vllm-llama3, which shares the vllm-server profile with the catalog's vllm-model.
  await post(`/apis/spectrocloud.com/v1alpha1/namespaces/${MEL}/computepools`, {
    apiVersion: 'spectrocloud.com/v1alpha1',
    kind: 'ComputePool',
    metadata: { name: 'llama-pool', namespace: MEL },
    spec: { profileBundleRef: { name: 'vllm-llama3' }, clusterVariant: { dedicated: {} } },
  });
  await post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: DEMO } });
}, 180_000);
afterAll(async () => w?.close());

describe('the Studio', { timeout: 90_000 }, () => {
  it('lists the catalog as cards, filtered by type and search', async () => {
    await w.signIn();
    await w.page.goto(`${w.server.url}/ns/${DEMO}/studio`);
    const cards = w.page.getByRole('list', { name: 'Catalog bundles' });
    await cards.getByRole('link', { name: 'vllm-model', exact: true }).waitFor();
    expect(await cards.getByRole('listitem').count()).toBe(11);
    await screenshot(w.page, '04-studio-catalog');
    // Mantine's segmented control hides its radio inputs under their labels: click the label.
    await w.page
      .locator('label')
      .filter({ hasText: /^Fullstack$/ })
      .click();
    await cards.getByRole('link', { name: 'vllm-model', exact: true }).waitFor({ state: 'detached' });
    expect(await cards.getByRole('listitem').count()).toBe(1);
    await w.page.locator('label').filter({ hasText: /^All$/ }).click();
    await w.page.getByRole('textbox', { name: 'Search the catalog' }).fill('inference-engine=vllm');
    await cards.getByRole('link', { name: 'edge-gpu-infra', exact: true }).waitFor();
    expect(await cards.getByRole('link', { name: 'mlflow', exact: true }).count()).toBe(0);
  });

  it('imports vllm-model into a fresh namespace with a value: dry run, report, then the bundle is Ready', async () => {
    await w.page
      .getByRole('list', { name: 'Catalog bundles' })
      .getByRole('link', { name: 'vllm-model', exact: true })
      .click();
    await w.page.waitForURL(`**/ns/${DEMO}/studio/vllm-model`);
    expect(await w.page.getByRole('textbox', { name: 'Target namespace' }).inputValue()).toBe(DEMO);
    // The dry run ran on its own: contents and what would be created.
    await w.page
      .getByText(`Dry run: vllm-model 1.0.0 (Application) would be imported into ${DEMO}`)
      .waitFor();
    await w.page.getByRole('table', { name: 'Contents' }).getByText('WorkloadProfile').waitFor();
    await w.page.getByRole('textbox', { name: /^modelId/ }).fill('Qwen/Qwen2.5-7B-Instruct');
    // Its dry run again with the value, then Import.
    await w.page.getByText('Checking the import (dry run)…').waitFor({ state: 'detached' });
    await w.page
      .getByText(`Dry run: vllm-model 1.0.0 (Application) would be imported into ${DEMO}`)
      .waitFor();
    expect(await get(PB(DEMO, 'vllm-model'))).toMatchObject({ reason: 'NotFound' });
    await w.page.getByRole('button', { name: 'Import', exact: true }).click();
    const heading = w.page.getByRole('heading', {
      name: `Imported vllm-model 1.0.0 (Application) into ${DEMO}`,
    });
    await heading.waitFor();
    const report = w.page.getByRole('table', { name: 'Imported objects' });
    expect(await report.getByText('created', { exact: true }).count()).toBeGreaterThan(1);
    await w.page.getByText('Values set: modelId=Qwen/Qwen2.5-7B-Instruct').waitFor();
    await screenshot(w.page, '05-studio-import');
    const stored = await get(PB(DEMO, 'vllm-model'));
    expect(stored.spec.variableSet.variables).toContainEqual(
      expect.objectContaining({ name: 'modelId', value: { string: 'Qwen/Qwen2.5-7B-Instruct' } }),
    );
    expect(await w.page.getByRole('link', { name: 'vllm-model', exact: true }).getAttribute('href')).toBe(
      `/ns/${DEMO}/bundles/vllm-model`,
    );
    await w.page.goto(`${w.server.url}/ns/${DEMO}/bundles`);
    const row = w.page
      .getByRole('table', { name: 'Profile bundles' })
      .getByRole('row')
      .filter({ hasText: 'vllm-model' });
    await row.getByText('Ready', { exact: true }).waitFor();
    // The imported profile's page names the bundle that uses it.
    await w.page.goto(`${w.server.url}/ns/${DEMO}/workloadprofiles/vllm-server`);
    await w.page
      .getByLabel('Bundles using this profile')
      .getByRole('link', { name: 'vllm-model', exact: true })
      .waitFor();
  });

  it('against project-melbourne shows the conflict and what it would change, and writes nothing', async () => {
    const before = await get(PB(MEL, 'vllm-model'));
    await w.page.goto(`${w.server.url}/ns/${MEL}/studio/vllm-model`);
    const conflict = w.page
      .getByRole('alert')
      .filter({ hasText: 'The import conflicts with what the namespace holds' });
    await conflict.waitFor();
    await conflict
      .getByRole('list', { name: 'Lowers the version' })
      .getByText('ProfileBundle "vllm-model" would go from version 1.10.0 down to 1.0.0')
      .waitFor();
    const shared = conflict.getByRole('list', { name: 'Other objects of the namespace would change' });
    await shared
      .getByText('ProfileBundle "vllm-llama3" would change: it uses WorkloadProfile vllm-server')
      .waitFor();
    await shared
      .getByText('ComputePool "llama-pool" would change: it uses ProfileBundle vllm-llama3')
      .waitFor();
    // The overwrite names what it changes; until it is ticked, Import stays disabled.
    const overwrite = conflict.getByRole('checkbox', {
      name: /^Overwrite: replace .*WorkloadProfile vllm-server/,
    });
    await overwrite.waitFor();
    const label = (await conflict.getByText(/^Overwrite: replace/).textContent()) ?? '';
    expect(label).toContain('lower vllm-model from 1.10.0 to 1.0.0');
    expect(label).toContain('ComputePool llama-pool');
    expect(await w.page.getByRole('button', { name: 'Import', exact: true }).isDisabled()).toBe(true);
    await overwrite.check();
    expect(await w.page.getByRole('button', { name: 'Import', exact: true }).isDisabled()).toBe(false);
    const after = await get(PB(MEL, 'vllm-model'));
    expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
    expect(after.spec.version).toBe('1.10.0');
  });
});

describe('an uploaded archive', { timeout: 90_000 }, () => {
  it('is imported with the same dry run and report, from the catalog page', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'paletteai-upload-'));
    const file = join(dir, 'mlflow.tar.gz');
    await execFileAsync(process.execPath, [BIN, 'studio', 'pull', 'mlflow', '-o', file], { timeout: 60_000 });
    await w.page.goto(`${w.server.url}/ns/${DEMO}/studio`);
    await w.page.getByRole('list', { name: 'Catalog bundles' }).waitFor();
    const chooser = w.page.waitForEvent('filechooser');
    await w.page.getByRole('button', { name: 'Upload archive' }).click();
    await (await chooser).setFiles(file);
    const dialog = w.page.getByRole('dialog', { name: 'Import mlflow.tar.gz' });
    await dialog.getByText(`Dry run: mlflow 1.0.0 (Application) would be imported into ${DEMO}`).waitFor();
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await dialog.getByRole('heading', { name: `Imported mlflow 1.0.0 (Application) into ${DEMO}` }).waitFor();
    expect((await get(PB(DEMO, 'mlflow'))).spec.version).toBe('1.0.0');
    await rm(dir, { recursive: true, force: true });
  });
});

// Last: after every page of the file was used.
it('leaves no error in the browser console', () => expect(consoleErrors).toEqual([]));
