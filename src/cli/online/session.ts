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

/**
 * Turns a non-2xx answer into an error carrying the server's `Status`: its message and reason, and
 * for a refused write its causes one per line (code, field, what is wrong: an import's name their
 * file and line) under the message's headline instead of its one-line summary.
 */
export const expectOk = (r: ApiResponse, what: string): ApiResponse => {
  if (r.status >= 200 && r.status < 300) return r;
  const status = r.json as
    | {
        message?: string;
        reason?: string;
        details?: { causes?: { reason: string; field?: string; message: string }[] };
      }
    | undefined;
  const reason = status?.reason ?? String(r.status);
  const message = status?.message ?? r.text;
  const causes = status?.details?.causes ?? [];
  if (reason !== 'Invalid' || causes.length === 0)
    throw new InvalidInputError(`${what}: ${message} (${reason})`);
  const cut = message.indexOf(': ');
  const lines = causes.map((c) => `\n  ${c.reason}${c.field ? ` ${c.field}` : ''}: ${c.message}`);
  throw new InvalidInputError(
    `${what}: ${cut < 0 ? message : message.slice(0, cut)} (${reason}):${lines.join('')}`,
  );
};
