import { join } from 'node:path';
import { Command, Option } from 'commander';
import { FileTokenStore, ROLES, type Role } from '../../server/auth/tokens.js';
import { InvalidInputError, UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { printJson } from '../io.js';

/** `paletteai token create|list|revoke`: manages the server's bearer tokens in its data directory. */
export const tokenCommand = (io: Io, setExit: (code: number) => void) => {
  const token = new Command('token').description('Manage API tokens (stored hashed in the data directory).');
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
    .option('--data <dir>', 'the server data directory', './.paletteai')
    .option('-o, --output <format>', 'text | json', 'text')
    .addHelpText(
      'after',
      `
Examples:
  $ paletteai token create --name alice --role editor --namespace project-melbourne
  $ paletteai token create --name ci --role cluster-admin`,
    )
    .action(async (opts: { name: string; role: Role; namespace?: string; data: string; output: string }) => {
      if (opts.role === 'cluster-admin' && opts.namespace)
        throw new UsageError('cluster-admin tokens span every namespace; drop --namespace.');
      if (opts.role !== 'cluster-admin' && !opts.namespace)
        throw new UsageError(`--role ${opts.role} needs --namespace NS.`);
      const store = await FileTokenStore.open(join(opts.data, 'tokens.json'));
      const value = await store.create({
        name: opts.name,
        role: opts.role,
        namespace: opts.namespace ?? '*',
      });
      if (opts.output === 'json')
        printJson(io, { name: opts.name, role: opts.role, namespace: opts.namespace ?? '*', token: value });
      else {
        io.out.write(`${value}\n`);
        io.err.write(
          `token "${opts.name}" (${opts.role}${opts.namespace ? ` of ${opts.namespace}` : ''}) created; it is shown only once.\n`,
        );
      }
      setExit(0);
    });
  token
    .command('list')
    .description('List token names, roles and namespaces (never the tokens).')
    .option('--data <dir>', 'the server data directory', './.paletteai')
    .action(async (opts: { data: string }) => {
      const store = await FileTokenStore.open(join(opts.data, 'tokens.json'));
      for (const t of await store.list()) io.out.write(`${t.name}\t${t.role}\t${t.namespace}\n`);
      setExit(0);
    });
  token
    .command('revoke')
    .description('Remove a token by name; a running server refuses it within about a second.')
    .requiredOption('--name <name>', 'token name')
    .option('--data <dir>', 'the server data directory', './.paletteai')
    .addHelpText(
      'after',
      `
Examples:
  $ paletteai token revoke --name alice`,
    )
    .action(async (opts: { name: string; data: string }) => {
      const store = await FileTokenStore.open(join(opts.data, 'tokens.json'));
      if (!(await store.revoke(opts.name)))
        throw new InvalidInputError(
          `no token named "${opts.name}" in ${join(opts.data, 'tokens.json')}; see \`paletteai token list\``,
        );
      io.err.write(`token "${opts.name}" revoked\n`);
      setExit(0);
    });
  return token;
};
