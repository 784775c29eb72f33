import { stringify } from 'yaml';

/** A kubeconfig for `kubectl` and the online CLI: one cluster, one user (token), one context. */
export const kubeconfigFor = (
  server: string,
  caPem: string,
  user: string,
  token: string,
  namespace = 'default',
): string =>
  stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'paletteai',
        cluster: { server, 'certificate-authority-data': Buffer.from(caPem).toString('base64') },
      },
    ],
    users: [{ name: user, user: { token } }],
    contexts: [{ name: 'paletteai', context: { cluster: 'paletteai', user, namespace } }],
    'current-context': 'paletteai',
  });
