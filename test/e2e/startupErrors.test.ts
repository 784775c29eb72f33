import { spawnSync } from 'node:child_process';
import { existsSync, symlinkSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../src/client/apiClient.js';
import { createApiServer } from '../../src/server/app.js';
import type { ServerContext } from '../../src/server/context.js';
import { kubeconfigFor } from '../../src/server/kubeconfig.js';
import { ensureCertificate } from '../../src/server/tls.js';
import {
  clusterProfile,
  clusterProfilesPath,
  readKubeconfig,
  removeDir,
  spawnServer,
  startServerProcess,
  tempDir,
  type ServerProcess,
} from './serverProcess.js';

/**
 * The real binary on the environment's mistakes: each is one line on stderr with the fix, exit 1,
 * never "internal error ... This is a bug" and never a stack trace.
 */

const BIN = join(dirname(fileURLToPath(import.meta.url)), '../../bin/paletteai.js');

const run = (args: string[], timeout = 20_000, env: Record<string, string> = {}) => {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    timeout,
    killSignal: 'SIGKILL',
    env: { ...process.env, PALETTEAI_DEBUG: '', ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

/** Exit 1 and exactly one line on stderr, starting with `prefix`, with no bug text or stack. */
const expectOneLine = (r: { status: number | null; stderr: string }, prefix: string, expected: RegExp) => {
  expect(r.stderr).not.toMatch(/internal error|This is a bug|\n\s+at /);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr.startsWith(prefix)).toBe(true);
  expect(r.stderr).toMatch(expected);
  expect(r.status).toBe(1);
};

const server = (data: string, listen = '127.0.0.1:0') => run(['server', '--data', data, '--listen', listen]);

/** A loopback port nothing listens on (bound, then closed). */
const closedPort = async (): Promise<number> => {
  const s = createServer();
  await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((ok) => s.close(() => ok()));
  return port;
};

let root: string;
let running: ServerProcess;

beforeAll(async () => {
  root = await tempDir('startup-errors');
  await mkdir(join(root, 'busy'), { mode: 0o700 }); // the harness runs the server in it
  running = await startServerProcess(join(root, 'busy'));
}, 30_000);

afterAll(async () => {
  await running?.stop();
  await removeDir(root);
});

describe('paletteai server refuses to start, in one line', () => {
  it('a PostgreSQL URL from PALETTEAI_STORAGE that nothing answers: names it without its password', async () => {
    const dir = join(root, 'env-storage');
    await mkdir(dir, { mode: 0o700 });
    const port = await closedPort();
    const r = run(['server', '--data', dir, '--listen', '127.0.0.1:0'], 20_000, {
      PALETTEAI_STORAGE: `postgres://paletteai:s3cret@127.0.0.1:${port}/paletteai`,
    });
    expectOneLine(
      r,
      'paletteai server: cannot use the PostgreSQL database ',
      new RegExp(`postgres://paletteai:\\*\\*\\*@127\\.0\\.0\\.1:${port}/paletteai: connect ECONNREFUSED`),
    );
    expect(r.stderr).not.toContain('s3cret');
  });

  it('a second server on a data directory in use: exits 1 naming the holder, kubeconfig untouched', async () => {
    const before = await readFile(running.kubeconfig, 'utf8');
    const r = server(running.data);
    expectOneLine(
      r,
      'paletteai server: ',
      new RegExp(
        `in use by another paletteai server \\(pid ${running.child.pid}, listening on ${running.url}`,
      ),
    );
    expect(await readFile(running.kubeconfig, 'utf8')).toBe(before);
    expect((await running.client().request('GET', '/readyz')).status).toBe(200);
  });

  it('a zero-length paletteai.db: refuses to start with one line naming the file', async () => {
    const data = join(root, 'empty-db');
    await mkdir(data, { mode: 0o700 });
    await writeFile(join(data, 'paletteai.db'), '');
    const r = server(data);
    expectOneLine(r, 'paletteai server: ', /paletteai\.db/);
  }, 40_000);

  it('a port in use: names the address and --listen', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((ok) => blocker.listen(0, '127.0.0.1', ok));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = server(join(root, 'port'), `127.0.0.1:${port}`);
      expectOneLine(
        r,
        'paletteai server: ',
        new RegExp(`127\\.0\\.0\\.1:${port} is already in use.*--listen`),
      );
    } finally {
      await new Promise<void>((ok) => blocker.close(() => ok()));
    }
  });

  it('a port out of range: names it, and makes no data directory', async () => {
    // Node's own message came out, after the directory had been filled (CA, keys, database).
    const data = join(root, 'out-of-range');
    const r = server(data, '127.0.0.1:99999');
    expectOneLine(
      r,
      'paletteai server: ',
      /--listen port 99999 is out of range: give a port from 1 to 65535/,
    );
    expect(existsSync(data)).toBe(false);
  });

  it('an --event-ttl that is not a duration: a usage error (exit 2) naming it, no data directory', () => {
    const data = join(root, 'bad-ttl');
    const r = run(['server', '--data', data, '--listen', '127.0.0.1:0', '--event-ttl', 'soon']);
    expect(r.status).toBe(2);
    expect(r.stderr).not.toMatch(/internal error|This is a bug|\n\s+at /);
    expect(r.stderr).toContain(
      '--event-ttl: "soon" is not a duration; write it as 1h, 30m, 1h30m or 90s, or 0.',
    );
    expect(existsSync(data)).toBe(false);
  });

  it('a data directory that cannot be created or written: names it and --data', async () => {
    const file = join(root, 'a-file');
    await writeFile(file, '');
    const r = server(join(file, 'data'));
    expectOneLine(r, 'paletteai server: ', /data directory .*a-file\/data .*ENOTDIR.*--data/);
  });

  it('a tokens file that is not JSON: names the file, the place and the fix', async () => {
    const data = join(root, 'tokens-not-json');
    await mkdir(data, { mode: 0o700 });
    await writeFile(join(data, 'tokens.json'), '{"tokens": [ {"name": "a",, } ]}');
    const r = server(data);
    expectOneLine(
      r,
      'paletteai server: ',
      /tokens file .*tokens\.json is not valid JSON \(line 1, column 27: expected a property name/,
    );
    // The token CLI says the same
    expectOneLine(run(['token', 'list', '--data', data]), 'paletteai: ', /is not valid JSON/);
  });

  it('a tokens file of the wrong shape, and one naming a token twice', async () => {
    const data = join(root, 'tokens-shape');
    await mkdir(data, { mode: 0o700 });
    await writeFile(join(data, 'tokens.json'), '{"tokens": {"admin": "x"}}');
    expectOneLine(server(data), 'paletteai server: ', /must hold \{"tokens": \[\.\.\.\]\}/);
    const record = (name: string, c: string) => ({
      name,
      role: 'viewer',
      namespace: 'ns',
      sha256: c.repeat(64),
      created: '',
    });
    await writeFile(
      join(data, 'tokens.json'),
      JSON.stringify({ tokens: [record('a', 'a'), record('a', 'b')] }),
    );
    expectOneLine(server(data), 'paletteai server: ', /names token "a" twice .*remove or rename one/);
  });
});

describe('CLI errors are one line', () => {
  it('token create with a name in use', () => {
    const r = run(['token', 'create', '--data', running.data, '--name', 'admin', '--role', 'cluster-admin']);
    expectOneLine(r, 'paletteai: ', /a token named "admin" already exists; pick another name/);
  });

  it('an online command against a server that is not running', async () => {
    const port = await closedPort();
    const kubeconfig = join(root, 'closed.kubeconfig');
    await writeFile(kubeconfig, kubeconfigFor(`https://127.0.0.1:${port}`, running.ca, 'admin', 'pai_x'));
    const r = run(['get', 'profilebundles', '--kubeconfig', kubeconfig]);
    expectOneLine(
      r,
      'paletteai: ',
      new RegExp(
        `cannot reach the server at https://127\\.0\\.0\\.1:${port} \\(connection refused\\).*paletteai server`,
      ),
    );
  });
});

describe('tokens created while the server runs', () => {
  it('work without a restart, and stop working once revoked', async () => {
    const r = run([
      'token',
      'create',
      '--data',
      running.data,
      '--name',
      'late',
      '--role',
      'viewer',
      '--namespace',
      'ns',
    ]);
    expect(r.status).toBe(0);
    const token = r.stdout.trim();
    /** Polls until the answer is `expected` (a hang guard: the store answers on the next request). */
    const statusBecomes = async (expected: number) => {
      let status = 0;
      for (let i = 0; i < 40 && status !== expected; i++) {
        if (i > 0) await new Promise((ok) => setTimeout(ok, 100));
        status = (await running.client(token).request('GET', '/api/v1/namespaces/ns/secrets')).status;
      }
      return status;
    };
    // viewers may not read Secrets: 403 means the token is known, 401 that it is not
    expect(await statusBecomes(403)).toBe(403);
    expect(run(['token', 'revoke', '--data', running.data, '--name', 'late']).status).toBe(0);
    expect(await statusBecomes(401)).toBe(401);
    expectOneLine(
      run(['token', 'revoke', '--data', running.data, '--name', 'late']),
      'paletteai: ',
      /no token named "late"/,
    );
  });
});

describe('/healthz', () => {
  it('answers 503 until start-up is complete (kubeconfig written), /livez 200 throughout', async () => {
    const tls = await ensureCertificate(join(root, 'busy'), '127.0.0.1');
    let ready = false;
    const app = createApiServer({ ready: () => ready, log: () => {} } as unknown as ServerContext, tls);
    await new Promise<void>((ok) => app.listen(0, '127.0.0.1', ok));
    const url = `https://127.0.0.1:${(app.address() as { port: number }).port}`;
    const client = new ApiClient({ server: url, token: '', ca: tls.ca, namespace: 'default' });
    try {
      const statuses = async () =>
        Promise.all(
          ['/healthz', '/readyz', '/livez'].map(async (p) => (await client.request('GET', p)).status),
        );
      expect(await statuses()).toEqual([503, 503, 200]);
      ready = true;
      expect(await statuses()).toEqual([200, 200, 200]);
    } finally {
      app.closeAllConnections();
      await new Promise<void>((ok) => app.close(() => ok()));
    }
  });
});

describe('audit log', () => {
  it('a write error (audit.log on /dev/full) never kills the server; it is reported once', async () => {
    const data = join(root, 'full');
    await mkdir(data, { mode: 0o700 });
    symlinkSync('/dev/full', join(data, 'audit.log'));
    const s = await spawnServer(data);
    try {
      const { ca, token } = await readKubeconfig(join(data, 'kubeconfig'));
      const anonymous = new ApiClient({ server: s.url, token: '', ca, namespace: 'default' });
      for (let i = 0; i < 3; i++)
        expect(
          (await anonymous.request('POST', '/api/v1/namespaces', { metadata: { name: 'x' } })).status,
        ).toBe(401);
      const admin = new ApiClient({ server: s.url, token, ca, namespace: 'default' });
      expect(
        (await admin.request('POST', clusterProfilesPath('default'), clusterProfile('cp', 'default'))).status,
      ).toBe(201);
      expect((await admin.request('GET', '/readyz')).status).toBe(200);
      expect(s.child.exitCode).toBeNull();
      expect(s.stderr().match(/audit log .*cannot write \(ENOSPC/g)).toHaveLength(1);
    } finally {
      expect(await s.stop()).toBe(0);
    }
  });

  it('a malformed JSON body with a secret never reaches the answer or the audit log', async () => {
    const body =
      '{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"stringData":{"password": hunter2-TOPSECRET-LEAK8}}';
    const r = await running.client().request('POST', '/api/v1/namespaces/default/secrets', body);
    expect(r.status).toBe(400);
    expect(r.text).toMatch(/line 1, column \d+: expected a value/);
    expect(r.text).not.toContain('TOPSECRET');
    // app.ts records a refusal just after answering it (the new HTTP layer records before): wait.
    let audit = '';
    for (let i = 0; i < 50 && !audit.includes('"code":400'); i++) {
      if (i > 0) await new Promise((ok) => setTimeout(ok, 100));
      audit = await readFile(join(running.data, 'audit.log'), 'utf8');
    }
    expect(audit).toContain('"code":400');
    expect(audit).not.toContain('TOPSECRET');
  });
});
