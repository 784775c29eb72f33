import { Command, Option } from 'commander';
import { kindModule } from '../../kinds/index.js';
import {
  findKind,
  MODEL_SOURCES,
  type AIWorkload,
  type KindInfo,
  type KubeObject,
  type ProfileBundle,
  type WorkloadProfile,
} from '../../model/index.js';
import type { ApiClient } from '../../client/apiClient.js';
import { planWorkflow } from '../../planner/index.js';
import { IndexResolver } from '../../rules/index.js';
import { EXIT, InvalidInputError, UsageError } from '../errors.js';
import { printJson, type Io } from '../io.js';
import { collect, outputOption, parsePairs } from '../options.js';
import { serverObjects } from '../online/serverObjects.js';
import { collectionPath, connect, expectOk } from '../online/session.js';
import { waitForPhase } from '../online/wait.js';
import { readValues } from '../values.js';
import { timeoutMs } from './pool.js';
import { printPlan } from './plan.js';

interface DeployOptions {
  namespace?: string;
  kubeconfig?: string;
  bundle?: string[];
  pool?: string;
  dedicated?: boolean;
  modelSource?: string;
  modelId?: string;
  modelAttr?: string[];
  set?: string[];
  values?: string[];
  dryRun?: boolean;
  wait?: boolean;
  timeout: string;
  output: string;
}

/** The AIWorkload `deploy` makes (SPEC §2.6). */
export const aiWorkloadObject = (
  type: 'app' | 'model',
  name: string,
  namespace: string,
  opts: DeployOptions,
  variables: Record<string, string | number | boolean>,
): KubeObject =>
  ({
    apiVersion: 'spectrocloud.com/v1alpha1',
    kind: 'AIWorkload',
    metadata: { name, namespace, labels: { 'palette.ai/aiworkload-type': type } },
    spec: {
      ...(opts.bundle?.length ? { profileBundleRefs: opts.bundle.map((b) => ({ name: b })) } : {}),
      ...(opts.pool ? { computePoolRef: { name: opts.pool } } : { dedicatedComputePool: {} }),
      ...(opts.modelId
        ? {
            model: {
              source: opts.modelSource ?? 'huggingface',
              id: opts.modelId,
              ...(opts.modelAttr?.length ? { attributes: parsePairs('--model-attr', opts.modelAttr) } : {}),
            },
          }
        : {}),
      ...(Object.keys(variables).length
        ? { workloadDeploymentConfigs: [{ variables: { ...variables } }] }
        : {}),
    },
  }) as unknown as KubeObject;

/**
 * The plan the server's controller would carry out: the same kind module and planner, over the
 * server's objects of the namespace (bundles with the phases the server gave them).
 */
const serverPlan = async (opts: DeployOptions, workload: KubeObject, namespace: string) => {
  const objects = await serverObjects(opts, [namespace]);
  const resolver = new IndexResolver([...objects, workload]);
  resolver.phaseOf = (b: ProfileBundle) => b.status?.phase ?? 'Pending';
  const request = kindModule('AIWorkload').planRequest?.(workload, resolver);
  if (!request) throw new UsageError('the deployment has no usable type label');
  return planWorkflow(request, resolver).plan;
};

const deployAction =
  (io: Io, setExit: (code: number) => void, type: 'app' | 'model') =>
  async (name: string, opts: DeployOptions) => {
    if (Boolean(opts.pool) === Boolean(opts.dedicated))
      throw new UsageError('give exactly one of --pool P or --dedicated');
    if (type === 'app' && !opts.bundle?.length)
      throw new UsageError('an app deployment names its bundle with --bundle');
    if (type === 'model' && !opts.bundle?.length && !opts.modelId)
      throw new UsageError(
        'a model deployment names a bundle (--bundle) or a model (--model-id) for Model as a Service to choose one',
      );
    const { client, namespace } = await connect(opts);
    const ns = opts.namespace ?? namespace;
    const info = findKind('AIWorkload') as KindInfo;
    const variables = { ...(await readValues(opts.values ?? [])), ...parsePairs('--set', opts.set) };
    const workload = aiWorkloadObject(type, name, ns, opts, variables);
    const path = collectionPath(info, ns);
    if (opts.dryRun) {
      // The server's admission first (its 422 names every problem), then the plan it would carry out.
      const admitted = expectOk(
        await client.request('POST', `${path}?dryRun=All`, workload),
        `check deployment ${name}`,
      ).json as KubeObject;
      const plan = await serverPlan(opts, workload, ns);
      // What `deploy` would do, exit code included: the server accepts a deployment whose plan is
      // not allowed yet (a bundle that qualifies may come later), and it waits in its phase.
      const phase = (admitted.status as { phase?: string } | undefined)?.phase ?? 'Pending';
      if (opts.output === 'json') printJson(io, { ...plan, selection: plan.selection ?? null, phase });
      else {
        printPlan(io, plan);
        io.out.write(
          plan.allowed
            ? `Server: accepts it; \`deploy\` would create it and carry out this plan.\n`
            : `Server: accepts it; \`deploy\` would create it in phase ${phase}, where it waits until the failed checks pass.\n`,
        );
      }
      setExit(EXIT.ok);
      return;
    }
    let created = expectOk(await client.request('POST', path, workload), `create deployment ${name}`)
      .json as KubeObject;
    if (opts.wait)
      created = await waitForPhase(io, client, `${path}/${encodeURIComponent(name)}`, {
        done: ['Delivered', 'Running'],
        failed: ['Failed'],
        timeoutMs: timeoutMs(opts.timeout),
      });
    if (opts.output === 'json') printJson(io, created);
    else
      io.out.write(
        `aiworkload.spectrocloud.com/${name} created${opts.wait ? ` (${(created.status as { phase?: string }).phase})` : ''}\n`,
      );
    setExit(EXIT.ok);
  };

const deploySubcommand = (io: Io, setExit: (code: number) => void, type: 'app' | 'model') =>
  new Command(type)
    .description(
      type === 'app'
        ? 'Deploy an application from its bundle.'
        : 'Deploy a model (Model as a Service picks the bundle when none is named).',
    )
    .argument('<name>', 'name of the deployment (an AIWorkload)')
    .option('-n, --namespace <ns>', 'namespace (default: the kubeconfig context namespace)')
    .option(
      '--kubeconfig <file>',
      'kubeconfig of the server (default: $KUBECONFIG or ./.paletteai/kubeconfig)',
    )
    .option('--bundle <name>', 'bundle to deploy; repeat for an Infrastructure + Application pair', collect)
    .option('--pool <name>', 'an existing compute pool to deploy onto')
    .option('--dedicated', 'make a dedicated pool for this deployment')
    .addOption(new Option('--model-source <source>', 'where the model comes from').choices(MODEL_SOURCES))
    .option('--model-id <id>', 'the model, e.g. meta-llama/Llama-3.1-8B-Instruct')
    .option('--model-attr <key=value>', 'model attribute the mappings match; repeatable', collect)
    .option('--set <name=value>', 'variable value for the deployment; repeatable', collect, [])
    .option('--values <file>', 'YAML or JSON file of variable values; repeatable', collect)
    .option(
      '--dry-run',
      'check it on the server and print the plan it would carry out (or why it would wait); create nothing',
    )
    .option('--wait', 'follow it until it is Delivered, Running or Failed')
    .option('--timeout <seconds>', 'how long --wait follows it', '600')
    .addOption(outputOption())
    .action(deployAction(io, setExit, type));

/** One delivered revision of a deployment (`status.history`). */
type HistoryEntry = NonNullable<NonNullable<AIWorkload['status']>['history']>[number];

/** A recorded spec with masked secret values taken from the current one (status never holds them). */
const restoreConfigs = (
  recorded: NonNullable<HistoryEntry['spec']>['workloadDeploymentConfigs'],
  current: NonNullable<HistoryEntry['spec']>['workloadDeploymentConfigs'],
) =>
  recorded?.map((c, i) => ({
    ...c,
    ...(c.variables
      ? {
          variables: Object.fromEntries(
            Object.entries(c.variables).map(([k, v]) => [
              k,
              v === '(secret)' ? current?.[i]?.variables?.[k] : v,
            ]),
          ),
        }
      : {}),
  }));

/**
 * What a rollback to `entry` cannot restore: each workload profile it delivered at a revision the
 * profile has since left. The bundles decide which revision renders (their pin, else the latest),
 * so the rollback delivers the same digests only where a bundle pins the revision delivered then.
 */
const movedProfiles = async (client: ApiClient, ns: string, entry: HistoryEntry): Promise<string[]> => {
  const notes: string[] = [];
  for (const a of entry.artifacts) {
    if (!a.workloadProfile) continue;
    const { name, revision } = a.workloadProfile;
    const path = `${collectionPath(findKind('WorkloadProfile') as KindInfo, ns)}/${encodeURIComponent(name)}`;
    const r = await client.request('GET', path);
    const now = r.status === 200 ? (r.json as WorkloadProfile).status?.revision : undefined;
    if (now !== undefined && now !== revision)
      notes.push(
        `workload profile ${name} is at revision ${now}; revision ${revision} was delivered then. ` +
          `${a.workloadDeployment} renders the revision its bundle takes: pin revision ${revision} in the bundle's spec.workloadProfiles to deliver the same artifact again.`,
      );
  }
  return notes;
};

const rollbackSubcommand = (io: Io, setExit: (code: number) => void) =>
  new Command('rollback')
    .description('Return a deployment to one of its last 10 delivered revisions (status.history).')
    .argument('<name>', 'the deployment (AIWorkload)')
    .requiredOption('--to <revision>', 'the revision: a generation listed in status.history')
    .option('-n, --namespace <ns>', 'namespace (default: the kubeconfig context namespace)')
    .option(
      '--kubeconfig <file>',
      'kubeconfig of the server (default: $KUBECONFIG or ./.paletteai/kubeconfig)',
    )
    .option('--wait', 'follow it until it is Delivered, Running or Failed')
    .option('--timeout <seconds>', 'how long --wait follows it', '600')
    .addOption(outputOption())
    .action(
      async (
        name: string,
        opts: {
          to: string;
          namespace?: string;
          kubeconfig?: string;
          wait?: boolean;
          timeout: string;
          output: string;
        },
      ) => {
        const { client, namespace } = await connect(opts);
        const ns = opts.namespace ?? namespace;
        const path = `${collectionPath(findKind('AIWorkload') as KindInfo, ns)}/${encodeURIComponent(name)}`;
        const current = expectOk(await client.request('GET', path), `read deployment ${name}`)
          .json as KubeObject;
        const history = ((current.status as { history?: HistoryEntry[] } | undefined)?.history ??
          []) as HistoryEntry[];
        const entry = history.find((h) => String(h.generation) === opts.to);
        if (!entry)
          throw new InvalidInputError(
            `deployment ${name} has no delivered revision ${opts.to}; it has ${history.map((h) => h.generation).join(', ') || 'none yet'} (see \`paletteai explain aiworkload/${name}\`)`,
          );
        if (!entry.spec)
          throw new InvalidInputError(
            `revision ${opts.to} of ${name} was recorded without its spec; it cannot be restored`,
          );
        const spec = { ...(current.spec as Record<string, unknown>) };
        for (const field of ['profileBundleRefs', 'model', 'workloadDeploymentConfigs'] as const)
          delete spec[field];
        Object.assign(spec, {
          ...(entry.spec.profileBundleRefs ? { profileBundleRefs: entry.spec.profileBundleRefs } : {}),
          ...(entry.spec.model ? { model: entry.spec.model } : {}),
          ...(entry.spec.workloadDeploymentConfigs
            ? {
                workloadDeploymentConfigs: restoreConfigs(
                  entry.spec.workloadDeploymentConfigs,
                  (current.spec as HistoryEntry['spec'])?.workloadDeploymentConfigs,
                ),
              }
            : {}),
        });
        let result = expectOk(await client.request('PUT', path, { ...current, spec }), `roll ${name} back`)
          .json as KubeObject;
        for (const note of await movedProfiles(client, ns, entry)) io.err.write(`note: ${note}\n`);
        if (opts.wait)
          result = await waitForPhase(io, client, path, {
            done: ['Delivered', 'Running'],
            failed: ['Failed'],
            timeoutMs: timeoutMs(opts.timeout),
            observed: { type: 'Delivered', generation: result.metadata.generation ?? 1 },
          });
        if (opts.output === 'json') printJson(io, result);
        else io.out.write(`aiworkload.spectrocloud.com/${name} rolled back to revision ${opts.to}\n`);
        setExit(EXIT.ok);
      },
    );

/** `paletteai deploy app|model|rollback` (SPEC §6). */
export const deployCommand = (io: Io, setExit: (code: number) => void) =>
  new Command('deploy')
    .description('Deploy apps and models onto compute pools, and roll them back.')
    .addCommand(deploySubcommand(io, setExit, 'app'))
    .addCommand(deploySubcommand(io, setExit, 'model'))
    .addCommand(rollbackSubcommand(io, setExit))
    .addHelpText(
      'after',
      `
Examples:
  $ paletteai deploy model llama-chat -n project-melbourne --pool gpu-pool-a \\
      --model-source huggingface --model-id meta-llama/Llama-3.1-8B-Instruct --model-attr task=text-generation --wait
  $ paletteai deploy app chat-ui -n project-melbourne --bundle open-webui --pool cpu-pool --dry-run
  $ paletteai deploy rollback llama-chat -n project-melbourne --to 1 --wait`,
    );
