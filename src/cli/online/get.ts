import { Command, Option } from 'commander';
import { stringify } from 'yaml';
import { EXIT } from '../errors.js';
import { printJson, type Io } from '../io.js';
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
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const line of [header, ...rows])
    io.out.write(
      `${line
        .map((c, i) => c.padEnd(widths[i]!))
        .join('   ')
        .trimEnd()}\n`,
    );
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
    .addHelpText(
      'after',
      '\nExamples:\n  $ paletteai get pb -n project-melbourne\n  $ paletteai get profilebundle vllm-llama3 -n project-melbourne -o yaml\n  $ paletteai get pb -A -l palette.ai/inference-engine=vllm',
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
        },
      ) => {
        const info = kindNamed(type);
        const { client, namespace } = await connect(opts);
        const ns = opts.allNamespaces ? undefined : namespace;
        const query = opts.selector ? `?labelSelector=${encodeURIComponent(opts.selector)}` : '';
        const path = `${collectionPath(info, ns)}${name ? `/${encodeURIComponent(name)}` : ''}${query}`;
        const table = opts.output === 'table';
        const r = expectOk(
          await client.request('GET', path, undefined, table ? { accept: TABLE_ACCEPT } : {}),
          `get ${info.plural}${name ? ` ${name}` : ''}`,
        );
        if (table) printTable(io, r.json as Table, !ns && info.namespaced);
        else if (opts.output === 'json') printJson(io, r.json);
        else io.out.write(stringify(r.json));
        setExit(EXIT.ok);
      },
    );
