/**
 * The kinds' schema validators compiled ahead of time by the build (`scripts/compileValidators.ts`
 * writes them next to this module as standalone ajv code, a file per kind): loading them costs a
 * few milliseconds where compiling every schema at start cost hundreds. Node only (the web UI
 * compiles in the browser).
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import { KINDS } from '../model/index.js';
import { KIND_VALIDATOR_OPTIONS, QUICK_VALIDATOR_OPTIONS, usePrecompiledValidators } from './schemaCheck.js';
import { USER_SCHEMA_OPTIONS, usePrecompiledMetaValidator } from './userSchema.js';

/**
 * The file (beside this module's compiled form) of `kind`'s validator: the full one (every error,
 * described), or with `quick` the one compiled with `QUICK_VALIDATOR_OPTIONS` (a verdict only). One
 * file per kind: a run loads the validators of the kinds it checks (one kind's loads in ~5 ms,
 * every kind's in one file took ~24).
 */
export const precompiledFile = (kind: string, quick = false): string =>
  `kindValidators/${kind}.${quick ? 'quick' : 'full'}.generated.cjs`;
/** The draft-07 meta-schema's validator (compiled with `USER_SCHEMA_OPTIONS`), exported as {@link META_EXPORT}. */
export const PRECOMPILED_META_FILE = 'userSchemaMeta.generated.cjs';
/** The name the meta-schema's validator is exported under. */
export const META_EXPORT = 'draft07';
/** The id of the meta-schema ajv checks a ComponentDefinition's schema against (no `$schema` of its own). */
export const DRAFT_07 = 'http://json-schema.org/draft-07/schema';

/**
 * A digest of every kind's schema and the compile options: the generated code is used only when it
 * was made from exactly these (a stale build falls back to compiling).
 */
export const schemasDigest = (): string =>
  createHash('sha256')
    .update(
      JSON.stringify([KIND_VALIDATOR_OPTIONS, QUICK_VALIDATOR_OPTIONS, KINDS.map((k) => [k.kind, k.schema])]),
    )
    .digest('hex');

/** A digest of the meta-schema and the options its validator is compiled with (as {@link schemasDigest}). */
export const metaDigest = (): string =>
  createHash('sha256')
    .update(
      JSON.stringify([
        USER_SCHEMA_OPTIONS,
        createRequire(import.meta.url)('ajv/dist/refs/json-schema-draft-07.json'),
      ]),
    )
    .digest('hex');

/**
 * The build's validators in `file`, when they are there and match `digest` (of the schemas they were
 * made from); undefined otherwise. (Running from the TypeScript sources, as the tests do, there is
 * no generated file.)
 */
export const readPrecompiledValidators = (
  file: string,
  digest: string = schemasDigest(),
): Record<string, unknown> | undefined => {
  let generated: Record<string, unknown>;
  try {
    generated = createRequire(import.meta.url)(`./${file}`) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  return generated['SCHEMAS_DIGEST'] === digest ? generated : undefined;
};

/** The validator function `generated` holds for `kind`, if any. */
const validatorIn = (generated: Record<string, unknown> | undefined, kind: string) => {
  const v = generated?.[kind];
  return typeof v === 'function' ? (v as ValidateFunction) : undefined;
};

/**
 * Makes the schema check use the build's validators; they are read when the first object is
 * checked, so commands that check none (help, get) pay nothing. The quick ones decide most objects;
 * the full ones (which describe every error) are read only when an object is invalid.
 */
export const enablePrecompiledValidators = (): void => {
  let digest: string | undefined;
  /** A kind's validator from its file (the schema check asks once per kind and keeps the answer). */
  const perKind = (quick: boolean) => (kind: string) =>
    validatorIn(readPrecompiledValidators(precompiledFile(kind, quick), (digest ??= schemasDigest())), kind);
  usePrecompiledValidators(perKind(false), perKind(true));
  let meta: Record<string, unknown> | undefined | null = null; // null: not read yet
  usePrecompiledMetaValidator(() => {
    if (meta === null) meta = readPrecompiledValidators(PRECOMPILED_META_FILE, metaDigest());
    return validatorIn(meta, META_EXPORT);
  });
};
