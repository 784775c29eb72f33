import { describe, expect, it } from 'vitest';
import { describeValue, printable, quote } from './index.js';

describe('quote: strings in messages, as kube-apiserver quotes them (%q)', () => {
  it.each([
    ['team\u202eevil', '"team\\u202eevil"'], // right-to-left override
    ['a\u200bb', '"a\\u200bb"'], // zero-width space
    ['a\u2066b\u2069', '"a\\u2066b\\u2069"'], // bidi isolates
    ['line\u2028sep', '"line\\u2028sep"'],
    ['nel\u0085', '"nel\\u0085"'], // a C1 control
    ['tag\u{e0001}', '"tag\\U000e0001"'], // a format character past the BMP
    ['tab\tnew\nline', '"tab\\tnew\\nline"'], // JSON's own escapes stay
    ['no\u00a0break', '"no\\u00a0break"'], // a space that is not the space
  ])('%j → %s', (s, quoted) => {
    expect(quote(s)).toBe(quoted);
  });

  it('leaves what prints as itself: letters of any script, accents, symbols, emoji, the space', () => {
    for (const s of ['ProfileBundle', 'café', '日本語', 'a b', 'ß', '🚀 launch', 'x=y,z'])
      expect(quote(s)).toBe(JSON.stringify(s));
  });

  it('is what describeValue quotes a string with', () => {
    expect(describeValue('a\u202eb')).toBe('"a\\u202eb"');
    expect(describeValue(`${'x'.repeat(100)}\u202e`)).toBe(`"${'x'.repeat(77)}..."`);
  });
});

describe('printable: text shown unquoted', () => {
  it('escapes only what would not print as itself', () => {
    expect(printable('Namespace default/a\u202eb')).toBe('Namespace default/a\\u202eb');
    expect(printable('café 日本 🚀 a-b.c_d')).toBe('café 日本 🚀 a-b.c_d');
    expect(printable('tab\there')).toBe('tab\\u0009here');
  });
});
