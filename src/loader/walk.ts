import { formatPath } from '../model/issue.js';
import type { LoadLimits } from './limits.js';

/** A problem the safety walk found, with the field path where it was found. */
export interface WalkFinding {
  code: 'LD003' | 'LD004' | 'LD007';
  path: (string | number)[];
  message: string;
}

/** What {@link inspectDocument} found. */
export interface WalkReport {
  /** Empty when the document is safe to hand out. */
  findings: WalkFinding[];
  /** True when a mapping or sequence is reached twice (an alias): hand out {@link expandAliases} of it. */
  shared: boolean;
  /**
   * False when a number JSON cannot carry was seen (NaN, ±Infinity, -0): JSON text of such a
   * document would not give it back. Only meaningful for a document without findings.
   */
  jsonSafe: boolean;
}

/** A number JSON text cannot carry (it would come back as null or 0). */
const jsonUnsafe = (v: unknown): boolean =>
  typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0));

/** Keys that could reach JavaScript prototypes, and the YAML merge key that this loader does not support. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype', '<<']);
const MAX_KEY_FINDINGS = 20;

interface Frame {
  node: object;
  depth: number;
  parent: Frame | undefined;
  key: string | number;
  /** Reached through an alias already counted: aliases inside it are expansions, not new uses. */
  expanded: boolean;
  /** Marks leaving `node` (pushed below its children) when shared containers are tracked. */
  exit: boolean;
}

const pathOf = (frame: Frame | undefined, last?: string): (string | number)[] => {
  const out: (string | number)[] = last === undefined ? [] : [last];
  for (let f = frame; f?.parent; f = f.parent) out.push(f.key);
  return out.reverse();
};

const keyMessage = (key: string, where: string): string =>
  key === '<<'
    ? `YAML merge key "<<" at ${where} is not supported: merge keys are ambiguous across YAML versions ` +
      'and tools. Write the merged fields out in full instead of "<<: *anchor".'
    : `forbidden key "${key}" at ${where}: the keys __proto__, constructor and prototype are not allowed ` +
      'anywhere in a manifest because they can alter JavaScript objects. Rename or remove the key.';

/**
 * Walks a parsed document without recursion, as if every alias were expanded, and stops at the
 * first exceeded cap: more than `maxNodes` values (LD003), a mapping or sequence deeper than
 * `maxDepth` levels, the root being level 1 (LD007), more than `maxAliases` aliases to mappings or
 * sequences, or an alias inside its own anchor (LD003). It also reports every key that is
 * `__proto__`, `constructor`, `prototype` or `<<` (LD004, the first 20).
 *
 * `trackShared` turns on alias detection (a container reached twice, by identity); pass `false`
 * only when the text cannot hold an anchor (no `&`), which keeps the walk cheap for most documents.
 */
export const inspectDocument = (root: object, limits: LoadLimits, trackShared: boolean): WalkReport => {
  // a tree (no anchors) of a depth the stack surely holds: the walk that allocates nothing
  if (!trackShared && limits.maxDepth <= MAX_RECURSIVE_DEPTH) return inspectTree(root, limits);
  const findings: WalkFinding[] = [];
  const visited = trackShared ? new Set<object>() : undefined;
  const onPath = new Set<object>();
  let nodes = 1;
  let aliases = 0;
  let shared = false;
  let jsonSafe = true;
  let keyFindings = 0;
  const stop = (code: 'LD003' | 'LD007', frame: Frame, message: string): WalkReport => {
    findings.push({ code, path: pathOf(frame), message });
    return { findings, shared, jsonSafe };
  };

  const stack: Frame[] = [{ node: root, depth: 1, parent: undefined, key: '', expanded: false, exit: false }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const { node, depth } = frame;
    if (frame.exit) {
      onPath.delete(node);
      continue;
    }
    if (depth > limits.maxDepth) {
      const via = frame.expanded ? ' once aliases are expanded' : '';
      return stop('LD007', frame, `nesting is deeper than ${limits.maxDepth} levels${via} (maxDepth).`);
    }
    let expanded = frame.expanded;
    if (visited) {
      if (visited.has(node)) {
        if (onPath.has(node)) {
          return stop(
            'LD003',
            frame,
            'an alias refers to a mapping or sequence that contains it (recursive).',
          );
        }
        shared = true;
        if (!expanded && ++aliases > limits.maxAliases) {
          return stop('LD003', frame, `more than ${limits.maxAliases} aliases in one document (maxAliases).`);
        }
        expanded = true;
      } else visited.add(node);
      onPath.add(node);
      stack.push({ ...frame, exit: true });
    }
    if (Array.isArray(node)) {
      nodes += node.length;
      if (nodes > limits.maxNodes) {
        return stop(
          'LD003',
          frame,
          `the document expands to more than ${limits.maxNodes} values (maxNodes).`,
        );
      }
      for (let i = node.length - 1; i >= 0; i--) {
        const v: unknown = node[i];
        if (jsonSafe && jsonUnsafe(v)) jsonSafe = false;
        if (typeof v === 'object' && v !== null) {
          stack.push({ node: v, depth: depth + 1, parent: frame, key: i, expanded, exit: false });
        }
      }
      continue;
    }
    const record = node as Record<string, unknown>;
    const keys = Object.keys(record);
    nodes += keys.length;
    if (nodes > limits.maxNodes) {
      return stop('LD003', frame, `the document expands to more than ${limits.maxNodes} values (maxNodes).`);
    }
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      if (FORBIDDEN_KEYS.has(key) && !expanded && keyFindings++ < MAX_KEY_FINDINGS) {
        const path = pathOf(frame, key);
        findings.push({ code: 'LD004', path, message: keyMessage(key, formatPath(path)) });
      }
      const v = record[key];
      if (jsonSafe && jsonUnsafe(v)) jsonSafe = false;
      if (typeof v === 'object' && v !== null) {
        stack.push({ node: v, depth: depth + 1, parent: frame, key, expanded, exit: false });
      }
    }
  }
  return { findings, shared, jsonSafe };
};

/** Deepest `maxDepth` for which {@link inspectTree} recurses (the default is 64). */
const MAX_RECURSIVE_DEPTH = 1000;

/**
 * {@link inspectDocument} of a document without anchors (no container is reached twice), as one
 * recursive pass that allocates nothing for a safe document: the general walk makes a frame and a
 * key list for each mapping and sequence, which was a good part of what `validate` allocated beyond
 * the parse (and so of its garbage collection). Same findings in the same order: mappings and
 * sequences in the same pre-order, a mapping's forbidden keys last first, the same stops.
 */
const inspectTree = (root: object, limits: LoadLimits): WalkReport => {
  const findings: WalkFinding[] = [];
  const path: (string | number)[] = []; // the keys from the root to the node being visited
  let nodes = 1;
  let jsonSafe = true;
  let keyFindings = 0;
  let stopped = false;
  const stop = (code: 'LD003' | 'LD007', message: string): void => {
    findings.push({ code, path: [...path], message });
    stopped = true;
  };
  const tooMany = () => `the document expands to more than ${limits.maxNodes} values (maxNodes).`;
  const visit = (node: object, depth: number): void => {
    if (depth > limits.maxDepth)
      return stop('LD007', `nesting is deeper than ${limits.maxDepth} levels (maxDepth).`);
    if (Array.isArray(node)) {
      nodes += node.length;
      if (nodes > limits.maxNodes) return stop('LD003', tooMany());
      for (let i = 0; i < node.length; i++) if (jsonSafe && jsonUnsafe(node[i])) jsonSafe = false;
      for (let i = 0; i < node.length && !stopped; i++) {
        const v: unknown = node[i];
        if (typeof v !== 'object' || v === null) continue;
        path.push(i);
        visit(v, depth + 1);
        path.pop();
      }
      return;
    }
    const record = node as Record<string, unknown>;
    let count = 0;
    let forbidden = false;
    // for…in: the own keys of a parsed mapping (no enumerable inherited ones), without a key list
    for (const key in record) {
      count++;
      if (FORBIDDEN_KEYS.has(key)) forbidden = true;
      if (jsonSafe && jsonUnsafe(record[key])) jsonSafe = false;
    }
    nodes += count;
    if (nodes > limits.maxNodes) return stop('LD003', tooMany());
    if (forbidden) {
      const keys = Object.keys(record);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i]!;
        if (FORBIDDEN_KEYS.has(key) && keyFindings++ < MAX_KEY_FINDINGS) {
          const at = [...path, key];
          findings.push({ code: 'LD004', path: at, message: keyMessage(key, formatPath(at)) });
        }
      }
    }
    for (const key in record) {
      if (stopped) return;
      const v = record[key];
      if (typeof v !== 'object' || v === null) continue;
      path.push(key);
      visit(v, depth + 1);
      path.pop();
    }
  };
  visit(root, 1);
  return { findings, shared: false, jsonSafe };
};

/**
 * Deep-copies a document that passed {@link inspectDocument}, without recursion, giving every
 * alias use its own copy, so that changing one place never changes another. (`structuredClone`
 * would keep the sharing.) Values other than arrays and objects are copied as they are.
 */
export const expandAliases = <T extends object>(root: T): T => {
  const copyOf = (v: object): object => (Array.isArray(v) ? new Array<unknown>(v.length) : {});
  const out = copyOf(root);
  const stack: [object, object][] = [[root, out]];
  while (stack.length > 0) {
    const [src, dst] = stack.pop()!;
    const from = src as Record<string, unknown>;
    const to = dst as Record<string, unknown>;
    for (const key of Object.keys(from)) {
      const v = from[key];
      let value = v;
      if (typeof v === 'object' && v !== null) {
        value = copyOf(v);
        stack.push([v, value as object]);
      }
      // inspection rejects `__proto__`; should one reach here, it must not become the prototype
      if (key === '__proto__') {
        Object.defineProperty(to, key, { value, writable: true, enumerable: true, configurable: true });
      } else to[key] = value;
    }
  }
  return out as T;
};
