import { describe, expect, it } from 'vitest';
import { modelProblems } from '../../testing/kubeModels.js';
import { serviceNames, validatingWebhookConfiguration, WEBHOOK_NAME } from './webhookConfiguration.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- read as loose JSON

describe('the ValidatingWebhookConfiguration', () => {
  it('points at a URL outside the cluster, with the CA in caBundle', () => {
    const c = validatingWebhookConfiguration({
      target: { url: 'https://10.0.0.5:9443/' },
      caBundle: 'PEM',
    }) as Json;
    expect(modelProblems(c, 'V1ValidatingWebhookConfiguration')).toEqual([]);
    expect(c.webhooks[0].clientConfig).toEqual({
      url: 'https://10.0.0.5:9443/validate',
      caBundle: Buffer.from('PEM').toString('base64'),
    });
    expect(c.webhooks[0].name).toBe(WEBHOOK_NAME);
    expect(WEBHOOK_NAME.split('.').length).toBeGreaterThanOrEqual(3); // admissionregistration wants a qualified name
  });

  it('with Flux adds a rule for source.toolkit.fluxcd.io; with cert-manager leaves caBundle to it', () => {
    const c = validatingWebhookConfiguration({
      target: { service: { namespace: 'ops', name: 'hook', port: 8443 } },
      injectCaFrom: 'ops/hook-cert',
      failurePolicy: 'Ignore',
      flux: true,
    }) as Json;
    expect(modelProblems(c, 'V1ValidatingWebhookConfiguration')).toEqual([]);
    expect(c.metadata.annotations).toEqual({ 'cert-manager.io/inject-ca-from': 'ops/hook-cert' });
    expect(c.webhooks[0].clientConfig).toEqual({
      service: { namespace: 'ops', name: 'hook', port: 8443, path: '/validate' },
    });
    expect(c.webhooks[0].failurePolicy).toBe('Ignore');
    expect(c.webhooks[0].rules[1]).toEqual({
      apiGroups: ['source.toolkit.fluxcd.io'],
      apiVersions: ['v1'],
      operations: ['CREATE', 'UPDATE'],
      resources: ['helmrepositories', 'ocirepositories'],
      scope: 'Namespaced',
    });
  });

  it("names the Service's DNS names for the serving certificate", () => {
    expect(serviceNames('ops', 'hook')).toEqual(['hook.ops.svc', 'hook.ops.svc.cluster.local']);
  });
});
