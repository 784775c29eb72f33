/**
 * The field matrix: for every kind, a valid baseline, then one case per (field, kind of mistake),
 * each asserting the exact issues `checkShape` reports (code, path, and the words that matter).
 */
import { describe, expect, it } from 'vitest';
import { checkShape } from '../rules/engine.js';
import { BASELINES } from './baselines.js';
import { KINDS, parsePath, type Issue } from './index.js';

type Obj = Record<string, unknown>;
type KindName = keyof typeof BASELINES;

// ---------------------------------------------------------------------------------------------
// Path helpers: `spec.clusterProfiles[0].name`, `metadata.labels["palette.ai/x"]` (as in issues)
// ---------------------------------------------------------------------------------------------

type Container = Record<string | number, unknown>;

const isContainer = (v: unknown): v is Container => v !== null && typeof v === 'object';

/** Defines an own, enumerable property (so `constructor` or `__proto__` become plain fields). */
const define = (target: Container, key: string | number, value: unknown) =>
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });

const getAt = (obj: unknown, segs: readonly (string | number)[]): unknown => {
  let cur = obj;
  for (const seg of segs) {
    if (!isContainer(cur) || !Object.prototype.hasOwnProperty.call(cur, seg)) return undefined;
    cur = cur[seg];
  }
  return cur;
};

const getPath = (obj: unknown, path: string): unknown => getAt(obj, parsePath(path));

const setPath = (obj: Obj, path: string, value: unknown): Obj => {
  const segs = parsePath(path);
  let cur: Container = obj;
  segs.slice(0, -1).forEach((seg, i) => {
    let next = Object.prototype.hasOwnProperty.call(cur, seg) ? cur[seg] : undefined;
    if (!isContainer(next)) {
      next = typeof segs[i + 1] === 'number' ? [] : {};
      define(cur, seg, next);
    }
    cur = next as Container;
  });
  define(cur, segs[segs.length - 1]!, value);
  return obj;
};

const deletePath = (obj: Obj, path: string): Obj => {
  const segs = parsePath(path);
  const parent = getAt(obj, segs.slice(0, -1));
  if (isContainer(parent)) delete parent[segs[segs.length - 1]!];
  return obj;
};

const baseline = (kind: KindName): Obj => structuredClone(BASELINES[kind]) as unknown as Obj;

// ---------------------------------------------------------------------------------------------
// Cases
// ---------------------------------------------------------------------------------------------

interface Want {
  code: string;
  path: string;
  /** Words the message must hold (substring), or a pattern it must match. */
  message?: string | RegExp;
}

interface Case {
  name: string;
  path: string;
  op: 'set' | 'delete';
  value?: unknown;
  want: Want[];
  /** Strings no message may hold (e.g. a secret value, or "did you mean" when nothing is close). */
  absent?: string[];
}

const words = (v: unknown): string => {
  if (v === null) return 'null';
  if (typeof v === 'string') {
    if (v === '') return 'an empty string';
    return v.length > 32 ? `a ${v.length}-character string` : JSON.stringify(v);
  }
  if (typeof v === 'number') return `the number ${v}`;
  if (typeof v === 'boolean') return `the boolean ${v}`;
  if (Array.isArray(v)) return v.length === 0 ? 'an empty list' : `a list of ${v.length}`;
  if (typeof v === 'object') return Object.keys(v).length === 0 ? 'an empty object' : 'an object';
  return String(v);
};

const requiredMissing = (path: string): Case => ({
  name: `rejects a missing ${path} (SCH002)`,
  path,
  op: 'delete',
  want: [
    { code: 'SCH002', path, message: `missing required field ${JSON.stringify(parsePath(path).at(-1))}` },
  ],
});

const optionalMissing = (path: string): Case => ({
  name: `accepts a missing ${path} (optional)`,
  path,
  op: 'delete',
  want: [],
});

const wrongType = (path: string, value: unknown, message?: string | RegExp, absent?: string[]): Case => ({
  name: `rejects ${path} given as ${words(value)} (SCH003)`,
  path,
  op: 'set',
  value,
  want: [{ code: 'SCH003', path, message: message ?? /^expected |fits none/ }],
  ...(absent ? { absent } : {}),
});

const rejects = (
  path: string,
  value: unknown,
  code: string,
  message?: string | RegExp,
  absent?: string[],
): Case => ({
  name: `rejects ${path} given as ${words(value)} (${code})`,
  path,
  op: 'set',
  value,
  want: [{ code, path, ...(message !== undefined ? { message } : {}) }],
  ...(absent ? { absent } : {}),
});

const accepts = (path: string, value: unknown, why = ''): Case => ({
  name: `accepts ${path} given as ${words(value)}${why ? ` (${why})` : ''}`,
  path,
  op: 'set',
  value,
  want: [],
});

/** An unknown field next to real ones; `guess` is the real field a "did you mean" must name. */
const unknownField = (path: string, guess?: string, value: unknown = 'x'): Case => ({
  name: `rejects the unknown field ${path} (SCH001)${guess ? `, suggesting ${guess}` : ''}`,
  path,
  op: 'set',
  value,
  want: [
    {
      code: 'SCH001',
      path,
      message: guess
        ? `unknown field ${JSON.stringify(parsePath(path).at(-1))}; did you mean ${JSON.stringify(guess)}?`
        : 'Known fields here:',
    },
  ],
  ...(guess ? {} : { absent: ['did you mean'] }),
});

const list = (n: number, item: (i: number) => unknown) => Array.from({ length: n }, (_, i) => item(i));
const long = (n: number) => 'x'.repeat(n);

// ---------------------------------------------------------------------------------------------
// The matrix, kind by kind
// ---------------------------------------------------------------------------------------------

const MATRIX: Record<KindName, Case[]> = {
  ProfileBundle: [
    requiredMissing('spec'),
    wrongType('spec', 'Fullstack'),
    requiredMissing('spec.type'),
    wrongType('spec.type', 3),
    rejects('spec.type', 'Fullstak', 'PB001', 'did you mean "Fullstack"?'),
    rejects('spec.type', 'fullstack', 'PB001', 'Values are case-sensitive.'),
    rejects('spec.type', '', 'PB001', '"Application", "Infrastructure" or "Fullstack"'),
    accepts('spec.type', 'Application'),
    requiredMissing('spec.version'),
    wrongType('spec.version', 1.2, 'quote it in YAML so it stays text'),
    rejects('spec.version', '', 'SCH005', 'a semantic version such as 1.2.0'),
    rejects('spec.version', '1.2', 'SCH005', 'expected a semantic version such as 1.2.0, found "1.2"'),
    rejects('spec.version', 'latest', 'SCH005', 'semantic version'),
    accepts('spec.version', 'v1.2.0-rc.1+build.5'),
    optionalMissing('spec.description'),
    wrongType('spec.description', 42),
    accepts('spec.description', ''),
    rejects('spec.description', long(1025), 'SCH006', 'expected at most 1024 characters, found 1025'),
    optionalMissing('spec.clusterProfiles'),
    wrongType('spec.clusterProfiles', 'edge-ubuntu-k3s-gpu', 'expected a list, found a string'),
    accepts('spec.clusterProfiles', []),
    rejects(
      'spec.clusterProfiles',
      list(65, (i) => ({ name: `cp-${i}` })),
      'SCH006',
      'expected at most 64 items, found 65 items',
    ),
    wrongType('spec.clusterProfiles[1]', 'gpu-operator', 'expected an object, found a string'),
    requiredMissing('spec.clusterProfiles[0].name'),
    rejects('spec.clusterProfiles[0].name', '', 'SCH006', 'expected a non-empty string'),
    wrongType('spec.clusterProfiles[0].name', 7),
    optionalMissing('spec.clusterProfiles[0].version'),
    rejects('spec.clusterProfiles[0].version', '', 'SCH006', 'non-empty'),
    wrongType(
      'spec.clusterProfiles[0].version',
      1,
      '(Profile version; newest when absent); quote it in YAML',
    ),
    unknownField('spec.clusterProfiles[0].versoin', 'version'),
    optionalMissing('spec.workloadProfiles'),
    wrongType('spec.workloadProfiles', { name: 'vllm-server' }),
    requiredMissing('spec.workloadProfiles[0].name'),
    optionalMissing('spec.workloadProfiles[0].revision'),
    wrongType('spec.workloadProfiles[0].revision', '3', 'expected an integer, found a string ("3")'),
    wrongType('spec.workloadProfiles[0].revision', 1.5, 'expected an integer, found a number (1.5)'),
    rejects('spec.workloadProfiles[0].revision', 0, 'SCH006', 'expected a number ≥ 1, found 0'),
    unknownField('spec.workloadProfiles[0].revison', 'revision', 3),
    optionalMissing('spec.variableSet'),
    accepts('spec.variableSet', {}),
    accepts('spec.variableSet.variables', []),
    wrongType('spec.variableSet.variables', {}),
    rejects('spec.variableSet.variables[0].name', '1model', 'SCH005', 'a letter or "_" first'),
    rejects('spec.variableSet.variables[0].variableType', 'text', 'SCH004', '"string", "bool", "int32"'),
    rejects(
      'spec.variableSet.variables[0].value',
      { string: 'a', int32: 1 },
      'SCH006',
      'expected at most 1 key, found 2 keys',
    ),
    rejects('spec.variableSet.variables[0].value', {}, 'SCH006', 'expected at least 1 key, found 0 keys'),
    unknownField('spec.variableSet.variable', 'variables', []),
    optionalMissing('spec.workloadProfileDependencies'),
    requiredMissing('spec.workloadProfileDependencies.helmRepositories[0].url'),
    rejects('spec.workloadProfileDependencies.helmRepositories[0].url', '', 'SCH005'),
    rejects('spec.workloadProfileDependencies.helmRepositories[0].url', 'ftp://charts.example.org', 'SCH005'),
    rejects(
      'spec.workloadProfileDependencies.helmRepositories[0].type',
      'git',
      'SCH004',
      'expected "default" or "oci", found "git".',
    ),
    wrongType('spec.workloadProfileDependencies.ociRepositories', 'oci://ghcr.io/vllm'),
    unknownField('spec.workloadProfileDependencies.helmRepository', 'helmRepositories', []),
    unknownField('spec.clusterProfile', 'clusterProfiles', [{ name: 'gpu-operator' }]),
    unknownField('spec.workloadProfile', 'workloadProfiles', [{ name: 'vllm-server' }]),
    unknownField('spec.inferenceEngine', undefined, 'vllm'),
    unknownField('specs', 'spec', {}),
    optionalMissing('status'),
    rejects('status.phase', 'Done', 'SCH004', '"Pending", "Ready" or "Invalid"'),
  ],

  WorkloadProfile: [
    requiredMissing('spec'),
    requiredMissing('spec.type'),
    wrongType('spec.type', 3),
    rejects('spec.type', 'model', 'SCH004', 'did you mean "Model"? Values are case-sensitive.'),
    rejects('spec.type', 'Fullstack', 'SCH004', '"Application", "Model" or "Infrastructure"'),
    rejects('spec.type', '', 'SCH004'),
    optionalMissing('spec.description'),
    wrongType('spec.description', ['vLLM']),
    optionalMissing('spec.variables'),
    accepts('spec.variables', []),
    wrongType('spec.variables', 'modelId'),
    requiredMissing('spec.variables[0].name'),
    requiredMissing('spec.variables[0].variableType'),
    rejects('spec.variables[0].validationMode', 'always', 'SCH004', '"required" or "optional"'),
    requiredMissing('spec.workload'),
    wrongType('spec.workload', [], 'expected an object, found a list'),
    requiredMissing('spec.workload.components'),
    rejects('spec.workload.components', [], 'SCH006', 'expected at least 1 item, found 0 items'),
    wrongType('spec.workload.components', { name: 'server', type: 'helm' }),
    rejects(
      'spec.workload.components',
      list(129, (i) => ({ name: `c${i}`, type: 'helm' })),
      'SCH006',
      'expected at most 128 items',
    ),
    requiredMissing('spec.workload.components[0].name'),
    rejects('spec.workload.components[0].name', '', 'SCH006', 'non-empty'),
    rejects('spec.workload.components[0].name', long(64), 'SCH006', 'expected at most 63 characters'),
    requiredMissing('spec.workload.components[0].type'),
    rejects('spec.workload.components[0].type', '', 'SCH006', 'non-empty'),
    wrongType('spec.workload.components[0].type', 1, 'helm | manifests | webservice'),
    accepts('spec.workload.components[0].type', 'cron-task', 'a ComponentDefinition name'),
    optionalMissing('spec.workload.components[0].deploymentPriority'),
    rejects('spec.workload.components[0].deploymentPriority', -1, 'SCH006', '≥ 0'),
    wrongType('spec.workload.components[0].deploymentPriority', '1'),
    optionalMissing('spec.workload.components[0].properties'),
    accepts('spec.workload.components[0].properties', {}),
    wrongType('spec.workload.components[0].properties', 'chart=vllm-stack'),
    unknownField('spec.workload.components[0].propertes', 'properties', {}),
    unknownField('spec.workload.component', 'components', []),
    unknownField('spec.workloads', 'workload', {}),
    unknownField('spec.descripton', 'description'),
    rejects('status.revision', 0, 'SCH006', '≥ 1'),
    unknownField('status.phase'),
  ],

  ClusterProfile: [
    requiredMissing('spec'),
    requiredMissing('spec.type'),
    rejects('spec.type', 'Addon', 'SCH004', 'did you mean "Add-on"?'),
    rejects('spec.type', 'add-on', 'SCH004', 'Values are case-sensitive.'),
    wrongType('spec.type', true),
    accepts('spec.type', 'Full'),
    requiredMissing('spec.cloudType'),
    rejects('spec.cloudType', 'Edge_Native', 'SCH005', 'lowercase letters, digits and "-"'),
    rejects('spec.cloudType', '', 'SCH005'),
    rejects('spec.cloudType', 'a'.repeat(64), 'SCH006', 'at most 63 characters'),
    wrongType('spec.cloudType', 1),
    accepts('spec.cloudType', 'aws', 'the schema allows any cloud type; PB007 checks bundles'),
    requiredMissing('spec.version'),
    rejects('spec.version', '', 'SCH006', 'non-empty'),
    wrongType('spec.version', 1, 'quote it in YAML so it stays text'),
    accepts('spec.version', '1.0', 'a profile version is not required to be semver'),
    optionalMissing('spec.description'),
    rejects('spec.description', long(1025), 'SCH006'),
    accepts('spec.uid', '6512f7a0c4e8d2b1'),
    wrongType('spec.uid', 123),
    requiredMissing('spec.layers'),
    rejects('spec.layers', [], 'SCH006', 'expected at least 1 item'),
    wrongType('spec.layers', { type: 'os' }),
    requiredMissing('spec.layers[0].type'),
    rejects('spec.layers[0].type', 'kernel', 'SCH004', '"os", "k8s", "cni", "csi" or "addon"'),
    requiredMissing('spec.layers[0].pack'),
    wrongType('spec.layers[0].pack', 'ubuntu:22.04'),
    requiredMissing('spec.layers[0].pack.name'),
    rejects('spec.layers[0].pack.name', '', 'SCH006'),
    requiredMissing('spec.layers[0].pack.version'),
    wrongType('spec.layers[0].pack.version', 22.04, 'quote it in YAML so it stays text'),
    optionalMissing('spec.layers[0].pack.registry'),
    rejects('spec.layers[0].pack.registry', '', 'SCH006'),
    optionalMissing('spec.layers[3].values'),
    wrongType('spec.layers[3].values', { replicas: 3 }, 'expected a string, found an object'),
    unknownField('spec.layers[0].pack.versions', 'version'),
    unknownField('spec.layer', 'layers', []),
    unknownField('spec.cloudtype', 'cloudType', 'edge-native'),
    unknownField('status.phase'),
  ],

  ComponentDefinition: [
    requiredMissing('spec'),
    optionalMissing('spec.description'),
    wrongType('spec.description', 5),
    requiredMissing('spec.schema'),
    wrongType('spec.schema', 'object', 'JSON Schema of the component properties'),
    accepts('spec.schema', {}),
    requiredMissing('spec.template'),
    rejects('spec.template', [], 'SCH006', 'expected at least 1 item'),
    rejects(
      'spec.template',
      list(65, (i) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `c${i}` } })),
      'SCH006',
      'expected at most 64 items',
    ),
    wrongType('spec.template', { apiVersion: 'batch/v1', kind: 'CronJob' }),
    wrongType('spec.template[0]', 'kind: CronJob'),
    unknownField('spec.templates', 'template', []),
    unknownField('spec.schemas', 'schema', {}),
    unknownField('spec.properties'),
    accepts('status', {}),
    unknownField('status.ready', undefined, true),
  ],

  VariableSet: [
    requiredMissing('spec'),
    optionalMissing('spec.description'),
    requiredMissing('spec.variables'),
    accepts('spec.variables', []),
    wrongType('spec.variables', { maxModelLen: 8192 }, 'expected a list, found an object'),
    rejects(
      'spec.variables',
      list(513, (i) => ({ name: `v${i}`, variableType: 'string' })),
      'SCH006',
      'expected at most 512 items',
    ),
    wrongType('spec.variables[0]', 'maxModelLen=8192'),
    requiredMissing('spec.variables[0].name'),
    rejects('spec.variables[0].name', '', 'SCH005'),
    rejects('spec.variables[0].name', 'max model len', 'SCH005', 'found "max model len"'),
    rejects('spec.variables[0].name', '9lives', 'SCH005', 'a letter or "_" first'),
    rejects('spec.variables[0].name', `a${long(253)}`, 'SCH006', 'at most 253 characters'),
    wrongType('spec.variables[0].name', 5),
    accepts('spec.variables[0].name', '_model-id_2'),
    requiredMissing('spec.variables[0].variableType'),
    rejects('spec.variables[0].variableType', 'int', 'SCH004', 'did you mean "int32"?'),
    rejects('spec.variables[0].variableType', 'Int32', 'SCH004', 'Values are case-sensitive.'),
    wrongType('spec.variables[0].variableType', 32),
    optionalMissing('spec.variables[0].value'),
    wrongType('spec.variables[0].value', 8192, 'One key equal to variableType'),
    rejects('spec.variables[0].value', { int32: 1, int64: 1 }, 'SCH006', 'at most 1 key'),
    rejects('spec.variables[0].value', {}, 'SCH006', 'at least 1 key'),
    wrongType('spec.variables[0].value.int32', '8192'),
    wrongType('spec.variables[0].value.int32', 81.92, 'expected an integer'),
    {
      ...wrongType('spec.variables[0].value.bool', 'true'),
      path: 'spec.variables[0].value',
      value: { bool: 'true' },
      want: [{ code: 'SCH003', path: 'spec.variables[0].value.bool', message: 'expected a boolean' }],
    },
    rejects('spec.variables[1].value.string', long(65537), 'SCH006', 'at most 65536 characters', [long(80)]),
    accepts('spec.variables[0].value', { int64: '9007199254740993' }, 'an int64 written in digits'),
    {
      ...wrongType('spec.variables[0].value.int64', '12a'),
      path: 'spec.variables[0].value',
      value: { int64: '12a' },
      want: [{ code: 'SCH003', path: 'spec.variables[0].value.int64' }],
    },
    {
      ...unknownField('spec.variables[0].value.integer'),
      path: 'spec.variables[0].value',
      value: { integer: 8192 },
      want: [
        {
          code: 'SCH001',
          path: 'spec.variables[0].value.integer',
          message: 'Known fields here: string, bool, int32, int64, float32, float64.',
        },
      ],
    },
    optionalMissing('spec.variables[0].description'),
    rejects('spec.variables[0].description', long(1025), 'SCH006', 'at most 1024 characters'),
    optionalMissing('spec.variables[0].validationMode'),
    rejects('spec.variables[0].validationMode', 'mandatory', 'SCH004', '"required" or "optional"'),
    optionalMissing('spec.variables[0].locked'),
    wrongType('spec.variables[0].locked', 'yes', 'expected a boolean, found a string ("yes")'),
    rejects('spec.variables[0].inputType', 'textarea', 'SCH004', '"text" or "multiline"'),
    wrongType('spec.variables[0].secret', 'true'),
    unknownField('spec.variables[0].lockd', 'locked', true),
    unknownField('spec.variable', 'variables', []),
    unknownField('status.observedGeneration', undefined, 1),
  ],

  ComputePool: [
    requiredMissing('spec'),
    requiredMissing('spec.profileBundleRef'),
    wrongType('spec.profileBundleRef', 'edge-gpu-infra', 'expected an object, found a string'),
    requiredMissing('spec.profileBundleRef.name'),
    rejects('spec.profileBundleRef.name', '', 'SCH006', 'expected a non-empty string'),
    rejects('spec.profileBundleRef.name', long(254), 'SCH006', 'at most 253 characters'),
    wrongType('spec.profileBundleRef.name', 1, 'Name of the referenced object'),
    unknownField('spec.profileBundleRef.namespace', undefined, 'other'),
    requiredMissing('spec.clusterVariant'),
    wrongType('spec.clusterVariant', 'shared'),
    accepts('spec.clusterVariant', { dedicated: {} }),
    accepts('spec.clusterVariant', {}, 'exactly one of shared/dedicated is rule CPL001, not a shape check'),
    wrongType('spec.clusterVariant.shared', true),
    unknownField('spec.clusterVariant.shared.size', undefined, 3),
    unknownField('spec.clusterVariant.dedicate', 'dedicated', {}),
    optionalMissing('spec.variables'),
    accepts('spec.variables', {}),
    accepts('spec.variables.gpuCount', true),
    accepts('spec.variables.gpuCount', '2'),
    wrongType('spec.variables', ['gpuCount=2'], 'expected an object, found a list'),
    wrongType('spec.variables.gpuCount', { count: 2 }),
    wrongType('spec.variables.gpuCount', null),
    unknownField('spec.profileBundleRefs', 'profileBundleRef', []),
    unknownField('spec.variable', 'variables', {}),
    optionalMissing('status'),
    rejects(
      'status.phase',
      'Ready',
      'SCH004',
      '"Pending", "Provisioning", "Running", "Failed" or "Deleting"',
    ),
    wrongType('status.deployed.clusterProfiles', 'edge-ubuntu-k3s-gpu'),
  ],

  AIWorkload: [
    requiredMissing('spec'),
    accepts('spec', {}, 'the type-dependent fields are rules AIW002/AIW003, not shape checks'),
    optionalMissing('spec.profileBundleRefs'),
    rejects('spec.profileBundleRefs', [], 'SCH006', 'expected at least 1 item, found 0 items'),
    rejects(
      'spec.profileBundleRefs',
      [{ name: 'a' }, { name: 'b' }, { name: 'c' }],
      'SCH006',
      'expected at most 2 items, found 3 items',
    ),
    wrongType('spec.profileBundleRefs', { name: 'vllm-llama3' }, 'expected a list, found an object'),
    wrongType('spec.profileBundleRefs[0]', 'vllm-llama3'),
    requiredMissing('spec.profileBundleRefs[0].name'),
    rejects('spec.profileBundleRefs[0].name', '', 'SCH006'),
    optionalMissing('spec.computePoolRef'),
    wrongType('spec.computePoolRef', 'gpu-pool-a'),
    wrongType('spec.computePoolRef.name', 7),
    accepts('spec.dedicatedComputePool', { variables: { gpuCount: 1 } }),
    unknownField('spec.dedicatedComputePool.size', undefined, 2),
    optionalMissing('spec.model'),
    wrongType('spec.model', 'meta-llama/Llama-3.1-8B-Instruct'),
    requiredMissing('spec.model.source'),
    rejects('spec.model.source', 'hf', 'SCH004', 'expected "huggingface" or "nvidia-ngc", found "hf".'),
    rejects('spec.model.source', 'HuggingFace', 'SCH004', 'did you mean "huggingface"?'),
    requiredMissing('spec.model.id'),
    rejects('spec.model.id', '', 'SCH006'),
    rejects('spec.model.id', long(513), 'SCH006', 'at most 512 characters'),
    optionalMissing('spec.model.attributes'),
    wrongType('spec.model.attributes', 'text-generation'),
    wrongType('spec.model.attributes.task', 5),
    unknownField('spec.model.task', undefined, 'text-generation'),
    optionalMissing('spec.workloadDeploymentConfigs'),
    accepts('spec.workloadDeploymentConfigs', []),
    wrongType('spec.workloadDeploymentConfigs', { variables: {} }),
    accepts('spec.workloadDeploymentConfigs[0].variables.maxModelLen', 8192),
    wrongType('spec.workloadDeploymentConfigs[0].variables.maxModelLen', [8192]),
    wrongType('spec.workloadDeploymentConfigs[0].workloadProfile', 3),
    unknownField('spec.workloadDeploymentConfigs[0].variable', 'variables', {}),
    unknownField('spec.profileBundleRef', 'profileBundleRefs', { name: 'vllm-llama3' }),
    unknownField('spec.computePool', 'computePoolRef', 'gpu-pool-a'),
    rejects('status.phase', 'Ready', 'SCH004', '"Pending", "Deploying", "Running" or "Failed"'),
  ],

  WorkloadDeployment: [
    requiredMissing('spec'),
    requiredMissing('spec.owner'),
    wrongType('spec.owner', 'AIWorkload/llama-chat'),
    requiredMissing('spec.owner.kind'),
    rejects('spec.owner.kind', 'Deployment', 'SCH004', 'expected "AIWorkload" or "ComputePool"'),
    requiredMissing('spec.owner.name'),
    rejects('spec.owner.name', '', 'SCH006'),
    unknownField('spec.owner.namespace', undefined, 'project-melbourne'),
    requiredMissing('spec.profileBundle'),
    rejects('spec.profileBundle', '', 'SCH006', 'non-empty'),
    wrongType('spec.profileBundle', { name: 'vllm-llama3' }),
    requiredMissing('spec.workloadProfile'),
    wrongType('spec.workloadProfile', 'vllm-server'),
    requiredMissing('spec.workloadProfile.name'),
    requiredMissing('spec.workloadProfile.revision'),
    rejects('spec.workloadProfile.revision', 0, 'SCH006', '≥ 1'),
    wrongType('spec.workloadProfile.revision', '3', 'expected an integer'),
    optionalMissing('spec.computePool'),
    wrongType('spec.computePool', 1),
    accepts('spec.computePool', '', 'the schema sets no minimum length'),
    optionalMissing('spec.variables'),
    wrongType('spec.variables.maxModelLen', { value: 1 }),
    unknownField('spec.workloadProfiles', 'workloadProfile', []),
    unknownField('spec.profileBundles', 'profileBundle', []),
    optionalMissing('status'),
    unknownField('status.revision', undefined, 1),
  ],

  Project: [
    requiredMissing('spec'),
    requiredMissing('spec.namespace'),
    wrongType('spec.namespace', 5),
    accepts('spec.namespace', '', 'the schema sets no minimum length; PRJ003 checks the name'),
    optionalMissing('spec.description'),
    rejects('spec.description', long(1025), 'SCH006'),
    optionalMissing('spec.settingsRef'),
    wrongType('spec.settingsRef', 'default'),
    rejects('spec.settingsRef.name', '', 'SCH006'),
    optionalMissing('spec.maasMappings'),
    accepts('spec.maasMappings', []),
    wrongType('spec.maasMappings', { name: 'hf-chat-on-vllm' }),
    requiredMissing('spec.maasMappings[0].name'),
    rejects('spec.maasMappings[0].name', '', 'SCH006'),
    rejects('spec.maasMappings[0].name', long(64), 'SCH006', 'at most 63 characters'),
    requiredMissing('spec.maasMappings[0].priority'),
    wrongType('spec.maasMappings[0].priority', '100', 'Higher wins'),
    wrongType('spec.maasMappings[0].priority', 1.5, 'expected an integer'),
    accepts('spec.maasMappings[0].priority', -10),
    requiredMissing('spec.maasMappings[0].source'),
    rejects('spec.maasMappings[0].source', 'HuggingFace', 'SCH004', 'Values are case-sensitive.'),
    requiredMissing('spec.maasMappings[0].match'),
    accepts('spec.maasMappings[0].match', {}),
    wrongType('spec.maasMappings[0].match', 'meta-llama/*'),
    wrongType('spec.maasMappings[0].match.task', 1),
    requiredMissing('spec.maasMappings[0].profileBundleSelector'),
    accepts('spec.maasMappings[0].profileBundleSelector', {}),
    wrongType('spec.maasMappings[0].profileBundleSelector.matchLabels["palette.ai/inference-engine"]', 1),
    requiredMissing('spec.maasMappings[0].profileBundleSelector.matchExpressions[0].key'),
    rejects(
      'spec.maasMappings[0].profileBundleSelector.matchExpressions[0].operator',
      'Equals',
      'SCH004',
      '"In", "NotIn", "Exists" or "DoesNotExist"',
    ),
    wrongType('spec.maasMappings[0].profileBundleSelector.matchExpressions[0].values', 'gpu'),
    unknownField('spec.maasMappings[0].profileBundleSelector.matchLabel', 'matchLabels', {}),
    unknownField('spec.maasMappings[0].priorty', 'priority', 1),
    unknownField('spec.maasMapping', 'maasMappings', []),
    unknownField('spec.settingRef', 'settingsRef', { name: 'default' }),
  ],

  Settings: [
    requiredMissing('spec'),
    accepts('spec', {}, 'every integration is optional'),
    optionalMissing('spec.infrastructureProvider'),
    rejects('spec.infrastructureProvider', 'aws', 'SCH004', 'expected "none", "palette" or "kubeconfig"'),
    wrongType('spec.infrastructureProvider', false),
    optionalMissing('spec.palette'),
    wrongType('spec.palette', 'https://api.spectrocloud.com'),
    requiredMissing('spec.palette.endpoint'),
    rejects('spec.palette.endpoint', 'api.spectrocloud.com', 'SCH005', 'a URL starting with https://'),
    rejects('spec.palette.endpoint', '', 'SCH005'),
    rejects('spec.palette.endpoint', `https://${long(2041)}`, 'SCH006', 'at most 2048 characters'),
    requiredMissing('spec.palette.projectUid'),
    rejects('spec.palette.projectUid', '', 'SCH006'),
    requiredMissing('spec.palette.apiKeySecretRef'),
    wrongType('spec.palette.apiKeySecretRef', 'palette-creds'),
    requiredMissing('spec.palette.apiKeySecretRef.name'),
    optionalMissing('spec.palette.apiKeySecretRef.key'),
    rejects('spec.palette.apiKeySecretRef.key', '', 'SCH006'),
    optionalMissing('spec.palette.packRegistries'),
    accepts('spec.palette.packRegistries', []),
    wrongType('spec.palette.packRegistries', 'public', 'expected a list, found a string'),
    rejects('spec.palette.packRegistries[0]', '', 'SCH006'),
    unknownField('spec.palette.apiKey', undefined, 'do-not-inline'),
    optionalMissing('spec.huggingFace'),
    requiredMissing('spec.huggingFace.tokenSecretRef'),
    wrongType('spec.huggingFace.tokenSecretRef', 'hf'),
    requiredMissing('spec.nvidiaNgc.apiKeySecretRef'),
    optionalMissing('spec.ociRegistry'),
    requiredMissing('spec.ociRegistry.url'),
    rejects('spec.ociRegistry.url', 'https://127.0.0.1:5000', 'SCH005', 'a URL starting with oci://'),
    optionalMissing('spec.ociRegistry.credentialsSecretRef'),
    wrongType('spec.ociRegistry.insecure', 'false'),
    unknownField('spec.huggingface', 'huggingFace', {}),
    unknownField('spec.nvidiaNGC', 'nvidiaNgc', {}),
    unknownField('spec.ociRegistry.insecur', 'insecure', true),
  ],

  HelmRepository: [
    requiredMissing('spec'),
    requiredMissing('spec.url'),
    wrongType('spec.url', 5),
    rejects('spec.url', '', 'SCH005'),
    rejects(
      'spec.url',
      'ftp://example.org/charts',
      'SCH005',
      'a URL starting with https://, http:// or oci://',
    ),
    rejects('spec.url', `https://${long(2041)}`, 'SCH006', 'at most 2048 characters'),
    accepts('spec.url', 'oci://ghcr.io/vllm-project/charts'),
    optionalMissing('spec.type'),
    rejects('spec.type', 'git', 'SCH004', 'expected "default" or "oci"'),
    optionalMissing('spec.interval'),
    wrongType('spec.interval', 600, 'quote it in YAML so it stays text'),
    optionalMissing('spec.timeout'),
    optionalMissing('spec.secretRef'),
    wrongType('spec.secretRef', 'vllm-charts-auth'),
    requiredMissing('spec.secretRef.name'),
    rejects('spec.secretRef.name', '', 'SCH006'),
    unknownField('spec.secretRef.key', undefined, 'password'),
    wrongType('spec.insecure', 'no', 'expected a boolean'),
    wrongType('spec.suspend', 1),
    accepts('spec.accessFrom', { namespaceSelectors: [] }),
    unknownField('spec.intervall', 'interval', '5m'),
    unknownField('spec.chart', undefined, 'vllm-stack'),
  ],

  OCIRepository: [
    requiredMissing('spec'),
    requiredMissing('spec.url'),
    rejects('spec.url', 'https://ghcr.io/vllm', 'SCH005', 'a URL starting with oci://'),
    rejects('spec.url', '', 'SCH005'),
    wrongType('spec.url', ['oci://ghcr.io/vllm']),
    optionalMissing('spec.ref'),
    accepts('spec.ref', {}),
    accepts('spec.ref', { semver: '>=1.0.0', semverFilter: '.*-rc.*' }),
    wrongType('spec.ref', '1.2.0'),
    wrongType('spec.ref.tag', 1.2, 'quote it in YAML so it stays text'),
    unknownField('spec.ref.branch', undefined, 'main'),
    optionalMissing('spec.interval'),
    optionalMissing('spec.insecure'),
    wrongType('spec.insecure', 'true'),
    wrongType('spec.serviceAccountName', 1),
    wrongType('spec.layerSelector', 'application/vnd.cncf.helm.chart.content.v1.tar+gzip'),
    unknownField('spec.refs', 'ref', {}),
    unknownField('spec.layerSelectors', 'layerSelector', {}),
  ],

  Namespace: [
    optionalMissing('spec'),
    optionalMissing('status'),
    wrongType('spec', [], 'expected an object, found a list'),
    optionalMissing('spec.finalizers'),
    accepts('spec.finalizers', []),
    wrongType('spec.finalizers', 'kubernetes'),
    wrongType('spec.finalizers[0]', 1),
    unknownField('spec.finalizer', 'finalizers', []),
    wrongType('status.phase', 1),
    unknownField('status.conditions', undefined, []),
    unknownField('data', undefined, {}),
    requiredMissing('metadata.name'),
    rejects('metadata.name', 'project.melbourne', 'MD001', 'only lowercase letters, digits and "-"'),
    rejects('metadata.name', 'a'.repeat(64), 'MD001', 'it has 64 characters, more than 63'),
    rejects(
      'metadata.namespace',
      'default',
      'MD002',
      'Namespace is cluster-scoped; remove metadata.namespace',
    ),
  ],

  Secret: [
    requiredMissing('metadata'),
    optionalMissing('type'),
    wrongType('type', 5),
    accepts('type', 'kubernetes.io/dockerconfigjson'),
    optionalMissing('immutable'),
    wrongType('immutable', 'yes'),
    optionalMissing('data'),
    accepts('data', {}),
    wrongType('data', 'c2VjcmV0', 'expected an object'),
    // A Secret's values never appear in errors (SPEC §2.8): the message says what is wrong, not the value.
    {
      ...rejects('data.apiKey', 'hf_LiveToken!', 'SCH005', 'base64', ['hf_LiveToken!']),
      name: 'rejects data.apiKey that is not base64, without echoing the value (SCH005)',
    },
    {
      ...wrongType('data.apiKey', 31415926535, /^expected a string/, ['31415926535']),
      name: 'rejects data.apiKey given as a number, without echoing the value (SCH003)',
    },
    optionalMissing('stringData'),
    wrongType('stringData', ['token']),
    {
      ...wrongType('stringData.note', 27182818284, /^expected a string/, ['27182818284']),
      name: 'rejects stringData.note given as a number, without echoing the value (SCH003)',
    },
    unknownField('stringdata', 'stringData', {}),
    unknownField('spec', undefined, {}),
  ],
};

// ---------------------------------------------------------------------------------------------
// Running a case
// ---------------------------------------------------------------------------------------------

const expected = (want: Want[]) =>
  want.map((w) => ({
    code: w.code,
    severity: 'error',
    path: w.path,
    message:
      w.message === undefined
        ? expect.any(String)
        : typeof w.message === 'string'
          ? expect.stringContaining(w.message)
          : expect.stringMatching(w.message),
  }));

const assertNoneHold = (issues: readonly Issue[], absent: readonly string[] = []) => {
  for (const i of issues) for (const a of absent) expect(i.message).not.toContain(a);
};

const runCase = (kind: KindName, c: Case) => {
  const object = baseline(kind);
  if (c.op === 'delete') {
    // A "missing" case must remove something the baseline has, or it proves nothing.
    expect(getPath(object, c.path), `${c.path} is in the ${kind} baseline`).not.toBeUndefined();
    deletePath(object, c.path);
    expect(getPath(object, c.path)).toBeUndefined();
  } else {
    setPath(object, c.path, c.value);
  }
  const { info, issues } = checkShape(object);
  expect(info?.kind).toBe(kind);
  expect(issues).toEqual(expected(c.want));
  assertNoneHold(issues, c.absent);
};

describe('field matrix', () => {
  it('has a baseline and a matrix for every kind of KINDS, and nothing else', () => {
    const kinds = KINDS.map((k) => k.kind).sort();
    expect(Object.keys(BASELINES).sort()).toEqual(kinds);
    expect(Object.keys(MATRIX).sort()).toEqual(kinds);
  });

  for (const info of KINDS) {
    const kind = info.kind as KindName;
    const cases = MATRIX[kind];

    it(`${kind}: the baseline is valid (no issues) and typed by the right apiVersion`, () => {
      const object = baseline(kind);
      expect(object.apiVersion).toBe(info.apiVersion);
      const result = checkShape(object);
      expect(result.issues).toEqual([]);
      expect(result.info?.kind).toBe(kind);
    });

    it(`${kind}: the matrix covers at least 4 fields, and every required spec field goes missing`, () => {
      const fields = new Set(cases.map((c) => c.path));
      expect(fields.size).toBeGreaterThanOrEqual(4);
      const schema = info.schema as { properties?: Record<string, { required?: string[] }> };
      for (const field of schema.properties?.spec?.required ?? []) {
        expect(
          cases.some((c) => c.op === 'delete' && c.path === `spec.${field}`),
          `a missing case for spec.${field}`,
        ).toBe(true);
      }
    });

    const names = new Set<string>();
    for (const c of cases) {
      const name = `${kind}: ${c.name}`;
      if (names.has(name)) throw new Error(`duplicate case name: ${name}`);
      names.add(name);
      it(name, () => runCase(kind, c));
    }
  }
});

// ---------------------------------------------------------------------------------------------
// Metadata (on ProfileBundle)
// ---------------------------------------------------------------------------------------------

const META_CASES: Case[] = [
  requiredMissing('metadata'),
  wrongType('metadata', 'vllm-llama3'),
  requiredMissing('metadata.name'),
  wrongType('metadata.name', 5),
  optionalMissing('metadata.namespace'),
  optionalMissing('metadata.labels'),
  wrongType('metadata.labels', ['palette.ai/inference-engine=vllm']),
  wrongType('metadata.labels["palette.ai/inference-engine"]', 1),
  rejects('metadata.generation', -1, 'SCH006', '≥ 0'),
  accepts('metadata.creationTimestamp', null),
  accepts('metadata.labels.constructor', 'plain-label', '"constructor" is an ordinary label key'),
  unknownField('metadata.nmae', 'name', 'vllm-llama3'),
  unknownField('metadata.label', 'labels', {}),
  rejects('metadata.name', 'VLLM_Llama3', 'MD001', 'for example "vllm-llama3"'),
  accepts('metadata.name', 'a'.repeat(253), 'the DNS-1123 subdomain limit'),
  rejects('metadata.name', 'a'.repeat(254), 'MD001', 'it has 254 characters, more than 253'),
  rejects('metadata.name', '..', 'MD001', 'is not a valid DNS-1123 name'),
  rejects('metadata.name', '', 'MD001', 'it is empty'),
  rejects('metadata.name', 'vllm-', 'MD001', 'start and end with a letter or digit'),
  accepts('metadata.name', 'vllm.llama3', 'dots are allowed in a subdomain name'),
  rejects('metadata.namespace', 'Project_X', 'MD002', 'namespace "Project_X" is not a valid DNS-1123 label'),
  rejects('metadata.namespace', 'project.melbourne', 'MD002'),
  rejects('metadata.labels["-bad"]', 'x', 'MD003', 'label key "-bad" is invalid'),
  rejects('metadata.labels["Palette.AI/engine"]', 'vllm', 'MD003', 'must be a DNS subdomain'),
  accepts('metadata.labels["palette.ai/tier"]', 'a'.repeat(63), 'the label value limit'),
  rejects('metadata.labels["palette.ai/inference-engine"]', 'v'.repeat(64), 'MD004', 'at most 63'),
  rejects('metadata.labels["palette.ai/inference-engine"]', 'vllm engine', 'MD004'),
  accepts('metadata.labels["palette.ai/inference-engine"]', '', 'an empty label value is valid'),
  rejects(
    'metadata.annotations["palette.ai/a/b"]',
    'x',
    'MD005',
    'annotation key "palette.ai/a/b" is invalid',
  ),
  accepts('metadata.annotations.note', 'n'.repeat(256 * 1024 - 4), 'exactly 256 KiB of annotations'),
  rejects(
    'metadata.annotations',
    { note: 'n'.repeat(256 * 1024 - 3) },
    'MD006',
    'more than 262144 (256 KiB)',
  ),
];

describe('metadata (on ProfileBundle)', () => {
  for (const c of META_CASES) it(`ProfileBundle: ${c.name}`, () => runCase('ProfileBundle', c));

  it('ProfileBundle: reports every metadata problem at once, each at its own path', () => {
    const object = baseline('ProfileBundle');
    setPath(object, 'metadata.name', 'Bad_Name');
    setPath(object, 'metadata.namespace', 'Project_X');
    setPath(object, 'metadata.labels["-bad"]', 'v'.repeat(64));
    setPath(object, 'spec.version', '1.2');
    const { issues } = checkShape(object);
    expect(issues.map((i) => `${i.code} ${i.path}`).sort()).toEqual(
      [
        'SCH005 spec.version',
        'MD001 metadata.name',
        'MD002 metadata.namespace',
        'MD003 metadata.labels["-bad"]',
        'MD004 metadata.labels["-bad"]',
      ].sort(),
    );
  });
});

describe('suggested names', () => {
  const SUGGESTIONS: [KindName, string][] = [
    ['ProfileBundle', 'VLLM_Llama3'],
    ['ProfileBundle', '-vllm-'],
    // 254 characters: lowercased, "_" → "-", cut to 253 → must not end with "-".
    ['ProfileBundle', `${'A'.repeat(252)}_x`],
    ['Namespace', 'Project_X'],
    // A Namespace name is a DNS-1123 label: no dots.
    ['Namespace', 'project.melbourne'],
    ['Namespace', `${'a'.repeat(62)}-bc`],
  ];
  for (const [kind, name] of SUGGESTIONS) {
    it(`${kind}: the fix suggested for the name ${words(name)} is itself a valid name (MD001)`, () => {
      const { issues } = checkShape(setPath(baseline(kind), 'metadata.name', name));
      expect(issues).toEqual(expected([{ code: 'MD001', path: 'metadata.name', message: 'for example "' }]));
      const fix = /for example "([^"]*)"/.exec(issues[0]!.message)?.[1] ?? '';
      const again = checkShape(setPath(baseline(kind), 'metadata.name', fix));
      expect(again.issues, `suggested fix ${JSON.stringify(fix)}`).toEqual([]);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Field paths with odd keys
// ---------------------------------------------------------------------------------------------

describe('field paths of odd keys', () => {
  it('ProfileBundle: renders an annotation key holding "/" in brackets (SCH003)', () => {
    const { issues } = checkShape(setPath(baseline('ProfileBundle'), 'metadata.annotations["a.io/b"]', 1));
    expect(issues).toEqual(expected([{ code: 'SCH003', path: 'metadata.annotations["a.io/b"]' }]));
  });

  it('ProfileBundle: renders an annotation key holding "~" in brackets (SCH003)', () => {
    const { issues } = checkShape(setPath(baseline('ProfileBundle'), 'metadata.annotations["a~1b~0"]', 1));
    expect(issues).toEqual(expected([{ code: 'SCH003', path: 'metadata.annotations["a~1b~0"]' }]));
  });

  it('ComputePool: renders a digits-only map key as a quoted key, not a list index (SCH003)', () => {
    const { issues } = checkShape(setPath(baseline('ComputePool'), 'spec.variables["8080"]', { port: 1 }));
    expect(issues).toEqual(expected([{ code: 'SCH003', path: 'spec.variables["8080"]' }]));
  });

  it('ProfileBundle: renders a digits-only label key as a quoted key, not a list index (SCH003)', () => {
    const { issues } = checkShape(setPath(baseline('ProfileBundle'), 'metadata.labels["2024"]', 2024));
    expect(issues).toEqual(expected([{ code: 'SCH003', path: 'metadata.labels["2024"]' }]));
  });
});

// ---------------------------------------------------------------------------------------------
// Messages of values that fit none of several forms (anyOf)
// ---------------------------------------------------------------------------------------------

describe('messages for values of several allowed forms', () => {
  it('ComputePool: an override given as an object says which forms are allowed (SCH003)', () => {
    const { issues } = checkShape(setPath(baseline('ComputePool'), 'spec.variables.gpuCount', { count: 2 }));
    expect(issues).toEqual(expected([{ code: 'SCH003', path: 'spec.variables.gpuCount' }]));
    const message = issues[0]!.message;
    expect(message).toMatch(/string/);
    expect(message).toMatch(/number/);
    expect(message).toMatch(/boolean/);
    expect(message).not.toContain('an object an object');
  });

  it('ComputePool: an override given as null does not read "a null null" (SCH003)', () => {
    const { issues } = checkShape(setPath(baseline('ComputePool'), 'spec.variables.gpuCount', null));
    expect(issues).toEqual(expected([{ code: 'SCH003', path: 'spec.variables.gpuCount' }]));
    expect(issues[0]!.message).not.toContain('null null');
  });

  it('VariableSet: an int64 value written with a letter says an integer is expected (SCH003)', () => {
    const object = setPath(baseline('VariableSet'), 'spec.variables[0].value', { int64: '12a' });
    const { issues } = checkShape(object);
    expect(issues).toEqual(expected([{ code: 'SCH003', path: 'spec.variables[0].value.int64' }]));
    expect(issues[0]!.message).toMatch(/integer/);
  });
});

// ---------------------------------------------------------------------------------------------
// kind and apiVersion
// ---------------------------------------------------------------------------------------------

describe('kind and apiVersion', () => {
  it('ProfileBundle: rejects a missing kind (KND001)', () => {
    const { info, issues } = checkShape(deletePath(baseline('ProfileBundle'), 'kind'));
    expect(info).toBeUndefined();
    expect(issues).toEqual(expected([{ code: 'KND001', path: 'kind', message: 'missing kind' }]));
  });

  it('ProfileBundle: rejects an empty kind (KND001)', () => {
    const { issues } = checkShape(setPath(baseline('ProfileBundle'), 'kind', ''));
    expect(issues).toEqual(expected([{ code: 'KND001', path: 'kind' }]));
  });

  it('ProfileBundle: rejects kind given as a number (KND001), without crashing', () => {
    const { issues } = checkShape(setPath(baseline('ProfileBundle'), 'kind', 5));
    expect(issues).toEqual(expected([{ code: 'KND001', path: 'kind' }]));
  });

  it('ProfileBundle: rejects a missing apiVersion (KND001)', () => {
    const { issues } = checkShape(deletePath(baseline('ProfileBundle'), 'apiVersion'));
    expect(issues).toEqual(expected([{ code: 'KND001', path: 'apiVersion', message: 'missing apiVersion' }]));
  });

  it('ProfileBundle: rejects the misspelt kind ProfileBundel, suggesting ProfileBundle (KND002)', () => {
    const { info, issues } = checkShape(setPath(baseline('ProfileBundle'), 'kind', 'ProfileBundel'));
    expect(info).toBeUndefined();
    expect(issues).toEqual(
      expected([{ code: 'KND002', path: 'kind', message: 'did you mean "ProfileBundle"?' }]),
    );
  });

  it('ProfileBundle: rejects the lowercase kind profilebundle, suggesting ProfileBundle (KND002)', () => {
    const { issues } = checkShape(setPath(baseline('ProfileBundle'), 'kind', 'profilebundle'));
    expect(issues).toEqual(
      expected([{ code: 'KND002', path: 'kind', message: 'did you mean "ProfileBundle"?' }]),
    );
  });

  it('rejects a kind the product does not serve (Deployment) without a far-fetched guess (KND002)', () => {
    const object = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: {} };
    const { issues } = checkShape(object);
    expect(issues).toEqual(
      expected([{ code: 'KND002', path: 'kind', message: 'Known kinds: ProfileBundle' }]),
    );
    assertNoneHold(issues, ['did you mean']);
  });

  it('ProfileBundle: rejects apiVersion spectrocloud.com/v1alpha1, naming spectrocloud.com/v1beta1 (KND003)', () => {
    const object = setPath(baseline('ProfileBundle'), 'apiVersion', 'spectrocloud.com/v1alpha1');
    const { info, issues } = checkShape(object);
    expect(info?.kind).toBe('ProfileBundle');
    expect(issues).toEqual(
      expected([
        {
          code: 'KND003',
          path: 'apiVersion',
          message: 'set apiVersion: spectrocloud.com/v1beta1',
        },
      ]),
    );
  });

  for (const info of KINDS) {
    const wrong = info.apiVersion === 'v1' ? 'v2' : info.apiVersion.replace(/\/v\w+$/, '/v9');
    it(`${info.kind}: rejects apiVersion ${wrong}, naming ${info.apiVersion} (KND003)`, () => {
      const object = setPath(baseline(info.kind as KindName), 'apiVersion', wrong);
      const { issues } = checkShape(object);
      expect(issues).toEqual(
        expected([
          { code: 'KND003', path: 'apiVersion', message: `${info.kind} is served as ${info.apiVersion}` },
        ]),
      );
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Prototype safety (kept last: it checks Object.prototype after every case above has run)
// ---------------------------------------------------------------------------------------------

describe('prototype safety', () => {
  it('ProfileBundle: rejects an own "constructor" field under spec as an unknown field (SCH001)', () => {
    const object = baseline('ProfileBundle');
    setPath(object, 'spec.constructor', { prototype: { polluted: true } });
    expect(Object.prototype.hasOwnProperty.call(object.spec, 'constructor')).toBe(true);
    const { issues } = checkShape(object);
    expect(issues).toEqual(
      expected([{ code: 'SCH001', path: 'spec.constructor', message: 'unknown field' }]),
    );
  });

  it('ProfileBundle: rejects an own "__proto__" field under spec (from JSON) as an unknown field (SCH001)', () => {
    const object = baseline('ProfileBundle');
    const spec = JSON.parse(
      `{"__proto__": {"polluted": true}, ${JSON.stringify(object.spec).slice(1)}`,
    ) as Obj;
    object.spec = spec;
    expect(Object.prototype.hasOwnProperty.call(spec, '__proto__')).toBe(true);
    const { issues } = checkShape(object);
    expect(issues).toEqual(expected([{ code: 'SCH001', path: 'spec.__proto__', message: 'unknown field' }]));
  });

  it('ProfileBundle: rejects "constructor" and "__proto__" as unknown top-level fields (SCH001)', () => {
    const object = JSON.parse(
      `{"__proto__": {"polluted": true}, "constructor": {"polluted": true}, ${JSON.stringify(baseline('ProfileBundle')).slice(1)}`,
    ) as Obj;
    const { issues } = checkShape(object);
    expect(issues.map((i) => `${i.code} ${i.path}`).sort()).toEqual([
      'SCH001 __proto__',
      'SCH001 constructor',
    ]);
  });

  it('leaves Object.prototype untouched after every case', () => {
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
  });
});
