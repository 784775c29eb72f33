import { formatPath, type FieldPath, type Issue, type Severity } from '../model/index.js';
import type { RuleCode } from './codes.js';

/** Builds an issue from a code, a field path and a message (what was expected, found, how to fix). */
export const issue = (
  code: RuleCode,
  path: FieldPath,
  message: string,
  severity: Severity = 'error',
): Issue => ({
  code,
  severity,
  path: formatPath(path),
  message,
});

/** True when at least one issue is an error (warnings never make an object invalid). */
export const hasErrors = (issues: readonly Issue[]): boolean => issues.some((i) => i.severity === 'error');

/** Renders a value for a message: short, quoted strings, no secrets expected here. */
export const show = (value: unknown): string => {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
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

/** `"a", "b" or "c"` */
export const oneOf = (values: readonly string[]): string =>
  values.length <= 1
    ? values.map((v) => JSON.stringify(v)).join('')
    : `${values
        .slice(0, -1)
        .map((v) => JSON.stringify(v))
        .join(', ')} or ${JSON.stringify(values[values.length - 1])}`;
