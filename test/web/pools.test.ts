/**
 * Compute pools in the browser (issue #9 item 6): a shared pool made with the form from an
 * Infrastructure bundle reaches Planned and shows its plan and cluster on its page; a pool whose
 * name is taken is refused with the server's message at the name, and nothing is created.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NS } from '../../src/testing/builders.js';
import { to } from '../../web/src/app/paths.js';
import { applyExamples, screenshot, startBrowserWorld, type BrowserWorld } from './browser.js';

let w: BrowserWorld;
beforeAll(async () => {
  w = await startBrowserWorld();
  await applyExamples(w);
}, 180_000);
afterAll(async () => w?.close());

const pools = `/apis/spectrocloud.com/v1alpha1/namespaces/${NS}/computepools`;

describe('compute pools', { timeout: 90_000 }, () => {
  it('creates a shared pool from an Infrastructure bundle with the form; it reaches Planned with its plan', async () => {
    const problems: string[] = [];
    w.page.on('pageerror', (e) => problems.push(e.message));
    w.page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    await w.signIn();
    await w.page.goto(`${w.server.url}${to.newPool(NS)}`);
    await w.page.getByRole('heading', { name: 'Create compute pool', exact: true }).waitFor();
    const form = w.page.getByRole('form', { name: 'Compute pool' });
    // Only Infrastructure and Fullstack bundles are offered; Application ones are not.
    const gpu = form.getByRole('radio', { name: /^edge-gpu-infra/ });
    await gpu.waitFor();
    expect(await form.getByRole('radio', { name: /^applications/ }).count()).toBe(0);
    await expect.poll(() => gpu.isEnabled(), { timeout: 20_000 }).toBe(true);
    await form.getByRole('textbox', { name: 'Name' }).fill('gpu-pool-b');
    await gpu.check();
    expect(await form.getByRole('radio', { name: /^Shared/ }).isChecked()).toBe(true);
    await form.getByRole('textbox', { name: /cacheRetentionDays/ }).fill('14');
    const preview = w.page.getByRole('region', { name: 'Plan preview' });
    const deployed = preview.getByRole('region', { name: 'Deployed' });
    await deployed.getByText('nvidia-gpu-operator', { exact: true }).waitFor();
    await deployed.getByText('gpu-metrics', { exact: true }).waitFor();
    await w.page.getByText('The server accepts this pool (dry run).').waitFor();
    await screenshot(w.page, '06-pool-create');
    await form.getByRole('button', { name: 'Create pool' }).click();

    await w.page.waitForURL(`**${to.pool(NS, 'gpu-pool-b')}`);
    const heading = w.page.getByRole('heading', { level: 2 });
    await heading.getByText('Planned', { exact: true }).waitFor({ timeout: 30_000 });
    const plan = w.page.getByRole('region', { name: 'Plan', exact: true });
    for (const part of [
      'edge-ubuntu-k3s-gpu',
      'nvidia-gpu-operator',
      'monitoring',
      'gpu-metrics',
      'model-cache-cleanup',
    ])
      await plan.getByText(part, { exact: true }).waitFor();
    await plan.getByText('Nothing is ignored: every part of the bundles is deployed.').waitFor();
    // The provider "none" recorded the cluster plan with the override the form sent.
    const cluster = w.page.getByRole('region', { name: 'Cluster', exact: true });
    await cluster.getByText('none', { exact: true }).waitFor();
    const variable = cluster.getByRole('table', { name: 'Variables of the plan' }).getByRole('row', {
      name: /cacheRetentionDays/,
    });
    expect(await variable.textContent()).toContain('14');
    await w.page
      .getByRole('table', { name: 'Workload deployments of the pool' })
      .getByText('gpu-pool-b-gpu-metrics', { exact: true })
      .waitFor();
    // The controller's Event is on the timeline, next to the conditions.
    const timeline = w.page.getByRole('region', { name: 'Timeline', exact: true });
    await timeline.getByText(/2 workload profile\(s\) of bundle edge-gpu-infra 1\.3\.0/).waitFor();
    await timeline.getByText('UpToDate True (UpToDate)', { exact: true }).waitFor();
    await screenshot(w.page, '07-pool-detail');

    const stored = await w.server.client().request('GET', `${pools}/gpu-pool-b`);
    const pool = JSON.parse(stored.text) as { spec: Record<string, unknown> };
    expect(pool.spec).toEqual({
      profileBundleRef: { name: 'edge-gpu-infra' },
      clusterVariant: { shared: {} },
      variables: { cacheRetentionDays: 14 },
    });
    expect(problems).toEqual([]);
  });

  it("refuses a dedicated pool whose name is taken, with the server's message at the name", async () => {
    await w.page.goto(`${w.server.url}${to.newPool(NS)}`);
    const form = w.page.getByRole('form', { name: 'Compute pool' });
    await form.getByRole('textbox', { name: 'Name' }).fill('cpu-pool');
    await form.getByRole('radio', { name: /^edge-cpu-infra/ }).check();
    await form.getByRole('radio', { name: /^Dedicated/ }).check();
    const name = form.getByRole('textbox', { name: 'Name' });
    // The dry run already says so; Create is refused with the same answer.
    await form.getByText(/AlreadyExists: .*"cpu-pool" already exists/).waitFor();
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    await form.getByRole('button', { name: 'Create pool' }).click();
    await form.getByText(/AlreadyExists: .*"cpu-pool" already exists/).waitFor();
    expect(w.page.url()).toContain(to.newPool(NS));
    const stored = await w.server.client().request('GET', `${pools}/cpu-pool`);
    expect((JSON.parse(stored.text) as { spec: { clusterVariant: object } }).spec.clusterVariant).toEqual({
      shared: {},
    });
  });

  it('lists the example project’s bundles', async () => {
    await w.page.goto(`${w.server.url}${to.bundles(NS)}`);
    const table = w.page.getByRole('table', { name: 'Profile bundles' });
    await table.getByRole('link', { name: 'vllm-model', exact: true }).waitFor();
    await w.page.getByText(/^\d+ bundles$/).waitFor();
    await screenshot(w.page, '01-bundle-list');
  });

  it('lists the pools, shows the deployments on one, and shows the server refusing to delete it while used, and what changed in its bundle', async () => {
    await w.page.goto(`${w.server.url}${to.pools(NS)}`);
    const table = w.page.getByRole('table', { name: 'Compute pools' });
    const row = table.getByRole('row', { name: /^gpu-pool-a / });
    await row.waitFor();
    expect(await row.textContent()).toContain('edge-gpu-infra');
    await w.page.getByRole('textbox', { name: 'Search pools' }).fill('cpu');
    await table.getByRole('link', { name: 'cpu-pool', exact: true }).waitFor();
    await expect.poll(() => table.getByRole('link', { name: 'gpu-pool-a', exact: true }).count()).toBe(0);
    await w.page.getByRole('textbox', { name: 'Search pools' }).fill('');
    await table.getByRole('link', { name: 'gpu-pool-a', exact: true }).click();

    await w.page.waitForURL(`**${to.pool(NS, 'gpu-pool-a')}`);
    const on = w.page.getByRole('table', { name: 'Deployments on the pool' });
    const link = on.getByRole('link', { name: 'llama-chat', exact: true });
    expect(await link.getAttribute('href')).toBe(to.deployment(NS, 'llama-chat'));
    await w.page.getByRole('button', { name: 'Delete', exact: true }).click();
    await w.page.getByRole('button', { name: 'Delete pool', exact: true }).click();
    const alert = w.page.getByRole('alert').filter({ hasText: 'The pool is still in use' });
    await alert.getByText(/is referenced by .*llama-chat/).waitFor();
    const still = await w.server.client().request('GET', `${pools}/gpu-pool-a`);
    expect(still.status).toBe(200);

    // The bundle changes: the pool keeps what it was built from and says what changed.
    const patched = await w.server
      .client()
      .request(
        'PATCH',
        `/apis/spectrocloud.com/v1beta1/namespaces/${NS}/profilebundles/edge-gpu-infra`,
        JSON.stringify({ spec: { version: '1.4.0' } }),
        { 'content-type': 'application/merge-patch+json' },
      );
    expect(patched.status, patched.text).toBe(200);
    const bundle = w.page.getByRole('region', { name: 'Bundle', exact: true });
    await bundle.getByText('Not up to date', { exact: true }).waitFor();
    await bundle.getByText(/version 1\.3\.0 → 1\.4\.0, generation 1 → 2/).waitFor();
  });
});
