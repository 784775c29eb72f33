import { ApiClient, type ApiResponse } from '../../client/apiClient.js';
import { kubeconfigPath, readKubeconfig } from '../../client/kubeconfig.js';
import { KINDS, type KindInfo } from '../../model/index.js';
import { InvalidInputError, UsageError } from '../errors.js';

/** Flags every online command takes. */
export interface OnlineOptions {
  kubeconfig?: string;
  namespace?: string;
}

/** A connection to the server from the kubeconfig (`--kubeconfig`, `KUBECONFIG`, or the data directory's). */
export const connect = async (opts: OnlineOptions): Promise<{ client: ApiClient; namespace: string }> => {
  let config;
  try {
    config = await readKubeconfig(kubeconfigPath(opts.kubeconfig));
  } catch (e) {
    throw new InvalidInputError((e as Error).message);
  }
  return { client: new ApiClient(config), namespace: opts.namespace ?? config.namespace };
};

/** Finds a kind by plural, singular, short name or Kind (`profilebundles`, `pb`, `ProfileBundle`). */
export const kindNamed = (name: string): KindInfo => {
  const n = name.toLowerCase();
  const info = KINDS.find(
    (k) => k.plural === n || k.singular === n || k.shortNames.includes(n) || k.kind.toLowerCase() === n,
  );
  if (!info)
    throw new UsageError(
      `unknown resource type ${JSON.stringify(name)}; known: ${KINDS.map((k) => k.plural).join(', ')}`,
    );
  return info;
};

export { collectionPath } from '../../client/paths.js';

/** Turns a non-2xx answer into an error carrying the server's `Status` message. */
export const expectOk = (r: ApiResponse, what: string): ApiResponse => {
  if (r.status >= 200 && r.status < 300) return r;
  const status = r.json as
    | {
        message?: string;
        reason?: string;
        details?: { causes?: { reason: string; field?: string; message: string }[] };
      }
    | undefined;
  const causes =
    status?.details?.causes?.map((c) => `\n  ${c.reason} ${c.field ?? ''}: ${c.message}`).join('') ?? '';
  throw new InvalidInputError(
    `${what}: ${status?.reason ?? r.status} ${status?.message ?? r.text}${causes && !status?.message?.includes(':') ? causes : ''}`,
  );
};
