/** Small helpers on plain JSON-like values, shared by the rules, the planner and the renderer. */

/** A plain object (a YAML mapping): not null, not an array. */
export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** What prints as itself, as Go's unicode.IsPrint has it: letters, marks, numbers, punctuation, symbols and the ASCII space. */
const PRINTABLE_CLASS = '\\p{L}\\p{M}\\p{N}\\p{P}\\p{S} ';
const PRINTABLE = new RegExp(`^[${PRINTABLE_CLASS}]$`, 'u');
/** The rest: controls, bidi overrides, zero widths, separators but the space. */
const UNPRINTABLE = new RegExp(`[^${PRINTABLE_CLASS}]`, 'gu');

/** Whether the character `c` prints as itself (Go's unicode.IsPrint). */
export const isPrintable = (c: string): boolean => PRINTABLE.test(c);

/**
 * A string quoted for a message, as Go's `%q` quotes it in kube-apiserver's: JSON's escapes, and
 * `\u202e` for a character that would not print as itself. A right-to-left override in a refused
 * name had turned the rest of the error line around in the terminal.
 */
export const quote = (s: string): string => printable(JSON.stringify(s));

/**
 * `s` with each character that would not print as itself written as `\u202e` (`\U000e0001` past
 * the BMP), for text shown unquoted: a name or a field path in a report line.
 */
export const printable = (s: string): string =>
  s.replace(UNPRINTABLE, (c) => {
    const hex = c.codePointAt(0)!.toString(16);
    return hex.length > 4 ? `\\U${hex.padStart(8, '0')}` : `\\u${hex.padStart(4, '0')}`;
  });

/**
 * A value for a message: `nothing`, `null`, quoted strings (cut at 80 characters, see {@link quote}),
 * `a list of 3`, `an object`, numbers and booleans as written. Only for values that are not secret.
 */
export const describeValue = (value: unknown): string => {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return quote(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  return String(value);
};

/** The closest candidate to `word` by edit distance, for "did you mean" hints (undefined if none close). */
export const closest = (word: string, candidates: Iterable<string>): string | undefined => {
  let best: string | undefined;
  let bestScore = Infinity;
  const w = word.toLowerCase();
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase());
    if (d < bestScore) [best, bestScore] = [c, d];
  }
  return best !== undefined && bestScore <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
};

const editDistance = (a: string, b: string): number => {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
};
