import {
  closest,
  describeValue,
  formatPath,
  type FieldPath,
  type Issue,
  type Severity,
} from '../model/index.js';
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

/** An issue about a reference that does not resolve: {@link issue} with `reason: 'MissingReference'`. */
export const missingReference = (
  code: RuleCode,
  path: FieldPath,
  message: string,
  severity: Severity = 'error',
): Issue => ({ ...issue(code, path, message, severity), reason: 'MissingReference' });

/** True when at least one issue is an error (warnings never make an object invalid). */
export const hasErrors = (issues: readonly Issue[]): boolean => issues.some((i) => i.severity === 'error');

/** Renders a value for a message (the model's {@link describeValue}): short, quoted strings. */
export const show = describeValue;

/** The closest candidate by edit distance, for "did you mean" hints (the model's). */
export { closest };

/** `"a", "b" or "c"` */
export const oneOf = (values: readonly string[]): string =>
  values.length <= 1
    ? values.map((v) => JSON.stringify(v)).join('')
    : `${values
        .slice(0, -1)
        .map((v) => JSON.stringify(v))
        .join(', ')} or ${JSON.stringify(values[values.length - 1])}`;
