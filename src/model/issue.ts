/** How bad an issue is: errors make an object invalid, warnings do not. */
export type Severity = 'error' | 'warning';

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
