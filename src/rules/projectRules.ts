import {
  isDns1123Label,
  settingsSecretRefs,
  type Issue,
  type MaasMapping,
  type Project,
  type Settings,
} from '../model/index.js';
import { issue, missingReference } from './issues.js';
import { namespaceOf, type Resolver } from './resolver.js';

/** Whether two match values (each maybe holding `*`) can both match some one string. */
const globsOverlap = (a: string, b: string): boolean => {
  if (!a.includes('*') && !b.includes('*')) return a === b;
  // Compare the literal prefixes and suffixes around the globs: the usual source of overlaps.
  const [pa, sa] = [a.split('*')[0]!, a.split('*').pop()!];
  const [pb, sb] = [b.split('*')[0]!, b.split('*').pop()!];
  const prefix = pa.startsWith(pb) || pb.startsWith(pa);
  const suffix = sa.endsWith(sb) || sb.endsWith(sa);
  return prefix && suffix;
};

/** True when some model can satisfy both mappings' `match` (keys absent on one side match anything). */
export const mappingsOverlap = (a: MaasMapping, b: MaasMapping): boolean =>
  a.source === b.source &&
  Object.entries(a.match).every(([k, v]) => b.match[k] === undefined || globsOverlap(v, b.match[k]!));

/** Project rules: namespace, mapping names, equal-priority overlaps (PRJ…), settings reference. */
export const checkProject = (project: Project, resolver: Resolver): Issue[] => {
  const issues: Issue[] = [];
  const ns = project.spec.namespace;
  if (!isDns1123Label(ns)) {
    issues.push(
      issue(
        'PRJ003',
        ['spec', 'namespace'],
        `namespace "${ns}" is not a valid DNS-1123 label (lowercase letters, digits, "-", at most 63); e.g. project-melbourne.`,
      ),
    );
  }
  const mappings = project.spec.maasMappings ?? [];
  const names = new Map<string, number>();
  mappings.forEach((m, i) => {
    const first = names.get(m.name);
    if (first !== undefined)
      issues.push(
        issue(
          'PRJ001',
          ['spec', 'maasMappings', i, 'name'],
          `mapping name "${m.name}" is used twice (also maasMappings[${first}]); names must be unique.`,
        ),
      );
    else names.set(m.name, i);
    for (let j = 0; j < i; j++) {
      const other = mappings[j]!;
      if (other.priority === m.priority && mappingsOverlap(other, m)) {
        issues.push(
          issue(
            'PRJ002',
            ['spec', 'maasMappings', i, 'priority'],
            `mappings "${other.name}" and "${m.name}" have the same priority ${m.priority} and can match the same ${m.source} model; the one first by name ("${[other.name, m.name].sort()[0]}") wins. Give them different priorities to make the choice explicit.`,
            'warning',
          ),
        );
      }
    }
  });
  const settingsName = project.spec.settingsRef?.name;
  if (settingsName && !resolver.settings(ns, settingsName)) {
    issues.push(
      missingReference(
        'REF001',
        ['spec', 'settingsRef', 'name'],
        `Settings "${settingsName}" not found in namespace ${ns}; until it exists the project runs without integrations.`,
        'warning',
      ),
    );
  }
  return issues;
};

/** Settings rules: integrations named by infrastructureProvider are configured, secrets exist. */
export const checkSettings = (settings: Settings, resolver: Resolver): Issue[] => {
  const issues: Issue[] = [];
  const s = settings.spec;
  if (s.infrastructureProvider === 'palette' && !s.palette) {
    issues.push(
      issue(
        'ST001',
        ['spec', 'palette'],
        'infrastructureProvider is palette but spec.palette is missing; add endpoint, projectUid and apiKeySecretRef.',
      ),
    );
  }
  const ns = namespaceOf(settings);
  for (const { path, name } of settingsSecretRefs(s)) {
    if (!resolver.hasSecret(ns, name)) {
      issues.push(
        missingReference(
          'REF001',
          path,
          `Secret "${name}" not found in namespace ${ns}; create it before the integration is used.`,
          'warning',
        ),
      );
    }
  }
  return issues;
};
