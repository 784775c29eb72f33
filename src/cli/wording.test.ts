/**
 * The words of messages and summaries (a new-user walkthrough read "a Infrastructure profile",
 * "1 errors" and "? ? (?)").
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { withArticle } from '../model/index.js';
import { checkClusterProfile } from '../rules/clusterProfileRules.js';
import { clusterProfile } from '../testing/builders.js';
import { counted } from './io.js';
import { printReport } from './studio/report.js';

describe('wording', () => {
  it('puts "an" before a vowel and "a" before anything else', () => {
    expect(['Infrastructure', 'Add-on', 'os', 'Full', 'k8s', 'Application'].map(withArticle)).toEqual([
      'an Infrastructure',
      'an Add-on',
      'an os',
      'a Full',
      'a k8s',
      'an Application',
    ]);
  });

  it('says "an Infrastructure profile" in the rule that names the profile type', () => {
    const cp = clusterProfile('edge');
    cp.spec.layers = cp.spec.layers.slice(1); // the OS layer gone: the layers are incomplete
    const messages = checkClusterProfile(cp).map((i) => i.message);
    expect(messages.some((m) => m.startsWith('an Infrastructure profile needs layers'))).toBe(true);
  });

  it('counts in the singular for one', () => {
    expect([counted(0, 'error'), counted(1, 'error'), counted(2, 'warning')]).toEqual([
      '0 errors',
      '1 error',
      '2 warnings',
    ]);
  });

  it('prints a report without a bundle as such, not as "? ? (?)"', () => {
    let text = '';
    const out = new Writable({ write: (c, _e, done) => ((text += String(c)), done()) });
    printReport({ out, err: out }, 'empty-dir', {
      valid: false,
      labels: {},
      variables: [],
      files: [],
      issues: [
        { code: 'SA004', severity: 'error', path: '', message: 'no bundle', file: 'profilebundle.yaml' },
      ],
      objects: [],
    } as unknown as Parameters<typeof printReport>[2]);
    expect(text.split('\n')[0]).toBe('empty-dir: no ProfileBundle read');
    expect(text).toContain('invalid: 1 error');
  });
});
