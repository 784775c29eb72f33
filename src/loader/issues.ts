import type { FieldPath, Issue } from '../model/index.js';
// the one module of the model it needs (a parse worker then loads none of the kinds' schemas)
import { formatPath } from '../model/issue.js';

/** The issue codes the loader emits (see `RULE_CODES` for their one-line meaning). */
export type LoaderCode =
  'LD001' | 'LD002' | 'LD003' | 'LD004' | 'LD005' | 'LD006' | 'LD007' | 'LD008' | 'LD009' | 'LD010' | 'LD011';

/**
 * Builds a loader error. `line` is 1-based; 0 or `undefined` leaves `line` out (the issue is about
 * the whole file). `path` is the field path inside the document, `''` when the issue is about the
 * document or the file.
 */
export const loaderIssue = (
  code: LoaderCode,
  file: string,
  line: number | undefined,
  message: string,
  path: FieldPath = [],
): Issue => {
  const out: Issue = { code, severity: 'error', path: formatPath(path), message, file };
  if (line !== undefined && line > 0) out.line = line;
  return out;
};

/** Names the JSON-like type of a parsed value for messages: `a string`, `a sequence`, `null`. */
export const describeValue = (value: unknown): string => {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'a sequence (list)';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  return 'a string';
};
