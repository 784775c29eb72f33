import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** Module hooks that print every module URL the process loads on stderr. */
const HOOKS = `data:text/javascript,${encodeURIComponent(
  "export async function load(url, context, next) { process.stderr.write('LOADED ' + url + '\\n'); return next(url, context); }",
)}`;
const REGISTER = `data:text/javascript,${encodeURIComponent(
  `import { register } from 'node:module'; register(${JSON.stringify(HOOKS)});`,
)}`;

/** Runs the built CLI (npm run build first) and returns the modules of dist/src it loaded. */
const loadedBy = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['--import', REGISTER, 'bin/paletteai.js', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  const modules = [...r.stderr.matchAll(/^LOADED \S*\/dist\/src\/(\S+)$/gm)].map((m) => m[1]!);
  return { status: r.status, stdout: r.stdout, modules };
};

describe('paletteai start-up (built CLI)', () => {
  it('validate loads the checker and nothing of the server, the client, the store or the Studio', () => {
    const { status, stdout, modules } = loadedBy('validate', '-f', 'examples/valid', '-o', 'json');
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ valid: true });
    expect(modules).toContain('cli/commands/validate.js');
    expect(modules).toContain('rules/engine.js');
    const heavy = modules.filter((m) =>
      /^(server|client|storage|studio|apiserver|controllers|delivery|providers|render)\//.test(m),
    );
    expect(heavy).toEqual([]);
    // only the command asked for: no other command module
    expect(modules.filter((m) => /^cli\/(commands|online|studio)\//.test(m))).toEqual([
      'cli/commands/validate.js',
    ]);
  });

  it('--help loads every command definition but not the checker', () => {
    const { status, modules } = loadedBy('--help');
    expect(status).toBe(0);
    expect(modules).toContain('cli/commands/server.js');
    expect(modules).not.toContain('rules/precompiled.js');
  });
});
