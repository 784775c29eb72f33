/**
 * The bundle wizard's model, apart from its widgets: the draft the steps edit, the ProfileBundle it
 * becomes (the same object `paletteai apply` would send), which profiles each step offers for a
 * bundle type (SPEC §3 PB rules), the step checks that gate Next, and which step and field a
 * server cause belongs to.
 */
import {
  BUNDLE_TYPES,
  CLOUD_TYPE_EDGE_NATIVE,
  isDns1123Subdomain,
  LABEL_INFERENCE_ENGINE,
  parsePath,
  type BundleType,
  type ClusterProfile,
  type ProfileBundle,
  type Variable,
  type VariableOverrides,
  type WorkloadProfile,
} from '../../../src/model/index.js';
import type { Cause } from '../api/client';

export { BUNDLE_TYPES };
export const STEPS = ['General', 'Cluster profiles', 'Workload profiles', 'Variables', 'Review'] as const;
export const GENERAL = 0;
export const CLUSTER = 1;
export const WORKLOAD = 2;
export const VARIABLES = 3;
export const REVIEW = 4;

export interface BundleDraft {
  name: string;
  type: BundleType;
  version: string;
  description: string;
  engine: string;
  /** Other labels as `key=value`. */
  labels: string[];
  /** The Infrastructure or Full cluster profile (a pinned version kept from a cloned bundle). */
  main: { name: string; version?: string } | null;
  addons: { name: string; version?: string }[];
  workloads: { name: string; revision?: number }[];
  /** Bundle-scope values by variable name. */
  values: VariableOverrides;
  /** Inline variables of a cloned bundle (their declarations: type, description, lock). */
  inline: Variable[];
  dependencies?: ProfileBundle['spec']['workloadProfileDependencies'];
}

export const emptyDraft = (): BundleDraft => ({
  name: '',
  type: 'Fullstack',
  version: '1.0.0',
  description: '',
  engine: '',
  labels: [],
  main: null,
  addons: [],
  workloads: [],
  values: {},
  inline: [],
});

const SEMVER = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;
export const isSemver = (v: string) => SEMVER.test(v) && v.length <= 128;

/** The next minor version (`1.2.3` → `1.3.0`; a pre-release or build suffix is dropped). */
export const bumpMinor = (v: string): string => {
  const m = SEMVER.exec(v);
  return m ? `${m[1]}.${Number(m[2]) + 1}.0` : v;
};

/**
 * The name of a new version of `name`: names are unique per namespace, so a new version is a new
 * object named `<base>-v<N>` with the first N (from 2) no existing bundle uses; `base` drops a
 * `-v<N>` suffix the name already has, so versions of versions stay one family.
 */
export const nextVersionName = (name: string, existing: readonly string[]): string => {
  const base = name.replace(/-v\d+$/, '');
  const taken = new Set(existing);
  let n = 2;
  while (taken.has(`${base}-v${n}`)) n++;
  return `${base}-v${n}`;
};

const plain = (v: Variable): unknown => (v.value ? Object.values(v.value)[0] : undefined);

/** A draft from an existing bundle: a clone (same spec, name left for the user) or a new version. */
export const draftFrom = (
  b: ProfileBundle,
  mode: 'clone' | 'version',
  existing: readonly string[],
  profiles: readonly ClusterProfile[],
): BundleDraft => {
  const refs = b.spec.clusterProfiles ?? [];
  const isMain = (name: string) =>
    profiles.some(
      (p) => p.metadata.name === name && (p.spec.type === 'Infrastructure' || p.spec.type === 'Full'),
    );
  const main = refs.find((r) => isMain(r.name)) ?? null;
  const labels = { ...b.metadata.labels };
  const engine = labels[LABEL_INFERENCE_ENGINE] ?? '';
  delete labels[LABEL_INFERENCE_ENGINE];
  const inline = b.spec.variableSet?.variables ?? [];
  return {
    name: mode === 'clone' ? `${b.metadata.name}-copy` : nextVersionName(b.metadata.name, existing),
    type: b.spec.type,
    version: mode === 'clone' ? b.spec.version : bumpMinor(b.spec.version),
    description: b.spec.description ?? '',
    engine,
    labels: Object.entries(labels).map(([k, v]) => `${k}=${v}`),
    main,
    addons: refs.filter((r) => r !== main),
    workloads: [...(b.spec.workloadProfiles ?? [])],
    values: Object.fromEntries(
      inline.flatMap((v) =>
        plain(v) === undefined ? [] : [[v.name, plain(v) as string | number | boolean]],
      ),
    ),
    inline,
    ...(b.spec.workloadProfileDependencies ? { dependencies: b.spec.workloadProfileDependencies } : {}),
  };
};

/** Cluster profiles the main picker offers: Infrastructure or Full of cloud type edge-native (PB007). */
export const mainProfiles = (cps: readonly ClusterProfile[]) =>
  uniqueNames(cps.filter((p) => isMainType(p) && p.spec.cloudType === CLOUD_TYPE_EDGE_NATIVE));
/** Cluster profiles the add-on picker offers. */
export const addonProfiles = (cps: readonly ClusterProfile[]) =>
  uniqueNames(cps.filter((p) => p.spec.type === 'Add-on'));
const isMainType = (p: ClusterProfile) => p.spec.type === 'Infrastructure' || p.spec.type === 'Full';
const uniqueNames = (cps: ClusterProfile[]) => [...new Set(cps.map((p) => p.metadata.name))].sort();

/** Whether the bundle type takes cluster profiles at all (Application bundles do not: PB003). */
export const takesClusterProfiles = (type: BundleType) => type !== 'Application';

/** Workload profile types a bundle type allows (PB003–PB005). */
export const allowedWorkloadTypes = (type: BundleType): WorkloadProfile['spec']['type'][] =>
  type === 'Application'
    ? ['Application', 'Model']
    : type === 'Infrastructure'
      ? ['Infrastructure']
      : ['Application', 'Model', 'Infrastructure'];

/**
 * Workload profiles offered for a bundle type, given what is already chosen: only allowed types,
 * and never Model next to Application (PB006) — choosing one kind hides the other.
 */
export const offeredWorkloads = (
  type: BundleType,
  wps: readonly WorkloadProfile[],
  chosen: readonly string[],
): WorkloadProfile[] => {
  const chosenTypes = new Set(wps.filter((w) => chosen.includes(w.metadata.name)).map((w) => w.spec.type));
  const allowed = allowedWorkloadTypes(type).filter(
    (t) =>
      !(t === 'Model' && chosenTypes.has('Application')) &&
      !(t === 'Application' && chosenTypes.has('Model')),
  );
  const seen = new Set<string>();
  return wps.filter((w) => {
    if (!allowed.includes(w.spec.type) || seen.has(w.metadata.name)) return false;
    seen.add(w.metadata.name);
    return true;
  });
};

/** Parses `key=value` label entries; returns the problem of the first bad one, if any. */
export const parseLabels = (
  entries: readonly string[],
): { labels: Record<string, string>; error?: string } => {
  const labels: Record<string, string> = {};
  for (const e of entries) {
    const i = e.indexOf('=');
    if (i <= 0) return { labels, error: `"${e}" is not key=value` };
    labels[e.slice(0, i).trim()] = e.slice(i + 1).trim();
  }
  return { labels };
};

const asValue = (type: string, raw: unknown): Variable['value'] => {
  const value =
    type === 'bool' ? raw === true || raw === 'true' : type === 'string' ? String(raw) : Number(raw);
  return { [type]: value } as Variable['value'];
};

/**
 * The bundle's inline variables: each value set in the wizard as a declaration of its type
 * (`declared` gives the type of a profile's variable), plus the cloned bundle's own declarations.
 */
export const inlineVariables = (draft: BundleDraft, declared: ReadonlyMap<string, string>): Variable[] => {
  const out: Variable[] = [];
  const done = new Set<string>();
  for (const v of draft.inline) {
    const raw = draft.values[v.name];
    const { value: _old, ...rest } = v;
    out.push(raw === undefined ? rest : { ...rest, value: asValue(v.variableType, raw) });
    done.add(v.name);
  }
  for (const [name, raw] of Object.entries(draft.values)) {
    if (done.has(name)) continue;
    const type = declared.get(name) ?? 'string';
    out.push({ name, variableType: type as Variable['variableType'], value: asValue(type, raw) });
  }
  return out;
};

/** The ProfileBundle the draft describes (what Create sends, and the dry runs check). */
export const toBundle = (
  draft: BundleDraft,
  ns: string,
  declared: ReadonlyMap<string, string>,
): ProfileBundle => {
  const labels = parseLabels(draft.labels).labels;
  if (draft.engine.trim()) labels[LABEL_INFERENCE_ENGINE] = draft.engine.trim();
  const cps = takesClusterProfiles(draft.type) ? [...(draft.main ? [draft.main] : []), ...draft.addons] : [];
  const variables = inlineVariables(draft, declared);
  return {
    apiVersion: 'spectrocloud.com/v1beta1',
    kind: 'ProfileBundle',
    metadata: { name: draft.name.trim(), namespace: ns, ...(Object.keys(labels).length ? { labels } : {}) },
    spec: {
      type: draft.type,
      version: draft.version.trim(),
      ...(draft.description.trim() ? { description: draft.description.trim() } : {}),
      ...(cps.length ? { clusterProfiles: cps } : {}),
      ...(draft.workloads.length ? { workloadProfiles: draft.workloads } : {}),
      ...(variables.length ? { variableSet: { variables } } : {}),
      ...(draft.dependencies ? { workloadProfileDependencies: draft.dependencies } : {}),
    },
  } as ProfileBundle;
};

/** The wizard's own checks of one step, by field; Next stays disabled while any is there. */
export const stepProblems = (
  step: number,
  draft: BundleDraft,
  workloadTypes: ReadonlyMap<string, string>,
  /** Names of the project's bundles: a taken name is refused (the server answers AlreadyExists). */
  taken: ReadonlySet<string> = new Set(),
): Record<string, string> => {
  const p: Record<string, string> = {};
  if (step === GENERAL) {
    if (!draft.name.trim()) p.name = 'required';
    else if (taken.has(draft.name.trim()))
      p.name = `AlreadyExists: a bundle named "${draft.name.trim()}" already exists in this project; names are unique, pick another (a new version is a new name)`;
    else if (!isDns1123Subdomain(draft.name.trim()))
      p.name = 'lowercase letters, digits, "-" and "." (DNS-1123), starting and ending alphanumeric';
    if (!isSemver(draft.version.trim())) p.version = 'a semantic version, e.g. 1.2.0';
    const labels = parseLabels(draft.labels);
    if (labels.error) p.labels = labels.error;
  }
  if (step === CLUSTER && takesClusterProfiles(draft.type) && !draft.main)
    p.main = `${draft.type === 'Infrastructure' ? 'PB004' : 'PB005'}: a ${draft.type} bundle needs exactly one Infrastructure or Full cluster profile`;
  if (step === WORKLOAD) {
    const types = draft.workloads.map((w) => workloadTypes.get(w.name));
    if (draft.type !== 'Infrastructure' && !types.some((t) => t === 'Application' || t === 'Model'))
      p.workloads = `${draft.type === 'Application' ? 'PB003' : 'PB005'}: a ${draft.type} bundle needs at least one Application or Model workload profile`;
    if (types.includes('Application') && types.includes('Model'))
      p.workloads = 'PB006: a bundle deploys applications or models, never both';
  }
  return p;
};

/**
 * Where a server cause belongs: its step and the wizard field (`name`, `version`, `main`, `addons`,
 * `workloads`, `var:<name>`), or `other` when the cause names no field the wizard shows.
 */
export const placeCause = (
  cause: Cause,
  draft: BundleDraft,
  ns: string,
  declared: ReadonlyMap<string, string>,
) => {
  const path = cause.field ? parsePath(cause.field) : [];
  const [top, sub, index] = path;
  if (cause.reason === 'AlreadyExists') return { step: GENERAL, field: 'name' };
  if (top === 'metadata') {
    if (sub === 'name') return { step: GENERAL, field: 'name' };
    if (sub === 'labels')
      return { step: GENERAL, field: index === LABEL_INFERENCE_ENGINE ? 'engine' : 'labels' };
    return { step: GENERAL, field: 'other' };
  }
  if (top === 'spec') {
    if (sub === 'version') return { step: GENERAL, field: 'version' };
    if (sub === 'type' || sub === 'description') return { step: GENERAL, field: sub };
    if (sub === 'clusterProfiles')
      return {
        step: CLUSTER,
        field: typeof index === 'number' && !(draft.main && index === 0) ? 'addons' : 'main',
      };
    if (sub === 'workloadProfiles') return { step: WORKLOAD, field: 'workloads' };
    if (sub === 'variableSet') {
      const i = path[3];
      const v =
        typeof i === 'number' ? toBundle(draft, ns, declared).spec.variableSet?.variables?.[i] : undefined;
      return { step: VARIABLES, field: v ? `var:${v.name}` : 'other' };
    }
  }
  return { step: REVIEW, field: 'other' };
};
