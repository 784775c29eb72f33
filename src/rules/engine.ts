import type { FieldPath, Issue, KindInfo, KubeObject, ProfileBundle } from '../model/index.js';
import { DEFAULT_NAMESPACE, parsePath } from '../model/index.js';
import { checkProfileBundle } from './bundleRules.js';
import { IndexResolver } from './indexResolver.js';
import { hasErrors, issue } from './issues.js';
import { checkMetadata } from './metadataRules.js';
import { namespaceOf, objectKey, type BundlePhase, type Resolver } from './resolver.js';
import { checkSchema } from './schemaCheck.js';

/** An object to check, with where it came from when it came from a file. */
export interface SourcedObject {
  object: Record<string, unknown>;
  file?: string;
  line?: number;
  /** Line of a field inside the object (from the loader). */
  lineOf?(path: FieldPath): number;
  /** `checkShape(object)` when the caller ran it already (e.g. while loading the next files). */
  shape?: { info?: KindInfo; issues: Issue[] };
}

export interface ObjectResult {
  kind: string;
  namespace: string;
  name: string;
  file?: string;
  line?: number;
  valid: boolean;
  issues: Issue[];
  /** The object, when its schema is valid (then it is typed by its kind). */
  object?: KubeObject;
}

/**
 * A check of one schema-valid object against the others: the kind registry's `checkObject` (its
 * kind's rules and workflow checks), plugged in by callers so that the rules stay a pure library.
 */
export type ExtraCheck = (object: KubeObject, resolver: Resolver) => Issue[];

/** Schema and metadata rules: what can be checked on the object alone. */
export const checkShape = (object: Record<string, unknown>): { info?: KindInfo; issues: Issue[] } => {
  const { info, issues } = checkSchema(object);
  if (
    info &&
    !issues.some((i) => i.path === 'metadata' || i.path.startsWith('metadata.') || i.code.startsWith('KND'))
  ) {
    issues.push(...checkMetadata((object as KubeObject).metadata, info));
  }
  return info ? { info, issues } : { issues };
};

/** The phase a bundle gets from its own issues: missing references leave it Pending. */
export const phaseFromIssues = (issues: readonly Issue[]): BundlePhase => {
  const errors = issues.filter((i) => i.severity === 'error');
  if (errors.length === 0) return 'Ready';
  return errors.every((i) => i.code === 'PB008') ? 'Pending' : 'Invalid';
};

/** The name and namespace an object's report shows (empty name, `default` namespace when absent). */
export const objectMeta = (o: Record<string, unknown>): { name: string; namespace: string } => {
  const m = o.metadata as { name?: unknown; namespace?: unknown } | undefined;
  return {
    name: typeof m?.name === 'string' ? m.name : '',
    namespace: typeof m?.namespace === 'string' ? m.namespace : DEFAULT_NAMESPACE,
  };
};

/**
 * Bundle phases computed from each bundle's own issues against `resolver` (once per bundle); a
 * bundle of `given` (read from a server) keeps the phase it has there.
 */
export const computedPhases = (
  resolver: Resolver,
  given: ReadonlySet<ProfileBundle> = new Set(),
): ((bundle: ProfileBundle) => BundlePhase) => {
  const phases = new Map<ProfileBundle, BundlePhase>();
  return (bundle) => {
    if (given.has(bundle)) return bundle.status?.phase ?? 'Pending';
    let phase = phases.get(bundle);
    if (!phase) {
      phases.set(bundle, 'Pending'); // guards against cycles while computing
      phase = phaseFromIssues(checkProfileBundle(bundle, resolver));
      phases.set(bundle, phase);
    }
    return phase;
  };
};

/** KND004: `typed` is defined again; `first` is where the first definition is. */
export const duplicateIssue = (typed: KubeObject, first: { file?: string; line?: number }): Issue =>
  issue(
    'KND004',
    ['metadata', 'name'],
    `${typed.kind} ${namespaceOf(typed)}/${typed.metadata.name} is defined twice; the first is at ${first.file ?? '?'}:${first.line ?? '?'}. Rename or remove one.`,
  );

/**
 * Validates a set of objects together: each against its schema and the rules, references resolved
 * among them and, when given, among `context` objects (e.g. read from a server, with their phases).
 * Returns one result per object with every issue at once, and the resolver built. `lookups` says
 * how the resolver names where it looks and whether the objects are files (see
 * {@link Resolver.where} and {@link Resolver.pinsCheckedByServer}).
 */
export const validateObjects = (
  sources: readonly SourcedObject[],
  extraChecks: ExtraCheck[] = [],
  context: readonly KubeObject[] = [],
  lookups: Pick<IndexResolver, 'where' | 'pinsCheckedByServer'> = {},
): { results: ObjectResult[]; resolver: IndexResolver } => {
  const resolver = Object.assign(new IndexResolver([]), lookups);
  // Objects that exist elsewhere (on a server) and resolve references, unless the sources redefine them.
  const defined = new Set(
    sources
      .map((s) => s.object as KubeObject)
      .filter((o) => o.metadata && typeof o.kind === 'string')
      .map((o) => objectKey(o)),
  );
  const contextBundles = new Set<ProfileBundle>();
  for (const o of context) {
    if (defined.has(objectKey(o))) continue;
    resolver.add(o);
    if (o.kind === 'ProfileBundle') contextBundles.add(o as unknown as ProfileBundle);
  }
  const firstSeen = new Map<string, SourcedObject>();
  const shaped = sources.map((s) => {
    const { info, issues } = s.shape ?? checkShape(s.object);
    const typed = info && !hasErrors(issues) ? (s.object as KubeObject) : undefined;
    if (typed) {
      const key = objectKey(typed);
      const first = firstSeen.get(key);
      if (first) {
        issues.push(duplicateIssue(typed, first));
        return { s, issues, typed: undefined };
      }
      firstSeen.set(key, s);
      resolver.add(typed);
    }
    return { s, issues, typed };
  });

  resolver.phaseOf = computedPhases(resolver, contextBundles);

  const results = shaped.map(({ s, issues, typed }) => {
    if (typed) {
      for (const check of extraChecks) issues.push(...check(typed, resolver));
    }
    const located = issues.map((i) => locateIssue(i, s));
    const { name, namespace } = objectMeta(s.object);
    const result: ObjectResult = {
      kind: typeof s.object.kind === 'string' ? s.object.kind : '',
      namespace,
      name,
      valid: !hasErrors(issues),
      issues: located,
      ...(s.file !== undefined ? { file: s.file } : {}),
      ...(s.line !== undefined ? { line: s.line } : {}),
      ...(typed ? { object: typed } : {}),
    };
    return result;
  });
  return { results, resolver };
};

/** The issue with the file and line (of its field, when the source can tell) of where `s` came from. */
export const locateIssue = (i: Issue, s: Pick<SourcedObject, 'file' | 'line' | 'lineOf'>): Issue => {
  if (s.file === undefined) return i;
  const line = s.lineOf ? s.lineOf(parsePath(i.path)) : s.line;
  return { ...i, file: s.file, ...(line !== undefined ? { line } : {}) };
};
