import { Command } from 'commander';
import { stringify } from 'yaml';
import { EXIT } from '../errors.js';
import type { Io } from '../io.js';
import { collectionPath, connect, expectOk, kindNamed } from './session.js';

interface Described {
  kind: string;
  apiVersion: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    creationTimestamp?: string;
    generation?: number;
    resourceVersion?: string;
  };
  spec?: unknown;
  status?: {
    phase?: string;
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
    [k: string]: unknown;
  };
  [k: string]: unknown;
}

const indent = (text: string, by = '  ') =>
  text
    .trimEnd()
    .split('\n')
    .map((l) => `${by}${l}`)
    .join('\n');
const pairs = (m?: Record<string, string>) =>
  m && Object.keys(m).length
    ? Object.entries(m)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')
    : '<none>';

/** A readable account of one object: identity, spec, phase, conditions with their messages. */
export const describeText = (o: Described): string => {
  const lines = [
    `Name:         ${o.metadata.name}`,
    ...(o.metadata.namespace ? [`Namespace:    ${o.metadata.namespace}`] : []),
    `Kind:         ${o.kind} (${o.apiVersion})`,
    `Labels:       ${pairs(o.metadata.labels)}`,
    `Created:      ${o.metadata.creationTimestamp ?? '?'}   Generation: ${o.metadata.generation ?? '?'}   ResourceVersion: ${o.metadata.resourceVersion ?? '?'}`,
  ];
  if (o.status?.phase) lines.push(`Phase:        ${o.status.phase}`);
  const content =
    o.spec ??
    Object.fromEntries(
      Object.entries(o).filter(
        ([k]) => !['apiVersion', 'kind', 'metadata', 'status', 'data', 'stringData'].includes(k),
      ),
    );
  lines.push('Spec:', indent(stringify(content)));
  const { conditions, phase: _phase, ...rest } = o.status ?? {};
  if (Object.keys(rest).length) lines.push('Status:', indent(stringify(rest)));
  if (conditions?.length) {
    lines.push('Conditions:');
    for (const c of conditions)
      lines.push(
        `  ${c.type.padEnd(13)} ${c.status.padEnd(6)} ${c.reason ?? ''}`,
        ...(c.message ? [indent(c.message, '                ')] : []),
      );
  }
  return `${lines.join('\n')}\n`;
};

export const describeCommand = (io: Io, setExit: (code: number) => void) =>
  new Command('describe')
    .description('Show one object with its phase, conditions and what its references resolved to.')
    .argument('<type>', 'resource type: profilebundles, pb, …')
    .argument('<name>', 'object name')
    .option('-n, --namespace <ns>', "namespace (default: the kubeconfig context's)")
    .option('--kubeconfig <path>', 'kubeconfig (default: $KUBECONFIG or ./.paletteai/kubeconfig)')
    .addHelpText('after', '\nExamples:\n  $ paletteai describe pb vllm-llama3 -n project-melbourne')
    .action(async (type: string, name: string, opts: { namespace?: string; kubeconfig?: string }) => {
      const info = kindNamed(type);
      const { client, namespace } = await connect(opts);
      const r = expectOk(
        await client.request('GET', `${collectionPath(info, namespace)}/${encodeURIComponent(name)}`),
        `describe ${info.plural} ${name}`,
      );
      io.out.write(describeText(r.json as Described));
      setExit(EXIT.ok);
    });
