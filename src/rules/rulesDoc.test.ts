import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULE_CODES } from './codes.js';
import { rulesMarkdown } from './rulesDoc.js';

describe('docs/rules.md', () => {
  it('is up to date with the code table (run `npm run docs:rules` to regenerate)', () => {
    expect(readFileSync(new URL('../../docs/rules.md', import.meta.url), 'utf8')).toBe(rulesMarkdown());
  });
  it('lists every code under a heading', () => {
    for (const code of Object.keys(RULE_CODES)) expect(rulesMarkdown()).toContain(`| ${code} |`);
  });
});
