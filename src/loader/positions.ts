import { CORE_SCHEMA, load, type EventType, type State } from 'js-yaml';
import type { FieldPath } from '../model/index.js';

/** Finds the file line of a field path inside one document, parsing the document only when first asked. */
export interface Locator {
  /**
   * 1-based file line of the deepest segment of `path` that exists in the document: the key's
   * line for a mapping entry, the item's first line for a sequence item. `undefined` when not even
   * the first segment exists. Paths stop at an alias (`*name`): its line is the answer.
   */
  lineOf(path: FieldPath): number | undefined;
}

/**
 * A node of the document as js-yaml composed it, with where it starts. Mappings and sequences have
 * their nodes as `kids` in text order: a mapping's keys each followed by their value (a flow
 * mapping's key may have none: `{a, b: 1}`), a sequence's items once composed (see {@link items}).
 */
interface PosNode {
  /** 0-based line in the document's text where the node's content starts. */
  line: number;
  /** Offset just past the node (where js-yaml stopped). */
  end: number;
  /** Whether a `:` comes between the node before it and this one: it is that key's value. */
  value: boolean;
  /**
   * js-yaml's `state.kind` once composed: `mapping`, `sequence`, `scalar`; null for an alias;
   * `unknown` for a sequence whose items cannot be told apart (paths stop there).
   */
  kind?: string | null;
  /** The composed value (a key's, for matching path segments). */
  result?: unknown;
  kids: PosNode[];
}

/** Whether the first character in `text[from, to)` that is not a space, a tab or a line break is `:`. */
const colonBetween = (text: string, from: number, to: number): boolean => {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return c === 58;
  }
  return false;
};

/**
 * The 0-based line of the content of a node js-yaml starts composing at `pos` (on line `line`): past
 * its properties (`&anchor`, `!tag`), blanks, line breaks and comments, as an item `- &a` whose
 * mapping starts on the next line starts there.
 */
const contentLine = (text: string, pos: number, line: number): number => {
  for (let i = pos; i < text.length;) {
    const c = text.charCodeAt(i);
    if (c === 38 || c === 33) {
      // & or !: a property, up to the next blank
      while (i < text.length && ![32, 9, 10, 13].includes(text.charCodeAt(i))) i++;
    } else if (c === 35) {
      while (i < text.length && text.charCodeAt(i) !== 10) i++; // a comment
    } else if (c === 32 || c === 9 || c === 13) i++;
    else if (c === 10) {
      line++;
      i++;
    } else break;
  }
  return line;
};

/**
 * The document's nodes with their lines, from js-yaml's `listener` events: js-yaml (the loader's
 * own parser) composes the document again and tells where each node starts and ends. An order of
 * magnitude faster than the `yaml` package's parse with positions that this replaced (~35 µs
 * against ~390 µs for a 1.5 KiB manifest): a run of 10,000 objects with 3,333 broken references
 * spent a second locating them. The text was loaded before, so it parses; undefined if it does not.
 */
const parsePositions = (text: string): PosNode | undefined => {
  const root: PosNode = { line: 0, end: 0, value: false, kids: [] };
  const open: PosNode[] = [root];
  const listener = (event: EventType, state: State) => {
    if (event === 'open') {
      const parent = open[open.length - 1]!;
      const before = parent.kids[parent.kids.length - 1];
      const node: PosNode = {
        line: contentLine(text, state.position, state.line),
        end: state.position,
        value: before !== undefined && colonBetween(text, before.end, state.position),
        kids: [],
      };
      parent.kids.push(node);
      open.push(node);
    } else {
      const node = open.pop()!;
      node.end = state.position;
      node.kind = state.kind as string | null;
      node.result = state.result;
      // js-yaml composes a flow collection or a scalar at the start of a block line as a would-be
      // mapping key first, then keeps it as the node: the node is that one kid
      const only = node.kids.length === 1 ? node.kids[0]! : undefined;
      if (only && only.result === state.result && only.kind === state.kind) node.kids = only.kids;
      if (state.kind === 'scalar') node.kids = [];
      if (state.kind === 'sequence') {
        node.kids = items(node);
        // an empty block sequence item (`-` alone) is composed without events: its items cannot be told apart
        if ((state.result as unknown[]).length !== node.kids.length) node.kind = 'unknown';
      }
    }
  };
  try {
    // json: a duplicate key is not an error here (the loader reported it already)
    load(text, { schema: CORE_SCHEMA, json: true, listener });
  } catch {
    return undefined;
  }
  return root.kids[0];
};

/** A mapping's entries: each key with its value (none for a flow mapping's `{a}`). */
const entries = (map: PosNode): { key: PosNode; value?: PosNode }[] => {
  const out: { key: PosNode; value?: PosNode }[] = [];
  for (let i = 0; i < map.kids.length; i++) {
    const key = map.kids[i]!;
    const next = map.kids[i + 1];
    if (next?.value) i++;
    out.push(next?.value ? { key, value: next } : { key });
  }
  return out;
};

/** A sequence's items: a node, or a flow sequence's one-pair mapping `a: 1` (at its key's line). */
const items = (seq: PosNode): PosNode[] => {
  const out: PosNode[] = [];
  for (let i = 0; i < seq.kids.length; i++) {
    const item = seq.kids[i]!;
    const next = seq.kids[i + 1];
    if (!next?.value) out.push(item);
    else {
      i++;
      out.push({ line: item.line, end: next.end, value: false, kind: 'mapping', kids: [item, next] });
    }
  }
  return out;
};

const seqIndex = (seg: string | number): number =>
  typeof seg === 'number' ? seg : /^\d+$/.test(seg) ? Number(seg) : -1;

/**
 * Creates a {@link Locator} for a document's text that starts at file line `firstLine`. The text
 * is parsed for positions on the first `lineOf` call and the result is cached; loading itself never
 * pays for it.
 */
export const createLocator = (text: string, firstLine: number): Locator => {
  let parsed: { root: PosNode | undefined } | undefined;
  return {
    lineOf(path) {
      if (path.length === 0) return undefined;
      parsed ??= { root: parsePositions(text) };
      let node = parsed.root;
      let best: number | undefined;
      for (const seg of path) {
        let next: PosNode | undefined;
        if (node?.kind === 'mapping') {
          const entry = entries(node).find(
            ({ key }) => key.kind === 'scalar' && String(key.result) === String(seg),
          );
          if (!entry) break;
          best = entry.key.line + firstLine;
          next = entry.value;
        } else if (node?.kind === 'sequence') {
          next = node.kids[seqIndex(seg)];
          if (!next) break;
          best = next.line + firstLine;
        } else break; // a scalar, an alias (`*name`) or nothing: the path goes no further in the text
        node = next;
      }
      return best;
    },
  };
};
