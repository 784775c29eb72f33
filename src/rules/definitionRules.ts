import type { ValidateFunction } from 'ajv';
import { scanTemplates, type ComponentDefinition, type Issue } from '../model/index.js';
import { issue } from './issues.js';
import { compileUserSchema, userSchemaIssues } from './userSchema.js';

const cache = new Map<string, ValidateFunction | Error>();

/** A cached validator for a ComponentDefinition schema; undefined when the schema does not compile. */
export const userSchemaValidator = (schema: Record<string, unknown>): ValidateFunction | undefined => {
  const r = compiled(schema);
  return r instanceof Error ? undefined : r;
};

const compiled = (schema: Record<string, unknown>): ValidateFunction | Error => {
  const key = JSON.stringify(schema);
  let r = cache.get(key);
  if (!r) {
    try {
      r = hasExternalRef(schema) ? new Error('external $ref') : compileUserSchema(schema);
    } catch (e) {
      r = e instanceof Error ? e : new Error(String(e));
    }
    if (cache.size > 1000) cache.clear();
    cache.set(key, r);
  }
  return r;
};

const hasExternalRef = (value: unknown): boolean => {
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    for (const [k, child] of Object.entries(v)) {
      if ((k === '$ref' || k === '$dynamicRef') && (typeof child !== 'string' || !child.startsWith('#')))
        return true;
      stack.push(child);
    }
  }
  return false;
};

/** Rules for a ComponentDefinition: its schema compiles, refers to nothing outside itself, templates are sound. */
export const checkComponentDefinition = (def: ComponentDefinition): Issue[] => {
  const issues: Issue[] = [];
  if (hasExternalRef(def.spec.schema)) {
    issues.push(
      issue(
        'CD002',
        ['spec', 'schema'],
        'the schema uses $ref to a file or URL; only local references ("#/...") are allowed. Inline the referenced schema.',
      ),
    );
  } else {
    const r = compiled(def.spec.schema);
    if (r instanceof Error) issues.push(...userSchemaIssues(r, def.spec.schema, ['spec', 'schema']));
  }
  def.spec.template.forEach((o, i) => {
    const meta = o.metadata as Record<string, unknown> | undefined;
    if (
      typeof o.apiVersion !== 'string' ||
      typeof o.kind !== 'string' ||
      !meta ||
      typeof meta.name !== 'string'
    ) {
      issues.push(
        issue(
          'CD003',
          ['spec', 'template', i],
          'each template object needs apiVersion, kind and metadata.name (strings; metadata.name may be "{{ .name }}").',
        ),
      );
    }
  });
  const declared = new Set(
    Object.keys((def.spec.schema.properties as Record<string, unknown> | undefined) ?? {}),
  );
  const scan = scanTemplates(def.spec.template);
  for (const e of scan.errors) issues.push(issue('TPL001', ['spec', 'template', ...e.path], e.message));
  for (const p of scan.placeholders) {
    const first = p.path[0];
    if (p.root === 'properties' && first !== undefined && !declared.has(first)) {
      issues.push(
        issue(
          'CD004',
          ['spec', 'template', ...p.at],
          `template reads .properties.${p.path.join('.')} but spec.schema.properties does not declare "${first}"; declare it in the schema.`,
        ),
      );
    }
  }
  return issues;
};
