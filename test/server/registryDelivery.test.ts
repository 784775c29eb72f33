/**
 * A deployment delivered to a real registry (Debian's docker-registry) named in the Settings, and
 * the spoke manifests a pool's cluster would apply to run it: the OCIRepository pinned to the
 * digest the registry holds (read back with skopeo, a client that is not ours).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { skopeo, startRegistry, type TestRegistry } from '../../src/delivery/testing/registryServer.js';
import { cli } from '../cli.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
let registry: TestRegistry;
beforeAll(async () => {
  registry = await startRegistry();
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
  await registry.remove();
});

const NS = 'team-reg';
const run = (...args: string[]) => cli(...args, '--kubeconfig', join(h.data, 'kubeconfig'));

describe('delivery to the registry the Settings name', () => {
  it('pushes the rendered workload there, and get wd --spoke-manifests pins the digest skopeo reads', async () => {
    for (const bundle of ['edge-gpu-infra', 'vllm-model']) {
      const file = join(h.data, `${bundle}.tar.gz`);
      expect((await cli('studio', 'pull', bundle, '-o', file)).code).toBe(0);
      expect((await run('studio', 'import', '--namespace', NS, file)).code).toBe(0);
    }
    const settings = {
      apiVersion: 'spectrocloud.com/v1alpha1',
      kind: 'Settings',
      metadata: { name: 'default', namespace: NS },
      spec: {
        infrastructureProvider: 'none',
        ociRegistry: { url: `oci://${registry.host}/paletteai`, insecure: true },
      },
    };
    expect(
      (await h.api('POST', `/apis/spectrocloud.com/v1alpha1/namespaces/${NS}/settings`, settings)).status,
    ).toBe(201);
    expect(
      (await run('pool', 'create', 'gpu', '-n', NS, '--bundle', 'edge-gpu-infra', '--shared', '--wait')).code,
    ).toBe(0);
    const deployed = await run(
      'deploy',
      'model',
      'chat',
      '-n',
      NS,
      '--pool',
      'gpu',
      '--bundle',
      'vllm-model',
      '--model-id',
      'Qwen/Qwen2.5-7B-Instruct',
      '--wait',
      '-o',
      'json',
    );
    expect(deployed.stderr).not.toMatch(/paletteai:/);
    expect(deployed.code).toBe(0);
    const artifact = JSON.parse(deployed.stdout).status.artifacts[0];
    expect(artifact.reference).toContain(`${registry.host}/paletteai/${NS}:chat-vllm-server@sha256:`);

    const inspected = skopeo([
      'inspect',
      '--raw',
      '--tls-verify=false',
      `docker://${registry.host}/paletteai/${NS}:chat-vllm-server`,
    ]);
    const { createHash } = await import('node:crypto');
    expect(`sha256:${createHash('sha256').update(inspected).digest('hex')}`).toBe(artifact.digest);

    const spoke = await run('get', 'wd', 'chat-vllm-server', '-n', NS, '--spoke-manifests');
    expect(spoke.code).toBe(0);
    const [source, kustomization] = parseAllDocuments(spoke.stdout).map((d) => d.toJS());
    expect(source).toMatchObject({
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'OCIRepository',
      spec: { url: `oci://${registry.host}/paletteai/${NS}`, ref: { digest: artifact.digest } },
    });
    expect(kustomization).toMatchObject({
      kind: 'Kustomization',
      spec: { targetNamespace: NS, prune: true },
    });
  });

  it('says an artifact only in the local layout cannot be pulled by a cluster (exit 1)', async () => {
    expect(
      (await h.api('DELETE', `/apis/spectrocloud.com/v1alpha1/namespaces/${NS}/settings/default`)).status,
    ).toBe(200);
    await h.server.controllers.idle();
    const r = await run('get', 'wd', 'chat-vllm-server', '-n', NS, '--spoke-manifests');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not in a registry|set spec\.ociRegistry/);
  });
});
