/**
 * ComponentDefinition schemas: the JSON Schemas users write for their components' properties,
 * compiled with ajv, and the CD001 issues of one that breaks JSON Schema (draft-07), each at the
 * field of the schema that is wrong.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { TSchema } from '@sinclair/typebox';
import type { FieldPath, Issue } from '../model/index.js';
import { issue, show } from './issues.js';
import { toSegments } from './schemaCheck.js';

/** The options of the ajv that compiles ComponentDefinition schemas (and of the build's meta-schema validator). */
export const USER_SCHEMA_OPTIONS = { allErrors: true, strict: false };

/** The draft-07 meta-schema's validator, compiled with {@link USER_SCHEMA_OPTIONS} by the build. */
let precompiledMeta: (() => ValidateFunction | undefined) | undefined;

/**
 * Hands over the build's draft-07 meta-schema validator (`src/rules/precompiled.ts` loads it), so
 * that no process compiles the meta-schema (~45 ms: the first definition of every `validate` run).
 */
export const usePrecompiledMetaValidator = (meta: (() => ValidateFunction | undefined) | undefined): void => {
  precompiledMeta = meta;
};

/** A ComponentDefinition schema that breaks its meta-schema: ajv's own message, and its errors. */
export class InvalidUserSchemaError extends Error {
  constructor(
    readonly errors: readonly ErrorObject[],
    text: string,
  ) {
    super(`schema is invalid: ${text}`);
  }
}

/**
 * The ajv that compiles ComponentDefinition schemas. One for all of them: each new ajv compiled the
 * draft-07 meta-schema again the first time it checked a schema (~35 ms, and a server admitted every
 * definition with a new one).
 */
let userAjv: Ajv | undefined;

/**
 * Throws {@link InvalidUserSchemaError} when `schema` breaks its meta-schema. A schema without
 * `$schema` is draft-07: the build's precompiled validator checks it; another `$schema` is ajv's
 * to find (or to refuse, when it knows none by that name).
 */
const checkUserSchema = (ajv: Ajv, schema: Record<string, unknown>): void => {
  const meta = schema.$schema === undefined ? precompiledMeta?.() : undefined;
  const valid = meta ? meta(schema) : (ajv.validateSchema(schema) as boolean);
  if (valid) return;
  const errors = (meta ? meta.errors : ajv.errors) ?? [];
  throw new InvalidUserSchemaError(errors, ajv.errorsText(errors));
};

/**
 * Compiles an arbitrary JSON Schema (of a ComponentDefinition); throws {@link InvalidUserSchemaError}
 * (ajv's message) when it is not valid JSON Schema, ajv's own error when it does not compile.
 */
export const compileUserSchema = (schema: TSchema | Record<string, unknown>): ValidateFunction => {
  const ajv = (userAjv ??= new Ajv({ ...USER_SCHEMA_OPTIONS, validateSchema: false }));
  checkUserSchema(ajv, schema);
  try {
    return ajv.compile(schema);
  } finally {
    // Forget the schema and every $id in it (the meta-schemas stay): definitions may reuse ids, and
    // the compiled function keeps what it needs.
    ajv.removeSchema();
  }
};

/** JSON Schema's type names. */
const TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'];

/** The value at `seg` of `v` (undefined below a scalar). */
const child = (v: unknown, seg: string | number): unknown =>
  v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[String(seg)] : undefined;

/** What is wrong with a `type` that is neither a type name nor a list of them, and how to write it. */
const typeProblem = (value: unknown): string => {
  const wrong = Array.isArray(value) ? value.filter((t) => !TYPES.includes(t as string)) : [value];
  if (Array.isArray(value) && wrong.length === 0)
    return value.length === 0
      ? 'lists no type; name at least one'
      : 'names a type twice; list each type once';
  const what =
    wrong.length === 1 && Array.isArray(value)
      ? `lists ${show(wrong[0])}, which is not a JSON Schema type`
      : Array.isArray(value)
        ? `lists ${wrong.map((t) => show(t)).join(', ')}, which are not JSON Schema types`
        : `${show(value)} is not a JSON Schema type`;
  return `${what}; use one of ${TYPES.join(', ')} (or a list of them)`;
};

/**
 * The CD001 issues of a schema ajv refused, under `at` (where the schema sits in its object): one
 * per field of the schema that is wrong, at that field, saying what JSON Schema expects there.
 */
export const userSchemaIssues = (e: Error, schema: Record<string, unknown>, at: FieldPath): Issue[] => {
  const prefix = 'the schema is not a valid JSON Schema';
  if (e instanceof InvalidUserSchemaError && e.errors.length > 0)
    return metaSchemaIssues(e.errors, schema, at);
  if (schema.$schema !== undefined && e.message.startsWith('no schema with key or ref'))
    return [
      issue(
        'CD001',
        [...at, '$schema'],
        `${prefix}: $schema ${show(schema.$schema)} is not supported; ComponentDefinition schemas are JSON Schema draft-07: remove $schema or set it to "http://json-schema.org/draft-07/schema#".`,
      ),
    ];
  return [issue('CD001', at, `${prefix}: ${e.message}.`)];
};

const metaSchemaIssues = (errors: readonly ErrorObject[], schema: Record<string, unknown>, at: FieldPath) => {
  // An anyOf (a type name or a list of them, …) reports each branch too, at its field and below
  // (their schema paths are those of the $ref'd definitions): keep its summary alone.
  const summaries = errors.filter((x) => x.keyword === 'anyOf').map((x) => x.instancePath);
  const branch = (x: ErrorObject) =>
    x.keyword !== 'anyOf' &&
    summaries.some((p) => x.instancePath === p || x.instancePath.startsWith(`${p}/`));
  const seen = new Set<string>();
  const issues: Issue[] = [];
  for (const x of errors) {
    if (branch(x)) continue;
    const path = toSegments(x.instancePath, schema);
    const field = path.length ? path.join('.') : 'the schema';
    const message =
      x.keyword === 'anyOf' && path[path.length - 1] === 'type'
        ? `${field} ${typeProblem(path.reduce(child, schema))}`
        : `${field} ${x.message ?? 'is not allowed here'}`;
    if (seen.has(message)) continue;
    seen.add(message);
    issues.push(issue('CD001', [...at, ...path], `the schema is not a valid JSON Schema: ${message}.`));
  }
  return issues;
};
