import { BadRequestError, isLabelValue, isQualifiedName } from '../model/index.js';
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
    if (depth < 0) throw new BadRequestError(`labelSelector: unbalanced ")" in ${JSON.stringify(s)}`);
  }
  if (depth !== 0) throw new BadRequestError(`labelSelector: unbalanced "(" in ${JSON.stringify(s)}`);
  out.push(s.slice(start));
  return out.map((x) => x.trim()).filter((x) => x !== '');
};

const checkKey = (key: string) => {
  if (!isQualifiedName(key))
    throw new BadRequestError(`labelSelector: invalid label key ${JSON.stringify(key)}`);
  return key;
};
const checkValue = (value: string) => {
  if (!isLabelValue(value))
    throw new BadRequestError(`labelSelector: invalid label value ${JSON.stringify(value)}`);
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

/**
 * Parses a field selector: `metadata.name` and `metadata.namespace` with `=`, `==` or `!=`,
 * comma-separated (all must hold), as kube-apiserver serves them for every resource.
 */
export const parseFieldSelector = (
  text: string,
): Pick<Selection, 'name' | 'namespace' | 'notNames' | 'notNamespaces'> => {
  const out: Pick<Selection, 'name' | 'namespace' | 'notNames' | 'notNamespaces'> = {};
  for (const p of text
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)) {
    const m = /^(metadata\.name|metadata\.namespace)\s*(==|=|!=)\s*(.*)$/.exec(p);
    if (!m)
      throw new BadRequestError(
        `fieldSelector: ${JSON.stringify(p)} is not supported; use metadata.name=NAME, metadata.name!=NAME, ` +
          'metadata.namespace=NS or metadata.namespace!=NS',
      );
    const [, field, op, value] = m as unknown as [string, string, string, string];
    if (op === '!=') {
      if (field === 'metadata.name') (out.notNames ??= []).push(value);
      else (out.notNamespaces ??= []).push(value);
    } else if (field === 'metadata.name') out.name = value;
    else out.namespace = value;
  }
  return out;
};
