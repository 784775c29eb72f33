/**
 * App and model deployments in the browser (issue #9 item 7): with the examples' project applied, an
 * app goes onto an existing pool through the wizard and is Delivered with its artifact digest; a
 * model named by id only gets its bundle from Model as a Service, whose why/why-not table the review
 * shows before anything is created, and is Delivered too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aiWorkloadObject as cliAiWorkloadObject } from '../../src/cli/commands/deploy.js';
import { aiWorkloadObject } from '../../web/src/deployments/model.js';
import { applyExamples, screenshot, startBrowserWorld, type BrowserWorld } from './browser.js';

const NS = 'project-melbourne';
let w: BrowserWorld;
const browserErrors: string[] = [];

beforeAll(async () => {
  w = await startBrowserWorld();
  await applyExamples(w);
  // The pages must not log errors (a refused dry run included: it only starts on a complete step).
  w.page.on('console', (m) => m.type() === 'error' && browserErrors.push(m.text()));
  w.page.on('pageerror', (e) => browserErrors.push(e.message));
  await w.signIn();
  await w.page.getByRole('navigation', { name: 'Main' }).waitFor();
}, 180_000);
afterAll(async () => w?.close());

/** The AIWorkload as the server has it. */
const stored = async (name: string) => {
  const r = await w.server
    .client()
    .request('GET', `/apis/spectrocloud.com/v1alpha1/namespaces/${NS}/aiworkloads/${name}`);
  return {
    status: r.status,
    body: r.status === 200 ? (JSON.parse(r.text) as Record<string, never>) : undefined,
  };
};

describe('the AIWorkload the wizard creates', () => {
  it('is the object `paletteai deploy` builds', () => {
    const model = {
      source: 'huggingface' as const,
      id: 'meta-llama/L',
      attributes: { task: 'text-generation' },
    };
    const ui = aiWorkloadObject({
      type: 'model',
      name: 'chat',
      namespace: NS,
      bundles: [],
      pool: 'gpu',
      model,
      variables: { maxModelLen: 8192 },
    });
    const cli = cliAiWorkloadObject(
      'model',
      'chat',
      NS,
      {
        pool: 'gpu',
        modelSource: 'huggingface',
        modelId: 'meta-llama/L',
        modelAttr: ['task=text-generation'],
        timeout: '600',
        output: 'text',
      },
      { maxModelLen: 8192 },
    );
    expect(ui).toEqual(cli);
    const dedicatedApp = aiWorkloadObject({
      type: 'app',
      name: 'a',
      namespace: NS,
      bundles: ['i', 'w'],
      variables: {},
    });
    expect(dedicatedApp).toEqual(
      cliAiWorkloadObject(
        'app',
        'a',
        NS,
        { bundle: ['i', 'w'], dedicated: true, timeout: '600', output: 'text' },
        {},
      ),
    );
  });
});

describe('deployments', { timeout: 120_000 }, () => {
  it('deploys an app onto an existing pool with the wizard and shows it Delivered with its digest', async () => {
    const page = w.page;
    await page.goto(`${w.server.url}/ns/${NS}/apps`);
    await page
      .getByRole('table', { name: 'App deployments' })
      .getByRole('link', { name: 'open-webui-app' })
      .waitFor();
    // The examples' own app deployment Delivered: its bundles are Ready and its pool Planned.
    await page
      .getByRole('table', { name: 'App deployments' })
      .getByRole('row')
      .filter({ hasText: 'open-webui-app' })
      .getByText('Delivered', { exact: true })
      .waitFor({ timeout: 60_000 });
    await page.getByRole('link', { name: 'Deploy app' }).click();
    await page.waitForURL(`**/ns/${NS}/deploy-app`);

    await page.getByRole('textbox', { name: 'Name' }).fill('notebooks');
    const bundle = page.getByRole('combobox', { name: 'Bundle', exact: true });
    // An app takes Application, Fullstack or Infrastructure(+Application) bundles: the model-only
    // Application bundles are not offered, and say why.
    await bundle.selectOption('jupyterhub');
    const options = await bundle.locator('option').allTextContents();
    expect(options.some((o) => o.startsWith('vllm-model '))).toBe(false);
    expect(options.some((o) => o.startsWith('jupyterhub-gpu '))).toBe(true);
    await page.getByText(/bundles? not offered for an app/).click();
    await expect
      .poll(() => page.getByRole('list', { name: 'Bundles not offered' }).textContent())
      .toContain('vllm-model (Application): it holds Model workload profiles, not Application ones');
    await page.getByRole('button', { name: 'Next' }).click();

    // An Application bundle cannot make a pool: only existing pools.
    await expect.poll(() => page.getByRole('radio', { name: 'New dedicated pool' }).isDisabled()).toBe(true);
    await page.getByRole('radio', { name: 'cpu-pool' }).check();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Next' }).click();

    await page.getByText('The server accepts this deployment').waitFor();
    expect(await page.getByRole('region', { name: 'Plan' }).textContent()).toContain('jupyterhub');
    expect((await stored('notebooks')).status).toBe(404); // the dry run stored nothing
    await page.getByRole('button', { name: 'Deploy app' }).click();

    await page.waitForURL(`**/ns/${NS}/deployments/notebooks`);
    await page.getByRole('heading', { name: 'notebooks', exact: true }).waitFor();
    const artifacts = page.getByRole('table', { name: 'Artifacts' });
    await artifacts
      .getByText(/^sha256:[0-9a-f]{64}$/)
      .first()
      .waitFor({ timeout: 60_000 });
    await page.getByText('Delivered', { exact: true }).first().waitFor({ timeout: 60_000 });
    const body = (await stored('notebooks')).body as unknown as {
      spec: Record<string, unknown>;
      metadata: { labels: Record<string, string> };
      status: { phase: string; artifacts: { digest: string }[] };
    };
    expect(body.metadata.labels['palette.ai/aiworkload-type']).toBe('app');
    expect(body.spec).toEqual({
      profileBundleRefs: [{ name: 'jupyterhub' }],
      computePoolRef: { name: 'cpu-pool' },
    });
    expect(body.status.phase).toBe('Delivered');
    expect(await artifacts.textContent()).toContain(body.status.artifacts[0]!.digest);
    expect(browserErrors).toEqual([]);
  });

  it('deploys a model by id only: the review shows the Model-as-a-Service choice with every verdict', async () => {
    const page = w.page;
    await page.goto(`${w.server.url}/ns/${NS}/deploy-model`);
    await page.getByRole('textbox', { name: 'Name' }).fill('llama-maas');
    await page.getByRole('textbox', { name: 'Model id' }).fill('meta-llama/Llama-3.1-8B-Instruct');
    await page.getByRole('textbox', { name: 'Model attributes' }).fill('task=text-generation');
    expect(await page.getByRole('combobox', { name: 'Bundle (optional)' }).inputValue()).toBe('');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('radio', { name: 'gpu-pool-a' }).check();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Next' }).click();

    const mappings = page.getByRole('table', { name: 'Mappings' });
    const candidates = page.getByRole('table', { name: 'Candidate bundles' });
    await candidates.waitFor();
    const row = (table: typeof mappings, name: string) =>
      table.getByRole('row').filter({ has: page.getByRole('cell', { name, exact: true }) });
    expect(await row(mappings, 'hf-llama-on-vllm').textContent()).toContain('used');
    expect(await row(mappings, 'ngc-nim').textContent()).toContain('other-source');
    expect(await row(candidates, 'vllm-model').textContent()).toContain('chosen');
    expect(await row(candidates, 'vllm-model').getAttribute('aria-current')).toBe('true');
    expect(await row(candidates, 'vllm-model-legacy').textContent()).toContain('outranked');
    expect(await row(candidates, 'nim-llama3').textContent()).toMatch(/rejected.*labels do not match/);
    expect(await row(mappings, 'hf-embeddings').textContent()).toContain('not-considered');
    // every verdict is written out whole, never cut to fit its column (it read "not-conside…")
    const cut = await page
      .locator('table .mantine-Badge-root, table .mantine-Badge-label')
      .evaluateAll((badges) => badges.filter((b) => b.scrollWidth > b.clientWidth).map((b) => b.textContent));
    expect(cut).toEqual([]);
    await page.getByText('The server accepts this deployment').waitFor();
    await screenshot(page, '08-deploy-model-maas');
    await page.getByRole('button', { name: 'Deploy model' }).click();

    await page.waitForURL(`**/ns/${NS}/deployments/llama-maas`);
    await page.getByText('Delivered', { exact: true }).first().waitFor({ timeout: 60_000 });
    await page
      .getByRole('table', { name: 'Artifacts' })
      .getByText(/^sha256:/)
      .first()
      .waitFor();
    expect(await page.getByText('vllm-model (MaaS)').count()).toBe(1);
    const body = (await stored('llama-maas')).body as unknown as { spec: Record<string, unknown> };
    expect(body.spec).toEqual({
      computePoolRef: { name: 'gpu-pool-a' },
      model: {
        source: 'huggingface',
        id: 'meta-llama/Llama-3.1-8B-Instruct',
        attributes: { task: 'text-generation' },
      },
    });
    await screenshot(page, '09-deployment-detail');
    await page.getByRole('tab', { name: 'Plan' }).click();
    expect(
      await row(page.getByRole('table', { name: 'Candidate bundles' }), 'vllm-model').textContent(),
    ).toContain('chosen');
  });

  it('rolls a deployment back to a delivered revision from its history', async () => {
    const page = w.page;
    const path = `/apis/spectrocloud.com/v1alpha1/namespaces/${NS}/aiworkloads/llama-maas`;
    const current = (await stored('llama-maas')).body as unknown as { spec: Record<string, unknown> };
    const changed = await w.server.client().request(
      'PUT',
      path,
      JSON.stringify({
        ...current,
        spec: {
          ...current.spec,
          workloadDeploymentConfigs: [{ workloadProfile: 'vllm-server', variables: { maxModelLen: '4096' } }],
        },
      }),
      { 'content-type': 'application/json' },
    );
    expect(changed.status, changed.text).toBe(200);
    await page.getByRole('tab', { name: 'History' }).click();
    const history = page.getByRole('table', { name: 'History' });
    // Revision 2 delivered: it is current, revision 1 offers the rollback.
    await history
      .getByRole('row')
      .filter({ hasText: 'current' })
      .filter({ hasText: /^2/ })
      .waitFor({ timeout: 60_000 });
    await history.getByRole('button', { name: 'Roll back to 1' }).click();
    await page.getByText('Rolling back to revision 1.').waitFor();
    await expect
      .poll(
        async () => ((await stored('llama-maas')).body as unknown as { spec: Record<string, unknown> }).spec,
      )
      .toEqual(current.spec);
    // The restored revision is delivered again as revision 3, now the current one.
    await history
      .getByRole('row')
      .filter({ hasText: 'current' })
      .filter({ hasText: /^3/ })
      .waitFor({ timeout: 60_000 });
    expect(browserErrors).toEqual([]);
  });
});
