import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { FreeObject, StrictObject, StringEnum } from '../../model/schema.js';
import { findKind } from '../../model/registry.js';
import { kindSchema, listSchema, schemaName, toOpenApiSchema } from './openapiSchema.js';

describe('toOpenApiSchema', () => {
  it('drops additionalProperties:false, TypeBox symbols and empty required', () => {
    const s = toOpenApiSchema(StrictObject({ a: Type.Optional(Type.String({ maxLength: 3 })) }));
    expect(s).toEqual({ type: 'object', properties: { a: { type: 'string', maxLength: 3 } } });
    expect(Object.getOwnPropertySymbols(s)).toEqual([]);
  });

  it('turns records into additionalProperties and free objects into preserve-unknown-fields', () => {
    expect(toOpenApiSchema(Type.Record(Type.String(), Type.String()))).toEqual({
      type: 'object',
      additionalProperties: { type: 'string' },
    });
    expect(toOpenApiSchema(FreeObject('values'))).toEqual({
      description: 'values',
      type: 'object',
      'x-kubernetes-preserve-unknown-fields': true,
    });
    expect(toOpenApiSchema(Type.Unknown())).toEqual({
      type: 'object',
      'x-kubernetes-preserve-unknown-fields': true,
    });
  });

  it('maps const, nullable unions, int-or-string and exclusive bounds to OpenAPI 3.0', () => {
    expect(toOpenApiSchema(Type.Literal('v1'))).toEqual({ type: 'string', enum: ['v1'] });
    expect(toOpenApiSchema(Type.Union([Type.String(), Type.Null()]))).toEqual({
      type: 'string',
      nullable: true,
    });
    expect(toOpenApiSchema(Type.Union([Type.Integer(), Type.String()]))).toMatchObject({
      anyOf: [{ type: 'integer' }, { type: 'string' }],
      'x-kubernetes-int-or-string': true,
    });
    expect(toOpenApiSchema(Type.Number({ exclusiveMinimum: 0 }))).toEqual({
      type: 'number',
      minimum: 0,
      exclusiveMinimum: true,
    });
  });

  it('keeps enums and value validations', () => {
    expect(toOpenApiSchema(StringEnum(['a', 'b'] as const))).toEqual({ type: 'string', enum: ['a', 'b'] });
    expect(toOpenApiSchema(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 2 }))).toEqual({
      type: 'array',
      maxItems: 2,
      items: { type: 'integer', minimum: 1 },
    });
  });
});

describe('kind schemas', () => {
  const pb = findKind('ProfileBundle');
  const secret = findKind('Secret');
  const helm = findKind('HelmRepository');
  if (!pb || !secret || !helm) throw new Error('registry changed');

  it('are named by reversed group, version and kind', () => {
    expect(schemaName(pb, 'ProfileBundle')).toBe('com.spectrocloud.v1beta1.ProfileBundle');
    expect(schemaName(helm, 'HelmRepositoryList')).toBe('io.fluxcd.toolkit.source.v1.HelmRepositoryList');
    expect(schemaName(secret, 'Secret')).toBe('io.k8s.api.core.v1.Secret');
  });

  it('point metadata at ObjectMeta and carry the GVK list', () => {
    const s = kindSchema(pb) as { properties: Record<string, Record<string, unknown>>; [k: string]: unknown };
    expect(s.properties['metadata']?.['allOf']).toEqual([
      { $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
    ]);
    expect(s.properties['apiVersion']).toMatchObject({ type: 'string' });
    expect(s.properties['apiVersion']).not.toHaveProperty('enum');
    expect(s['x-kubernetes-group-version-kind']).toEqual([
      { group: 'spectrocloud.com', kind: 'ProfileBundle', version: 'v1beta1' },
    ]);
    expect(s['required']).toEqual(['spec']);
    expect(s.properties['spec']?.['description']).toBe('Desired state of the ProfileBundle.');
  });

  it('have list schemas whose items refer to the kind', () => {
    const l = listSchema(pb) as { properties: { items: { items: unknown } }; [k: string]: unknown };
    expect(l.properties.items.items).toEqual({
      $ref: '#/components/schemas/com.spectrocloud.v1beta1.ProfileBundle',
    });
    expect(l['x-kubernetes-group-version-kind']).toEqual([
      { group: 'spectrocloud.com', kind: 'ProfileBundleList', version: 'v1beta1' },
    ]);
  });
});
