import { describe, expect, it } from 'vitest';
import { parseBody } from './body.js';
import { describeJsonError } from './jsonError.js';

const SECRET = 'hunter2-TOPSECRET-LEAK8';

const messageOf = (text: string, format: 'json' | 'yaml' = 'json'): string => {
  try {
    parseBody(Buffer.from(text), format);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('the body parsed');
};

describe('malformed request bodies', () => {
  const cases: [string, string, RegExp][] = [
    ['unquoted value', `{"stringData":{"password": ${SECRET}}}`, /line 1, column 28: expected a value/],
    ['bare text', SECRET, /line 1, column 1: expected a value .*found a letter/],
    [
      'unterminated string',
      `{"stringData":{"password": "${SECRET}`,
      /the text ends where the closing quote of a string was expected/,
    ],
    ['missing comma', `{\n  "a": "${SECRET}"\n  "b": 1\n}`, /line 3, column 3: expected "," or "}"/],
    ['trailing content', `{"a": 1} ${SECRET}`, /unexpected content after the JSON value/],
    ['bad escape', `{"a": "${SECRET}\\q"}`, /invalid escape sequence/],
    ['control character', `{"a": "${SECRET}\n"}`, /control character/],
    [
      'single quotes',
      `{'password': '${SECRET}'}`,
      /expected a property name in double quotes, found a quote/,
    ],
    ['empty', '', /the text ends where a value was expected/],
  ];
  it.each(cases)('%s: names the place and the problem, never the content', (_, text, expected) => {
    const message = messageOf(text);
    expect(message).toMatch(/^request body is not valid JSON: /);
    expect(message).toMatch(expected);
    expect(message).not.toContain('TOPSECRET');
    expect(message).not.toContain('hunter2');
  });

  it('YAML bodies: quoted parts of parser messages are not shown', () => {
    const message = messageOf(`stringData:\n  "${SECRET}": 1\n  "${SECRET}": 2\n`, 'yaml');
    expect(message).toMatch(/duplicate key/);
    expect(message).not.toContain('TOPSECRET');
    const alias = messageOf(`stringData:\n  password: *${SECRET}\n`, 'yaml');
    expect(alias).not.toContain('TOPSECRET');
    // The loader's own advice keeps its quotes (it read 'contain (not shown) or (not shown)').
    const syntax = messageOf(`stringData:\n  password: "${SECRET}\n  other: [\n`, 'yaml');
    expect(syntax).toContain('quote values that contain ": " or " #"');
    expect(syntax).not.toContain('TOPSECRET');
    // Short quoted punctuation is all that stays: a short secret of other characters goes.
    const short = messageOf(`a: 1\na: 2\n"ab": 3\n"ab": 4\n`, 'yaml');
    expect(short).not.toMatch(/"ab"|"a"/);
  });

  it('valid JSON is not described (the scanner agrees with JSON.parse)', () => {
    expect(describeJsonError('{"a": [1, -2.5e3, true, null, "x\\u00e9"]}')).toBe('not valid JSON');
  });
});
