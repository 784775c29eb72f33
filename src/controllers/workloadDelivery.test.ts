import { describe, expect, it } from 'vitest';
import { sha256Digest } from '../delivery/index.js';
import { NS } from '../testing/builders.js';
import { spokeManifests } from './workloadDelivery.js';

const WD = 'chat-server';

describe('spokeManifests', () => {
  it("gives the Flux OCIRepository pinned to the digest and the Kustomization into the deployment's namespace", () => {
    const digest = sha256Digest(Buffer.from('x'));
    const [source, kustomization, ...more] = spokeManifests(
      { metadata: { name: WD, namespace: NS } },
      { reference: `127.0.0.1:5000/${NS}:${WD}@${digest}`, digest },
      { insecure: true },
    );
    expect(more).toEqual([]);
    expect(source).toMatchObject({
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'OCIRepository',
      metadata: { name: WD, namespace: 'flux-system' },
      spec: { url: `oci://127.0.0.1:5000/${NS}`, ref: { digest }, interval: '5m', insecure: true },
    });
    expect(kustomization).toMatchObject({
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: WD, namespace: 'flux-system' },
      spec: {
        sourceRef: { kind: 'OCIRepository', name: WD },
        path: './',
        prune: true,
        interval: '5m',
        targetNamespace: NS,
      },
    });
  });

  it('refuses an artifact that is only in the local image layout', () => {
    const digest = sha256Digest(Buffer.from('x'));
    expect(() =>
      spokeManifests(
        { metadata: { name: WD, namespace: NS } },
        { reference: `oci:/data/artifacts/${NS}:${WD}`, digest },
      ),
    ).toThrow(/not in a registry.*ociRegistry/);
  });
});
