/**
 * An object as YAML and where each server issue sits in that text: the issue's field path
 * (`spec.clusterProfiles[0].name`) is followed through the parsed document to the line of its key,
 * or of the nearest ancestor that exists (a missing `spec.version` marks `spec`).
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, stringify, type Node } from 'yaml';
import { parsePath } from '../../../../src/model/index.js';

/** A problem to mark: the rule code, its message and the field it names (none: the whole object). */
export interface YamlIssue {
  code: string;
  message: string;
  field?: string;
  severity?: 'error' | 'warning';
}

/** One issue placed in the text: 1-based line and the character range to underline. */
export interface PlacedIssue extends YamlIssue {
  line: number;
  from: number;
  to: number;
}

/** The object as the YAML the view shows (status and server bookkeeping left as they are). */
export const toYaml = (object: unknown): string => stringify(object, { lineWidth: 0 });

/** The [start, end) offsets of the key (or item) at `path`, or of its deepest existing ancestor. */
const locate = (root: Node | null, path: (string | number)[]): [number, number] => {
  let node: unknown = root;
  let range: [number, number] = [0, 0];
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      const key = pair.key as Node;
      if (key.range) range = [key.range[0], key.range[1]];
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as Node | undefined;
      if (!item) break;
      if (item.range) range = [item.range[0], item.range[1]];
      node = item;
    } else break;
  }
  return range;
};

/** Places each issue at the line of the field it names (line 1 when it names none). */
export const placeIssues = (text: string, issues: readonly YamlIssue[]): PlacedIssue[] => {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, keepSourceTokens: false });
  return issues.map((issue) => {
    const [from, end] = issue.field ? locate(doc.contents, parsePath(issue.field)) : [0, 0];
    // An empty range (the whole object) underlines the first line instead of nothing.
    const to = end > from ? end : Math.max(from, text.indexOf('\n') < 0 ? text.length : text.indexOf('\n'));
    return { ...issue, line: lines.linePos(from).line, from, to };
  });
};
