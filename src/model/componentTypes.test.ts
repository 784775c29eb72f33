import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { BUILTIN_COMPONENTS, checkBuiltinProperties } from './componentTypes.js';
import { BUILTIN_COMPONENT_TYPES } from './workloadProfile.js';

type Type = keyof typeof BUILTIN_COMPONENTS;

/** The schema states the shape; the check adds what depends on context (the repository kind, object contents). */
const cases: [Type, Record<string, unknown>][] = [
  ['webservice', { image: 'nginx' }],
  ['webservice', { image: 'nginx', replicas: 1000, gpu: 64, port: 65535, env: { A: 'x', B: 1, C: true } }],
  ['webservice', { image: 'nginx', replicas: 1001 }],
  ['webservice', { image: 'nginx', gpu: 65 }],
  ['webservice', { image: 'nginx', port: 0 }],
  ['webservice', { image: '' }],
  ['webservice', { image: 'nginx', env: { A: {} } }],
  ['webservice', { image: 'nginx', extra: 1 }],
  ['helm', { repository: 'vllm', chart: 'c', version: '1.0.0' }],
  ['helm', { repository: 'vllm', chart: 'c', version: 1 }],
  ['helm', { repository: 'vllm', chart: 'c', version: '1.0.0', values: [] }],
  ['helm', { repository: '' }],
  ['manifests', { objects: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }] }],
  ['manifests', { objects: [] }],
  ['manifests', { objects: 'x' }],
];

describe('built-in component types', () => {
  it('define a schema and a check for exactly the built-in types', () => {
    expect(Object.keys(BUILTIN_COMPONENTS).sort()).toEqual([...BUILTIN_COMPONENT_TYPES].sort());
  });

  it.each(cases)('%s %j: whatever the schema refuses, the check refuses', (type, props) => {
    const problems = checkBuiltinProperties(type, props, {
      rendered: true,
      repositoryKind: 'HelmRepository',
    })!;
    if (!Value.Check(BUILTIN_COMPONENTS[type].properties, props)) expect(problems).not.toEqual([]);
    else if (problems.length > 0) expect(type).toBe('manifests');
  });

  it('gives every property a description', () => {
    for (const { properties } of Object.values(BUILTIN_COMPONENTS)) {
      expect(properties.description).toBeTruthy();
      for (const [name, field] of Object.entries(properties.properties))
        expect((field as { description?: string }).description, name).toBeTruthy();
    }
  });

  it('knows nothing of other types', () => {
    expect(checkBuiltinProperties('cron-task', {})).toBeUndefined();
    expect(checkBuiltinProperties('toString', {})).toBeUndefined();
  });
});
