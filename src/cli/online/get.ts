import { Command, Option } from 'commander';
import { stringify } from 'yaml';
import { spokeManifests } from '../../controllers/index.js';
import type { WorkloadDeployment } from '../../model/index.js';
import { toJson, toYaml } from '../../render/index.js';
import { EXIT, InvalidInputError, UsageError } from '../errors.js';
import { printColumns, printJson, type Io } from '../io.js';
import { collectionPath, connect, expectOk, kindNamed } from './session.js';

interface Table {
  columnDefinitions: { name: string }[];
  rows: { cells: unknown[]; object?: { metadata?: { namespace?: string } } }[];
}

const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';

/** Prints a Table as aligned columns, with NAMESPACE first for lists across namespaces. */
const printTable = (io: Io, t: Table, withNamespace: boolean) => {
  const header = [
    ...(withNamespace ? ['NAMESPACE'] : []),
    ...t.columnDefinitions.map((c) => c.name.toUpperCase()),
  ];
  const rows = t.rows.map((r) => [
    ...(withNamespace ? [r.object?.metadata?.namespace ?? ''] : []),
    ...r.cells.map((c) => String(c ?? '')),
  ]);
  if (rows.length === 0) {
    io.err.write('No resources found.\n');
    return;
  }
  printColumns(io, header, rows);
};

export const getCommand = (io: Io, setExit: (code: number) => void) =>
  new Command('get')
    .description('List or show objects on the server (like kubectl get).')
    .argument('<type>', 'resource type: profilebundles, pb, workloadprofiles, …')
    .argument('[name]', 'object name')
    .option('-n, --namespace <ns>', "namespace (default: the kubeconfig context's)")
    .option('-A, --all-namespaces', 'list across namespaces')
    .option('-l, --selector <selector>', 'label selector, e.g. palette.ai/inference-engine=vllm')
    .addOption(
      new Option('-o, --output <format>', 'table | json | yaml')
        .choices(['table', 'json', 'yaml'])
        .default('table'),
    )
    .option('--kubeconfig <path>', 'kubeconfig (default: $KUBECONFIG or ./.paletteai/kubeconfig)')
    .option(
      '--spoke-manifests',
      "for a WorkloadDeployment: the Flux OCIRepository + Kustomization its pool's cluster applies to run it",
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ paletteai get pb -n project-melbourne\n  $ paletteai get profilebundle vllm-llama3 -n project-melbourne -o yaml\n  $ paletteai get pb -A -l palette.ai/inference-engine=vllm\n  $ paletteai get wd chat-vllm-server -n project-melbourne --spoke-manifests',
    )
    .action(
      async (
        type: string,
        name: string | undefined,
        opts: {
          namespace?: string;
          allNamespaces?: boolean;
          selector?: string;
          output: string;
          kubeconfig?: string;
          spokeManifests?: boolean;
        },
      ) => {
        const info = kindNamed(type);
        if (opts.spokeManifests && (info.kind !== 'WorkloadDeployment' || !name))
          throw new UsageError(
            '--spoke-manifests goes with one WorkloadDeployment: paletteai get wd NAME --spoke-manifests',
          );
        const { client, namespace } = await connect(opts);
        const ns = opts.allNamespaces ? undefined : namespace;
        const query = opts.selector ? `?labelSelector=${encodeURIComponent(opts.selector)}` : '';
        const path = `${collectionPath(info, ns)}${name ? `/${encodeURIComponent(name)}` : ''}${query}`;
        const table = opts.output === 'table' && !opts.spokeManifests;
        const r = expectOk(
          await client.request('GET', path, undefined, table ? { accept: TABLE_ACCEPT } : {}),
          `get ${info.plural}${name ? ` ${name}` : ''}`,
        );
        if (opts.spokeManifests) {
          const wd = r.json as WorkloadDeployment;
          if (!wd.status?.artifact)
            throw new InvalidInputError(
              `WorkloadDeployment ${name} has delivered no artifact yet; see \`paletteai get wd ${name} -o yaml\` for its conditions`,
            );
          let objects;
          try {
            objects = spokeManifests(wd, wd.status.artifact);
          } catch (e) {
            throw new InvalidInputError((e as Error).message);
          }
          io.out.write(opts.output === 'json' ? toJson(objects) : toYaml(objects));
        } else if (table) printTable(io, r.json as Table, !ns && info.namespaced);
        else if (opts.output === 'json') printJson(io, r.json);
        else io.out.write(stringify(r.json));
        setExit(EXIT.ok);
      },
    );
