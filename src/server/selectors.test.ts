import { describe, expect, it } from 'vitest';
import { parseLabelSelector } from './selectors.js';

const refusal = (selector: string): string => {
  try {
    parseLabelSelector(selector);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`${selector} was accepted`);
};

describe('parseLabelSelector refusals say what is wrong', () => {
  it('a key whose name part is too long: its length rule, not only "invalid"', () => {
    expect(refusal(`palette.ai/${'k'.repeat(64)}=v`)).toMatch(
      /invalid label key "palette\.ai\/k+": its name part "k{64}" must be 1-63 characters/,
    );
  });

  it('a key with a bad prefix names the prefix', () => {
    expect(refusal('Palette.AI/tier=gpu')).toMatch(/its prefix "Palette\.AI" must be a DNS subdomain/);
  });

  it('a value: its rule', () => {
    expect(refusal(`tier=${'v'.repeat(64)}`)).toMatch(/invalid label value "v{64}": it must be at most 63/);
  });

  it('invisible characters are shown escaped, not printed', () => {
    expect(refusal('tier=gpu\u202e')).toContain('"gpu\\u202e"');
    expect(refusal('tier=gpu\u202e')).not.toContain('\u202e');
  });

  it('100 requirements of the longest keys and values are a selector (the server reads 64 KiB of URL for it)', () => {
    const prefix = Array.from({ length: 4 }, () => 'a'.repeat(60)).join('.');
    const selector = Array.from(
      { length: 100 },
      (_, i) => `${prefix}/k${String(i).padStart(2, '0')}${'x'.repeat(58)}=${'v'.repeat(63)}`,
    ).join(',');
    expect(selector.length).toBeGreaterThan(16 * 1024); // over Node's default header limit
    expect(parseLabelSelector(selector)).toHaveLength(100);
    expect(refusal(`${selector},one-more`)).toBe('labelSelector: at most 100 requirements, found 101');
  });
});
