/**
 * Admission: an object checked with the schema and every rule of its kind, references resolved
 * against the store. Missing references let the object be stored as Pending (it waits for them);
 * every other error rejects the write with 422 and one cause per issue.
 */
import {
  findKind,
  InvalidError,
  parsePath,
  type Issue,
  type KubeObject,
  type StatusCause,
  quote,
} from '../model/index.js';
import { kindModule, type Evaluation } from '../kinds/index.js';
import { checkShape } from '../rules/index.js';
import type { StoreReader } from '../storage/store.js';
import { prefetch, StoreAdmissionReader } from './admissionReader.js';

/** Options of one create inside a pipeline transaction. */
export interface CreateOptions {
  /**
   * The caller ran what the object alone decides on this very object (server-owned metadata and
   * status aside) and it found no error: `checkShape` (schema and metadata rules) and the kind's
   * rules that read no other object. Admission does not run those again, and runs everything that
   * reads the store (references, the kind module's `checkReferences`, workflow checks).
   * The Studio import vouches so for the archive objects its worker checked (the archive's verdict
   * counts their rules) and that it changed in nothing but their namespace (which exists: it was
   * admitted as a Namespace).
   */
  checkedAlone?: boolean;
}

/** What to do with fields the schema does not know, as kube-apiserver's `fieldValidation`. */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** Whether an issue says a referenced object is missing (the object waits), by its `reason`. */
const isMissingReference = (i: Issue): boolean => i.reason === 'MissingReference';

const deleteAt = (root: Record<string, unknown>, path: (string | number)[]): void => {
  let cur: unknown = root;
  for (const seg of path.slice(0, -1))
    cur = cur && typeof cur === 'object' ? (cur as Record<string | number, unknown>)[seg] : undefined;
  if (cur && typeof cur === 'object')
    delete (cur as Record<string | number, unknown>)[path[path.length - 1]!];
};

/**
 * Checks an object with the schema and every rule, references resolved against `store` (inside a
 * write: its transaction). Unknown fields follow `fieldValidation` (Strict: error; Warn: dropped with
 * a warning; Ignore: dropped silently), as kube-apiserver does; the object is changed in place when
 * fields are dropped. `checkedAlone`: the caller ran the object-alone checks on this very object and
 * they found no error (see {@link CreateOptions}); only the checks that read the store run.
 */
export const evaluate = async (
  object: KubeObject,
  store: StoreReader,
  fieldValidation: FieldValidation = 'Strict',
  checkedAlone = false,
): Promise<Evaluation> => {
  // status is the server's: it is not part of what a client is checked on
  const { status: _status, ...input } = object;
  const info = checkedAlone ? findKind(object.kind) : undefined;
  let shape = info ? { info, issues: [] as Issue[] } : checkShape(input);
  const warnings: Issue[] = [];
  if (fieldValidation !== 'Strict' && shape.issues.some((i) => i.code === 'SCH001')) {
    for (const i of shape.issues.filter((x) => x.code === 'SCH001')) {
      deleteAt(object, parsePath(i.path));
      if (fieldValidation === 'Warn') warnings.push({ ...i, severity: 'warning' });
    }
    const { status: _s, ...again } = object;
    shape = checkShape(again);
  }
  const shapeErrors = shape.issues.filter((i) => i.severity === 'error');
  if (shapeErrors.length || !shape.info) return { errors: shapeErrors, missing: [], warnings };
  const resolver = await prefetch(object, store);
  const m = kindModule(object.kind);
  const stored = m.checkStored ? await m.checkStored(object, new StoreAdmissionReader(store)) : [];
  const rules = checkedAlone && m.checkReferences ? m.checkReferences : m.check;
  const own = [...shape.issues, ...(rules?.(object, resolver) ?? []), ...stored];
  const planned = m.workflowChecks?.(object, resolver) ?? [];
  const errors = (list: Issue[]) => list.filter((i) => i.severity === 'error');
  const missing = errors([...own, ...planned]).filter(isMissingReference);
  // A deployment whose bundles, pool or project are not there yet cannot be planned meaningfully:
  // its workflow findings wait with it (Pending) instead of rejecting the write.
  const waiting = missing.length > 0;
  const planErrors = errors(planned).filter((i) => !isMissingReference(i));
  return {
    errors: [...errors(own).filter((i) => !isMissingReference(i)), ...(waiting ? [] : planErrors)],
    missing: [...missing, ...(waiting ? planErrors : [])],
    warnings: [...warnings, ...[...own, ...planned].filter((i) => i.severity === 'warning')],
    resolver,
  };
};

/**
 * The most causes one 422 lists, and the most of them its message repeats: a 2 MB body with 100,000
 * unknown fields made a 32 MB answer that took seconds to build (found by the fuzz suite).
 */
export const MAX_CAUSES = 100;
const MAX_SUMMARY = 20;

/** The first {@link MAX_CAUSES} causes, and one saying how many more there are. */
export const boundCauses = (causes: StatusCause[]): StatusCause[] =>
  causes.length <= MAX_CAUSES
    ? causes
    : [
        ...causes.slice(0, MAX_CAUSES),
        {
          reason: 'TooManyErrors',
          message: `${causes.length - MAX_CAUSES} more problems are not listed; fix these and try again`,
        },
      ];

/** The 422 a rejected write answers, with one cause per issue (code, field path, message), at most {@link MAX_CAUSES}. */
export const invalidError = (object: KubeObject, errors: Issue[], prefix = ''): InvalidError => {
  const causes = boundCauses(
    errors.map((i) => ({
      reason: i.code,
      message: `${prefix}${i.message}`,
      ...(i.path ? { field: i.path } : {}),
    })),
  );
  const summary = errors
    .slice(0, MAX_SUMMARY)
    .map((i) => `${i.path ? `${i.path}: ` : ''}${i.code} ${i.message}`)
    .join('; ');
  const more = errors.length > MAX_SUMMARY ? `; and ${errors.length - MAX_SUMMARY} more problems` : '';
  return new InvalidError(`${object.kind} ${quote(object.metadata.name)} is invalid: ${summary}${more}`, {
    kind: object.kind,
    name: object.metadata.name,
    causes,
  });
};

/**
 * The typography of messages in ASCII: a header value is ASCII, and kubectl prints `\u2013` as
 * `u2013` (it unquotes a backslash and the character after it).
 */
const ASCII_PUNCTUATION: Readonly<Record<string, string>> = {
  '–': '-',
  '—': '-',
  '≥': '>=',
  '≤': '<=',
  '→': '->',
  '←': '<-',
  '…': '...',
  '×': 'x',
  '“': '"',
  '”': '"',
  '‘': "'",
  '’': "'",
  '·': '-',
};

const PUNCTUATION = new RegExp(`[${Object.keys(ASCII_PUNCTUATION).join('')}]`, 'g');

/** Warnings as `Warning` header values (RFC 7234 style, as kube-apiserver sends them), at most {@link MAX_CAUSES}. */
export const warningHeaders = (warnings: Issue[]): string[] => [
  ...warnings.slice(0, MAX_CAUSES).map((w) => {
    const text = `${w.code} ${w.path ? `${w.path}: ` : ''}${w.message}`
      .replace(/[\r\n]/g, ' ')
      .replace(PUNCTUATION, (c) => ASCII_PUNCTUATION[c]!);
    // A header value is ASCII: anything else (an unknown field named in Unicode) is escaped as \uXXXX.
    return `299 - "${text
      .replace(/\\/g, '\\\\')
      .replace(/"/g, '\\"')
      .replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
  }),
  ...(warnings.length > MAX_CAUSES
    ? [`299 - "${warnings.length - MAX_CAUSES} more warnings are not listed"`]
    : []),
];
