/**
 * The two walks of a value tree that templates need: {@link visitStrings} reads every string and
 * key that may hold a placeholder (to check a profile), {@link walk} copies the tree mapping every
 * string (to render it). Both are iterative, so a deeply nested value cannot exhaust the call stack,
 * and both skip keys that could reach `Object.prototype`.
 */
import type { FieldPath } from './issue.js';

/** Object keys that are never copied into output, so a value cannot reach `Object.prototype`. */
export const UNSAFE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** What {@link walk} does with each string (its replacement) and each unsafe key it leaves out. */
export interface Visitor {
  onString: (text: string, at: (string | number)[]) => unknown;
  onDroppedKey?: (at: (string | number)[]) => void;
}

interface PathNode {
  up: PathNode | undefined;
  seg: string | number;
}

interface Task {
  src: unknown;
  node: PathNode | undefined;
  parent: Record<string | number, unknown>;
  key: string | number;
}

const toPath = (node: PathNode | undefined): (string | number)[] => {
  const out: (string | number)[] = [];
  for (let n = node; n; n = n.up) out.push(n.seg);
  return out.reverse();
};

/** One object or array {@link visitStrings} is inside: its keys (none for an array) and the next. */
interface Frame {
  src: Record<string, unknown> | unknown[];
  keys: string[] | undefined;
  next: number;
}

/** Whether a string can hold a placeholder: only these are handed to {@link visitStrings}' callbacks. */
const TEMPLATED = (text: string) => text.includes('{{');

/**
 * Visits every string and key that holds `{{` in a value tree, in the order {@link walk} does (depth
 * first, keys in source order, an object's keys before what they hold; what is under an unsafe key is
 * skipped), without copying it. One frame per object or array and one path, shared and built into an
 * array only when a callback asks (call `at` before returning): checking a profile's templates is a
 * read, and copying every object of a 100,000-object `validate` cost ~0.2 s; a task, a path node and a
 * closure per value still made ~10 KiB of garbage per profile of a Studio import (issue #11).
 */
export function visitStrings(
  value: unknown,
  onString: (text: string, at: () => (string | number)[]) => void,
  onKey: (key: string, at: () => (string | number)[]) => void,
): void {
  const path: (string | number)[] = [];
  const at = () => [...path];
  const frames: Frame[] = [];
  const enter = (src: object): void => {
    if (Array.isArray(src)) {
      frames.push({ src, keys: undefined, next: 0 });
      return;
    }
    const keys = Object.keys(src); // unsafe keys are skipped as they come (no second array)
    for (const key of keys)
      if (TEMPLATED(key) && !UNSAFE_KEYS.has(key)) {
        path.push(key);
        onKey(key, at);
        path.pop();
      }
    frames.push({ src: src as Record<string, unknown>, keys, next: 0 });
  };
  if (typeof value === 'string') {
    if (TEMPLATED(value)) onString(value, at);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  enter(value);
  while (frames.length > 0) {
    const frame = frames[frames.length - 1]!;
    const size = frame.keys ? frame.keys.length : (frame.src as unknown[]).length;
    if (frame.next >= size) {
      frames.pop();
      path.pop(); // the key that led here (none for the root: popping an empty path is harmless)
      continue;
    }
    const key = frame.keys ? frame.keys[frame.next]! : frame.next;
    frame.next++;
    if (typeof key === 'string' && UNSAFE_KEYS.has(key)) continue;
    const child = (frame.src as Record<string | number, unknown>)[key];
    if (typeof child === 'string') {
      if (TEMPLATED(child)) {
        path.push(key);
        onString(child, at);
        path.pop();
      }
    } else if (typeof child === 'object' && child !== null) {
      path.push(key);
      enter(child);
    }
  }
}

/**
 * Copies a value tree into plain objects and arrays, mapping every string through the visitor.
 * Iterative (an explicit stack, paths as linked nodes), so depth is bounded by memory, not by the
 * call stack, and costs O(size) plus O(depth) per visited string.
 */
export function walk(value: unknown, visitor: Visitor, base: FieldPath = []): unknown {
  const holder: Record<string | number, unknown> = {};
  let root: PathNode | undefined;
  for (const seg of base) root = { up: root, seg };
  const stack: Task[] = [{ src: value, node: root, parent: holder, key: 'root' }];
  for (let task = stack.pop(); task; task = stack.pop()) {
    const { src, node } = task;
    const children: Task[] = [];
    let out: unknown = src;
    if (typeof src === 'string') out = visitor.onString(src, toPath(node));
    else if (Array.isArray(src)) {
      const list: unknown[] = new Array<unknown>(src.length);
      src.forEach((item: unknown, i) =>
        children.push({
          src: item,
          node: { up: node, seg: i },
          parent: list as unknown as Task['parent'],
          key: i,
        }),
      );
      out = list;
    } else if (typeof src === 'object' && src !== null) {
      const obj: Record<string, unknown> = {};
      for (const key of Object.keys(src)) {
        const child: PathNode = { up: node, seg: key };
        if (UNSAFE_KEYS.has(key)) {
          visitor.onDroppedKey?.(toPath(child));
          continue;
        }
        obj[key] = undefined; // keeps the source key order in the copy
        children.push({ src: (src as Record<string, unknown>)[key], node: child, parent: obj, key });
      }
      out = obj;
    }
    task.parent[task.key] = out;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as Task);
  }
  return holder.root;
}
