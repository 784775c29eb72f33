/** How bad an issue is: errors make an object invalid, warnings do not. */
export type Severity = 'error' | 'warning';

/**
 * Why an issue exists, for callers that act on the kind of problem rather than on its code or text.
 * `MissingReference`: something the object refers to is not there (yet) or not usable yet (a bundle
 * that is not Ready); the object is not wrong in itself and may become valid when the other object
 * arrives (the server stores it as Pending instead of refusing it).
 */
export type IssueReason = 'MissingReference';

/**
 * One problem found in an object or a file. Every issue says what was expected, what was found and
 * how to fix it (in `message`), with a stable `code` that scripts and docs can rely on.
 */
export interface Issue {
  /** Stable rule code, e.g. `PB003`. */
  code: string;
  severity: Severity;
  /** Field path inside the object, e.g. `spec.clusterProfiles[1].name`; `''` for the whole object. */
  path: string;
  message: string;
  /** File the object was loaded from, when it came from a file. */
  file?: string;
  /** 1-based line of the field (or of the object) in `file`. */
  line?: number;
  /** Set when the issue is about a reference that does not resolve (see {@link IssueReason}). */
  reason?: IssueReason;
}

/** A field path as segments: property names and array indexes. */
export type FieldPath = readonly (string | number)[];

/** Formats segments as `spec.items[2].name`. */
export const formatPath = (path: FieldPath): string => {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
};

/** Parses `spec.items[2].name` (or `metadata.labels["a/b"]`) back into segments. */
export const parsePath = (path: string): (string | number)[] => {
  const out: (string | number)[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;
  for (const m of path.matchAll(re)) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else if (m[3] !== undefined) out.push(JSON.parse(m[3]) as string);
  }
  return out;
};

/** `word` with its indefinite article, for messages: `an Infrastructure profile`, `a Full profile`. */
export const withArticle = (word: string): string => `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;
