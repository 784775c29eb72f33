import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeconfigProvider } from './kubeconfigProvider.js';
import { providerFor, type ClusterHandle, type DeliveryObject } from './provider.js';
import { ProviderError } from './providerError.js';
import { startFakeKubernetes, type FakeKubernetes } from './testing/fakeKubernetes.js';
import { bundle, pool, profiles, settings } from './testing/fixtures.js';

const TOKEN = 'kube-token-do-not-show';

/** The spoke manifests of one WorkloadDeployment, as the render step writes them. */
const fluxObjects = (tag = 'sha256-1'): DeliveryObject[] => [
  {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'OCIRepository',
    metadata: {
      name: 'llama-chat-vllm-server',
      namespace: 'flux-system',
      labels: { 'app.kubernetes.io/managed-by': 'paletteai' },
    },
    spec: { interval: '5m', url: 'oci://registry.example/paletteai/llama-chat-vllm-server', ref: { tag } },
  },
  {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name: 'llama-chat-vllm-server', namespace: 'flux-system' },
    spec: {
      interval: '5m',
      prune: true,
      path: './',
      sourceRef: { kind: 'OCIRepository', name: 'llama-chat-vllm-server' },
      targetNamespace: 'project-melbourne',
    },
  },
];

// The Secret comes from Settings spec.kubeconfig.secretRef (key `value` by default).
const spokeSettings = settings('kubeconfig');

describe('kubeconfig provider', () => {
  let kube: FakeKubernetes;
  let kubeconfig: string | undefined;
  const provider = () =>
    providerFor(
      { ...spokeSettings, spec: { ...spokeSettings.spec, kubeconfig: { secretRef: { name: 'spoke' } } } },
      (name, key) => (name === 'spoke' && key === 'value' ? kubeconfig : undefined),
    ) as KubeconfigProvider;
  const adopt = async () => {
    const p = provider();
    const outcome = await p.provision({
      plan: p.plan(pool(), bundle(), profiles(), []),
      clusterName: 'gpu-pool-a',
    });
    return { p, handle: (outcome as { handle: ClusterHandle }).handle, outcome };
  };

  beforeEach(async () => {
    kube = await startFakeKubernetes({ token: TOKEN });
    kubeconfig = kube.kubeconfig();
  });
  afterEach(() => kube.close());

  it('adopts the existing cluster from the kubeconfig Secret: Running, nothing made, handle is the API server', async () => {
    const { p, handle, outcome } = await adopt();
    expect(outcome.phase).toBe('Running');
    expect(handle).toEqual({ provider: 'kubeconfig', uid: kube.url });
    expect(outcome.message).toContain('v1.30.4-fake');
    expect(outcome.message).toContain('no machines were made');
    expect(await p.status(handle)).toMatchObject({ phase: 'Running' });
    await expect(p.listClusterProfiles()).resolves.toEqual([]);
    await p.delete(handle);
    expect(kube.requests.some((r) => r.method === 'DELETE')).toBe(false);
  });

  it('applies the OCIRepository and Kustomization with server-side apply and reads Ready back', async () => {
    const { p, handle } = await adopt();
    const first = await p.deliver(handle, fluxObjects());
    expect(first.ready).toBe(false);
    expect(first.objects.map((o) => `${o.kind}/${o.namespace}/${o.name}=${o.ready}`)).toEqual([
      'OCIRepository/flux-system/llama-chat-vllm-server=Unknown',
      'Kustomization/flux-system/llama-chat-vllm-server=Unknown',
    ]);
    const applies = kube.requests.filter((r) => r.method === 'PATCH');
    expect(applies.map((r) => r.path)).toEqual([
      '/apis/source.toolkit.fluxcd.io/v1/namespaces/flux-system/ocirepositories/llama-chat-vllm-server',
      '/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations/llama-chat-vllm-server',
    ]);
    for (const r of applies) {
      expect(r.headers['content-type']).toBe('application/apply-patch+yaml');
      expect(r.query.get('fieldManager')).toBe('paletteai');
      expect(r.query.get('force')).toBe('true');
    }
    const stored = kube.objects.get(
      'source.toolkit.fluxcd.io/ocirepositories/flux-system/llama-chat-vllm-server',
    );
    expect(stored?.body.spec).toMatchObject({
      url: 'oci://registry.example/paletteai/llama-chat-vllm-server',
      ref: { tag: 'sha256-1' },
    });

    const second = await p.readiness(handle, fluxObjects());
    expect(second.ready).toBe(true);
    expect(second.objects[1]).toMatchObject({ kind: 'Kustomization', ready: 'True', reason: 'Succeeded' });
  });

  it('applies again in place when the artifact changes', async () => {
    const { p, handle } = await adopt();
    await p.deliver(handle, fluxObjects('sha256-1'));
    await p.deliver(handle, fluxObjects('sha256-2'));
    expect(kube.objects.size).toBe(2);
    const stored = kube.objects.get(
      'source.toolkit.fluxcd.io/ocirepositories/flux-system/llama-chat-vllm-server',
    );
    expect(stored?.body.spec).toMatchObject({ ref: { tag: 'sha256-2' } });
  });

  it('puts objects without a namespace into the kubeconfig context namespace', async () => {
    const { p, handle } = await adopt();
    const [oci] = fluxObjects();
    if (!oci) throw new Error('fixture');
    const report = await p.deliver(handle, [{ ...oci, metadata: { name: 'no-namespace' } }]);
    expect(report.objects[0]?.namespace).toBe('flux-system');
  });

  it('says a cluster without Flux cannot take deliveries, and how to fix it', async () => {
    await kube.close();
    kube = await startFakeKubernetes({ token: TOKEN, withoutFlux: true });
    kubeconfig = kube.kubeconfig();
    await expect(adopt()).rejects.toMatchObject({
      code: 'InvalidRequest',
      message: expect.stringContaining('flux install'),
    });
    const status = await provider().status({ provider: 'kubeconfig', uid: kube.url });
    expect(status.phase).toBe('Failed');
    expect(status.message).toContain('source.toolkit.fluxcd.io, kustomize.toolkit.fluxcd.io');
  });

  it('refused credentials name the Secret and never the token', async () => {
    kubeconfig = kube.kubeconfig('stale-token-xyz');
    const error = (await adopt().catch((e: unknown) => e)) as ProviderError;
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ code: 'Unauthorized', httpStatus: 401 });
    expect(error.message).toContain('Secret "spoke" key "value"');
    expect(error.message).not.toContain('stale-token-xyz');
  });

  it('a missing or broken kubeconfig Secret is an error that names the Secret', async () => {
    kubeconfig = undefined;
    await expect(adopt()).rejects.toMatchObject({
      code: 'InvalidRequest',
      message: expect.stringContaining('Secret "spoke" has no key "value"'),
    });
    kubeconfig = 'clusters: [ this is : not yaml';
    await expect(adopt()).rejects.toMatchObject({
      code: 'InvalidRequest',
      message: expect.stringContaining('valid kubeconfig'),
    });
  });

  it('an unreachable cluster is a retryable error naming the server', async () => {
    await kube.close();
    const error = (await adopt().catch((e: unknown) => e)) as ProviderError;
    expect(error).toMatchObject({ code: 'Unreachable', retryable: true });
    expect(error.message).toContain(kube.url);
    kube = await startFakeKubernetes({ token: TOKEN });
  });
});
