import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadFiles } from '../loader/index.js';
import { KINDS } from '../model/index.js';
import { generateObjects } from '../../bench/generate.js';
import * as precompiled from './precompiled.js';
import { checkSchema, usePrecompiledValidators } from './schemaCheck.js';
import { compileUserSchema, usePrecompiledMetaValidator } from './userSchema.js';

/**
 * The build's standalone validators (issue #11: no schema compiling at start) must say exactly what
 * compiling the schemas says. `npm test` builds first, so the generated file is in dist/.
 */
const builtFile = (file: string) => fileURLToPath(new URL(`../../dist/src/rules/${file}`, import.meta.url));
const GENERATED_META = builtFile(precompiled.PRECOMPILED_META_FILE);

/** Every kind's built validator (full, or `quick`), by kind, with the digest each file was made from. */
const builtValidators = (quick: boolean) => {
  const validators: Record<string, (o: unknown) => boolean> = {};
  const digests = new Set<unknown>();
  for (const { kind } of KINDS) {
    const file = createRequire(import.meta.url)(
      builtFile(precompiled.precompiledFile(kind, quick)),
    ) as Record<string, unknown>;
    validators[kind] = file[kind] as (o: unknown) => boolean;
    digests.add(file['SCHEMAS_DIGEST']);
  }
  return { validators, digests: [...digests] };
};
const EXAMPLES = ['valid', 'broken'].map((d) =>
  fileURLToPath(new URL(`../../examples/${d}`, import.meta.url)),
);

afterAll(() => usePrecompiledValidators(() => undefined));

describe('the precompiled schema validators', () => {
  it('were generated from the schemas of this source tree', () => {
    for (const quick of [false, true]) {
      const { validators, digests } = builtValidators(quick);
      expect(digests).toEqual([precompiled.schemasDigest()]);
      expect(Object.values(validators).every((v) => typeof v === 'function')).toBe(true);
      expect(Object.keys(validators)).toContain('ProfileBundle');
    }
  });

  it('give the same issues as the compiled schemas for every valid and broken example', async () => {
    const { documents } = await loadFiles(EXAMPLES);
    expect(documents.length).toBeGreaterThan(80);
    const issues = () => documents.map((d) => checkSchema(structuredClone(d.object)).issues);
    usePrecompiledValidators(() => undefined);
    const compiled = issues();
    const generated: Record<string, unknown> = builtValidators(false).validators;
    let used = 0;
    usePrecompiledValidators((kind) => {
      const v = generated[kind];
      if (typeof v !== 'function') return undefined;
      used++;
      return v as never;
    });
    expect(issues()).toEqual(compiled);
    expect(used).toBeGreaterThan(5); // the generated validators were the ones used
    expect(compiled.flat().length).toBeGreaterThan(5); // and the broken examples have schema issues
  });

  it('quick validators give the verdict of the full ones, and the check with both the same issues', async () => {
    const { documents } = await loadFiles(EXAMPLES);
    const objects = [
      ...documents.map((d) => d.object),
      ...(generateObjects(300) as Record<string, unknown>[]),
    ];
    const full = builtValidators(false).validators;
    const quick: Record<string, unknown> = builtValidators(true).validators;
    let valid = 0;
    let invalid = 0;
    for (const o of objects) {
      const kind = o.kind as string;
      const q = quick[kind] as ((o: unknown) => boolean) | undefined;
      if (!q) continue;
      const verdict = full[kind]!(structuredClone(o));
      expect([kind, o.metadata, q(structuredClone(o))]).toEqual([kind, o.metadata, verdict]);
      if (verdict) valid++;
      else invalid++;
    }
    expect(valid).toBeGreaterThan(300);
    expect(invalid).toBeGreaterThan(5);

    const issues = () => objects.map((o) => checkSchema(structuredClone(o)).issues);
    usePrecompiledValidators(() => undefined);
    const compiled = issues();
    let quickUsed = 0;
    usePrecompiledValidators(
      (kind) => full[kind] as never,
      (kind) => {
        quickUsed++;
        return quick[kind] as never;
      },
    );
    expect(issues()).toEqual(compiled);
    expect(quickUsed).toBeGreaterThan(5);
  });

  it("check ComponentDefinition schemas against draft-07 with ajv's own messages", () => {
    const generated = createRequire(import.meta.url)(GENERATED_META) as Record<string, unknown>;
    expect(generated['SCHEMAS_DIGEST']).toBe(precompiled.metaDigest());
    const schemas: Record<string, unknown>[] = [
      { type: 'object', properties: { schedule: { type: 'string', minLength: 1 } }, required: ['schedule'] },
      { type: 'objekt' },
      { minLength: -1 },
      { properties: { a: { type: 3 } }, required: 'a' },
      { enum: [], items: 5 },
      { $schema: 'http://json-schema.org/draft-07/schema#', type: 'nope' },
      { definitions: { n: { type: 'integer' } }, properties: { n: { $ref: '#/definitions/n' } } },
    ];
    const outcomes = () =>
      schemas.map((s) => {
        try {
          const validate = compileUserSchema(s);
          return [validate({ schedule: 'x', n: 1 }), validate({ schedule: '', n: 'x' })];
        } catch (e) {
          return (e as Error).message;
        }
      });
    usePrecompiledMetaValidator(undefined);
    const compiled = outcomes();
    let used = 0;
    usePrecompiledMetaValidator(() => (used++, generated[precompiled.META_EXPORT] as never));
    expect(outcomes()).toEqual(compiled);
    usePrecompiledMetaValidator(undefined);
    expect(used).toBe(schemas.length - 1); // all but the one naming its own $schema
    expect(
      compiled.filter((o) => typeof o === 'string' && o.startsWith('schema is invalid: data/')),
    ).toHaveLength(5);
  });
});
