/**
 * The kind registry: one module per kind of the model's `KINDS`, looked up by kind name. Code
 * outside `src/kinds/` asks the registry instead of switching on a kind.
 */
import { KINDS, type Issue, type KubeObject } from '../model/index.js';
import type { Resolver } from '../rules/index.js';
import { aiWorkloadKind } from './aiWorkload.js';
import { clusterProfileKind } from './clusterProfile.js';
import { componentDefinitionKind } from './componentDefinition.js';
import { computePoolKind } from './computePool.js';
import {
  eventKind,
  helmRepositoryKind,
  namespaceKind,
  ociRepositoryKind,
  secretKind,
  workloadDeploymentKind,
} from './others.js';
import { profileBundleKind } from './profileBundle.js';
import { projectKind } from './project.js';
import { settingsKind } from './settings.js';
import type { Column, KindModule } from './types.js';
import { variableSetKind } from './variableSet.js';
import { workloadProfileKind } from './workloadProfile.js';

/**
 * Every kind module, in dependency order: an object refers only to kinds before its own, so a batch
 * written in this order (a Studio import) finds each reference already written.
 */
export const KIND_MODULES: readonly KindModule[] = [
  namespaceKind,
  secretKind,
  variableSetKind,
  componentDefinitionKind,
  helmRepositoryKind,
  ociRepositoryKind,
  clusterProfileKind,
  workloadProfileKind,
  profileBundleKind,
  settingsKind,
  projectKind,
  computePoolKind,
  aiWorkloadKind,
  workloadDeploymentKind,
  eventKind,
];

const byKind = new Map(KIND_MODULES.map((m) => [m.info.kind, m]));

/** The module of a kind; a module with no behaviour for kinds the product does not serve. */
export const kindModule = (kind: string): KindModule =>
  byKind.get(kind) ?? {
    info: { ...KINDS[0]!, kind, plural: `${kind.toLowerCase()}s`, singular: kind.toLowerCase() },
  };

/** Whether every kind of the model has its module (and nothing else has one). */
export const registryCoversModel = (): boolean =>
  KINDS.length === KIND_MODULES.length && KINDS.every((k) => byKind.get(k.kind)?.info === k);

/** An object's namespace as stored: `''` for cluster-scoped kinds. */
const storedNamespace = (o: KubeObject): string => o.metadata.namespace ?? '';

/** What an object refers to, one row per possible target kind, for the store's `references` table. */
export const referencesOf = (o: KubeObject): { kind: string; namespace: string; name: string }[] =>
  (kindModule(o.kind).references?.(o) ?? []).flatMap((r) =>
    r.kinds.map((kind) => ({ kind, namespace: r.namespace ?? storedNamespace(o), name: r.name })),
  );

/** The namespace whose referrers a change of `o` concerns (a Project's `spec.namespace`). */
export const servedNamespace = (o: KubeObject): string =>
  kindModule(o.kind).servedNamespace?.(o) ?? storedNamespace(o);

/**
 * The rules of an object's kind that need other objects, workflow checks included (for `validate`,
 * Studio archives and admission alike).
 */
export const checkObject = (o: KubeObject, resolver: Resolver): Issue[] => {
  const m = kindModule(o.kind);
  return [...(m.check?.(o, resolver) ?? []), ...(m.workflowChecks?.(o, resolver) ?? [])];
};

/** Sorts objects into the registry's dependency order (stable within a kind). */
export const inWriteOrder = <T extends { kind: string }>(objects: readonly T[]): T[] => {
  const rank = (kind: string) => {
    const i = KIND_MODULES.findIndex((m) => m.info.kind === kind);
    return i < 0 ? KIND_MODULES.length : i;
  };
  return objects
    .map((o, i) => ({ o, i, r: rank(o.kind) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.o);
};

/** Every kind some kind's admission reads (what `validate --server` fetches). */
export const readKinds = (): string[] => [...new Set(KIND_MODULES.flatMap((m) => m.reads ?? []))].sort();

/** Middle columns of `kubectl get` for a kind (empty when it has none). */
export const columnsFor = (kind: string): readonly Column[] => kindModule(kind).columns ?? [];
