import { describe, expect, it } from 'vitest';
import {
  formatRequirement,
  labelsMismatch,
  matchesLabels,
  matchesRequirement,
  selectorRequirements,
  type LabelRequirement,
} from './labelSelector.js';

const labels = { tier: 'gpu', 'palette.ai/inference-engine': 'vllm' };

describe('label selectors', () => {
  it('turns matchLabels and matchExpressions into requirements, in order', () => {
    expect(
      selectorRequirements({
        matchLabels: { tier: 'gpu' },
        matchExpressions: [
          { key: 'zone', operator: 'In', values: ['a', 'b'] },
          { key: 'stage', operator: 'NotIn', values: ['dev'] },
          { key: 'gpu', operator: 'Exists' },
          { key: 'legacy', operator: 'DoesNotExist', values: ['ignored'] },
        ],
      }),
    ).toEqual([
      { key: 'tier', op: '=', value: 'gpu' },
      { key: 'zone', op: 'in', values: ['a', 'b'] },
      { key: 'stage', op: 'notin', values: ['dev'] },
      { key: 'gpu', op: 'exists' },
      { key: 'legacy', op: '!exists' },
    ]);
  });

  it.each<[LabelRequirement, boolean]>([
    [{ key: 'tier', op: '=', value: 'gpu' }, true],
    [{ key: 'tier', op: '=', value: 'cpu' }, false],
    [{ key: 'zone', op: '=', value: '' }, false],
    [{ key: 'tier', op: '!=', value: 'cpu' }, true],
    [{ key: 'zone', op: '!=', value: 'a' }, true],
    [{ key: 'tier', op: 'in', values: ['gpu', 'cpu'] }, true],
    [{ key: 'zone', op: 'in', values: ['a'] }, false],
    [{ key: 'tier', op: 'notin', values: ['gpu'] }, false],
    [{ key: 'zone', op: 'notin', values: ['a'] }, true],
    [{ key: 'tier', op: 'exists' }, true],
    [{ key: 'zone', op: 'exists' }, false],
    [{ key: 'zone', op: '!exists' }, true],
    [{ key: 'toString', op: 'exists' }, false],
  ])('%j holds: %s', (r, expected) => {
    expect(matchesRequirement(labels, r)).toBe(expected);
  });

  it('needs every requirement; none at all matches everything, labels or not', () => {
    expect(matchesLabels(undefined, [])).toBe(true);
    expect(matchesLabels(undefined, undefined)).toBe(true);
    expect(matchesLabels(labels, selectorRequirements({ matchLabels: { tier: 'gpu' } }))).toBe(true);
    expect(
      matchesLabels(
        labels,
        selectorRequirements({
          matchLabels: { tier: 'gpu' },
          matchExpressions: [{ key: 'zone', operator: 'Exists' }],
        }),
      ),
    ).toBe(false);
  });

  it('says which requirement fails and what the labels hold', () => {
    expect(labelsMismatch(labels, selectorRequirements({ matchLabels: { tier: 'cpu' } }))).toBe(
      'needs tier=cpu, has tier=gpu',
    );
    expect(labelsMismatch(labels, [{ key: 'zone', op: 'in', values: ['a', 'b'] }])).toBe(
      'needs zone in (a, b), has no such label',
    );
    expect(labelsMismatch(labels, [{ key: 'zone', op: 'exists' }])).toBe(
      'needs a label zone, has no such label',
    );
    expect(labelsMismatch(labels, [{ key: 'tier', op: '!exists' }])).toBe(
      'needs no label tier, has tier=gpu',
    );
    expect(labelsMismatch(labels, [{ key: 'tier', op: 'exists' }])).toBeUndefined();
  });

  it('formats requirements as selector strings', () => {
    expect(formatRequirement({ key: 'a', op: '!=', value: 'b' })).toBe('a!=b');
    expect(formatRequirement({ key: 'a', op: 'notin', values: ['x', 'y'] })).toBe('a notin (x, y)');
    expect(formatRequirement({ key: 'a', op: '!exists' })).toBe('!a');
  });
});
