import { Command } from 'commander';
import { findKind, type KindInfo, type KubeObject } from '../../model/index.js';
import { EXIT, UsageError } from '../errors.js';
import { printJson, type Io } from '../io.js';
import { collect, outputOption, parsePairs } from '../options.js';
import { collectionPath, connect, expectOk } from '../online/session.js';
import { waitForPhase } from '../online/wait.js';

interface PoolCreateOptions {
  namespace?: string;
  kubeconfig?: string;
  bundle: string;
  shared?: boolean;
  dedicated?: boolean;
  set?: string[];
  wait?: boolean;
  timeout: string;
  output: string;
}

/** The ComputePool `pool create` makes (SPEC §2.5). */
export const poolObject = (
  name: string,
  namespace: string,
  bundle: string,
  variant: 'shared' | 'dedicated',
  variables: Record<string, string>,
): KubeObject =>
  ({
    apiVersion: 'spectrocloud.com/v1alpha1',
    kind: 'ComputePool',
    metadata: { name, namespace },
    spec: {
      profileBundleRef: { name: bundle },
      clusterVariant: { [variant]: {} },
      ...(Object.keys(variables).length ? { variables } : {}),
    },
  }) as unknown as KubeObject;

/** Seconds from `--timeout`. */
export const timeoutMs = (value: string): number => {
  const s = Number(value);
  if (!Number.isFinite(s) || s <= 0)
    throw new UsageError(`--timeout must be a number of seconds, found ${JSON.stringify(value)}`);
  return s * 1000;
};

/** `paletteai pool create`: a Compute Pool from an Infrastructure or Fullstack bundle (SPEC §6). */
export const poolCommand = (io: Io, setExit: (code: number) => void) =>
  new Command('pool').description('Compute pools (clusters built from an infrastructure bundle).').addCommand(
    new Command('create')
      .description('Create a shared or dedicated compute pool from an Infrastructure or Fullstack bundle.')
      .argument('<name>', 'name of the pool')
      .option('-n, --namespace <ns>', 'namespace (default: the kubeconfig context namespace)')
      .option(
        '--kubeconfig <file>',
        'kubeconfig of the server (default: $KUBECONFIG or ./.paletteai/kubeconfig)',
      )
      .requiredOption('--bundle <name>', 'the Infrastructure or Fullstack bundle to build it from')
      .option('--shared', 'a pool that hosts any number of deployments')
      .option('--dedicated', 'a pool that hosts exactly one deployment')
      .option('--set <name=value>', 'bundle variable for the pool (repeatable)', collect, [])
      .option('--wait', 'follow the pool until it is Planned, Running or Failed')
      .option('--timeout <seconds>', 'how long --wait follows it', '600')
      .addOption(outputOption())
      .addHelpText(
        'after',
        `
Examples:
  $ paletteai pool create cpu-pool -n project-melbourne --bundle edge-cpu-infra --shared --wait
  $ paletteai pool create gpu-a -n project-melbourne --bundle edge-gpu-infra --dedicated -o json`,
      )
      .action(async (name: string, opts: PoolCreateOptions) => {
        if (Boolean(opts.shared) === Boolean(opts.dedicated))
          throw new UsageError('give exactly one of --shared or --dedicated');
        const { client, namespace } = await connect(opts);
        const ns = opts.namespace ?? namespace;
        const info = findKind('ComputePool') as KindInfo;
        const pool = poolObject(
          name,
          ns,
          opts.bundle,
          opts.shared ? 'shared' : 'dedicated',
          parsePairs('--set', opts.set),
        );
        let created = expectOk(
          await client.request('POST', collectionPath(info, ns), pool),
          `create compute pool ${name}`,
        ).json as KubeObject;
        if (opts.wait)
          created = await waitForPhase(
            io,
            client,
            `${collectionPath(info, ns)}/${encodeURIComponent(name)}`,
            {
              done: ['Planned', 'Running'],
              failed: ['Failed'],
              timeoutMs: timeoutMs(opts.timeout),
            },
          );
        if (opts.output === 'json') printJson(io, created);
        else
          io.out.write(
            `computepool.spectrocloud.com/${name} created${opts.wait ? ` (${(created.status as { phase?: string }).phase})` : ''}\n`,
          );
        setExit(EXIT.ok);
      }),
  );
