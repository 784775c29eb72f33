import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LOG_LOADED_MODULES } from '../../testing/moduleHooks.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** The compiled modules of dist/src each file of the bundle holds (written by scripts/bundleCli.ts). */
const bundleModules = (): Record<string, string[]> =>
  JSON.parse(readFileSync(`${ROOT}/dist/bundle/modules.json`, 'utf8')) as Record<string, string[]>;

/**
 * Runs the built CLI (npm run build first) and returns the modules of dist/src it loaded: directly
 * (`bundled: false`) or through the bundle's files, each standing for the modules it holds.
 */
const loadedBy = (bundled: boolean, ...args: string[]) => {
  const r = spawnSync(process.execPath, ['--import', LOG_LOADED_MODULES, 'bin/paletteai.js', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, PALETTEAI_NO_BUNDLE: bundled ? '' : '1' },
  });
  const direct = [...r.stderr.matchAll(/^LOADED \S*\/dist\/src\/(\S+)$/gm)].map((m) => m[1]!);
  const files = [...r.stderr.matchAll(/^LOADED \S*\/dist\/bundle\/(\S+)$/gm)].map((m) => m[1]!);
  const held = bundleModules();
  const modules = bundled ? files.flatMap((f) => held[f] ?? [`unknown bundle file ${f}`]) : direct;
  return { status: r.status, stdout: r.stdout, modules, direct, files };
};

describe.each([
  ['bundle', true],
  ['compiled modules', false],
])('paletteai start-up (built CLI, %s)', (_name, bundled) => {
  it('validate loads the checker and nothing of the server, the client, the store or the Studio', () => {
    const { status, stdout, modules } = loadedBy(bundled, 'validate', '-f', 'examples/valid', '-o', 'json');
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ valid: true });
    expect(modules).toContain('cli/commands/validate.js');
    expect(modules).toContain('rules/engine.js');
    const heavy = modules.filter((m) =>
      /^(server|client|storage|studio|apiserver|controllers|delivery|providers|render)\//.test(m),
    );
    expect(heavy).toEqual([]);
    // only the command asked for (its modules): no other command module
    expect(modules.filter((m) => /^cli\/(commands|online|studio)\//.test(m)).sort()).toEqual([
      'cli/commands/validate.js',
      'cli/commands/validateLookups.js',
      'cli/commands/validateStream.js',
      'cli/commands/validateViews.js',
    ]);
  });

  it.each([['--version'], ['-V']])('%s loads no command definition, and prints the version', (flag) => {
    const { status, stdout, modules } = loadedBy(bundled, flag);
    expect([status, stdout]).toEqual([0, '0.1.0\n']);
    expect(modules.filter((m) => /^cli\/(commands|online|studio)\//.test(m))).toEqual([]);
  });

  it('--help loads every command definition but not the checker', () => {
    const { status, modules } = loadedBy(bundled, '--help');
    expect(status).toBe(0);
    expect(modules).toContain('cli/commands/server.js');
    expect(modules).not.toContain('rules/precompiled.js');
  });
});

describe('the bundle (npm run build)', () => {
  it('is what bin/paletteai.js runs: no compiled module of dist/src is loaded one by one', () => {
    const { status, direct, files } = loadedBy(true, 'validate', '-f', 'examples/valid', '-o', 'json');
    expect(status).toBe(0);
    expect(files).toContain('main.js');
    expect(direct).toEqual([]);
  });

  it.each([
    ['examples/valid', 'json'],
    ['examples/broken', 'json'],
    ['examples/broken', 'text'],
  ])('gives the same output and exit code as the compiled modules (%s, -o %s)', (dir, output) => {
    const run = (noBundle: string) =>
      spawnSync(process.execPath, ['bin/paletteai.js', 'validate', '-f', dir, '-o', output], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, PALETTEAI_NO_BUNDLE: noBundle },
      });
    const bundled = run('');
    const modules = run('1');
    expect(bundled.stdout.length).toBeGreaterThan(100);
    expect([bundled.status, bundled.stdout, bundled.stderr]).toEqual([
      modules.status,
      modules.stdout,
      modules.stderr,
    ]);
  });

  it('finds source positions with the loader parser: no other YAML package is loaded for a line', () => {
    // the `yaml` package it replaced took ~12 ms to load (from a one-file copy) and parsed ~10× slower
    const positions = pathToFileURL(join(ROOT, 'dist/src/loader/positions.js')).href;
    const script = `import { createLocator } from ${JSON.stringify(positions)};
import { createRequire } from 'node:module';
const line = createLocator('a:\\n  b: 1\\n', 1).lineOf(['a', 'b']);
const loaded = Object.keys(createRequire(process.cwd() + '/').cache).filter((f) => /[/]yaml[/.]/.test(f));
process.stdout.write(JSON.stringify({ line, loaded }));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ line: 2, loaded: [] });
  });

  it('loads ajv only for a ComponentDefinition schema, from its one-file copy', () => {
    // the kinds' validators are precompiled: ajv in the bundle cost every validate ~10 ms for nothing
    const AT_EXIT = `data:text/javascript,${encodeURIComponent(
      "import { createRequire } from 'node:module'; process.on('exit', () => process.stderr.write('CJS ' + JSON.stringify(Object.keys(createRequire(process.cwd() + '/').cache).filter((f) => /ajv/.test(f) && !/ajv.dist.runtime/.test(f))) + '\\n'));",
    )}`;
    const ajvLoaded = (file: string) => {
      const r = spawnSync(
        process.execPath,
        ['--import', AT_EXIT, 'bin/paletteai.js', 'validate', '-f', file],
        {
          cwd: ROOT,
          encoding: 'utf8',
        },
      );
      return JSON.parse(/^CJS (.*)$/m.exec(r.stderr)?.[1] ?? 'null') as string[];
    };
    expect(ajvLoaded('examples/valid/bundles/vllm-model.yaml')).toEqual([]);
    // the copy, and the draft-07 meta-schema (JSON) the precompiled meta validator's digest is read from
    expect(ajvLoaded('examples/broken/cd001-invalid-json-schema.yaml')).toEqual([
      join(ROOT, 'dist/bundle/ajv.cjs'),
      join(ROOT, 'node_modules/ajv/dist/refs/json-schema-draft-07.json'),
    ]);
  });
});
