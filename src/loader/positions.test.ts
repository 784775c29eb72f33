import { describe, expect, it } from 'vitest';
import { createLocator } from './positions.js';

// The lines below are what the `yaml` package's positions (which this locator replaced) gave for
// the same paths: the key's line for a mapping entry, the item's first content line for an item.
describe('createLocator: lines of field paths from js-yaml events', () => {
  const text = [
    'base: &base', // 1
    '  x: 1',
    'derived:', // 3
    '  <<: *base',
    '  z: *base', // 5
    'flow: {a: 1,',
    '  b,', // 7: a flow mapping key without a value
    '  c: {d: 2}}',
    'pairs: [a: 1,', // 9: a flow sequence of one-pair mappings and a plain item
    '  b,',
    '  c: {d: 2}]', // 11
    '? explicit key',
    ': explicit value',
    '"quoted: key": 1', // 14
    'items:',
    '  - &item', // 16: an anchored item whose mapping starts on the next line
    '    name: anchored',
    '  - !!map',
    '    name: tagged', // 19
    '  - {name: flow}',
    '  - - nested', // 21
    '    - deeper: 1',
    '1: one', // 23
  ].join('\n');
  const at = (path: (string | number)[]) => createLocator(text, 1).lineOf(path);

  it.each([
    [['base', 'x'], 2],
    [['derived', 'z', 'x'], 5], // paths stop at an alias: its line
    [['derived', 'x'], 3], // merged in from the anchor: the nearest key that is written here
    [['flow', 'b'], 7],
    [['flow', 'c', 'd'], 8],
    [['pairs', 1], 10],
    [['pairs', 2], 11],
    [['pairs', 2, 'c', 'd'], 11],
    [['explicit key'], 12],
    [['quoted: key'], 14],
    [['items', 0], 17],
    [['items', 0, 'name'], 17],
    [['items', 1], 19],
    [['items', 2, 'name'], 20],
    [['items', 3, 1, 'deeper'], 22],
    [[1], 23],
    [['1'], 23],
    [['missing'], undefined],
  ])('%j is at line %s', (path, line) => {
    expect(at(path)).toBe(line);
  });

  it('reads a JSON document (a flow mapping at the start of the text)', () => {
    const json = '{\n  "a": {\n    "b": [1, {"c": 2}]\n  }\n}\n';
    expect(createLocator(json, 10).lineOf(['a'])).toBe(11);
    expect(createLocator(json, 10).lineOf(['a', 'b', 1, 'c'])).toBe(12);
  });

  it('answers the sequence key for an item after an empty one (`-` alone has no position)', () => {
    expect(createLocator('list:\n  -\n  - b\n', 1).lineOf(['list', 1])).toBe(1);
  });

  it('answers undefined for a text that does not parse, and for the empty path', () => {
    expect(createLocator('a: [unclosed\n', 1).lineOf(['a'])).toBeUndefined();
    expect(createLocator('a: 1\n', 1).lineOf([])).toBeUndefined();
  });
});
