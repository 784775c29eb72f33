/**
 * Two `paletteai server --storage postgres://…` processes on one database (issue #12 items 1, 2, 5):
 * a write through either reaches a watch on the other; concurrent writers on both, watched on both,
 * give every watcher the database's history exactly (the soak, ~15 s here); optimistic concurrency,
 * "delete refused while referenced" and tokens hold across them; and when the replica holding the
 * controllers' lease is killed with SIGKILL in the middle of a push, the other takes the lease over
 * within 15 s and finishes the deployment without pushing the artifact again.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runSoak } from '../../bench/soak.js';
import type { ApiClient } from '../../src/client/apiClient.js';
import { startRegistry, skopeo, type TestRegistry } from '../../src/delivery/testing/registryServer.js';
import { findEntry, loadCatalog, readEntryArchive } from '../../src/studio/catalog.js';
import { bundle, clusterProfile } from '../../src/testing/builders.js';
import {
  freshDatabase,
  createNamespaces,
  HANG_MS,
  NS,
  removeDir,
  startServerProcess,
  stepsTimeout,
  tempDir,
  type ServerProcess,
} from './serverProcess.js';

vi.setConfig({ testTimeout: stepsTimeout(6), hookTimeout: stepsTimeout(4) });

const DATABASE = 'paletteai_e2e_replicas';
const CP = `/apis/spectrocloud.com/v1alpha1/namespaces/${NS}/clusterprofiles`;
const PB = `/apis/spectrocloud.com/v1beta1/namespaces/${NS}/profilebundles`;

let root: string;
let databaseUrl: string;
let db: pg.Client;
let a: ServerProcess;
let b: ServerProcess;
let registry: TestRegistry;
let recorder: Recorder;

/**
 * A front for the test registry that records every request the replicas send it, and can hold the
 * answer to the first manifest PUT after the registry has stored it: the push is then done but its
 * pusher does not know yet (what a replica killed at that moment leaves behind).
 */
interface Recorder {
  host: string;
  /** Each answered request; `digest`: the `?digest=` that completes a blob upload. */
  requests: { method: string; path: string; digest: string | null; status: number }[];
  /** Holds the answer of the next PUT of a manifest whose tag starts with `tag`; resolves once stored. */
  holdManifestPut(tag: string): Promise<void>;
  close(): Promise<void>;
}

const startRecorder = async (upstream: string): Promise<Recorder> => {
  const requests: Recorder['requests'] = [];
  let hold: { tag: string; stored: () => void } | undefined;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://registry');
    const { pathname: path } = url;
    const digest = url.searchParams.get('digest');
    const held =
      req.method === 'PUT' && hold && path.includes(`/manifests/${hold.tag}`) ? hold.stored : undefined;
    if (held) hold = undefined;
    const forward = request(
      `http://${upstream}${req.url}`,
      { method: req.method, headers: req.headers },
      (answer) => {
        requests.push({ method: req.method!, path, digest, status: answer.statusCode ?? 0 });
        if (held) {
          answer.resume();
          held(); // stored by the registry; the pusher never hears of it
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.writeHead(502).end());
    req.pipe(forward);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    host: `127.0.0.1:${(server.address() as { port: number }).port}`,
    requests,
    holdManifestPut: (tag) => new Promise<void>((stored) => (hold = { tag, stored })),
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
};

/** Polls until `check` holds (a hang guard, not a budget). */
const until = async (check: () => Promise<boolean>, ms = HANG_MS) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
};

/** The controllers' lease as stored: who holds it. */
const leaseHolder = async (): Promise<string | undefined> => {
  const { rows } = await db.query<{ json: string }>("SELECT json FROM objects WHERE kind = 'Lease'");
  return rows[0] && (JSON.parse(rows[0].json) as { spec: { holderIdentity: string } }).spec.holderIdentity;
};

const rvOf = (r: { json: unknown }) =>
  (r.json as { metadata: { resourceVersion: string } }).metadata.resourceVersion;

beforeAll(async () => {
  root = await tempDir('replicas');
  databaseUrl = await freshDatabase(DATABASE);
  db = new pg.Client({ connectionString: databaseUrl });
  registry = await startRegistry();
  recorder = await startRecorder(registry.host);
  // The server runs in its data directory: both exist before they start.
  for (const dir of ['a', 'b']) await mkdir(join(root, dir));
  a = await startServerProcess(join(root, 'a'), ['--storage', databaseUrl]);
  await db.connect();
  // B gets A's kubeconfig (the admin token A created in the shared store); B points it at itself.
  await copyFile(a.kubeconfig, join(root, 'b', 'kubeconfig'));
  b = await startServerProcess(join(root, 'b'), ['--storage', databaseUrl]);
  await createNamespaces(a.client(), NS);
});

afterAll(async () => {
  const codes = [await b?.stop(), a?.child.exitCode === null ? await a.stop() : 0];
  await db?.end();
  await recorder?.close();
  await registry?.remove();
  await removeDir(root);
  expect(codes.filter((c) => c !== 0 && c !== null)).toEqual([]);
});

/** Opens a watch of ClusterProfiles through `api` from `rv`; collects `rv TYPE name`. */
const watchProfiles = async (api: ApiClient, rv: string) => {
  const seen: string[] = [];
  const w = await api.watch(`${CP}?watch=true&resourceVersion=${rv}`, (e) => {
    const { type, object } = e as {
      type: string;
      object: { metadata: { name: string; resourceVersion: string } };
    };
    seen.push(`${object.metadata.resourceVersion} ${type} ${object.metadata.name}`);
  });
  expect(w.status).toBe(200);
  return { seen, close: w.close };
};

describe('two replicas on one PostgreSQL', () => {
  it('serve the same data: a write on either reaches a watch on the other, in resourceVersion order', async () => {
    const start = rvOf(await a.client().request('GET', CP));
    const onB = await watchProfiles(b.client(), start);
    const onA = await watchProfiles(a.client(), start);
    try {
      const created = await a.client().request('POST', CP, clusterProfile('watched'));
      expect(created.status).toBe(201);
      const cp = created.json as { metadata: { resourceVersion: string } };
      const updated = await b.client().request('PUT', `${CP}/watched`, {
        ...clusterProfile('watched', 'Infrastructure', 'edge-native', '1.0.1'),
        metadata: { name: 'watched', namespace: NS, resourceVersion: cp.metadata.resourceVersion },
      });
      expect(updated.status).toBe(200);
      const expected = [`${cp.metadata.resourceVersion} ADDED watched`, `${rvOf(updated)} MODIFIED watched`];
      for (const w of [onA, onB]) {
        expect(await until(async () => w.seen.length >= 2)).toBe(true);
        expect(w.seen).toEqual(expected);
      }
      // Read your write through the other replica.
      expect(rvOf(await a.client().request('GET', `${CP}/watched`))).toBe(rvOf(updated));
    } finally {
      onA.close();
      onB.close();
    }
  });

  it('refuse a stale write on B after A has written (409), and let exactly one of racing writers win', async () => {
    const created = await a.client().request('POST', CP, clusterProfile('contended'));
    const rv = rvOf(created);
    const put = (s: ServerProcess, version: string, at: string) =>
      s.client().request('PUT', `${CP}/contended`, {
        ...clusterProfile('contended', 'Infrastructure', 'edge-native', version),
        metadata: { name: 'contended', namespace: NS, resourceVersion: at },
      });
    expect((await put(a, '1.0.1', rv)).status).toBe(200);
    const stale = await put(b, '1.0.2', rv);
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('the object has been modified');

    const current = rvOf(await b.client().request('GET', `${CP}/contended`));
    const racers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => put(i % 2 ? a : b, `2.0.${i}`, current)),
    );
    expect(racers.map((r) => r.status).sort()).toEqual([200, ...Array<number>(9).fill(409)]);
  });

  it('refuse to delete a profile a bundle on the other replica refers to, also when both race', async () => {
    expect((await a.client().request('POST', CP, clusterProfile('used'))).status).toBe(201);
    const uses = bundle('uses', 'Infrastructure', { clusterProfiles: ['used'] });
    expect((await b.client().request('POST', PB, uses)).status).toBe(201);
    const refused = await a.client().request('DELETE', `${CP}/used`);
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('is referenced by ProfileBundle uses');

    // A delete on A racing a referring create on B: the delete never commits after the reference.
    for (let i = 0; i < 8; i++) {
      expect((await a.client().request('POST', CP, clusterProfile(`race-${i}`))).status).toBe(201);
      const [deleted, referred] = await Promise.all([
        a.client().request('DELETE', `${CP}/race-${i}`),
        b
          .client()
          .request('POST', PB, bundle(`race-${i}`, 'Infrastructure', { clusterProfiles: [`race-${i}`] })),
      ]);
      expect([200, 409]).toContain(deleted.status);
      expect(referred.status).toBe(201); // a bundle may wait for a profile that does not exist (yet)
      // Both went through only when the delete committed first: never a delete after the reference.
      if (deleted.status === 200) expect(Number(rvOf(deleted))).toBeLessThan(Number(rvOf(referred)));
    }
  });

  it('accept on B a token created on A, and refuse it on B at the next request once A revoked it', async () => {
    const tokens = '/apis/auth.paletteai.spectrocloud.com/v1/apitokens';
    const created = await a.client().request('POST', tokens, {
      apiVersion: 'auth.paletteai.spectrocloud.com/v1',
      kind: 'APIToken',
      metadata: { name: 'roaming' },
      spec: { role: 'viewer', namespace: NS },
    });
    expect(created.status).toBe(201);
    const token = (created.json as { status: { token: string } }).status.token;
    expect((await b.client(token).request('GET', CP)).status).toBe(200);
    expect((await a.client().request('DELETE', `${tokens}/roaming`)).status).toBe(200);
    expect((await b.client(token).request('GET', CP)).status).toBe(401);
  });

  it('give every watcher on both replicas the database history exactly, under writers on both (soak)', async () => {
    const report = await runSoak({
      seconds: 15,
      replicas: [a, b].map((s, i) => ({ name: 'ab'[i]!, url: s.url, ca: s.ca, token: s.token })),
      databaseUrl,
    });
    expect(report.writeErrors).toEqual([]);
    expect(report.history.gaps).toEqual([]);
    expect(report.writes.created).toBeGreaterThan(10);
    expect(report.watchers).toHaveLength(4);
    for (const w of report.watchers)
      expect(w).toMatchObject({
        events: report.history.watched,
        missing: 0,
        duplicates: 0,
        outOfOrder: 0,
        unknown: 0,
      });
    expect(report.ok).toBe(true);
  });

  it('run the controllers once: kill -9 of the holder mid-push, the other takes over within 15 s and finishes without pushing again', async () => {
    const ns = 'replicas-deploy';
    const client = a.client();
    const api = async (method: string, path: string, body?: unknown, type = 'application/json') => {
      const r = await client.request(method, path, body, body === undefined ? {} : { 'content-type': type });
      return { status: r.status, body: r.json as any };
    };
    // A started first: it holds the lease.
    expect(await leaseHolder()).toContain(a.data);
    const catalog = await loadCatalog();
    for (const name of ['edge-gpu-infra', 'vllm-model']) {
      const archive = await readEntryArchive(findEntry(catalog, name)!);
      const r = await api(
        'POST',
        `/apis/studio.spectrocloud.com/v1/namespaces/${ns}/imports`,
        archive,
        'application/gzip',
      );
      expect(r.status).toBe(201);
    }
    const base = `/apis/spectrocloud.com/v1alpha1/namespaces/${ns}`;
    const settings = {
      apiVersion: 'spectrocloud.com/v1alpha1',
      kind: 'Settings',
      metadata: { name: 'default', namespace: ns },
      spec: {
        infrastructureProvider: 'none',
        ociRegistry: { url: `oci://${recorder.host}/paletteai`, insecure: true },
      },
    };
    expect((await api('POST', `${base}/settings`, settings)).status).toBe(201);
    const pool = {
      apiVersion: 'spectrocloud.com/v1alpha1',
      kind: 'ComputePool',
      metadata: { name: 'gpu' },
      spec: { profileBundleRef: { name: 'edge-gpu-infra' }, clusterVariant: { shared: {} } },
    };
    expect((await api('POST', `${base}/computepools`, pool)).status).toBe(201);
    expect(
      await until(
        async () => (await api('GET', `${base}/computepools/gpu`)).body.status?.phase === 'Planned',
      ),
    ).toBe(true);

    const held = recorder.holdManifestPut('chat-');
    const chat = {
      apiVersion: 'spectrocloud.com/v1alpha1',
      kind: 'AIWorkload',
      metadata: { name: 'chat', labels: { 'palette.ai/aiworkload-type': 'model' } },
      spec: {
        profileBundleRefs: [{ name: 'vllm-model' }],
        computePoolRef: { name: 'gpu' },
        model: { source: 'huggingface', id: 'Qwen/Qwen2.5-7B-Instruct' },
      },
    };
    expect((await api('POST', `${base}/aiworkloads`, chat)).status).toBe(201);
    await held; // A's push is in the registry; A has not recorded it
    const killed = Date.now();
    await a.kill9();
    expect(await until(async () => (await leaseHolder())?.includes(b.data) ?? false)).toBe(true);
    const takeover = Date.now() - killed;
    expect(takeover).toBeLessThanOrEqual(15_000);

    const onB = async (path: string) => (await b.client().request('GET', path)).json as any;
    expect(
      await until(async () => (await onB(`${base}/aiworkloads/chat`)).status?.phase === 'Delivered'),
    ).toBe(true);
    const chatNow = await onB(`${base}/aiworkloads/chat`);
    const artifact = chatNow.status.artifacts[0] as {
      workloadDeployment: string;
      digest: string;
      reference: string;
    };
    expect(artifact.reference).toContain(`${recorder.host}/paletteai/${ns}:${artifact.workloadDeployment}@`);
    // Every manifest (the pool's too) and every blob reached the registry once: B found them there.
    const stored = recorder.requests.filter((r) => r.method === 'PUT' && r.status === 201);
    const manifests = stored.filter((r) => r.path.includes('/manifests/')).map((r) => r.path);
    expect(manifests).toContain(`/v2/paletteai/${ns}/manifests/${artifact.workloadDeployment}`);
    expect(manifests.length).toBe(new Set(manifests).size);
    const blobs = stored.filter((r) => r.path.includes('/blobs/')).map((r) => r.digest);
    expect(blobs.length).toBeGreaterThan(0);
    expect(new Set(blobs).size).toBe(blobs.length);
    const inspected = skopeo([
      'inspect',
      '--raw',
      '--tls-verify=false',
      `docker://${registry.host}/paletteai/${ns}:${artifact.workloadDeployment}`,
    ]);
    const { createHash } = await import('node:crypto');
    expect(`sha256:${createHash('sha256').update(inspected).digest('hex')}`).toBe(artifact.digest);
  });
});
