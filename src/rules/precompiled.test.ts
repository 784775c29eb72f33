import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadFiles } from '../loader/index.js';
import { PRECOMPILED_FILE, schemasDigest } from './precompiled.js';
import { checkSchema, usePrecompiledValidators } from './schemaCheck.js';

/**
 * The build's standalone validators (issue #11: no schema compiling at start) must say exactly what
 * compiling the schemas says. `npm test` builds first, so the generated file is in dist/.
 */
const GENERATED = fileURLToPath(new URL(`../../dist/src/rules/${PRECOMPILED_FILE}`, import.meta.url));
const EXAMPLES = ['valid', 'broken'].map((d) =>
  fileURLToPath(new URL(`../../examples/${d}`, import.meta.url)),
);

afterAll(() => usePrecompiledValidators(() => undefined));

describe('the precompiled schema validators', () => {
  it('were generated from the schemas of this source tree', () => {
    const generated = createRequire(import.meta.url)(GENERATED) as Record<string, unknown>;
    expect(generated['SCHEMAS_DIGEST']).toBe(schemasDigest());
    expect(typeof generated['ProfileBundle']).toBe('function');
  });

  it('give the same issues as the compiled schemas for every valid and broken example', async () => {
    const { documents } = await loadFiles(EXAMPLES);
    expect(documents.length).toBeGreaterThan(80);
    const issues = () => documents.map((d) => checkSchema(structuredClone(d.object)).issues);
    usePrecompiledValidators(() => undefined);
    const compiled = issues();
    const generated = createRequire(import.meta.url)(GENERATED) as Record<string, unknown>;
    let used = 0;
    usePrecompiledValidators((kind) => {
      const v = generated[kind];
      if (typeof v !== 'function') return undefined;
      used++;
      return v as never;
    });
    expect(issues()).toEqual(compiled);
    expect(used).toBeGreaterThan(5); // the generated validators were the ones used
    expect(compiled.flat().length).toBeGreaterThan(5); // and the broken examples have schema issues
  });
});
