import {
  DEFAULT_NAMESPACE,
  type ComputePool,
  type ProfileBundle,
  type Project,
  type WorkloadProfile,
} from '../model/index.js';
import { resolveBundle, type Resolver } from '../rules/index.js';
import { checkCompatibility } from './compatibility.js';
import { selectBundle } from './maas.js';
import { undeclaredModelId } from './modelBinding.js';
import type { Check, IgnoredPart, Plan, PlanField, PlanRequest } from './types.js';
import {
  AIWORKLOAD_MODEL_LABELS,
  MODEL_ID_VARIABLE,
  resolveVariables,
  type ModelBinding,
} from './variables.js';
import { acceptsTypes, describeAccepted, ignoreReason, WORKFLOW_TABLE, WORKFLOW_WORDS } from './workflow.js';

/** A plan plus what rendering needs: the deployed workload profiles and effective values. */
export interface PlanContext {
  plan: Plan;
  bundles: ProfileBundle[];
  profiles: WorkloadProfile[];
  values: Record<string, unknown>;
}

const fail = (code: string, path: PlanField, message: string): Check => ({
  code,
  result: 'fail',
  message,
  path,
});
const pass = (code: string, path: PlanField, message: string): Check => ({
  code,
  result: 'pass',
  message,
  path,
});
/** A failed check because something the request names is not there (yet): the deployment can wait. */
const missing = (code: string, path: PlanField, message: string): Check => ({
  ...fail(code, path, message),
  reason: 'MissingReference',
});

interface PoolInfo {
  pool?: ComputePool;
  bundle?: ProfileBundle;
}

const findPool = (req: PlanRequest, ns: string, resolver: Resolver, checks: Check[]): PoolInfo => {
  if (req.workflow === 'compute-pool' || req.pool === 'dedicated') {
    if (req.computePool)
      checks.push({
        code: 'WF004',
        result: 'skip',
        path: 'computePool',
        message: `--compute-pool ${req.computePool} is not used: ${req.workflow === 'compute-pool' ? 'this deployment creates the pool' : 'a dedicated pool is created for this deployment'}.`,
      });
    return {};
  }
  if (!req.computePool) {
    checks.push(
      fail(
        'WF004',
        'computePool',
        `${WORKFLOW_WORDS[req.workflow]} on a shared pool needs the existing pool; name it with --compute-pool NAME (computePoolRef in an AIWorkload).`,
      ),
    );
    return {};
  }
  const pool = resolver.computePool(ns, req.computePool);
  if (!pool) {
    checks.push(
      missing('WF004', 'computePool', `compute pool "${req.computePool}" not found in namespace ${ns}.`),
    );
    return {};
  }
  // An existing dedicated pool takes the same "existing pool" rows (SPEC §6); that it hosts only
  // the first deployment that claims it is the deployment controller's to decide.
  const variant = pool.spec.clusterVariant.dedicated ? 'dedicated' : 'shared';
  const bundle = resolver.profileBundle(ns, pool.spec.profileBundleRef.name);
  if (!bundle) {
    checks.push(
      missing(
        'WF004',
        'computePool',
        `compute pool "${req.computePool}" uses bundle "${pool.spec.profileBundleRef.name}", which is not found in namespace ${ns}.`,
      ),
    );
    return { pool };
  }
  checks.push(
    pass(
      'WF004',
      'computePool',
      `${variant} compute pool "${req.computePool}" runs bundle "${bundle.metadata.name}"${variant === 'dedicated' ? ' (a dedicated pool hosts one deployment: the first that names it)' : ''}.`,
    ),
  );
  return { pool, bundle };
};

const findBundles = (
  names: readonly string[],
  ns: string,
  resolver: Resolver,
  checks: Check[],
): ProfileBundle[] =>
  names.flatMap((name) => {
    const b = resolver.profileBundle(ns, name);
    if (!b) {
      checks.push(missing('WF005', 'bundles', `bundle "${name}" not found in namespace ${ns}.`));
      return [];
    }
    const phase = resolver.bundlePhase(b);
    if (phase !== 'Ready') {
      // Not Ready yet: the bundle waits for its own references, and the deployment waits with it.
      checks.push(
        missing(
          'WF005',
          'bundles',
          `bundle "${name}" is ${phase}, not Ready; run \`paletteai validate\` on it to see why.`,
        ),
      );
      return [b];
    }
    checks.push(pass('WF005', 'bundles', `bundle "${name}" (${b.spec.type} ${b.spec.version}) is Ready.`));
    return [b];
  });

/** Plans a workflow (SPEC §3): what is deployed, what is ignored and why, and every check. */
export const planWorkflow = (req: PlanRequest, resolver: Resolver): PlanContext => {
  const checks: Check[] = [];
  let project: Project | undefined;
  if (req.project) {
    project = resolver.project(req.project);
    if (!project) checks.push(missing('REF001', 'project', `project "${req.project}" not found.`));
  }
  const ns = req.namespace ?? project?.spec.namespace ?? DEFAULT_NAMESPACE;
  const poolInfo = findPool(req, ns, resolver, checks);
  const bundles = findBundles(req.bundles, ns, resolver, checks);
  let selection: Plan['selection'];

  // Model as a Service chooses the bundle when none that can deploy a model is named: none at all,
  // or (dedicated pool) only the Infrastructure half of a pair.
  const allFound = bundles.length === req.bundles.length;
  const onlyInfra = bundles.every((b) => b.spec.type === 'Infrastructure');
  const needsMaas =
    req.workflow === 'model' && allFound && onlyInfra && bundles.length <= (req.pool === 'dedicated' ? 1 : 0);
  if (needsMaas) {
    if (!req.project || !req.model) {
      const needs = !req.project
        ? `a project whose mappings choose the bundle (no Project has spec.namespace ${ns}; on the CLI: --project)`
        : 'the model (spec.model; on the CLI: --model-source and --model-id)';
      const message = `a model deployment without an Application or Fullstack bundle lets Model as a Service choose one, which needs ${needs}. Or name the bundle (spec.profileBundleRefs; --bundle).`;
      // Without a project, the Project that serves the namespace may come later: the deployment waits.
      checks.push(req.project ? fail('MS001', 'model', message) : missing('MS001', 'model', message));
    } else if (project) {
      const infra = bundles[0];
      const target =
        req.pool === 'shared'
          ? poolInfo.bundle
            ? { bundle: poolInfo.bundle, words: "the pool's bundle" }
            : undefined
          : infra
            ? { bundle: infra, words: 'the Infrastructure bundle' }
            : undefined;
      const r = selectBundle(
        { project, namespace: ns, model: req.model, pool: req.pool, ...(target ? { target } : {}) },
        resolver,
      );
      selection = r.selection;
      checks.push(...r.checks);
      const chosen = r.selection.chosen ? resolver.profileBundle(ns, r.selection.chosen) : undefined;
      if (chosen) bundles.push(chosen);
    }
  }

  const types = bundles.map((b) => b.spec.type);
  if (bundles.length === req.bundles.length + (selection?.chosen ? 1 : 0) && bundles.length > 0) {
    checks.push(
      acceptsTypes(req.workflow, req.pool, types)
        ? pass(
            'WF001',
            'bundles',
            `${WORKFLOW_WORDS[req.workflow]} on a ${req.pool} pool accepts ${types.join(' + ')}.`,
          )
        : fail(
            'WF001',
            'bundles',
            `${WORKFLOW_WORDS[req.workflow]} on a ${req.pool} pool accepts ${describeAccepted(req.workflow, req.pool)}; got ${types.join(' + ') || 'none'}.`,
          ),
    );
  } else if (bundles.length === 0 && req.bundles.length === 0 && !needsMaas) {
    checks.push(
      fail(
        'WF001',
        'bundles',
        `${WORKFLOW_WORDS[req.workflow]} on a ${req.pool} pool needs ${describeAccepted(req.workflow, req.pool)}; name it with --bundle.`,
      ),
    );
  }

  if (req.workflow !== 'compute-pool') {
    const kind = req.workflow;
    const infra = bundles.find((b) => b.spec.type === 'Infrastructure');
    for (const b of bundles.filter((x) => x.spec.type !== 'Infrastructure')) {
      if (req.pool === 'shared' && poolInfo.bundle)
        checks.push(checkCompatibility(kind, b, poolInfo.bundle, "the pool's bundle"));
      else if (req.pool === 'dedicated' && infra)
        checks.push(checkCompatibility(kind, b, infra, 'the Infrastructure bundle'));
      else if (req.pool === 'dedicated')
        checks.push({
          code: 'IE001',
          result: 'skip',
          path: 'bundles',
          // Only a Fullstack bundle brings its cluster; an Application one alone has nothing to run on.
          message:
            b.spec.type === 'Fullstack'
              ? `bundle "${b.metadata.name}" brings its own cluster; no pool to check against.`
              : `bundle "${b.metadata.name}" has no Infrastructure bundle or pool to be checked against.`,
        });
    }
  }

  const row = WORKFLOW_TABLE[req.workflow][req.pool];
  const deploy = { clusterProfiles: [] as string[], workloadProfiles: [] as string[] };
  const ignored: IgnoredPart[] = [];
  const profiles: WorkloadProfile[] = [];
  for (const b of bundles) {
    const contents = resolveBundle(b, resolver);
    const bundle = b.metadata.name;
    for (const cp of contents.clusterProfiles) {
      if (!cp.object)
        ignored.push({
          kind: 'ClusterProfile',
          name: cp.name,
          bundle,
          reason: 'the reference does not resolve',
        });
      else if (row.clusterProfiles === 'deploy') deploy.clusterProfiles.push(cp.name);
      else
        ignored.push({
          kind: 'ClusterProfile',
          name: cp.name,
          bundle,
          reason: ignoreReason(req.workflow, req.pool, 'ClusterProfile', req.computePool),
        });
    }
    for (const wp of contents.workloadProfiles) {
      if (!wp.object)
        ignored.push({
          kind: 'WorkloadProfile',
          name: wp.name,
          bundle,
          reason: 'the reference does not resolve',
        });
      else if (row.wp[wp.object.spec.type] === 'deploy') {
        deploy.workloadProfiles.push(wp.name);
        profiles.push(wp.object);
      } else
        ignored.push({
          kind: 'WorkloadProfile',
          name: wp.name,
          bundle,
          reason: ignoreReason(req.workflow, req.pool, wp.object.spec.type, req.computePool),
        });
    }
  }
  if (req.workflow !== 'compute-pool' && bundles.length) {
    const wanted = req.workflow === 'app' ? 'Application' : 'Model';
    const code = req.workflow === 'app' ? 'WF002' : 'WF003';
    const n = profiles.filter((p) => p.spec.type === wanted).length;
    checks.push(
      n > 0
        ? pass(code, 'bundles', `deploys ${n} ${wanted} workload profile${n === 1 ? '' : 's'}.`)
        : fail(
            code,
            'bundles',
            `${WORKFLOW_WORDS[req.workflow]} needs ${wanted} workload profiles, and the bundles deploy none; pick a bundle that holds one.`,
          ),
    );
  }

  // The model of a model deployment reaches what would run: bound to modelId/modelSource (SPEC §6).
  const binding: ModelBinding | undefined =
    req.workflow === 'model' && req.model
      ? { model: req.model, labels: req.modelLabels ?? AIWORKLOAD_MODEL_LABELS }
      : undefined;
  const modelProfiles = profiles.filter((p) => p.spec.type === 'Model');
  if (binding) checks.push(...undeclaredModelId(profiles, binding));
  const vars = resolveVariables(
    ns,
    bundles,
    profiles,
    req.overrides ?? {},
    resolver,
    binding,
    req.overridesFrom,
  );
  checks.push(...vars.checks);
  if (binding && modelProfiles.length && !checks.some((c) => c.code === 'MS004' && c.result === 'fail')) {
    const v = vars.variables.find((x) => x.name === MODEL_ID_VARIABLE);
    checks.push(
      pass(
        'MS004',
        'bundles',
        `${binding.model.source} model ${binding.model.id} is bound to ${MODEL_ID_VARIABLE} of ${modelProfiles
          .map((p) => `"${p.metadata.name}"`)
          .join(', ')} (from ${v?.source ?? binding.labels.id}).`,
      ),
    );
  }
  const plan: Plan = {
    allowed: !checks.some((c) => c.result === 'fail'),
    workflow: req.workflow,
    pool: req.pool,
    namespace: ns,
    bundles: bundles.map((b) => b.metadata.name),
    deploy,
    ignored,
    checks,
    ...(selection ? { selection } : {}),
    variables: vars.variables,
  };
  return { plan, bundles, profiles, values: vars.values };
};
