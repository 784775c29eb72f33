import { describe, expect, it } from 'vitest';
import {
  DEFAULT_NAMESPACE,
  isDns1123Label,
  isDns1123Subdomain,
  isLabelValue,
  isQualifiedName,
  isQualifiedNamePart,
  namespaceOf,
} from './index.js';

describe('Kubernetes name and label formats', () => {
  it.each([
    ['project-melbourne', true, true],
    ['a', true, true],
    ['a.b', false, true],
    ['-a', false, false],
    ['A', false, false],
    ['', false, false],
    ['a'.repeat(63), true, true],
    ['a'.repeat(64), false, true],
    [`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`, false, true],
    [`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}`, false, false],
  ])('%s: DNS-1123 label %s, subdomain %s', (s, label, subdomain) => {
    expect(isDns1123Label(s)).toBe(label);
    expect(isDns1123Subdomain(s)).toBe(subdomain);
  });

  it.each([
    ['app.kubernetes.io/name', true],
    ['palette.ai/inference-engine', true],
    ['Tier_1', true],
    ['palette.ai/a/b', false],
    ['/name', false],
    ['Palette.ai/name', false],
    ['palette.ai/', false],
    ['-name', false],
    ['a'.repeat(64), false],
  ])('label key %s is a qualified name: %s', (key, ok) => {
    expect(isQualifiedName(key)).toBe(ok);
  });

  it('checks the name part alone (a "/" is not allowed in it)', () => {
    expect(isQualifiedNamePart('name')).toBe(true);
    expect(isQualifiedNamePart('a/b')).toBe(false);
  });

  it.each([
    ['', true],
    ['vLLM', true],
    ['1.0_rc-1', true],
    ['-x', false],
    ['a b', false],
    ['a'.repeat(64), false],
  ])('label value %j is valid: %s', (value, ok) => {
    expect(isLabelValue(value)).toBe(ok);
  });

  it('defaults the namespace of an object that names none', () => {
    expect(namespaceOf({ metadata: {} })).toBe(DEFAULT_NAMESPACE);
    expect(namespaceOf({ metadata: { namespace: 'team-a' } })).toBe('team-a');
  });
});
