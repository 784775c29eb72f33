import {
  NAME_LIMITS,
  isDns1123Label,
  isDns1123Subdomain,
  isLabelValue,
  isQualifiedNamePart,
  type Issue,
  type KindInfo,
  type ObjectMeta,
} from '../model/index.js';
import { issue, show } from './issues.js';

/** A DNS-1123 version of a wrong name, offered as a fix. */
const suggestName = (name: string, max: number, label: boolean): string =>
  name
    .toLowerCase()
    .replace(label ? /[^a-z0-9-]+/g : /[^a-z0-9.-]+/g, '-')
    .slice(0, max)
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');

const nameProblem = (name: string, label: boolean): string | undefined => {
  const max = label ? NAME_LIMITS.labelMax : NAME_LIMITS.subdomainMax;
  if (name === '') return 'it is empty';
  if (name.length > max) return `it has ${name.length} characters, more than ${max}`;
  if (!(label ? isDns1123Label : isDns1123Subdomain)(name)) {
    return label
      ? 'it must hold only lowercase letters, digits and "-", and start and end with a letter or digit'
      : 'it must hold only lowercase letters, digits, "-" and ".", and start and end with a letter or digit';
  }
  return undefined;
};

/** Why `key` is not a label or annotation key (undefined when it is one). */
export const keyProblem = (key: string): string | undefined => {
  const slash = key.indexOf('/');
  const [prefix, name] = slash < 0 ? [undefined, key] : [key.slice(0, slash), key.slice(slash + 1)];
  if (prefix !== undefined) {
    if (!isDns1123Subdomain(prefix)) {
      return `its prefix ${show(prefix)} must be a DNS subdomain (lowercase, e.g. palette.ai) of at most 253 characters`;
    }
  }
  if (!isQualifiedNamePart(name)) {
    return `its name part ${show(name)} must be 1-63 characters of letters, digits, "-", "_" or ".", starting and ending with a letter or digit`;
  }
  return undefined;
};

/** Why `value` is not a label value (undefined when it is one). */
export const labelValueProblem = (value: string): string | undefined =>
  isLabelValue(value)
    ? undefined
    : 'it must be at most 63 characters of letters, digits, "-", "_" or ".", starting and ending with a letter or digit (or empty)';

/** Kubernetes naming rules for name, namespace, labels and annotations (MD…). */
export const checkMetadata = (metadata: ObjectMeta, info: KindInfo): Issue[] => {
  const issues: Issue[] = [];
  const isLabelName = info.kind === 'Namespace';
  const problem = nameProblem(metadata.name, isLabelName);
  if (problem) {
    const fix = suggestName(
      metadata.name,
      isLabelName ? NAME_LIMITS.labelMax : NAME_LIMITS.subdomainMax,
      isLabelName,
    );
    issues.push(
      issue(
        'MD001',
        ['metadata', 'name'],
        `name ${show(metadata.name)} is not a valid DNS-1123 name: ${problem}${fix ? `; for example ${JSON.stringify(fix)}` : ''}.`,
      ),
    );
  }
  if (metadata.namespace !== undefined) {
    if (!info.namespaced) {
      issues.push(
        issue(
          'MD002',
          ['metadata', 'namespace'],
          `${info.kind} is cluster-scoped; remove metadata.namespace.`,
        ),
      );
    } else {
      const p = nameProblem(metadata.namespace, true);
      if (p)
        issues.push(
          issue(
            'MD002',
            ['metadata', 'namespace'],
            `namespace ${show(metadata.namespace)} is not a valid DNS-1123 label: ${p}.`,
          ),
        );
    }
  }
  for (const [key, value] of Object.entries(metadata.labels ?? {})) {
    const kp = keyProblem(key);
    if (kp)
      issues.push(issue('MD003', ['metadata', 'labels', key], `label key ${show(key)} is invalid: ${kp}.`));
    const vp = labelValueProblem(value);
    if (vp)
      issues.push(
        issue('MD004', ['metadata', 'labels', key], `label value ${show(value)} is invalid: ${vp}.`),
      );
  }
  let size = 0;
  for (const [key, value] of Object.entries(metadata.annotations ?? {})) {
    size += key.length + value.length;
    const kp = keyProblem(key);
    if (kp)
      issues.push(
        issue('MD005', ['metadata', 'annotations', key], `annotation key ${show(key)} is invalid: ${kp}.`),
      );
  }
  if (size > NAME_LIMITS.annotationsTotalMax) {
    issues.push(
      issue(
        'MD006',
        ['metadata', 'annotations'],
        `annotations take ${size} bytes, more than 262144 (256 KiB); move large data into a ConfigMap or Secret.`,
      ),
    );
  }
  return issues;
};
