import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, freshDatabase, HANG_MS, removeDir, stepsTimeout, tempDir } from '../e2e/serverProcess.js';
import {
  buildRenderer,
  get,
  one,
  render,
  renderOk,
  runPod,
  secretData,
  serverOf,
  type LocalPod,
  type Manifest,
} from './chart.js';

/**
 * The pod the Helm chart describes, run on this machine as the kubelet would run it (the init
 * container's script, then the server with the container's arguments and environment) on the test
 * PostgreSQL: two replicas of the chart's defaults, whose probe paths answer without a token, whose
 * serving certificates chain to the chart's CA and which both take the chart's admin token; and a
 * pod on the user's own Secrets.
 */

let bin: string;
beforeAll(async () => {
  bin = await buildRenderer();
}, stepsTimeout(1));

const rendered = (...args: string[]) => renderOk(bin, args);

/** A fresh database of the run's test PostgreSQL, for this file alone. */
describe("the chart's pod, run on this machine: two replicas on the test PostgreSQL", () => {
  let docs: Manifest[];
  const roots: string[] = [];
  const pods: LocalPod[] = [];
  beforeAll(async () => {
    docs = rendered('--set', `postgres.url=${await freshDatabase('paletteai_helm_chart')}`);
    for (const name of ['a', 'b']) {
      roots.push(await tempDir(`helm-pod-${name}`));
      // One after the other: the second finds the admin token the first imported.
      pods.push(await runPod(docs, roots.at(-1)!));
    }
  }, stepsTimeout(4));

  afterAll(async () => {
    const codes = await Promise.all(pods.map((p) => p.server.stop()));
    await Promise.all(roots.map(removeDir));
    expect(codes).toEqual([0, 0]);
  }, stepsTimeout(2));

  it("answers every probe's path without a token (the kubelet sends none), on both replicas", async () => {
    const server = serverOf(docs);
    const probes = [server.startupProbe, server.readinessProbe, server.livenessProbe];
    expect(probes.map((p) => p.httpGet.path)).toEqual(['/livez', '/readyz', '/livez']);
    for (const probe of probes) {
      expect(probe.httpGet.scheme).toBe('HTTPS');
      expect(server.ports.map((p: { name: string }) => p.name)).toContain(probe.httpGet.port);
      for (const pod of pods)
        expect(await get(pod.server.url, probe.httpGet.path)).toEqual({ status: 200, body: 'ok' });
    }
    // Not every path is public: the API itself wants a token.
    expect((await get(pods[0]!.server.url, '/api/v1/namespaces')).status).toBe(401);
  });

  it("both replicas' serving certificates chain to the chart's CA", async () => {
    const ca = secretData(one(docs, 'Secret', 'pai-paletteai-ca'))['ca.crt']!;
    for (const pod of pods) expect((await get(pod.server.url, '/readyz', { ca })).status).toBe(200);
  });

  it("the admin token of the chart's Secret works on both replicas; no server made one of its own", async () => {
    const token = secretData(one(docs, 'Secret', 'pai-paletteai-admin-token')).token!;
    const ca = secretData(one(docs, 'Secret', 'pai-paletteai-ca'))['ca.crt']!;
    for (const pod of pods) {
      const r = await get(pod.server.url, '/api/v1/namespaces', { ca, token });
      expect(r.status, r.body).toBe(200);
      expect(pod.server.stderr()).not.toContain('created an admin token');
    }
    expect(pods[0]!.initOutput).toContain('admin token staged for import');
    expect(pods[0]!.server.stderr()).toContain('imported 1 token(s)');
    // The second replica finds it in the database already, and keeps it.
    expect(pods[1]!.server.stderr()).toContain('imported 0 token(s)');
    expect(pods[1]!.server.stderr()).toContain('admin already there');
  });
  it('a token made from inside a pod as the NOTES say (straight on the database) works on both replicas', async () => {
    const notes = render(bin, [
      '--set',
      'postgres.url=postgres://u:p@db/x',
      '--set',
      'adminToken.enabled=false',
      '--notes',
    ]);
    const command =
      'paletteai token create --name "me" --role cluster-admin --data /tmp/token-cli --storage "$PALETTEAI_STORAGE"';
    expect(notes.stdout).toContain(command);
    const env = {
      ...process.env,
      PALETTEAI_STORAGE: secretData(one(docs, 'Secret', 'pai-paletteai-postgres')).url,
    };
    const r = spawnSync(
      'sh',
      [
        '-c',
        command
          .replace('paletteai', `"${process.execPath}" "${BIN}"`)
          .replace('/tmp/token-cli', join(roots[0]!, 'tmp/token-cli')),
      ],
      {
        encoding: 'utf8',
        env,
        timeout: HANG_MS,
      },
    );
    expect(r.status, r.stderr).toBe(0);
    const ca = secretData(one(docs, 'Secret', 'pai-paletteai-ca'))['ca.crt']!;
    for (const pod of pods)
      expect((await get(pod.server.url, '/api/v1/namespaces', { ca, token: r.stdout.trim() })).status).toBe(
        200,
      );
  });
});

describe("the chart's pod with the user's own Secrets (database URL, admin token, CA)", () => {
  let root: string;
  let pod: LocalPod;
  let ca: string;
  let docs: Manifest[];
  let existing: Manifest[];
  const token = `team-${'x'.repeat(40)}`;
  beforeAll(async () => {
    root = await tempDir('helm-pod-existing');
    // The CA as a user would make it: openssl, not the chart's sprig genCA.
    const made = spawnSync(
      'openssl',
      [
        ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=team-ca', '-days', '365'],
        ...['-keyout', join(root, 'ca.key'), '-out', join(root, 'ca.crt')],
        ...[
          '-addext',
          'basicConstraints=critical,CA:TRUE',
          '-addext',
          'keyUsage=critical,keyCertSign,cRLSign',
        ],
      ],
      { encoding: 'utf8' },
    );
    if (made.status !== 0)
      throw new Error(`openssl could not make a CA: ${made.error?.message ?? made.stderr}`);
    ca = await readFile(join(root, 'ca.crt'), 'utf8');
    const secret = (name: string, data: Record<string, string>): Manifest => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name },
      stringData: data,
    });
    existing = [
      secret('team-db', { connection: await freshDatabase('paletteai_helm_existing') }),
      // As `kubectl create secret generic --from-file` stores a file: with its final newline.
      secret('team-token', { token: `${token}\n` }),
      secret('team-ca', { 'ca.crt': ca, 'ca.key': await readFile(join(root, 'ca.key'), 'utf8') }),
    ];
    docs = rendered(
      ...['--set', 'postgres.existingSecret=team-db', '--set', 'postgres.existingSecretKey=connection'],
      ...['--set', 'adminToken.existingSecret=team-token', '--set', 'tls.existingSecret=team-ca'],
    );
    pod = await runPod(docs, join(root, 'pod'), existing);
  }, stepsTimeout(2));

  afterAll(async () => {
    const code = await pod?.server.stop();
    await removeDir(root);
    expect(code).toBe(0);
  }, stepsTimeout(1));

  it('serves with a certificate of that CA, and takes that token (its final newline ignored)', async () => {
    expect((await get(pod.server.url, '/readyz', { ca })).status).toBe(200);
    const r = await get(pod.server.url, '/api/v1/namespaces', { ca, token });
    expect(r.status, r.body).toBe(200);
  });

  it('a pod whose token Secret holds a short token does not start, and says why', async () => {
    const short = existing.map((s) =>
      s.metadata.name === 'team-token' ? { ...s, stringData: { token: 'admin\n' } } : s,
    );
    await expect(runPod(docs, join(root, 'short'), short)).rejects.toThrow(
      'prepare-data: the admin token Secret holds 5 characters; use a random string of 32 or more',
    );
  });
});
