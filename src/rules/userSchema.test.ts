import { Ajv } from 'ajv';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { compileUserSchema, userSchemaIssues } from './userSchema.js';

describe('compileUserSchema (ComponentDefinition schemas)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('compiles the draft-07 meta-schema at most once for many schemas', () => {
    // Each new ajv compiled it again (~35 ms for every definition a server admitted).
    const metaCompiles = vi.spyOn(
      Ajv.prototype as unknown as { _compileMetaSchema: () => void },
      '_compileMetaSchema',
    );
    for (let i = 0; i < 5; i++) {
      const validate = compileUserSchema({ type: 'object', properties: { [`p${i}`]: { type: 'integer' } } });
      expect(validate({ [`p${i}`]: 1 })).toBe(true);
      expect(validate({ [`p${i}`]: 'x' })).toBe(false);
    }
    expect(metaCompiles.mock.calls.length).toBeLessThanOrEqual(1);
  });

  it('compiles two schemas with the same $id, nested ids included, each with its own rules', () => {
    const schema = (type: string) => ({
      $id: 'https://example.com/props.json',
      type: 'object',
      properties: { size: { $id: 'https://example.com/size.json', type } },
    });
    const numbers = compileUserSchema(schema('number'));
    const strings = compileUserSchema(schema('string'));
    expect([numbers({ size: 1 }), numbers({ size: 'a' })]).toEqual([true, false]);
    expect([strings({ size: 1 }), strings({ size: 'a' })]).toEqual([false, true]);
  });

  it("refuses an invalid schema with ajv's message and still compiles the next ones", () => {
    expect(() => compileUserSchema({ type: 'objekt' })).toThrow(/schema is invalid: data\/type/);
    // a schema claiming the meta-schema's own id is refused without losing the meta-schema
    expect(() =>
      compileUserSchema({ $id: 'http://json-schema.org/draft-07/schema', type: 'object' }),
    ).toThrow();
    expect(compileUserSchema({ type: 'string', minLength: 2 })('ab')).toBe(true);
    expect(() => compileUserSchema({ type: 'objekt' })).toThrow(/schema is invalid/);
  });

  const issuesOf = (schema: Record<string, unknown>) => {
    try {
      compileUserSchema(schema);
      return [];
    } catch (e) {
      return userSchemaIssues(e as Error, schema, ['spec', 'schema']).map((i) => [i.path, i.message]);
    }
  };

  it('puts each CD001 at the field of the schema that is wrong, saying what JSON Schema expects', () => {
    const wrong = issuesOf({
      type: 'object',
      required: 'size',
      properties: { size: { type: 'strng', minLength: -1 }, tags: { type: ['string', 'nmber'] } },
    });
    const prefix = 'the schema is not a valid JSON Schema: ';
    const types = 'use one of string, number, integer, boolean, object, array, null (or a list of them).';
    expect(wrong).toEqual([
      ['spec.schema.required', `${prefix}required must be array.`],
      ['spec.schema.properties.size.minLength', `${prefix}properties.size.minLength must be >= 0.`],
      [
        'spec.schema.properties.size.type',
        `${prefix}properties.size.type "strng" is not a JSON Schema type; ${types}`,
      ],
      [
        'spec.schema.properties.tags.type',
        `${prefix}properties.tags.type lists "nmber", which is not a JSON Schema type; ${types}`,
      ],
    ]);
  });

  it('says what is wrong with a list of types that names only JSON Schema types', () => {
    const prefix = 'the schema is not a valid JSON Schema: ';
    expect(issuesOf({ properties: { a: { type: ['string', 'string'] }, b: { type: [] } } })).toEqual([
      [
        'spec.schema.properties.a.type',
        `${prefix}properties.a.type names a type twice; list each type once.`,
      ],
      ['spec.schema.properties.b.type', `${prefix}properties.b.type lists no type; name at least one.`],
    ]);
  });

  it('says which $schema is supported when a schema names another draft', () => {
    expect(issuesOf({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object' })).toEqual([
      [
        'spec.schema.$schema',
        'the schema is not a valid JSON Schema: $schema "https://json-schema.org/draft/2020-12/schema" is not supported; ComponentDefinition schemas are JSON Schema draft-07: remove $schema or set it to "http://json-schema.org/draft-07/schema#".',
      ],
    ]);
    expect(issuesOf({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'object' })).toEqual([]);
  });
});
