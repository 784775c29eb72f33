/**
 * The kinds' schema validators compiled ahead of time by the build (`scripts/compileValidators.ts`
 * writes them next to this module as standalone ajv code): loading them costs a few milliseconds
 * where compiling every schema at start cost hundreds. Node only (the web UI compiles in the browser).
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import { KINDS } from '../model/index.js';
import { KIND_VALIDATOR_OPTIONS, QUICK_VALIDATOR_OPTIONS, usePrecompiledValidators } from './schemaCheck.js';
import { USER_SCHEMA_OPTIONS, usePrecompiledMetaValidator } from './userSchema.js';

/** The file the build writes beside this module's compiled form. */
export const PRECOMPILED_FILE = 'kindValidators.generated.cjs';
/** The same for the quick validators (compiled with `QUICK_VALIDATOR_OPTIONS`). */
export const PRECOMPILED_QUICK_FILE = 'kindValidators.quick.generated.cjs';
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
 * The build's validators in `file` (default: the full ones), when they are there and match the
 * schemas; undefined otherwise. (Running from the TypeScript sources, as the tests do, there is no
 * generated file.)
 */
export const readPrecompiledValidators = (
  file: string = PRECOMPILED_FILE,
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
  /** The lookup of the validators in `file`, read when the first is asked for. */
  const fromFile = (file: string) => {
    let generated: Record<string, unknown> | undefined | null = null;
    return (kind: string) => {
      if (generated === null) generated = readPrecompiledValidators(file, (digest ??= schemasDigest()));
      return validatorIn(generated, kind);
    };
  };
  usePrecompiledValidators(fromFile(PRECOMPILED_FILE), fromFile(PRECOMPILED_QUICK_FILE));
  let meta: Record<string, unknown> | undefined | null = null; // null: not read yet
  usePrecompiledMetaValidator(() => {
    if (meta === null) meta = readPrecompiledValidators(PRECOMPILED_META_FILE, metaDigest());
    return validatorIn(meta, META_EXPORT);
  });
};
