import { BadRequestError, quote } from '../model/index.js';
import { keyProblem, labelValueProblem } from '../rules/index.js';
import type { LabelRequirement, Selection } from '../storage/store.js';

const MAX_REQUIREMENTS = 100;

/** Splits on commas outside parentheses. */
const splitTop = (s: string): string[] => {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')') depth--;
    else if (s[i] === ',' && depth === 0) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
    if (depth < 0) throw new BadRequestError(`labelSelector: unbalanced ")" in ${quote(s)}`);
  }
  if (depth !== 0) throw new BadRequestError(`labelSelector: unbalanced "(" in ${quote(s)}`);
  out.push(s.slice(start));
  return out.map((x) => x.trim()).filter((x) => x !== '');
};

const checkKey = (key: string) => {
  const problem = keyProblem(key);
  if (problem) throw new BadRequestError(`labelSelector: invalid label key ${quote(key)}: ${problem}`);
  return key;
};
const checkValue = (value: string) => {
  const problem = labelValueProblem(value);
  if (problem) throw new BadRequestError(`labelSelector: invalid label value ${quote(value)}: ${problem}`);
  return value;
};

/** Parses a Kubernetes label selector (`a=b,c!=d,e in (f,g),!h,i`); malformed ones are a 400. */
export const parseLabelSelector = (text: string): LabelRequirement[] => {
  const parts = splitTop(text);
  if (parts.length > MAX_REQUIREMENTS)
    throw new BadRequestError(
      `labelSelector: at most ${MAX_REQUIREMENTS} requirements, found ${parts.length}`,
    );
  return parts.map((p): LabelRequirement => {
    const set = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(p);
    if (set) {
      const values = set[3]!.split(',').map((v) => checkValue(v.trim()));
      return { key: checkKey(set[1]!), op: set[2] as 'in' | 'notin', values };
    }
    const eq = /^([^!=\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(p);
    if (eq) return { key: checkKey(eq[1]!), op: eq[2] === '!=' ? '!=' : '=', value: checkValue(eq[3]!) };
    if (p.startsWith('!')) return { key: checkKey(p.slice(1).trim()), op: '!exists' };
    return { key: checkKey(p), op: 'exists' };
  });
};

/** One requirement of a field selector on a field of the object itself (not its metadata). */
export interface FieldRequirement {
  /** The field as the selector names it (`involvedObject.name`). */
  field: string;
  /** Where it is in the stored object. */
  path: readonly string[];
  op: '=' | '!=';
  value: string;
}

/** Whether `object` meets every requirement (a missing field reads as ''). */
export const matchesFields = (object: unknown, requirements: readonly FieldRequirement[]): boolean =>
  requirements.every((r) => {
    let v: unknown = object;
    for (const key of r.path)
      v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
    const text = v === undefined || v === null ? '' : String(v);
    return r.op === '=' ? text === r.value : text !== r.value;
  });

/** A parsed field selector: what the store selects on, and the object fields matched after it. */
type FieldSelection = Pick<Selection, 'name' | 'namespace' | 'notNames' | 'notNamespaces'> & {
  fields?: FieldRequirement[];
};

/**
 * Parses a field selector, comma-separated requirements with `=`, `==` or `!=` (all must hold):
 * `metadata.name` and `metadata.namespace` as kube-apiserver serves them for every resource (the
 * store selects on them), and `objectFields`, the kind's selectable fields with their paths
 * (`fields`, matched on each object: an Event's `involvedObject.name`, …). Anything else is a 400
 * that lists what the kind supports.
 */
export const parseFieldSelector = (
  text: string,
  objectFields: Readonly<Record<string, readonly string[]>> = {},
): FieldSelection => {
  const out: FieldSelection = {};
  for (const p of text
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)) {
    const m = /^([A-Za-z.]+)\s*(==|=|!=)\s*(.*)$/.exec(p);
    const field = m?.[1] ?? '';
    const path = Object.hasOwn(objectFields, field) ? objectFields[field] : undefined;
    if (!m || (field !== 'metadata.name' && field !== 'metadata.namespace' && !path)) {
      const more = Object.keys(objectFields);
      throw new BadRequestError(
        `fieldSelector: ${JSON.stringify(p)} is not supported; use metadata.name=NAME, metadata.name!=NAME, ` +
          `metadata.namespace=NS or metadata.namespace!=NS${more.length ? `, or ${more.join(', ')} with = or !=` : ''}`,
      );
    }
    const [, , op, value] = m as unknown as [string, string, string, string];
    if (path) (out.fields ??= []).push({ field, path, op: op === '!=' ? '!=' : '=', value });
    else if (op === '!=') {
      if (field === 'metadata.name') (out.notNames ??= []).push(value);
      else (out.notNamespaces ??= []).push(value);
    } else if (field === 'metadata.name') out.name = value;
    else out.namespace = value;
  }
  return out;
};
