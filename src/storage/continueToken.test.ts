import { describe, expect, it } from 'vitest';
import { BadRequestError } from '../model/errors.js';
import { decodeContinue, encodeContinue } from './continueToken.js';

const raw = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('continue tokens', () => {
  it('round-trip a position and resourceVersion as URL-safe text', () => {
    const point = { rv: 42, namespace: 'team-ä', name: 'web/?+' };
    const token = encodeContinue(point);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeContinue(token)).toEqual(point);
  });

  it.each([
    ['not base64url', 'a+b/c='],
    ['not JSON', Buffer.from('{nope').toString('base64url')],
    ['not an object', raw(7)],
    ['unknown version', raw({ v: 2, rv: 1, ns: '', n: 'a' })],
    ['bad resourceVersion', raw({ v: 1, rv: '1', ns: '', n: 'a' })],
    ['bad position', raw({ v: 1, rv: 1, ns: '', n: '' })],
  ])('are refused with BadRequest when %s', (why, token) => {
    expect(() => decodeContinue(token)).toThrow(BadRequestError);
    expect(() => decodeContinue(token)).toThrow(why);
  });
});
