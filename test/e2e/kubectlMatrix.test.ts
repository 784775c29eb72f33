import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, realpathSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { delimiter, dirname, isAbsolute, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { stringify } from 'yaml';
import {
  HANG_MS,
  KUBECTL,
  removeDir,
  startServerProcess,
  stepsTimeout,
  tempDir,
  type ServerProcess,
} from './serverProcess.js';

/**
 * Every kubectl minor from 1.27 to 1.33, unchanged, against one real server process: `apply` with
 * validation on, `diff`, `replace`, `explain`, `apply --server-side`, `get -w` and `wait`. Each minor
 * works in a namespace of its own. The binaries sit beside the machine's `kubectl` (resolved through
 * its symlinks) as `kubectl.1.NN`; a missing minor fails the suite.
 *
 * kubectl 1.27 and 1.28 read `/openapi/v2` as protobuf before apply, diff and explain; it answered
 * 404 and they failed (the regression the first test of each minor checks).
 */

// Hang guards, never budgets: a test runs at most 8 kubectl commands.
vi.setConfig({ testTimeout: stepsTimeout(8), hookTimeout: stepsTimeout(2) });

const MINORS = [27, 28, 29, 30, 31, 32, 33];

/** The directory of the real `kubectl` binary: `$KUBECTL` or the first `kubectl` on PATH, symlinks resolved. */
const kubectlDir = (): string => {
  const candidates = isAbsolute(KUBECTL)
    ? [KUBECTL]
    : (process.env.PATH ?? '').split(delimiter).map((d) => join(d, KUBECTL));
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
      return dirname(realpathSync(c));
    } catch {
      // not here: the next PATH entry
    }
  }
  throw new Error(
    `${KUBECTL} is not on PATH: install kubectl (the Google Cloud SDK ships kubectl.1.NN beside it)`,
  );
};

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let data: string;
let server: ServerProcess;
let bin: string;

/** One kubectl minor with its own discovery cache; commands run asynchronously. */
const kubectl = (minor: number) => {
  const path = join(bin, `kubectl.1.${minor}`);
  const cache = join(data, `cache-${minor}`);
  const argv = (args: string[]) => ['--kubeconfig', server.kubeconfig, '--cache-dir', cache, ...args];
  const env = { ...process.env, KUBECONFIG: server.kubeconfig, HOME: cache };
  /** Runs to the end (a hang guard kills it) and resolves with the exit code and output. */
  const run = (args: string[], input?: string): Promise<Run> =>
    new Promise((resolve, reject) => {
      const child = spawn(path, argv(args), { env, stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), HANG_MS);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
      child.stdin.end(input ?? '');
    });
  /** Starts a long-running command (a watch); `stdout()` is what it printed so far. */
  const start = (args: string[]) => {
    const child = spawn(path, argv(args), { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    let exited = false;
    const closed = new Promise<void>((resolve) =>
      child.on('close', () => {
        exited = true;
        resolve();
      }),
    );
    return {
      stdout: () => stdout,
      stderr: () => stderr,
      /** True once the command ended (a watch that fails ends early: no need to wait for output). */
      exited: () => exited,
      stop: async () => {
        child.kill('SIGKILL');
        await closed;
      },
    };
  };
  return { run, start };
};

/** Polls until `check` holds (every 50 ms; HANG_MS is the hang guard). */
const until = async (check: () => boolean): Promise<boolean> => {
  const end = Date.now() + HANG_MS;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  return check();
};

const clusterProfile = (name: string, namespace: string, description: string, extra: object = {}) =>
  stringify({
    apiVersion: 'spectrocloud.com/v1alpha1',
    kind: 'ClusterProfile',
    metadata: { name, namespace },
    spec: {
      type: 'Add-on',
      cloudType: 'edge-native',
      version: '1.0.0',
      description,
      layers: [
        { type: 'addon', pack: { name: 'kube-prometheus-stack', version: '66.3.1', registry: 'public' } },
      ],
      ...extra,
    },
  });

/** The `GET /openapi/…` requests of a `-v=6` log with their status codes. */
const openApiRequests = (log: string): string[] =>
  [...log.matchAll(/GET https:\/\/\S+?(\/openapi\/[^?\s]*)\S* (\d{3})/g)].map((m) => `${m[1]} ${m[2]}`);

beforeAll(async () => {
  bin = kubectlDir();
  const missing = MINORS.map((m) => join(bin, `kubectl.1.${m}`)).filter((p) => !existsSync(p));
  if (missing.length) throw new Error(`kubectl minors missing: ${missing.join(', ')}`);
  data = await tempDir('kubectl-matrix');
  server = await startServerProcess(data);
});

afterAll(async () => {
  const code = await server?.stop();
  await removeDir(data);
  expect(code).toBe(0);
});

describe.each(MINORS)('kubectl 1.%i', (minor) => {
  const ns = `kubectl-1-${minor}`;
  const k = () => kubectl(minor);
  const file = (name: string) => join(data, `${ns}-${name}.yaml`);
  /** The spec.description of a ClusterProfile of this minor's namespace, as kubectl reads it. */
  const description = async (name: string) =>
    (await k().run(['get', 'clusterprofile', name, '-n', ns, '-o', 'jsonpath={.spec.description}'])).stdout;

  it('applies a Namespace and a ClusterProfile with validation on, reading the OpenAPI it asks for', async () => {
    await writeFile(file('ns'), stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }));
    await writeFile(file('one'), clusterProfile('mon', ns, 'one'));
    const nsApplied = await k().run(['apply', '--validate=strict', '-f', file('ns'), '-v=6']);
    expect(nsApplied.stderr).not.toMatch(/error/i);
    expect(nsApplied.stdout.trim()).toBe(`namespace/${ns} created`);
    // Every OpenAPI document kubectl asked for was there (1.27 and 1.28 read v2 as protobuf).
    const asked = openApiRequests(nsApplied.stderr);
    expect(asked.filter((r) => !r.endsWith(' 200'))).toEqual([]);
    if (minor <= 28) expect(asked).toContain('/openapi/v2 200');

    const applied = await k().run(['apply', '--validate=strict', '-f', file('one')]);
    expect(applied.stderr).toBe('');
    expect(applied.stdout.trim()).toBe('clusterprofile.spectrocloud.com/mon created');
    expect(await description('mon')).toBe('one');
  });

  it('refuses an unknown field when validation is on, naming the field', async () => {
    await writeFile(file('bad'), clusterProfile('mon', ns, 'one', { descriptionn: 'typo' }));
    const r = await k().run(['apply', '--validate=strict', '-f', file('bad')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('spec.descriptionn');
    expect(r.stderr).toMatch(/unknown field/);
  });

  it('diffs: exit 0 without a change, 1 with the changed line', async () => {
    await writeFile(file('two'), clusterProfile('mon', ns, 'two'));
    const same = await k().run(['diff', '-f', file('one')]);
    expect(same).toMatchObject({ code: 0, stdout: '' });
    const changed = await k().run(['diff', '-f', file('two')]);
    expect(changed.stderr).toBe('');
    expect(changed.code).toBe(1);
    expect(changed.stdout).toMatch(/^-\s+description: one$/m);
    expect(changed.stdout).toMatch(/^\+\s+description: two$/m);
  });

  it('replaces the object', async () => {
    const r = await k().run(['replace', '--validate=strict', '-f', file('two')]);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('clusterprofile.spectrocloud.com/mon replaced');
    expect(await description('mon')).toBe('two');
  });

  it('explains profilebundle.spec and a ClusterProfile field, from OpenAPI v3 and v2', async () => {
    const spec = await k().run(['explain', 'profilebundle.spec']);
    expect(spec.stderr).toBe('');
    expect(spec.stdout).toMatch(/KIND:\s+ProfileBundle/);
    expect(spec.stdout).toMatch(/clusterProfiles\s+<\[\]Object>/);
    const field = await k().run(['explain', 'clusterprofiles.spec.description']);
    expect(field.stdout).toMatch(/description\s+<string>/);
    // The same from the v2 document (gnostic protobuf), which every minor can still be asked to read.
    const v2 = await k().run(['explain', 'profilebundle.spec', '--output=plaintext-openapiv2']);
    expect(v2.stderr).toBe('');
    expect(v2.stdout).toMatch(/RESOURCE:\s+spec <Object>/);
    expect(v2.stdout).toMatch(/clusterProfiles\s+<\[\]Object>/);
  });

  it('explains apitokens and creates one from a file; a misspelt field is refused, naming it', async () => {
    const explained = await k().run(['explain', 'apitokens.spec.role']);
    expect(explained.stderr).toBe('');
    expect(explained.stdout).toMatch(/KIND:\s+APIToken/);
    expect(explained.stdout).toMatch(/viewer reads/);
    const token = (spec: object) =>
      stringify({
        apiVersion: 'auth.paletteai.spectrocloud.com/v1',
        kind: 'APIToken',
        metadata: { name: `ci-${minor}` },
        spec: { role: 'viewer', namespace: ns, ...spec },
      });
    // kubectl validates a kind without a server-side-validating PATCH itself, after asking whether
    // it is a CRD: that list was 404 and every `create -f` of a token failed before it validated.
    await writeFile(file('typo'), token({ expiresIn: 60 }));
    const typo = await k().run(['create', '-f', file('typo')]);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toMatch(/unknown field "expiresIn"/);
    const unchecked = await k().run(['create', '--validate=false', '-f', file('typo')]);
    expect(unchecked.code).toBe(1);
    expect(unchecked.stderr).toMatch(/spec\.expiresIn: unknown field/);
    await writeFile(file('token'), token({ expirationSeconds: 600 }));
    const made = await k().run(['create', '-f', file('token'), '-o', 'jsonpath={.status.token}']);
    expect(made.stderr).toBe('');
    expect(made.stdout).toMatch(/^pai_/);
    const gone = await k().run(['delete', 'apitoken', `ci-${minor}`]);
    expect(gone.stdout.trim()).toBe(`apitoken.auth.paletteai.spectrocloud.com "ci-${minor}" deleted`);
  });

  it('says who it is with auth whoami (1.27 asks for authentication.k8s.io/v1beta1)', async () => {
    const r = await k().run(['auth', 'whoami', '-o', 'json']);
    expect(r.stderr).toBe('');
    const review = JSON.parse(r.stdout) as { apiVersion: string; status: { userInfo: { username: string } } };
    expect(review.apiVersion).toBe(`authentication.k8s.io/${minor === 27 ? 'v1beta1' : 'v1'}`);
    expect(review.status.userInfo.username).toBe('admin');
  });

  it('applies server-side: creates, then updates', async () => {
    await writeFile(file('ssa'), clusterProfile('ssa', ns, 'first'));
    const created = await k().run(['apply', '--server-side', '-f', file('ssa')]);
    expect(created.stderr).toBe('');
    expect(created.stdout.trim()).toBe('clusterprofile.spectrocloud.com/ssa serverside-applied');
    await writeFile(file('ssa'), clusterProfile('ssa', ns, 'second'));
    const updated = await k().run(['apply', '--server-side', '-f', file('ssa')]);
    expect(updated.stdout.trim()).toBe('clusterprofile.spectrocloud.com/ssa serverside-applied');
    expect(await description('ssa')).toBe('second');
  });

  it('watches with get -w and sees a change', async () => {
    const watch = k().start([
      'get',
      'clusterprofile',
      'mon',
      '-n',
      ns,
      '-w',
      '-o',
      'jsonpath={.spec.description}{"\\n"}',
    ]);
    try {
      await until(() => watch.stdout().includes('two\n') || watch.exited());
      expect(watch.stderr()).toBe('');
      expect(watch.stdout()).toBe('two\n');
      const patched = await k().run([
        'patch',
        'clusterprofile',
        'mon',
        '-n',
        ns,
        '--type=merge',
        '-p',
        '{"spec":{"description":"three"}}',
      ]);
      expect(patched.code).toBe(0);
      await until(() => watch.stdout().includes('three\n') || watch.exited());
      expect(watch.stdout()).toBe('two\nthree\n');
      expect(watch.stderr()).toBe('');
    } finally {
      await watch.stop();
    }
  });

  it('waits for condition Ready', async () => {
    const r = await k().run([
      'wait',
      '--for=condition=Ready',
      'clusterprofile/mon',
      '-n',
      ns,
      '--timeout=60s',
    ]);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('clusterprofile.spectrocloud.com/mon condition met');
  });
});
