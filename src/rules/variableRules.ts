import type { FieldPath, Issue, Variable, VariableType, VariableValue } from '../model/index.js';
import { issue, show } from './issues.js';

const INT32 = [-(2 ** 31), 2 ** 31 - 1] as const;
const INT64 = [-(2n ** 63n), 2n ** 63n - 1n] as const;
const FLOAT32_MAX = 3.4028234663852886e38;

/** Why `value` does not fit `type`, or undefined when it fits. */
export const rangeProblem = (type: VariableType, value: unknown): string | undefined => {
  switch (type) {
    case 'string':
      return typeof value === 'string' ? undefined : `expected a string, found ${show(value)}`;
    case 'bool':
      return typeof value === 'boolean' ? undefined : `expected true or false, found ${show(value)}`;
    case 'int32':
      return Number.isInteger(value) && (value as number) >= INT32[0] && (value as number) <= INT32[1]
        ? undefined
        : `expected a whole number from ${INT32[0]} to ${INT32[1]}, found ${show(value)}`;
    case 'int64': {
      if (typeof value === 'number' && !Number.isSafeInteger(value)) {
        return `${show(value)} cannot be held exactly as a JSON number; write it as a string of digits`;
      }
      try {
        const n = BigInt(value as string | number);
        return n >= INT64[0] && n <= INT64[1]
          ? undefined
          : `expected a 64-bit whole number, found ${show(value)}`;
      } catch {
        return `expected a whole number, found ${show(value)}`;
      }
    }
    case 'float32':
      return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= FLOAT32_MAX
        ? undefined
        : `expected a finite number within ±3.4e38, found ${show(value)}`;
    case 'float64':
      return typeof value === 'number' && Number.isFinite(value)
        ? undefined
        : `expected a finite number, found ${show(value)}`;
  }
};

/** The plain value inside a typed value (`{ int32: 2 }` → 2). */
export const plainValue = (value: VariableValue | undefined): unknown =>
  value === undefined ? undefined : Object.values(value)[0];

/**
 * Parses an override given as text (`--set replicas=2`, `variables: { maxModelLen: "8192" }`) into
 * the variable's type. Returns the typed value or a problem description.
 */
export const coerceOverride = (type: VariableType, raw: unknown): { value?: unknown; problem?: string } => {
  let value = raw;
  if (typeof raw === 'string') {
    if (type === 'bool') value = raw === 'true' ? true : raw === 'false' ? false : raw;
    else if (type === 'int32' || type === 'float32' || type === 'float64')
      value = raw.trim() === '' ? raw : Number(raw);
    else if (type === 'int64') value = /^-?\d+$/.test(raw.trim()) ? raw.trim() : raw;
  }
  const problem = rangeProblem(type, value);
  return problem ? { problem } : { value };
};

/** The variable rules of SPEC §2.4 on one list (VariableSet, bundle variableSet or profile variables). */
export const checkVariables = (variables: readonly Variable[], at: FieldPath): Issue[] => {
  const issues: Issue[] = [];
  const seen = new Map<string, number>();
  variables.forEach((v, i) => {
    const path = [...at, i];
    const first = seen.get(v.name);
    if (first !== undefined) {
      issues.push(
        issue(
          'VAR001',
          [...path, 'name'],
          `variable ${show(v.name)} is declared twice (also at index ${first}); keep one.`,
        ),
      );
    } else seen.set(v.name, i);
    if (v.value !== undefined) {
      const [key] = Object.keys(v.value);
      if (key !== v.variableType) {
        issues.push(
          issue(
            'VAR002',
            [...path, 'value'],
            `variable ${show(v.name)} has variableType ${v.variableType} but its value is given as ${key}; write value: { ${v.variableType}: ... }.`,
          ),
        );
      } else {
        const problem = rangeProblem(v.variableType, plainValue(v.value));
        if (problem)
          issues.push(issue('VAR003', [...path, 'value', key], `variable ${show(v.name)}: ${problem}.`));
      }
    }
    if (v.locked && v.validationMode === 'required') {
      issues.push(
        issue(
          'VAR004',
          [...path, 'locked'],
          `variable ${show(v.name)} is both locked and required: a locked value cannot be supplied later. Give it a value and drop validationMode: required, or unlock it.`,
        ),
      );
    }
    if (v.secret && v.value !== undefined) {
      issues.push(
        issue(
          'VAR005',
          [...path, 'value'],
          `variable ${show(v.name)} is secret, so its value must live in a Secret, not in plain text; remove value and supply it at deployment.`,
        ),
      );
    }
  });
  return issues;
};
