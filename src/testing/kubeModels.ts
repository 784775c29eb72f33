/**
 * Checks a Kubernetes object offline against the API types of the official client
 * (`@kubernetes/client-node`, generated from the Kubernetes OpenAPI document): every field is one
 * the type has (by its JSON name), every value has the field's type, every required field is there.
 * Required fields are read from the generated declarations (a field without `?`). For tests: it
 * stands in for the API server's schema validation where no API server is at hand.
 */
import * as k8s from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

interface Attribute {
  name: string;
  baseName: string;
  type: string;
}

const MODELS = join(dirname(createRequire(import.meta.url).resolve('@kubernetes/client-node')), 'gen/models');
const requiredCache = new Map<string, Set<string>>();

/** The JSON names of the fields the declarations mark required (no `?`). */
const requiredOf = (type: string): Set<string> => {
  let r = requiredCache.get(type);
  if (!r) {
    const text = readFileSync(join(MODELS, `${type}.d.ts`), 'utf8');
    const byName = new Map(attributes(type).map((a) => [a.name, a.baseName]));
    r = new Set([...text.matchAll(/^\s+'([^']+)': /gm)].map((m) => byName.get(m[1]!) ?? m[1]!));
    requiredCache.set(type, r);
  }
  return r;
};

const attributes = (type: string): Attribute[] => {
  const model = (k8s as unknown as Record<string, { getAttributeTypeMap?: () => Attribute[] }>)[type];
  if (!model?.getAttributeTypeMap) throw new Error(`@kubernetes/client-node has no type ${type}`);
  return model.getAttributeTypeMap();
};

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Problems of `value` as the client type `type` (`V1CustomResourceDefinition`…); empty when none. */
export const modelProblems = (value: unknown, type: string, path = '$'): string[] => {
  const array = /^Array<(.+)>$/.exec(type);
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (type === 'any') return [];
  if (type === 'string' || type === 'Date')
    return typeof value === 'string' ? [] : [`${path}: expected a string`];
  if (type === 'boolean' || type === 'number')
    return typeof value === type ? [] : [`${path}: expected a ${type}`];
  if (array)
    return Array.isArray(value)
      ? value.flatMap((v, i) => modelProblems(v, array[1]!, `${path}[${i}]`))
      : [`${path}: expected an array`];
  if (map)
    return isObj(value)
      ? Object.entries(value).flatMap(([k, v]) => modelProblems(v, map[1]!, `${path}.${k}`))
      : [`${path}: expected an object`];
  if (!isObj(value)) return [`${path}: expected an object (${type})`];
  const attrs = new Map(attributes(type).map((a) => [a.baseName, a]));
  const problems: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    const a = attrs.get(k);
    if (!a) problems.push(`${path}.${k}: unknown field of ${type}`);
    // A JSON schema's items and additionalProperties are typed `any`; they hold schemas too.
    else if (
      type === 'V1JSONSchemaProps' &&
      a.type === 'any' &&
      isObj(v) &&
      ['items', 'additionalProperties'].includes(k)
    )
      problems.push(...modelProblems(v, type, `${path}.${k}`));
    else problems.push(...modelProblems(v, a.type, `${path}.${k}`));
  }
  for (const r of requiredOf(type)) if (!(r in value)) problems.push(`${path}.${r}: required by ${type}`);
  return problems;
};

/** A group-version-kind whose client type becomes a top-level definition. */
export interface ModelKind {
  type: string;
  group: string;
  version: string;
  kind: string;
}

/** The Swagger 2.0 schema of a client type's field type; definitions are added as they are met. */
const swaggerType = (type: string, definitions: Record<string, unknown>): Record<string, unknown> => {
  const array = /^Array<(.+)>$/.exec(type);
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (type === 'any') return {};
  if (type === 'string' || type === 'Date') return { type: 'string' };
  if (type === 'boolean' || type === 'number') return { type };
  if (array) return { type: 'array', items: swaggerType(array[1]!, definitions) };
  if (map) return { type: 'object', additionalProperties: swaggerType(map[1]!, definitions) };
  if (!(type in definitions)) {
    const definition: Record<string, unknown> = { type: 'object' };
    definitions[type] = definition;
    definition['properties'] = Object.fromEntries(
      attributes(type).map((a) => [a.baseName, swaggerType(a.type, definitions)]),
    );
    const required = [...requiredOf(type)];
    if (required.length) definition['required'] = required;
  }
  return { $ref: `#/definitions/${type}` };
};

/**
 * A Swagger 2.0 document (what kube-apiserver serves at `/openapi/v2`) of the given kinds, built from
 * the client's types: what kubectl validates objects against on the client side.
 */
export const swaggerFromModels = (kinds: readonly ModelKind[]): Record<string, unknown> => {
  const definitions: Record<string, Record<string, unknown>> = {};
  for (const k of kinds) {
    swaggerType(k.type, definitions);
    definitions[k.type]!['x-kubernetes-group-version-kind'] = [
      { group: k.group, version: k.version, kind: k.kind },
    ];
  }
  return { swagger: '2.0', info: { title: 'Kubernetes', version: 'v1.32.0' }, paths: {}, definitions };
};
