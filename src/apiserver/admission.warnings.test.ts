/**
 * Warning headers as kubectl shows them: it unquotes a backslash and the character after it, so
 * a message's `–` sent as `\u2013` printed as `u2013` ("readable now: 2u201312"). Typography
 * goes as ASCII; other non-ASCII (a field named in Unicode) stays escaped, and the value is ASCII.
 */
import { describe, expect, it } from 'vitest';
import { issue } from '../rules/index.js';
import { warningHeaders } from './admission.js';

describe('warningHeaders', () => {
  it('writes typography as ASCII and escapes the rest, quotes included', () => {
    const [header] = warningHeaders([
      issue('PB008', ['spec', 'versión'], 'revisions 2–12 → pick one ≥ 2… or “drop” it', 'warning'),
    ]);
    expect(header).toBe(
      '299 - "PB008 spec[\\"versi\\u00f3n\\"]: revisions 2-12 -> pick one >= 2... or \\"drop\\" it"',
    );
    expect(/^[\x20-\x7e]*$/.test(header!)).toBe(true);
  });
});
