import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allCodes, CODE_TABLES, RETIRED_CODES, rulesMarkdown } from './catalogue.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Source files (tests left out) under `dir`, recursively. */
const sources = (dir: string): string[] =>
  readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });

/** Every quoted code-like literal (`'WP003'`) in a source file. */
const codesIn = (file: string): string[] =>
  [...readFileSync(join(ROOT, file), 'utf8').matchAll(/['"`]([A-Z]{2,3}\d{3})['"`]/g)].map((m) => m[1]!);

describe('docs/rules.md', () => {
  it('is up to date with the code tables (run `npm run docs:rules` to regenerate)', () => {
    expect(readFileSync(join(ROOT, 'docs/rules.md'), 'utf8')).toBe(rulesMarkdown());
  });

  it('lists every code of every table under a heading, retired ones included', () => {
    const doc = rulesMarkdown();
    for (const code of allCodes().keys()) expect(doc).toContain(`| ${code} |`);
  });

  it('gives every code a prefix that has a section in its table', () => {
    for (const table of CODE_TABLES) {
      const prefixes = new Set(table.groups.map(([p]) => p));
      for (const code of Object.keys(table.codes)) expect(prefixes, code).toContain(code.replace(/\d+$/, ''));
    }
  });

  it('defines each code once across all tables, and never reuses a retired one', () => {
    const seen = new Map<string, string>();
    for (const table of CODE_TABLES) {
      for (const code of Object.keys(table.codes)) {
        expect(seen.get(code), `${code} in ${table.source}`).toBeUndefined();
        seen.set(code, table.source);
      }
    }
    for (const code of Object.keys(RETIRED_CODES)) expect(seen.has(code), code).toBe(false);
  });

  it('documents every code the sources emit (loader, rules, planner, renderer, Studio, server, CLI)', () => {
    const known = allCodes();
    const files = [
      'src/loader',
      'src/model',
      'src/rules',
      'src/planner',
      'src/render',
      'src/studio',
      'src/server',
      'src/cli',
    ]
      .flatMap(sources)
      .filter((f) => !f.endsWith('rulesDoc.ts'));
    const undocumented = files.flatMap((f) =>
      codesIn(f)
        .filter((c) => !known.has(c))
        .map((c) => `${c} in ${f}`),
    );
    expect(undocumented).toEqual([]);
    // the scan finds codes at all (a broken pattern would pass vacuously)
    expect(files.flatMap(codesIn).length).toBeGreaterThan(100);
  });

  it('emits no retired code', () => {
    const files = ['src/loader', 'src/model', 'src/rules', 'src/planner', 'src/render', 'src/studio']
      .flatMap(sources)
      .filter((f) => !f.endsWith('rulesDoc.ts'));
    const used = files.flatMap((f) =>
      codesIn(f)
        .filter((c) => c in RETIRED_CODES)
        .map((c) => `${c} in ${f}`),
    );
    expect(used).toEqual([]);
  });
});
