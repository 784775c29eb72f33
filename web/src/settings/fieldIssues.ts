/**
 * Issues placed at form fields: the rules run in the browser (errors and warnings) and the causes of
 * the server's refusal, one list keyed by field path (`spec.ociRegistry.url`).
 */
import type { Issue } from '../../../src/model/index.js';
import { ApiError } from '../api/client';

/** One issue a form shows at the field it names. */
export interface FieldIssue {
  code: string;
  message: string;
  severity: 'error' | 'warning';
  /** Field path; `''` when it names none. */
  field: string;
}

/** The browser's rule findings and the server's causes, without repeating one both found. */
export const mergeIssues = (local: Issue[], error: Error | undefined): FieldIssue[] => {
  const out: FieldIssue[] = local.map((i) => ({
    code: i.code,
    message: i.message,
    severity: i.severity,
    field: i.path,
  }));
  const seen = new Set(out.map((i) => `${i.code} ${i.field}`));
  if (error instanceof ApiError)
    for (const c of error.causes) {
      const field = c.field ?? '';
      if (seen.has(`${c.reason} ${field}`)) continue;
      seen.add(`${c.reason} ${field}`);
      out.push({ code: c.reason, message: c.message, severity: 'error', field });
    }
  return out;
};

/** The issues at a field or inside it (`spec.palette` holds `spec.palette.endpoint`). */
export const issuesAt = (issues: FieldIssue[], field: string): FieldIssue[] =>
  issues.filter(
    (i) => i.field === field || i.field.startsWith(`${field}.`) || i.field.startsWith(`${field}[`),
  );

/** An input's `error` text: the field's issues as `CODE message`, errors and warnings alike. */
export const errorText = (issues: FieldIssue[], field: string): string | undefined => {
  const at = issuesAt(issues, field);
  return at.length ? at.map((i) => `${i.code} ${i.message}`).join(' ') : undefined;
};

/**
 * Props that show a field's issues on a Mantine input: errors in red under it, warnings as its
 * description (also under it), so a warning never looks like a refusal.
 */
export const fieldProps = (issues: FieldIssue[], field: string) => {
  const at = issuesAt(issues, field);
  const text = (s: 'error' | 'warning') =>
    at
      .filter((i) => i.severity === s)
      .map((i) => `${i.code} ${i.message}`)
      .join(' ') || undefined;
  const warning = text('warning');
  return {
    error: text('error'),
    ...(warning ? { description: `Warning: ${warning}`, descriptionProps: { c: 'orange.8' } } : {}),
    inputWrapperOrder: ['label', 'input', 'description', 'error'] as (
      'label' | 'input' | 'description' | 'error'
    )[],
  };
};
