import { describe, expect, it } from 'vitest';
import { byCodeUnits, compareVersions, greatest } from './ordering.js';

describe('compareVersions', () => {
  it.each([
    ['1.10.0', '1.2.0'],
    ['2.0.0', '1.99.99'],
    ['1.0.0', '1.0.0-rc.1'],
    ['1.0.0-rc.2', '1.0.0-rc.1'],
    ['v1.3.0', '1.2.0'],
    ['0.0.1', '1.0'],
    ['0.0.1', 'latest'],
    ['1.0', '0.9'],
    ['latest', 'beta'],
  ])('orders %s above %s', (high, low) => {
    expect(compareVersions(high, low)).toBeGreaterThan(0);
    expect(compareVersions(low, high)).toBeLessThan(0);
  });

  it('gives 0 for versions of equal precedence, so callers break the tie', () => {
    expect(compareVersions('1.0.0', 'v1.0.0')).toBe(0);
    expect(compareVersions('1.0.0+build.1', '1.0.0+build.2')).toBe(0);
    expect(compareVersions('1.0', '1.0')).toBe(0);
  });

  it('sorts a mixed list: newest valid version first, invalid ones last by code units', () => {
    const versions = ['1.2.0', 'latest', '1.10.0', '1.0', '1.10.0-rc.1', 'Beta', '0.9.0'];
    expect([...versions].sort((a, b) => compareVersions(b, a))).toEqual([
      '1.10.0',
      '1.10.0-rc.1',
      '1.2.0',
      '0.9.0',
      'latest',
      'Beta',
      '1.0',
    ]);
  });
});

describe('greatest', () => {
  it('picks what a stable sort, greatest first, puts first: the first of equals', () => {
    const items = ['1.0.0', 'v1.2.0', 'latest', '1.2.0', '0.9.0'].map((version, at) => ({ version, at }));
    const byVersion = (a: (typeof items)[number], b: (typeof items)[number]) =>
      compareVersions(a.version, b.version);
    expect(greatest(items, byVersion)).toEqual({ version: 'v1.2.0', at: 1 });
    expect(greatest(items, byVersion)).toBe([...items].sort((a, b) => byVersion(b, a))[0]);
    expect(greatest([], byVersion)).toBeUndefined();
  });
});

describe('byCodeUnits', () => {
  it('orders by UTF-16 code units, whatever the locale (uppercase before lowercase, no accents folding)', () => {
    expect(['b', 'B', 'a', 'é', 'A', 'e'].sort(byCodeUnits)).toEqual(['A', 'B', 'a', 'b', 'e', 'é']);
    expect(byCodeUnits('x', 'x')).toBe(0);
  });
});
