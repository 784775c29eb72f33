import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import type { ApiClient } from '../../client/apiClient.js';
import { ROLES, type Role, type TokenInfo } from '../../server/auth/tokens.js';
import { InvalidInputError, UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { printColumns, printJson } from '../io.js';
import { connect } from '../online/session.js';

const TOKENS_PATH = '/apis/auth.paletteai.spectrocloud.com/v1/apitokens';

/** What a token command does, through the API or on the store of a stopped server's data directory. */
interface Tokens {
  create(t: {
    name: string;
    role: Role;
    namespace: string;
    expiresInMs?: number;
  }): Promise<{ info: TokenInfo; token: string }>;
  list(): Promise<TokenInfo[]>;
  /** False when there is no token of that name (or none the caller may see). */
  revoke(name: string): Promise<boolean>;
  close(): Promise<void>;
}

interface ApiToken {
  metadata: { name: string; creationTimestamp: string };
  spec: { role: Role; namespace: string; expirationTimestamp?: string };
  status?: { token?: string };
}

const fromObject = (o: ApiToken): TokenInfo => ({
  name: o.metadata.name,
  role: o.spec.role,
  namespace: o.spec.namespace,
  created: o.metadata.creationTimestamp,
  ...(o.spec.expirationTimestamp ? { expiresAt: o.spec.expirationTimestamp } : {}),
});

/** The server's refusal as one line: its Status message. */
const refused = (r: { status: number; json: unknown; text: string }): InvalidInputError =>
  new InvalidInputError(
    (r.json as { message?: string } | undefined)?.message ?? `the server answered ${r.status}: ${r.text}`,
  );

/** Tokens through the API (`apitokens.auth.paletteai.spectrocloud.com`): any server of the database. */
const apiTokens = (client: ApiClient): Tokens => ({
  create: async (t) => {
    const r = await client.request('POST', TOKENS_PATH, {
      apiVersion: 'auth.paletteai.spectrocloud.com/v1',
      kind: 'APIToken',
      metadata: { name: t.name },
      spec: {
        role: t.role,
        namespace: t.namespace,
        ...(t.expiresInMs !== undefined ? { expirationSeconds: Math.ceil(t.expiresInMs / 1000) } : {}),
      },
    });
    if (r.status !== 201) throw refused(r);
    const o = r.json as ApiToken;
    return { info: fromObject(o), token: o.status!.token! };
  },
  list: async () => {
    const r = await client.request('GET', TOKENS_PATH);
    if (r.status !== 200) throw refused(r);
    return (r.json as { items: ApiToken[] }).items.map(fromObject);
  },
  revoke: async (name) => {
    const r = await client.request('DELETE', `${TOKENS_PATH}/${encodeURIComponent(name)}`);
    if (r.status === 404) return false;
    if (r.status !== 200) throw refused(r);
    return true;
  },
  close: async () => {},
});

/**
 * Tokens in the store of a data directory no server holds: the directory is locked meanwhile, and
 * a tokens.json of an older version is imported first, as the server would.
 */
const storeTokens = async (dir: string, storage: string | undefined, io: Io): Promise<Tokens> => {
  // Loaded on demand: the online commands never pay for the store's modules.
  const { lockDataDir, prepareDataDir } = await import('../../server/dataDir.js');
  const { openStore } = await import('../../server/runServer.js');
  const { importTokenFile } = await import('../../server/auth/tokenFile.js');
  const { StoreTokenStore } = await import('../../server/auth/tokens.js');
  const log = (m: string) => io.err.write(`${m}\n`);
  await prepareDataDir(dir);
  const lock = lockDataDir(dir, log);
  let store;
  try {
    store = await openStore(dir, storage);
    await importTokenFile(dir, store.tokens, log);
  } catch (e) {
    await store?.close();
    lock.release();
    throw e;
  }
  const tokens = new StoreTokenStore(store.tokens);
  const opened = store;
  return {
    create: async (t) => {
      const token = await tokens.create({
        name: t.name,
        role: t.role,
        namespace: t.namespace,
        ...(t.expiresInMs !== undefined ? { expiresAt: new Date(Date.now() + t.expiresInMs) } : {}),
      });
      return { info: (await tokens.get(t.name))!, token };
    },
    list: () => tokens.list(),
    revoke: (name) => tokens.revoke(name),
    close: async () => {
      await opened.close();
      lock.release();
    },
  };
};

/**
 * Where the tokens are: with `--data DIR` of a running server, its API through `DIR/kubeconfig`;
 * of a stopped one, its store directly; without `--data`, the API through the kubeconfig.
 */
const open = async (
  opts: { data?: string; kubeconfig?: string; storage?: string },
  io: Io,
): Promise<{ tokens: Tokens; where: string }> => {
  if (opts.data !== undefined) {
    const { lockHolder } = await import('../../server/dataDir.js');
    const holder = lockHolder(opts.data);
    if (!holder) return { tokens: await storeTokens(opts.data, opts.storage, io), where: opts.data };
    const kubeconfig = join(opts.data, 'kubeconfig');
    if (!existsSync(kubeconfig))
      throw new InvalidInputError(
        `the server of ${opts.data} is running (pid ${holder.pid}) and ${kubeconfig} is missing: ` +
          "pass --kubeconfig with a cluster-admin's kubeconfig instead of --data, or stop the server first",
      );
    const { client } = await connect({ kubeconfig });
    return { tokens: apiTokens(client), where: holder.url ?? client.config.server };
  }
  const { client } = await connect({ ...(opts.kubeconfig ? { kubeconfig: opts.kubeconfig } : {}) });
  return { tokens: apiTokens(client), where: client.config.server };
};

const run = async <T>(
  opts: { data?: string; kubeconfig?: string; storage?: string },
  io: Io,
  fn: (tokens: Tokens, where: string) => Promise<T>,
): Promise<T> => {
  const { tokens, where } = await open(opts, io);
  try {
    return await fn(tokens, where);
  } finally {
    await tokens.close();
  }
};

/** `--expires`: `never`, or a whole number of s, m, h or d (`90s`, `24h`, `7d`), as milliseconds. */
export const parseExpires = (text: string): number | undefined => {
  if (text === 'never') return undefined;
  const m = /^(\d+)(s|m|h|d)$/.exec(text);
  if (!m || Number(m[1]) === 0)
    throw new UsageError(
      `--expires must be a positive whole number of s, m, h or d (e.g. 24h, 7d), or "never"; found ${JSON.stringify(text)}`,
    );
  const unit: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  return Number(m[1]) * unit[m[2]!]!;
};

const WHERE_OPTIONS = (cmd: Command) =>
  cmd
    .option('--kubeconfig <path>', 'kubeconfig (default: $KUBECONFIG or ./.paletteai/kubeconfig)')
    .option(
      '--data <dir>',
      "a server's data directory: while it runs, its API through DIR/kubeconfig; while stopped, its store",
    )
    .option(
      '--storage <sqlite|postgres://…>',
      'with --data of a stopped server: the store it uses (as for `paletteai server`)',
    );

/** `paletteai token create|list|revoke`: manages API tokens through the API (or a stopped server's store). */
export const tokenCommand = (io: Io, setExit: (code: number) => void) => {
  const token = new Command('token').description(
    'Manage API tokens (kept hashed in the store; a change takes effect at once on every server).',
  );
  WHERE_OPTIONS(
    token
      .command('create')
      .description(
        'Create a token for a role in one namespace (cluster-admin: every namespace) and print it once.',
      )
      .requiredOption('--name <name>', 'token name (lowercase letters, digits, "-")')
      .addOption(
        new Option('--role <role>', 'viewer | editor | admin | cluster-admin')
          .choices(ROLES)
          .makeOptionMandatory(),
      )
      .option('--namespace <ns>', 'namespace the role applies to (not for cluster-admin)')
      .option('--expires <duration>', 'when the token ends: e.g. 2s, 30m, 24h, 7d, or never', 'never'),
  )
    .addOption(new Option('-o, --output <format>', 'text | json').choices(['text', 'json']).default('text'))
    .addHelpText(
      'after',
      `
A cluster-admin creates any token; the admin of a namespace creates viewer, editor and admin
tokens of that namespace.

Examples:
  $ paletteai token create --name alice --role editor --namespace project-melbourne --expires 7d
  $ paletteai token create --name ci --role cluster-admin -o json`,
    )
    .action(
      async (opts: {
        name: string;
        role: Role;
        namespace?: string;
        expires: string;
        output: string;
        data?: string;
        kubeconfig?: string;
        storage?: string;
      }) => {
        if (opts.role === 'cluster-admin' && opts.namespace)
          throw new UsageError('cluster-admin tokens span every namespace; drop --namespace.');
        if (opts.role !== 'cluster-admin' && !opts.namespace)
          throw new UsageError(`--role ${opts.role} needs --namespace NS.`);
        const expiresInMs = parseExpires(opts.expires);
        const { info, token: value } = await run(opts, io, (tokens) =>
          tokens.create({
            name: opts.name,
            role: opts.role,
            namespace: opts.namespace ?? '*',
            ...(expiresInMs !== undefined ? { expiresInMs } : {}),
          }),
        );
        if (opts.output === 'json')
          printJson(io, {
            name: info.name,
            role: info.role,
            namespace: info.namespace,
            expirationTimestamp: info.expiresAt ?? null,
            token: value,
          });
        else {
          io.out.write(`${value}\n`);
          io.err.write(
            `token "${info.name}" (${info.role}${opts.namespace ? ` of ${opts.namespace}` : ''}) created` +
              `${info.expiresAt ? `, valid until ${info.expiresAt}` : ''}; it is shown only once.\n`,
          );
        }
        setExit(0);
      },
    );
  WHERE_OPTIONS(
    token
      .command('list')
      .description('List tokens: name, role, namespace and end (never the tokens).')
      .addOption(
        new Option('-o, --output <format>', 'text | json').choices(['text', 'json']).default('text'),
      ),
  ).action(async (opts: { output: string; data?: string; kubeconfig?: string; storage?: string }) => {
    const list = await run(opts, io, (tokens) => tokens.list());
    if (opts.output === 'json') printJson(io, list);
    else
      printColumns(
        io,
        ['NAME', 'ROLE', 'NAMESPACE', 'EXPIRES'],
        list.map((t) => [t.name, t.role, t.namespace, t.expiresAt ?? 'never']),
      );
    setExit(0);
  });
  WHERE_OPTIONS(
    token
      .command('revoke')
      .description('Remove a token by name; the next request with it is refused (401), on every server.')
      .requiredOption('--name <name>', 'token name'),
  )
    .addHelpText(
      'after',
      `
Examples:
  $ paletteai token revoke --name alice`,
    )
    .action(async (opts: { name: string; data?: string; kubeconfig?: string; storage?: string }) => {
      await run(opts, io, async (tokens, where) => {
        if (!(await tokens.revoke(opts.name)))
          throw new InvalidInputError(
            `no token named "${opts.name}" at ${where} (or none you may manage); see \`paletteai token list\``,
          );
      });
      io.err.write(`token "${opts.name}" revoked\n`);
      setExit(0);
    });
  return token;
};
