import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { LineCounter, Node } from 'yaml';
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

interface Parsed {
  contents: unknown;
  counter: LineCounter;
}

/** The build's one-file copy of the `yaml` package, in the CLI bundle's folder (scripts/bundleCli.ts). */
export const YAML_BUNDLE_FILE = 'yaml.cjs';

/**
 * The `yaml` package (which keeps source positions), loaded on the first position asked: a run
 * whose objects have no issues never needs it, and importing it costs more than checking hundreds
 * of objects. The build's one-file copy when there is one (it loads in a third of the time of the
 * package's files); the package itself otherwise (running from the TypeScript sources).
 */
let yamlModule: typeof import('yaml') | undefined;
const yaml = (): typeof import('yaml') => {
  if (!yamlModule) {
    const copy = fileURLToPath(new URL(`../../bundle/${YAML_BUNDLE_FILE}`, import.meta.url));
    yamlModule = createRequire(import.meta.url)(existsSync(copy) ? copy : 'yaml') as typeof import('yaml');
  }
  return yamlModule;
};

const keyMatches = (key: unknown, seg: string | number): boolean => {
  if (yaml().isScalar(key)) return String(key.value) === String(seg);
  return false;
};

const seqIndex = (seg: string | number): number =>
  typeof seg === 'number' ? seg : /^\d+$/.test(seg) ? Number(seg) : -1;

/**
 * Creates a {@link Locator} for a document's text that starts at file line `firstLine`. The text
 * is parsed with the `yaml` package (which keeps source positions) on the first `lineOf` call and
 * the result is cached; loading itself never pays for it.
 */
export const createLocator = (text: string, firstLine: number): Locator => {
  let parsed: Parsed | undefined;
  const parse = (): Parsed => {
    if (!parsed) {
      const counter = new (yaml().LineCounter)();
      const doc = yaml().parseDocument(text, {
        lineCounter: counter,
        keepSourceTokens: false,
        uniqueKeys: false,
        logLevel: 'silent', // positions only: never print warnings
      });
      parsed = { contents: doc.contents, counter };
    }
    return parsed;
  };
  const lineAt = (p: Parsed, range: readonly number[] | null | undefined): number | undefined =>
    range && range[0] !== undefined ? p.counter.linePos(range[0]).line + firstLine - 1 : undefined;

  return {
    lineOf(path) {
      if (path.length === 0) return undefined;
      const p = parse();
      const { isMap, isSeq } = yaml();
      let node: unknown = p.contents;
      let best: number | undefined;
      for (const seg of path) {
        if (isMap(node)) {
          const pair = node.items.find((item) => keyMatches(item.key, seg));
          if (!pair) break;
          best = lineAt(p, (pair.key as Node).range) ?? best;
          node = pair.value;
        } else if (isSeq(node)) {
          const item = node.items[seqIndex(seg)];
          if (item === undefined) break;
          best = lineAt(p, (item as Node | null)?.range) ?? best;
          node = item;
        } else break; // a scalar, an alias (`*name`) or nothing: the path goes no further in the text
      }
      return best;
    },
  };
};
