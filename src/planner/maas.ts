import {
  byCodeUnits,
  compareVersions,
  type ModelReference,
  type ProfileBundle,
  type Project,
} from '../model/index.js';
import { resolveBundle, type Resolver } from '../rules/index.js';
import { checkCompatibility } from './compatibility.js';
import { globMatch, selectorMismatch } from './labelSelector.js';
import { modelServingProblems } from './modelBinding.js';
import type { CandidateVerdict, Check, MappingVerdict, Selection } from './types.js';
import { AIWORKLOAD_MODEL_LABELS } from './variables.js';
import { WORKFLOW_TABLE, type PoolKind } from './workflow.js';

export interface SelectionInput {
  project: Project;
  namespace: string;
  model: ModelReference;
  pool: PoolKind;
  /** The pool's bundle (shared) or the given Infrastructure bundle (dedicated pair). */
  target?: { bundle: ProfileBundle; words: string };
}

/** Why a model does not satisfy a mapping's `match` (undefined when it does). */
const matchMismatch = (match: Record<string, string>, model: ModelReference): string | undefined => {
  for (const [key, pattern] of Object.entries(match)) {
    const actual = key === 'id' ? model.id : model.attributes?.[key];
    if (actual === undefined) return `wants ${key}=${pattern}, the model has no ${key}`;
    if (!globMatch(pattern, actual)) return `wants ${key}=${pattern}, the model has ${key}=${actual}`;
  }
  return undefined;
};

/**
 * Model as a Service (SPEC §3 MS…): the first matching mapping by priority (then name), no
 * fall-through; among its candidates the highest semver wins, then the name.
 */
export const selectBundle = (
  input: SelectionInput,
  resolver: Resolver,
): { selection: Selection; checks: Check[] } => {
  const { project, model, namespace } = input;
  const ordered = [...(project.spec.maasMappings ?? [])].sort(
    (a, b) => b.priority - a.priority || byCodeUnits(a.name, b.name),
  );
  const mappings: MappingVerdict[] = [];
  let used: (typeof ordered)[number] | undefined;
  for (const m of ordered) {
    const base = { name: m.name, priority: m.priority, source: m.source };
    if (m.source !== model.source)
      mappings.push({
        ...base,
        verdict: 'other-source',
        reason: `for source ${m.source}, the model comes from ${model.source}`,
      });
    else if (used)
      mappings.push({
        ...base,
        verdict: 'not-considered',
        reason: `mapping "${used.name}" matched first (no fall-through to later mappings)`,
      });
    else {
      const why = matchMismatch(m.match, model);
      if (why) mappings.push({ ...base, verdict: 'no-match', reason: why });
      else {
        used = m;
        mappings.push({ ...base, verdict: 'used', reason: 'first matching mapping by priority, then name' });
      }
    }
  }
  const selection: Selection = {
    project: project.metadata.name,
    model,
    mapping: used?.name ?? null,
    chosen: null,
    mappings,
    candidates: [],
  };
  if (!used) {
    return {
      selection,
      checks: [
        {
          code: 'MS001',
          result: 'fail',
          path: 'model',
          message: `no Model-as-a-Service mapping of project "${project.metadata.name}" matches ${model.source} model ${model.id}${
            model.attributes && Object.keys(model.attributes).length
              ? ` (${Object.entries(model.attributes)
                  .map(([k, v]) => `${k}=${v}`)
                  .join(', ')})`
              : ''
          }; add a mapping for it to the project, or name the bundle yourself.`,
        },
      ],
    };
  }
  const wantType =
    input.pool === 'shared' ? ['Application', 'Fullstack'] : input.target ? ['Application'] : ['Fullstack'];
  const passing: { bundle: ProfileBundle; verdict: CandidateVerdict }[] = [];
  for (const bundle of resolver
    .profileBundles(namespace)
    .sort((a, b) => byCodeUnits(a.metadata.name, b.metadata.name))) {
    const verdict: CandidateVerdict = {
      name: bundle.metadata.name,
      type: bundle.spec.type,
      version: bundle.spec.version,
      verdict: 'rejected',
      reason: '',
    };
    selection.candidates.push(verdict);
    const labelsWhy = selectorMismatch(used.profileBundleSelector, bundle.metadata.labels);
    if (labelsWhy) {
      verdict.reason = `labels do not match the selector of "${used.name}": ${labelsWhy}`;
      continue;
    }
    const phase = resolver.bundlePhase(bundle);
    if (phase !== 'Ready') {
      verdict.reason = `bundle is ${phase}, not Ready`;
      continue;
    }
    if (!wantType.includes(bundle.spec.type)) {
      verdict.reason = `${bundle.spec.type === 'Infrastructure' || bundle.spec.type === 'Application' ? 'an' : 'a'} ${bundle.spec.type} bundle cannot deploy a model on a ${input.pool} pool${input.target && input.pool === 'dedicated' ? ' with an Infrastructure bundle' : ''} (needs ${wantType.join(' or ')})`;
      continue;
    }
    const profiles = resolveBundle(bundle, resolver).workloadProfiles.flatMap((r) =>
      r.object ? [r.object] : [],
    );
    const hasModel = profiles.some((p) => p.spec.type === 'Model');
    if (!hasModel) {
      verdict.reason = 'bundle holds no Model workload profile';
      continue;
    }
    if (input.target) {
      const c = checkCompatibility('model', bundle, input.target.bundle, input.target.words);
      if (c.result === 'fail') {
        verdict.reason = c.message;
        continue;
      }
    }
    // The requested model must reach every Model workload profile it would deploy (SPEC §6, MS004).
    const pair = input.pool === 'dedicated' && input.target ? [input.target.bundle] : [];
    const row = WORKFLOW_TABLE.model[input.pool];
    const deployed = [
      ...pair.flatMap((b) =>
        resolveBundle(b, resolver).workloadProfiles.flatMap((r) => (r.object ? [r.object] : [])),
      ),
      ...profiles,
    ].filter((p) => row.wp[p.spec.type] === 'deploy');
    const problems = modelServingProblems(
      namespace,
      [...pair, bundle],
      deployed,
      { model, labels: AIWORKLOAD_MODEL_LABELS },
      resolver,
    );
    if (problems[0]) {
      verdict.reason = `cannot serve ${model.id} (MS004): ${problems[0].message}`;
      continue;
    }
    passing.push({ bundle, verdict });
  }
  passing.sort(
    (a, b) =>
      compareVersions(b.bundle.spec.version, a.bundle.spec.version) ||
      byCodeUnits(a.bundle.metadata.name, b.bundle.metadata.name),
  );
  const winner = passing[0];
  if (!winner) {
    return {
      selection,
      checks: [
        {
          code: 'MS002',
          result: 'fail',
          path: 'model',
          // The candidates may still arrive or become Ready: the deployment waits for them.
          reason: 'MissingReference',
          message: `mapping "${used.name}" matched ${model.id} but none of the ${selection.candidates.length} bundles of namespace ${namespace} qualifies (${selection.candidates
            .slice(0, 3)
            .map((c) => `${c.name}: ${c.reason}`)
            .join(
              '; ',
            )}${selection.candidates.length > 3 ? '; …' : ''}). Mappings do not fall through: fix the bundles or the mapping.`,
        },
      ],
    };
  }
  winner.verdict.verdict = 'chosen';
  winner.verdict.reason =
    passing.length === 1
      ? 'the only bundle that qualifies'
      : `highest version among ${passing.length} qualifying bundles`;
  for (const p of passing.slice(1)) {
    p.verdict.verdict = 'outranked';
    const w = winner.bundle;
    p.verdict.reason =
      compareVersions(w.spec.version, p.bundle.spec.version) === 0
        ? `same version ${p.bundle.spec.version} as "${w.metadata.name}", which comes first by name`
        : `version ${p.bundle.spec.version} is lower than ${w.spec.version} of "${w.metadata.name}"`;
  }
  selection.chosen = winner.bundle.metadata.name;
  return {
    selection,
    checks: [
      {
        code: 'MS003',
        result: 'pass',
        path: 'model',
        message: `mapping "${used.name}" chose bundle "${winner.bundle.metadata.name}" ${winner.bundle.spec.version} (${winner.verdict.reason}).`,
      },
    ],
  };
};
