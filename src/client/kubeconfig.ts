import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import type { ClientConfig } from './apiClient.js';
import { DEFAULT_NAMESPACE } from '../model/labels.js';

interface Kubeconfig {
  clusters?: { name: string; cluster: { server: string; 'certificate-authority-data'?: string } }[];
  users?: { name: string; user: { token?: string } }[];
  contexts?: { name: string; context: { cluster: string; user: string; namespace?: string } }[];
  'current-context'?: string;
}

/** Where the online CLI finds its kubeconfig: `--kubeconfig`, else `KUBECONFIG`, else `./.paletteai/kubeconfig`. */
export const kubeconfigPath = (flag?: string): string =>
  flag ?? process.env.KUBECONFIG?.split(':')[0] ?? './.paletteai/kubeconfig';

/** Reads the current context of a kubeconfig: server, CA, token and namespace. */
export const readKubeconfig = async (path: string): Promise<ClientConfig> => {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new Error(
      `cannot read kubeconfig ${path}; start the server (\`paletteai server\`) or pass --kubeconfig`,
    );
  }
  const k = parse(text) as Kubeconfig;
  const ctx = k.contexts?.find((c) => c.name === k['current-context']) ?? k.contexts?.[0];
  const cluster = k.clusters?.find((c) => c.name === ctx?.context.cluster);
  const user = k.users?.find((u) => u.name === ctx?.context.user);
  if (!ctx || !cluster || !user?.user.token)
    throw new Error(`kubeconfig ${path} has no usable context with a server and a token`);
  const ca = cluster.cluster['certificate-authority-data'];
  return {
    server: cluster.cluster.server,
    token: user.user.token,
    namespace: ctx.context.namespace ?? DEFAULT_NAMESPACE,
    ...(ca ? { ca: Buffer.from(ca, 'base64').toString('utf8') } : {}),
  };
};
