/**
 * The `ValidatingWebhookConfiguration` (admissionregistration.k8s.io/v1) that sends the product's
 * kinds to `paletteai webhook`, shaped as cert-manager and kubebuilder users expect: a Service (or
 * a URL when the webhook runs outside the cluster), the CA that signed the serving certificate in
 * `caBundle` (or cert-manager's `inject-ca-from` annotation filling it), `sideEffects: None` so
 * dry-run requests are checked too, and only CREATE and UPDATE (a delete needs the store).
 */
import { crdKinds } from '../crds/customResourceDefinitions.js';
import { WEBHOOK_PATH } from './webhookServer.js';

/** Where kube-apiserver reaches the webhook. */
export type WebhookTarget = { service: { namespace: string; name: string; port: number } } | { url: string };

export interface WebhookConfigOptions {
  target: WebhookTarget;
  /** PEM of the CA that signed the serving certificate; absent with `injectCaFrom`. */
  caBundle?: string;
  /** cert-manager Certificate (`NAMESPACE/NAME`) whose CA cert-manager's cainjector writes in. */
  injectCaFrom?: string;
  /** @default 'paletteai' */
  name?: string;
  /** What kube-apiserver does when the webhook cannot be reached. @default 'Fail' */
  failurePolicy?: 'Fail' | 'Ignore';
  /** @default 10 */
  timeoutSeconds?: number;
  /** Also the Flux source kinds (as `paletteai crds --with-flux`). @default false */
  flux?: boolean;
}

/** The webhook's name: a fully qualified name, as admissionregistration requires. */
export const WEBHOOK_NAME = 'validate.paletteai.spectrocloud.com';

/** The DNS names a Service's clients use for it (what the serving certificate must carry). */
export const serviceNames = (namespace: string, name: string): string[] => [
  `${name}.${namespace}.svc`,
  `${name}.${namespace}.svc.cluster.local`,
];

/** One rule per API group: its versions and resources, CREATE and UPDATE. */
const rules = (flux: boolean) => {
  const byGroup = new Map<string, { versions: Set<string>; resources: string[]; namespaced: boolean[] }>();
  for (const k of crdKinds({ flux })) {
    const g = byGroup.get(k.group) ?? { versions: new Set(), resources: [], namespaced: [] };
    g.versions.add(k.version);
    g.resources.push(k.plural);
    g.namespaced.push(k.namespaced);
    byGroup.set(k.group, g);
  }
  return [...byGroup].map(([group, g]) => ({
    apiGroups: [group],
    apiVersions: [...g.versions].sort(),
    operations: ['CREATE', 'UPDATE'],
    resources: g.resources,
    scope: g.namespaced.every(Boolean) ? 'Namespaced' : '*',
  }));
};

/** The configuration (see the module comment). */
export const validatingWebhookConfiguration = (o: WebhookConfigOptions): Record<string, unknown> => {
  const clientConfig =
    'url' in o.target
      ? { url: `${o.target.url.replace(/\/+$/, '')}${WEBHOOK_PATH}` }
      : { service: { ...o.target.service, path: WEBHOOK_PATH } };
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: {
      name: o.name ?? 'paletteai',
      labels: { 'app.kubernetes.io/part-of': 'paletteai' },
      ...(o.injectCaFrom ? { annotations: { 'cert-manager.io/inject-ca-from': o.injectCaFrom } } : {}),
    },
    webhooks: [
      {
        name: WEBHOOK_NAME,
        admissionReviewVersions: ['v1'],
        clientConfig: {
          ...clientConfig,
          ...(o.caBundle ? { caBundle: Buffer.from(o.caBundle).toString('base64') } : {}),
        },
        rules: rules(o.flux === true),
        failurePolicy: o.failurePolicy ?? 'Fail',
        matchPolicy: 'Equivalent',
        sideEffects: 'None',
        timeoutSeconds: o.timeoutSeconds ?? 10,
      },
    ],
  };
};
