import type { FieldPath, Issue } from '../model/index.js';

/** One object read from a file: a plain JSON-like mapping, with where it came from. */
export interface LoadedDocument {
  /**
   * The object, a plain mapping of JSON-like values (strings, numbers, booleans, null, arrays,
   * objects) with no shared references and no `__proto__`/`constructor`/`prototype` keys. Only
   * mappings get here; a top-level scalar or sequence is an LD009 issue instead. Whether it is a
   * valid Kubernetes object (apiVersion, kind, ...) is for the validator to say.
   */
  object: Record<string, unknown>;
  /** The path as the caller gave it (relative stays relative); under a folder, joined to the folder. */
  file: string;
  /** 1-based line where the object's content starts (for a `kind: List` item, the item's line). */
  line: number;
  /** 0-based index of the document in the file, empty documents counted; List items share their List's. */
  index: number;
  /** For an item of a v1 List: its index in `items`. */
  item?: number;
  /**
   * 1-based line of a field path inside this object, e.g. `['spec', 'clusterProfiles', 1, 'name']`:
   * the key's line for a mapping entry, the item's line for a sequence item. Falls back to the
   * nearest existing ancestor, then to `line`; `lineOf([])` is `line`. For a List item the path is
   * relative to the item. Computed lazily: the first call parses only this document again, with
   * js-yaml telling where each node starts; later calls reuse that parse.
   */
  lineOf(path: FieldPath): number;
}

/** Everything one load produced. Loading never throws for bad input: problems are issues. */
export interface LoadResult {
  /** Objects in file order, then document order within a file. */
  documents: LoadedDocument[];
  /** `LD…` errors, each with `file` and (when known) `line`. */
  issues: Issue[];
  /** Every file read or tried (in load order), including files that produced issues; missing paths are not. */
  files: string[];
}
