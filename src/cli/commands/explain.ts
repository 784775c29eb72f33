import { Command } from 'commander';
import { deliveredArtifact, type DeliveredArtifact } from '../../kinds/index.js';
import { findKind, LABEL_COMPUTE_POOL, type KindInfo, type KubeObject } from '../../model/index.js';
import type { Selection } from '../../planner/index.js';
import { EXIT, UsageError } from '../errors.js';
import { printJson, type Io } from '../io.js';
import { outputOption } from '../options.js';
import { collectionPath, connect, expectOk, kindNamed } from '../online/session.js';

interface ExplainOptions {
  namespace?: string;
  kubeconfig?: string;
  output: string;
}

interface Explained {
  kind: string;
  name: string;
  namespace: string;
  phase?: string;
  selection?: Selection;
  plan?: {
    bundles?: string[];
    deploy?: { clusterProfiles: string[]; workloadProfiles: string[] };
    ignored?: { kind: string; name: string; bundle?: string; reason: string }[];
    failedChecks?: { code: string; field: string; message: string }[];
  };
  variables?: { name: string; value?: unknown; source: string; locked?: boolean; secret: boolean }[];
  /** For a deployment: what was delivered onto its pool; for a pool: what it delivered itself. */
  artifacts?: DeliveredArtifact[];
  pool?: string;
  conditions?: { type: string; status: string; reason?: string; message?: string }[];
}

/** One delivered artifact as a line: the deployment, the profile revision rendered, where it went. */
const artifactLine = (a: DeliveredArtifact): string =>
  `  ${a.workloadDeployment}${a.workloadProfile ? ` (${a.workloadProfile.name} r${a.workloadProfile.revision})` : ''}: ` +
  `${a.reference ?? '(not yet)'}${a.digest ? ` ${a.digest}` : ''}`;

/**
 * What a deployment's (or a pool's) status says, as one document. A pool's variables are those
 * of its cluster plan, and its artifacts those of the WorkloadDeployments it owns (`owned`: its
 * bundle's Infrastructure workload profiles).
 */
const explainOf = (o: KubeObject, owned: readonly KubeObject[] = []): Explained => {
  const s = (o.status ?? {}) as Record<string, unknown>;
  const isPool = o.kind === 'ComputePool';
  const cluster = s.cluster as { plan?: { variables?: Explained['variables'] } } | undefined;
  const variables = isPool ? cluster?.plan?.variables : (s.variables as Explained['variables']);
  const artifacts = isPool ? owned.map(deliveredArtifact) : (s.artifacts as Explained['artifacts']);
  const spec = (o.spec ?? {}) as { computePoolRef?: { name: string }; dedicatedComputePool?: unknown };
  return {
    kind: o.kind,
    name: o.metadata.name,
    namespace: o.metadata.namespace ?? '',
    ...(s.phase ? { phase: s.phase as string } : {}),
    ...(s.selection ? { selection: s.selection as Selection } : {}),
    ...(s.plan ? { plan: s.plan as Explained['plan'] } : {}),
    ...(variables ? { variables } : {}),
    ...(artifacts ? { artifacts } : {}),
    ...(spec.computePoolRef
      ? { pool: spec.computePoolRef.name }
      : spec.dedicatedComputePool
        ? { pool: `${o.metadata.name} (dedicated, made for it)` }
        : {}),
    ...(s.conditions ? { conditions: s.conditions as Explained['conditions'] } : {}),
  };
};

const printText = (io: Io, e: Explained): void => {
  const w = (line = '') => io.out.write(`${line}\n`);
  w(`${e.kind} ${e.namespace}/${e.name}: ${e.phase ?? 'Pending'}`);
  if (e.selection) {
    const s = e.selection;
    w('');
    w(`Why this bundle (Model as a Service, ${s.model.source} model ${s.model.id}):`);
    w(`  chosen: ${s.chosen ?? 'none'}${s.mapping ? ` by mapping "${s.mapping}"` : ''}`);
    for (const m of s.mappings) w(`  mapping ${m.name} (priority ${m.priority}): ${m.verdict}: ${m.reason}`);
    for (const c of s.candidates) w(`  bundle ${c.name} ${c.version}: ${c.verdict}: ${c.reason}`);
  } else if (e.plan?.bundles?.length) {
    w('');
    w(`Bundles: ${e.plan.bundles.join(', ')} (named in spec.profileBundleRefs)`);
  }
  if (e.plan) {
    w('');
    w('Deployed:');
    w(`  cluster profiles:  ${e.plan.deploy?.clusterProfiles.join(', ') || '(none)'}`);
    w(`  workload profiles: ${e.plan.deploy?.workloadProfiles.join(', ') || '(none)'}`);
    if (e.plan.ignored?.length) {
      w('Ignored:');
      for (const i of e.plan.ignored) w(`  ${i.kind} ${i.name}: ${i.reason}`);
    }
    for (const c of e.plan.failedChecks ?? []) w(`Failed: ${c.code} ${c.field}: ${c.message}`);
  }
  if (e.variables?.length) {
    w('');
    w('Variables (effective value ← where it came from):');
    for (const v of e.variables)
      w(
        `  ${v.name} = ${v.value === undefined ? '(unset)' : JSON.stringify(v.value)} ← ${v.source}${v.locked ? ' (locked)' : ''}`,
      );
  }
  if (e.kind === 'ComputePool') {
    w('');
    w("Delivered for the pool (its bundle's Infrastructure workload profiles):");
    if (!e.artifacts?.length) w('  (none yet)');
    for (const a of e.artifacts ?? []) w(artifactLine(a));
  } else if (e.pool || e.artifacts?.length) {
    w('');
    w(`Delivered onto pool ${e.pool ?? '(none)'}:`);
    for (const a of e.artifacts ?? []) w(artifactLine(a));
  }
  const notTrue = (e.conditions ?? []).filter((c) => c.status !== 'True');
  if (notTrue.length) {
    w('');
    for (const c of notTrue) w(`${c.type}=${c.status} ${c.reason ?? ''}: ${c.message ?? ''}`);
  }
};

/** `paletteai explain KIND/NAME`: why this bundle, where each value came from, what went where (SPEC §6). */
export const explainCommand = (io: Io, setExit: (code: number) => void) =>
  new Command('explain')
    .description(
      'Why this bundle and not the others, where each variable came from, what was deployed and ignored, and what was delivered where.',
    )
    .argument('<kind/name>', 'e.g. aiworkload/llama-chat or pool/gpu-pool-a')
    .option('-n, --namespace <ns>', 'namespace (default: the kubeconfig context namespace)')
    .option(
      '--kubeconfig <file>',
      'kubeconfig of the server (default: $KUBECONFIG or ./.paletteai/kubeconfig)',
    )
    .addOption(outputOption())
    .addHelpText(
      'after',
      `
Examples:
  $ paletteai explain aiworkload/llama-chat -n project-melbourne
  $ paletteai explain pool/gpu-pool-a -n project-melbourne -o json`,
    )
    .action(async (ref: string, opts: ExplainOptions) => {
      const slash = ref.indexOf('/');
      if (slash <= 0 || slash === ref.length - 1)
        throw new UsageError(`give KIND/NAME, e.g. aiworkload/llama-chat; found ${JSON.stringify(ref)}`);
      const info = kindNamed(ref.slice(0, slash));
      const name = ref.slice(slash + 1);
      const { client, namespace } = await connect(opts);
      const ns = opts.namespace ?? namespace;
      const o = expectOk(
        await client.request('GET', `${collectionPath(info, ns)}/${encodeURIComponent(name)}`),
        `read ${info.singular} ${name}`,
      ).json as KubeObject;
      const owned =
        o.kind === 'ComputePool'
          ? (
              expectOk(
                await client.request(
                  'GET',
                  `${collectionPath(findKind('WorkloadDeployment') as KindInfo, ns)}?labelSelector=${encodeURIComponent(`${LABEL_COMPUTE_POOL}=${name}`)}`,
                ),
                `list the deliveries of pool ${name}`,
              ).json as { items: KubeObject[] }
            ).items.filter((wd) => (wd.spec as { owner?: { kind?: string } }).owner?.kind === 'ComputePool')
          : [];
      const e = explainOf(o, owned);
      if (opts.output === 'json') printJson(io, e);
      else printText(io, e);
      setExit(EXIT.ok);
    });
