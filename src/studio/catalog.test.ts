import { describe, expect, it } from 'vitest';
import { findEntry, type CatalogEntry } from './catalog.js';

const entry = (name: string, version: string): CatalogEntry => ({
  name,
  version,
  type: 'Application',
  labels: {},
  variables: [],
  file: `${name}-${version}.tar.gz`,
  sha256: '0'.repeat(64),
  size: 1,
});

describe('findEntry', () => {
  const entries = [
    entry('chat', '1.2.0'),
    entry('chat', '1.10.0'),
    entry('chat', '1.10.0-rc.1'),
    entry('rag', '9.0.0'),
  ];

  it('takes the newest version by the model version order when none is given (1.10.0 above 1.2.0)', () => {
    expect(findEntry(entries, 'chat')?.version).toBe('1.10.0');
  });

  it('takes the version asked for, and nothing when it is not there', () => {
    expect(findEntry(entries, 'chat@1.2.0')?.version).toBe('1.2.0');
    expect(findEntry(entries, 'chat@2.0.0')).toBeUndefined();
    expect(findEntry(entries, 'nope')).toBeUndefined();
  });

  it('ranks a valid version above one that is not semver', () => {
    expect(findEntry([entry('x', 'latest'), entry('x', '0.1.0')], 'x')?.version).toBe('0.1.0');
  });
});
