import { Command, Option } from 'commander';
import { MODEL_SOURCES, type ModelSource, type ProfileBundle } from '../../model/index.js';
import {
  planWorkflow,
  POOL_KINDS,
  WORKFLOWS,
  type Plan,
  type PoolKind,
  type Workflow,
} from '../../planner/index.js';
import { EXIT, UsageError } from '../errors.js';
import { printJson, type Io } from '../io.js';
import { collect, outputOption, parsePairs } from '../options.js';
import { openWorkspace, type ObjectReport } from '../workspace.js';
import { IndexResolver, type Resolver } from '../../rules/index.js';
import { serverObjects } from '../online/serverObjects.js';
import { connect } from '../online/session.js';

interface PlanOptions {
  workflow: Workflow;
  pool: PoolKind;
  filename?: string[];
  server?: boolean;
  kubeconfig?: string;
  bundle?: string[];
  computePool?: string;
  modelSource?: ModelSource;
  modelId?: string;
  modelAttr?: string[];
  project?: string;
  namespace?: string;
  set?: string[];
  output: string;
}

/** The namespace of the named bundles and pool, when the user gave none. */
export const inferNamespace = (
  objects: readonly { kind: string; namespace: string; name: string }[],
  bundles: readonly string[],
  computePool?: string,
): string | undefined => {
  const named = objects.filter(
    (o) =>
      (o.kind === 'ProfileBundle' && bundles.includes(o.name)) ||
      (o.kind === 'ComputePool' && o.name === computePool),
  );
  const spaces = [...new Set(named.map((o) => o.namespace))].sort();
  if (spaces.length > 1) {
    throw new UsageError(
      `the named bundles and pool are found in several namespaces (${spaces.join(', ')}); pick one with --namespace.`,
    );
  }
  return spaces[0];
};

const list = (names: string[]) => (names.length ? names.join(', ') : '(none)');

/** A plan for a person: what is deployed, what is ignored and why, every check. */
export const printPlan = (io: Io, plan: Plan): void => {
  const w = (s = '') => io.out.write(`${s}\n`);
  w(`Plan: ${plan.workflow} deployment on a ${plan.pool} pool, namespace ${plan.namespace}`);
  w(`Bundles: ${list(plan.bundles)}`);
  w('Deploy:');
  w(`  cluster profiles:  ${list(plan.deploy.clusterProfiles)}`);
  w(`  workload profiles: ${list(plan.deploy.workloadProfiles)}`);
  if (plan.ignored.length) {
    w('Ignored:');
    for (const i of plan.ignored) w(`  ${i.kind} ${i.name} (bundle ${i.bundle}): ${i.reason}`);
  }
  w('Checks:');
  for (const c of plan.checks) w(`  ${c.result.padEnd(4)} ${c.code.padEnd(6)} ${c.message}`);
  if (plan.selection) {
    const s = plan.selection;
    w(`Model as a Service (project ${s.project}, ${s.model.source} ${s.model.id}):`);
    for (const m of s.mappings)
      w(`  mapping   ${m.name} (priority ${m.priority}): ${m.verdict}, ${m.reason}`);
    for (const c of s.candidates)
      w(`  candidate ${c.name} ${c.version} (${c.type}): ${c.verdict}, ${c.reason}`);
  }
  if (plan.variables.length) {
    w('Variables:');
    for (const v of plan.variables) {
      w(
        `  ${v.name} = ${v.value === undefined ? '(unset)' : JSON.stringify(v.value)}  [${v.type}, from ${v.source}${v.locked ? ', locked' : ''}]`,
      );
    }
  }
  const failed = plan.checks.filter((c) => c.result === 'fail').length;
  w(
    plan.allowed
      ? 'Result: allowed'
      : `Result: NOT allowed (${failed} check${failed === 1 ? '' : 's'} failed)`,
  );
};

export const planCommand = (io: Io, setExit: (code: number) => void) =>
  new Command('plan')
    .description(
      'Show what a workflow would deploy from bundles, what it ignores and why, and every check (offline).',
    )
    .addOption(
      new Option('--workflow <workflow>', 'compute-pool | app | model')
        .choices(WORKFLOWS)
        .makeOptionMandatory(),
    )
    .addOption(new Option('--pool <kind>', 'shared | dedicated').choices(POOL_KINDS).makeOptionMandatory())
    .option('-f, --filename <path>', 'file or folder with the objects (recursive); repeatable', collect)
    .option(
      '--server',
      "resolve against the server's objects (of --namespace, or the kubeconfig's namespace)",
    )
    .option(
      '--kubeconfig <file>',
      'kubeconfig of the server, with --server (default: $KUBECONFIG or ./.paletteai/kubeconfig)',
    )
    .option('--bundle <name>', 'bundle to deploy; repeat for an Infrastructure + Application pair', collect)
    .option('--compute-pool <name>', 'the existing pool of a shared deployment')
    .addOption(
      new Option('--model-source <source>', 'model source for Model as a Service').choices(MODEL_SOURCES),
    )
    .option('--model-id <id>', 'model id, e.g. meta-llama/Llama-3.1-8B-Instruct')
    .option('--model-attr <key=value>', 'model attribute matched by mappings; repeatable', collect)
    .option('--project <name>', 'project whose Model-as-a-Service mappings choose the bundle')
    .option('-n, --namespace <ns>', "namespace of the bundles (default: the project's, or the bundles')")
    .option('--set <name=value>', 'deployment override of a variable; repeatable', collect)
    .addOption(outputOption())
    .addHelpText(
      'after',
      `
Examples:
  $ paletteai plan --workflow compute-pool --pool dedicated -f examples/valid --bundle edge-gpu-infra
  $ paletteai plan --workflow app --pool shared --server -n project-melbourne --bundle open-webui --compute-pool cpu-pool
  $ paletteai plan --workflow app --pool shared -f examples/valid --bundle open-webui --compute-pool gpu-pool-a
  $ paletteai plan --workflow model --pool shared -f examples/valid --compute-pool gpu-pool-a \\
      --project melbourne --model-source huggingface --model-id meta-llama/Llama-3.1-8B-Instruct \\
      --model-attr task=text-generation -o json

Exit codes: 0 allowed, 1 not allowed or invalid input, 2 usage error.`,
    )
    .action(async (opts: PlanOptions) => {
      const bundles = opts.bundle ?? [];
      if (
        opts.workflow === 'model' &&
        bundles.length === 0 &&
        (!opts.project || !opts.modelSource || !opts.modelId)
      ) {
        throw new UsageError(
          'a model deployment without --bundle lets Model as a Service choose: give --project, --model-source and --model-id.',
        );
      }
      if ((opts.modelSource === undefined) !== (opts.modelId === undefined)) {
        throw new UsageError('--model-source and --model-id go together; give both.');
      }
      if (opts.workflow !== 'model' && opts.modelId)
        throw new UsageError('--model-* flags apply to --workflow model only.');
      if (opts.workflow !== 'model' && bundles.length === 0)
        throw new UsageError(`--workflow ${opts.workflow} needs --bundle NAME.`);
      if (!opts.filename?.length && !opts.server)
        throw new UsageError('give the objects with -f PATH, or plan against the server with --server.');
      const attributes = parsePairs('--model-attr', opts.modelAttr);
      const overrides = parsePairs('--set', opts.set);
      let resolver: Resolver;
      let reports: ObjectReport[] = [];
      let namespace: string | undefined;
      if (opts.filename?.length) {
        const ws = await openWorkspace(
          opts.filename,
          opts.server ? (namespaces) => serverObjects(opts, namespaces) : undefined,
        );
        resolver = ws.resolver;
        reports = ws.reports;
        namespace =
          opts.namespace ??
          (opts.project ? undefined : inferNamespace(ws.reports, bundles, opts.computePool));
      } else {
        // Only the server's objects: those of the namespace asked for (or the kubeconfig's).
        namespace = opts.namespace ?? (await connect(opts)).namespace;
        const index = new IndexResolver(await serverObjects(opts, [namespace]));
        index.phaseOf = (b: ProfileBundle) => b.status?.phase ?? 'Pending';
        resolver = index;
      }
      const { plan } = planWorkflow(
        {
          workflow: opts.workflow,
          pool: opts.pool,
          bundles,
          ...(namespace ? { namespace } : {}),
          ...(opts.computePool ? { computePool: opts.computePool } : {}),
          ...(opts.modelSource && opts.modelId
            ? {
                model: { source: opts.modelSource, id: opts.modelId, attributes },
                modelLabels: { id: '--model-id', source: '--model-source' },
              }
            : {}),
          ...(opts.project ? { project: opts.project } : {}),
          overrides,
        },
        resolver,
      );
      const unreadable = reports.filter((r) => !r.valid).length;
      if (unreadable)
        io.err.write(
          `warning: ${unreadable} objects or files in -f are invalid and were left out; run \`paletteai validate\` on them.\n`,
        );
      if (opts.output === 'json') printJson(io, { ...plan, selection: plan.selection ?? null });
      else printPlan(io, plan);
      setExit(plan.allowed ? EXIT.ok : EXIT.invalid);
    });
