/**
 * The duplicate-key check of JSON bodies (src/server/jsonDuplicates.ts): silent on every text
 * JSON.stringify writes (it never repeats a key), and it finds a key written twice, wherever.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { duplicateJsonKey } from '../../src/server/jsonDuplicates.js';
import { fcParams } from './params.js';

/** Keys with the characters that could confuse a scanner: quotes, colons, backslashes, escapes. */
const trickyKey = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.constantFrom('a:b', '"', '\\', '\\"', ':', '{', '}', '[', ','),
);
const value = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    fc.jsonValue({ maxDepth: 1 }),
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(trickyKey, tie('v'), { maxKeys: 4 }),
  ),
})).v;

describe('duplicate keys in JSON bodies', () => {
  it('finds none in what JSON.stringify writes, however spaced', () => {
    fc.assert(
      fc.property(value, fc.constantFrom(undefined, 1, 2, '\t'), (v, space) => {
        const text = JSON.stringify(v, null, space);
        expect(duplicateJsonKey(text, JSON.parse(text))).toBeUndefined();
      }),
      fcParams(2000),
    );
  });

  it('finds a key written twice and names its path', () => {
    fc.assert(
      fc.property(
        fc.dictionary(trickyKey, value, { minKeys: 1, maxKeys: 4 }),
        fc.nat(),
        value,
        (o, at, v) => {
          const keys = Object.keys(o);
          const key = keys[at % keys.length]!;
          // `{"wrap": {…, key: again}}`: the same key a second time, at the end of the inner object.
          const inner = JSON.stringify(o);
          const text = `{"wrap":${inner.slice(0, -1)},${JSON.stringify(key)}:${JSON.stringify(v)}}}`;
          expect(duplicateJsonKey(text, JSON.parse(text))).toBe(`wrap.${key}`);
        },
      ),
      fcParams(2000),
    );
  });

  it('reads escapes as JSON does: "n\\u0061me" is "name"', () => {
    const text = '{"name":"a","n\\u0061me":"b"}';
    expect(duplicateJsonKey(text, JSON.parse(text))).toBe('name');
  });
});
