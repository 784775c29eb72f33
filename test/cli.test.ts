import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binary, cli, cliJson, ROOT } from './cli.js';

interface ValidateJson {
  valid: boolean;
  objects: {
    kind: string;
    namespace: string;
    name: string;
    file: string;
    line: number;
    valid: boolean;
    issues: { code: string; severity: string; path: string; message: string }[];
  }[];
}

const brokenDir = join(ROOT, 'examples', 'broken');
const brokenFiles = readdirSync(brokenDir)
  .filter((f) => /\.(ya?ml|json)$/.test(f))
  .sort();

describe('paletteai validate (CLI contract)', () => {
  it('accepts every valid example with exit code 0 and the JSON shape of SPEC §5', async () => {
    const { code, json } = await cliJson<ValidateJson>('validate', '-f', 'examples/valid');
    expect(json.objects.filter((o) => !o.valid || o.issues.length)).toEqual([]);
    expect(code).toBe(0);
    expect(json.valid).toBe(true);
    expect(json.objects.length).toBeGreaterThan(30);
    for (const o of json.objects) {
      expect(Object.keys(o).sort()).toEqual(['file', 'issues', 'kind', 'line', 'name', 'namespace', 'valid']);
      expect(o.file).toMatch(/^examples\/valid\//);
      expect(o.line).toBeGreaterThan(0);
    }
  });

  it('has a broken example for many rules', () => expect(brokenFiles.length).toBeGreaterThan(40));

  for (const file of brokenFiles) {
    it(`rejects examples/broken/${file} with exactly the codes it expects, naming file and line`, async () => {
      const expected = /^# expect: (.+)$/m
        .exec(readFileSync(join(brokenDir, file), 'utf8'))?.[1]
        ?.split(',')
        .map((c) => c.trim())
        .sort();
      expect(expected, 'the file starts with "# expect: CODES"').toBeDefined();
      const rel = `examples/broken/${file}`;
      const { code, json, stderr } = await cliJson<ValidateJson>(
        'validate',
        '-f',
        'examples/valid',
        '-f',
        rel,
      );
      const mine = json.objects.filter((o) => o.file === rel);
      const codes = [...new Set(mine.flatMap((o) => o.issues.map((i) => i.code)))].sort();
      expect(codes).toEqual(expected);
      const errors = mine.flatMap((o) => o.issues).filter((i) => i.severity === 'error');
      expect(code).toBe(errors.length ? 1 : 0);
      expect(json.valid).toBe(errors.length === 0);
      for (const i of mine.flatMap((o) => o.issues)) expect(i.message.length).toBeGreaterThan(15);
      for (const o of mine.filter((x) => x.kind !== '')) expect(o.line).toBeGreaterThanOrEqual(1);
      expect(stderr).not.toMatch(/\n\s+at /);
      // Every other object stays valid: a broken file does not poison its neighbours.
      expect(json.objects.filter((o) => o.file !== rel && !o.valid)).toEqual([]);
    });
  }

  it('prints file:line, code, path and message in human output', async () => {
    const r = await cli(
      'validate',
      '-f',
      'examples/valid',
      '-f',
      `examples/broken/${brokenFiles.find((f) => f.startsWith('pb003'))}`,
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/error PB003 spec\.clusterProfiles at examples\/broken\/pb003[^:]+:\d+/);
    expect(r.stdout).toMatch(/^invalid: \d+ objects, 1 invalid/m);
  });

  it('exits 1 with a clear message for a path that does not exist', async () => {
    const { code, json } = await cliJson<ValidateJson>('validate', '-f', 'no/such/dir');
    expect(code).toBe(1);
    expect(json.objects[0]!.issues[0]).toMatchObject({ code: 'LD010' });
  });
});

describe('usage errors exit 2 without a stack trace', () => {
  const cases: [string, string[], RegExp][] = [
    ['no arguments', [], /Usage: paletteai/],
    ['an unknown command', ['valdate'], /unknown command/],
    ['validate without -f', ['validate'], /required option '-f, --filename/],
    ['an unknown flag', ['validate', '-f', 'examples/valid', '--strict'], /unknown option '--strict'/],
    ['a bad -o value', ['validate', '-f', 'examples/valid', '-o', 'xml'], /Allowed choices are text, json/],
    [
      'plan without --workflow',
      ['plan', '--pool', 'shared', '-f', 'examples/valid'],
      /--workflow <workflow>' not specified/,
    ],
    [
      'plan with an unknown workflow',
      ['plan', '--workflow', 'train', '--pool', 'shared', '-f', 'examples/valid', '--bundle', 'x'],
      /Allowed choices are compute-pool, app, model/,
    ],
    [
      'a model plan with neither bundle nor MaaS inputs',
      ['plan', '--workflow', 'model', '--pool', 'shared', '-f', 'examples/valid'],
      /give --project, --model-source and --model-id/,
    ],
    [
      'a --model-attr without =',
      [
        'plan',
        '--workflow',
        'model',
        '--pool',
        'shared',
        '-f',
        'examples/valid',
        '--project',
        'p',
        '--model-source',
        'huggingface',
        '--model-id',
        'x',
        '--model-attr',
        'task',
      ],
      /--model-attr expects KEY=VALUE/,
    ],
    [
      'render --workflow without --pool',
      ['render', '-f', 'examples/valid', '--bundle', 'open-webui', '--workflow', 'app'],
      /--workflow and --pool go together/,
    ],
  ];
  for (const [name, args, message] of cases) {
    it(`exits 2 for ${name}`, async () => {
      const r = await cli(...args);
      expect(r.code).toBe(2);
      expect(r.stderr + r.stdout).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  }
  for (const cmd of [
    [],
    ['validate'],
    ['plan'],
    ['render'],
    ['server'],
    ['get'],
    ['apply'],
    ['delete'],
    ['describe'],
    ['token', 'create'],
  ]) {
    it(`prints help with an example for "${['paletteai', ...cmd].join(' ')} --help" and exits 0`, async () => {
      const r = await cli(...cmd, '--help');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Examples:');
      expect(r.stdout).toMatch(/\$ paletteai \w+/);
    });
  }
});

// Everything above runs `main(argv, io)` in process. These few run the real binary, for what only a
// process shows: its exit status, and which of its pipes each kind of text reaches.
describe('the real binary (smoke)', () => {
  it('prints one JSON document on stdout and nothing on stderr, exit 0, as main() does in process', async () => {
    const inProcess = await cli('validate', '-f', 'examples/valid', '-o', 'json');
    const r = binary('validate', '-f', 'examples/valid', '-o', 'json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as ValidateJson).valid).toBe(true);
    expect(r.stdout).toBe(inProcess.stdout);
  });

  it('exits 1 for invalid input, with the report on stdout and nothing on stderr', () => {
    const pb003 = brokenFiles.find((f) => f.startsWith('pb003'));
    const r = binary('validate', '-f', 'examples/valid', '-f', `examples/broken/${pb003}`);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^invalid: \d+ objects, 1 invalid/m);
    expect(r.stderr).toBe('');
  });

  it('exits 1 for a refused render, with the reason on stderr only', () => {
    const r = binary(
      'render',
      '-f',
      'examples/valid',
      '--bundle',
      'vllm-llama3',
      '--set',
      'maxModelLen=lots',
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^paletteai: VAR009: override maxModelLen="lots"/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 1 for a workflow that does not deploy the bundle, as plan says, instead of rendering nothing', () => {
    // It printed nothing (an empty List with -o json) and exited 0.
    for (const [bundle, workflow, pool] of [
      ['open-webui', 'model', 'shared'],
      ['edge-gpu-infra', 'app', 'shared'],
    ] as const) {
      const args = ['-f', 'examples/valid', '--bundle', bundle, '--workflow', workflow, '--pool', pool];
      const r = binary('render', ...args);
      const plan = binary('plan', ...args, '-o', 'json');
      expect(plan.code, bundle).toBe(1);
      expect(r.code, bundle).toBe(1);
      expect(r.stdout, bundle).toBe('');
      expect(r.stderr, bundle).toContain(
        `the ${workflow} workflow on a ${pool} pool does not deploy ${bundle}:`,
      );
      const { checks } = JSON.parse(plan.stdout) as {
        checks: { code: string; result: string; message: string }[];
      };
      const failed = checks.filter((c) => c.result === 'fail');
      expect(failed.length, bundle).toBeGreaterThan(0);
      for (const c of failed) expect(r.stderr, bundle).toContain(`${c.code}: ${c.message}`);
    }
  });

  it('prints one JSON document with -o json even when the paths hold no object (exit 1)', () => {
    // It printed nothing on stdout: a script piping to jq got no document.
    const empty = mkdtempSync(join(tmpdir(), 'paletteai-empty-'));
    try {
      const blank = join(mkdtempSync(join(empty, 'sub-')), 'blank.yaml');
      writeFileSync(blank, '');
      for (const path of [dirname(blank), blank]) {
        const r = binary('validate', '-f', path, '-o', 'json');
        expect(r.code, path).toBe(1);
        expect(JSON.parse(r.stdout), path).toEqual({ valid: false, objects: [] });
        expect(r.stderr, path).toMatch(/^paletteai: no YAML or JSON objects found in /);
      }
      // Text output is unchanged: the message alone, on stderr.
      const text = binary('validate', '-f', blank);
      expect([text.code, text.stdout]).toEqual([1, '']);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('exits 2 for a usage error, with the message on stderr only', () => {
    const r = binary('validate', '-f', 'examples/valid', '--strict');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/unknown option '--strict'/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('lists the catalog the build packed next to the compiled CLI, as JSON with -o json', () => {
    const r = binary('studio', 'list', '-o', 'json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const names = (JSON.parse(r.stdout) as { name: string }[]).map((e) => e.name);
    expect(names).toContain('vllm-model');
    expect(names.length).toBeGreaterThanOrEqual(10);
  });
});
