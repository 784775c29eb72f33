import {
  CLOUD_TYPE_EDGE_NATIVE,
  LABEL_PROFILE_BUNDLE,
  SYSTEM_NAMESPACE,
  withArticle,
  type Issue,
  type ProfileBundle,
} from '../model/index.js';
import { isAppOrModel, isInfraCp, resolveBundle, type ResolvedRef } from './bundleContents.js';
import { issue } from './issues.js';
import { namespaceOf, type Resolver } from './resolver.js';
import { checkVariables } from './variableRules.js';

/** Whether a reference resolved (a filter that narrows, without copying each reference). */
const resolved = <T>(r: ResolvedRef<T>): r is ResolvedRef<T> & { object: T } => r.object !== undefined;

/** The composition rules of SPEC §3 (PB001–PB011) for one bundle. */
export const checkProfileBundle = (bundle: ProfileBundle, resolver: Resolver): Issue[] => {
  const { clusterProfiles, workloadProfiles, issues } = resolveBundle(bundle, resolver);
  const type = bundle.spec.type;
  const cps = clusterProfiles.filter(resolved);
  const wps = workloadProfiles.filter(resolved);
  const infraCps = cps.filter((r) => isInfraCp(r.object));
  const appModel = wps.filter((r) => isAppOrModel(r.object));
  const infraWps = wps.filter((r) => r.object.spec.type === 'Infrastructure');
  const unresolvedWps = workloadProfiles.length - wps.length;

  if (infraCps.length > 1) {
    for (const r of infraCps.slice(1)) {
      issues.push(
        issue(
          'PB002',
          ['spec', 'clusterProfiles', r.index, 'name'],
          `a bundle holds at most one Infrastructure or Full cluster profile; "${infraCps[0]!.name}" is already one and "${r.name}" is ${r.object.spec.type}. Keep one; use Add-on profiles for the rest.`,
        ),
      );
    }
  }
  if (type === 'Application') {
    if (clusterProfiles.length > 0) {
      issues.push(
        issue(
          'PB003',
          ['spec', 'clusterProfiles'],
          `an Application bundle holds no cluster profiles (found ${clusterProfiles.length}); remove them, or make the bundle Fullstack to bring its own cluster.`,
        ),
      );
    }
    for (const r of infraWps) {
      issues.push(
        issue(
          'PB003',
          ['spec', 'workloadProfiles', r.index, 'name'],
          `an Application bundle holds no Infrastructure workload profiles ("${r.name}" is one); move it to an Infrastructure or Fullstack bundle.`,
        ),
      );
    }
    if (appModel.length === 0 && unresolvedWps === 0) {
      issues.push(
        issue(
          'PB003',
          ['spec', 'workloadProfiles'],
          'an Application bundle needs at least one workload profile of type Application or Model; add one.',
        ),
      );
    }
  }
  if (type === 'Infrastructure' || type === 'Fullstack') {
    const code = type === 'Infrastructure' ? 'PB004' : 'PB005';
    const unresolvedCps = clusterProfiles.length - cps.length;
    if (infraCps.length === 0 && unresolvedCps === 0) {
      issues.push(
        issue(
          code,
          ['spec', 'clusterProfiles'],
          `${withArticle(type)} bundle needs exactly one cluster profile of type Infrastructure or Full (found none); add one, e.g. an edge-native Ubuntu + K3s profile.`,
        ),
      );
    }
    if (type === 'Infrastructure') {
      for (const r of appModel) {
        issues.push(
          issue(
            'PB004',
            ['spec', 'workloadProfiles', r.index, 'name'],
            `an Infrastructure bundle holds only Infrastructure workload profiles; "${r.name}" is ${r.object.spec.type}. Move it to an Application bundle, or make this bundle Fullstack.`,
          ),
        );
      }
    } else if (appModel.length === 0 && unresolvedWps === 0) {
      issues.push(
        issue(
          'PB005',
          ['spec', 'workloadProfiles'],
          'a Fullstack bundle needs at least one workload profile of type Application or Model; add one, or make the bundle Infrastructure.',
        ),
      );
    }
    const primary = infraCps[0];
    if (primary && primary.object.spec.cloudType !== CLOUD_TYPE_EDGE_NATIVE) {
      issues.push(
        issue(
          'PB007',
          ['spec', 'clusterProfiles', primary.index, 'name'],
          `cluster profile "${primary.name}" has cloud type ${primary.object.spec.cloudType}; bundles take Infrastructure or Full profiles of cloud type edge-native only. Pick an edge-native profile.`,
        ),
      );
    }
  }
  const apps = wps.filter((r) => r.object.spec.type === 'Application');
  const models = wps.filter((r) => r.object.spec.type === 'Model');
  if (apps.length && models.length) {
    issues.push(
      issue(
        'PB006',
        ['spec', 'workloadProfiles'],
        `a bundle deploys applications or models, never both: it holds Application (${apps.map((r) => r.name).join(', ')}) and Model (${models.map((r) => r.name).join(', ')}) profiles. Split it into two bundles.`,
      ),
    );
  }

  const inline = bundle.spec.variableSet?.variables ?? [];
  issues.push(...checkVariables(inline, ['spec', 'variableSet', 'variables']));
  const locked = lockedAbove(namespaceOf(bundle), resolver, bundle.metadata.name);
  inline.forEach((v, i) => {
    const scope = locked.get(v.name);
    if (scope) {
      issues.push(
        issue(
          'PB009',
          ['spec', 'variableSet', 'variables', i, 'name'],
          `variable "${v.name}" is locked at ${scope}; a bundle cannot override it. Remove it from the bundle, or unlock it there.`,
        ),
      );
    }
  });
  issues.push(...checkDependencies(bundle, resolver));
  return issues;
};

/**
 * Variables locked by the system or project VariableSets (and those labelled for `bundle`; sets
 * labelled for another bundle do not apply to it), with where they are locked.
 */
export const lockedAbove = (namespace: string, resolver: Resolver, bundle?: string): Map<string, string> => {
  const locked = new Map<string, string>();
  const scopes: [string, string][] = [[SYSTEM_NAMESPACE, 'system scope']];
  if (namespace !== SYSTEM_NAMESPACE) scopes.push([namespace, 'project scope']);
  for (const [ns, label] of scopes) {
    for (const set of resolver.variableSets(ns)) {
      const owner = set.metadata.labels?.[LABEL_PROFILE_BUNDLE];
      if (owner !== undefined && owner !== bundle) continue;
      for (const v of set.spec.variables) {
        if (v.locked && !locked.has(v.name))
          locked.set(v.name, `${label} (VariableSet ${ns}/${set.metadata.name})`);
      }
    }
  }
  return locked;
};

const checkDependencies = (bundle: ProfileBundle, resolver: Resolver): Issue[] => {
  const issues: Issue[] = [];
  const deps = bundle.spec.workloadProfileDependencies;
  const seen = new Set<string>();
  const ns = namespaceOf(bundle);
  for (const [list, field] of [
    [deps?.helmRepositories ?? [], 'helmRepositories'],
    [deps?.ociRepositories ?? [], 'ociRepositories'],
  ] as const) {
    list.forEach((r, i) => {
      const path = ['spec', 'workloadProfileDependencies', field, i, 'name'];
      if (seen.has(r.name))
        issues.push(issue('PB011', path, `repository "${r.name}" is declared twice; keep one.`));
      seen.add(r.name);
      const existing = resolver.repository(ns, r.name);
      const url = (existing?.spec as { url?: string } | undefined)?.url;
      if (existing && url !== r.url) {
        issues.push(
          issue(
            'PB011',
            path,
            `repository "${r.name}" already exists in ${ns} with url ${url}, not ${r.url}; the existing one is kept, so rename this dependency or align the URLs.`,
            'warning',
          ),
        );
      }
    });
  }
  return issues;
};
