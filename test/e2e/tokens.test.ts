import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BIN,
  HANG_MS,
  kubeconfigWithToken,
  kubectlFor,
  removeDir,
  startServerProcess,
  stepsTimeout,
  tempDir,
  type ServerProcess,
} from './serverProcess.js';

/**
 * `paletteai token create|list|revoke` against a real server process: through the API with the
 * kubeconfig, effective on the next request (no restart, no polling delay), with expiry and the
 * limits of a namespace admin; `--data` of a stopped server writes its store.
 */

const cli = (args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    timeout: HANG_MS,
    killSignal: 'SIGKILL',
    env: { ...process.env, PALETTEAI_DEBUG: '', KUBECONFIG: '' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

const SECRETS = '/api/v1/namespaces/team-a/secrets';

let root: string;
let server: ServerProcess;
/** `paletteai token …` as the admin of the data directory's kubeconfig. */
const asAdmin = (args: string[]) => cli(['token', ...args, '--kubeconfig', server.kubeconfig]);
const status = async (token: string) => (await server.client(token).request('GET', SECRETS)).status;

beforeAll(async () => {
  root = await tempDir('tokens');
  await mkdir(join(root, 'data'), { mode: 0o700 });
  server = await startServerProcess(join(root, 'data'));
  for (const name of ['team-a', 'team-b'])
    expect((await server.client().request('POST', '/api/v1/namespaces', { metadata: { name } })).status).toBe(
      201,
    );
}, stepsTimeout(2));

afterAll(async () => {
  await server?.stop();
  await removeDir(root);
});

describe('paletteai token through the API', () => {
  it('creates (shown once), lists, and a revoke refuses the very next request', async () => {
    const created = asAdmin([
      'create',
      '--name',
      'alice',
      '--role',
      'editor',
      '--namespace',
      'team-a',
      '-o',
      'json',
    ]);
    expect(created.stderr).toBe('');
    expect(created.status).toBe(0);
    const out = JSON.parse(created.stdout) as Record<string, unknown>;
    expect(out).toEqual({
      name: 'alice',
      role: 'editor',
      namespace: 'team-a',
      expirationTimestamp: null,
      token: expect.stringMatching(/^pai_/),
    });
    const alice = out['token'] as string;
    expect(await status(alice)).toBe(200);

    const listed = asAdmin(['list']);
    expect(listed.stdout).toMatch(/^alice +editor +team-a +never$/m);
    expect(listed.stdout).not.toContain(alice);
    const kubectl = await kubectlFor(server.kubeconfig);
    try {
      const r = kubectl(['get', 'apitokens']);
      expect(r.stdout).toMatch(/^alice\s+editor\s+team-a\s+never\s+\d+s$/m);
    } finally {
      await kubectl.dispose();
    }

    const revoked = asAdmin(['revoke', '--name', 'alice']);
    expect(revoked.stderr).toBe('token "alice" revoked\n');
    expect(revoked.status).toBe(0);
    expect(await status(alice)).toBe(401); // the next request: no delay
    const again = asAdmin(['revoke', '--name', 'alice']);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/^paletteai: no token named "alice" at https:\/\/127\.0\.0\.1:\d+/);
    expect(await readFile(join(server.data, 'audit.log'), 'utf8')).not.toContain(alice);
  });

  it('expires: a token made with --expires 2s is refused once its time is up, saying when and what to do', async () => {
    const created = asAdmin([
      'create',
      '--name',
      'brief',
      '--role',
      'viewer',
      '--namespace',
      'team-a',
      '--expires',
      '2s',
      '-o',
      'json',
    ]);
    expect(created.status).toBe(0);
    const { token, expirationTimestamp } = JSON.parse(created.stdout) as {
      token: string;
      expirationTimestamp: string;
    };
    const until = Date.parse(expirationTimestamp);
    expect(until - Date.now()).toBeLessThanOrEqual(2_000);
    // 403: a known viewer (viewers read no Secrets), not yet expired.
    expect(await status(token)).toBe(403);
    // Polls (a hang guard, not a budget) until the server refuses it.
    const deadline = Date.now() + HANG_MS;
    let r = await server.client(token).request('GET', SECRETS);
    while (r.status !== 401 && Date.now() < deadline) {
      await new Promise((ok) => setTimeout(ok, 100));
      r = await server.client(token).request('GET', SECRETS);
    }
    expect(r.status).toBe(401);
    expect(Date.now()).toBeGreaterThanOrEqual(until);
    expect((r.json as { message: string }).message).toBe(
      `the token "brief" expired at ${expirationTimestamp}; ask a cluster-admin (or an admin of namespace "team-a") for a new one: paletteai token create --name NAME --role viewer --namespace team-a`,
    );
    expect(asAdmin(['list']).stdout).toMatch(
      new RegExp(`^brief +viewer +team-a +${expirationTimestamp}$`, 'm'),
    );
  });

  it('refuses a bad --expires before asking the server', () => {
    const r = asAdmin([
      'create',
      '--name',
      'x',
      '--role',
      'viewer',
      '--namespace',
      'team-a',
      '--expires',
      '3w',
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--expires must be a positive whole number of s, m, h or d/);
  });

  it('a namespace admin manages the viewer, editor and admin tokens of its namespace, nothing else', async () => {
    const made = asAdmin(['create', '--name', 'ann', '--role', 'admin', '--namespace', 'team-a']);
    expect(made.status).toBe(0);
    expect(asAdmin(['create', '--name', 'bea', '--role', 'viewer', '--namespace', 'team-b']).status).toBe(0);
    const annConfig = join(root, 'ann.kubeconfig');
    await kubeconfigWithToken(server.kubeconfig, annConfig, made.stdout.trim());
    const asAnn = (args: string[]) => cli(['token', ...args, '--kubeconfig', annConfig]);

    const own = asAnn(['create', '--name', 'ann-ci', '--role', 'editor', '--namespace', 'team-a']);
    expect(own.status).toBe(0);
    expect(await status(own.stdout.trim())).toBe(200);

    const other = asAnn(['create', '--name', 'x', '--role', 'viewer', '--namespace', 'team-b']);
    expect(other.status).toBe(1);
    expect(other.stderr).toMatch(
      /cannot create a viewer token for namespace "team-b": the token is limited to namespace "team-a"/,
    );

    const names = asAnn(['list'])
      .stdout.split('\n')
      .filter(Boolean)
      .map((l) => l.split(/ +/)[0]);
    expect(names).toContain('ann-ci');
    expect(names).not.toContain('bea');
    expect(names).not.toContain('admin');
    expect(asAnn(['revoke', '--name', 'bea']).stderr).toMatch(/no token named "bea"/);
    const bea = await server
      .client()
      .request('GET', '/apis/auth.paletteai.spectrocloud.com/v1/apitokens/bea');
    expect(bea.status).toBe(200); // still there: the admin of team-a saw no token of team-b

    // An editor manages no tokens.
    const edConfig = join(root, 'ed.kubeconfig');
    await kubeconfigWithToken(server.kubeconfig, edConfig, own.stdout.trim());
    const ed = cli(['token', 'list', '--kubeconfig', edConfig]);
    expect(ed.status).toBe(1);
    expect(ed.stderr).toMatch(/managing API tokens needs a cluster-admin token, or an admin token/);
  });
});

describe('--data', () => {
  it(
    'of a running server goes through its API; of a stopped one writes its store, and tokens.json is imported once',
    async () => {
      const running = cli([
        'token',
        'create',
        '--data',
        server.data,
        '--name',
        'via-data',
        '--role',
        'viewer',
        '--namespace',
        'team-a',
      ]);
      expect(running.status).toBe(0);
      expect(await status(running.stdout.trim())).toBe(403);

      const dir = join(root, 'stopped');
      await mkdir(dir, { mode: 0o700 });
      const first = await startServerProcess(dir);
      expect(await first.stop()).toBe(0);
      // A tokens.json as an older version kept them.
      await writeFile(
        join(dir, 'tokens.json'),
        JSON.stringify({
          tokens: [
            {
              name: 'legacy',
              role: 'editor',
              namespace: 'team-a',
              sha256: createHash('sha256').update('pai_legacy').digest('hex'),
              created: '2026-01-01T00:00:00.000Z',
            },
          ],
        }),
      );
      const offline = cli([
        'token',
        'create',
        '--data',
        dir,
        '--name',
        'offline',
        '--role',
        'viewer',
        '--namespace',
        'team-a',
      ]);
      expect(offline.status).toBe(0);
      expect(offline.stderr).toMatch(/notice: imported 1 token\(s\) from .*tokens\.json into the store/);
      expect(existsSync(join(dir, 'tokens.json.imported'))).toBe(true);
      // Columns under a header, as kubectl prints them (the walkthrough: bare tab-separated lines).
      expect(cli(['token', 'list', '--data', dir]).stdout).toBe(
        [
          'NAME      ROLE            NAMESPACE   EXPIRES',
          'admin     cluster-admin   *           never',
          'legacy    editor          team-a      never',
          'offline   viewer          team-a      never',
          '',
        ].join('\n'),
      );
      const again = await startServerProcess(dir);
      try {
        expect(again.stderr()).not.toMatch(/imported/);
        const whoami = async (token: string) =>
          (
            (
              await again
                .client(token)
                .request('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {})
            ).json as { status: { userInfo: { username: string } } }
          ).status.userInfo.username;
        expect(await whoami(offline.stdout.trim())).toBe('offline');
        expect(await whoami('pai_legacy')).toBe('legacy');
      } finally {
        expect(await again.stop()).toBe(0);
      }
    },
    stepsTimeout(6),
  );
});
