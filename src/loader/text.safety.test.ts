import { describe, expect, it } from 'vitest';
import { loadText } from './text.js';

const codes = (text: string, limits = {}) => loadText(text, 'x.yaml', limits).issues.map((i) => i.code);

const billionLaughs = (): string => {
  const names = 'abcdefghi';
  let text = `a: &a [${Array(9).fill('"lol"').join(', ')}]\n`;
  for (let i = 1; i < 9; i++) {
    text += `${names[i]}: &${names[i]} [${Array(9)
      .fill(`*${names[i - 1]}`)
      .join(', ')}]\n`;
  }
  return text;
};

const withAliases = (n: number) => 'kind: A\nbase: &base {x: [1, 2]}\nuses:\n' + '  - *base\n'.repeat(n);

describe('loading hostile YAML safely', () => {
  it('stops a billion-laughs alias bomb (9 levels of 9) with LD003, at maxNodes of its 9^9 values', () => {
    const { documents, issues } = loadText(billionLaughs(), 'bomb.yaml');
    expect(documents).toEqual([]);
    expect(issues.map((i) => i.code)).toEqual(['LD003']);
    // Bounded work, counted rather than timed: the walk stops at the node cap, long before 9^9.
    expect(issues[0]!.message).toContain('more than 1000000 values (maxNodes)');
  });

  it('rejects more than 100 alias uses in one document (LD003), for scalars too', () => {
    expect(codes(withAliases(101))).toEqual(['LD003']);
    expect(codes(withAliases(100))).toEqual([]);
    expect(codes('a: &s text\nb: [' + Array(101).fill('*s').join(', ') + ']\n')).toEqual(['LD003']);
  });

  it('hands out aliases as independent copies, so changing one leaves the others alone', () => {
    const { documents, issues } = loadText(withAliases(3), 'x.yaml');
    expect(issues).toEqual([]);
    const object = documents[0]!.object as { base: { x: number[] }; uses: { x: number[] }[] };
    expect(object.uses).toEqual([{ x: [1, 2] }, { x: [1, 2] }, { x: [1, 2] }]);
    object.uses[0]!.x.push(3);
    expect(object.uses[1]!.x).toEqual([1, 2]);
    expect(object.base.x).toEqual([1, 2]);
    expect(object.uses[1]).not.toBe(object.base);
  });

  it('rejects an alias inside its own anchor (LD003)', () => {
    expect(codes('kind: A\nloop: &l [*l]\n')).toEqual(['LD003']);
  });

  it('rejects nesting deeper than 64 levels (LD007) and accepts 64', () => {
    const nest = (n: number) => 'a: ' + '['.repeat(n - 1) + ']'.repeat(n - 1) + '\n';
    expect(codes(nest(64))).toEqual([]);
    expect(codes(nest(65))).toEqual(['LD007']);
    expect(codes(nest(100))).toEqual(['LD007']);
    let block = '';
    for (let i = 0; i < 100; i++) block += `${'  '.repeat(i)}k${i}:\n`;
    expect(codes(block + `${'  '.repeat(100)}v: 1\n`)).toEqual(['LD007']);
  });

  it('reports 100,000 opening brackets as LD007 instead of crashing, even with no depth cap', () => {
    expect(codes('a: ' + '['.repeat(100_000))).toEqual(['LD007']);
    expect(codes('a: ' + '['.repeat(100_000), { maxDepth: Infinity })).toEqual(['LD007']);
  });

  it('rejects aliases that nest deeper than maxDepth once expanded (LD007)', () => {
    let text = 'l0: &l0 [[[1]]]\n';
    for (let i = 1; i < 10; i++) text += `l${i}: &l${i} [[[*l${i - 1}]]]\n`;
    expect(codes(text, { maxDepth: 20 })).toEqual(['LD007']);
  });

  it('never pollutes Object.prototype, and reports __proto__ and merge keys (LD004)', () => {
    const text = [
      'kind: A',
      'spec:',
      '  values:',
      '    __proto__: {polluted: 1}', // 4
      '---',
      'kind: B',
      'base: &b {__proto__: {polluted: 2}}', // 7
      'spec:',
      '  <<: *b', // 9
    ].join('\n');
    const { documents, issues } = loadText(text, 'evil.yaml');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(documents).toEqual([]);
    expect(issues.map((i) => [i.code, i.path, i.line])).toEqual([
      ['LD004', 'spec.values.__proto__', 4],
      ['LD004', 'base.__proto__', 7],
      ['LD004', 'spec["<<"]', 9],
    ]);
    expect(issues[0]!.message).toContain('spec.values.__proto__');
    expect(issues[2]!.message).toContain('merge keys');
  });

  it.each(['constructor', 'prototype'])('rejects the key %s at any depth', (key) => {
    expect(loadText(`kind: A\nlist:\n  - {${key}: 1}\n`, 'k.yaml').issues[0]).toMatchObject({
      code: 'LD004',
      path: `list[0].${key}`,
    });
  });
});
