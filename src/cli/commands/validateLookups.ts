import type { Resolver } from '../../rules/index.js';
import { intern } from './validateViews.js';

/**
 * Calls a rule made to the resolver with their answers, one after the other in one array (an
 * object per call would take twice the memory): the method's index in {@link METHOD_NAMES}, the
 * number of arguments, the arguments, the answer.
 */
export type Lookups = unknown[];

/** What rules look up: every method of the resolver but its wording (`where`) and its one flag. */
type Lookup = Exclude<keyof Resolver, 'where' | 'pinsCheckedByServer'>;

/** Every lookup of the resolver (the type makes a new one impossible to forget). */
const METHODS: Record<Lookup, true> = {
  profileBundle: true,
  profileBundles: true,
  clusterProfile: true,
  clusterProfileVersions: true,
  workloadProfile: true,
  componentDefinition: true,
  repository: true,
  repositoryNames: true,
  computePool: true,
  variableSets: true,
  project: true,
  projectForNamespace: true,
  settings: true,
  hasSecret: true,
  bundlePhase: true,
};

const METHOD_NAMES = Object.keys(METHODS) as Lookup[];

const call = (resolver: Resolver, method: Lookup, args: unknown[]): unknown =>
  (resolver[method] as (...a: unknown[]) => unknown).apply(resolver, args);

/** One empty list for every empty answer. */
const EMPTY: readonly unknown[] = Object.freeze([]);

/**
 * An argument kept for asking again: a string is often a slice of a file's text and would keep it
 * alive, so it is the name of the answer when it is that (no second copy), or a shared copy.
 */
const keptArg = (arg: unknown, answer: unknown): unknown => {
  if (typeof arg !== 'string') return arg;
  const name = (answer as { metadata?: { name?: unknown } } | undefined)?.metadata?.name;
  return name === arg ? name : intern(arg);
};

/**
 * A resolver that answers as `base` does and writes down each call in `lookups`: a check is a pure
 * function of its object and of these answers, so when each answer is the same again later (see
 * {@link sameAnswers}), so is the check's result.
 */
export class RecordingResolver {
  /** The calls since the caller last set a new array here. */
  lookups: Lookups = [];
  readonly resolver: Resolver;

  constructor(base: Resolver) {
    this.resolver = Object.fromEntries(
      METHOD_NAMES.map((method, m) => [
        method,
        (...args: unknown[]) => {
          const answer = call(base, method, args);
          const lookups = this.lookups;
          lookups.push(m, args.length);
          for (const a of args) lookups.push(keptArg(a, answer));
          lookups.push(Array.isArray(answer) && answer.length === 0 ? EMPTY : answer);
          return answer;
        },
      ]),
    ) as unknown as Resolver;
    if (base.where) this.resolver.where = (namespace) => base.where!(namespace);
    if (base.pinsCheckedByServer) Object.assign(this.resolver, { pinsCheckedByServer: true });
  }
}

const same = (a: unknown, b: unknown): boolean =>
  Array.isArray(a) && Array.isArray(b)
    ? a.length === b.length && a.every((x, i) => Object.is(x, b[i]))
    : Object.is(a, b);

/** Whether `resolver` answers every call in `lookups` as it was answered then (the same objects). */
export const sameAnswers = (resolver: Resolver, lookups: Lookups): boolean => {
  for (let i = 0; i < lookups.length;) {
    const method = METHOD_NAMES[lookups[i] as number]!;
    const argc = lookups[i + 1] as number;
    const args = lookups.slice(i + 2, i + 2 + argc);
    if (!same(lookups[i + 2 + argc], call(resolver, method, args))) return false;
    i += 3 + argc;
  }
  return true;
};
