/**
 * The project controller (SPEC §6): a Project creates its namespace, and its Model-as-a-Service
 * mappings are linted into `status.conditions` (`MappingsLinted`): equal-priority overlaps,
 * mappings a higher one shadows, and selectors that match no Ready bundle of the namespace. The
 * lint is re-done when the namespace's bundles change.
 */
import { isDeepStrictEqual } from 'node:util';
import { condition, type Condition } from '../kinds/index.js';
import {
  matchesLabels,
  selectorRequirements,
  type KubeObject,
  type MaasMapping,
  type ProfileBundle,
  type Project,
} from '../model/index.js';
import { globMatch } from '../planner/index.js';
import type { ObjectKey, StoredObject } from '../storage/store.js';
import type { ControllerContext } from './context.js';
import { recordEvent } from './events.js';
import type { Reconciler } from './runtime/controllerLoop.js';

/** Whether `higher` takes every model `lower` could match (same source, a match at least as wide). */
const shadows = (higher: MaasMapping, lower: MaasMapping): boolean =>
  higher.source === lower.source &&
  Object.entries(higher.match).every(([key, pattern]) => {
    const theirs = lower.match[key];
    return theirs !== undefined && globMatch(pattern, theirs);
  });

/** What is worth saying about a project's mappings, one finding per line. */
export const lintMappings = (
  mappings: readonly MaasMapping[],
  bundles: readonly ProfileBundle[],
): string[] => {
  const findings: string[] = [];
  const ready = bundles.filter((b) => b.status?.phase === 'Ready');
  mappings.forEach((m, i) => {
    for (const other of mappings.slice(0, i)) {
      if (other.priority === m.priority && (shadows(other, m) || shadows(m, other)))
        findings.push(
          `mappings "${other.name}" and "${m.name}" have the same priority ${m.priority} and can match the same ${m.source} model; give them different priorities (PRJ002)`,
        );
    }
    const over = mappings.find((h) => h !== m && h.priority > m.priority && shadows(h, m));
    if (over)
      findings.push(
        `mapping "${m.name}" is never used: "${over.name}" (priority ${over.priority}) matches every model it matches, and a chosen mapping never falls through`,
      );
    const requirements = selectorRequirements(m.profileBundleSelector);
    if (!ready.some((b) => matchesLabels(b.metadata.labels, requirements)))
      findings.push(
        `mapping "${m.name}" selects no Ready bundle of the namespace; a model it matches cannot be deployed`,
      );
  });
  return findings;
};

export const projectReconciler = (ctx: ControllerContext): Reconciler => {
  const { store, pipeline, now } = ctx;

  const reconcile = async (key: ObjectKey): Promise<void> => {
    const stored = await store.get(key);
    if (!stored) return;
    const project = stored as unknown as Project & StoredObject;
    const ns = project.spec.namespace;
    if (!(await store.get({ kind: 'Namespace', namespace: '', name: ns }))) {
      await pipeline.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } } as KubeObject);
      await recordEvent(ctx, stored, {
        type: 'Normal',
        reason: 'NamespaceCreated',
        message: `created namespace ${ns}`,
      });
    }
    const bundles = (await store.list('ProfileBundle', { namespace: ns }))
      .items as unknown as ProfileBundle[];
    const findings = lintMappings(project.spec.maasMappings ?? [], bundles);
    const linted = condition(
      'MappingsLinted',
      findings.length === 0,
      findings.length ? 'MappingFindings' : 'NoFindings',
      findings.join('; ') || 'every mapping can be chosen and selects a Ready bundle',
      stored,
      now(),
    );
    const previous = (project.status?.conditions ?? []) as Condition[];
    const status = {
      ...(project.status ?? {}),
      conditions: [...previous.filter((c) => c.type !== linted.type), linted],
    };
    if (isDeepStrictEqual(status, project.status)) return;
    await pipeline.replace(
      key,
      (cur) => ({
        ...cur,
        metadata: { ...cur.metadata, resourceVersion: project.metadata.resourceVersion },
        status,
      }),
      { subresource: 'status' },
    );
  };

  return {
    name: 'project controller',
    watches: ['Project', 'ProfileBundle'],
    keysFor: async (e) => {
      if (e.key.kind === 'Project') return [e.key];
      // A bundle changed: the projects serving its namespace lint again.
      const projects = await ctx.reads.list<Project & StoredObject>('Project');
      return projects
        .filter((p) => p.spec.namespace === e.key.namespace)
        .map((p) => ({ kind: 'Project', namespace: p.metadata.namespace ?? '', name: p.metadata.name }));
    },
    reconcile,
    resync: () => true,
    resyncKinds: ['Project'],
  };
};
