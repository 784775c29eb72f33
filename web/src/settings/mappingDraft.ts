/**
 * The mappings editor's working copy: match keys and selector labels as ordered rows (so a key can
 * be renamed or left empty while typing), turned back into the Project's `spec.maasMappings`.
 */
import type { LabelSelector, MaasMapping, ModelSource, Project } from '../../../src/model/index.js';

/** One key/value row of a map being edited. */
export interface Pair {
  key: string;
  value: string;
}

/** A mapping as the editor holds it. */
export interface MappingDraft {
  name: string;
  priority: number;
  source: ModelSource;
  match: Pair[];
  labels: Pair[];
  /** Selector expressions the editor does not edit, kept as they were. */
  expressions?: LabelSelector['matchExpressions'];
}

const toPairs = (map: Record<string, string> | undefined): Pair[] =>
  Object.entries(map ?? {}).map(([key, value]) => ({ key, value }));

/** Rows with an empty key are still being typed: they are left out of the object. */
const fromPairs = (pairs: Pair[]): Record<string, string> =>
  Object.fromEntries(pairs.filter((p) => p.key.trim() !== '').map((p) => [p.key.trim(), p.value]));

/** The editor's copy of a stored mapping. */
export const toDraft = (m: MaasMapping): MappingDraft => ({
  name: m.name,
  priority: m.priority,
  source: m.source,
  match: toPairs(m.match),
  labels: toPairs(m.profileBundleSelector.matchLabels),
  ...(m.profileBundleSelector.matchExpressions
    ? { expressions: m.profileBundleSelector.matchExpressions }
    : {}),
});

/** The mapping a draft stands for, as the Project stores it. */
export const fromDraft = (d: MappingDraft): MaasMapping => {
  const matchLabels = fromPairs(d.labels);
  return {
    name: d.name.trim(),
    priority: d.priority,
    source: d.source,
    match: fromPairs(d.match),
    profileBundleSelector: {
      ...(Object.keys(matchLabels).length ? { matchLabels } : {}),
      ...(d.expressions?.length ? { matchExpressions: d.expressions } : {}),
    },
  };
};

/** A new mapping: a free name, below the lowest priority so it changes no existing choice. */
export const newDraft = (existing: MappingDraft[]): MappingDraft => {
  const names = new Set(existing.map((d) => d.name));
  let n = existing.length + 1;
  while (names.has(`mapping-${n}`)) n += 1;
  const lowest = existing.length ? Math.min(...existing.map((d) => d.priority)) : 100;
  return {
    name: `mapping-${n}`,
    priority: existing.length ? lowest - 10 : lowest,
    source: 'huggingface',
    match: [{ key: 'id', value: '' }],
    labels: [{ key: 'palette.ai/inference-engine', value: '' }],
  };
};

/** The project with its mappings replaced by the drafts (everything else as stored). */
export const withMappings = (project: Project, drafts: MappingDraft[]): Project => {
  const spec: Project['spec'] = { ...project.spec, maasMappings: drafts.map(fromDraft) };
  if (!drafts.length) delete spec.maasMappings;
  // Status belongs to the controllers: a replace sends the spec (and the resourceVersion it edits).
  return { apiVersion: project.apiVersion, kind: project.kind, metadata: project.metadata, spec } as Project;
};

/** The mapping index and field an issue path names (`spec.maasMappings[2].priority`). */
export const mappingField = (path: string | undefined): { index: number; field: string } | undefined => {
  const m = /^spec\.maasMappings\[(\d+)\](?:\.(\w+))?/.exec(path ?? '');
  return m ? { index: Number(m[1]), field: m[2] ?? '' } : undefined;
};
