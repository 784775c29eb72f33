import { describe, expect, it } from 'vitest';
import { matchesLabels, matchesRequirement } from './labelSelector.js';
import type { LabelRequirement } from './store.js';

const labels = { app: 'web', tier: 'front' };

describe('matchesRequirement', () => {
  it.each<[LabelRequirement, boolean]>([
    [{ key: 'app', op: '=', value: 'web' }, true],
    [{ key: 'app', op: '=', value: 'db' }, false],
    [{ key: 'nope', op: '=', value: '' }, false],
    [{ key: 'app', op: '!=', value: 'db' }, true],
    [{ key: 'app', op: '!=', value: 'web' }, false],
    [{ key: 'nope', op: '!=', value: 'web' }, true],
    [{ key: 'app', op: 'in', values: ['db', 'web'] }, true],
    [{ key: 'app', op: 'in', values: [] }, false],
    [{ key: 'nope', op: 'in', values: ['web'] }, false],
    [{ key: 'app', op: 'notin', values: ['db'] }, true],
    [{ key: 'app', op: 'notin', values: ['web'] }, false],
    [{ key: 'nope', op: 'notin', values: ['web'] }, true],
    [{ key: 'tier', op: 'exists' }, true],
    [{ key: 'nope', op: 'exists' }, false],
    [{ key: 'nope', op: '!exists' }, true],
    [{ key: 'tier', op: '!exists' }, false],
  ])('%o on {app: web, tier: front} is %s', (requirement, expected) => {
    expect(matchesRequirement(labels, requirement)).toBe(expected);
  });

  it('does not take inherited properties for labels', () => {
    expect(matchesRequirement({}, { key: 'toString', op: 'exists' })).toBe(false);
  });
});

describe('matchesLabels', () => {
  it('matches everything with an empty selector, and objects without labels against negative requirements', () => {
    expect(matchesLabels(undefined, [])).toBe(true);
    expect(matchesLabels(undefined, [{ key: 'a', op: '!=', value: 'b' }])).toBe(true);
    expect(matchesLabels(undefined, [{ key: 'a', op: 'exists' }])).toBe(false);
  });

  it('requires every requirement', () => {
    expect(
      matchesLabels(labels, [
        { key: 'app', op: '=', value: 'web' },
        { key: 'tier', op: '!=', value: 'front' },
      ]),
    ).toBe(false);
  });
});
