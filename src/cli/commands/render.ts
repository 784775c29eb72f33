import { Command, Option } from 'commander';
import type { ComponentDefinition, KubeObject, ProfileBundle, WorkloadProfile } from '../../model/index.js';
import { DEFAULT_NAMESPACE } from '../../model/index.js';
import {
  planWorkflow,
  POOL_KINDS,
  resolveVariables,
  WORKFLOW_TABLE,
  WORKFLOWS,
  type PoolKind,
  type Workflow,
} from '../../planner/index.js';
import { renderBundle, toJson, toYaml } from '../../render/index.js';
import { resolveBundle, type Repository } from '../../rules/index.js';
import { EXIT, InvalidInputError, UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { readValues } from '../values.js';
import { collect, outputOption, parsePairs } from '../options.js';
import { openWorkspace } from '../workspace.js';
import { inferNamespace } from './plan.js';

interface RenderOptions {
  filename: string[];
  bundle: string[];
  workflow?: Workflow;
  pool?: PoolKind;
  namespace?: string;
  set?: string[];
  values?: string[];
  output: string;
}

export const renderCommand = (io: Io, setExit: (code: number) => void) =>
  new Command('render')
    .description(
      'Render the Kubernetes manifests a bundle deploys (Flux sources + HelmReleases, manifests, webservices), offline.',
    )
    .requiredOption(
      '-f, --filename <path>',
      'file or folder with the objects (recursive); repeatable',
      collect,
    )
    .requiredOption(
      '--bundle <name>',
      'bundle to render; repeat for an Infrastructure + Application pair',
      collect,
    )
    .addOption(
      new Option('--workflow <workflow>', 'render only what this workflow deploys').choices(WORKFLOWS),
    )
    .addOption(new Option('--pool <kind>', 'pool kind of --workflow').choices(POOL_KINDS))
    .option('-n, --namespace <ns>', "namespace of the bundle (default: the bundle's own)")
    .option('--set <name=value>', 'variable value; repeatable', collect)
    .option('--values <file>', 'YAML/JSON file of variable values; repeatable', collect)
    .addOption(outputOption(['yaml', 'json']))
    .addHelpText(
      'after',
      `
Examples:
  $ paletteai render -f examples/valid --bundle vllm-llama3 --set modelId=meta-llama/Llama-3.1-8B-Instruct
  $ paletteai render -f examples/valid --bundle open-webui --values my-values.yaml -o json

Output is deterministic: the same inputs give byte-identical manifests.
Exit codes: 0 rendered, 1 invalid bundle or values, 2 usage error.`,
    )
    .action(async (opts: RenderOptions) => {
      if ((opts.workflow === undefined) !== (opts.pool === undefined))
        throw new UsageError('--workflow and --pool go together; give both or neither.');
      const overrides = { ...(await readValues(opts.values ?? [])), ...parsePairs('--set', opts.set) };
      const ws = await openWorkspace(opts.filename);
      const ns = opts.namespace ?? inferNamespace(ws.reports, opts.bundle) ?? DEFAULT_NAMESPACE;
      const bundles: ProfileBundle[] = [];
      for (const name of opts.bundle) {
        const report = ws.reports.find(
          (r) => r.kind === 'ProfileBundle' && r.name === name && r.namespace === ns,
        );
        const b = ws.resolver.profileBundle(ns, name);
        if (!b || !report)
          throw new InvalidInputError(
            `bundle "${name}" not found in namespace ${ns} among ${opts.filename.join(', ')}.`,
          );
        if (!report.valid || ws.resolver.bundlePhase(b) !== 'Ready') {
          throw new InvalidInputError(
            `bundle "${name}" is not Ready; run \`paletteai validate -f ${opts.filename.join(' -f ')}\` to see why.`,
          );
        }
        bundles.push(b);
      }
      if (opts.workflow && opts.pool) {
        // What this workflow cannot deploy is refused as `plan` refuses it, never rendered as nothing.
        const { plan } = planWorkflow(
          { workflow: opts.workflow, pool: opts.pool, bundles: opts.bundle, namespace: ns, overrides },
          ws.resolver,
        );
        const refused = plan.checks.filter((c) => c.result === 'fail');
        if (!plan.allowed)
          throw new InvalidInputError(
            `the ${opts.workflow} workflow on a ${opts.pool} pool does not deploy ${opts.bundle.join(' + ')}:\n${refused
              .map((c) => `  ${c.code}: ${c.message}`)
              .join('\n')}\nSee \`paletteai plan\` with the same options for the whole plan.`,
          );
      }
      const perBundle = bundles.map((b) => {
        const profiles = resolveBundle(b, ws.resolver).workloadProfiles.flatMap((r) =>
          r.object ? [r.object] : [],
        );
        const row = opts.workflow && opts.pool ? WORKFLOW_TABLE[opts.workflow][opts.pool] : undefined;
        return {
          bundle: b,
          profiles: row ? profiles.filter((p) => row.wp[p.spec.type] === 'deploy') : profiles,
        };
      });
      const allProfiles: WorkloadProfile[] = perBundle.flatMap((x) => x.profiles);
      const vars = resolveVariables(ns, bundles, allProfiles, overrides, ws.resolver);
      const failed = vars.checks.filter((c) => c.result === 'fail');
      if (failed.length) throw new InvalidInputError(failed.map((c) => `${c.code}: ${c.message}`).join('\n'));
      const repositories = ws.resolver.repositoryNames(ns).flatMap((n) => {
        const r = ws.resolver.repository(ns, n);
        return r ? [r as Repository] : [];
      });
      const objects: KubeObject[] = [];
      const problems: string[] = [];
      for (const { bundle, profiles } of perBundle) {
        const definitions = profiles
          .flatMap((p) => p.spec.workload.components.map((c) => ws.resolver.componentDefinition(ns, c.type)))
          .filter((d): d is ComponentDefinition => d !== undefined);
        const r = renderBundle({
          namespace: ns,
          bundle,
          workloadProfiles: profiles,
          repositories,
          definitions,
          values: vars.values,
        });
        objects.push(...r.objects);
        problems.push(
          ...r.issues.filter((i) => i.severity === 'error').map((i) => `${i.code} ${i.path}: ${i.message}`),
        );
      }
      if (problems.length) throw new InvalidInputError(problems.join('\n'));
      io.out.write(opts.output === 'json' ? toJson(objects) : toYaml(objects));
      setExit(EXIT.ok);
    });
