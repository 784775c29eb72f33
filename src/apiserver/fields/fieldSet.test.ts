import { describe, expect, it } from 'vitest';
import { fieldElement as f, FieldSet, keyElement as k, pathString, valueElement as v } from './fieldSet.js';

const fieldsV1 = {
  'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
  'f:spec': {
    'f:clusterProfiles': { 'k:{"name":"edge"}': { '.': {}, 'f:name': {}, 'f:version': {} } },
    'f:version': {},
  },
};

describe('FieldSet', () => {
  it('reads FieldsV1: `{}` and `.` mark members, other keys only lead to them', () => {
    const s = FieldSet.fromFieldsV1(fieldsV1);
    expect(s.has([f('metadata'), f('labels')])).toBe(true);
    expect(s.has([f('metadata')])).toBe(false);
    expect(s.has([f('spec'), f('clusterProfiles'), k({ name: 'edge' })])).toBe(true);
    expect(s.has([f('spec'), f('clusterProfiles'), k({ name: 'edge' }), f('version')])).toBe(true);
    expect(s.hasAtOrBelow([f('spec'), f('clusterProfiles')])).toBe(true);
    expect(s.hasAtOrBelow([f('status')])).toBe(false);
  });

  it('writes back the FieldsV1 it read, `.` first and fields before keys', () => {
    const s = FieldSet.fromFieldsV1(fieldsV1);
    expect(s.toFieldsV1()).toEqual(fieldsV1);
    const mixed = FieldSet.of([f('l'), v('b')], [f('l'), k({ name: 'a' })], [f('a')]);
    expect(Object.keys(mixed.toFieldsV1())).toEqual(['f:a', 'f:l']);
    expect(Object.keys(mixed.toFieldsV1()['f:l'] as object)).toEqual(['k:{"name":"a"}', 'v:"b"']);
  });

  it('encodes keys with their fields sorted, so equal keys are one element', () => {
    expect(k({ protocol: 'TCP', port: 80 })).toBe('k:{"port":80,"protocol":"TCP"}');
    expect(v('x')).toBe('v:"x"');
  });

  it('unions, subtracts and intersects paths, dropping nodes left without members', () => {
    const a = FieldSet.of([f('spec'), f('a')], [f('spec'), f('b')]);
    const b = FieldSet.of([f('spec'), f('b')], [f('spec'), f('c')]);
    expect(a.union(b).paths()).toEqual([
      [f('spec'), f('a')],
      [f('spec'), f('b')],
      [f('spec'), f('c')],
    ]);
    expect(a.difference(b).paths()).toEqual([[f('spec'), f('a')]]);
    expect(a.intersection(b).paths()).toEqual([[f('spec'), f('b')]]);
    expect(a.difference(a).isEmpty()).toBe(true);
    expect(a.difference(a).toFieldsV1()).toEqual({});
    expect(a.union(b).equals(b.union(a))).toBe(true);
    expect(a.equals(b)).toBe(false);
  });

  it('keeps a parent member whose children are subtracted', () => {
    const s = FieldSet.of([f('labels')], [f('labels'), f('app')]);
    expect(s.difference(FieldSet.of([f('labels'), f('app')])).toFieldsV1()).toEqual({ 'f:labels': {} });
  });

  it.each([
    [{ 'x:spec': {} }, /is not a field/],
    [{ 'f:spec': [] }, /expected an object/],
    [{ 'k:notjson': {} }, /does not hold JSON/],
    [{ 'k:{"name":{"a":1}}': {} }, /scalar values/],
    [{ 'i:-1': {} }, /not a list index/],
    ['f:spec', /expected an object/],
  ])('refuses malformed FieldsV1 %j', (value, message) => {
    expect(() => FieldSet.fromFieldsV1(value)).toThrow(message);
  });

  it('prints paths as kube-apiserver does in conflicts', () => {
    expect(pathString([f('spec'), f('version')])).toBe('.spec.version');
    expect(pathString([f('spec'), f('clusterProfiles'), k({ name: 'edge' }), f('version')])).toBe(
      '.spec.clusterProfiles[name="edge"].version',
    );
    expect(pathString([f('metadata'), f('finalizers'), v('x')])).toBe('.metadata.finalizers[="x"]');
    expect(pathString([f('spec'), 'i:3'])).toBe('.spec[3]');
  });
});
